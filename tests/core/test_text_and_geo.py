from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openaef.core.geo import haversine_km
from openaef.core.text import fold, spreadsheet_safe


def test_fold_ignores_accents_case_and_punctuation():
    assert fold("Zoé  MÜLLER-Hoffmann") == "zoe muller hoffmann"
    assert fold("Ëmer Ströossen") == fold("emer STROOSSEN")
    assert fold("Weiß") == "weiss"
    assert fold(None) == ""


@given(st.text())
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


def test_distances_between_luxembourg_towns_are_right():
    esch = (49.4958, 5.9806)
    wiltz = (49.9666, 5.9324)
    assert 50 < haversine_km(*esch, *wiltz) < 55
    assert haversine_km(*esch, *esch) == 0


@pytest.mark.parametrize("text", ["=HYPERLINK(1)", "+1", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_a_cell_a_spreadsheet_would_run_gets_an_apostrophe(text):
    assert spreadsheet_safe(text) == "'" + text


def test_plain_text_and_empty_cells_are_left_as_they_are():
    assert spreadsheet_safe("Léa Muller") == "Léa Muller"
    assert spreadsheet_safe(None) == ""
