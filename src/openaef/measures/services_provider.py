"""The provider's writes: answering referrals, capacity, reports and activity.

Each runs in one transaction, checks the state tables of ``measures.states`` and the record's
version, records one measure event, one line on the case's timeline (for the agency) and one
audit entry, last. Who may write is checked here too (``PermissionDenied``): a service called
from a task or a command must not be a way around the rules.
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Model
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from openaef.audit.models import AuditAction
from openaef.audit.services import audit_record
from openaef.cases.models import CaseEventKind
from openaef.cases.timeline import case_event_record
from openaef.core.errors import StaleVersion, TransitionNotAllowed
from openaef.directory.models import Service, ServiceLocation
from openaef.notifications.models import NotificationKind
from openaef.notifications.services import notify

from . import (
    guards,
    rules_provider,  # noqa: F401  registers the provider's permissions
)
from .events import measure_event_record
from .models import ActivityRecord, Measure, MeasureEventKind, ProviderReport, Referral, ServiceCapacity
from .selectors import waiting_position
from .selectors_provider import provider_ids_of
from .states import (
    MEASURE_MACHINE,
    REFERRAL_MACHINE,
    REPORT_EDITABLE,
    REPORT_MACHINE,
    RUNNING_STATES,
    MeasureStatus,
    ReferralStatus,
    ReportKind,
    ReportStatus,
)

__all__ = [
    "activity_record",
    "capacity_save",
    "referral_accept",
    "referral_decline",
    "referral_waitlist",
    "report_save_draft",
    "report_submit",
]

# More than a full-time post for a whole month is a typing mistake, not a delivery.
MAX_HOURS_PER_DAY = 24


def _require_provider(actor: Any, provider_id: int | None) -> None:
    if provider_id is None or provider_id not in provider_ids_of(actor):
        raise PermissionDenied


def _measure_url(measure: Measure) -> str:
    """The agency's page of the measure (built by the agency side; empty until it exists)."""
    try:
        return reverse("backoffice:measure_detail", args=[measure.case_id, measure.pk])
    except NoReverseMatch:
        return ""


def _bump(model: type[Model], pk: int, expected_version: int | None, values: dict[str, Any]) -> None:
    """UPDATE ... WHERE version = expected: a change based on an older read is refused."""
    qs = model.objects.filter(pk=pk)  # type: ignore[attr-defined]
    if expected_version is not None:
        qs = qs.filter(version=expected_version)
    if qs.update(version=F("version") + 1, updated_at=timezone.now(), **values) != 1:
        raise StaleVersion


def _locked_referral(referral: Referral, expected_version: int) -> tuple[Referral, Measure]:
    current = Referral.objects.select_for_update().get(pk=referral.pk)
    if current.version != expected_version:
        raise StaleVersion
    measure = Measure.objects.select_for_update().select_related("case", "measure_type").get(pk=current.measure_id)
    return current, measure


def _move(
    *,
    actor: Any,
    referral: Referral,
    measure: Measure,
    referral_to: str,
    measure_to: str,
    referral_values: dict[str, Any],
    measure_values: dict[str, Any],
    event: str,
    reason: str = "",
    on: dt.date | None = None,
) -> None:
    if not REFERRAL_MACHINE.can_transition(referral.status, referral_to):
        raise TransitionNotAllowed(referral.status, referral_to)
    if not MEASURE_MACHINE.can_transition(measure.status, measure_to):
        raise TransitionNotAllowed(measure.status, measure_to)
    now = timezone.now()
    _bump(
        Referral,
        referral.pk,
        referral.version,
        {"status": referral_to, "answered_at": now, "answered_by": actor, **referral_values},
    )
    _bump(Measure, measure.pk, None, {"status": measure_to, **measure_values})
    measure_event_record(measure=measure, actor=actor, kind=event, on=on, reason=reason)
    case_event_record(
        case=measure.case,
        actor=actor,
        kind=CaseEventKind.MEASURE,
        summary=measure.measure_type.code,
        data={"from": measure.status, "to": measure_to, "reason": reason},
    )


def _placed(referral: Referral) -> dict[str, Any]:
    return {"service_id": referral.service_id, "location_id": referral.location_id, "provider_id": referral.provider_id}


