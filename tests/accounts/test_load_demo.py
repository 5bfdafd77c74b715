from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from openaef.accounts.models import Membership, Role, User
from openaef.audit.models import AuditEvent
from openaef.cases.models import CaseEvent, CaseEventKind, CaseTask, Framework
from openaef.consents.models import ActKind, Complaint, ConsentAnswer, ConsentRequest, EverydayAct
from openaef.courts.models import Hearing, JudicialDecision, OrderedMeasure
from openaef.directory.models import Provider, Service, ServiceLocation
from openaef.foster.models import (
    FosterApproval,
    FosterFamily,
    FosterFamilyEvent,
    FosterFamilyStatus,
    FosterHouseholdMember,
    FosterTraining,
)
from openaef.intake.models import HelpRequest, HelpRequestEvent
from openaef.intake.states import RequestStatus
from openaef.measures.states import MeasureStatus, ReferralStatus
from openaef.placements.models import (
    Destination,
    FosterCareAgreement,
    LegalBasis,
    PlaceKind,
    Placement,
    PlacementStatus,
    PlacementStay,
    VisitArrangement,
)

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, int, int, int]:
    return User.objects.count(), Membership.objects.count(), HelpRequest.objects.count(), HelpRequestEvent.objects.count()


def load(**options: object) -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out, **options)
    return out.getvalue()


def test_it_refuses_to_run_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        load()
    assert HelpRequest.objects.count() == 0


def test_it_gives_the_same_counts_when_run_twice(settings):
    settings.DEBUG = True
    load()
    first = counts()
    load()
    assert counts() == first
    assert first[2] >= 40


def test_it_runs_with_force_when_debug_is_off(settings):
    settings.DEBUG = False
    load(force=True)
    assert HelpRequest.objects.count() >= 40


def test_it_creates_a_login_for_every_role(settings, monkeypatch):
    settings.DEBUG = True
    monkeypatch.setenv("OPENAEF_DEMO_PASSWORD", "another demo password")
    load()
    assert set(Membership.objects.filter(user__email__endswith="@demo.openaef.lu").values_list("role", flat=True)) == set(
        Role.values
    )
    intake = User.objects.get(email="intake@demo.openaef.lu")
    assert intake.check_password("another demo password")
    heads = Membership.objects.filter(role=Role.OFFICE_HEAD).values_list("office__code", flat=True)
    assert len(set(heads)) >= 2


def test_it_covers_every_status_channel_and_priority_through_the_services(settings):
    settings.DEBUG = True
    load()
    requests = HelpRequest.objects.all()
    assert set(requests.values_list("status", flat=True)) == set(RequestStatus.values)
    assert set(requests.values_list("channel", flat=True)) == {"web", "phone", "walk_in", "paper"}
    assert set(requests.values_list("priority", flat=True)) == {1, 2, 3}
    for accepted in requests.filter(status="accepted"):
        assert accepted.coordinator.memberships.filter(role=Role.COORDINATOR, office=accepted.office).exists()
    for closed in requests.filter(status__in=["referred", "not_eligible", "withdrawn"]):
        assert closed.outcome_reason
    assert all(r.events.filter(kind="created").exists() for r in requests)


def test_it_prints_the_demo_logins(settings, monkeypatch):
    monkeypatch.delenv("OPENAEF_DEMO_PASSWORD", raising=False)
    settings.DEBUG = True
    load()
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    assert "intake@demo.openaef.lu" in text
    assert "http://127.0.0.1:8000/fr/staff/" in text
    assert "demo-only-Kannerbuero-2026" in text


def test_every_demo_account_gets_an_authenticator_whose_secret_is_printed(settings):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from openaef.accounts.twofactor import manual_secret

    settings.DEBUG = True
    load()
    load()
    demo_users = User.objects.filter(email__endswith="@demo.openaef.lu")
    assert TOTPDevice.objects.filter(user__in=demo_users, confirmed=True).count() == demo_users.count()
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    device = TOTPDevice.objects.get(user__email="intake@demo.openaef.lu")
    assert manual_secret(device).replace(" ", "") in out.getvalue()
    assert "manage.py totp_code" in out.getvalue()


def test_totp_code_prints_the_current_code_in_development(settings):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from .factories import current_code

    settings.DEBUG = True
    load()
    out = io.StringIO()
    call_command("totp_code", "intake@demo.openaef.lu", stdout=out)
    device = TOTPDevice.objects.get(user__email="intake@demo.openaef.lu")
    assert out.getvalue().strip() in {current_code(device), current_code(device, offset_steps=-1)}


