"""Changing the framework and the situation: no lost update, nothing typed lost."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from openaef.cases.services import case_update

pytestmark = pytest.mark.django_db


def url(case) -> str:  # type: ignore[no-untyped-def]
    return reverse("backoffice:case_edit", args=[case.pk])


def test_it_shows_the_form_with_the_current_values(login, coordinator, case):
    case_update(actor=coordinator, case=case, expected_version=1, framework="judicial", summary="Placement ordered")
    response = login(coordinator).get(url(case))
    assert response.status_code == 200
    form = response.context["form"]
    assert (form["framework"].value(), form["summary"].value(), form["version"].value()) == ("judicial", "Placement ordered", 2)


def test_it_saves_and_goes_back_to_the_case(login, coordinator, case):
    response = login(coordinator).post(url(case), {"framework": "judicial", "summary": "Court order of 3 March", "version": "1"})
    assert response.status_code == 302
    assert response.url == reverse("backoffice:case_detail", args=[case.pk])
    case.refresh_from_db()
    assert (case.framework, case.summary, case.version) == ("judicial", "Court order of 3 March", 2)


def test_a_second_save_on_the_same_version_is_refused_keeping_what_was_typed(login, coordinator, office_head, case):
    # Bob saves first; Carla, who opened the form before, saves second.
    login(office_head).post(url(case), {"framework": "judicial", "summary": "Bob's version", "version": "1"})
    response = login(coordinator).post(url(case), {"framework": "voluntary", "summary": "Carla's version", "version": "1"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else changed this record" in html
    assert escape("Carla's version") in html  # what she typed, kept
    assert escape("Bob's version") in html  # what is there now, shown
    assert response.context["form"]["version"].value() == "2"
    case.refresh_from_db()
    assert case.summary == "Bob's version"
    # Saving again is a deliberate act on the current version: it goes through.
    response = login(coordinator).post(url(case), {"framework": "voluntary", "summary": "Carla's version", "version": "2"})
    assert response.status_code == 302


def test_it_refuses_a_colleague_who_only_reads_the_case(login, colleague, case):
    assert login(colleague).get(url(case)).status_code == 403
    assert login(colleague).post(url(case), {"framework": "judicial", "summary": "x", "version": "1"}).status_code == 403
    case.refresh_from_db()
    assert case.summary == ""


def test_it_refuses_the_cast(login, other_coordinator, outsider, case):
    assert login(other_coordinator).get(url(case)).status_code == 404
    assert login(outsider).get(url(case)).status_code == 403
