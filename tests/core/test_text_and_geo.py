from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from openaef.core.geo import haversine_km
from openaef.core.text import fold


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
