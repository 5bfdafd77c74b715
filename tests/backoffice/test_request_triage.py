from __future__ import annotations

import pytest
from django.urls import reverse

from openaef.intake.models import HelpRequest, HelpRequestEvent, RequestEventKind

pytestmark = pytest.mark.django_db


def triage(client, help_request, target: str, version: int | None = None, **fields: str):  # type: ignore[no-untyped-def]
    data = {"target": target, f"{target}-version": str(version if version is not None else help_request.version)}
    data.update({f"{target}-{name}": value for name, value in fields.items()})
    return client.post(reverse("backoffice:request_triage", args=[help_request.pk]), data)


def last_event(help_request: HelpRequest) -> HelpRequestEvent:
    return HelpRequestEvent.objects.filter(request=help_request, kind=RequestEventKind.STATUS).latest("id")


def test_it_starts_triage_and_redirects_with_a_message(login, intake_officer, make_request):
    help_request = make_request()
    client = login(intake_officer)
    response = triage(client, help_request, "in_triage")
    assert response.status_code == 302
    assert response.url == reverse("backoffice:request_detail", args=[help_request.pk])
    help_request.refresh_from_db()
    assert help_request.status == "in_triage"
    event = last_event(help_request)
    assert (event.actor, event.from_status, event.to_status) == (intake_officer, "received", "in_triage")
    page = client.get(response.url)
    assert "govuk-notification-banner--success" in page.content.decode()


def test_it_accepts_and_assigns_an_office_and_a_coordinator(login, intake_officer, coordinator, make_request, office):
    help_request = make_request(office=office, status="in_triage")
    response = triage(login(intake_officer), help_request, "accepted", office=str(office.pk), coordinator=str(coordinator.pk))
    assert response.status_code == 302
    help_request.refresh_from_db()
    assert (help_request.status, help_request.office, help_request.coordinator) == ("accepted", office, coordinator)
    assert last_event(help_request).data == {"office": office.code, "coordinator": coordinator.pk}


def test_it_refuses_a_coordinator_of_another_office_next_to_the_field(
    login, intake_officer, coordinator, make_request, other_office
):
    help_request = make_request(status="in_triage")
    response = triage(
        login(intake_officer),
        help_request,
        "accepted",
        office=str(other_office.pk),
        coordinator=str(coordinator.pk),
        reason="kept",
    )
    assert response.status_code == 200
    form = next(a["form"] for a in response.context["actions"] if a["target"] == "accepted")
    assert "coordinator" in form.errors
    html = response.content.decode()
    assert 'id="id_accepted-coordinator-error"' in html
    assert "kept" in html
    help_request.refresh_from_db()
    assert help_request.status == "in_triage"


def test_it_refers_elsewhere_with_where_and_why(login, intake_officer, make_request):
    help_request = make_request(status="in_triage")
    response = triage(login(intake_officer), help_request, "referred", referred_to="Planning familial", reason="Out of scope")
    assert response.status_code == 302
    help_request.refresh_from_db()
    assert (help_request.status, help_request.referred_to, help_request.outcome_reason) == (
        "referred",
        "Planning familial",
        "Out of scope",
    )
    assert last_event(help_request).reason == "Out of scope"


def test_it_asks_where_a_referral_goes(login, intake_officer, make_request):
    help_request = make_request(status="in_triage")
    response = triage(login(intake_officer), help_request, "referred", referred_to="", reason="Out of scope")
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert 'href="#id_referred-referred_to"' in response.content.decode()


@pytest.mark.parametrize(
    ("start", "target"),
    [("in_triage", "not_eligible"), ("in_triage", "withdrawn"), ("received", "withdrawn"), ("in_triage", "received")],
)
def test_it_records_why_for_the_transitions_that_need_it(login, intake_officer, make_request, start, target):
    help_request = make_request(status=start)
    client = login(intake_officer)
    refused = triage(client, help_request, target, reason="  ")
    assert refused.status_code == 200
    help_request.refresh_from_db()
    assert help_request.status == start
    assert triage(client, help_request, target, reason="The family asked").status_code == 302
    help_request.refresh_from_db()
    assert help_request.status == target
    assert last_event(help_request).reason == "The family asked"


