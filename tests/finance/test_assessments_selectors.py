"""Reading assessments: finance sees all and may change; the case's coordinator and office head
read; anyone else, and a missing record, get "not found"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404

from openaef.audit.models import AuditAction, AuditEvent
from openaef.finance import assessments_pack
from openaef.finance.selectors_assessments import (
    WorklistFilters,
    assessment_history,
    changes,
    get_assessment_for,
    in_force,
    worklist_queryset,
)
from openaef.finance.states import AssessmentStatus

from .factories_assessments import *  # noqa: F403  (the fixtures)
from .factories_assessments import decided_assessment, placed_measure


def test_a_finance_officer_reads_any_assessment_and_may_change_it(finance, measure, parents):
    assessment = decided_assessment(measure, parents[0])
    access = get_assessment_for(finance, assessment.pk)
    assert access.assessment == assessment
    assert access.can_edit


@pytest.mark.parametrize("who", ["coordinator", "office_head"])
def test_the_cases_coordinator_and_office_head_read_it_only(request, measure, parents, who):
    assessment = decided_assessment(measure, parents[0])
    access = get_assessment_for(request.getfixturevalue(who), assessment.pk)
    assert not access.can_edit


@pytest.mark.parametrize("who", ["other_coordinator", "outsider", "intake_officer"])
def test_anyone_else_gets_not_found_and_the_refusal_is_logged(request, measure, parents, who):
    assessment = decided_assessment(measure, parents[0])
    with pytest.raises(Http404):
        get_assessment_for(request.getfixturevalue(who), assessment.pk)
    assert AuditEvent.objects.filter(action=AuditAction.ACCESS_REFUSED).exists()


def test_a_missing_assessment_is_not_found(finance):
    with pytest.raises(Http404):
        get_assessment_for(finance, 999999)


def test_the_history_is_newest_first_and_says_what_changed(measure, parents):
    first = decided_assessment(measure, parents[0], status=AssessmentStatus.SUPERSEDED)
    second = decided_assessment(
        measure, parents[1], monthly="495.55", previous=first, effective_from=dt.date(2026, 4, 1), dependent_children=1
    )
    history = assessment_history(measure)
    assert history == [second, first]
    assert in_force(history) == second
    what = {c.what for c in changes(second, first)}
    assert what == {"children", "payer", "monthly"}


def test_the_types_with_a_contribution_come_from_the_packs_rules(db):
    codes = assessments_pack.contributing_type_codes("lu", dt.date(2026, 1, 1))
    assert "STA-INST-BASE" in codes and "AMB-PSY" in codes
    assert "AMB-CPI" not in codes


def test_the_worklist_leaves_out_measures_with_a_decided_contribution(measure, parents, case):
    other = placed_measure(case, "STA-FOSTER")
    decided_assessment(other, parents[0])
    assert list(worklist_queryset(WorklistFilters(pack="lu"))) == [measure]


def test_the_categories_come_from_the_pack_or_a_fixed_list(db):
    from openaef.core.parameters import parameters_at

    P = parameters_at("lu", dt.date(2026, 1, 1))
    assert assessments_pack.categories(P, "expense") == ["rent", "loan", "alimony"]
    assert "salary" in assessments_pack.categories(P, "income")
