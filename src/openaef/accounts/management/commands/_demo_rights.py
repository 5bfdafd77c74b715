"""File-access requests in the demo (AEF law art. 7, GDPR art. 15): one just received through the
web form; one with the identity checked and an appointment offered at a regional office; one
consulted (the copy of the file reviewed and handed over) and closed.

Everything goes through the rights services, as the data protection officer would do it from the
pages; the history is then spread back over the days since receipt, as ``load_demo`` backdates
requests for help, so that the pages read like a real month. Idempotent: each request has a
fixed submission token, and a request that exists already is left alone. Fictional people only.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone

from openaef.accounts.models import User
from openaef.cases.deadlines import is_business_day
from openaef.directory.models import Office
from openaef.people.models import Person
from openaef.rights.models import (
    AccessAppointment,
    AccessChannel,
    Applicant,
    FileAccessRequest,
    FileAccessRequestEvent,
    FileExport,
    IdentityDocument,
    ItemDecision,
    ItemFlag,
    WithholdReason,
)
from openaef.rights.services import (
    AccessRequestInput,
    access_request_link_person,
    access_request_submit,
    access_request_transition,
)
from openaef.rights.services_appointments import ConsultationInput, Slot, access_appointment_offer, access_consultation_record
from openaef.rights.services_export import export_item_decide, export_prepare, export_release
from openaef.rights.states import AccessStatus

from ._demo_data import DEMO_DOMAIN

# Fixed namespace: the same demo request gets the same token on every run, and
# access_request_submit returns the existing request for a token it has seen.
TOKEN_NAMESPACE = uuid.UUID("0c7b1f52-3a7e-4d1e-8a61-0aef0de70007")
OFFICE = "ORE-ESCH"


@dataclass(frozen=True)
class DemoAccessRequest:
    key: str
    goal: str  # AccessStatus the request is taken to
    days_ago: int
    data: AccessRequestInput
    # The demo child whose file it is (first names, surname), when the demo cases hold them.
    child: tuple[str, str] | None = None


REQUESTS = [
    DemoAccessRequest(
        "received",
        AccessStatus.RECEIVED,
        2,
        AccessRequestInput(
            applicant=Applicant.SELF,
            surname_at_birth="Reiter",
            first_names="Jessica",
            place_of_birth="Ettelbruck",
            birth_date=dt.date(1999, 6, 14),
            contact_email="jessica.reiter@example.org",
        ),
    ),
    DemoAccessRequest(
        "appointment",
        AccessStatus.APPOINTMENT_OFFERED,
        9,
        AccessRequestInput(
            applicant=Applicant.PARENT,
            surname_at_birth="Tavares",
            first_names="Rui",
            place_of_birth="Porto, Portugal",
            child_name="Ana Tavares",
            contact_email="rui.tavares@example.org",
        ),
        child=("Ana", "Tavares"),
    ),
    DemoAccessRequest(
        "closed",
        AccessStatus.CLOSED,
        40,
        AccessRequestInput(
            applicant=Applicant.PARENT,
            surname_at_birth="Kayser",
            first_names="Carine",
            place_of_birth="Esch-sur-Alzette",
            child_name="Noé Kayser",
            contact_phone="+352691234567",
            contact_address="12, rue de l'Alzette\nL-4010 Esch-sur-Alzette",
        ),
        child=("Noé", "Kayser"),
    ),
]


def next_opening(office: Office, after: dt.date, at: dt.time = dt.time(14)) -> dt.datetime:
    """The first working day after ``after`` when ``office`` is open (pack weekdays, 1 = Monday)."""
    weekdays = {int(row["weekday"]) for row in office.opening_hours} or {1, 2, 3, 4, 5}
    day = after + dt.timedelta(days=1)
    while not (is_business_day(day) and day.isoweekday() in weekdays):
        day += dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(day, at))


def _demo_child(pack: str, names: tuple[str, str] | None) -> Person | None:
    if names is None:
        return None
    first, surname = names
    return (
        Person.objects.filter(pack=pack, first_names=first, surname=surname, merged_into__isnull=True, anonymised_at__isnull=True)
        .order_by("pk")
        .first()
    )


def _check_identity(dpo: User, access_request: FileAccessRequest, last4: str) -> FileAccessRequest:
    return access_request_transition(
        actor=dpo,
        access_request=access_request,
        target=AccessStatus.IDENTITY_CHECKED,
        expected_version=access_request.version,
        identity_document=IdentityDocument.IDENTITY_CARD,
        identity_document_last4=last4,
    )


def _review(dpo: User, export: FileExport) -> FileExport:
    """What a reviewer would decide: restricted notes withheld, other people's names redacted
    as proposed, the rest released."""
    for item in export.items.order_by("position"):
        export.refresh_from_db(fields=["version"])
        item.export = export
        if item.flag == ItemFlag.RESTRICTED:
            decision = {"decision": ItemDecision.WITHHOLD, "reason_category": WithholdReason.CONFIDENCE}
        elif item.third_parties and item.released_text.strip() != item.original_text.strip():
            decision = {"decision": ItemDecision.REDACT, "released_text": item.released_text}
        else:
            decision = {"decision": ItemDecision.RELEASE}
        export_item_decide(actor=dpo, item=item, expected_version=export.version, **decision)
    export.refresh_from_db()
    return export_release(actor=dpo, export=export, expected_version=export.version)


def _offer(dpo: User, access_request: FileAccessRequest, office: Office) -> AccessAppointment:
    slot = Slot(office=office, starts_at=next_opening(office, timezone.localdate()), duration_minutes=60, professional=dpo)
    return access_appointment_offer(actor=dpo, access_request=access_request, slot=slot, expected_version=access_request.version)


def _consult_and_close(dpo: User, access_request: FileAccessRequest, spec: DemoAccessRequest) -> None:
    export = None
    if access_request.person_id is not None:
        export = _review(dpo, export_prepare(actor=dpo, access_request=access_request))
        access_request.refresh_from_db()
    held = timezone.localtime() - dt.timedelta(days=spec.days_ago - 20)
    access_consultation_record(
        actor=dpo,
        access_request=access_request,
        data=ConsultationInput(
            held_at=held.replace(hour=14, minute=30, second=0, microsecond=0),
            attendees=f"{spec.data.first_names} {spec.data.surname_at_birth} (mother), without an appointment",
            identity_document=IdentityDocument.IDENTITY_CARD,
            identity_document_last4="4821",
            shown="The case file, the journal notes and the intervention project, read with the coordinator.",
            notes="She asked for a copy of the file: it was handed over, reviewed first for other people's data.",
            export=export,
        ),
        expected_version=access_request.version,
    )
    access_request.refresh_from_db()
    access_request_transition(
        actor=dpo, access_request=access_request, target=AccessStatus.CLOSED, expected_version=access_request.version
    )


def _build(spec: DemoAccessRequest, dpo: User, office: Office, pack: str) -> bool:
    received_at = timezone.now() - dt.timedelta(days=spec.days_ago, hours=3)
    access_request, created = access_request_submit(
        actor=None,
        data=spec.data,
        channel=AccessChannel.WEB if spec.goal != AccessStatus.CLOSED else AccessChannel.PAPER,
        submission_token=uuid.uuid5(TOKEN_NAMESPACE, f"demo-access-{spec.key}"),
        received_at=received_at,
    )
    if not created:
        return False
    if spec.goal != AccessStatus.RECEIVED:
        child = _demo_child(pack, spec.child)
        if child is not None:
            access_request = access_request_link_person(
                actor=dpo, access_request=access_request, person=child, expected_version=access_request.version
            )
        access_request = _check_identity(dpo, access_request, "4821" if spec.goal == AccessStatus.CLOSED else "K93P")
        if spec.goal == AccessStatus.APPOINTMENT_OFFERED:
            _offer(dpo, access_request, office)
        else:
            _consult_and_close(dpo, access_request, spec)
    _backdate(access_request, received_at)
    return True


def _backdate(access_request: FileAccessRequest, received_at: dt.datetime) -> None:
    # Demo only: the services stamp events with the time they run; a day or two between steps
    # makes the history read like real work (never later than now).
    now = timezone.now()
    for step, event in enumerate(FileAccessRequestEvent.objects.filter(request=access_request).order_by("id")):
        FileAccessRequestEvent.objects.filter(pk=event.pk).update(at=min(received_at + dt.timedelta(hours=step * 30), now))
    checked = FileAccessRequest.objects.filter(pk=access_request.pk, identity_checked_at__isnull=False)
    checked.update(identity_checked_at=min(received_at + dt.timedelta(hours=30), now))


def load_demo_rights(stdout: Any) -> int:
    """The entry point ``load_demo`` calls once the demo staff and cases exist; returns how many
    requests were added (0 on a second run)."""
    dpo = User.objects.filter(email=f"dpo@{DEMO_DOMAIN}").first()
    office = Office.objects.filter(pack=settings.OPENAEF_PACK, code=OFFICE).first()
    if dpo is None or office is None:
        stdout.write("No demo data protection officer (or no Esch office): the file-access requests were not loaded.")
        return 0
    created = sum(_build(spec, dpo, office, settings.OPENAEF_PACK) for spec in REQUESTS)
    stdout.write(f"File-access requests: {created} new.")
    return created
