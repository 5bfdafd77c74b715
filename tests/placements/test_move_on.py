"""Moving on from a priority placement to a foster family under a new measure: one transaction
that ends the placement and its measure the day before, and starts the next ones that day; the
pages offer it from the placement and from the suggestions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from openaef.cases.models import Framework
from openaef.directory.models import MeasureType
from openaef.measures.models import Measure
from openaef.measures.states import MeasureStatus
from openaef.placements import services
from openaef.placements.checks import Place
from openaef.placements.models import Destination, LegalBasis, Placement, PlacementStatus
from openaef.placements.services_move import placement_move_on
from tests.measures.factories import make_measure

from .conftest import decision, foster_family

TODAY = timezone.localdate()


@pytest.fixture
def judicial_case(case):  # type: ignore[no-untyped-def]
    case.framework = Framework.JUDICIAL
    case.save()
    return case


@pytest.fixture
def urgent(coordinator, access, home, judicial_case):  # type: ignore[no-untyped-def]
    """Léa in a priority placement since ten days ago, under the judge's provisional measure."""
    placement = services.placement_open(
        actor=coordinator,
        access=access,
        measure=make_measure(judicial_case, "STA-PRIO"),
        legal_basis=LegalBasis.COURT,
        decision=decision(judicial_case, on=TODAY - dt.timedelta(days=11)),
    )
    services.placement_admit(
        actor=coordinator,
        access=access,
        placement=placement,
        expected_version=placement.version,
        admitted_on=TODAY - dt.timedelta(days=10),
        place=Place(kind="institution", service=home, living_unit="Crisis unit"),
    )
    placement.refresh_from_db()
    return placement


def _foster_type():  # type: ignore[no-untyped-def]
    return MeasureType.objects.get(pack="lu", code="STA-FOSTER")


def _move(coordinator, access, placement, family, **kw):  # type: ignore[no-untyped-def]
    values = {"measure_type": _foster_type(), "moved_on": TODAY, "reason": "A family setting for the long term."}
    values.update(kw)
    return placement_move_on(
        actor=coordinator,
        access=access,
        placement=placement,
        expected_version=placement.version,
        place=Place(kind="foster_family", foster_family=family),
        **values,
    )


def test_moving_on_ends_the_priority_placement_and_starts_foster_care(coordinator, access, home, urgent):  # type: ignore[no-untyped-def]
    family = foster_family("FF-M", support_service=home)
    following = _move(coordinator, access, urgent, family)
    urgent.refresh_from_db()
    urgent.measure.refresh_from_db()
    assert (urgent.status, urgent.destination, urgent.discharged_on) == (
        PlacementStatus.ENDED,
        Destination.FOSTER_FAMILY,
        TODAY - dt.timedelta(days=1),
    )
    assert urgent.measure.status == MeasureStatus.ENDED and urgent.measure.ended_on == TODAY - dt.timedelta(days=1)
    assert following.status == PlacementStatus.ACTIVE and following.admitted_on == TODAY
    assert following.measure.measure_type.code == "STA-FOSTER" and following.measure.status == MeasureStatus.ACTIVE
    assert (following.legal_basis, following.decision_id) == (LegalBasis.COURT, urgent.decision_id)
    assert following.stays.get().foster_family == family


def test_a_refused_step_leaves_everything_as_it_was(coordinator, access, urgent):  # type: ignore[no-untyped-def]
    without_support = foster_family("FF-N")
    with pytest.raises(ValidationError) as error:
        _move(coordinator, access, urgent, without_support)
    assert "foster_family" in error.value.message_dict
    urgent.refresh_from_db()
    assert urgent.status == PlacementStatus.ACTIVE
    assert Measure.objects.filter(case=urgent.case).count() == 1
    assert Placement.objects.filter(case=urgent.case).count() == 1


def test_moving_on_needs_a_reason_a_type_and_a_day_after_the_stay_began(coordinator, access, home, urgent):  # type: ignore[no-untyped-def]
    family = foster_family("FF-O", support_service=home)
    with pytest.raises(ValidationError) as error:
        _move(coordinator, access, urgent, family, reason=" ", measure_type=None)
    assert {"reason", "measure_type"} <= set(error.value.message_dict)
    with pytest.raises(ValidationError) as error:
        _move(coordinator, access, urgent, family, moved_on=TODAY - dt.timedelta(days=10))
    assert "moved_on" in error.value.message_dict


def test_a_type_that_needs_a_providers_acceptance_is_refused_with_the_way_forward(coordinator, access, home, urgent):  # type: ignore[no-untyped-def]
    institution = MeasureType.objects.get(pack="lu", code="STA-INST-BASE")
    with pytest.raises(ValidationError, match="place") as error:
        _move(coordinator, access, urgent, foster_family("FF-P", support_service=home), measure_type=institution)
    assert "measure_type" in error.value.message_dict