def _audit(
    actor: Any, obj: Model, measure: Measure, http_request: HttpRequest | None, fields: list[str], reason: str = ""
) -> None:
    audit_record(
        actor=actor,
        action=AuditAction.TRANSITION,
        obj=obj,
        fields=fields,
        request=http_request,
        persons=[measure.case.child_id],
        reason=reason,
    )


def referral_accept(
    *,
    actor: Any,
    referral: Referral,
    expected_version: int,
    expected_start: dt.date | None = None,
    http_request: HttpRequest | None = None,
) -> Referral:
    """The provider takes the child (from a new referral or from its waiting list)."""
    _require_provider(actor, referral.provider_id)
    if expected_start is not None and expected_start < timezone.localdate() - dt.timedelta(days=31):
        raise ValidationError({"expected_start": _("The expected start cannot be more than a month ago.")})
    with transaction.atomic():
        current, measure = _locked_referral(referral, expected_version)
        _move(
            actor=actor,
            referral=current,
            measure=measure,
            referral_to=ReferralStatus.ACCEPTED,
            measure_to=MeasureStatus.ACCEPTED,
            referral_values={"expected_start": expected_start},
            measure_values=_placed(current),
            event=MeasureEventKind.ACCEPTED,
            on=expected_start,
        )
        params: dict[str, Any] = {"reference": measure.case.reference}
        if expected_start:
            params["expected_start"] = expected_start.isoformat()
        notify(
            users=[measure.case.coordinator], kind=NotificationKind.REFERRAL_ACCEPTED, url=_measure_url(measure), params=params
        )
        _audit(actor, current, measure, http_request, ["status", "expected_start"])
    return Referral.objects.get(pk=referral.pk)


def referral_waitlist(
    *, actor: Any, referral: Referral, expected_version: int, http_request: HttpRequest | None = None
) -> tuple[Referral, int]:
    """The provider puts the child on the waiting list of the service and site; returns the position."""
    _require_provider(actor, referral.provider_id)
    with transaction.atomic():
        current, measure = _locked_referral(referral, expected_version)
        _move(
            actor=actor,
            referral=current,
            measure=measure,
            referral_to=ReferralStatus.WAITING,
            measure_to=MeasureStatus.WAITING,
            referral_values={"waiting_since": timezone.now()},
            measure_values=_placed(current),
            event=MeasureEventKind.WAITING,
        )
        updated = Referral.objects.get(pk=referral.pk)
        position = waiting_position(updated)
        notify(
            users=[measure.case.coordinator],
            kind=NotificationKind.REFERRAL_WAITING,
            url=_measure_url(measure),
            params={"reference": measure.case.reference, "position": position},
        )
        _audit(actor, current, measure, http_request, ["status", "waiting_since"])
    return updated, position


def referral_decline(
    *, actor: Any, referral: Referral, expected_version: int, reason: str, http_request: HttpRequest | None = None
) -> Referral:
    """The provider declines, saying why; the measure is planned again so that the coordinator
    can refer it elsewhere."""
    _require_provider(actor, referral.provider_id)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why you decline the referral.")})
    with transaction.atomic():
        current, measure = _locked_referral(referral, expected_version)
        _move(
            actor=actor,
            referral=current,
            measure=measure,
            referral_to=ReferralStatus.DECLINED,
            measure_to=MeasureStatus.PLANNED,
            referral_values={"decline_reason": reason},
            measure_values={"service_id": None, "location_id": None, "provider_id": None, "status_reason": reason},
            event=MeasureEventKind.DECLINED,
            reason=reason,
        )
        notify(
            users=[measure.case.coordinator],
            kind=NotificationKind.REFERRAL_DECLINED,
            url=_measure_url(measure),
            params={"reference": measure.case.reference},
        )
        _audit(actor, current, measure, http_request, ["status", "decline_reason"], reason)
    return Referral.objects.get(pk=referral.pk)


# ---------------------------------------------------------------- capacity


