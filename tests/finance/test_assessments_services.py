"""The contribution services: a draft computed at once, decided, superseded by a reassessment."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from openaef.audit.models import AuditAction, AuditEvent
from openaef.cases.models import Framework
from openaef.core.errors import StaleVersion, TransitionNotAllowed
from openaef.finance.models import Assessment, ItemKind, Unit
from openaef.finance.services_assessments import (
    AmountChanged,
    assessment_create,
    assessment_decide,
    assessment_discard,
    assessment_reassess,
    assessment_update,
)
from openaef.finance.states import ASSESSMENT_MACHINE, AssessmentStatus
from openaef.measures.states import MeasureStatus
from tests.people.factories import PersonFactory

from .factories_assessments import *  # noqa: F403  (the fixtures)
from .factories_assessments import RENT, SALARY, add_tariff, placed_measure

JAN = dt.date(2026, 1, 1)


def create(finance, measure, payer, **kwargs):  # type: ignore[no-untyped-def]
    values = {"effective_from": JAN, "dependent_children": 2, "items": [SALARY, RENT]}
    values.update(kwargs)
    return assessment_create(actor=finance, measure=measure, payer=payer, **values)


def test_it_computes_a_draft_at_once_with_its_lines_and_references(finance, measure, parents):
    assessment = create(finance, measure, parents[0])
    # 14 % (two children) of 4,200 - 1,000 rent, minus the 64.45 constant; per day over 30 days.
    assert assessment.status == AssessmentStatus.DRAFT
    assert assessment.monthly_amount == Decimal("383.55")
    assert assessment.daily_amount == Decimal("12.79")
    assert assessment.method == "lu.stationary"
    keys = [line["key"] for line in assessment.computation["lines"]]
    assert keys[:3] == ["income", "expense", "semi_net"]
    rate = next(line for line in assessment.computation["lines"] if line["key"] == "rate")
    assert "art. 9" in rate["reference"]
    assert assessment.computation["inputs"]["cost_per_day"] == "200.00"
    assert sorted((i.kind, i.category) for i in assessment.items.all()) == [("expense", "rent"), ("income", "salary")]


def test_it_records_the_creation_naming_the_child_and_the_payer(finance, measure, parents):
    assessment = create(finance, measure, parents[0])
    event = AuditEvent.objects.filter(object_type="finance.assessment", object_id=str(assessment.pk)).get()
    assert event.action == AuditAction.CREATE
    assert set(event.person_links.values_list("person_id", flat=True)) == {measure.case.child_id, parents[0].pk}


def test_a_court_placement_pays_the_reduced_share(finance, measure, parents):
    measure.case.framework = Framework.JUDICIAL
    measure.case.save(update_fields=["framework"])
    assessment = create(finance, measure, parents[0])
    assert assessment.monthly_amount == Decimal("230.13")


def test_the_providers_tariff_caps_the_contribution(finance, case, parents):
    cheap = placed_measure(case)
    add_tariff(cheap, "10.00")
    assessment = create(finance, cheap, parents[0])
    assert assessment.daily_amount == Decimal("10.00")
    assert assessment.monthly_amount == Decimal("300.00")


def test_the_hourly_contribution_is_capped_by_the_hourly_tariff(finance, case, parents):
    sessions = placed_measure(case, "AMB-PSY")
    add_tariff(sessions, "2.00", unit=Unit.HOUR)
    assessment = create(finance, sessions, parents[0], items=[(ItemKind.INCOME, "salary", "", Decimal("6000"))])
    assert assessment.hourly_amount == Decimal("2.00")


def test_it_refuses_a_payer_who_is_not_a_parent(finance, measure, parents):
    stranger = PersonFactory(surname="Other", first_names="Sam")
    with pytest.raises(ValidationError) as error:
        create(finance, measure, stranger)
    assert "payer" in error.value.message_dict
    with pytest.raises(ValidationError):
        create(finance, measure, measure.case.child)


@pytest.mark.parametrize(
    "day",
    [dt.date(2026, 1, 15), dt.date(2025, 12, 1), None],
    ids=["not-the-first-of-a-month", "before-the-measure-started", "missing"],
)
def test_it_refuses_a_start_date_that_is_not_a_first_of_month_from_the_measures_start(finance, measure, parents, day):
    with pytest.raises(ValidationError) as error:
        create(finance, measure, parents[0], effective_from=day)
    assert "effective_from" in error.value.message_dict


@pytest.mark.parametrize(
    "item",
    [
        (ItemKind.INCOME, "rent", "", Decimal("10")),
        (ItemKind.EXPENSE, "holidays", "", Decimal("10")),
        (ItemKind.INCOME, "salary", "", Decimal("-1")),
        (ItemKind.INCOME, "salary", "", Decimal("10.005")),
        (ItemKind.INCOME, "salary", "", "ten"),
        ("gift", "salary", "", Decimal("10")),
    ],
    ids=["income-category-of-an-expense", "unknown-expense", "negative", "three-places", "not-a-number", "unknown-kind"],
)
def test_it_refuses_a_line_outside_the_packs_categories_or_a_bad_amount(finance, measure, parents, item):
    with pytest.raises(ValidationError) as error:
        create(finance, measure, parents[0], items=[SALARY, item])
    assert "items" in error.value.message_dict


def test_it_refuses_a_negative_number_of_children(finance, measure, parents):
    with pytest.raises(ValidationError) as error:
        create(finance, measure, parents[0], dependent_children=-1)
    assert "dependent_children" in error.value.message_dict


def test_only_a_finance_officer_may_assess(coordinator, measure, parents):
    with pytest.raises(PermissionDenied):
        create(coordinator, measure, parents[0])


def test_submitting_the_same_draft_twice_creates_one_record(finance, measure, parents):
    first = create(finance, measure, parents[0])
    second = create(finance, measure, parents[0])
    assert first.pk == second.pk
    assert Assessment.objects.filter(measure=measure).count() == 1


def test_a_different_second_draft_is_refused_while_one_is_open(finance, measure, parents):
    create(finance, measure, parents[0])
    with pytest.raises(ValidationError):
        create(finance, measure, parents[1])


def test_updating_a_draft_recomputes_it_and_checks_the_version(finance, measure, parents):
    draft = create(finance, measure, parents[0])
    updated = assessment_update(
        actor=finance,
        assessment=draft,
        expected_version=draft.version,
        payer=parents[1],
        effective_from=JAN,
        dependent_children=1,
        items=[SALARY],
    )
    # 16 % of 4,200 - 64.45
    assert updated.monthly_amount == Decimal("607.55")
    assert updated.payer == parents[1]
    assert updated.version == draft.version + 1
    with pytest.raises(StaleVersion):
        assessment_update(
            actor=finance,
            assessment=draft,
            expected_version=draft.version,
            payer=parents[0],
            effective_from=JAN,
            dependent_children=2,
            items=[SALARY],
        )


def test_deciding_freezes_the_draft(finance, measure, parents):
    draft = create(finance, measure, parents[0])
    decided = assessment_decide(actor=finance, assessment=draft, expected_version=draft.version)
    assert decided.status == AssessmentStatus.DECIDED
    assert decided.decided_by == finance
    with pytest.raises(TransitionNotAllowed):
        assessment_update(
            actor=finance,
            assessment=decided,
            expected_version=decided.version,
            payer=parents[0],
            effective_from=JAN,
            dependent_children=2,
            items=[SALARY],
        )
    with pytest.raises(TransitionNotAllowed):
        assessment_decide(actor=finance, assessment=decided, expected_version=decided.version)


def test_deciding_with_a_stale_version_is_refused(finance, measure, parents):
    draft = create(finance, measure, parents[0])
    with pytest.raises(StaleVersion):
        assessment_decide(actor=finance, assessment=draft, expected_version=draft.version - 1)


def test_a_measure_with_a_decided_contribution_is_reassessed_not_assessed_again(finance, measure, parents):
    draft = create(finance, measure, parents[0])
    assessment_decide(actor=finance, assessment=draft, expected_version=draft.version)
    with pytest.raises(ValidationError):
        create(finance, measure, parents[0], effective_from=dt.date(2026, 3, 1))


def test_a_reassessment_copies_the_lines_and_supersedes_the_old_one_when_decided(finance, measure, parents):
    first = create(finance, measure, parents[0])
    first = assessment_decide(actor=finance, assessment=first, expected_version=first.version)
    with pytest.raises(ValidationError) as error:
        assessment_reassess(actor=finance, assessment=first, effective_from=dt.date(2026, 4, 1), reason=" ")
    assert "reason" in error.value.message_dict
    draft = assessment_reassess(actor=finance, assessment=first, effective_from=dt.date(2026, 4, 1), reason="New job.")
    assert draft.previous == first
    assert sorted(i.category for i in draft.items.all()) == ["rent", "salary"]
    assert draft.monthly_amount == first.monthly_amount
    draft = assessment_update(
        actor=finance,
        assessment=draft,
        expected_version=draft.version,
        payer=parents[0],
        effective_from=dt.date(2026, 4, 1),
        dependent_children=2,
        items=[(ItemKind.INCOME, "salary", "", Decimal("5000.00")), RENT],
        reason="New job.",
    )
    decided = assessment_decide(actor=finance, assessment=draft, expected_version=draft.version)
    first.refresh_from_db()
    assert first.status == AssessmentStatus.SUPERSEDED
    assert decided.status == AssessmentStatus.DECIDED
    assert decided.monthly_amount == Decimal("495.55")


def test_a_reassessment_cannot_apply_before_the_contribution_it_replaces(finance, measure, parents):
    first = create(finance, measure, parents[0], effective_from=dt.date(2026, 3, 1))
    first = assessment_decide(actor=finance, assessment=first, expected_version=first.version)
    with pytest.raises(ValidationError) as error:
        assessment_reassess(actor=finance, assessment=first, effective_from=JAN, reason="Earlier.")
    assert "effective_from" in error.value.message_dict


def test_a_discarded_reassessment_frees_the_decided_one_for_another(finance, measure, parents):
    first = create(finance, measure, parents[0])
    first = assessment_decide(actor=finance, assessment=first, expected_version=first.version)
    draft = assessment_reassess(actor=finance, assessment=first, effective_from=dt.date(2026, 4, 1), reason="New job.")
    assessment_discard(actor=finance, assessment=draft, expected_version=draft.version)
    again = assessment_reassess(actor=finance, assessment=first, effective_from=dt.date(2026, 5, 1), reason="Moved.")
    assert again.previous == first


def test_a_measure_without_a_contribution_is_decided_as_paying_nothing(finance, case, parents):
    support = placed_measure(case, "AMB-CPI")
    draft = create(finance, support, parents[0])
    assert draft.method == "lu.none"
    decided = assessment_decide(actor=finance, assessment=draft, expected_version=draft.version)
    assert decided.monthly_amount == Decimal("0.00")


def test_a_changed_tariff_is_shown_again_before_deciding(finance, measure, parents):
    draft = create(finance, measure, parents[0])
    add_tariff(measure, "5.00", valid_from=dt.date(2025, 6, 1))
    with pytest.raises(AmountChanged):
        assessment_decide(actor=finance, assessment=draft, expected_version=draft.version)
    draft.refresh_from_db()
    assert draft.status == AssessmentStatus.DRAFT
    assert draft.daily_amount == Decimal("5.00")
    decided = assessment_decide(actor=finance, assessment=draft, expected_version=draft.version)
    assert decided.status == AssessmentStatus.DECIDED


def test_a_planned_measure_without_a_provider_has_no_cap(finance, case, parents):
    planned = placed_measure(case, status=MeasureStatus.PLANNED, started_on=None)  # type: ignore[arg-type]
    planned.provider = None
    planned.service = None
    planned.save(update_fields=["provider", "service"])
    draft = create(finance, planned, parents[0])
    assert draft.computation["inputs"]["cost_per_day"] is None
    assert draft.monthly_amount == Decimal("383.55")


STATES = [s.value for s in AssessmentStatus]
ALLOWED = {("draft", "decided"), ("draft", "discarded"), ("decided", "superseded")}


@pytest.mark.parametrize("current", STATES)
@pytest.mark.parametrize("target", STATES)
def test_the_state_table_allows_only_its_transitions(current, target):
    assert ASSESSMENT_MACHINE.can_transition(current, target) == ((current, target) in ALLOWED)
    if (current, target) in ALLOWED:
        assert ASSESSMENT_MACHINE.needs(current, target)["reason"] == (target == "superseded")


def test_discarding_twice_or_a_decided_one_is_refused(finance, measure, parents):
    draft = create(finance, measure, parents[0])
    gone = assessment_discard(actor=finance, assessment=draft, expected_version=draft.version)
    assert gone.status == AssessmentStatus.DISCARDED
    with pytest.raises(TransitionNotAllowed):
        assessment_discard(actor=finance, assessment=gone, expected_version=gone.version)
    with pytest.raises(TransitionNotAllowed):
        assessment_decide(actor=finance, assessment=gone, expected_version=gone.version)


def test_a_decision_is_told_in_the_cases_timeline(finance, measure, parents):
    from openaef.cases.models import CaseEvent, CaseEventKind

    draft = create(finance, measure, parents[0])
    assert not CaseEvent.objects.filter(kind=CaseEventKind.CONTRIBUTION).exists()
    assessment_decide(actor=finance, assessment=draft, expected_version=draft.version)
    event = CaseEvent.objects.get(case=measure.case, kind=CaseEventKind.CONTRIBUTION)
    assert event.data["to"] == AssessmentStatus.DECIDED
    assert event.summary == "STA-INST-BASE"
