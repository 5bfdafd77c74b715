"""Issue 5's journey, clicked through the pages: in a judicial case Carla records the youth
judge's provisional custody decision, opens a priority placement under it and admits Léa to a
crisis unit the same day (no referral first: an urgent placement); the daily check alerts her
before the three months run out; she moves Léa on to a foster family chosen from the suggestions;
then she asks both parents to consent to an operation and records their answers.

Only the starting data is written with factories; every step after that is a click, except the
daily check, which runs as the worker would, on the day the alert is due."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from openaef.accounts.models import Role
from openaef.cases.models import CaseParticipant, Framework, ParticipantRole
from openaef.consents.models import ConsentRequest
from openaef.consents.states import ConsentStatus
from openaef.courts.models import JudicialDecision
from openaef.directory.models import Commune, Language, MeasureType, Office
from openaef.foster.models import FosterFamily, FosterFamilyStatus
from openaef.measures.models import Measure
from openaef.measures.states import MeasureStatus
from openaef.notifications.models import Notification, NotificationKind
from openaef.notifications.tasks import notify_due
from openaef.people.models import Relationship, RelationshipKind
from openaef.placements.models import Destination, Placement, PlacementStatus
from tests.cases.factories import PersonFactory, make_case
from tests.directory.factories import ProviderFactory, ServiceFactory
from tests.factories import UserFactory

from .test_project_measure_journey import (
    assert_accessible,
    assert_no_errors,
    click_link,
    fill_date,
    main_text,
    sign_in,
    submit,
)

SURNAME = "Weber"


def starting_data() -> dict[str, Any]:
    """Carla's judicial case in Esch: Léa (9), both parents holding parental authority; a crisis
    unit offering priority placements; two approved foster families followed by a support
    service, the Esch one speaking Léa's language."""
    today = timezone.localdate()
    esch = Office.objects.get(pack="lu", code="ORE-ESCH")
    carla = UserFactory(email="carla@example.test", full_name="Carla Coordinatrice", roles=[(Role.COORDINATOR, esch)])
    commune = Commune.objects.get(pack="lu", code="esch-sur-alzette")
    child = PersonFactory(
        surname=SURNAME, first_names="Léa", birth_date=dt.date(today.year - 9, 3, 1), languages=["fr"], commune=commune
    )
    case = make_case(office=esch, coordinator=carla, child=child, framework=Framework.JUDICIAL)
    parents = []
    for position, (first, kind) in enumerate((("Anna", RelationshipKind.MOTHER), ("Marc", RelationshipKind.FATHER)), 1):
        parent = PersonFactory(surname=SURNAME, first_names=first, birth_date=dt.date(1986, 5, position))
        CaseParticipant.objects.create(case=case, person=parent, role=ParticipantRole.PARENT, position=position)
        Relationship.objects.create(person=parent, relative=child, kind=kind, holds_parental_authority=True)
        parents.append(parent)
    crisis = ServiceFactory(
        provider=ProviderFactory(name="Foyer Esch"),
        code="T-CRISIS",
        name={"en": "Crisis unit", "fr": "Unité de crise"},
        measures=["STA-PRIO"],
        commune="esch-sur-alzette",
    )
    support = ServiceFactory(
        provider=ProviderFactory(name="Service familles d'accueil"),
        code="T-FOSTER",
        name={"en": "Foster family support"},
        measures=["STA-FOSTER"],
        commune="esch-sur-alzette",
    )
    families = []
    for reference, name, place in (("FAM-J1", "Family Muller", "esch-sur-alzette"), ("FAM-J2", "Family Thill", "wiltz")):
        family = FosterFamily.objects.create(
            pack="lu",
            reference=reference,
            name=name,
            status=FosterFamilyStatus.APPROVED,
            capacity=2,
            approved_from=today - dt.timedelta(days=400),
            approved_until=today + dt.timedelta(days=700),
            support_service=support,
            commune=Commune.objects.get(pack="lu", code=place),
        )
        families.append(family)
    families[0].languages.add(Language.objects.get_or_create(code="fr")[0])
    return {"today": today, "carla": carla, "case": case, "parents": parents, "crisis": crisis, "families": families}