def capacity_save(
    *,
    actor: Any,
    service: Service,
    location: ServiceLocation | None,
    places: int | None,
    hours_per_month: int | None,
    available_from: dt.date | None,
    expected_version: int | None,
    http_request: HttpRequest | None = None,
) -> ServiceCapacity:
    """Saves a service's capacity at one site (``expected_version`` None: there was none yet).
    ``available_from`` is what the public directory shows ("places available from")."""
    _require_provider(actor, service.provider_id)
    if location is not None and location.service_id != service.pk:
        raise PermissionDenied
    values = {"places": places, "hours_per_month": hours_per_month, "available_from": available_from, "updated_by": actor}
    with transaction.atomic():
        capacity = ServiceCapacity.objects.select_for_update().filter(service=service, location=location).first()
        if capacity is None:
            if expected_version is not None:
                raise StaleVersion
            try:
                with transaction.atomic():
                    capacity = ServiceCapacity.objects.create(service=service, location=location, **values)
            except IntegrityError:
                raise StaleVersion from None  # a colleague created it meanwhile
            action = AuditAction.CREATE
        else:
            if expected_version != capacity.version:
                raise StaleVersion
            _bump(ServiceCapacity, capacity.pk, expected_version, values)
            capacity = ServiceCapacity.objects.get(pk=capacity.pk)
            action = AuditAction.UPDATE
        audit_record(
            actor=actor, action=action, obj=capacity, fields=["places", "hours_per_month", "available_from"], request=http_request
        )
    return capacity


# ---------------------------------------------------------------- reports


REPORT_TEXT_FIELDS = ("situation", "needs", "objectives", "progress")


def _report_kind_for(measure: Measure) -> str:
    has_initial = ProviderReport.objects.filter(measure=measure, kind=ReportKind.INITIAL).exists()
    return ReportKind.PROGRESS if has_initial else ReportKind.INITIAL


def report_save_draft(
    *,
    actor: Any,
    measure: Measure,
    report: ProviderReport | None = None,
    expected_version: int | None = None,
    situation: str = "",
    needs: str = "",
    objectives: str = "",
    progress: str = "",
    drafted_with_family: bool = False,
    period_start: dt.date | None = None,
    period_end: dt.date | None = None,
    http_request: HttpRequest | None = None,
) -> ProviderReport:
    """Creates (``report`` None) or changes a draft; a report sent back can be changed too."""
    _require_provider(actor, measure.provider_id)
    if period_start and period_end and period_end < period_start:
        raise ValidationError({"period_end": _("The end of the period must be on or after its start.")})
    values: dict[str, Any] = {
        "situation": situation.strip(),
        "needs": needs.strip(),
        "objectives": objectives.strip(),
        "progress": progress.strip(),
        "drafted_with_family": bool(drafted_with_family),
        "period_start": period_start,
        "period_end": period_end,
        "author": actor,
    }
    with transaction.atomic():
        if report is None:
            if measure.status not in RUNNING_STATES and measure.status != MeasureStatus.ACCEPTED:
                raise TransitionNotAllowed(measure.status, "report")
            saved = ProviderReport.objects.create(
                measure=measure, kind=_report_kind_for(measure), due_on=measure.next_report_on, **values
            )
            action = AuditAction.CREATE
        else:
            if report.measure_id != measure.pk:
                raise PermissionDenied
            current = ProviderReport.objects.select_for_update().get(pk=report.pk)
            if current.version != expected_version:
                raise StaleVersion
            if current.status not in REPORT_EDITABLE:
                raise TransitionNotAllowed(current.status, current.status)
            _bump(ProviderReport, current.pk, expected_version, values)
            saved = ProviderReport.objects.get(pk=current.pk)
            action = AuditAction.UPDATE
        audit_record(
            actor=actor, action=action, obj=saved, fields=sorted(values), request=http_request, persons=[measure.case.child_id]
        )
    return saved


def _submit_errors(report: ProviderReport, measure: Measure) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not report.situation:
        errors["situation"] = _("Describe the situation before sending the report.")
    if report.kind == ReportKind.INITIAL:
        if not report.needs:
            errors["needs"] = _("Describe the needs before sending the initial report.")
        if not report.objectives:
            errors["objectives"] = _("Give the objectives before sending the initial report.")
        if measure.measure_type.initial_report_with_family and not report.drafted_with_family:
            errors["drafted_with_family"] = _(
                "The initial report of this measure must be drafted with the family. Do it with them, "
                "then tick the box to say so."
            )
    elif not report.progress:
        errors["progress"] = _("Say what has been done and how it went before sending the report.")
    return errors


