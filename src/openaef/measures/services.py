"""Writes on measures from the agency's side: create, refer, start, suspend, resume, renew, end,
withdraw; withdraw a referral; validate or send back a provider's report.

Each service runs in one transaction, takes the ``CaseAccess`` from ``get_case_for`` (only those
who may change the case write), locks the measure and compares the version the user saw
(StaleVersion otherwise), checks the state tables of ``measures.states`` and the pack's rules
(``measures.checks``), records one MeasureEvent, one line on the case's timeline and, last, one
audit entry naming the child.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from openaef.audit.models import AuditAction
from openaef.audit.services import audit_record
from openaef.cases.models import CaseEventKind, TaskKind
from openaef.cases.selectors import CaseAccess
from openaef.cases.services_journal import task_add, task_complete, task_update
from openaef.cases.timeline import case_event_record
from openaef.core.errors import StaleVersion, TransitionNotAllowed
from openaef.directory.models import MeasureType, Service, ServiceLocation
from openaef.notifications.models import NotificationKind
from openaef.notifications.services import notify
from openaef.projects.models import PlannedMeasure
from openaef.projects.states import CURRENT_STATES

from . import checks, guards, schedule
from .events import measure_event_record
from .models import Measure, MeasureEventKind, ProviderReport, Referral
from .selectors import accepted_referral, end_alert_task, provider_staff, referral_reference
from .states import (
    MEASURE_MACHINE,
    OPEN_REFERRAL_STATES,
    REFERRAL_MACHINE,
    REPORT_EDITABLE,
    REPORT_MACHINE,
    RUNNING_STATES,
    MeasureStatus,
    ReferralStatus,
    ReportKind,
    ReportStatus,
)

M = MeasureStatus


# Shared steps ---------------------------------------------------------------------------------


def _require_edit(access: CaseAccess, measure: Measure | None = None) -> None:
    if not access.can_edit or (measure is not None and measure.case_id != access.case.pk):
        raise PermissionDenied


def _locked(measure: Measure, expected_version: int) -> Measure:
    current = Measure.objects.select_for_update(of=("self",)).select_related("measure_type", "planned").get(pk=measure.pk)
    if current.version != expected_version:
        raise StaleVersion
    return current


def _check_move(current: Measure, target: str, reason: str = "", *, direct: bool = False) -> None:
    if not MEASURE_MACHINE.can_transition(current.status, target):
        raise TransitionNotAllowed(current.status, target)
    if MEASURE_MACHINE.needs(current.status, target).get("direct") and not direct:
        raise TransitionNotAllowed(current.status, target)
    if target in (M.ENDED, M.WITHDRAWN):
        guards.check(current, target)
    if MEASURE_MACHINE.needs(current.status, target)["reason"] and not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason.")})


def _save(obj: Any, fields: list[str]) -> None:
    obj.version += 1
    obj.save(update_fields=[*fields, "version", "updated_at"])


def _record(
    *,
    actor: Any,
    access: CaseAccess,
    measure: Measure,
    kind: str,
    old: str,
    new: str,
    reason: str = "",
    on: dt.date | None = None,
    http_request: HttpRequest | None = None,
    fields: list[str] | None = None,
    extra: dict[str, Any] | None = None,
    action: str = AuditAction.TRANSITION,
    timeline_kind: str = CaseEventKind.MEASURE,
    obj: Any = None,
) -> None:
    measure_event_record(measure=measure, actor=actor, kind=kind, on=on, reason=reason)
    case_event_record(
        case=access.case,
        actor=actor,
        kind=timeline_kind,
        summary=measure.measure_type.code,
        data={"from": old, "to": new, "reason": reason, "measure": measure.pk, **(extra or {})},
    )
    audit_record(
        actor=actor,
        action=action,
        obj=obj or measure,
        fields=fields or ["status"],
        request=http_request,
        persons=[access.case.child_id],
    )


# The provider's pages are helper-built (backoffice/urls_provider.py): a missing page must not
# stop a referral, so the link is left out rather than failing.
REFERRAL_PAGES = ("backoffice:provider_referral_detail", "backoffice:provider_referral")
REPORT_PAGES = ("backoffice:provider_report_edit", "backoffice:provider_report")


def provider_page_url(names: tuple[str, ...], pk: int | None) -> str:
    if pk is None:
        return ""
    for name in names:
        try:
            return reverse(name, args=[pk])
        except NoReverseMatch:
            continue
    return ""


# Create and refer -----------------------------------------------------------------------------


def measure_create(
    *,
    actor: Any,
    access: CaseAccess,
    measure_type: MeasureType | None = None,
    planned: PlannedMeasure | None = None,
    planned_start: dt.date | None = None,
    http_request: HttpRequest | None = None,
) -> Measure:
    """A measure from a planned measure of the case's current project, or straight from a type."""
    _require_edit(access)
    case = access.case
    project = None
    if planned is not None:
        project = planned.project
        if project.case_id != case.pk or project.status not in CURRENT_STATES:
            raise ValidationError({"choice": _("Choose a measure planned in the case's current project.")})
        if Measure.objects.filter(planned=planned).exists():
            raise ValidationError({"choice": _("This planned measure has been set up already.")})
        measure_type = planned.measure_type
        planned_start = planned_start or planned.planned_start
    if measure_type is None:
        raise ValidationError({"choice": _("Choose a planned measure or a type of measure.")})
    checks.check_type_for_case(measure_type, case, field="choice")
    checks.check_age(measure_type, case.child, planned_start or timezone.localdate())
    with transaction.atomic():
        measure = Measure(case=case, project=project, planned=planned, measure_type=measure_type, created_by=actor)
        measure.save()
        _record(
            actor=actor,
            access=access,
            measure=measure,
            kind=MeasureEventKind.CREATED,
            old="",
            new=M.PLANNED,
            on=planned_start,
            http_request=http_request,
            fields=["measure_type", "planned", "status"],
            action=AuditAction.CREATE,
        )
    return measure


