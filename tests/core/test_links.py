from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from openaef.core.links import url_template

NUMBERS = st.integers(min_value=1, max_value=10**12)


# The first example loads the URL configuration: no deadline.
@settings(deadline=None)
@given(NUMBERS)
def test_one_number_gives_what_reverse_gives(pk):
    assert url_template("backoffice:case_detail", 1)(pk) == reverse("backoffice:case_detail", args=[pk])


@settings(deadline=None)
@given(NUMBERS, NUMBERS, NUMBERS)
def test_several_numbers_keep_their_order(case, measure, report):
    make = url_template("backoffice:measure_report", 3)
    assert make(case, measure, report) == reverse("backoffice:measure_report", args=[case, measure, report])


def test_it_follows_the_active_language():
    with translation.override("de"):
        make = url_template("backoffice:case_detail", 1)
    with translation.override("de"):
        expected = reverse("backoffice:case_detail", args=[7])
    assert make(7) == expected and expected.startswith("/de/")


def test_it_refuses_a_wrong_number_of_arguments():
    with pytest.raises(TypeError):
        url_template("backoffice:case_detail", 1)(1, 2)