def test_it_refuses_a_stale_version_and_keeps_the_input(login, intake_officer, make_request):
    help_request = make_request(status="in_triage")
    old_version = help_request.version
    client = login(intake_officer)
    # Someone else puts the request back in the queue and takes it again meanwhile.
    assert triage(client, help_request, "received", reason="away").status_code == 302
    help_request.refresh_from_db()
    assert triage(client, help_request, "in_triage").status_code == 302
    help_request.refresh_from_db()

    response = triage(client, help_request, "not_eligible", version=old_version, reason="Lives abroad, typed carefully")
    assert response.status_code == 409
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Lives abroad, typed carefully" in html
    form = next(a["form"] for a in response.context["actions"] if a["target"] == "not_eligible")
    assert form["version"].value() == str(help_request.version)
    help_request.refresh_from_db()
    assert help_request.status == "in_triage"


def test_it_refuses_a_transition_the_state_machine_does_not_allow(login, intake_officer, make_request):
    help_request = make_request(status="received")
    response = triage(login(intake_officer), help_request, "accepted")
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    help_request.refresh_from_db()
    assert help_request.status == "received"


def test_it_refuses_triage_to_an_office_head(login, office_head, make_request, office):
    help_request = make_request(office=office, assigned=True)
    assert triage(login(office_head), help_request, "in_triage").status_code == 403


def test_it_refuses_triage_to_an_outsider_and_to_anonymous(login, outsider, client, make_request):
    help_request = make_request()
    assert triage(login(outsider), help_request, "in_triage").status_code == 403
    assert triage(client, help_request, "in_triage").status_code == 302
    help_request.refresh_from_db()
    assert help_request.status == "received"


def test_it_refuses_get_on_the_triage_url(login, intake_officer, make_request):
    help_request = make_request()
    assert login(intake_officer).get(reverse("backoffice:request_triage", args=[help_request.pk])).status_code == 405


def test_it_lists_an_office_s_coordinators_for_htmx(login, intake_officer, coordinator, office, other_office):
    client = login(intake_officer)
    response = client.get(reverse("backoffice:coordinator_options"), {"accepted-office": office.pk}, HTTP_HX_REQUEST="true")
    assert coordinator.full_name in response.content.decode()
    response = client.get(reverse("backoffice:coordinator_options"), {"accepted-office": other_office.pk})
    assert coordinator.full_name not in response.content.decode()


def test_it_changes_the_priority(login, intake_officer, make_request):
    help_request = make_request()
    client = login(intake_officer)
    data = {"priority-version": help_request.version, "priority-priority": "1", "priority-reason": "Violence at home"}
    response = client.post(reverse("backoffice:request_priority", args=[help_request.pk]), data)
    assert response.status_code == 302
    help_request.refresh_from_db()
    assert help_request.priority == 1
    stale = client.post(reverse("backoffice:request_priority", args=[help_request.pk]), {**data, "priority-priority": "2"})
    assert stale.status_code == 409
    assert "Violence at home" in stale.content.decode()


def test_it_refuses_a_priority_change_to_an_office_head(login, office_head, make_request, office):
    help_request = make_request(office=office, assigned=True)
    data = {"priority-version": help_request.version, "priority-priority": "1"}
    assert login(office_head).post(reverse("backoffice:request_priority", args=[help_request.pk]), data).status_code == 403


def test_it_offers_no_priority_change_once_the_request_left_the_queue(login, intake_officer, make_request):
    response = login(intake_officer).get(reverse("backoffice:request_detail", args=[make_request(status="accepted").pk]))
    assert response.context["priority_form"] is None
