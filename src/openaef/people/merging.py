"""Merging two records of the same person.

Every link to the duplicate is moved onto the kept record, whatever app declared it: the
links are found through ``Person._meta.related_objects`` (case participants, case children,
relationships, household memberships, the person's history, and whatever later apps add),
so a new app never has to remember to take part. The duplicate is kept, marked as merged,
so that the audit log and old references still read; its page leads to the kept record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils.translation import gettext as _

from openaef.audit.models import AuditAction
from openaef.audit.services import audit_record
from openaef.core.errors import StaleVersion

from .models import Person, PersonEvent, PersonEventKind, Sex
from .phonetics import name_fields

# Filled on the kept record from the duplicate when blank there.
FILLABLE = (
    "surname_at_birth",
    "birth_date",
    "birth_place",
    "nationality",
    "address",
    "postcode",
    "commune",
    "email",
)
UNION = ("phones", "languages")
_BLANK: tuple[Any, ...] = (None, "", [], {})


@dataclass
class MergeReport:
    moved: dict[str, int] = field(default_factory=dict)
    dropped: list[dict[str, Any]] = field(default_factory=list)
    filled: list[str] = field(default_factory=list)


def person_links() -> Iterator[tuple[type[models.Model], models.ForeignKey[Any, Any]]]:
    """Every (model, foreign key) that points at a person, the merged_into link included."""
    seen: set[tuple[str, str]] = set()
    for rel in Person._meta.related_objects:
        if rel.many_to_many:
            through = rel.through  # type: ignore[attr-defined]
            candidates = [f for f in through._meta.fields if f.is_relation and f.related_model is Person]
            pairs = [(through, f) for f in candidates]
        else:
            pairs = [(rel.related_model, rel.field)]
        for model, fk in pairs:
            key = (model._meta.label_lower, fk.name)
            if key not in seen:
                seen.add(key)
                yield model, fk  # type: ignore[misc]


def _unique_sets(model: type[models.Model], fk: models.Field[Any, Any]) -> list[tuple[list[str], Any]]:
    """The unique field sets of ``model`` that include ``fk``, with their condition if any."""
    sets: list[tuple[list[str], Any]] = []
    if fk.unique:
        sets.append(([fk.name], None))
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and fk.name in (constraint.fields or ()):
            sets.append((list(constraint.fields), constraint.condition))
    for together in model._meta.unique_together:
        if fk.name in together:
            sets.append((list(together), None))
    return sets


def _twin(model: type[models.Model], fk: models.Field[Any, Any], row: models.Model, keep: Person) -> models.Model | None:
    """The kept person's row that ``row`` would collide with once repointed, if any."""
    manager = model._base_manager
    for fields, condition in _unique_sets(model, fk):
        if condition is not None and not manager.filter(condition, pk=row.pk).exists():
            continue
        attnames = [getattr(model._meta.get_field(name), "attname", name) for name in fields]
        lookup = {attname: getattr(row, attname) for attname in attnames}
        lookup[fk.attname] = keep.pk
        twins = manager.filter(**lookup).exclude(pk=row.pk)
        if condition is not None:
            twins = twins.filter(condition)
        twin = twins.first()
        if twin is not None:
            return twin
    return None


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _snapshot(row: models.Model) -> dict[str, Any]:
    return {
        "model": row._meta.label_lower,
        "id": row.pk,
        "values": {f.attname: _plain(getattr(row, f.attname)) for f in row._meta.concrete_fields if not f.primary_key},
    }


def _absorb(twin: models.Model, row: models.Model) -> None:
    """What the dropped row knew and the surviving one did not (a flag, a date, a note) is kept."""
    changed = []
    for f in twin._meta.concrete_fields:
        if f.primary_key or f.is_relation or getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            continue
        mine, theirs = getattr(twin, f.attname), getattr(row, f.attname)
        if (mine in _BLANK or mine is False) and theirs not in _BLANK and theirs is not False:
            setattr(twin, f.attname, theirs)
            changed.append(f.attname)
    if changed:
        twin.save(update_fields=changed)