def carla_records_the_judges_decision(page: Any, data: dict[str, Any]) -> JudicialDecision:
    case, today = data["case"], data["today"]
    page.goto(reverse("backoffice:case_detail", args=[case.pk]))
    click_link(page, reverse("backoffice:court_page", args=[case.pk]))
    click_link(page, reverse("backoffice:court_decision_add", args=[case.pk]))
    page.check("input[name=kind][value=provisional]")
    page.check("input[name=authority][value=judge]")
    page.select_option("select[name=court]", index=1)
    page.fill("input[name=court_reference]", "TJ 2026/118")
    fill_date(page, "decided_on", today)
    page.fill("textarea[name=summary]", "Provisional placement in a crisis unit.")
    submit(page)
    assert_no_errors(page)
    decision = JudicialDecision.objects.get(case=case)
    assert decision.kind == "provisional" and decision.decided_on == today
    return decision


def carla_opens_and_admits_the_emergency_placement(page: Any, data: dict[str, Any], decision: JudicialDecision) -> Placement:
    case, today = data["case"], data["today"]
    prio = MeasureType.objects.get(pack="lu", code="STA-PRIO")
    page.goto(reverse("backoffice:measure_list", args=[case.pk]))
    click_link(page, reverse("backoffice:measure_create", args=[case.pk]))
    page.check(f"input[name=choice][value='t{prio.pk}']")
    submit(page)
    assert_no_errors(page)
    measure = Measure.objects.get(case=case)
    assert measure.status == MeasureStatus.PLANNED

    page.goto(reverse("backoffice:case_detail", args=[case.pk]))
    click_link(page, reverse("backoffice:placement_list", args=[case.pk]))
    click_link(page, reverse("backoffice:placement_open", args=[case.pk]))
    assert page.locator("input[name=legal_basis][value=court]").is_checked()  # the case is judicial
    page.check(f"input[name=measure][value='{measure.pk}']")
    page.select_option("select[name=decision]", str(decision.pk))
    assert_accessible(page)
    submit(page)
    assert_no_errors(page)
    placement = Placement.objects.get(measure=measure)
    assert placement.status == PlacementStatus.PLANNED and placement.decision == decision

    click_link(page, reverse("backoffice:placement_admit", args=[case.pk, placement.pk]))
    page.check("input[name=place_kind][value=institution]")
    page.select_option("select[name=institution]", index=1)
    page.fill("input[name=living_unit]", "Crisis unit")
    fill_date(page, "admitted_on", today)
    assert_accessible(page)
    submit(page)
    assert_no_errors(page)
    placement.refresh_from_db()
    measure.refresh_from_db()
    ends_on = today + relativedelta(months=3)
    assert placement.status == PlacementStatus.ACTIVE and placement.admitted_on == today
    assert measure.status == MeasureStatus.ACTIVE and measure.service == data["crisis"] and measure.ends_on == ends_on
    text = main_text(page)
    assert "Crisis unit" in text and "The coordinator is reminded on" in text
    assert_accessible(page)
    return placement


def the_alert_fires_before_three_months(page: Any, data: dict[str, Any], placement: Placement) -> None:
    measure = placement.measure
    assert measure.ends_on is not None
    notify_due(measure.ends_on - dt.timedelta(days=60))
    assert not Notification.objects.filter(user=data["carla"], kind=NotificationKind.MEASURE_ENDING).exists()
    notify_due(measure.ends_on - dt.timedelta(days=7))
    notice = Notification.objects.get(user=data["carla"], kind=NotificationKind.MEASURE_ENDING)
    assert notice.params == {"reference": data["case"].reference, "ends_on": measure.ends_on.isoformat()}
    notify_due(measure.ends_on - dt.timedelta(days=6))
    assert Notification.objects.filter(user=data["carla"], kind=NotificationKind.MEASURE_ENDING).count() == 1
    page.goto(reverse("backoffice:notification_list"))
    assert data["case"].reference in main_text(page)
    submit(page, f"form[action='{reverse('backoffice:notification_open', args=[notice.pk])}']")
    assert page.url.endswith(notice.url) and "STA-PRIO" in main_text(page)


