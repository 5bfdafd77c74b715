"""Issue 4's journey, clicked through the pages: Carla writes an intervention project with the
family, her office head validates it, the mother signs it on screen, a planned measure is
referred to a provider, the provider's staff member accepts it (seeing only the minimum) and
sends the initial report drafted with the family, and Carla validates the report.

Only the starting data is written with factories; every step after that is a click."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from openaef.accounts.models import Role
from openaef.cases.models import CaseParticipant, ParticipantRole
from openaef.directory.models import MeasureType, Office
from openaef.measures.models import Measure, ProviderReport, Referral
from openaef.measures.states import MeasureStatus, ReferralStatus, ReportKind, ReportStatus
from openaef.notifications.models import Notification, NotificationKind
from openaef.people.models import Relationship, RelationshipKind
from openaef.projects.models import InterventionProject, NeedAssessment
from openaef.projects.states import ProjectStatus
from tests.accounts.factories import confirmed_authenticator, current_code
from tests.cases.factories import PersonFactory, make_case
from tests.directory.factories import ProviderFactory, ServiceFactory
from tests.factories import PASSWORD, UserFactory
from tests.provider.factories import provider_staff_of

from .conftest import axe_violations

SURNAME = "Hoffelt"
CASE_SUMMARY = "Confidential: the parents separated after a violent dispute in 2025."
SHARED_SUMMARY = "Léa needs a calmer evening routine; her mother asks for help at home twice a week."
GOAL = "Léa goes to bed at regular hours on school days"
INDICATORS = "Five school evenings out of five in bed before 20:30"
SITUATION = "We met Léa and her mother at home; evenings are hard since the separation."


def sign_in(browser: Any, live_server: Any, user: Any) -> Any:
    """A browser of its own for ``user``, signed in with the password and the authenticator's code."""
    authenticator = confirmed_authenticator(user)
    page = browser.new_context(base_url=live_server.url).new_page()
    page.set_default_timeout(10_000)
    page.goto(reverse("backoffice:login"))
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/staff/account/verify/"))
    page.fill("input[name=code]", current_code(authenticator))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/staff/(?!account|login)"))
    return page


def submit(page: Any, form: str = "main form") -> None:
    with page.expect_navigation():
        page.locator(f"{form} button[type=submit]").first.click()


def click_link(page: Any, href: str) -> None:
    with page.expect_navigation():
        page.locator(f"main a[href='{href}']").first.click()


def fill_date(page: Any, name: str, day: dt.date) -> None:
    page.fill(f"input[name={name}_day]", str(day.day))
    page.fill(f"input[name={name}_month]", str(day.month))
    page.fill(f"input[name={name}_year]", str(day.year))


def main_text(page: Any) -> str:
    return page.locator("main").inner_text()


def assert_no_errors(page: Any) -> None:
    summary = page.locator(".govuk-error-summary")
    assert summary.count() == 0, summary.first.inner_text()


def assert_accessible(page: Any) -> None:
    violations = axe_violations(page)
    assert violations == [], (page.url, violations)


def starting_data() -> dict[str, Any]:
    """Carla's case in Esch: Léa (8), her mother Anna holding parental authority; Bob heads the
    office; a family help service offers AMB-PSEF, and Nadia works for its provider."""
    today = timezone.localdate()
    esch = Office.objects.get(pack="lu", code="ORE-ESCH")
    carla = UserFactory(email="carla@example.test", full_name="Carla Coordinatrice", roles=[(Role.COORDINATOR, esch)])
    bob = UserFactory(email="bob@example.test", full_name="Bob Chef", roles=[(Role.OFFICE_HEAD, esch)])
    child = PersonFactory(surname=SURNAME, first_names="Léa", birth_date=dt.date(today.year - 8, 1, 15), languages=["fr"])
    case = make_case(office=esch, coordinator=carla, child=child, summary=CASE_SUMMARY)
    mother = PersonFactory(surname=SURNAME, first_names="Anna", birth_date=dt.date(1988, 4, 2))
    CaseParticipant.objects.create(case=case, person=mother, role=ParticipantRole.PARENT, position=1)
    Relationship.objects.create(person=mother, relative=child, kind=RelationshipKind.MOTHER, holds_parental_authority=True)
    provider = ProviderFactory(name="Familljenhëllef Esch")
    service = ServiceFactory(
        provider=provider,
        code="T-JOURNEY",
        name={"en": "Family help at home", "fr": "Aide à domicile"},
        measures=["AMB-PSEF"],
        commune="esch-sur-alzette",
    )
    nadia = provider_staff_of(provider, email="nadia@example.test", full_name="Nadia Provider")
    return {
        "today": today,
        "carla": carla,
        "bob": bob,
        "case": case,
        "mother": mother,
        "service": service,
        "nadia": nadia,
        "psef": MeasureType.objects.get(pack="lu", code="AMB-PSEF"),
    }


