"""Writes on persons, relationships and households: each in one transaction, each recorded in
the person's history (PersonEvent) and the audit log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from openaef.audit.models import AuditAction
from openaef.audit.services import audit_record
from openaef.core.errors import StaleVersion
from openaef.core.forms import normalise_phone
from openaef.core.packs import get_pack

from .identifiers import normalise_identifier
from .merging import person_merge
from .models import (
    Household,
    HouseholdMember,
    Person,
    PersonEvent,
    PersonEventKind,
    Relationship,
    RelationshipKind,
)
from .phonetics import name_fields

# What a professional may set on a person; the folded names and keys follow from them.
PERSON_FIELDS = (
    "surname_at_birth",
    "surname",
    "first_names",
    "birth_date",
    "birth_place",
    "sex",
    "nationality",
    "languages",
    "national_id_scheme",
    "national_id",
    "address",
    "postcode",
    "commune",
    "phones",
    "email",
)
NAME_FIELDS = ("surname", "first_names", "surname_at_birth")
RELATIONSHIP_FIELDS = ("kind", "kind_details", "holds_parental_authority", "is_legal_representative", "since", "until")


def _region(pack: str) -> str:
    # Numbers typed without a country prefix are taken to be the pack's country's.
    try:
        return get_pack(pack).country
    except ImproperlyConfigured:
        return "LU"


def _normalise_phones(phones: Iterable[str] | None, region: str) -> list[str]:
    result: list[str] = []
    for phone in phones or []:
        if not (phone or "").strip():
            continue
        try:
            number = normalise_phone(phone, region)
        except ValidationError as error:
            raise ValidationError({"phones": error.messages}) from None
        if number not in result:
            result.append(number)
    return result


def _prepare(person: Person, fields: dict[str, Any]) -> list[str]:
    """Applies ``fields`` to ``person`` (normalised) and returns the names of those that changed."""
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"not person fields: {sorted(unknown)}")
    before = {name: getattr(person, name) for name in PERSON_FIELDS}
    for name, value in fields.items():
        if isinstance(value, str) and name != "national_id":
            value = value.strip()
        setattr(person, name, value)
    person.nationality = (person.nationality or "").upper()
    person.email = (person.email or "").lower()
    person.phones = _normalise_phones(person.phones, _region(person.pack))
    person.national_id = normalise_identifier(person.national_id_scheme, person.national_id, birth_date=person.birth_date)
    for name, value in name_fields(
        surname=person.surname, first_names=person.first_names, surname_at_birth=person.surname_at_birth
    ).items():
        setattr(person, name, value)
    return [name for name in PERSON_FIELDS if getattr(person, name) != before[name]]


def _event(person: Person, actor: Any, kind: str, data: dict[str, Any]) -> PersonEvent:
    return PersonEvent.objects.create(person=person, actor=_user(actor), kind=kind, data=data)


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def person_create(*, actor: Any, pack: str, request: HttpRequest | None = None, **fields: Any) -> Person:
    """Records a person; identifiers are checked, phones put in international format."""
    person = Person(pack=pack, created_by=_user(actor))
    with transaction.atomic():
        _prepare(person, fields)
        person.full_clean()
        person.save()
        set_fields = sorted(name for name in PERSON_FIELDS if name in fields)
        _event(person, actor, PersonEventKind.CREATED, {"fields": set_fields})
        audit_record(actor=actor, action=AuditAction.CREATE, obj=person, fields=set_fields, request=request, persons=[person.pk])
    return person


def person_update(
    *, actor: Any, person: Person, expected_version: int, request: HttpRequest | None = None, **fields: Any
) -> Person:
    """Changes a person's details, refused with StaleVersion when someone saved since ``expected_version``.

    The row is written with ``UPDATE ... WHERE version = expected``: of two concurrent saves
    based on the same version, the database lets exactly one through.
    """
    with transaction.atomic():
        current = Person.objects.get(pk=person.pk)
        if current.merged_into_id is not None:
            raise ValidationError(_("This person was merged into another record: change that one instead."))
        if current.version != expected_version:
            raise StaleVersion()
        changed = _prepare(current, fields)
        if not changed:
            return current
        current.full_clean()
        stored = changed + list(name_fields(surname="", first_names=""))
        values = {name: getattr(current, name) for name in stored}
        now = timezone.now()
        written = Person.objects.filter(pk=current.pk, version=expected_version).update(
            **values, version=F("version") + 1, updated_at=now
        )
        if written != 1:
            raise StaleVersion()
        current.version = expected_version + 1
        current.updated_at = now
        _event(current, actor, PersonEventKind.UPDATED, {"fields": changed})
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=current, fields=changed, request=request, persons=[current.pk])
    return current


def _check_current(*persons: Person) -> None:
    for person in persons:
        if person.merged_into_id is not None:
            raise ValidationError(_("This person was merged into another record: use that one instead."))


def _check_dates(since: dt.date | None, until: dt.date | None) -> None:
    if since and until and until < since:
        raise ValidationError({"until": _("The end date must be on or after the start date.")})


def relationship_add(
    *,
    actor: Any,
    person: Person,
    relative: Person,
    kind: str,
    kind_details: str = "",
    holds_parental_authority: bool = False,
    is_legal_representative: bool = False,
    since: dt.date | None = None,
    until: dt.date | None = None,
    request: HttpRequest | None = None,
) -> Relationship:
    """Records that ``person`` is the <kind> of ``relative`` ("Anna is the mother of Tom")."""
    _check_current(person, relative)
    if person.pk == relative.pk:
        raise ValidationError(_("A person cannot be their own relative."))
    if kind not in RelationshipKind.values:
        raise ValidationError({"kind": _("Choose the relationship.")})
    _check_dates(since, until)
    with transaction.atomic():
        if Relationship.objects.filter(person=person, relative=relative, kind=kind).exists():
            raise ValidationError(_("This relationship is already recorded."))
        link = Relationship(
            person=person,
            relative=relative,
            kind=kind,
            kind_details=kind_details.strip(),
            holds_parental_authority=holds_parental_authority,
            is_legal_representative=is_legal_representative,
            since=since,
            until=until,
        )
        link.full_clean()
        link.save()
        _record_relationship(link, actor, "added", list(RELATIONSHIP_FIELDS), AuditAction.CREATE, request)
    return link


def _record_relationship(
    link: Relationship, actor: Any, what: str, fields: list[str], action: str, request: HttpRequest | None
) -> None:
    data = {"what": what, "relationship": link.pk, "relationship_kind": link.kind, "fields": fields}
    _event(link.person, actor, PersonEventKind.RELATIONSHIP, {"relative": link.relative_id, **data})
    _event(link.relative, actor, PersonEventKind.RELATIONSHIP, {"person": link.person_id, **data})
    audit_record(actor=actor, action=action, obj=link, fields=fields, request=request, persons=[link.person_id, link.relative_id])


def relative_create(
    *,
    actor: Any,
    of: Person,
    surname: str,
    first_names: str,
    birth_date: dt.date | None = None,
    is_relative_of: bool = True,
    request: HttpRequest | None = None,
    **link: Any,
) -> Relationship:
    """Records someone not yet known and links them to ``of`` in one go: the new person is
    the <kind> of ``of`` (or, with ``is_relative_of=False``, ``of`` is theirs)."""
    with transaction.atomic():
        new = person_create(
            actor=actor, pack=of.pack, surname=surname, first_names=first_names, birth_date=birth_date, request=request
        )
        person, relative = (new, of) if is_relative_of else (of, new)
        return relationship_add(actor=actor, person=person, relative=relative, request=request, **link)


def relationship_update(
    *, actor: Any, relationship: Relationship, request: HttpRequest | None = None, **fields: Any
) -> Relationship:
    """Changes the kind, details, flags or dates of a relationship."""
    unknown = set(fields) - set(RELATIONSHIP_FIELDS)
    if unknown:
        raise TypeError(f"not relationship fields: {sorted(unknown)}")
    with transaction.atomic():
        link = Relationship.objects.select_for_update().select_related("person", "relative").get(pk=relationship.pk)
        changed = [name for name, value in fields.items() if getattr(link, name) != value]
        for name in changed:
            setattr(link, name, fields[name])
        if not changed:
            return link
        _check_dates(link.since, link.until)
        if (
            "kind" in changed
            and Relationship.objects.filter(person=link.person_id, relative=link.relative_id, kind=link.kind)
            .exclude(pk=link.pk)
            .exists()
        ):
            raise ValidationError(_("This relationship is already recorded."))
        link.full_clean()
        link.save(update_fields=[*changed, "updated_at"])
        _record_relationship(link, actor, "changed", changed, AuditAction.UPDATE, request)
    return link


def relationship_end(
    *, actor: Any, relationship: Relationship, until: dt.date, request: HttpRequest | None = None
) -> Relationship:
    """Ends a relationship on ``until`` (kept for the history, never deleted)."""
    return relationship_update(actor=actor, relationship=relationship, until=until, request=request)


def household_create(
    *,
    actor: Any,
    pack: str,
    name: str = "",
    address: str = "",
    postcode: str = "",
    commune: Any = None,
    members: Iterable[Person] = (),
    since: dt.date | None = None,
    request: HttpRequest | None = None,
) -> Household:
    """A household, with its first members."""
    with transaction.atomic():
        household = Household(pack=pack, name=name.strip(), address=address.strip(), postcode=postcode.strip(), commune=commune)
        household.full_clean()
        household.save()
        audit_record(actor=actor, action=AuditAction.CREATE, obj=household, fields=["name", "address"], request=request)
        for person in members:
            household_member_add(actor=actor, household=household, person=person, since=since, request=request)
    return household


def household_member_add(
    *, actor: Any, household: Household, person: Person, since: dt.date | None = None, request: HttpRequest | None = None
) -> HouseholdMember:
    _check_current(person)
    with transaction.atomic():
        if HouseholdMember.objects.filter(household=household, person=person).exists():
            raise ValidationError(_("This person is already a member of the household."))
        member = HouseholdMember(household=household, person=person, since=since)
        member.full_clean()
        member.save()
        _event(person, actor, PersonEventKind.HOUSEHOLD, {"what": "joined", "household": household.pk})
        audit_record(actor=actor, action=AuditAction.CREATE, obj=member, request=request, persons=[person.pk])
    return member


def household_member_end(
    *, actor: Any, member: HouseholdMember, until: dt.date, request: HttpRequest | None = None
) -> HouseholdMember:
    """The person left the household on ``until`` (kept for the history)."""
    with transaction.atomic():
        member = HouseholdMember.objects.select_for_update().get(pk=member.pk)
        _check_dates(member.since, until)
        member.until = until
        member.save(update_fields=["until"])
        _event(member.person, actor, PersonEventKind.HOUSEHOLD, {"what": "left", "household": member.household_id})
        audit_record(
            actor=actor, action=AuditAction.UPDATE, obj=member, fields=["until"], request=request, persons=[member.person_id]
        )
    return member


__all__ = [
    "PERSON_FIELDS",
    "household_create",
    "household_member_add",
    "household_member_end",
    "person_create",
    "person_merge",
    "person_update",
    "relationship_add",
    "relationship_end",
    "relative_create",
    "relationship_update",
]