def test_the_suggestions_lead_to_the_move_with_the_family_chosen(login, coordinator, home, urgent):  # type: ignore[no-untyped-def]
    family = foster_family("FF-Q", support_service=home)
    client = login(coordinator)
    page = client.get(reverse("backoffice:foster_suggestions", args=[urgent.case_id])).content.decode()
    move = reverse("backoffice:placement_move_on", args=[urgent.case_id, urgent.pk])
    assert f"{move}?family={family.pk}" in page
    form = client.get(f"{move}?family={family.pk}").content.decode()
    assert f'<option value="{family.pk}" selected>' in form
    detail = client.get(reverse("backoffice:placement_detail", args=[urgent.case_id, urgent.pk])).content.decode()
    assert move in detail


def test_the_move_page_keeps_the_input_on_error_and_moves_on_success(login, coordinator, home, urgent):  # type: ignore[no-untyped-def]
    family = foster_family("FF-R", support_service=home)
    move = reverse("backoffice:placement_move_on", args=[urgent.case_id, urgent.pk])
    data = {
        "version": urgent.version,
        "foster_family": str(family.pk),
        "measure_type": str(_foster_type().pk),
        "moved_on_day": str(TODAY.day),
        "moved_on_month": str(TODAY.month),
        "moved_on_year": str(TODAY.year),
        "reason": "",
    }
    client = login(coordinator)
    response = client.post(move, data)
    assert response.status_code == 400
    assert "Give the reason for the move." in response.content.decode()
    assert f'<option value="{family.pk}" selected>' in response.content.decode()
    response = client.post(move, {**data, "reason": "Long-term family setting."})
    following = Placement.objects.get(case=urgent.case, status=PlacementStatus.ACTIVE)
    assert response.status_code == 302 and response["Location"].endswith(
        reverse("backoffice:placement_detail", args=[urgent.case_id, following.pk])
    )
    assert client.post(move, {**data, "reason": "Again."}).status_code == 409


def test_a_colleague_who_only_reads_cannot_move_the_child(login, colleague, urgent):  # type: ignore[no-untyped-def]
    move = reverse("backoffice:placement_move_on", args=[urgent.case_id, urgent.pk])
    assert login(colleague).get(move).status_code == 403


def test_a_child_already_in_a_foster_family_moves_with_a_transfer_not_a_move_on(coordinator, access, home, urgent):  # type: ignore[no-untyped-def]
    from openaef.core.errors import TransitionNotAllowed

    following = _move(coordinator, access, urgent, foster_family("FF-S", support_service=home))
    with pytest.raises(TransitionNotAllowed):
        _move(coordinator, access, following, foster_family("FF-T", support_service=home))
    assert Placement.objects.filter(case=urgent.case).count() == 2


def test_a_case_turned_judicial_moves_on_under_the_decision_chosen(coordinator, access, home, case):  # type: ignore[no-untyped-def]
    placement = services.placement_open(
        actor=coordinator,
        access=access,
        measure=make_measure(case, "STA-PRIO"),
        legal_basis=LegalBasis.AGREEMENT,
        agreement_on=TODAY - dt.timedelta(days=11),
    )
    services.placement_admit(
        actor=coordinator,
        access=access,
        placement=placement,
        expected_version=placement.version,
        admitted_on=TODAY - dt.timedelta(days=10),
        place=Place(kind="institution", service=home),
    )
    placement.refresh_from_db()
    case.framework = Framework.JUDICIAL
    case.save()
    judgment = decision(case, on=TODAY - dt.timedelta(days=2), kind="judgment")
    following = _move(coordinator, access, placement, foster_family("FF-U", support_service=home), decision=judgment)
    assert (following.legal_basis, following.decision) == (LegalBasis.COURT, judgment)


def test_a_support_service_that_does_not_offer_foster_care_cannot_take_the_measure(coordinator, access, urgent):  # type: ignore[no-untyped-def]
    from tests.directory.factories import ServiceFactory

    elsewhere = ServiceFactory(code="T-OTHER", name={"en": "Day centre"}, measures=["AMB-PSY"], commune="esch-sur-alzette")
    with pytest.raises(ValidationError, match="does not offer") as error:
        _move(coordinator, access, urgent, foster_family("FF-V", support_service=elsewhere))
    assert "foster_family" in error.value.message_dict


def test_a_measure_with_a_placement_planned_is_not_withdrawn_from_under_it(coordinator, access, case):  # type: ignore[no-untyped-def]
    from openaef.measures import services as measure_services

    measure = make_measure(case, "STA-PRIO")
    services.placement_open(
        actor=coordinator, access=access, measure=measure, legal_basis=LegalBasis.AGREEMENT, agreement_on=TODAY
    )
    measure.refresh_from_db()
    with pytest.raises(ValidationError, match="planned under this measure"):
        measure_services.measure_withdraw(
            actor=coordinator, access=access, measure=measure, expected_version=measure.version, reason="Not needed"
        )
