"""Writing contribution assessments: a draft computed at once from the household's monthly
incomes and expenses, checked and then decided by a finance officer (its amounts and their
computation frozen), discarded, or reassessed when the income changes (a new draft whose
``previous`` is the decided one, superseded when the new one is decided).

Rules: a contribution is monthly, so it applies from the first day of a month, never before the
month the measure started; the payer is one of the case's parents or legal representatives;
each line is a category of the pack with a monthly amount (a Decimal >= 0, at most two places);
the provider's tariff in force caps it. One open draft per measure at a time: submitting the
same draft twice gives the same record. Each write: one transaction, a version check, the audit
entry last (naming the child and the payer).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from openaef.audit.models import AuditAction
from openaef.audit.services import audit_record
from openaef.cases.models import CaseEventKind
from openaef.cases.timeline import case_event_record
from openaef.consents.selectors import parent_candidates
from openaef.core.errors import StaleVersion, TransitionNotAllowed
from openaef.core.parameters import Computation, parameters_at
from openaef.measures.models import Measure
from openaef.people.models import Person

from . import assessments_pack as pack_rules
from .models import Assessment, AssessmentItem, ItemKind
from .states import ASSESSMENT_MACHINE, AssessmentStatus

Item = tuple[str, str, str, Decimal]
MAX_CHILDREN = 30


class AmountChanged(ValidationError):
    """A parameter or a tariff changed since the draft was computed: it was recomputed and
    saved, and must be checked again before it is decided."""


def _require_finance(actor: Any) -> None:
    if not actor.has_perm("finance.change_finance"):
        raise PermissionDenied


def _locked_measure(measure: Measure) -> Measure:
    # The measure's row serialises every write on its assessments (one draft, one decided).
    locked = Measure.objects.select_for_update(of=("self",)).select_related("case", "measure_type").get(pk=measure.pk)
    return locked


def _locked(assessment: Assessment, expected_version: int) -> Assessment:
    current = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("measure", "measure__case", "measure__measure_type")
        .get(pk=assessment.pk)
    )
    if current.version != expected_version:
        raise StaleVersion
    return current


def _check_move(current: str, target: str, reason: str = "") -> None:
    if not ASSESSMENT_MACHINE.can_transition(current, target):
        raise TransitionNotAllowed(current, target)
    if ASSESSMENT_MACHINE.needs(current, target)["reason"] and not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason.")})


# Checks ------------------------------------------------------------------------------------------


def first_day_rule(measure: Measure, effective_from: dt.date | None, earliest: dt.date | None = None) -> str:
    """The message for a wrong start date, '' when it is right."""
    if effective_from is None:
        return _("Enter the date the contribution applies from.")
    if effective_from.day != 1:
        return _("A contribution is monthly: it applies from the first day of a month, like 1 %(month)s.") % {
            "month": date_format(effective_from.replace(day=1), "YEAR_MONTH_FORMAT")
        }
    if measure.started_on and effective_from < measure.started_on.replace(day=1):
        return _("The measure started in %(month)s: the contribution cannot apply before that month.") % {
            "month": date_format(measure.started_on, "YEAR_MONTH_FORMAT")
        }
    if earliest and effective_from < earliest:
        return _("A reassessment applies from %(day)s or later (the date of the contribution it replaces).") % {
            "day": date_format(earliest, "DATE_FORMAT")
        }
    return ""


def _clean_items(pack: str, on: dt.date, items: Iterable[Any], errors: dict[str, list[str]]) -> list[Item]:
    P = parameters_at(pack, on)
    allowed = {kind: set(pack_rules.categories(P, kind)) for kind in ItemKind.values}
    clean: list[Item] = []
    for number, (kind, category, label, monthly) in enumerate(items, start=1):
        amount = pack_rules.parse_amount(monthly)
        if kind not in allowed or category not in allowed[kind]:
            errors.setdefault("items", []).append(_("Line %(n)s: choose one of the categories offered.") % {"n": number})
        elif amount is None:
            errors.setdefault("items", []).append(
                _("Line %(n)s: enter a monthly amount of 0 or more, with at most 2 decimal places.") % {"n": number}
            )
        elif len(label or "") > 200:
            errors.setdefault("items", []).append(_("Line %(n)s: the description is too long.") % {"n": number})
        else:
            clean.append((kind, category, (label or "").strip(), amount))
    return clean


def _validated(
    *,
    measure: Measure,
    payer: Person | None,
    effective_from: dt.date | None,
    dependent_children: Any,
    items: Iterable[Any],
    earliest: dt.date | None = None,
) -> list[Item]:
    errors: dict[str, list[str]] = {}
    if payer is None or payer.pk not in {p.pk for p in parent_candidates(measure.case)}:
        errors["payer"] = [_("Choose one of the child's parents or legal representatives.")]
    problem = first_day_rule(measure, effective_from, earliest)
    if problem:
        errors["effective_from"] = [problem]
    if (
        not isinstance(dependent_children, int)
        or isinstance(dependent_children, bool)
        or not 0 <= dependent_children <= MAX_CHILDREN
    ):
        errors["dependent_children"] = [_("Enter the number of children still dependent on the parents, 0 or more.")]
    clean = _clean_items(measure.case.pack, effective_from or timezone.localdate(), items, errors)
    if errors:
        raise ValidationError(errors)
    return clean


# Computing ---------------------------------------------------------------------------------------


def _apply(assessment: Assessment, measure: Measure, items: list[Item]) -> Computation:
    result, stored = pack_rules.compute(
        measure=measure,
        effective_from=assessment.effective_from,
        dependent_children=assessment.dependent_children,
        items=items,
        extra=assessment.situation,
    )
    assessment.monthly_amount = result.amounts.get("monthly")
    assessment.daily_amount = result.amounts.get("daily")
    assessment.hourly_amount = result.amounts.get("hourly")
    assessment.method = result.method[:20]
    assessment.computation = stored
    assessment.parameters_on = assessment.effective_from
    return result


def _replace_items(assessment: Assessment, items: list[Item]) -> None:
    assessment.items.all().delete()
    AssessmentItem.objects.bulk_create(
        AssessmentItem(assessment=assessment, kind=k, category=c, label=label, monthly=m) for k, c, label, m in items
    )


def _item_key(items: Iterable[Item]) -> list[tuple[str, str, str, Decimal]]:
    return sorted((k, c, label, Decimal(m)) for k, c, label, m in items)


def _same_draft(draft: Assessment, actor: Any, values: dict[str, Any], items: list[Item]) -> bool:
    """A second submission of the same form (double click, back and resubmit)."""
    stored = [(i.kind, i.category, i.label, i.monthly) for i in draft.items.all()]
    return (
        draft.created_by_id == actor.pk
        and draft.payer_id == values["payer"].pk
        and draft.effective_from == values["effective_from"]
        and draft.dependent_children == values["dependent_children"]
        and draft.situation == values["situation"]
        and draft.previous_id == values.get("previous_id")
        and _item_key(stored) == _item_key(items)
    )


def _persons(assessment: Assessment) -> list[int]:
    return [assessment.case.child_id, assessment.payer_id]


def _new_draft(
    *, actor: Any, measure: Measure, values: dict[str, Any], items: list[Item], http_request: HttpRequest | None
) -> Assessment:
    """The draft, or the one the same submission already made; any other open draft is refused."""
    drafts = list(Assessment.objects.filter(measure=measure, status=AssessmentStatus.DRAFT))
    for draft in drafts:
        if _same_draft(draft, actor, values, items):
            return draft
    if drafts:
        raise ValidationError(_("This measure already has a draft assessment: change it or discard it first."))
    assessment = Assessment(
        case=measure.case,
        measure=measure,
        pack=measure.case.pack,
        status=AssessmentStatus.DRAFT,
        created_by=actor,
        payer=values["payer"],
        effective_from=values["effective_from"],
        dependent_children=values["dependent_children"],
        situation=values["situation"],
        reason=values["reason"],
        previous_id=values.get("previous_id"),
    )
    _apply(assessment, measure, items)
    assessment.save()
    _replace_items(assessment, items)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=assessment, request=http_request, persons=_persons(assessment))
    return assessment


# Services ----------------------------------------------------------------------------------------


def assessment_create(
    *,
    actor: Any,
    measure: Measure,
    payer: Person | None,
    effective_from: dt.date | None,
    dependent_children: int,
    items: Iterable[Any] = (),
    situation: dict[str, Any] | None = None,
    reason: str = "",
    http_request: HttpRequest | None = None,
) -> Assessment:
    """A draft for ``measure``, computed at once (a measure with a decided one is reassessed instead)."""
    _require_finance(actor)
    with transaction.atomic():
        measure = _locked_measure(measure)
        clean = _validated(
            measure=measure, payer=payer, effective_from=effective_from, dependent_children=dependent_children, items=items
        )
        if Assessment.objects.filter(measure=measure, status=AssessmentStatus.DECIDED).exists():
            raise ValidationError(_("This measure already has a decided contribution: reassess it instead."))
        values = {
            "payer": payer,
            "effective_from": effective_from,
            "dependent_children": dependent_children,
            "situation": dict(situation or {}),
            "reason": (reason or "").strip(),
        }
        return _new_draft(actor=actor, measure=measure, values=values, items=clean, http_request=http_request)


def assessment_update(
    *,
    actor: Any,
    assessment: Assessment,
    expected_version: int,
    payer: Person | None,
    effective_from: dt.date | None,
    dependent_children: int,
    items: Iterable[Any],
    situation: dict[str, Any] | None = None,
    reason: str | None = None,
    http_request: HttpRequest | None = None,
) -> Assessment:
    """A draft changed and computed again."""
    _require_finance(actor)
    with transaction.atomic():
        current = _locked(assessment, expected_version)
        if current.status != AssessmentStatus.DRAFT:
            raise TransitionNotAllowed(current.status, AssessmentStatus.DRAFT)
        earliest = (
            Assessment.objects.filter(pk=current.previous_id).values_list("effective_from", flat=True).first()
            if current.previous_id
            else None
        )
        clean = _validated(
            measure=current.measure,
            payer=payer,
            effective_from=effective_from,
            dependent_children=dependent_children,
            items=items,
            earliest=earliest,
        )
        if reason is not None:
            if current.previous_id and not reason.strip():
                raise ValidationError({"reason": _("Say why the contribution is reassessed.")})
            current.reason = reason.strip()
        current.payer = payer  # type: ignore[assignment]
        current.effective_from = effective_from  # type: ignore[assignment]
        current.dependent_children = dependent_children
        current.situation = dict(situation if situation is not None else current.situation)
        _apply(current, current.measure, clean)
        current.version += 1
        current.save()
        _replace_items(current, clean)
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=current, request=http_request, persons=_persons(current))
    return current


def _current_items(assessment: Assessment) -> list[Item]:
    return [(i.kind, i.category, i.label, i.monthly) for i in assessment.items.all()]


def _amounts(assessment: Assessment) -> tuple[Any, ...]:
    return (assessment.monthly_amount, assessment.daily_amount, assessment.hourly_amount, assessment.method)


def assessment_decide(
    *, actor: Any, assessment: Assessment, expected_version: int, http_request: HttpRequest | None = None
) -> Assessment:
    """Freeze the draft's amounts and computation; the contribution it replaces is superseded.

    The amounts are computed once more: when a parameter or a tariff changed since the draft
    was checked, the draft is saved with the new figures and ``AmountChanged`` is raised so
    that nobody decides an amount they have not seen. A "none" result is decided too: it
    records that the family pays nothing for this measure.
    """
    _require_finance(actor)
    changed = False
    with transaction.atomic():
        current = _locked(assessment, expected_version)
        _check_move(current.status, AssessmentStatus.DECIDED)
        before = _amounts(current)
        result = _apply(current, current.measure, _current_items(current))
        if _amounts(current) != before:
            changed = True
            current.version += 1
            current.save()
            audit_record(actor=actor, action=AuditAction.UPDATE, obj=current, request=http_request, persons=_persons(current))
        else:
            _decide(actor=actor, current=current, result=result, http_request=http_request)
    if changed:
        raise AmountChanged(
            _(
                "The figures changed since this draft was computed (a parameter or a tariff changed). Check the new amount, then decide."
            )
        )
    return current


def _decide(*, actor: Any, current: Assessment, result: Computation, http_request: HttpRequest | None) -> None:
    if not pack_rules.is_none_method(result.method) and all(v is None for v in result.amounts.values()):
        raise ValidationError(_("The contribution cannot be computed at this date (see the computation): it cannot be decided."))
    if any(v is not None and v < 0 for v in result.amounts.values()):
        raise ValidationError(_("A contribution cannot be negative."))
    in_force = Assessment.objects.select_for_update(of=("self",)).filter(measure=current.measure, status=AssessmentStatus.DECIDED)
    previous = None
    for other in in_force:
        if other.pk != current.previous_id:
            raise ValidationError(_("Another contribution was decided for this measure meanwhile: reassess that one."))
        previous = other
    if previous is not None:
        _check_move(previous.status, AssessmentStatus.SUPERSEDED, current.reason)
        previous.status = AssessmentStatus.SUPERSEDED
        previous.version += 1
        previous.save(update_fields=["status", "version", "updated_at"])
    current.status = AssessmentStatus.DECIDED
    current.decided_at = timezone.now()
    current.decided_by = actor
    current.version += 1
    current.save()
    # The case's timeline says a contribution was decided (the amounts stay on the finance pages).
    case_event_record(
        case=current.case,
        actor=actor,
        kind=CaseEventKind.CONTRIBUTION,
        summary=current.measure.measure_type.code,
        data={
            "from": AssessmentStatus.DRAFT,
            "to": AssessmentStatus.DECIDED,
            "assessment": current.pk,
            "measure": current.measure_id,
            "effective_from": current.effective_from.isoformat(),
            **({"replaces": previous.pk, "reason": current.reason} if previous is not None else {}),
        },
    )
    if previous is not None:
        audit_record(
            actor=actor,
            action=AuditAction.TRANSITION,
            obj=previous,
            fields=["status"],
            request=http_request,
            persons=_persons(previous),
            reason=current.reason[:500],
        )
    audit_record(
        actor=actor,
        action=AuditAction.TRANSITION,
        obj=current,
        fields=["status"],
        request=http_request,
        persons=_persons(current),
    )


def assessment_discard(
    *, actor: Any, assessment: Assessment, expected_version: int, reason: str = "", http_request: HttpRequest | None = None
) -> Assessment:
    """A draft dropped. It no longer holds the place of a reassessment of the one it replaced
    (``previous`` is cleared: that contribution stays in force and can be reassessed again)."""
    _require_finance(actor)
    with transaction.atomic():
        current = _locked(assessment, expected_version)
        _check_move(current.status, AssessmentStatus.DISCARDED, reason)
        current.status = AssessmentStatus.DISCARDED
        current.previous = None
        if reason.strip():
            current.reason = f"{current.reason}\n{reason.strip()}".strip()
        current.version += 1
        current.save()
        audit_record(
            actor=actor,
            action=AuditAction.TRANSITION,
            obj=current,
            fields=["status"],
            request=http_request,
            persons=_persons(current),
            reason=reason[:500],
        )
    return current


def assessment_reassess(
    *,
    actor: Any,
    assessment: Assessment,
    effective_from: dt.date | None,
    reason: str,
    payer: Person | None = None,
    dependent_children: int | None = None,
    items: Iterable[Any] | None = None,
    situation: dict[str, Any] | None = None,
    http_request: HttpRequest | None = None,
) -> Assessment:
    """A new draft replacing the decided ``assessment`` from ``effective_from`` (the income
    changed): its lines are copied unless new ones are given; the reason is required."""
    _require_finance(actor)
    with transaction.atomic():
        measure = _locked_measure(assessment.measure)
        decided = Assessment.objects.select_related("payer").get(pk=assessment.pk)
        if decided.status != AssessmentStatus.DECIDED:
            raise TransitionNotAllowed(decided.status, AssessmentStatus.SUPERSEDED)
        if not (reason or "").strip():
            raise ValidationError({"reason": _("Say why the contribution is reassessed.")})
        payer = payer or decided.payer
        children = decided.dependent_children if dependent_children is None else dependent_children
        source = list(items) if items is not None else _current_items(decided)
        clean = _validated(
            measure=measure,
            payer=payer,
            effective_from=effective_from,
            dependent_children=children,
            items=source,
            earliest=decided.effective_from,
        )
        values = {
            "payer": payer,
            "effective_from": effective_from,
            "dependent_children": children,
            "situation": dict(situation if situation is not None else decided.situation),
            "reason": reason.strip(),
            "previous_id": decided.pk,
        }
        return _new_draft(actor=actor, measure=measure, values=values, items=clean, http_request=http_request)