def measure_refer(
    *,
    actor: Any,
    access: CaseAccess,
    measure: Measure,
    expected_version: int,
    service: Service,
    location: ServiceLocation | None,
    shared_summary: str,
    consent_by: Any,
    consent_method: str,
    consent_on: dt.date | None,
    http_request: HttpRequest | None = None,
) -> Referral:
    """Sends the measure to a provider's service with the minimum it needs, once the family
    consented to sharing it; the provider's staff are told."""
    _require_edit(access, measure)
    errors: dict[str, list[str]] = {}
    if not (shared_summary or "").strip():
        errors["shared_summary"] = [_("Write what the provider needs to know.")]
    for check in (
        lambda: checks.check_service(measure.measure_type, service, location),
        lambda: checks.check_consent(access.case, consent_by, consent_method, consent_on),
    ):
        try:
            check()
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    assert consent_on is not None  # checked above
    with transaction.atomic():
        current = _locked(measure, expected_version)
        _check_move(current, M.REFERRED)
        referral = Referral.objects.create(
            measure=current,
            provider=service.provider,
            service=service,
            location=location,
            status=ReferralStatus.SENT,
            shared_summary=shared_summary.strip(),
            consent_by=consent_by,
            consent_method=consent_method,
            consent_on=consent_on,
            sent_at=timezone.now(),
            sent_by=actor,
        )
        old, current.status = current.status, M.REFERRED
        _save(current, ["status"])
        notify(
            users=provider_staff(service.provider_id),
            kind=NotificationKind.REFERRAL_RECEIVED,
            url=provider_page_url(REFERRAL_PAGES, referral.pk),
            params={"reference": referral_reference(referral), "service": service.code},
        )
        _record(
            actor=actor,
            access=access,
            measure=current,
            kind=MeasureEventKind.REFERRED,
            old=old,
            new=M.REFERRED,
            http_request=http_request,
            extra={"referral": referral.pk, "service": service.code},
            action=AuditAction.CREATE,
            obj=referral,
            fields=["service", "location", "shared_summary", "consent_by", "consent_method", "consent_on"],
        )
    return referral


