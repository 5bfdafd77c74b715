import io

import pytest
from django.utils import timezone

from openaef.accounts.management.commands._demo_data import DEMO_DOMAIN
from openaef.accounts.management.commands._demo_rights import load_demo_rights
from openaef.accounts.models import Role
from openaef.cases.deadlines import is_business_day
from openaef.cases.models import CaseParticipant, Confidentiality, JournalNote, NoteKind, ParticipantRole
from openaef.directory.models import OfficeKind
from openaef.rights.models import (
    AccessAppointment,
    AccessChannel,
    AccessConsultation,
    AppointmentStatus,
    ExportStatus,
    FileAccessRequest,
    FileAccessRequestEvent,
    FileExport,
    ItemDecision,
)
from openaef.rights.states import AccessStatus
from tests.cases.factories import PersonFactory, make_case
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_dpo(db):  # type: ignore[no-untyped-def]
    return UserFactory(email=f"dpo@{DEMO_DOMAIN}", full_name="Henri Schroeder", roles=[Role.DATA_PROTECTION_OFFICER])


@pytest.fixture
def demo_families(office, coordinator):  # type: ignore[no-untyped-def]
    """Ana Tavares and Noé Kayser, as the demo cases open them; Noé's file names his father."""
    ana = PersonFactory(first_names="Ana", surname="Tavares")
    make_case(office=office, coordinator=coordinator, child=ana)
    noe = PersonFactory(first_names="Noé", surname="Kayser")
    case = make_case(office=office, coordinator=coordinator, child=noe)
    mother = PersonFactory(first_names="Carine", surname="Kayser")
    father = PersonFactory(first_names="Yves", surname="Lentz")
    CaseParticipant.objects.create(case=case, person=mother, role=ParticipantRole.PARENT, position=1)
    CaseParticipant.objects.create(case=case, person=father, role=ParticipantRole.PARENT, position=2)
    JournalNote.objects.create(
        case=case, author=coordinator, kind=NoteKind.VISIT, occurred_on=timezone.localdate(), text="Yves Lentz came too."
    )
    JournalNote.objects.create(
        case=case,
        author=coordinator,
        kind=NoteKind.CALL,
        occurred_on=timezone.localdate(),
        text="A neighbour called.",
        confidentiality=Confidentiality.RESTRICTED,
    )
    return {"ana": ana, "noe": noe}


def test_the_demo_loads_three_requests_at_three_stages_once(demo_dpo, demo_families) -> None:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    assert load_demo_rights(out) == 3
    assert "File-access requests: 3 new." in out.getvalue()
    requests = {r.status: r for r in FileAccessRequest.objects.all()}
    assert set(requests) == {AccessStatus.RECEIVED, AccessStatus.APPOINTMENT_OFFERED, AccessStatus.CLOSED}

    received = requests[AccessStatus.RECEIVED]
    assert received.channel == AccessChannel.WEB and received.person is None and received.identity_checked_at is None

    offered = requests[AccessStatus.APPOINTMENT_OFFERED]
    assert offered.person == demo_families["ana"] and offered.identity_checked_by == demo_dpo
    appointment = AccessAppointment.objects.get(request=offered)
    assert appointment.status == AppointmentStatus.OFFERED and appointment.office.kind == OfficeKind.REGIONAL
    day = timezone.localtime(appointment.starts_at).date()
    assert day > timezone.localdate() and is_business_day(day) and day <= offered.due_on

    closed = requests[AccessStatus.CLOSED]
    assert closed.person == demo_families["noe"]
    consultation = AccessConsultation.objects.get(request=closed)
    assert consultation.attendees and consultation.shown and consultation.held_at < timezone.now()
    export = FileExport.objects.get(request=closed)
    assert consultation.export == export and export.status == ExportStatus.RELEASED and export.sha256
    decisions = set(export.items.values_list("decision", flat=True))
    assert decisions == {ItemDecision.RELEASE, ItemDecision.REDACT, ItemDecision.WITHHOLD}
    assert not export.items.filter(released_text__contains="Lentz").exists()

    # The history reads like a month, never in the future.
    assert not FileAccessRequestEvent.objects.filter(at__gt=timezone.now()).exists()
    assert FileAccessRequestEvent.objects.filter(request=closed).earliest("at").at < timezone.now() - timezone.timedelta(days=30)

    # A second load adds nothing.
    counts = (FileAccessRequest.objects.count(), AccessAppointment.objects.count(), FileExport.objects.count())
    assert load_demo_rights(io.StringIO()) == 0
    assert (FileAccessRequest.objects.count(), AccessAppointment.objects.count(), FileExport.objects.count()) == counts


def test_without_the_demo_cases_the_requests_still_load_unlinked(demo_dpo) -> None:  # type: ignore[no-untyped-def]
    assert load_demo_rights(io.StringIO()) == 3
    assert not FileAccessRequest.objects.filter(person__isnull=False).exists()
    closed = FileAccessRequest.objects.get(status=AccessStatus.CLOSED)
    assert AccessConsultation.objects.get(request=closed).export is None
    assert not FileExport.objects.exists()


def test_without_the_demo_officer_it_says_so_and_loads_nothing() -> None:
    out = io.StringIO()
    assert load_demo_rights(out) == 0
    assert "No demo data protection officer" in out.getvalue()
    assert not FileAccessRequest.objects.exists()
