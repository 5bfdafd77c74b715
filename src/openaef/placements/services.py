"""Writes on placements: open (the legal basis), admit (the first place), transfer (close one
stay, open the next), discharge (where the child went).

Each service runs in one transaction, needs ``can_edit`` on the case, locks the placement and
compares the version the user saw (StaleVersion otherwise), checks the state table of
``placements.states`` and the pack's rules (``placements.checks``), and records one line on the
case's timeline and, last, one audit entry naming the child. The measure behind the placement
starts and ends through ``measures.services``, so that its own rules apply (age range, maximum
duration, the end alert).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from openaef.audit.models import AuditAction
from openaef.audit.services import audit_record
from openaef.cases.models import CaseEventKind
from openaef.cases.selectors import CaseAccess
from openaef.cases.timeline import case_event_record
from openaef.core.errors import StaleVersion, TransitionNotAllowed
from openaef.courts.models import JudicialDecision
from openaef.directory.models import MeasureCategory
from openaef.foster.models import FosterFamily
from openaef.measures import services as measure_services
from openaef.measures.models import Measure
from openaef.measures.states import OPEN_MEASURE_STATES, RUNNING_STATES, MeasureStatus

from . import checks
from .checks import Place
from .models import AbroadAdmission, AbroadDecision, Destination, LegalBasis, Placement, PlacementStatus, PlacementStay
from .parameters import placement_rules
from .states import PLACEMENT_MACHINE

PLACEMENT_EVENT = CaseEventKind.PLACEMENT
P = PlacementStatus


def _require_edit(access: CaseAccess, placement: Placement | None = None) -> None:
    if not access.can_edit or (placement is not None and placement.case_id != access.case.pk):
        raise PermissionDenied


def _locked(placement: Placement, expected_version: int, target: str | None = None) -> Placement:
    current = (
        Placement.objects.select_for_update(of=("self",)).select_related("case", "measure__measure_type").get(pk=placement.pk)
    )
    if current.version != expected_version:
        raise StaleVersion
    if target is not None and not PLACEMENT_MACHINE.can_transition(current.status, target):
        raise TransitionNotAllowed(current.status, target)
    return current


def _save(obj: Any, fields: list[str]) -> None:
    obj.version += 1
    obj.save(update_fields=[*fields, "version", "updated_at"])


def record(
    *,
    actor: Any,
    access: CaseAccess,
    placement: Placement,
    old: str,
    new: str,
    action: str,
    fields: list[str],
    http_request: HttpRequest | None,
    extra: dict[str, Any] | None = None,
    obj: Any = None,
) -> None:
    """One timeline line and, last (it takes the chain lock), one audit entry."""
    case_event_record(
        case=access.case,
        actor=actor,
        kind=PLACEMENT_EVENT,
        summary=placement.measure.measure_type.code,
        data={"from": old, "to": new, "placement": placement.pk, **(extra or {})},
    )
    audit_record(
        actor=actor, action=action, obj=obj or placement, fields=fields, request=http_request, persons=[access.case.child_id]
    )


# Open ------------------------------------------------------------------------------------------


def _basis_errors(access: CaseAccess, legal_basis: str, agreement_on: dt.date | None, decision: Any) -> dict[str, str]:
    errors: dict[str, str] = {}
    if legal_basis not in LegalBasis.values:
        errors["legal_basis"] = _("Choose the legal basis of the placement.")
    elif checks.is_judicial(access.case) and legal_basis != LegalBasis.COURT:
        errors["legal_basis"] = _("The case is judicial: a placement needs the court's decision.")
    elif legal_basis == LegalBasis.COURT:
        try:
            checks.check_placing_decision(decision, access.case, "decision")
        except ValidationError as error:
            errors["decision"] = error.message_dict["decision"][0]
    elif agreement_on is None:
        errors["agreement_on"] = _("Enter the date the parents agreed.")
    elif agreement_on > timezone.localdate():
        errors["agreement_on"] = _("The date must be today or in the past.")
    return errors


def placement_open(
    *,
    actor: Any,
    access: CaseAccess,
    measure: Measure | None,
    legal_basis: str,
    agreement_on: dt.date | None = None,
    decision: JudicialDecision | None = None,
    http_request: HttpRequest | None = None,
) -> Placement:
    """A placement under one of the case's stationary measures, on the parents' agreement or a
    court decision (required in a judicial case)."""
    _require_edit(access)
    if measure is None or measure.case_id != access.case.pk:
        raise ValidationError({"measure": _("Choose one of the case's stationary measures.")})
    if measure.measure_type.category != MeasureCategory.STATIONARY:
        raise ValidationError(
            {"measure": _("This measure is ambulatory: the child stays at home. Only a stationary measure is a placement.")}
        )
    if measure.status not in OPEN_MEASURE_STATES:
        raise ValidationError({"measure": _("This measure has ended or was withdrawn.")})
    errors = _basis_errors(access, legal_basis, agreement_on, decision)
    if errors:
        raise ValidationError(errors)
    court = legal_basis == LegalBasis.COURT
    with transaction.atomic():
        Measure.objects.select_for_update().filter(pk=measure.pk).first()
        if Placement.objects.filter(measure=measure).exists():
            raise ValidationError({"measure": _("This measure has a placement already.")})
        placement = Placement(
            case=access.case,
            measure=measure,
            legal_basis=legal_basis,
            decision=decision if court else None,
            agreement_on=None if court else agreement_on,
            created_by=actor,
        )
        placement.full_clean(exclude=["case", "measure", "created_by", "decision"])
        placement.save()
        record(
            actor=actor,
            access=access,
            placement=placement,
            old="",
            new=P.PLANNED,
            action=AuditAction.CREATE,
            fields=["measure", "legal_basis", "decision" if court else "agreement_on"],
            http_request=http_request,
        )
    return placement


# Admit, transfer -----------------------------------------------------------------------------------


def _lock_family(place: Place) -> None:
    if place.foster_family is not None:
        FosterFamily.objects.select_for_update().filter(pk=place.foster_family.pk).first()


def _new_stay(actor: Any, placement: Placement, place: Place, country: str, from_on: dt.date, reason: str) -> PlacementStay:
    foster = place.kind == checks.PlaceKind.FOSTER_FAMILY
    exception = place.capacity_exception.strip() if checks.exceeds_foster_maximum(place, placement.case.pack) else ""
    return PlacementStay.objects.create(
        placement=placement,
        place_kind=place.kind,
        service=None if foster else place.service,
        location=None if foster else place.location,
        living_unit="" if foster else place.living_unit.strip(),
        institution_name="" if foster else place.institution_name.strip(),
        foster_family=place.foster_family if foster else None,
        country=country,
        from_on=from_on,
        reason=reason,
        capacity_exception=exception,
        created_by=actor,
    )


def _start_measure(
    actor: Any, access: CaseAccess, measure: Measure, admitted_on: dt.date, place: Place, http_request: Any
) -> Measure:
    """The measure starts on the admission day (its age range, end and end alert are its own):
    once a provider accepted it, or at once where the pack allows a direct admission."""
    current = Measure.objects.select_related("measure_type", "planned").get(pk=measure.pk)
    if current.status in RUNNING_STATES:
        if current.started_on is not None and admitted_on < current.started_on:
            raise ValidationError(
                {
                    "admitted_on": _("The measure started on %(day)s: the admission cannot be earlier.")
                    % {"day": current.started_on.strftime("%d/%m/%Y")}
                }
            )
        return current
    direct = checks.direct_service(current.measure_type, access.case, place) if current.status == MeasureStatus.PLANNED else None
    if current.status != MeasureStatus.ACCEPTED and direct is None:
        raise ValidationError(
            {"admitted_on": _("The measure is not accepted by a provider yet: refer it from the measure's page first.")}
        )
    try:
        return measure_services.measure_start(
            actor=actor,
            access=access,
            measure=current,
            expected_version=current.version,
            started_on=admitted_on,
            direct_service=direct[0] if direct else None,
            direct_location=direct[1] if direct else None,
            http_request=http_request,
        )
    except ValidationError as error:
        messages = error.message_dict
        raise ValidationError({"admitted_on": [m for texts in messages.values() for m in texts]}) from None


def _check_abroad_form(placement: Placement) -> None:
    """A placement abroad waits for its admission procedure form, accepted by the agency
    (seeds 001, 002)."""
    if not placement_rules(placement.case.pack).is_abroad_type(placement.measure.measure_type.code):
        return
    form = AbroadAdmission.objects.filter(placement=placement).first()
    if form is None or form.agency_decision != AbroadDecision.ACCEPTED:
        raise ValidationError(
            {"admitted_on": _("A placement abroad needs its admission form, accepted by the agency, before the admission.")}
        )


def placement_admit(
    *,
    actor: Any,
    access: CaseAccess,
    placement: Placement,
    expected_version: int,
    admitted_on: dt.date | None,
    place: Place,
    http_request: HttpRequest | None = None,
) -> PlacementStay:
    """The child arrives at the first place; the measure starts and its end is mirrored."""
    _require_edit(access, placement)
    day = checks.check_day(admitted_on, "admitted_on", _("Enter the date the child was admitted."))
    with transaction.atomic():
        current = _locked(placement, expected_version, P.ACTIVE)
        country = checks.check_place(current, place, day)
        _check_abroad_form(current)
        _lock_family(place)
        checks.check_foster_capacity(place, access.case.pack)
        _start_measure(actor, access, current.measure, day, place, http_request)
        stay = _new_stay(actor, current, place, country, day, "")
        current.status, current.admitted_on = P.ACTIVE, day
        _save(current, ["status", "admitted_on"])
        record(
            actor=actor,
            access=access,
            placement=current,
            old=P.PLANNED,
            new=P.ACTIVE,
            action=AuditAction.TRANSITION,
            fields=["status", "admitted_on"],
            http_request=http_request,
            extra={"stay": stay.pk, "exception": bool(stay.capacity_exception)},
        )
    return stay


def _open_stay(placement: Placement) -> PlacementStay:
    stay = (
        PlacementStay.objects.select_for_update().filter(placement=placement, until_on__isnull=True).order_by("-from_on").first()
    )
    if stay is None:  # an active placement always has its current stay
        raise TransitionNotAllowed(placement.status, placement.status)
    return stay


def placement_transfer(
    *,
    actor: Any,
    access: CaseAccess,
    placement: Placement,
    expected_version: int,
    moved_on: dt.date | None,
    place: Place,
    reason: str,
    http_request: HttpRequest | None = None,
) -> PlacementStay:
    """The child moves: the current stay ends the day before ``moved_on``, the next starts that day."""
    _require_edit(access, placement)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for the move.")})
    day = checks.check_day(moved_on, "moved_on", _("Enter the date the child moved."))
    with transaction.atomic():
        current = _locked(placement, expected_version)
        if current.status != P.ACTIVE:
            raise TransitionNotAllowed(current.status, current.status)
        previous = _open_stay(current)
        if day <= previous.from_on:
            raise ValidationError(
                {
                    "moved_on": _("The move must be after the current stay began (%(day)s).")
                    % {"day": previous.from_on.strftime("%d/%m/%Y")}
                }
            )
        if place.same_as(previous):
            raise ValidationError({"place_kind": _("Choose a place other than the current one.")})
        country = checks.check_place(current, place, day)
        _lock_family(place)
        checks.check_foster_capacity(place, access.case.pack)
        previous.until_on = day - dt.timedelta(days=1)
        previous.save(update_fields=["until_on", "updated_at"])
        stay = _new_stay(actor, current, place, country, day, reason.strip())
        _save(current, [])
        record(
            actor=actor,
            access=access,
            placement=current,
            old=P.ACTIVE,
            new=P.ACTIVE,
            action=AuditAction.UPDATE,
            fields=["stays"],
            http_request=http_request,
            extra={"stay": stay.pk, "previous": previous.pk, "reason": reason.strip(), "moved": True},
            obj=stay,
        )
    return stay


# Discharge -------------------------------------------------------------------------------------------


def _discharge_errors(
    access: CaseAccess, destination: str, details: str, decision: JudicialDecision | None, day: dt.date
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if destination not in Destination.values:
        errors["destination"] = _("Choose where the child went.")
    elif destination == Destination.OTHER and not (details or "").strip():
        errors["destination_details"] = _("Say where the child went.")
    rules = placement_rules(access.case.pack)
    if destination == Destination.HOME and checks.is_judicial(access.case) and rules.return_home_needs_decision:
        if decision is None or decision.case_id != access.case.pk:
            errors["return_decision"] = _("The case is judicial: choose the court decision that allows the return home.")
        elif decision.decided_on > day:
            errors["return_decision"] = _("Choose a decision taken on or before the return home.")
    return errors


def placement_discharge(
    *,
    actor: Any,
    access: CaseAccess,
    placement: Placement,
    expected_version: int,
    discharged_on: dt.date | None,
    destination: str,
    destination_details: str = "",
    return_decision: JudicialDecision | None = None,
    http_request: HttpRequest | None = None,
) -> Placement:
    """The placement ends: the last stay closes, the measure ends, where the child went is kept."""
    _require_edit(access, placement)
    day = checks.check_day(discharged_on, "discharged_on", _("Enter the date the child left."))
    errors = _discharge_errors(access, destination, destination_details, return_decision, day)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = _locked(placement, expected_version, P.ENDED)
        stay = _open_stay(current)
        checks.check_day(day, "discharged_on", "", not_before=stay.from_on)
        stay.until_on = day
        stay.save(update_fields=["until_on", "updated_at"])
        home = destination == Destination.HOME
        current.status, current.discharged_on, current.destination = P.ENDED, day, destination
        current.destination_details = (destination_details or "").strip()
        current.return_decision = return_decision if home and return_decision is not None else None
        fields = ["status", "discharged_on", "destination", "destination_details", "return_decision"]
        # The placement ends first: the measures' guard refuses to end a measure with a child placed.
        _save(current, fields)
        measure = Measure.objects.select_related("measure_type").get(pk=current.measure_id)
        if measure.status in RUNNING_STATES:
            reason = _("Placement ended: %(where)s") % {"where": Destination(destination).label}
            measure_services.measure_end(
                actor=actor,
                access=access,
                measure=measure,
                expected_version=measure.version,
                reason=f"{reason}. {destination_details.strip()}".strip(),
                ended_on=day,
                http_request=http_request,
            )
        record(
            actor=actor,
            access=access,
            placement=current,
            old=P.ACTIVE,
            new=P.ENDED,
            action=AuditAction.TRANSITION,
            fields=fields,
            http_request=http_request,
            extra={"destination": destination},
        )
    return current
