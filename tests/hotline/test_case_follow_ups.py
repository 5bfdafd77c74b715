"""What the case page learns of the 116 000 follow-ups linked to the case."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from openaef.accounts.models import Role
from openaef.hotline.models import FollowUpStatus, MissingChildFollowUp
from openaef.hotline.selectors import follow_ups_for_case
from tests.cases.factories import make_case
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent():  # type: ignore[no-untyped-def]
    return UserFactory(email="hana@example.test", full_name="Hana Hotline", roles=[Role.HOTLINE_AGENT])


@pytest.fixture
def case(office, coordinator):  # type: ignore[no-untyped-def]
    return make_case(office=office, coordinator=coordinator)


@pytest.fixture
def linked(agent, case):  # type: ignore[no-untyped-def]
    MissingChildFollowUp.objects.create(opened_by=agent)  # another child's: never shown
    return MissingChildFollowUp.objects.create(opened_by=agent, case=case)


def test_an_agent_sees_the_follow_up_with_a_link(agent, case, linked) -> None:  # type: ignore[no-untyped-def]
    (item,) = follow_ups_for_case(agent, case)
    assert item.pk == linked.pk and item.status == FollowUpStatus.OPEN
    assert item.url == reverse("backoffice:hotline_follow_up", args=[linked.pk])


def test_the_coordinator_and_the_head_learn_it_exists_and_its_status_but_get_no_link(  # type: ignore[no-untyped-def]
    coordinator, office_head, case, linked
) -> None:
    for user in (coordinator, office_head):
        (item,) = follow_ups_for_case(user, case)
        assert item.pk == linked.pk and item.status_label == "Open" and item.url == ""


def test_an_outsider_and_another_office_learn_nothing(outsider, other_office, case, linked) -> None:  # type: ignore[no-untyped-def]
    elsewhere = UserFactory(email="dora@example.test", roles=[(Role.COORDINATOR, other_office)])
    assert follow_ups_for_case(outsider, case) == []
    assert follow_ups_for_case(elsewhere, case) == []


def test_the_include_shows_a_link_only_to_an_agent(agent, coordinator, case, linked) -> None:  # type: ignore[no-untyped-def]
    template = "backoffice/hotline/_case_follow_ups.html"
    url = reverse("backoffice:hotline_follow_up", args=[linked.pk])
    as_agent = render_to_string(template, {"hotline_follow_ups": follow_ups_for_case(agent, case)})
    as_coordinator = render_to_string(template, {"hotline_follow_ups": follow_ups_for_case(coordinator, case)})
    assert url in as_agent
    assert url not in as_coordinator and f"Follow-up {linked.pk}" in as_coordinator and "Open" in as_coordinator
    assert render_to_string(template, {"hotline_follow_ups": []}).strip() == ""
