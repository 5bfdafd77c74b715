"""The placement services: the legal basis, the measure's own rules applied at admission (ages,
three months and the end alert), the foster family maximum and its exception, transfers,
discharge with the court's decision in a judicial case, and the version check."""

from __future__ import annotations

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.utils import timezone

from openaef.audit.models import AuditEvent
from openaef.cases.models import CaseEvent, Framework
from openaef.core.errors import StaleVersion
from openaef.measures.states import MeasureStatus
from openaef.placements import selectors, services
from openaef.placements.checks import Place
from openaef.placements.models import AbroadAdmission, AbroadDecision, Destination, LegalBasis, PlacementStatus
from tests.measures.factories import accepted_measure, make_measure

from .conftest import decision, foster_family

TODAY = timezone.localdate()


def _open(coordinator, access, measure, **kw):  # type: ignore[no-untyped-def]
    values = {"legal_basis": LegalBasis.AGREEMENT, "agreement_on": TODAY - dt.timedelta(days=3)}
    values.update(kw)
    return services.placement_open(actor=coordinator, access=access, measure=measure, **values)


def _institution(home):  # type: ignore[no-untyped-def]
    return Place(kind="institution", service=home, living_unit="Groupe 2")


def _admit(coordinator, access, placement, place, day=None):  # type: ignore[no-untyped-def]
    return services.placement_admit(
        actor=coordinator,
        access=access,
        placement=placement,
        expected_version=placement.version,
        admitted_on=day or TODAY - dt.timedelta(days=2),
        place=place,
    )


def test_it_opens_a_placement_on_the_parents_agreement_and_records_it(coordinator, access, home):  # type: ignore[no-untyped-def]
    placement = _open(coordinator, access, accepted_measure(access.case, home, "STA-PRIO"))
    assert placement.status == PlacementStatus.PLANNED and placement.agreement_on is not None
    assert CaseEvent.objects.filter(case=access.case, kind="placement", data__placement=placement.pk).exists()
    assert AuditEvent.objects.filter(object_type="placements.placement", object_id=str(placement.pk)).exists()


def test_it_refuses_an_ambulatory_measure_clearly(coordinator, access, home):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as error:
        _open(coordinator, access, make_measure(access.case, "AMB-PSY"))
    assert "ambulatory" in error.value.message_dict["measure"][0]


def test_a_judicial_case_needs_a_court_decision_of_the_case(coordinator, access, home, case):  # type: ignore[no-untyped-def]
    case.framework = Framework.JUDICIAL
    case.save()
    measure = accepted_measure(case, home, "STA-PRIO")
    with pytest.raises(ValidationError) as error:
        _open(coordinator, access, measure)
    assert "judicial" in error.value.message_dict["legal_basis"][0]
    with pytest.raises(ValidationError) as error:
        _open(coordinator, access, measure, legal_basis=LegalBasis.COURT)
    assert "decision" in error.value.message_dict
    placement = _open(coordinator, access, measure, legal_basis=LegalBasis.COURT, decision=decision(case))
    assert placement.decision is not None and placement.agreement_on is None


def test_admission_starts_the_measure_with_three_months_and_the_end_alert(coordinator, access, home):  # type: ignore[no-untyped-def]
    placement = _open(coordinator, access, accepted_measure(access.case, home, "STA-PRIO"))
    day = TODAY - dt.timedelta(days=2)
    stay = _admit(coordinator, access, placement, _institution(home), day)
    placement.refresh_from_db()
    measure = placement.measure
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.ACTIVE and measure.started_on == day
    assert measure.ends_on == day + relativedelta(months=3)
    assert measure.end_task is not None and measure.end_task.due_on == measure.ends_on
    assert (stay.country, stay.living_unit, placement.status) == ("LU", "Groupe 2", PlacementStatus.ACTIVE)


