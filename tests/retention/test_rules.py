from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured

from openaef.cases.deadlines import compute_due
from openaef.rights.retention_rules import KINDS, parse_retention, retention_rules

from .conftest import rules_with


def _data(**overrides: object) -> dict[str, object]:
    entry = {"keep_after_last_contact": "months:24", "then": "anonymise", "assumption": "Because."}
    kinds = {kind: {**entry, "then": then} for kind, (_l, then) in KINDS.items()}
    kinds["help_requests"] = {**kinds["help_requests"], **overrides}
    return {"kinds": kinds}


def test_the_luxembourg_pack_has_a_rule_with_its_basis_for_every_kind():
    rules = retention_rules("lu")
    assert [rule.kind for rule in rules.kinds] == list(KINDS)
    for rule in rules.kinds:
        assert rule.reference or rule.assumption
    assert str(rules.get("case_files").period) == "months:24"
    assert rules.get("case_files").then == "archive"
    # Nothing supports a number for these: not decided, and the run leaves them alone.
    assert rules.get("persons").period is None
    assert rules.get("access_requests").period is None


def test_a_kind_without_reference_or_assumption_fails_to_load():
    with pytest.raises(ImproperlyConfigured, match="reference or an assumption"):
        parse_retention(_data(assumption=""))


def test_a_missing_kind_fails_to_load():
    data = _data()
    del data["kinds"]["persons"]  # type: ignore[attr-defined]
    with pytest.raises(ImproperlyConfigured, match="persons"):
        parse_retention(data)


def test_an_unknown_kind_a_bad_period_or_a_wrong_action_fails_to_load():
    data = _data()
    data["kinds"]["emails"] = {"keep_after_last_contact": None, "then": "anonymise", "assumption": "x"}  # type: ignore[index]
    with pytest.raises(ImproperlyConfigured, match="unknown"):
        parse_retention(data)
    with pytest.raises(ImproperlyConfigured, match="bad period"):
        parse_retention(_data(keep_after_last_contact="years:2"))
    with pytest.raises(ImproperlyConfigured, match="only be followed"):
        parse_retention(_data(then="archive"))
    with pytest.raises(ImproperlyConfigured, match="kinds"):
        parse_retention(None)


@pytest.mark.parametrize("rule", ["months:24", "calendar_days:30", "business_days:10"])
@pytest.mark.parametrize("as_of", [dt.date(2026, 3, 2), dt.date(2026, 3, 1), dt.date(2026, 12, 28), dt.date(2026, 2, 28)])
def test_the_cutoff_is_the_last_day_whose_period_has_ended(rule, as_of):
    kind_rule = rules_with({"case_files": rule}).get("case_files")
    cutoff = kind_rule.cutoff(as_of)
    assert compute_due(rule, cutoff) <= as_of
    assert compute_due(rule, cutoff + dt.timedelta(days=1)) > as_of