def referral_withdraw(
    *,
    actor: Any,
    access: CaseAccess,
    referral: Referral,
    expected_version: int,
    reason: str,
    withdraw_measure: bool = False,
    http_request: HttpRequest | None = None,
) -> Referral:
    """The agency takes back an open referral: the measure is planned again (to be referred
    elsewhere) or withdrawn altogether."""
    _require_edit(access)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason.")})
    with transaction.atomic():
        current = Referral.objects.select_for_update().get(pk=referral.pk)
        measure = Measure.objects.select_for_update().select_related("measure_type").get(pk=current.measure_id)
        _require_edit(access, measure)
        if current.version != expected_version:
            raise StaleVersion
        if not REFERRAL_MACHINE.can_transition(current.status, ReferralStatus.WITHDRAWN):
            raise TransitionNotAllowed(current.status, ReferralStatus.WITHDRAWN)
        current.status, current.decline_reason = ReferralStatus.WITHDRAWN, ""
        _save(current, ["status"])
        target = M.WITHDRAWN if withdraw_measure else M.PLANNED
        old = measure.status
        _check_move(measure, target, reason)
        measure.status, measure.status_reason = target, reason.strip()
        measure.service = measure.location = measure.provider = None
        _save(measure, ["status", "status_reason", "service", "location", "provider"])
        _record(
            actor=actor,
            access=access,
            measure=measure,
            kind=MeasureEventKind.WITHDRAWN,
            old=old,
            new=target,
            reason=reason.strip(),
            http_request=http_request,
            extra={"referral": current.pk},
            obj=current,
        )
    return current


# Start, suspend, resume, renew, end, withdraw ----------------------------------------------------


def _end_task_title(measure: Measure) -> str:
    return _("Measure %(code)s reaches its end") % {"code": measure.measure_type.code}


def _first_report(measure: Measure, started_on: dt.date) -> ProviderReport:
    """The report the provider owes first: the initial report drafted with the family where the
    type says so (seed 001), else the first progress report (bill 7994: every six months)."""
    if measure.measure_type.initial_report_with_family:
        due = schedule.initial_report_due(started_on)
        return ProviderReport.objects.create(measure=measure, kind=ReportKind.INITIAL, due_on=due)
    due = schedule.progress_report_due(started_on)
    return ProviderReport.objects.create(
        measure=measure, kind=ReportKind.PROGRESS, due_on=due, period_start=started_on, period_end=due
    )


