"""A child moves on to a placement under another measure: a priority placement ends and care in
a foster family begins, the same day, under the same legal basis (or a newer decision).

One service, one transaction: the next measure is created from its type (its age range applies),
the current placement is discharged the day before the move (its measure ends), the next
placement opens and the child is admitted (a foster family or an urgent type starts the measure at
once, ``checks.direct_service``). Either all of it is recorded or nothing is.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from openaef.cases.selectors import CaseAccess
from openaef.core.errors import TransitionNotAllowed
from openaef.courts.models import JudicialDecision
from openaef.directory.models import MeasureCategory, MeasureType
from openaef.measures import services as measure_services
from openaef.measures.models import Measure

from . import checks
from .checks import Place
from .models import Destination, LegalBasis, PlaceKind, Placement, PlacementStatus
from .services import _lock_family, _locked, _open_stay, _require_edit, placement_admit, placement_discharge, placement_open

# The next steps' own fields, named as the move's form names them.
_FIELDS = {
    "admitted_on": "moved_on",
    "discharged_on": "moved_on",
    "measure": "measure_type",
    "place_kind": "measure_type",
    "legal_basis": "decision",
}


def _renamed(error: ValidationError) -> ValidationError:
    messages: dict[str, list[str]] = {}
    for field, texts in error.message_dict.items():
        messages.setdefault(_FIELDS.get(field, field), []).extend(texts)
    return ValidationError(messages)


def _check_request(access: CaseAccess, measure_type: MeasureType | None, reason: str, day: dt.date | None) -> dt.date:
    errors: dict[str, str] = {}
    if measure_type is None or measure_type.pack != access.case.pack or measure_type.category != MeasureCategory.STATIONARY:
        errors["measure_type"] = _("Choose the measure the child moves on to.")
    if not (reason or "").strip():
        errors["reason"] = _("Give the reason for the move.")
    try:
        checks.check_day(day, "moved_on", _("Enter the date the child moved."))
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    assert day is not None
    return day


def placement_move_on(
    *,
    actor: Any,
    access: CaseAccess,
    placement: Placement,
    expected_version: int,
    measure_type: MeasureType | None,
    moved_on: dt.date | None,
    place: Place,
    reason: str,
    decision: JudicialDecision | None = None,
    http_request: HttpRequest | None = None,
) -> Placement:
    """Ends ``placement`` the day before ``moved_on`` and admits the child that day to ``place``
    under a new measure of ``measure_type``; returns the new placement."""
    _require_edit(access, placement)
    day = _check_request(access, measure_type, reason, moved_on)
    assert measure_type is not None
    try:
        with transaction.atomic():
            current = _locked(placement, expected_version)
            if current.status != PlacementStatus.ACTIVE:
                raise TransitionNotAllowed(current.status, current.status)
            stay = _open_stay(current)
            if not checks.stays_in_institution(stay):
                raise TransitionNotAllowed(current.status, current.status)
            if day <= stay.from_on:
                raise ValidationError(
                    {
                        "moved_on": _("The move must be after the current stay began (%(day)s).")
                        % {"day": f"{stay.from_on:%d/%m/%Y}"}
                    }
                )
            # Every row lock before the first write: the first audit entry takes the audit chain's
            # lock until commit, and the admissions lock the family before they audit.
            _lock_family(place)
            Measure.objects.select_for_update().filter(pk=current.measure_id).first()
            checks.check_place_kind(measure_type, access.case, place)
            if checks.direct_service(measure_type, access.case, place) is None:
                message = _(
                    "A measure of type %(code)s starts once a provider has accepted it: set it up and refer it from the "
                    "case's measures, then record the discharge and the admission."
                )
                raise ValidationError({"measure_type": message % {"code": measure_type.code}})
            measure = measure_services.measure_create(
                actor=actor, access=access, measure_type=measure_type, planned_start=day, http_request=http_request
            )
            foster = place.kind == PlaceKind.FOSTER_FAMILY
            placement_discharge(
                actor=actor,
                access=access,
                placement=current,
                expected_version=current.version,
                discharged_on=day - dt.timedelta(days=1),
                destination=Destination.FOSTER_FAMILY if foster else Destination.OTHER_PLACEMENT,
                destination_details=reason.strip(),
                http_request=http_request,
            )
            # A judicial case needs a court decision even when the placement rested on an agreement.
            court = current.legal_basis == LegalBasis.COURT or checks.is_judicial(access.case)
            following = placement_open(
                actor=actor,
                access=access,
                measure=measure,
                legal_basis=LegalBasis.COURT if court else current.legal_basis,
                agreement_on=None if court else current.agreement_on,
                decision=(decision or current.decision) if court else None,
                http_request=http_request,
            )
            placement_admit(
                actor=actor,
                access=access,
                placement=following,
                expected_version=following.version,
                admitted_on=day,
                place=place,
                http_request=http_request,
            )
    except ValidationError as error:
        raise _renamed(error) from None
    following.refresh_from_db()
    return following
