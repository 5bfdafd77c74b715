"""Matching suggestions for a child: which families, in which order, and the reasons shown."""

from __future__ import annotations

import datetime as dt

from openaef.foster.models import FosterFamilyStatus
from openaef.foster.selectors import suggestions_for

from .factories import TODAY, add_parent, add_sibling, approved_family, make_family, make_stay

F = FosterFamilyStatus


def names(suggestions):  # type: ignore[no-untyped-def]
    return [s.family.name for s in suggestions]


def reasons_of(suggestions, name):  # type: ignore[no-untyped-def]
    return next(s.reasons for s in suggestions if s.family.name == name)


def test_only_families_approved_today_are_suggested(case):
    approved_family("Current")
    approved_family("Lapsed", approved_until=TODAY - dt.timedelta(days=1))
    approved_family("Not yet", approved_from=TODAY + dt.timedelta(days=1))
    make_family("Assessed", status=F.ASSESSMENT, capacity=2)
    make_family("Suspended", status=F.SUSPENDED, capacity=2, approved_from=TODAY, approved_until=TODAY)
    assert names(suggestions_for(case, today=TODAY)) == ["Current"]


def test_a_family_without_a_free_place_is_left_out(case, office):
    full = approved_family("Full", capacity=1)
    make_stay(full, office=office)
    ended = approved_family("Had a child", capacity=1)
    make_stay(ended, office=office, until_on=TODAY - dt.timedelta(days=1))
    suggestions = suggestions_for(case, today=TODAY)
    assert names(suggestions) == ["Had a child"]
    assert suggestions[0].free_places == 1
    assert "1 free place out of 1." in suggestions[0].reasons


def test_a_stay_ending_later_still_holds_its_place(case, office):
    family = approved_family("Busy", capacity=1)
    make_stay(family, office=office, until_on=TODAY + dt.timedelta(days=10))
    assert suggestions_for(case, today=TODAY) == []


def test_the_child_s_age_within_the_range_ranks_a_family_first(case):
    approved_family("Little ones", min_age=0, max_age=6)
    approved_family("School age", min_age=6, max_age=12)
    suggestions = suggestions_for(case, today=TODAY)
    assert names(suggestions) == ["School age", "Little ones"]
    assert "The child is 11: the family takes children aged 6 to 12." in reasons_of(suggestions, "School age")
    assert "The child is 11: outside the ages the family takes (0 to 6)." in reasons_of(suggestions, "Little ones")


def test_a_language_in_common_ranks_a_family_first(case):
    approved_family("German", languages=("de",))
    approved_family("Portuguese", languages=("pt", "de"))
    suggestions = suggestions_for(case, today=TODAY)
    assert names(suggestions) == ["Portuguese", "German"]
    assert "Speaks the child's language: Portuguese." in reasons_of(suggestions, "Portuguese")
    assert "No language in common (the child speaks French, Portuguese)." in reasons_of(suggestions, "German")


def test_without_the_child_s_languages_it_says_so(case):
    case.child.languages = []
    case.child.save(update_fields=["languages"])
    approved_family("Any", languages=("fr",))
    assert "The child's languages are not recorded: languages not compared." in suggestions_for(case, today=TODAY)[0].reasons


def test_a_family_close_to_the_parents_ranks_first(case):
    add_parent(case, "esch-sur-alzette")
    approved_family("North", commune_code="wiltz")
    approved_family("South", commune_code="esch-sur-alzette")
    approved_family("Nowhere")
    suggestions = suggestions_for(case, today=TODAY)
    assert names(suggestions) == ["South", "North", "Nowhere"]
    assert "About 0 km from the parents' commune (Esch-sur-Alzette)." in reasons_of(suggestions, "South")
    north = next(s for s in suggestions if s.family.name == "North")
    assert north.distance_km is not None and north.distance_km > 40
    assert "Distance unknown: the family's commune is not recorded." in reasons_of(suggestions, "Nowhere")


def test_without_the_parents_commune_the_distance_is_unknown(case):
    add_parent(case, None)
    approved_family("South", commune_code="esch-sur-alzette")
    assert "Distance unknown: the parents' commune is not recorded." in suggestions_for(case, today=TODAY)[0].reasons


def test_siblings_needing_a_placement_need_a_place_each(case, office):
    add_sibling(case, office=office)
    approved_family("Two places", capacity=2)
    approved_family("One place", capacity=1)
    suggestions = suggestions_for(case, today=TODAY)
    assert names(suggestions) == ["Two places", "One place"]
    roomy = suggestions[0]
    assert roomy.keeps_siblings_together is True
    assert "Room for the child and the brother or sister who also needs a placement: they can stay together." in roomy.reasons
    assert suggestions[1].keeps_siblings_together is False
    assert (
        "Not enough places to keep the child with the brother or sister who also needs a placement (2 needed, 1 free)."
        in suggestions[1].reasons
    )


def test_a_sibling_without_a_planned_stationary_measure_does_not_count(case, office):
    add_sibling(case, office=office, needs_placement=False)
    approved_family("One place", capacity=1)
    suggestion = suggestions_for(case, today=TODAY)[0]
    assert suggestion.keeps_siblings_together is None
    assert not any("brother" in reason for reason in suggestion.reasons)


def test_more_free_places_break_a_tie(case):
    approved_family("Small", capacity=1)
    approved_family("Large", capacity=3)
    assert names(suggestions_for(case, today=TODAY)) == ["Large", "Small"]


def test_the_number_of_queries_does_not_grow_with_the_families(case, office, django_assert_max_num_queries):
    add_parent(case, "esch-sur-alzette")
    add_sibling(case, office=office)
    for i in range(8):
        make_stay(approved_family(f"Family {i}", capacity=3, languages=("fr",), commune_code="wiltz"), office=office)
    with django_assert_max_num_queries(6):
        assert len(suggestions_for(case, today=TODAY)) == 8