def measure_start(
    *,
    actor: Any,
    access: CaseAccess,
    measure: Measure,
    expected_version: int,
    started_on: dt.date | None,
    direct_service: Service | None = None,
    direct_location: ServiceLocation | None = None,
    http_request: HttpRequest | None = None,
) -> Measure:
    """The accepted measure starts: its end, its first report and the end alert are scheduled.

    ``direct_service``: a placement's admission starts a planned measure without a referral (an
    urgent priority placement, a foster family: ``placements.checks.direct_service``); the
    service that takes the child, or follows the family, receives the reports."""
    _require_edit(access, measure)
    if started_on is None:
        raise ValidationError({"started_on": _("Enter the date the measure started.")})
    checks.check_age(measure.measure_type, access.case.child, started_on, field="started_on")
    with transaction.atomic():
        current = _locked(measure, expected_version)
        _check_move(current, M.ACTIVE, direct=direct_service is not None)
        if direct_service is not None:
            current.service, current.location, current.provider_id = direct_service, direct_location, direct_service.provider_id
        months = current.measure_type.max_duration_months or (current.planned.planned_months if current.planned else None)
        current.started_on = started_on
        current.ends_on = schedule.end_after(started_on, months) if months else None
        if current.provider_id is None:
            referral = accepted_referral(current)
            if referral is not None:
                current.provider_id, current.service_id = referral.provider_id, referral.service_id
                current.location_id = referral.location_id
        report = _first_report(current, started_on)
        current.next_report_on = report.due_on
        extra: dict[str, Any] = {"report": report.pk, **({"direct": True} if direct_service is not None else {})}
        if current.ends_on is not None:
            current.end_task = task_add(
                actor=actor,
                access=access,
                kind=TaskKind.TASK,
                title=_end_task_title(current),
                due_on=current.ends_on,
                assigned_to=access.case.coordinator if access.case.coordinator_id else None,
                remind_days_before=schedule.end_alert_days(),
                http_request=http_request,
            )
            extra.update(end_task=current.end_task.pk, ends_on=current.ends_on.isoformat())
        old, current.status = current.status, M.ACTIVE
        fields = ["status", "started_on", "ends_on", "next_report_on", "provider", "service", "location", "end_task"]
        _save(current, fields)
        _record(
            actor=actor,
            access=access,
            measure=current,
            kind=MeasureEventKind.STARTED,
            old=old,
            new=M.ACTIVE,
            on=started_on,
            http_request=http_request,
            fields=["status", "started_on", "ends_on", "next_report_on"],
            extra=extra,
        )
    return current


def _simple_move(
    *,
    actor: Any,
    access: CaseAccess,
    measure: Measure,
    expected_version: int,
    target: str,
    kind: str,
    reason: str = "",
    on: dt.date | None = None,
    http_request: HttpRequest | None = None,
) -> Measure:
    _require_edit(access, measure)
    reason = (reason or "").strip()
    with transaction.atomic():
        current = _locked(measure, expected_version)
        _check_move(current, target, reason)
        old, current.status, current.status_reason = current.status, target, reason
        fields = ["status", "status_reason"]
        if target == M.ENDED:
            current.ended_on = on
            fields.append("ended_on")
        if target in (M.ENDED, M.WITHDRAWN):
            current.next_report_on = None
            fields.append("next_report_on")
            _close_end_task(actor, access, current, http_request)
        if target == M.WITHDRAWN:
            _withdraw_open_referrals(current)
        _save(current, fields)
        _record(
            actor=actor,
            access=access,
            measure=current,
            kind=kind,
            old=old,
            new=target,
            reason=reason,
            on=on,
            http_request=http_request,
            fields=fields,
        )
    return current


def _close_end_task(actor: Any, access: CaseAccess, measure: Measure, http_request: HttpRequest | None) -> None:
    task = end_alert_task(measure)
    if task is not None:
        task_complete(actor=actor, access=access, task=task, expected_version=task.version, http_request=http_request)


def _withdraw_open_referrals(measure: Measure) -> None:
    for referral in Referral.objects.select_for_update().filter(measure=measure, status__in=OPEN_REFERRAL_STATES):
        referral.status = ReferralStatus.WITHDRAWN
        _save(referral, ["status"])


def measure_suspend(
    *, actor: Any, access: CaseAccess, measure: Measure, expected_version: int, reason: str, **kw: Any
) -> Measure:
    return _simple_move(
        actor=actor,
        access=access,
        measure=measure,
        expected_version=expected_version,
        target=M.SUSPENDED,
        kind=MeasureEventKind.SUSPENDED,
        reason=reason,
        on=timezone.localdate(),
        **kw,
    )


def measure_resume(*, actor: Any, access: CaseAccess, measure: Measure, expected_version: int, **kw: Any) -> Measure:
    return _simple_move(
        actor=actor,
        access=access,
        measure=measure,
        expected_version=expected_version,
        target=M.ACTIVE,
        kind=MeasureEventKind.RESUMED,
        on=timezone.localdate(),
        **kw,
    )


