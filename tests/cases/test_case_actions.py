"""Changing a case through its pages: status, assignment, the family. Every endpoint with the cast."""

from __future__ import annotations

import pytest
from django.urls import reverse

from openaef.cases.models import CaseFile, CaseParticipant, ParticipantRole
from openaef.cases.services import case_update

from .factories import PersonFactory

pytestmark = pytest.mark.django_db


def transition(case, target, **data):  # type: ignore[no-untyped-def]
    return reverse("backoffice:case_transition", args=[case.pk]), {
        "target": target,
        f"{target}-version": str(data.pop("version", case.version)),
        **{f"{target}-{k}": v for k, v in data.items()},
    }


def test_the_coordinator_starts_the_work(login, coordinator, case):
    path, data = transition(case, "active")
    response = login(coordinator).post(path, data)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "active"


def test_closing_without_a_reason_shows_the_error_next_to_the_field(login, coordinator, case):
    path, data = transition(case, "closed", reason="")
    response = login(coordinator).post(path, data)
    assert response.status_code == 200
    assert ("#id_closed-reason", "Say why.") in response.context["error_summary"]
    case.refresh_from_db()
    assert case.status == "open"


def test_a_transition_on_an_old_version_is_refused_and_the_reason_typed_is_kept(login, coordinator, case):
    case_update(actor=coordinator, case=case, expected_version=1, framework="judicial", summary="Changed meanwhile")
    path, data = transition(case, "closed", reason="The family moved abroad", version=1)
    response = login(coordinator).post(path, data)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else changed this record" in html
    assert "The family moved abroad" in html
    form = next(a["form"] for a in response.context["actions"] if a["target"] == "closed")
    assert form["version"].value() == "2"
    case.refresh_from_db()
    assert case.status == "open"


@pytest.mark.parametrize("who", ["colleague", "office_head_of_another_office"])
def test_a_reader_cannot_change_the_status(who, login, case, colleague, other_office):  # type: ignore[no-untyped-def]
    from openaef.accounts.models import Role
    from tests.factories import UserFactory

    user = colleague if who == "colleague" else UserFactory(roles=[(Role.OFFICE_HEAD, other_office)])
    path, data = transition(case, "active")
    assert login(user).post(path, data).status_code in (403, 404)
    case.refresh_from_db()
    assert case.status == "open"


def test_the_status_endpoints_refuse_the_cast(login, case, other_coordinator, outsider):
    path, data = transition(case, "active")
    assert login(other_coordinator).post(path, data).status_code == 404
    assert login(outsider).post(path, data).status_code == 403
    case.refresh_from_db()
    assert case.status == "open"


def test_the_status_endpoint_only_accepts_post(login, coordinator, case):
    assert login(coordinator).get(reverse("backoffice:case_transition", args=[case.pk])).status_code == 405


def assign(case, coordinator, version=None):  # type: ignore[no-untyped-def]
    return reverse("backoffice:case_assign", args=[case.pk]), {
        "assign-coordinator": str(coordinator.pk),
        "assign-version": str(version or case.version),
    }


def test_the_office_head_assigns_a_colleague(login, office_head, colleague, case):
    response = login(office_head).post(*assign(case, colleague))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.coordinator == colleague


def test_an_assignment_on_an_old_version_keeps_the_choice_and_says_why(login, office_head, coordinator, colleague, case):
    case_update(actor=coordinator, case=case, expected_version=1, framework="judicial", summary="")
    response = login(office_head).post(*assign(case, colleague, version=1))
    assert response.status_code == 409
    form = response.context["assign_form"]
    assert form["coordinator"].value() == str(colleague.pk)
    assert form["version"].value() == "2"
    case.refresh_from_db()
    assert case.coordinator == coordinator


def test_the_assignment_endpoint_refuses_coordinators_and_outsiders(
    login, coordinator, colleague, other_coordinator, outsider, case
):
    for user in (coordinator, colleague, other_coordinator, outsider):
        assert login(user).post(*assign(case, colleague)).status_code == 403
    case.refresh_from_db()
    assert case.coordinator == coordinator


def test_the_coordinator_adds_a_new_person_to_the_family(login, coordinator, case):
    path = reverse("backoffice:case_participant_add", args=[case.pk])
    client = login(coordinator)
    assert client.get(path).status_code == 200
    data = {"first_names": "Zénon", "surname": "Bernard-Müller", "role": "relative", "agrees": "yes", "notes": "Grandfather"}
    response = client.post(path, data)
    assert response.status_code == 302
    added = case.participants.get(role=ParticipantRole.RELATIVE)
    assert (added.person.full_name, added.agrees, added.notes) == ("Zénon Bernard-Müller", True, "Grandfather")


def test_adding_a_person_who_may_be_known_asks_which_one(login, coordinator, case):
    import datetime as dt

    known = PersonFactory(surname="Weber", first_names="Anne", birth_date=dt.date(1980, 6, 1))
    path = reverse("backoffice:case_participant_add", args=[case.pk])
    client = login(coordinator)
    data = {
        "first_names": "Anne",
        "surname": "Weber",
        "birth_date_day": "1",
        "birth_date_month": "6",
        "birth_date_year": "1980",
        "role": "parent",
        "agrees": "unknown",
    }
    response = client.post(path, data)
    assert response.status_code == 200
    assert response.context["form"].asks_person()
    assert response.context["error_summary"] == []
    response = client.post(path, {**data, "person_choice": str(known.pk)})
    assert response.status_code == 302
    assert case.participants.filter(person=known, role="parent").exists()


def test_the_family_endpoints_refuse_readers_and_the_cast(login, colleague, other_coordinator, outsider, case):
    path = reverse("backoffice:case_participant_add", args=[case.pk])
    assert login(colleague).get(path).status_code == 403
    assert login(other_coordinator).get(path).status_code == 404
    assert login(outsider).get(path).status_code == 403
    child = case.participants.get()
    remove = reverse("backoffice:case_participant_remove", args=[case.pk, child.pk])
    assert login(colleague).post(remove).status_code == 403
    assert login(other_coordinator).post(remove).status_code == 404


def test_the_coordinator_takes_a_person_out(login, coordinator, case):
    cousin = CaseParticipant.objects.create(case=case, person=PersonFactory(), role=ParticipantRole.RELATIVE, position=1)
    response = login(coordinator).post(reverse("backoffice:case_participant_remove", args=[case.pk, cousin.pk]))
    assert response.status_code == 302
    assert not CaseParticipant.objects.filter(pk=cousin.pk).exists()


def test_the_child_cannot_be_taken_out_through_the_page(login, coordinator, case):
    child = case.participants.get()
    response = login(coordinator).post(reverse("backoffice:case_participant_remove", args=[case.pk, child.pk]))
    assert response.status_code == 400
    assert CaseFile.objects.get(pk=case.pk).participants.filter(pk=child.pk).exists()