def test_admission_applies_the_types_age_range(coordinator, access, home):  # type: ignore[no-untyped-def]
    placement = _open(coordinator, access, accepted_measure(access.case, home, "STA-U3"))
    with pytest.raises(ValidationError) as error:
        _admit(coordinator, access, placement, _institution(home))
    assert "from 0 to 2 years" in error.value.message_dict["admitted_on"][0]
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.PLANNED and not placement.stays.exists()


def test_admission_waits_for_the_providers_acceptance(coordinator, access, home):  # type: ignore[no-untyped-def]
    placement = _open(coordinator, access, make_measure(access.case, "STA-INST-BASE"))
    with pytest.raises(ValidationError, match="not accepted"):
        _admit(coordinator, access, placement, _institution(home))
    placement.measure.refresh_from_db()
    assert placement.measure.status == MeasureStatus.PLANNED


def test_an_urgent_priority_placement_starts_its_measure_without_a_referral(coordinator, access, home):  # type: ignore[no-untyped-def]
    placement = _open(coordinator, access, make_measure(access.case, "STA-PRIO"))
    _admit(coordinator, access, placement, _institution(home), TODAY)
    measure = placement.measure
    measure.refresh_from_db()
    assert (measure.status, measure.service, measure.provider_id) == (MeasureStatus.ACTIVE, home, home.provider_id)
    assert measure.ends_on == TODAY + relativedelta(months=3) and measure.end_task is not None
    assert CaseEvent.objects.filter(case=access.case, data__direct=True).exists()


def test_a_foster_familys_support_service_takes_the_measure_it_starts(coordinator, access, home):  # type: ignore[no-untyped-def]
    placement = _open(coordinator, access, make_measure(access.case, "STA-FOSTER"))
    without = foster_family("FF-5")
    with pytest.raises(ValidationError, match="supports this foster family"):
        _admit(coordinator, access, placement, Place(kind="foster_family", foster_family=without))
    placement.refresh_from_db()
    _admit(coordinator, access, placement, Place(kind="foster_family", foster_family=foster_family("FF-6", support_service=home)))
    measure = placement.measure
    measure.refresh_from_db()
    assert (measure.status, measure.service) == (MeasureStatus.ACTIVE, home)


def test_the_place_must_fit_the_measure_type(coordinator, access, home):  # type: ignore[no-untyped-def]
    foster = _open(coordinator, access, accepted_measure(access.case, home, "STA-FOSTER"))
    with pytest.raises(ValidationError, match="foster family") as error:
        _admit(coordinator, access, foster, _institution(home))
    assert "place_kind" in error.value.message_dict
    institution = _open(coordinator, access, accepted_measure(access.case, home, "STA-INST-BASE"))
    with pytest.raises(ValidationError, match="institution"):
        _admit(coordinator, access, institution, Place(kind="foster_family", foster_family=foster_family()))


def test_a_decision_lifting_a_measure_is_no_basis_for_a_placement(coordinator, access, home, case):  # type: ignore[no-untyped-def]
    case.framework = Framework.JUDICIAL
    case.save()
    lifting = decision(case, kind="lifting")
    with pytest.raises(ValidationError, match="lifting"):
        _open(coordinator, access, make_measure(case, "STA-PRIO"), legal_basis=LegalBasis.COURT, decision=lifting)


def test_the_measure_page_cannot_end_a_measure_with_a_child_placed(coordinator, access, home):  # type: ignore[no-untyped-def]
    from openaef.measures import services as measure_services

    placement = _open(coordinator, access, accepted_measure(access.case, home, "STA-PRIO"))
    _admit(coordinator, access, placement, _institution(home))
    measure = placement.measure
    measure.refresh_from_db()
    with pytest.raises(ValidationError, match="discharge"):
        measure_services.measure_end(
            actor=coordinator, access=access, measure=measure, expected_version=measure.version, reason="Done", ended_on=TODAY
        )
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.ACTIVE


