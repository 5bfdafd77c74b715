"""Drawn signatures are reduced to pen strokes; who must sign follows parental authority and age."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from openaef.projects.models import SignerRole
from openaef.projects.parameters import project_rules
from openaef.projects.selectors import signers_of
from openaef.projects.signatures import all_signed, required_ids, sanitise_drawing, signer_for

from .factories import add_parent, make_case


def test_a_drawing_of_moves_and_lines_is_kept_in_a_normal_form():
    assert sanitise_drawing(" M 10 20 L 30.50 40 L50,45.25 ") == "M10 20L30.5 40L50 45.25"


@pytest.mark.parametrize(
    "path",
    [
        "",
        "M10 20",  # a dot
        "L10 20 L20 30",  # does not start with a move
        "M10 20 C 1 2 3 4 5 6",  # a curve
        "M10 20 A 1 1 0 0 1 5 5",  # an arc
        "M10 20 L-5 30",  # negative
        "M10 20 L30 4000",  # outside the drawing area
        "M10 20 L1e3 30",  # exponent
        'M10 20 L30 40"/><script>alert(1)</script>',
        "M10 20 L30 40 url(#x)",
        "m10 20 l30 40",  # relative commands
        "M10 20 L30",  # missing coordinate
        "M10 20 " + "L1 1 " * 5000,  # too long
    ],
)
def test_anything_but_m_and_l_with_numbers_is_refused(path):
    with pytest.raises(ValidationError) as error:
        sanitise_drawing(path)
    assert "drawing" in error.value.message_dict


@pytest.mark.django_db
def test_the_holders_of_parental_authority_and_a_child_of_13_must_sign(case):
    signers = signers_of(case, on=dt.date(2026, 3, 2))
    by_name = {s.person.first_names: s for s in signers}
    assert by_name["Léa"].role == SignerRole.CHILD and by_name["Léa"].required
    assert by_name["Anna"].required and by_name["Anna"].role == SignerRole.PARENT
    # Marc is a parent in the case without parental authority: he may sign, need not.
    assert not by_name["Marc"].required
    assert all_signed(signers, {by_name["Léa"].person.pk, by_name["Anna"].person.pk})
    assert not all_signed(signers, {by_name["Anna"].person.pk})


@pytest.mark.django_db
def test_a_young_child_signs_only_when_the_coordinator_says_so(office, coordinator):
    case = make_case(office=office, coordinator=coordinator, birth_date=dt.date(2019, 6, 1))
    signers = signers_of(case, on=dt.date(2026, 3, 2))
    rules = project_rules("lu")
    child = case.child
    assert child.pk not in required_ids(signers)
    with pytest.raises(ValidationError):
        signer_for(signers, child.pk, allow_younger=False, rules=rules, on=dt.date(2026, 3, 2))
    assert signer_for(signers, child.pk, allow_younger=True, rules=rules, on=dt.date(2026, 3, 2)).role == SignerRole.CHILD
    # Nobody holds parental authority on record: one signature is enough.
    assert all_signed(signers, {child.pk}) and not all_signed(signers, set())


@pytest.mark.django_db
def test_a_young_adult_signs_alone(office, coordinator):
    case = make_case(office=office, coordinator=coordinator, birth_date=dt.date(2005, 1, 1))
    add_parent(case, first_names="Anna", authority=True)
    signers = signers_of(case, on=dt.date(2026, 3, 2))
    assert [(s.person.pk, s.role, s.required) for s in signers] == [(case.child.pk, SignerRole.YOUNG_ADULT, True)]


@pytest.mark.django_db
def test_someone_outside_the_family_cannot_sign(case, coordinator):
    signers = signers_of(case, on=dt.date(2026, 3, 2))
    with pytest.raises(ValidationError):
        signer_for(signers, 999_999, allow_younger=False, rules=project_rules("lu"), on=dt.date(2026, 3, 2))