def carla_moves_lea_to_a_suggested_family(page: Any, data: dict[str, Any], placement: Placement) -> Placement:
    case, today = data["case"], data["today"]
    muller = data["families"][0]
    page.goto(reverse("backoffice:case_detail", args=[case.pk]))
    click_link(page, reverse("backoffice:foster_suggestions", args=[case.pk]))
    first = page.locator("main ol > li").first
    assert "Family Muller" in first.inner_text() and "Speaks the child's language" in first.inner_text()
    assert_accessible(page)
    move = reverse("backoffice:placement_move_on", args=[case.pk, placement.pk])
    click_link(page, f"{move}?family={muller.pk}")
    assert page.locator("select[name=foster_family]").input_value() == str(muller.pk)
    foster_type = MeasureType.objects.get(pack="lu", code="STA-FOSTER")
    assert page.locator(f"input[name=measure_type][value='{foster_type.pk}']").is_checked()
    fill_date(page, "moved_on", today)
    submit(page)  # no reason given: the error keeps the choices
    assert "Give the reason for the move." in page.locator(".govuk-error-summary").inner_text()
    assert page.locator("select[name=foster_family]").input_value() == str(muller.pk)
    assert_accessible(page)
    page.fill("textarea[name=reason]", "The crisis is over; a family setting while the parents' situation settles.")
    submit(page)  # Léa arrived today: she cannot move on the same day
    assert "The move must be after the current stay began" in page.locator(".govuk-error-summary").inner_text()
    assert Placement.objects.filter(case=case).count() == 1
    placement.stays.update(from_on=today - dt.timedelta(days=80))  # as if Léa had arrived 80 days ago
    Placement.objects.filter(pk=placement.pk).update(admitted_on=today - dt.timedelta(days=80))
    Measure.objects.filter(pk=placement.measure_id).update(started_on=today - dt.timedelta(days=80))
    submit(page)
    assert_no_errors(page)
    placement.refresh_from_db()
    following = Placement.objects.get(case=case, status=PlacementStatus.ACTIVE)
    assert placement.status == PlacementStatus.ENDED and placement.destination == Destination.FOSTER_FAMILY
    assert placement.discharged_on == today - dt.timedelta(days=1)
    assert following.measure.measure_type.code == "STA-FOSTER" and following.decision_id == placement.decision_id
    assert following.stays.get().foster_family == muller
    assert page.url.endswith(reverse("backoffice:placement_detail", args=[case.pk, following.pk]))
    assert "Foster family Family Muller" in main_text(page)
    return following


def carla_asks_the_parents_to_consent_to_an_operation(page: Any, data: dict[str, Any], following: Placement) -> None:
    case, today = data["case"], data["today"]
    anna, marc = data["parents"]
    page.goto(reverse("backoffice:case_detail", args=[case.pk]))
    click_link(page, reverse("backoffice:consent_page", args=[case.pk]))
    click_link(page, reverse("backoffice:consent_request_create", args=[case.pk]))
    page.check("input[name=act_kind][value=surgery]")
    page.fill("textarea[name=description]", "Removal of the tonsils at the CHEM on 14 December, after repeated infections.")
    page.check(f"input[name=asked_of][value='{anna.pk}']")
    page.check(f"input[name=asked_of][value='{marc.pk}']")
    fill_date(page, "asked_on", today)
    fill_date(page, "deadline_on", today + dt.timedelta(days=10))  # the pack sets no time limit: typed
    page.select_option("select[name=placement]", str(following.pk))
    submit(page)
    assert_no_errors(page)
    request = ConsentRequest.objects.get(case=case)
    assert request.status == ConsentStatus.ASKED and set(request.asked_of.all()) == {anna, marc}
    assert "Surgery" in main_text(page)  # back on the case's consents, the request listed
    click_link(page, reverse("backoffice:consent_request_detail", args=[case.pk, request.pk]))
    assert_accessible(page)

    answer = reverse("backoffice:consent_request_action", args=[case.pk, request.pk, "answer"])
    for parent in (anna, marc):
        page.locator(f"details:has(form[action='{answer}']) summary").click()
        page.check(f"input[name=answer-person][value='{parent.pk}']")
        page.check("input[name=answer-answer][value=agree]")
        page.check("input[name=answer-how][value=writing]")
        submit(page, f"form[action='{answer}']")
        assert_no_errors(page)
    request.refresh_from_db()
    assert request.status == ConsentStatus.AGREED and request.answers.count() == 2
    assert "Agreed" in page.locator("main .govuk-tag").first.inner_text()
    assert_accessible(page)


def test_an_emergency_placement_moves_on_to_a_foster_family_and_the_parents_consent(browser, live_server, lu_pack):  # type: ignore[no-untyped-def]
    data = starting_data()
    page = sign_in(browser, live_server, data["carla"])
    decision = carla_records_the_judges_decision(page, data)
    placement = carla_opens_and_admits_the_emergency_placement(page, data, decision)
    the_alert_fires_before_three_months(page, data, placement)
    following = carla_moves_lea_to_a_suggested_family(page, data, placement)
    carla_asks_the_parents_to_consent_to_an_operation(page, data, following)
    page.context.close()