def _foster_placement(coordinator, access, home):  # type: ignore[no-untyped-def]
    return _open(coordinator, access, accepted_measure(access.case, home, "STA-FOSTER"))


def _fill(family, coordinator, access, home, count):  # type: ignore[no-untyped-def]
    for _n in range(count):
        _admit(
            coordinator, access, _foster_placement(coordinator, access, home), Place(kind="foster_family", foster_family=family)
        )


def test_a_foster_family_takes_four_children_then_only_with_a_recorded_exception(coordinator, access, home):  # type: ignore[no-untyped-def]
    family = foster_family()
    _fill(family, coordinator, access, home, 4)
    fifth = _foster_placement(coordinator, access, home)
    with pytest.raises(ValidationError) as error:
        _admit(coordinator, access, fifth, Place(kind="foster_family", foster_family=family))
    assert "4 children" in error.value.message_dict["capacity_exception"][0]
    fifth.refresh_from_db()
    stay = _admit(
        coordinator, access, fifth, Place(kind="foster_family", foster_family=family, capacity_exception="Siblings together.")
    )
    assert stay.capacity_exception == "Siblings together."
    assert selectors.children_placed_with(family.pk) == 5


def test_a_foster_family_takes_no_more_than_its_own_places_without_an_exception(coordinator, access, home):  # type: ignore[no-untyped-def]
    family = foster_family(capacity=2)
    _fill(family, coordinator, access, home, 2)
    third = _foster_placement(coordinator, access, home)
    with pytest.raises(ValidationError) as error:
        _admit(coordinator, access, third, Place(kind="foster_family", foster_family=family))
    assert "2 places" in error.value.message_dict["capacity_exception"][0]
    third.refresh_from_db()
    stay = _admit(coordinator, access, third, Place(kind="foster_family", foster_family=family, capacity_exception="Short stay."))
    assert stay.capacity_exception == "Short stay."


def test_a_foster_family_whose_approval_ended_takes_no_child(coordinator, access, home):  # type: ignore[no-untyped-def]
    family = foster_family(approved_until=TODAY - dt.timedelta(days=5))
    placement = _foster_placement(coordinator, access, home)
    with pytest.raises(ValidationError, match="approval ended") as error:
        _admit(coordinator, access, placement, Place(kind="foster_family", foster_family=family))
    assert "foster_family" in error.value.message_dict


def test_a_foster_family_must_be_approved(coordinator, access, home):  # type: ignore[no-untyped-def]
    placement = _foster_placement(coordinator, access, home)
    with pytest.raises(ValidationError) as error:
        _admit(coordinator, access, placement, Place(kind="foster_family", foster_family=foster_family("FF-2", "assessment")))
    assert "foster_family" in error.value.message_dict


def test_a_transfer_closes_the_stay_and_opens_the_next_with_the_rule(coordinator, access, home):  # type: ignore[no-untyped-def]
    placement = _open(coordinator, access, accepted_measure(access.case, home, "STA-EMERG"))
    first = _admit(coordinator, access, placement, _institution(home), TODAY - dt.timedelta(days=10))
    placement.refresh_from_db()
    full = foster_family("FF-9")
    _fill(full, coordinator, access, home, 4)
    with pytest.raises(ValidationError):
        services.placement_transfer(
            actor=coordinator,
            access=access,
            placement=placement,
            expected_version=placement.version,
            moved_on=TODAY,
            place=Place(kind="foster_family", foster_family=full),
            reason="Family setting",
        )
    first.refresh_from_db()
    assert first.until_on is None
    second = services.placement_transfer(
        actor=coordinator,
        access=access,
        placement=placement,
        expected_version=placement.version,
        moved_on=TODAY,
        place=Place(kind="foster_family", foster_family=foster_family("FF-3")),
        reason="Family setting",
    )
    first.refresh_from_db()
    assert first.until_on == TODAY - dt.timedelta(days=1) and second.from_on == TODAY and second.reason == "Family setting"
    assert list(selectors.placed_on(TODAY).filter(placement=placement)) == [second]
    assert list(selectors.placed_on(TODAY - dt.timedelta(days=1)).filter(placement=placement)) == [first]


