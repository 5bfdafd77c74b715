"""File-access requests for tests: made through the service, as the product makes them."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from openaef.intake.forms import new_signed_token
from openaef.rights.models import AccessChannel, Applicant, FileAccessRequest
from openaef.rights.services import AccessRequestInput, access_request_submit


def access_input(**overrides: Any) -> AccessRequestInput:
    values: dict[str, Any] = {
        "applicant": Applicant.PARENT,
        "surname_at_birth": "Weber",
        "first_names": "Anne",
        "place_of_birth": "Esch-sur-Alzette",
        "child_name": "Lena Weber",
        "contact_email": "anne@example.test",
    }
    values.update(overrides)
    return AccessRequestInput(**values)


def make_access_request(*, received_at: datetime | None = None, **overrides: Any) -> FileAccessRequest:
    request, _created = access_request_submit(
        actor=None, data=access_input(**overrides), channel=AccessChannel.WEB, received_at=received_at
    )
    return request


def public_form_data(**overrides: str) -> dict[str, str]:
    data = {
        "applicant": "parent",
        "child_name": "Lena Weber",
        "surname_at_birth": "Weber",
        "first_names": "Anne",
        "place_of_birth": "Esch-sur-Alzette",
        "birth_date_day": "",
        "birth_date_month": "",
        "birth_date_year": "",
        "contact_email": "anne@example.test",
        "contact_phone": "",
        "contact_address": "",
        "submission_token": new_signed_token(),
    }
    data.update(overrides)
    return data


def checked_request(actor: Any, **overrides: Any) -> FileAccessRequest:
    """A request whose identity is checked (a child's with their capacity of discernment)."""
    from openaef.rights.models import IdentityDocument
    from openaef.rights.services import access_request_transition
    from openaef.rights.states import AccessStatus

    request = make_access_request(**overrides)
    return access_request_transition(
        actor=actor,
        access_request=request,
        target=AccessStatus.IDENTITY_CHECKED,
        expected_version=request.version,
        identity_document=IdentityDocument.IDENTITY_CARD,
        identity_document_last4="1234",
        discernment_note="Aged 15, asked in writing and explained why." if overrides.get("applicant") == Applicant.CHILD else "",
    )


def next_opening(office: Any, *, after: date | None = None, at: time = time(14)) -> datetime:
    """The first working day after ``after`` (tomorrow by default) when ``office`` is open, at ``at``."""
    from django.utils import timezone

    from openaef.cases.deadlines import is_business_day

    day = (after or timezone.localdate()) + timedelta(days=1)
    weekdays = {int(row["weekday"]) for row in office.opening_hours} or {1, 2, 3, 4, 5}
    while not (is_business_day(day) and day.isoweekday() in weekdays):
        day += timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, at))


def slot_data(office: Any, starts: datetime, professional: Any, version: int, **overrides: str) -> dict[str, str]:
    from django.utils import timezone

    local = timezone.localtime(starts)
    data = {
        "office": str(office.pk),
        "date_day": str(local.day),
        "date_month": str(local.month),
        "date_year": str(local.year),
        "start_time": local.strftime("%H:%M"),
        "duration": "60",
        "professional": str(professional.pk),
        "version": str(version),
    }
    data.update(overrides)
    return data
