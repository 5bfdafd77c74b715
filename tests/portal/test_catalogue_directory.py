from __future__ import annotations

import pytest
from django.urls import reverse

from tests.directory.factories import ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory_url() -> str:
    from django.utils import translation

    with translation.override("en"):
        return reverse("portal:directory")


def test_the_search_form_is_a_plain_get_form_with_every_filter(client, directory_url):  # type: ignore[no-untyped-def]
    html = client.get(directory_url).content.decode()
    assert f'<form method="get" action="{directory_url}"' in html
    for name in ("q", "near", "measure", "age", "language", "region", "commune", "free"):
        assert f'name="{name}"' in html
    assert '<option value="Esch-sur-Alzette">Esch-sur-Alzette</option>' in html  # a canton


def test_near_a_postcode_the_service_in_esch_comes_before_the_one_in_wiltz(client, directory_url, two_services):  # type: ignore[no-untyped-def]
    html = client.get(directory_url, {"near": "4031"}).content.decode()
    assert html.index("Harbour counselling") < html.index("Ardennes family help")
    assert "Nearest first, from Esch-sur-Alzette." in html
    assert " km</dd>" in html
    html = client.get(directory_url, {"near": "Esch-sur-Alzette", "q": "harbour ardennes"}).content.decode()
    assert "0 services found" in html


def test_the_filters_narrow_the_results_and_are_kept_in_the_form(client, directory_url, two_services):  # type: ignore[no-untyped-def]
    html = client.get(directory_url, {"q": "counselling", "free": "1", "language": "pt", "age": "14"}).content.decode()
    assert "Harbour counselling" in html and "Ardennes family help" not in html
    assert 'value="counselling"' in html and 'value="14"' in html and "checked" in html
    assert '<option value="pt" selected>Portuguese</option>' in html
    html = client.get(directory_url, {"region": "Wiltz"}).content.decode()
    assert "1 service found" in html and "Ardennes family help" in html


def test_an_unknown_place_is_reported_next_to_the_field_and_kept(client, directory_url, two_services):  # type: ignore[no-untyped-def]
    html = client.get(directory_url, {"near": "Atlantis", "q": "harbour"}).content.decode()
    assert "We could not find that commune or postcode" in html
    assert 'id="near-error"' in html and 'href="#near"' in html
    assert 'value="Atlantis"' in html
    assert "Harbour counselling" in html  # the other filters still apply


def test_an_age_that_is_not_a_number_is_reported_and_kept(client, directory_url):  # type: ignore[no-untyped-def]
    html = client.get(directory_url, {"age": "eight"}).content.decode()
    assert "Enter the age as a whole number, like 8" in html and 'value="eight"' in html


def test_the_results_are_paged_with_links_that_keep_the_filters(client, directory_url):  # type: ignore[no-untyped-def]
    ServiceFactory.create_batch(25, name={"en": "Paged counselling"})
    html = client.get(directory_url, {"q": "paged"}).content.decode()
    assert "25 services found" in html and "Showing 1 to 20 of 25" in html
    assert 'href="?q=paged&amp;page=2"' in html
    html = client.get(directory_url, {"q": "paged", "page": "2"}).content.decode()
    assert "Showing 21 to 25 of 25" in html and 'rel="prev"' in html


def test_the_directory_costs_the_same_number_of_queries_whatever_the_page(client, directory_url, django_assert_num_queries):  # type: ignore[no-untyped-def]
    ServiceFactory.create_batch(25, name={"en": "Paged counselling"}, languages=["fr"], commune="wiltz", measures=["AMB-PSY"])
    # The filter choices (communes, measure types, languages) are read once, then kept.
    with django_assert_num_queries(9):
        client.get(directory_url, {"q": "paged", "near": "4031"})
    # postcode (place); count, page, measure types, languages, locations (results)
    for page in ("1", "2"):
        with django_assert_num_queries(6):
            response = client.get(directory_url, {"q": "paged", "near": "4031", "page": page})
        assert response.status_code == 200