def carla_writes_and_proposes_the_project(page: Any, data: dict[str, Any]) -> InterventionProject:
    case, today = data["case"], data["today"]
    page.goto(reverse("backoffice:case_detail", args=[case.pk]))
    click_link(page, reverse("backoffice:project_start", args=[case.pk]))
    page.check("input[name=language][value=fr]")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    project = InterventionProject.objects.get(case=case)
    assert project.status == ProjectStatus.DRAFT and project.author == data["carla"]
    assert page.url.endswith(reverse("backoffice:project_edit", args=[case.pk, project.pk]))

    page.fill("#id_summary", "Since the separation, evenings are hard; the mother wants help to set a routine.")
    page.select_option("select[name=goals-0-domain]", "upbringing")
    page.fill("textarea[name=goals-0-goal]", GOAL)
    page.fill("textarea[name=goals-0-indicators]", INDICATORS)
    fill_date(page, "goals-0-target_on", today + dt.timedelta(days=180))
    page.select_option("select[name=measures-0-measure_type]", str(data["psef"].pk))
    page.fill("textarea[name=measures-0-purpose]", "Help the mother set rules and an evening routine")
    page.fill("input[name=measures-0-intensity]", "Two visits a week")
    page.select_option("select[name=actions-0-party]", "family")
    page.fill("textarea[name=actions-0-action]", "Keep a diary of bedtimes")
    page.select_option("select[name=actions-1-party]", "coordinator")
    page.fill("textarea[name=actions-1-action]", "Find a family help service")
    page.select_option("select[name=participants-0-person]", str(data["mother"].pk))
    page.fill("input[name=participants-0-role]", "mother")
    submit(page)
    assert_no_errors(page)
    text = main_text(page)
    assert GOAL in text and INDICATORS in text and "Two visits a week" in text and "Keep a diary of bedtimes" in text
    assert list(project.goals.values_list("goal", flat=True)) == [GOAL]
    assert project.planned_measures.get().measure_type == data["psef"]
    assert project.actions.count() == 2

    click_link(page, reverse("backoffice:project_assessment", args=[case.pk, project.pk]))
    page.check("input[name=upbringing][value='4']")
    page.fill("textarea[name=notes_upbringing]", "No rules in the evening")
    page.check("input[name=daily_life][value='3']")
    page.check("input[name=school_work][value='2']")
    submit(page)
    assert_no_errors(page)
    scores = dict(NeedAssessment.objects.filter(case=case).values_list("domain", "score"))
    assert scores == {"upbringing": 4, "daily_life": 3, "school_work": 2}
    assert "4 – Significant difficulty" in page.locator("#needs ~ table").first.inner_text()

    click_link(page, reverse("backoffice:project_transition", args=[case.pk, project.pk, "propose"]))
    submit(page)
    assert_no_errors(page)
    project.refresh_from_db()
    assert project.status == ProjectStatus.PROPOSED
    assert Notification.objects.filter(user=data["bob"], kind=NotificationKind.PROJECT_TO_VALIDATE).exists()
    return project


def bob_validates(browser: Any, live_server: Any, data: dict[str, Any], project: InterventionProject) -> None:
    page = sign_in(browser, live_server, data["bob"])
    page.goto(reverse("backoffice:project_detail", args=[project.case_id, project.pk]))
    click_link(page, reverse("backoffice:project_validate", args=[project.case_id, project.pk]))
    submit(page)
    assert_no_errors(page)
    project.refresh_from_db()
    assert project.status == ProjectStatus.VALIDATED and project.validated_by == data["bob"]
    assert "Validated" in page.locator("main .govuk-tag").first.inner_text()
    page.context.close()


