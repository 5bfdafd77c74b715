"""One case's page: who sees it, who may change it, and that every read is recorded."""

from __future__ import annotations

import pytest
from django.urls import reverse

from openaef.audit.models import AuditAction, AuditEvent
from openaef.cases.models import CaseParticipant, ParticipantRole
from openaef.cases.services import case_transition

from .factories import PersonFactory, make_case

pytestmark = pytest.mark.django_db


def url(case) -> str:  # type: ignore[no-untyped-def]
    return reverse("backoffice:case_detail", args=[case.pk])


def test_it_shows_the_case_to_its_coordinator_with_the_actions(login, coordinator, case):
    response = login(coordinator).get(url(case))
    assert response.status_code == 200
    html = response.content.decode()
    assert case.reference in html
    assert "Léa Schmit" in html
    assert response.context["access"].can_edit
    assert [a["target"] for a in response.context["actions"]] == ["active", "closed"]
    assert reverse("backoffice:case_edit", args=[case.pk]) in html
    assert response.context["assign_form"] is None


def test_it_shows_the_family_with_their_part(login, coordinator, case):
    mother = PersonFactory(surname="Schmit", first_names="Marie")
    CaseParticipant.objects.create(case=case, person=mother, role=ParticipantRole.PARENT, agrees=True, position=1)
    response = login(coordinator).get(url(case))
    family = [(item["participant"].person, item["participant"].role) for item in response.context["family"]]
    assert family == [(case.child, "child"), (mother, "parent")]
    assert "Marie Schmit" in response.content.decode()


def test_it_shows_the_timeline(login, coordinator, case):
    case_transition(actor=coordinator, case=case, target="active", expected_version=1)
    response = login(coordinator).get(url(case))
    assert [item.title for item in response.context["timeline"]] == ["Open → Active"]
    assert "moj-timeline__item" in response.content.decode()


def test_it_records_the_read_in_the_audit_log_naming_the_child(login, coordinator, case):
    login(coordinator).get(url(case))
    entry = AuditEvent.objects.get(action=AuditAction.READ, object_type="cases.casefile", object_id=str(case.pk))
    assert entry.actor == coordinator
    assert list(entry.person_links.values_list("person_id", flat=True)) == [case.child_id]


def test_it_shows_a_colleague_of_the_office_the_case_read_only(login, colleague, case):
    response = login(colleague).get(url(case))
    assert response.status_code == 200
    assert not response.context["access"].can_edit
    assert response.context["actions"] == []
    html = response.content.decode()
    assert reverse("backoffice:case_edit", args=[case.pk]) not in html
    assert reverse("backoffice:case_transition", args=[case.pk]) not in html
    assert "Read-only" in html


def test_it_gives_the_office_head_the_assignment_form(login, office_head, case):
    response = login(office_head).get(url(case))
    assert response.status_code == 200
    assert response.context["access"].can_edit
    assert response.context["assign_form"] is not None


def test_it_hides_the_case_from_a_coordinator_of_another_office_and_records_the_refusal(login, other_coordinator, case):
    assert login(other_coordinator).get(url(case)).status_code == 404
    assert AuditEvent.objects.filter(action=AuditAction.ACCESS_REFUSED, actor=other_coordinator, object_id=str(case.pk)).exists()


def test_it_refuses_an_outsider(login, outsider, case):
    assert login(outsider).get(url(case)).status_code in (403, 404)


def test_it_refuses_the_intake_officer_without_an_emergency_access(login, intake_officer, case):
    assert login(intake_officer).get(url(case)).status_code == 404


def test_it_answers_not_found_for_a_missing_case(login, coordinator):
    assert login(coordinator).get(reverse("backoffice:case_detail", args=[999999])).status_code == 404


def test_it_sends_an_anonymous_visitor_to_login(client, case):
    response = client.get(url(case))
    assert response.status_code == 302
    assert response.url.startswith(reverse("backoffice:login"))


def test_its_queries_do_not_grow_with_the_family_or_the_timeline(login, coordinator, office, django_assert_max_num_queries):
    small = make_case(office=office, coordinator=coordinator)
    big = make_case(office=office, coordinator=coordinator)
    for position in range(1, 8):
        CaseParticipant.objects.create(case=big, person=PersonFactory(), role=ParticipantRole.RELATIVE, position=position)
    client = login(coordinator)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url(small))
    with CaptureQueriesContext(connection) as many:
        client.get(url(big))
    assert len(many) == len(few)
    with django_assert_max_num_queries(30):
        client.get(url(big))