def measure_end(
    *, actor: Any, access: CaseAccess, measure: Measure, expected_version: int, reason: str, ended_on: dt.date | None, **kw: Any
) -> Measure:
    errors: dict[str, str] = {}
    if ended_on is None:
        errors["ended_on"] = _("Enter the date the measure ended.")
    elif ended_on > timezone.localdate():
        errors["ended_on"] = _("The end date must be today or in the past.")
    elif measure.started_on is not None and ended_on < measure.started_on:
        errors["ended_on"] = _("The end date must be on or after the start date.")
    if not (reason or "").strip():
        errors["reason"] = _("Give the reason.")
    if errors:
        raise ValidationError(errors)
    return _simple_move(
        actor=actor,
        access=access,
        measure=measure,
        expected_version=expected_version,
        target=M.ENDED,
        kind=MeasureEventKind.ENDED,
        reason=reason,
        on=ended_on,
        **kw,
    )


def measure_withdraw(
    *, actor: Any, access: CaseAccess, measure: Measure, expected_version: int, reason: str, **kw: Any
) -> Measure:
    """Gives up a measure before it starts (open referrals are withdrawn with it)."""
    return _simple_move(
        actor=actor,
        access=access,
        measure=measure,
        expected_version=expected_version,
        target=M.WITHDRAWN,
        kind=MeasureEventKind.WITHDRAWN,
        reason=reason,
        on=timezone.localdate(),
        **kw,
    )


def measure_renew(
    *,
    actor: Any,
    access: CaseAccess,
    measure: Measure,
    expected_version: int,
    reason: str = "",
    http_request: HttpRequest | None = None,
) -> Measure:
    """Extends a running measure by the type's maximum duration (or the renewal rule's months),
    within the pack's renewal rules; the end alert moves with it."""
    _require_edit(access, measure)
    with transaction.atomic():
        current = _locked(measure, expected_version)
        if current.status not in RUNNING_STATES:
            raise ValidationError({"renew": _("Only a measure under way or suspended can be renewed.")})
        rule = checks.check_renewal(current.measure_type, current.renewals)
        months = current.measure_type.max_duration_months or rule.months
        if not months:
            raise ValidationError({"renew": _("The rules give no length for a renewal of this measure.")})
        base = current.ends_on or current.started_on or timezone.localdate()
        current.ends_on = schedule.end_after(base, months)
        current.renewals += 1
        task = _move_end_task(actor, access, current, http_request)
        current.end_task = task
        _save(current, ["ends_on", "renewals", "end_task"])
        _record(
            actor=actor,
            access=access,
            measure=current,
            kind=MeasureEventKind.RENEWED,
            old=current.status,
            new=current.status,
            reason=(reason or "").strip(),
            on=current.ends_on,
            http_request=http_request,
            fields=["ends_on", "renewals"],
            extra={"end_task": task.pk, "ends_on": current.ends_on.isoformat(), "renewals": current.renewals},
            action=AuditAction.UPDATE,
        )
    return current


def _move_end_task(actor: Any, access: CaseAccess, measure: Measure, http_request: HttpRequest | None) -> Any:
    assert measure.ends_on is not None
    task = end_alert_task(measure)
    if task is None:
        return task_add(
            actor=actor,
            access=access,
            kind=TaskKind.TASK,
            title=_end_task_title(measure),
            due_on=measure.ends_on,
            assigned_to=access.case.coordinator if access.case.coordinator_id else None,
            remind_days_before=schedule.end_alert_days(),
            http_request=http_request,
        )
    return task_update(
        actor=actor,
        access=access,
        task=task,
        expected_version=task.version,
        kind=task.kind,
        title=task.title,
        details=task.details,
        due_on=measure.ends_on,
        assigned_to=task.assigned_to,
        remind_days_before=schedule.end_alert_days(),
        http_request=http_request,
    )


# Reports ----------------------------------------------------------------------------------------


