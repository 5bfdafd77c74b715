from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from openaef.audit.models import AuditAction, AuditEvent
from openaef.intake.models import RequestParent
from openaef.intake.services import request_transition

pytestmark = pytest.mark.django_db


def detail_url(help_request) -> str:  # type: ignore[no-untyped-def]
    return reverse("backoffice:request_detail", args=[help_request.pk])


def test_it_shows_the_request_to_the_intake_officer(login, intake_officer, make_request, office):
    today = timezone.localdate()
    help_request = make_request(
        office=office, child_first_names="Léa", child_surname="Schmit", child_birth_date=dt.date(today.year - 9, 1, 1)
    )
    RequestParent.objects.create(
        request=help_request, relationship="mother", full_name="Maria Schmit", parental_authority="yes", agreement="agrees"
    )
    response = login(intake_officer).get(detail_url(help_request))
    assert response.status_code == 200
    html = response.content.decode()
    assert help_request.reference in html
    assert "Léa Schmit" in html
    assert "Maria Schmit" in html
    assert escape(str(office)) in html
    assert response.context["age"] == 9


def test_it_records_the_read_in_the_audit_log(login, intake_officer, make_request):
    help_request = make_request()
    login(intake_officer).get(detail_url(help_request))
    assert AuditEvent.objects.filter(action=AuditAction.READ, object_id=str(help_request.pk), actor=intake_officer).exists()


def test_it_shows_an_office_head_their_office_s_request_without_triage(login, office_head, make_request, office):
    help_request = make_request(office=office, assigned=True)
    response = login(office_head).get(detail_url(help_request))
    assert response.status_code == 200
    assert response.context["actions"] == []
    assert reverse("backoffice:request_triage", args=[help_request.pk]) not in response.content.decode()


def test_it_hides_another_office_s_request_from_an_office_head(login, office_head, make_request, other_office):
    help_request = make_request(office=other_office, assigned=True)
    assert login(office_head).get(detail_url(help_request)).status_code == 404


def test_it_refuses_an_outsider(login, outsider, make_request):
    help_request = make_request()
    assert login(outsider).get(detail_url(help_request)).status_code in (403, 404)


def test_it_answers_not_found_for_a_missing_request(login, intake_officer):
    assert login(intake_officer).get(reverse("backoffice:request_detail", args=[999999])).status_code == 404


def test_it_sends_an_anonymous_visitor_to_login(client, make_request):
    response = client.get(detail_url(make_request()))
    assert response.status_code == 302
    assert response.url.startswith(reverse("backoffice:login"))


def test_it_shows_possible_duplicates_ignoring_accents_and_case(login, intake_officer, make_request):
    born = dt.date(2014, 3, 2)
    first = make_request(child_first_names="Zoé", child_surname="Müller", child_birth_date=born)
    same = make_request(child_first_names="zoe", child_surname="MULLER", child_birth_date=born)
    make_request(child_first_names="Zoé", child_surname="Müller", child_birth_date=dt.date(2014, 3, 3))
    response = login(intake_officer).get(detail_url(first))
    assert [d.reference for d in response.context["duplicates"]] == [same.reference]
    html = response.content.decode()
    # Shown before the triage forms, where the accept decision is taken.
    assert html.index('id="duplicates"') < html.index('id="triage"')


def test_it_offers_only_the_transitions_allowed_from_the_current_status(login, intake_officer, make_request):
    response = login(intake_officer).get(detail_url(make_request(status="received")))
    assert [a["target"] for a in response.context["actions"]] == ["in_triage", "withdrawn"]
    response = login(intake_officer).get(detail_url(make_request(status="in_triage")))
    assert sorted(a["target"] for a in response.context["actions"]) == [
        "accepted",
        "not_eligible",
        "received",
        "referred",
        "withdrawn",
    ]
    response = login(intake_officer).get(detail_url(make_request(status="accepted")))
    assert response.context["actions"] == []


def test_it_proposes_the_office_of_the_family_s_commune_in_the_accept_form(
    login, intake_officer, coordinator, make_request, office
):
    help_request = make_request(office=office, status="in_triage")
    response = login(intake_officer).get(detail_url(help_request))
    accept = next(a["form"] for a in response.context["actions"] if a["target"] == "accepted")
    assert accept["office"].value() == office.pk
    html = response.content.decode()
    assert "<optgroup" in html
    assert coordinator.full_name in html


def test_it_takes_a_constant_number_of_queries(login, intake_officer, make_request):
    help_request = make_request()
    client = login(intake_officer)
    client.get(detail_url(help_request))
    with CaptureQueriesContext(connection) as before:
        client.get(detail_url(help_request))
    for target in ["in_triage", "received", "in_triage", "received"]:
        help_request = request_transition(
            actor=intake_officer, help_request=help_request, target=target, expected_version=help_request.version, reason="test"
        )
    for _ in range(3):
        make_request(child_first_names=help_request.child_first_names, child_surname=help_request.child_surname)
    with CaptureQueriesContext(connection) as after:
        client.get(detail_url(help_request))
    assert len(before.captured_queries) == len(after.captured_queries)
    assert len(after.captured_queries) <= 16