def test_totp_code_refuses_when_debug_is_off(settings):
    settings.DEBUG = True
    load()
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("totp_code", "intake@demo.openaef.lu", stdout=io.StringIO())


def demo_user(local_part: str) -> User:
    return User.objects.get(email=f"{local_part}@demo.openaef.lu")


def test_it_builds_an_active_project_signed_by_the_parent_with_an_evaluation_scheduled(settings):
    from openaef.projects.models import InterventionProject, NeedAssessment, SignatureMethod
    from openaef.projects.states import ProjectStatus

    settings.DEBUG = True
    load()
    active = InterventionProject.objects.get(status=ProjectStatus.ACTIVE)
    assert active.author == demo_user("coordinator.esch")
    assert active.validated_by == demo_user("head.esch")
    signature = active.signatures.get()
    assert signature.method == SignatureMethod.DRAWN and signature.role == "parent"
    evaluation = active.evaluations.get()
    assert evaluation.held_on is None and evaluation.task is not None and evaluation.due_on == active.next_evaluation_on
    assert NeedAssessment.objects.filter(case=active.case).values("assessed_on").distinct().count() == 2
    assert 8 <= active.case.child.age_on(active.case.opened_on) <= 9
    proposed = InterventionProject.objects.get(status=ProjectStatus.PROPOSED)
    assert proposed.case.office == active.case.office


