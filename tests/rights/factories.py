"""File-access requests for tests: made through the service, as the product makes them."""

from __future__ import annotations

from datetime import datetime
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
