from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from openaef.core.parameters import Bracket, ParameterNotFound, parameter_tree, parameters_at

D = dt.date


def test_a_value_is_none_before_its_first_date(pack_dir):
    assert parameters_at(pack_dir, D(2019, 12, 31), database=False).value("allowance.amount") is None


def test_the_first_value_applies_from_its_date(pack_dir):
    assert parameters_at(pack_dir, D(2020, 1, 1), database=False).value("allowance.amount") == Decimal("100.00")


def test_between_two_dates_the_earlier_value_applies(pack_dir):
    P = parameters_at(pack_dir, D(2022, 6, 30), database=False)
    assert P.value("allowance.amount") == Decimal("100.00")
    assert parameters_at(pack_dir, D(2022, 7, 1), database=False).value("allowance.amount") == Decimal("110.50")


def test_numbers_are_decimals_read_from_their_text(pack_dir):
    value = parameters_at(pack_dir, D(2023, 1, 1), database=False).value("allowance.amount")
    assert isinstance(value, Decimal)
    assert str(value) == "110.50"


def test_null_stops_the_parameter(pack_dir):
    assert parameters_at(pack_dir, D(2024, 1, 1), database=False).value("allowance.amount") is None


def test_a_value_reference_overrides_the_parameter_reference(pack_dir):
    assert parameters_at(pack_dir, D(2021, 1, 1), database=False).reference("allowance.amount") == (
        "Law of 1 January 2020, art. 1"
    )
    assert parameters_at(pack_dir, D(2023, 1, 1), database=False).reference("allowance.amount") == (
        "Regulation of 1 June 2022, art. 2"
    )


def test_nodes_in_one_file_get_dotted_names_and_typed_values(pack_dir):
    P = parameters_at(pack_dir, D(2021, 1, 1), database=False)
    assert P.value("allowance.children") == 4
    assert P.value("allowance.codes") == ["A", "B"]
    assert P.assumption("allowance.children") == "Not published: assumed 4."


def test_an_unknown_name_is_an_error(pack_dir):
    with pytest.raises(ParameterNotFound):
        parameters_at(pack_dir, D(2021, 1, 1), database=False).value("allowance.nothing")


def test_a_scale_gives_its_brackets_by_rising_threshold(pack_dir):
    assert parameters_at(pack_dir, D(2021, 1, 1), database=False).scale("bands") == [
        Bracket(threshold=Decimal("0"), amount=Decimal("0")),
        Bracket(threshold=Decimal("1000"), amount=Decimal("1.28")),
        Bracket(threshold=Decimal("3000"), amount=Decimal("2.56")),
    ]


def test_a_bracket_whose_threshold_becomes_null_drops_out(pack_dir):
    thresholds = [b.threshold for b in parameters_at(pack_dir, D(2023, 1, 1), database=False).scale("bands")]
    assert thresholds == [Decimal("0"), Decimal("1000")]


def test_a_bracket_component_is_a_parameter_of_its_own(pack_dir):
    P = parameters_at(pack_dir, D(2021, 1, 1), database=False)
    assert P.value("bands[1].amount") == Decimal("2.56")
    assert P.reference("bands") == "Law of 1 January 2020, art. 4"


def test_the_tree_lists_every_parameter_with_its_history(pack_dir):
    tree = parameter_tree(pack_dir, database=False)
    assert list(tree) == ["allowance.amount", "allowance.children", "allowance.codes", "bands"]
    assert [v.start for v in tree["allowance.amount"].values] == [D(2020, 1, 1), D(2022, 7, 1), D(2024, 1, 1)]


def test_the_luxembourg_pack_loads_with_a_reference_or_assumption_everywhere():
    tree = parameter_tree("lu", database=False)
    assert "contribution.stationary.constant" in tree
    P = parameters_at("lu", D(2026, 1, 1), database=False)
    assert P.value("contribution.stationary.constant") == Decimal("64.45")
    assert P.value("social_minimum_wage.monthly") == Decimal("2703.74")