def test_the_demo_provider_sees_a_new_referral_a_waiting_list_and_a_report_to_review(settings):
    from openaef.measures.models import ProviderReport, Referral, ServiceCapacity
    from openaef.measures.selectors_provider import visible_referrals, waiting_position
    from openaef.measures.states import MeasureStatus, ReferralStatus, ReportKind, ReportStatus

    settings.DEBUG = True
    load()
    staff = demo_user("provider")
    mine = visible_referrals(staff)
    assert mine.filter(status=ReferralStatus.SENT).count() == 1
    waiting = list(mine.filter(status=ReferralStatus.WAITING))
    assert len({r.service_id for r in waiting}) == 1
    assert sorted(waiting_position(r) for r in waiting) == [1, 2, 3]
    accepted = mine.get(status=ReferralStatus.ACCEPTED)
    assert accepted.measure.status == MeasureStatus.ACTIVE
    report = ProviderReport.objects.get(measure=accepted.measure, kind=ReportKind.INITIAL)
    assert report.status == ReportStatus.SUBMITTED and report.drafted_with_family
    assert accepted.measure.activity.exists()
    elsewhere = Referral.objects.exclude(provider_id=accepted.provider_id)
    assert elsewhere.filter(status=ReferralStatus.SENT).exists()
    assert not mine.filter(pk__in=elsewhere.values("pk")).exists()
    capacity = ServiceCapacity.objects.get(service=accepted.service)
    next_month = (timezone.localdate().replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    assert capacity.available_from == next_month


def test_the_services_notify_the_provider_the_office_head_and_the_coordinator(settings):
    from openaef.notifications.models import Notification, NotificationKind

    settings.DEBUG = True
    load()

    def kinds(local_part: str) -> set[str]:
        return set(Notification.objects.filter(user=demo_user(local_part)).values_list("kind", flat=True))

    assert NotificationKind.REFERRAL_RECEIVED in kinds("provider")
    assert NotificationKind.PROJECT_TO_VALIDATE in kinds("head.esch")
    assert {NotificationKind.REPORT_RECEIVED, NotificationKind.REFERRAL_WAITING} <= kinds("coordinator.esch")


def test_a_second_run_adds_no_case_project_measure_report_or_notification(settings):
    from openaef.cases.models import CaseEvent, CaseFile
    from openaef.measures.models import ActivityRecord, Measure, ProviderReport, Referral, ServiceCapacity
    from openaef.notifications.models import Notification
    from openaef.people.models import Person
    from openaef.projects.models import InterventionProject, NeedAssessment, ProjectRevision

    models = [
        Person,
        CaseFile,
        CaseEvent,
        InterventionProject,
        ProjectRevision,
        NeedAssessment,
        Measure,
        Referral,
        ProviderReport,
        ActivityRecord,
        ServiceCapacity,
        Notification,
        *DEMO_PLACEMENT_MODELS,
    ]
    settings.DEBUG = True
    load()
    first = [model.objects.count() for model in models]
    assert CaseFile.objects.count() == 8
    assert all(first[-len(DEMO_PLACEMENT_MODELS) :])
    output = load()
    assert "0 new case files" in output and "0 new case files with placements" in output
    assert [model.objects.count() for model in models] == first


# Placements, foster families, the court and consents (issue 5) ------------------------------------

DEMO_PLACEMENT_MODELS = [
    Placement,
    PlacementStay,
    VisitArrangement,
    FosterCareAgreement,
    FosterFamily,
    FosterApproval,
    FosterHouseholdMember,
    FosterTraining,
    FosterFamilyEvent,
    JudicialDecision,
    Hearing,
    OrderedMeasure,
    ConsentRequest,
    ConsentAnswer,
    EverydayAct,
    Complaint,
    Provider,
    Service,
    ServiceLocation,
    User,
    Membership,
    AuditEvent,
    CaseTask,
]


def placement_of(first_names: str, code: str) -> Placement:
    return Placement.objects.select_related("case", "measure__measure_type").get(
        case__child__first_names=first_names, measure__measure_type__code=code
    )


def test_it_places_three_children_through_the_measure_flow_and_the_placement_services(settings):
    settings.DEBUG = True
    load()
    assert Placement.objects.count() == 4
    assert {p.measure.measure_type.category for p in Placement.objects.select_related("measure__measure_type")} == {"stationary"}
    for placement in Placement.objects.all():
        assert placement.measure.referrals.filter(status=ReferralStatus.ACCEPTED).exists()
        assert CaseEvent.objects.filter(case=placement.case, kind=CaseEventKind.PLACEMENT).exists()
        assert AuditEvent.objects.filter(object_type="placements.placement", object_id=str(placement.pk)).exists()
    crisis = placement_of("Eva", "STA-PRIO")
    assert crisis.status == PlacementStatus.ENDED and crisis.legal_basis == LegalBasis.AGREEMENT
    assert crisis.destination == Destination.FOSTER_FAMILY and crisis.measure.status == MeasureStatus.ENDED
    fostered = placement_of("Eva", "STA-FOSTER")
    assert fostered.status == PlacementStatus.ACTIVE and fostered.admitted_on == crisis.discharged_on
    stay = fostered.stays.get()
    assert stay.place_kind == PlaceKind.FOSTER_FAMILY and stay.foster_family.status == FosterFamilyStatus.APPROVED
    assert fostered.visits.count() == 3 and fostered.agreement.status == "draft"
    priority = placement_of("Yara", "STA-PRIO")
    assert priority.status == PlacementStatus.ACTIVE and priority.legal_basis == LegalBasis.AGREEMENT
    today = timezone.localdate()
    assert priority.measure.end_task is not None and today < priority.measure.ends_on <= today + datetime.timedelta(days=30)


def test_the_judicial_placement_rests_on_a_recorded_decision_and_moved_once(settings):
    settings.DEBUG = True
    load()
    placement = placement_of("Kevin", "STA-INST-BASE")
    assert placement.case.framework == Framework.JUDICIAL
    assert placement.legal_basis == LegalBasis.COURT and placement.decision.case_id == placement.case_id
    decision = placement.decision
    assert decision.review_on > timezone.localdate() and decision.review_task.due_on == decision.review_on
    assert decision.hearings.get().task is not None
    assert decision.ordered_measures.get().measure_id == placement.measure_id
    first, second = placement.stays.order_by("from_on")
    assert first.until_on == second.from_on - datetime.timedelta(days=1) and second.until_on is None
    assert first.location_id != second.location_id and second.reason


def test_it_registers_foster_families_in_every_state_with_one_approval_ending_soon(settings):
    from openaef.foster.parameters import foster_rules
    from openaef.foster.selectors import approvals_ending, support_services

    settings.DEBUG = True
    load()
    families = FosterFamily.objects.all()
    assert 4 <= families.count() <= 6
    assert set(families.values_list("status", flat=True)) == {
        FosterFamilyStatus.APPLIED,
        FosterFamilyStatus.ASSESSMENT,
        FosterFamilyStatus.APPROVED,
        FosterFamilyStatus.SUSPENDED,
    }
    today = timezone.localdate()
    window = today + datetime.timedelta(days=foster_rules().ending_soon_days)
    approved = families.filter(status=FosterFamilyStatus.APPROVED)
    assert approved.filter(approved_until__gt=today, approved_until__lte=window).count() == 1
    assert approved.filter(approved_until__gt=window).exists()
    ending = approvals_ending(demo_user("coordinator.diff"), today)
    assert [f.status for f in ending] == [FosterFamilyStatus.APPROVED]
    renewed = families.get(approvals__kind="renewal")
    assert renewed.members.count() == 3 and renewed.trainings.exists()
    offered = set(support_services("lu"))
    assert all(f.support_service in offered for f in families.filter(support_service__isnull=False))
    assert families.filter(support_service__isnull=False).count() == 3
    assert all(f.events.filter(kind="created").exists() for f in families)


def test_it_asks_the_parents_about_a_surgery_and_assigns_a_complaint_to_a_coordinator(settings):
    from openaef.notifications.models import Notification, NotificationKind

    settings.DEBUG = True
    load()
    request = ConsentRequest.objects.get()
    assert request.act_kind == ActKind.SURGERY and request.asked_of.count() == 2
    assert request.answers.get().answer == "agree" and request.status == "asked"
    assert request.deadline_task is not None and request.deadline_task.done_at is None
    assert EverydayAct.objects.get().placement.measure.measure_type.code == "STA-FOSTER"
    complaint = Complaint.objects.get()
    assert complaint.status == "assigned" and complaint.assigned_to == demo_user("coordinator2.esch")
    assert complaint.answer_task.assigned_to == complaint.assigned_to
    assert Notification.objects.filter(user=complaint.assigned_to, kind=NotificationKind.COMPLAINT_ASSIGNED).exists()


def test_the_demo_placement_pages_open_for_the_coordinators(settings, client):
    settings.DEBUG = True
    load()
    for placement in Placement.objects.select_related("case__coordinator"):
        client.force_login(placement.case.coordinator)
        case_pk = placement.case_id
        for name, args in [
            ("backoffice:case_detail", [case_pk]),
            ("backoffice:placement_list", [case_pk]),
            ("backoffice:placement_detail", [case_pk, placement.pk]),
            ("backoffice:court_page", [case_pk]),
            ("backoffice:consent_page", [case_pk]),
        ]:
            assert client.get(reverse(name, args=args)).status_code == 200, name
    client.force_login(demo_user("coordinator.diff"))
    assert client.get(reverse("backoffice:foster_register")).status_code == 200
    for family in FosterFamily.objects.all():
        assert client.get(reverse("backoffice:foster_detail", args=[family.pk])).status_code == 200


# Money (issue 6) ------------------------------------------------------------------------------


def test_the_demo_assesses_invoices_and_prepares_a_payment_run_through_the_services(settings, client):
    from django.db.models import Sum
    from django.utils import timezone

    from openaef.finance.models import Assessment, Invoice, LedgerEntry, PaymentRun, Statement, Tariff
    from openaef.measures.models import Measure

    settings.DEBUG = True
    load()
    before_this_month = Measure.objects.filter(
        provider__code="DEMO-KANNERHAFF", status="active", started_on__lt=timezone.localdate().replace(day=1)
    )
    assert Tariff.objects.filter(provider__code="DEMO-KANNERHAFF").count() == 4
    assert Assessment.objects.filter(status="decided").count() == before_this_month.count() >= 1
    assert Invoice.objects.count() == before_this_month.count()
    statement = Statement.objects.get()
    assert statement.status == "validated"
    run = PaymentRun.objects.get()
    assert run.status == "draft" and run.total == statement.total and run.created_by == demo_user("finance2")
    totals = LedgerEntry.objects.aggregate(debit=Sum("debit"), credit=Sum("credit"))
    assert totals["debit"] == totals["credit"] > 0
    counts_before = [m.objects.count() for m in (Tariff, Assessment, Invoice, Statement, PaymentRun, LedgerEntry)]
    assert "0 parents' contributions decided" in load()
    assert [m.objects.count() for m in (Tariff, Assessment, Invoice, Statement, PaymentRun, LedgerEntry)] == counts_before

    client.force_login(demo_user("finance"))
    for name, args in [
        ("backoffice:finance_home", []),
        ("backoffice:assessment_worklist", []),
        ("backoffice:invoice_list", []),
        ("backoffice:payment_run_detail", [run.pk]),
        ("backoffice:billing_statement_detail", [statement.pk]),
        ("backoffice:ledger_journal", []),
        ("backoffice:parameters_list", []),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 200, name