def _report_url(report: ProviderReport) -> str:
    url = provider_page_url(REPORT_PAGES, report.pk)
    if url:
        return url
    referral = accepted_referral(report.measure)
    return provider_page_url(REFERRAL_PAGES, referral.pk if referral else None)


def _locked_report(access: CaseAccess, report: ProviderReport, expected_version: int, target: str) -> ProviderReport:
    current = (
        ProviderReport.objects.select_for_update(of=("self",)).select_related("measure__measure_type", "author").get(pk=report.pk)
    )
    _require_edit(access, current.measure)
    if current.version != expected_version:
        raise StaleVersion
    if not REPORT_MACHINE.can_transition(current.status, target):
        raise TransitionNotAllowed(current.status, target)
    return current


def _schedule_next_report(measure: Measure, after: ProviderReport) -> ProviderReport | None:
    """The next progress report, counted from the end of the period just reported on (or the start)."""
    if measure.status not in RUNNING_STATES:
        return None
    waiting = (
        ProviderReport.objects.filter(measure=measure, kind=ReportKind.PROGRESS, status__in=REPORT_EDITABLE)
        .exclude(pk=after.pk)
        .order_by("due_on", "id")
        .first()
    )
    if waiting is not None:
        return waiting
    since = after.period_end or measure.started_on or timezone.localdate()
    due = schedule.progress_report_due(since)
    return ProviderReport.objects.create(
        measure=measure, kind=ReportKind.PROGRESS, due_on=due, period_start=since + dt.timedelta(days=1), period_end=due
    )


def report_validate(
    *, actor: Any, access: CaseAccess, report: ProviderReport, expected_version: int, http_request: HttpRequest | None = None
) -> ProviderReport:
    with transaction.atomic():
        current = _locked_report(access, report, expected_version, ReportStatus.VALIDATED)
        measure = Measure.objects.select_for_update().select_related("measure_type").get(pk=current.measure_id)
        current.status, current.reviewed_at, current.reviewed_by = ReportStatus.VALIDATED, timezone.now(), actor
        _save(current, ["status", "reviewed_at", "reviewed_by"])
        following = _schedule_next_report(measure, current)
        measure.next_report_on = following.due_on if following is not None else None
        _save(measure, ["next_report_on"])
        _report_record(actor, access, measure, current, ReportStatus.SUBMITTED, "", http_request)
    return current


def report_return(
    *,
    actor: Any,
    access: CaseAccess,
    report: ProviderReport,
    expected_version: int,
    reason: str,
    http_request: HttpRequest | None = None,
) -> ProviderReport:
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say what the provider should change.")})
    with transaction.atomic():
        current = _locked_report(access, report, expected_version, ReportStatus.RETURNED)
        current.status, current.return_reason = ReportStatus.RETURNED, reason.strip()
        current.reviewed_at, current.reviewed_by = timezone.now(), actor
        _save(current, ["status", "return_reason", "reviewed_at", "reviewed_by"])
        referral = accepted_referral(current.measure)
        notify(
            users=[current.author] if current.author_id else provider_staff(current.measure.provider_id),
            kind=NotificationKind.REPORT_RETURNED,
            url=_report_url(current),
            params={"reference": referral_reference(referral) if referral else f"M-{current.measure_id}"},
        )
        _report_record(actor, access, current.measure, current, ReportStatus.SUBMITTED, reason.strip(), http_request)
    return current


def _report_record(
    actor: Any, access: CaseAccess, measure: Measure, report: ProviderReport, old: str, reason: str, http_request: Any
) -> None:
    _record(
        actor=actor,
        access=access,
        measure=measure,
        kind=MeasureEventKind.REPORT,
        old=old,
        new=report.status,
        reason=reason,
        http_request=http_request,
        fields=["status", "return_reason"] if reason else ["status"],
        extra={"report": report.pk, "report_kind": report.kind},
        action=AuditAction.REVIEW,
        timeline_kind=CaseEventKind.REPORT,
        obj=report,
    )
