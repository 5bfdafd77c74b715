from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from tests.directory.factories import ServiceFactory

pytestmark = pytest.mark.django_db

PAGES = [
    ("portal:home", {}),
    ("portal:measure_list", {}),
    ("portal:measure_detail", {"code": "AMB-SAF"}),
    ("portal:directory", {}),
    ("portal:service_detail", {"code": "CEPAS-COUNS"}),
    ("portal:office_list", {}),
    ("portal:eligibility", {}),
    ("portal:hotline", {}),
]


def url(name: str, language: str = "en", **kwargs: str) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


@pytest.mark.parametrize("language", ["fr", "de", "en", "lb"])
@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_every_page_opens_for_an_anonymous_visitor_in_every_language(client, name, kwargs, language):  # type: ignore[no-untyped-def]
    response = client.get(url(name, language, **kwargs))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert html.count("<h1") == 1
    assert reverse("portal:request_start").split("/", 2)[2] in html  # the "Ask for help" link
    assert "<script>" not in html and " style=" not in html


def test_the_pages_are_in_the_visitors_language(client):  # type: ignore[no-untyped-def]
    assert "Sozial- und Familienhilfe" in client.get(url("portal:measure_detail", "de", code="AMB-SAF")).content.decode()
    assert "Aide socio-familiale" in client.get(url("portal:measure_detail", "fr", code="AMB-SAF")).content.decode()


def test_the_navigation_marks_the_current_section(client):  # type: ignore[no-untyped-def]
    html = client.get(url("portal:measure_detail", code="AMB-SAF")).content.decode()
    assert 'aria-current="true"><strong class="govuk-service-navigation__active-fallback">Help available' in html


def test_the_footer_links_to_the_staff_sign_in(client):  # type: ignore[no-untyped-def]
    html = client.get(url("portal:home")).content.decode()
    assert url("backoffice:login") in html and "Staff sign in" in html


def test_the_home_page_gives_the_three_routes_and_the_urgent_numbers(client):  # type: ignore[no-untyped-def]
    html = client.get(url("portal:home")).content.decode()
    assert "Do you no longer know what to do?" in html
    assert 'href="tel:+35224773696"' in html  # the pack's contact line
    assert f'action="{url("portal:directory")}"' in html
    for number in ('href="tel:112"', 'href="tel:113"', 'href="tel:116000"'):
        assert number in html
    assert url("portal:measure_detail", code="AMB-SAF") in html


def test_an_unknown_measure_is_not_found(client):  # type: ignore[no-untyped-def]
    assert client.get(url("portal:measure_detail", code="NOPE")).status_code == 404
    assert client.get(url("portal:service_detail", code="NOPE")).status_code == 404


def test_the_measure_list_groups_measures_by_category(client):  # type: ignore[no-untyped-def]
    html = client.get(url("portal:measure_list")).content.decode()
    ambulatory, stationary = html.find("Ambulatory (at home"), html.find("Stationary (living away")
    assert 0 < ambulatory < html.find("Social and family assistance") < stationary


def test_the_measure_page_shows_goals_audience_providers_and_how_to_ask(client):  # type: ignore[no-untyped-def]
    html = client.get(url("portal:measure_detail", code="AMB-SAF")).content.decode()
    assert "Help the family better manage daily care" in html
    assert "Who it is for" in html
    assert url("portal:service_detail", code="ARCUS-SAF") in html
    assert url("portal:request_start") in html and "tel:+35224773696" in html


def test_the_measure_page_costs_a_fixed_number_of_queries(client, django_assert_num_queries):  # type: ignore[no-untyped-def]
    ServiceFactory.create_batch(5, measures=["AMB-PSY"], languages=["fr"], commune="wiltz")
    # the measure type, its services with providers, their languages, their locations
    with django_assert_num_queries(4):
        response = client.get(url("portal:measure_detail", code="AMB-PSY"))
    assert response.status_code == 200


def test_the_service_page_shows_the_service_facts(client):  # type: ignore[no-untyped-def]
    ServiceFactory(code="T-PT", languages=["pt"], commune="wiltz", min_age=3, max_age=12, cost="free")
    html = client.get(url("portal:service_detail", code="T-PT")).content.decode()
    assert "Portuguese" in html and "3 to 12 years" in html and "Free of charge" in html
    assert "1, rue de l&#x27;Essai" in html


def test_the_offices_page_lists_every_office_with_appointment_and_hours(client):  # type: ignore[no-untyped-def]
    html = client.get(url("portal:office_list")).content.decode()
    for town in ("Esch-sur-Alzette", "Wiltz", "Differdange", "head office"):
        assert town in html
    assert "Tuesday: 13:00–17:00 (by appointment only)" in html
    assert "By appointment only, on Tuesday afternoons" in html
    assert "Dënschdeg" in client.get(url("portal:office_list", "lb")).content.decode()


def test_find_my_office_shows_the_office_serving_the_commune(client):  # type: ignore[no-untyped-def]
    html = client.get(url("portal:office_list"), {"place": "9536"}).content.decode()
    assert "The office serving Wiltz is: Regional Children&#x27;s Office (ORE) Wiltz." in html
    assert 'href="#office-ORE-WILT"' in html


def test_find_my_office_says_so_when_the_place_is_unknown_and_keeps_it(client):  # type: ignore[no-untyped-def]
    html = client.get(url("portal:office_list"), {"place": "Atlantis"}).content.decode()
    assert "govuk-error-summary" in html and 'href="#place"' in html
    assert "We could not find that commune or postcode" in html
    assert 'value="Atlantis"' in html
    assert "<title>Error:" in html


def test_the_eligibility_page_explains_who_can_ask_and_who_is_eligible(client):  # type: ignore[no-untyped-def]
    html = client.get(url("portal:eligibility")).content.decode()
    assert "The child themselves" in html
    assert "aged 0 to 27" in html
    assert "is at risk of social exclusion" in html
    assert "youth judge" in html
    assert "If you are over 27" in html


def test_the_hotline_page_explains_116_000(client):  # type: ignore[no-untyped-def]
    html = client.get(url("portal:hotline")).content.decode()
    assert 'href="tel:116000"' in html
    assert "24 hours a day, 7 days a week" in html
    assert "Grand Ducal Police" in html
    assert "Luxembourgish, French, German, English" in html