def test_a_stale_version_is_refused(coordinator, access, home):  # type: ignore[no-untyped-def]
    placement = _open(coordinator, access, accepted_measure(access.case, home, "STA-PRIO"))
    with pytest.raises(StaleVersion):
        services.placement_admit(
            actor=coordinator,
            access=access,
            placement=placement,
            expected_version=placement.version + 1,
            admitted_on=TODAY,
            place=_institution(home),
        )


def _discharge(coordinator, access, placement, **kw):  # type: ignore[no-untyped-def]
    placement.refresh_from_db()
    values = {"discharged_on": TODAY, "destination": Destination.HOME}
    values.update(kw)
    return services.placement_discharge(
        actor=coordinator, access=access, placement=placement, expected_version=placement.version, **values
    )


def test_discharge_ends_the_stay_and_the_measure(coordinator, access, home):  # type: ignore[no-untyped-def]
    placement = _open(coordinator, access, accepted_measure(access.case, home, "STA-PRIO"))
    stay = _admit(coordinator, access, placement, _institution(home))
    ended = _discharge(coordinator, access, placement)
    stay.refresh_from_db()
    ended.measure.refresh_from_db()
    assert (ended.status, ended.destination, stay.until_on) == (PlacementStatus.ENDED, Destination.HOME, TODAY)
    assert ended.measure.status == MeasureStatus.ENDED and ended.measure.end_task.done_at is not None


def test_in_a_judicial_case_a_return_home_needs_the_decision(coordinator, access, home, case):  # type: ignore[no-untyped-def]
    case.framework = Framework.JUDICIAL
    case.save()
    placement = _open(
        coordinator, access, accepted_measure(case, home, "STA-PRIO"), legal_basis=LegalBasis.COURT, decision=decision(case)
    )
    _admit(coordinator, access, placement, _institution(home))
    with pytest.raises(ValidationError) as error:
        _discharge(coordinator, access, placement)
    assert "return_decision" in error.value.message_dict
    lifting = decision(case, TODAY, "lifting")
    ended = _discharge(coordinator, access, placement, return_decision=lifting)
    assert ended.return_decision == lifting


def test_somewhere_else_needs_the_details(coordinator, access, home):  # type: ignore[no-untyped-def]
    placement = _open(coordinator, access, accepted_measure(access.case, home, "STA-PRIO"))
    _admit(coordinator, access, placement, _institution(home))
    with pytest.raises(ValidationError) as error:
        _discharge(coordinator, access, placement, destination=Destination.OTHER)
    assert "destination_details" in error.value.message_dict


def test_a_placement_abroad_needs_another_country(coordinator, access, home):  # type: ignore[no-untyped-def]
    placement = _open(coordinator, access, accepted_measure(access.case, home, "STA-ABROAD"))
    with pytest.raises(ValidationError, match="admission form"):
        _admit(coordinator, access, placement, Place(kind="institution", institution_name="Kinderheim Trier", country="DE"))
    AbroadAdmission.objects.create(
        placement=placement,
        country="DE",
        institution_name="Kinderheim Trier",
        institution_address="Trier",
        why_abroad="Specialised care",
        tried_in_country="Two homes",
        agency_decision=AbroadDecision.ACCEPTED,
        created_by=coordinator,
    )
    placement.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        _admit(coordinator, access, placement, Place(kind="institution", institution_name="Kinderheim Trier", country="LU"))
    assert "country" in error.value.message_dict
    placement.refresh_from_db()
    stay = _admit(coordinator, access, placement, Place(kind="institution", institution_name="Kinderheim Trier", country="DE"))
    assert (stay.country, stay.service, stay.institution_name) == ("DE", None, "Kinderheim Trier")