def report_submit(
    *, actor: Any, report: ProviderReport, expected_version: int, http_request: HttpRequest | None = None
) -> ProviderReport:
    """Sends a draft (or a report sent back) to the agency, which validates it or sends it back."""
    with transaction.atomic():
        current = ProviderReport.objects.select_for_update().get(pk=report.pk)
        measure = Measure.objects.select_related("case", "measure_type").get(pk=current.measure_id)
        _require_provider(actor, measure.provider_id)
        if current.version != expected_version:
            raise StaleVersion
        if not REPORT_MACHINE.can_transition(current.status, ReportStatus.SUBMITTED):
            raise TransitionNotAllowed(current.status, ReportStatus.SUBMITTED)
        errors = _submit_errors(current, measure)
        if errors:
            raise ValidationError(errors)
        _bump(ProviderReport, current.pk, expected_version, {"status": ReportStatus.SUBMITTED, "submitted_at": timezone.now()})
        measure_event_record(measure=measure, actor=actor, kind=MeasureEventKind.REPORT, reason=current.kind)
        case_event_record(
            case=measure.case,
            actor=actor,
            kind=CaseEventKind.REPORT,
            summary=current.kind,
            data={"from": current.status, "to": ReportStatus.SUBMITTED, "reason": ""},
        )
        notify(
            users=[measure.case.coordinator],
            kind=NotificationKind.REPORT_RECEIVED,
            url=_measure_url(measure),
            params={"reference": measure.case.reference},
        )
        audit_record(
            actor=actor,
            action=AuditAction.TRANSITION,
            obj=current,
            fields=["status"],
            request=http_request,
            persons=[measure.case.child_id],
        )
    return ProviderReport.objects.get(pk=report.pk)


# ---------------------------------------------------------------- activity


def _activity_errors(
    measure: Measure, month: dt.date, days: Decimal | None, hours: Decimal | None, today: dt.date
) -> dict[str, str]:
    errors: dict[str, str] = {}
    in_month = calendar.monthrange(month.year, month.month)[1]
    if month > today.replace(day=1):
        errors["month"] = _("The month cannot be in the future.")
    elif measure.started_on and month < measure.started_on.replace(day=1):
        errors["month"] = _("The month cannot be before the measure started.")
    if days is None and hours is None:
        errors["days"] = _("Enter the days or the hours delivered, or both.")
    if days is not None and (days < 0 or days > in_month):
        errors["days"] = _("The days must be between 0 and %(max)s, the number of days in the month.") % {"max": in_month}
    if hours is not None and (hours < 0 or hours > in_month * MAX_HOURS_PER_DAY):
        errors["hours"] = _("The hours must be between 0 and %(max)s.") % {"max": in_month * MAX_HOURS_PER_DAY}
    if days is not None and hours is not None and days > 0 and hours > days * MAX_HOURS_PER_DAY:
        errors["hours"] = _("More hours than the days delivered can hold: check the days and the hours.")
    return errors


def activity_record(
    *,
    actor: Any,
    measure: Measure,
    month: dt.date,
    days: Decimal | None,
    hours: Decimal | None,
    note: str = "",
    expected_version: int | None = None,
    http_request: HttpRequest | None = None,
) -> ActivityRecord:
    """Records the days or hours delivered in one month of a running measure; the month's
    record is updated if there is one (``expected_version`` is then the version read)."""
    _require_provider(actor, measure.provider_id)
    month = month.replace(day=1)
    if measure.status not in RUNNING_STATES:
        raise TransitionNotAllowed(measure.status, "activity")
    errors = _activity_errors(measure, month, days, hours, timezone.localdate())
    if errors:
        raise ValidationError(errors)
    values = {"days": days, "hours": hours, "note": note.strip(), "recorded_by": actor}
    with transaction.atomic():
        guards.check_activity(measure, month)
        record = ActivityRecord.objects.select_for_update().filter(measure=measure, month=month).first()
        if record is None:
            try:
                with transaction.atomic():
                    record = ActivityRecord.objects.create(measure=measure, month=month, **values)
            except IntegrityError:
                raise StaleVersion from None
            action = AuditAction.CREATE
        else:
            if expected_version != record.version:
                raise StaleVersion
            _bump(ActivityRecord, record.pk, expected_version, values)
            record = ActivityRecord.objects.get(pk=record.pk)
            action = AuditAction.UPDATE
        measure_event_record(measure=measure, actor=actor, kind=MeasureEventKind.ACTIVITY, on=month)
        audit_record(
            actor=actor,
            action=action,
            obj=record,
            fields=["days", "hours", "note"],
            request=http_request,
            persons=[measure.case.child_id],
        )
    return record
