import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from openaef.accounts.models import Role
from openaef.audit.models import AuditAction, AuditEvent
from openaef.core.errors import StaleVersion, TransitionNotAllowed
from openaef.hotline import services_followup as services
from openaef.hotline.models import FollowUpEntryKind, FollowUpStatus, MissingChildFollowUp
from openaef.hotline.states import FOLLOW_UP_MACHINE, FOLLOW_UP_TRANSITIONS
from tests.cases.factories import make_case
from tests.factories import UserFactory

from .factories import CallFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent():  # type: ignore[no-untyped-def]
    return UserFactory(email="hana@example.test", full_name="Hana Hotline", roles=[Role.HOTLINE_AGENT])


@pytest.fixture
def follow_up(agent):  # type: ignore[no-untyped-def]
    call = CallFactory(recorded_by=agent)
    return services.follow_up_open(actor=agent, call=call, expected_version=call.version)


def test_a_follow_up_moves_only_from_open_to_closed() -> None:
    assert FOLLOW_UP_TRANSITIONS == {(FollowUpStatus.OPEN, FollowUpStatus.CLOSED): {"closing_note": True}}
    assert FOLLOW_UP_MACHINE.allowed_targets(FollowUpStatus.CLOSED) == []


def test_a_follow_up_is_opened_from_a_call_once(agent) -> None:  # type: ignore[no-untyped-def]
    call = CallFactory(recorded_by=agent)
    follow_up = services.follow_up_open(actor=agent, call=call, expected_version=1)
    call.refresh_from_db()
    assert call.follow_up == follow_up and call.version == 2
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(follow_up.pk)).exists()
    with pytest.raises(TransitionNotAllowed):
        services.follow_up_open(actor=agent, call=call, expected_version=2)


def test_further_calls_link_to_the_follow_up_but_never_to_two(agent, follow_up) -> None:  # type: ignore[no-untyped-def]
    other = CallFactory(recorded_by=agent)
    services.follow_up_link_call(actor=agent, follow_up=follow_up, call_pk=other.pk, expected_version=1)
    assert follow_up.calls.count() == 2
    with pytest.raises(ValidationError):
        services.follow_up_link_call(actor=agent, follow_up=follow_up, call_pk=other.pk, expected_version=2)
    with pytest.raises(ValidationError):
        services.follow_up_link_call(actor=agent, follow_up=follow_up, call_pk=999999, expected_version=2)


def test_the_case_file_is_linked_by_its_reference(agent, follow_up, office) -> None:  # type: ignore[no-untyped-def]
    case = make_case(office=office)
    linked = services.follow_up_link_case(actor=agent, follow_up=follow_up, reference=case.reference, expected_version=1)
    assert linked.case == case
    with pytest.raises(ValidationError):
        services.follow_up_link_case(actor=agent, follow_up=follow_up, reference="NOPE-1", expected_version=2)


def test_entries_record_the_family_the_news_and_the_return(agent, follow_up) -> None:  # type: ignore[no-untyped-def]
    services.follow_up_entry_add(
        actor=agent, follow_up=follow_up, kind=FollowUpEntryKind.ABROAD, text="116 000 France called", expected_version=1
    )
    services.follow_up_entry_add(actor=agent, follow_up=follow_up, kind=FollowUpEntryKind.RETURN, text="", expected_version=2)
    assert list(follow_up.entries.values_list("kind", flat=True)) == ["return", "abroad"]
    with pytest.raises(StaleVersion):
        services.follow_up_entry_add(actor=agent, follow_up=follow_up, kind="note", text="", expected_version=1)
    with pytest.raises(ValidationError):
        services.follow_up_entry_add(actor=agent, follow_up=follow_up, kind="invented", text="", expected_version=3)


def test_it_closes_with_a_reason_and_then_takes_no_more_entries(agent, follow_up) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        services.follow_up_close(actor=agent, follow_up=follow_up, closing_note=" ", expected_version=1)
    closed = services.follow_up_close(actor=agent, follow_up=follow_up, closing_note="Family settled.", expected_version=1)
    assert closed.status == FollowUpStatus.CLOSED and closed.closed_at
    with pytest.raises(TransitionNotAllowed):
        services.follow_up_entry_add(actor=agent, follow_up=follow_up, kind="note", text="", expected_version=2)


def test_the_follow_up_page_is_refused_to_a_coordinator(client, coordinator, follow_up) -> None:  # type: ignore[no-untyped-def]
    client.force_login(coordinator)
    assert client.get(reverse("backoffice:hotline_follow_up", args=[follow_up.pk])).status_code == 403


def test_the_follow_up_page_is_404_for_a_missing_one(client, agent) -> None:  # type: ignore[no-untyped-def]
    client.force_login(agent)
    assert client.get(reverse("backoffice:hotline_follow_up", args=[999999])).status_code == 404


def test_an_agent_opens_a_follow_up_from_the_call_page(client, agent) -> None:  # type: ignore[no-untyped-def]
    call = CallFactory(recorded_by=agent)
    client.force_login(agent)
    response = client.post(reverse("backoffice:hotline_follow_up_open", args=[call.pk]), {"version": 1})
    follow_up = MissingChildFollowUp.objects.get()
    assert response["Location"] == reverse("backoffice:hotline_follow_up", args=[follow_up.pk])
    assert f"Follow-up {follow_up.pk}" in client.get(reverse("backoffice:hotline_call", args=[call.pk])).content.decode()


def test_an_agent_adds_an_entry_and_errors_keep_what_was_typed(client, agent, follow_up) -> None:  # type: ignore[no-untyped-def]
    client.force_login(agent)
    url = reverse("backoffice:hotline_follow_up_action", args=[follow_up.pk, "entry"])
    response = client.post(url, {"version": 1, "text": "Police called back"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Choose what happened." in body and "Police called back" in body
    assert client.post(url, {"version": 1, "kind": "investigation", "text": "Police called back"}).status_code == 302
    assert client.post(url, {"version": 1, "kind": "note", "text": "Late"}).status_code == 409
    assert follow_up.entries.count() == 1


def test_an_unknown_action_is_not_found(client, agent, follow_up) -> None:  # type: ignore[no-untyped-def]
    client.force_login(agent)
    url = reverse("backoffice:hotline_follow_up_action", args=[follow_up.pk, "delete"])
    assert client.post(url, {"version": 1}).status_code == 404


def test_the_follow_up_page_costs_a_bounded_number_of_queries(client, agent, follow_up, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    for kind in ("family", "investigation", "return"):
        follow_up.refresh_from_db()
        services.follow_up_entry_add(actor=agent, follow_up=follow_up, kind=kind, text="", expected_version=follow_up.version)
    client.force_login(agent)
    url = reverse("backoffice:hotline_follow_up", args=[follow_up.pk])
    client.get(url)
    # Five for the session, the user and the menu; the follow-up, its calls, its entries; the audit log's two.
    with django_assert_num_queries(10):
        client.get(url)