def draw_signature(page: Any) -> None:
    canvas = page.locator("canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + 20, box["y"] + 30)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(box["x"] + 20 + step * 18, box["y"] + 30 + (step % 4) * 12)
    page.mouse.up()
    assert page.evaluate("document.getElementById('id_drawing').value").startswith("M")


def the_mother_signs_and_carla_starts_the_project(page: Any, data: dict[str, Any], project: InterventionProject) -> None:
    case = data["case"]
    detail = reverse("backoffice:project_detail", args=[case.pk, project.pk])
    page.goto(detail)
    click_link(page, reverse("backoffice:project_sign", args=[case.pk, project.pk]))
    page.check(f"input[name=signer][value='{data['mother'].pk}']")
    draw_signature(page)
    submit(page)
    assert_no_errors(page)
    project.refresh_from_db()
    assert project.status == ProjectStatus.AGREED
    signature = project.signatures.get()
    assert signature.person == data["mother"] and signature.method == "drawn" and signature.drawing.count("L") >= 5
    assert page.locator("#signatures ~ table svg.openaef-signature").count() == 1

    click_link(page, reverse("backoffice:project_transition", args=[case.pk, project.pk, "activate"]))
    submit(page)
    assert_no_errors(page)
    project.refresh_from_db()
    assert project.status == ProjectStatus.ACTIVE and project.starts_on == data["today"]
    assert project.next_evaluation_on is not None and project.next_evaluation_on > data["today"]
    assert page.url.split("#")[0].endswith(detail)
    assert "Active" in page.locator("main .govuk-tag").first.inner_text()
    assert_accessible(page)


def carla_refers_the_planned_measure(page: Any, data: dict[str, Any], project: InterventionProject) -> Measure:
    case, service, mother = data["case"], data["service"], data["mother"]
    planned = project.planned_measures.get()
    page.goto(reverse("backoffice:case_detail", args=[case.pk]))
    click_link(page, reverse("backoffice:measure_list", args=[case.pk]))
    click_link(page, reverse("backoffice:measure_create", args=[case.pk]))
    page.check(f"input[name=choice][value='p{planned.pk}']")
    submit(page)
    assert_no_errors(page)
    measure = Measure.objects.get(case=case)
    assert measure.planned == planned and measure.status == MeasureStatus.PLANNED

    click_link(page, reverse("backoffice:measure_refer", args=[case.pk, measure.pk]))
    page.locator(f"input[name=placement][value='{service.pk}'], input[name=placement][value^='{service.pk}-']").first.check()
    page.fill("textarea[name=shared_summary]", SHARED_SUMMARY)
    page.check(f"input[name=consent_by][value='{mother.pk}']")
    page.check("input[name=consent_method][value=written]")
    assert_accessible(page)
    submit(page)
    assert_no_errors(page)
    measure.refresh_from_db()
    referral = Referral.objects.get(measure=measure)
    assert measure.status == MeasureStatus.REFERRED
    assert referral.status == ReferralStatus.SENT and referral.service == service and referral.consent_by == mother
    notice = Notification.objects.get(user=data["nadia"], kind=NotificationKind.REFERRAL_RECEIVED)
    assert notice.url == reverse("backoffice:provider_referral_detail", args=[referral.pk])
    assert SURNAME not in str(notice.params)
    assert SHARED_SUMMARY in main_text(page)
    return measure


def nadia_accepts_the_referral(page: Any, data: dict[str, Any], measure: Measure) -> Referral:
    referral = Referral.objects.get(measure=measure)
    detail = reverse("backoffice:provider_referral_detail", args=[referral.pk])
    assert page.url.split("?")[0].endswith(reverse("backoffice:provider_inbox"))
    inbox = page.content()
    assert "Léa" in inbox and SURNAME not in inbox
    click_link(page, detail)
    html = page.content()
    assert SHARED_SUMMARY in main_text(page)
    assert SURNAME not in html and CASE_SUMMARY not in html
    assert_accessible(page)
    submit(page, f"form[action='{reverse('backoffice:provider_referral_accept', args=[referral.pk])}']")
    assert_no_errors(page)
    referral.refresh_from_db()
    measure.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED and measure.status == MeasureStatus.ACCEPTED
    assert Notification.objects.filter(user=data["carla"], kind=NotificationKind.REFERRAL_ACCEPTED).exists()
    return referral


def carla_starts_the_measure(page: Any, data: dict[str, Any], measure: Measure) -> None:
    case = data["case"]
    page.goto(reverse("backoffice:measure_detail", args=[case.pk, measure.pk]))
    start = reverse("backoffice:measure_action", args=[case.pk, measure.pk, "start"])
    page.locator(f"details:has(form[action='{start}']) summary").click()
    assert page.locator("input[name=start-started_on_day]").input_value() == str(data["today"].day)
    submit(page, f"form[action='{start}']")
    assert_no_errors(page)
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.ACTIVE and measure.started_on == data["today"]
    report = ProviderReport.objects.get(measure=measure)
    assert report.kind == ReportKind.INITIAL and report.due_on is not None and report.due_on > data["today"]
    assert measure.next_report_on == report.due_on


def nadia_sends_the_initial_report(page: Any, data: dict[str, Any], measure: Measure) -> ProviderReport:
    # Starting the measure scheduled the initial report: the provider writes that one.
    report = ProviderReport.objects.get(measure=measure)
    click_link(page, reverse("backoffice:provider_measure_detail", args=[measure.pk]))
    assert "Write a report" not in main_text(page)
    click_link(page, reverse("backoffice:provider_report_edit", args=[report.pk]))
    assert "drafted with the family" in main_text(page)
    page.fill("textarea[name=situation]", SITUATION)
    page.fill("textarea[name=needs]", "An evening routine; time for the mother to rest.")
    page.fill("textarea[name=objectives]", "Bed before 20:30 on school days within three months.")
    page.fill("textarea[name=progress]", "Two visits so far; a bedtime chart is on the fridge.")
    page.check("input[name=drafted_with_family]")
    submit(page)
    assert_no_errors(page)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.kind == ReportKind.INITIAL and report.drafted_with_family
    assert not Notification.objects.filter(user=data["carla"], kind=NotificationKind.REPORT_RECEIVED).exists()

    click_link(page, reverse("backoffice:provider_report_submit", args=[report.pk]))
    submit(page)
    assert_no_errors(page)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.author == data["nadia"]
    assert page.url.endswith(reverse("backoffice:provider_measure_detail", args=[measure.pk]))
    notice = Notification.objects.get(user=data["carla"], kind=NotificationKind.REPORT_RECEIVED)
    assert notice.url == reverse("backoffice:measure_detail", args=[measure.case_id, measure.pk])
    return report


def carla_validates_the_report(page: Any, data: dict[str, Any], measure: Measure, report: ProviderReport) -> None:
    case = data["case"]
    page.goto(reverse("backoffice:measure_detail", args=[case.pk, measure.pk]))
    click_link(page, reverse("backoffice:measure_report", args=[case.pk, measure.pk, report.pk]))
    assert SITUATION in main_text(page)
    assert_accessible(page)
    page.check("input[name=decision][value=validate]")
    submit(page)
    assert_no_errors(page)
    report.refresh_from_db()
    measure.refresh_from_db()
    assert report.status == ReportStatus.VALIDATED and report.reviewed_by == data["carla"]
    assert measure.status == MeasureStatus.ACTIVE
    # The next report, a progress report, is scheduled at the pack's interval.
    following = ProviderReport.objects.exclude(pk=report.pk).get(measure=measure)
    assert following.kind == ReportKind.PROGRESS and following.due_on == measure.next_report_on
    assert "Validated" in page.locator("#reports ~ table").first.inner_text()


def test_a_project_is_written_validated_signed_and_its_measure_referred_accepted_and_reported_on(browser, live_server, lu_pack):  # type: ignore[no-untyped-def]
    data = starting_data()

    carla = sign_in(browser, live_server, data["carla"])
    project = carla_writes_and_proposes_the_project(carla, data)
    bob_validates(browser, live_server, data, project)
    the_mother_signs_and_carla_starts_the_project(carla, data, project)
    measure = carla_refers_the_planned_measure(carla, data, project)

    nadia = sign_in(browser, live_server, data["nadia"])
    referral = nadia_accepts_the_referral(nadia, data, measure)

    carla_starts_the_measure(carla, data, measure)
    report = nadia_sends_the_initial_report(nadia, data, measure)
    carla_validates_the_report(carla, data, measure, report)

    project.refresh_from_db()
    referral.refresh_from_db()
    assert project.status == ProjectStatus.ACTIVE
    assert referral.status == ReferralStatus.ACCEPTED
    report.refresh_from_db()
    assert report.status == ReportStatus.VALIDATED
    # The e-mails say that something happened, never to whom.
    sent_to = {address for message in mail.outbox for address in message.to}
    assert {data["bob"].email, data["nadia"].email, data["carla"].email} <= sent_to
    assert not [m.subject for m in mail.outbox if SURNAME in m.subject or "Léa" in m.subject]
    carla.context.close()
    nadia.context.close()
