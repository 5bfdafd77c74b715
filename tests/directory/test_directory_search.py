from __future__ import annotations

import pytest

from openaef.directory.selectors import DirectoryFilters, directory_search, locate_place

from .factories import ServiceFactory

pytestmark = pytest.mark.django_db
PACK = "lu"


def codes(page_size: int = 20, **filters) -> list[str]:  # type: ignore[no-untyped-def]
    return [s.code for s in directory_search(PACK, DirectoryFilters(**filters), page_size=page_size).services]


def test_it_lists_every_service_of_the_pack_without_filters(esch_service, wiltz_service):  # type: ignore[no-untyped-def]
    result = directory_search(PACK, page_size=500)
    assert {"T-ESCH", "T-WILTZ", "CEPAS-COUNS"} <= {s.code for s in result.services}
    assert result.count == len(result.services)


def test_it_ignores_other_packs(esch_service):  # type: ignore[no-untyped-def]
    assert directory_search("fr").count == 0


def test_the_text_search_matches_every_word_whatever_the_accents_and_case(esch_service, wiltz_service):  # type: ignore[no-untyped-def]
    assert codes(query="HARBOUR counsélling") == ["T-ESCH"]
    assert codes(query="harbour ardennes") == []


def test_the_measure_filter_narrows_the_results(esch_service, wiltz_service):  # type: ignore[no-untyped-def]
    found = codes(measure_code="AMB-SAF")
    assert "T-WILTZ" in found and "T-ESCH" not in found


def test_the_age_filter_keeps_services_open_to_that_age(esch_service, wiltz_service):  # type: ignore[no-untyped-def]
    found = codes(age=4)
    assert "T-WILTZ" in found and "T-ESCH" not in found
    # CePAS is from 12 with no upper bound: open to a 20-year-old, not to a 4-year-old.
    assert "CEPAS-COUNS" in codes(age=20) and "CEPAS-COUNS" not in found


def test_the_language_filter_narrows_the_results(esch_service, wiltz_service):  # type: ignore[no-untyped-def]
    assert codes(language="pt") == ["T-ESCH"]


def test_the_region_filter_uses_the_canton_of_the_location(esch_service, wiltz_service):  # type: ignore[no-untyped-def]
    assert codes(region="Wiltz") == ["T-WILTZ"]


def test_the_commune_filter_narrows_the_results(esch_service, wiltz_service):  # type: ignore[no-untyped-def]
    assert codes(commune_code="esch-sur-alzette") == ["T-ESCH"]


def test_the_free_filter_keeps_only_free_services(esch_service, wiltz_service):  # type: ignore[no-untyped-def]
    found = codes(free_only=True, page_size=500)
    assert "T-ESCH" in found and "T-WILTZ" not in found
    assert "ARCUS-BERODUNG" not in found  # first session free is not free


def test_near_esch_a_service_in_esch_comes_before_one_in_wiltz_and_unlocated_ones_last(esch_service, wiltz_service):  # type: ignore[no-untyped-def]
    place = locate_place(PACK, "4031")
    result = directory_search(PACK, DirectoryFilters(near=(place.latitude, place.longitude)), page_size=500)
    found = [s.code for s in result.services]
    assert found[:2] == ["T-ESCH", "T-WILTZ"]
    assert result.services[0].distance_km < 5 < 40 < result.services[1].distance_km
    assert all(s.distance_km is None for s in result.services[2:])


def test_near_wiltz_the_order_is_reversed(esch_service, wiltz_service):  # type: ignore[no-untyped-def]
    place = locate_place(PACK, "Wiltz")
    assert codes(near=(place.latitude, place.longitude))[:2] == ["T-WILTZ", "T-ESCH"]


def test_it_pages_by_twenty_and_clamps_the_page_number():  # type: ignore[no-untyped-def]
    ServiceFactory.create_batch(25, name={"en": "Paged counselling"})
    first = directory_search(PACK, DirectoryFilters(query="paged"))
    last = directory_search(PACK, DirectoryFilters(query="paged"), page=99)
    assert (first.count, first.pages, len(first.services)) == (25, 2, 20)
    assert (last.page, len(last.services)) == (2, 5)
    assert not {s.code for s in first.services} & {s.code for s in last.services}


@pytest.mark.parametrize(
    ("text", "commune"),
    [
        ("4031", "esch-sur-alzette"),
        ("L-4031", "esch-sur-alzette"),
        ("Esch-sur-Alzette", "esch-sur-alzette"),
        ("esch uelzecht", "esch-sur-alzette"),
        ("WOLZ", "wiltz"),
        ("Luxemburg", "luxembourg"),
    ],
)
def test_it_locates_a_place_by_postcode_or_name_in_any_language(text, commune):  # type: ignore[no-untyped-def]
    assert locate_place(PACK, text).code == commune


@pytest.mark.parametrize("text", ["", "Atlantis", "0000", "esch"])
def test_it_does_not_locate_an_unknown_or_ambiguous_place(text):  # type: ignore[no-untyped-def]
    assert locate_place(PACK, text) is None


def test_the_search_costs_the_same_number_of_queries_on_every_page(django_assert_num_queries):  # type: ignore[no-untyped-def]
    ServiceFactory.create_batch(25, name={"en": "Paged counselling"}, languages=["fr"], commune="wiltz", measures=["AMB-PSY"])
    for page in (1, 2):
        # count, page, measure types, languages, addresses
        with django_assert_num_queries(5):
            result = directory_search(PACK, DirectoryFilters(query="paged", near=(49.5, 6.0)), page=page)
        assert all(service.measures == [("AMB-PSY", service.measures[0][1])] for service in result.services)
        assert all(service.language_codes == ["fr"] and len(service.addresses) == 1 for service in result.services)