def _repoint(model: type[models.Model], fk: models.Field[Any, Any], keep: Person, duplicate: Person, report: MergeReport) -> None:
    manager = model._base_manager
    other_fks = [f for f in model._meta.concrete_fields if f.is_relation and f.related_model is Person and f.name != fk.name]
    moving: list[Any] = []
    for row in manager.filter(**{fk.attname: duplicate.pk}).order_by("pk"):
        if model is Person and row.pk == keep.pk:
            continue
        # A link between the two records of one person means nothing once they are one.
        self_link = any(getattr(row, f.attname) == keep.pk for f in other_fks)
        twin = None if self_link else _twin(model, fk, row, keep)
        if self_link or twin is not None:
            if twin is not None:
                _absorb(twin, row)
            report.dropped.append(_snapshot(row))
            row.delete()
        else:
            moving.append(row.pk)
    if moving:
        values: dict[str, Any] = {fk.attname: keep.pk}
        if any(f.name == "version" for f in model._meta.concrete_fields):
            values["version"] = F("version") + 1
        manager.filter(pk__in=moving).update(**values)
        report.moved[f"{model._meta.label_lower}.{fk.name}"] = len(moving)


def _fill(keep: Person, duplicate: Person) -> list[str]:
    filled = []
    for name in FILLABLE:
        if getattr(keep, name) in _BLANK and getattr(duplicate, name) not in _BLANK:
            setattr(keep, name, getattr(duplicate, name))
            filled.append(name)
    if keep.sex == Sex.UNKNOWN and duplicate.sex != Sex.UNKNOWN:
        keep.sex = duplicate.sex
        filled.append("sex")
    if not keep.national_id and duplicate.national_id:
        keep.national_id_scheme, keep.national_id = duplicate.national_id_scheme, duplicate.national_id
        filled += ["national_id_scheme", "national_id"]
    for name in UNION:
        merged = list(dict.fromkeys([*getattr(keep, name), *getattr(duplicate, name)]))
        if merged != getattr(keep, name):
            setattr(keep, name, merged)
            filled.append(name)
    return filled


def _locked_pair(keep: Person, duplicate: Person) -> tuple[Person, Person]:
    # Locked in id order, so that two merges of the same pair cannot deadlock.
    rows = {p.pk: p for p in Person.objects.select_for_update().filter(pk__in=[keep.pk, duplicate.pk]).order_by("pk")}
    return rows[keep.pk], rows[duplicate.pk]


def _check(keep: Person, duplicate: Person, reason: str, versions: tuple[int | None, int | None]) -> None:
    if keep.pk == duplicate.pk:
        raise ValidationError(_("Choose two different records."))
    if keep.merged_into_id is not None or duplicate.merged_into_id is not None:
        raise ValidationError(_("One of these records was already merged into another."))
    if keep.pack != duplicate.pack:
        raise ValidationError(_("These records belong to different jurisdictions."))
    if not reason:
        raise ValidationError({"reason": _("Explain why these two records are the same person.")})
    for person, expected in zip((keep, duplicate), versions, strict=True):
        if expected is not None and person.version != expected:
            raise StaleVersion()


def person_merge(
    *,
    actor: Any,
    keep: Person,
    duplicate: Person,
    reason: str,
    keep_version: int | None = None,
    duplicate_version: int | None = None,
    request: HttpRequest | None = None,
) -> MergeReport:
    """Moves every link of ``duplicate`` onto ``keep`` and marks ``duplicate`` as merged into it."""
    reason = (reason or "").strip()
    with transaction.atomic():
        keep, duplicate = _locked_pair(keep, duplicate)
        _check(keep, duplicate, reason, (keep_version, duplicate_version))
        report = MergeReport()
        for model, fk in person_links():
            _repoint(model, fk, keep, duplicate, report)
        report.filled = _fill(keep, duplicate)
        for name, value in name_fields(
            surname=keep.surname, first_names=keep.first_names, surname_at_birth=keep.surname_at_birth
        ).items():
            setattr(keep, name, value)
        keep.version += 1
        keep.save(update_fields=[*report.filled, *name_fields(surname="", first_names=""), "version", "updated_at"])
        duplicate.merged_into = keep
        duplicate.version += 1
        duplicate.save(update_fields=["merged_into", "version", "updated_at"])
        user = actor if getattr(actor, "is_authenticated", False) else None
        data = {"reason": reason, "moved": report.moved, "dropped": report.dropped, "filled": report.filled}
        PersonEvent.objects.create(person=keep, actor=user, kind=PersonEventKind.MERGED, data={"duplicate": duplicate.pk, **data})
        PersonEvent.objects.create(person=duplicate, actor=user, kind=PersonEventKind.MERGED, data={"into": keep.pk, **data})
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=duplicate,
            fields=["merged_into", *report.filled],
            request=request,
            reason=reason,
            persons=[keep.pk, duplicate.pk],
        )
    return report


__all__ = ["MergeReport", "person_links", "person_merge"]
