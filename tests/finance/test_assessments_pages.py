"""The contribution pages: who reaches them, the form's errors and kept values, the repeatable
lines without JavaScript, the check step, the worklist, and the queries they cost."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from openaef.audit.models import AuditAction, AuditEvent
from openaef.finance.models import Assessment
from openaef.finance.states import AssessmentStatus
from openaef.measures.states import MeasureStatus

from .factories_assessments import *  # noqa: F403  (the fixtures)
from .factories_assessments import decided_assessment, placed_measure


def form_data(parent, **changes):  # type: ignore[no-untyped-def]
    data = {
        "payer": str(parent.pk),
        "effective_from_day": "1",
        "effective_from_month": "2",
        "effective_from_year": "2026",
        "dependent_children": "2",
        "income-count": "3",
        "expense-count": "2",
        "income-0-category": "salary",
        "income-0-label": "Marie's salary",
        "income-0-monthly": "4200.00",
        "expense-0-category": "rent",
        "expense-0-monthly": "1000",
        "save": "1",
    }
    data.update(changes)
    return data


def test_the_worklist_lists_measures_with_a_contribution_and_no_decision(login, finance, measure, parents, case):
    decided = placed_measure(case, "STA-FOSTER")
    decided_assessment(decided, parents[0])
    placed_measure(case, "AMB-CPI")  # no contribution for this type
    response = login(finance).get(reverse("backoffice:assessment_worklist"))
    assert response.status_code == 200
    rows = list(response.context["rows"])
    assert [m.pk for m in rows] == [measure.pk]
    assert "Léa Schmit" in response.content.decode()


def test_the_worklist_filters_by_measure_type_and_office(login, finance, measure, other_office):
    client = login(finance)
    response = client.get(reverse("backoffice:assessment_worklist"), {"measure_type": "STA-FOSTER"})
    assert list(response.context["rows"]) == []
    response = client.get(reverse("backoffice:assessment_worklist"), {"office": other_office.pk})
    assert list(response.context["rows"]) == []
    response = client.get(reverse("backoffice:assessment_worklist"), {"measure_type": "STA-INST-BASE", "sort": "case"})
    assert [m.pk for m in response.context["rows"]] == [measure.pk]


def test_the_worklist_pages_with_a_bounded_number_of_queries(login, finance, case, django_assert_max_num_queries):
    for _ in range(30):
        placed_measure(case)
    client = login(finance)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("backoffice:assessment_worklist"))
    assert len(response.context["rows"]) == 25
    assert response.context["page"].next_cursor
    second = client.get(reverse("backoffice:assessment_worklist"), {"cursor": response.context["page"].next_cursor})
    assert len(second.context["rows"]) == 5


@pytest.mark.parametrize("who", ["coordinator", "office_head", "outsider"])
def test_the_finance_pages_refuse_anyone_but_finance(login, request, measure, who):
    client = login(request.getfixturevalue(who))
    assert client.get(reverse("backoffice:assessment_worklist")).status_code == 403
    assert client.get(reverse("backoffice:assessment_create", args=[measure.pk])).status_code == 403


def test_the_form_keeps_what_was_typed_and_shows_the_errors_next_to_the_fields(login, finance, measure, parents):
    data = form_data(parents[0], effective_from_day="15", **{"income-1-category": "pension", "income-1-monthly": "12.345"})
    response = login(finance).post(reverse("backoffice:assessment_create", args=[measure.pk]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'id="id_effective_from-error"' in html
    assert 'id="id_income-1-monthly-error"' in html
    assert 'value="12.345"' in html and 'value="Marie&#x27;s salary"' in html
    assert 'href="#id_income-1-monthly"' in html
    assert not Assessment.objects.exists()


def test_a_line_with_an_amount_but_no_category_is_refused(login, finance, measure, parents):
    data = form_data(parents[0], **{"income-2-monthly": "300"})
    response = login(finance).post(reverse("backoffice:assessment_create", args=[measure.pk]), data)
    assert 'id="id_income-2-category-error"' in response.content.decode()


def test_add_another_line_shows_one_more_row_and_keeps_everything(login, finance, measure, parents):
    data = form_data(parents[0], add="income")
    data.pop("save")
    response = login(finance).post(reverse("backoffice:assessment_create", args=[measure.pk]), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="income-3-monthly"' in html
    assert 'name="income-count" value="4"' in html
    assert 'value="4200.00"' in html and 'value="2026"' in html
    assert "There is a problem" not in html
    assert not Assessment.objects.exists()


def test_saving_computes_the_draft_and_goes_to_the_check_step(login, finance, measure, parents):
    client = login(finance)
    response = client.post(reverse("backoffice:assessment_create", args=[measure.pk]), form_data(parents[0]))
    assessment = Assessment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:assessment_check", args=[assessment.pk])
    assert assessment.monthly_amount == Decimal("383.55")
    # A second submission of the same form (double click) makes no second record.
    again = client.post(reverse("backoffice:assessment_create", args=[measure.pk]), form_data(parents[0]))
    assert again.status_code == 302
    assert Assessment.objects.count() == 1
    page = client.get(response["Location"]).content.decode()
    assert "Check the amount" in page
    assert "RGD du 17 août 2011, art. 9" in page
    assert "383.55 EUR" in page


def test_deciding_from_the_check_step(login, finance, measure, parents):
    client = login(finance)
    client.post(reverse("backoffice:assessment_create", args=[measure.pk]), form_data(parents[0]))
    draft = Assessment.objects.get()
    response = client.post(reverse("backoffice:assessment_check", args=[draft.pk]), {"version": draft.version})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == AssessmentStatus.DECIDED
    stale = client.post(reverse("backoffice:assessment_check", args=[draft.pk]), {"version": 1})
    assert stale.status_code == 302  # already decided: the page as it is now


def test_a_stale_decision_is_refused_with_a_message(login, finance, measure, parents):
    client = login(finance)
    client.post(reverse("backoffice:assessment_create", args=[measure.pk]), form_data(parents[0]))
    draft = Assessment.objects.get()
    response = client.post(reverse("backoffice:assessment_check", args=[draft.pk]), {"version": draft.version + 5})
    assert response.status_code == 200
    assert "Someone else changed this record" in response.content.decode()


def test_changing_a_draft_keeps_its_lines_and_recomputes(login, finance, measure, parents):
    client = login(finance)
    client.post(reverse("backoffice:assessment_create", args=[measure.pk]), form_data(parents[0]))
    draft = Assessment.objects.get()
    page = client.get(reverse("backoffice:assessment_edit", args=[draft.pk])).content.decode()
    assert 'value="4200.00"' in page
    data = form_data(parents[1], version=str(draft.version), dependent_children="1")
    response = client.post(reverse("backoffice:assessment_edit", args=[draft.pk]), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.payer == parents[1]
    assert draft.monthly_amount == Decimal("447.55")


def test_the_detail_page_shows_lines_references_history_and_actions(
    login, finance, measure, parents, django_assert_max_num_queries
):
    first = decided_assessment(measure, parents[0], status=AssessmentStatus.SUPERSEDED)
    current = decided_assessment(
        measure, parents[0], monthly="495.55", previous=first, effective_from=dt.date(2026, 4, 1), reason="New job."
    )
    client = login(finance)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("backoffice:assessment_detail", args=[current.pk]))
    html = response.content.decode()
    assert "What changed" in html and "383.55 EUR" in html and "495.55 EUR" in html
    assert reverse("backoffice:assessment_reassess", args=[current.pk]) in html
    assert reverse("backoffice:assessment_letter", args=[current.pk]) in html
    event = AuditEvent.objects.filter(action=AuditAction.READ, object_type="finance.assessment").last()
    assert set(event.person_links.values_list("person_id", flat=True)) == {measure.case.child_id, parents[0].pk}


def test_a_coordinator_reads_the_contribution_without_actions(login, coordinator, measure, parents):
    assessment = decided_assessment(measure, parents[0])
    client = login(coordinator)
    response = client.get(reverse("backoffice:assessment_detail", args=[assessment.pk]))
    assert response.status_code == 200
    assert reverse("backoffice:assessment_reassess", args=[assessment.pk]) not in response.content.decode()
    assert client.get(reverse("backoffice:assessment_reassess", args=[assessment.pk])).status_code == 403
    case_page = client.get(reverse("backoffice:assessment_case_contribution", args=[measure.case_id, measure.pk]))
    assert case_page.status_code == 200
    assert "383.55 EUR" in case_page.content.decode()


def test_the_case_side_page_costs_a_bounded_number_of_queries(
    login, coordinator, measure, parents, django_assert_max_num_queries
):
    decided_assessment(measure, parents[0])
    client = login(coordinator)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("backoffice:assessment_case_contribution", args=[measure.case_id, measure.pk]))
    assert response.status_code == 200


def test_another_offices_coordinator_gets_not_found(login, other_coordinator, measure, parents):
    assessment = decided_assessment(measure, parents[0])
    client = login(other_coordinator)
    assert client.get(reverse("backoffice:assessment_detail", args=[assessment.pk])).status_code == 404
    assert client.get(reverse("backoffice:assessment_letter", args=[assessment.pk])).status_code == 404
    url = reverse("backoffice:assessment_case_contribution", args=[measure.case_id, measure.pk])
    assert client.get(url).status_code == 404


def test_reassessing_makes_a_draft_and_opens_it(login, finance, measure, parents):
    decided = decided_assessment(measure, parents[0])
    client = login(finance)
    url = reverse("backoffice:assessment_reassess", args=[decided.pk])
    missing = client.post(url, {"effective_from_day": "1", "effective_from_month": "4", "effective_from_year": "2026"})
    assert missing.status_code == 200
    assert 'id="id_reason-error"' in missing.content.decode()
    response = client.post(
        url,
        {"effective_from_day": "1", "effective_from_month": "4", "effective_from_year": "2026", "reason": "New job."},
    )
    draft = Assessment.objects.get(previous=decided)
    assert response["Location"] == reverse("backoffice:assessment_edit", args=[draft.pk])
    page = client.get(response["Location"]).content.decode()
    assert '<h1 class="govuk-heading-xl">Reassess the parents' in page
    assert "New job." in page


def test_discarding_a_draft_from_its_page(login, finance, measure, parents):
    client = login(finance)
    client.post(reverse("backoffice:assessment_create", args=[measure.pk]), form_data(parents[0]))
    draft = Assessment.objects.get()
    client.post(reverse("backoffice:assessment_discard", args=[draft.pk]), {"version": draft.version, "reason": "Typo"})
    draft.refresh_from_db()
    assert draft.status == AssessmentStatus.DISCARDED


def test_a_measure_that_has_a_draft_opens_it_instead_of_a_new_form(login, finance, measure, parents):
    client = login(finance)
    client.post(reverse("backoffice:assessment_create", args=[measure.pk]), form_data(parents[0]))
    draft = Assessment.objects.get()
    response = client.get(reverse("backoffice:assessment_create", args=[measure.pk]))
    assert response["Location"] == reverse("backoffice:assessment_edit", args=[draft.pk])


def test_an_ended_measure_is_not_in_the_worklist(login, finance, case):
    placed_measure(case, status=MeasureStatus.ENDED)
    response = login(finance).get(reverse("backoffice:assessment_worklist"))
    assert list(response.context["rows"]) == []


def test_a_reassessment_shows_what_changes_before_deciding_and_the_decided_one_points_to_it(login, finance, measure, parents):
    decided = decided_assessment(measure, parents[0])
    client = login(finance)
    client.post(
        reverse("backoffice:assessment_reassess", args=[decided.pk]),
        {"effective_from_day": "1", "effective_from_month": "4", "effective_from_year": "2026", "reason": "New job."},
    )
    draft = Assessment.objects.get(previous=decided)
    data = form_data(parents[0], version=str(draft.version), reason="New job.", effective_from_month="4")
    data["income-0-monthly"] = "5000"
    assert client.post(reverse("backoffice:assessment_edit", args=[draft.pk]), data).status_code == 302
    page = client.get(reverse("backoffice:assessment_check", args=[draft.pk])).content.decode()
    assert "What changes from the contribution decided from" in page
    assert "4,200.00 EUR" in page and "5,000.00 EUR" in page
    detail = client.get(reverse("backoffice:assessment_detail", args=[decided.pk])).content.decode()
    assert "Continue the reassessment" in detail
    assert reverse("backoffice:assessment_reassess", args=[decided.pk]) not in detail
