from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from openaef.accounts.models import Role
from openaef.audit.models import AuditAction, AuditEvent
from openaef.core.models import ParameterValue
from openaef.core.parameters import parameter_tree, parameters_at
from openaef.core.services_parameters import parameter_value_add, parameter_value_remove
from tests.factories import UserFactory

D = dt.date


@pytest.fixture
def admin(db):  # type: ignore[no-untyped-def]
    return UserFactory(email="alice@example.test", roles=[Role.ADMINISTRATOR])


def add(pack: str, actor, **kwargs):  # type: ignore[no-untyped-def]
    values = {"name": "allowance.amount", "start": D(2023, 1, 1), "value": "105.25", "reference": "Regulation X, art. 1"}
    values.update(kwargs)
    return parameter_value_add(actor=actor, pack=pack, note=values.pop("note", ""), **values)


def test_a_value_added_applies_from_its_date_onward(pack_dir, admin):
    parameters_at(pack_dir, D(2023, 6, 1))  # fills the cache: the service must invalidate it
    add(pack_dir, admin)
    assert parameters_at(pack_dir, D(2022, 12, 31)).value("allowance.amount") == Decimal("110.50")
    assert parameters_at(pack_dir, D(2023, 1, 1)).value("allowance.amount") == Decimal("105.25")
    assert parameters_at(pack_dir, D(2023, 1, 1)).reference("allowance.amount") == "Regulation X, art. 1"
    # The YAML's later null still stops it.
    assert parameters_at(pack_dir, D(2024, 1, 1)).value("allowance.amount") is None


def test_the_value_is_stored_as_text_and_the_history_shows_where_it_comes_from(pack_dir, admin):
    row = add(pack_dir, admin)
    assert ParameterValue.objects.get(pk=row.pk).value == "105.25"
    entry = parameter_tree(pack_dir)["allowance.amount"].entry_at(D(2023, 1, 1))
    assert (entry.source, entry.db_id, entry.value) == ("db", row.pk, Decimal("105.25"))


def test_the_yaml_values_alone_ignore_the_database(pack_dir, admin):
    add(pack_dir, admin)
    assert parameters_at(pack_dir, D(2023, 1, 1), database=False).value("allowance.amount") == Decimal("110.50")


def test_a_null_value_stops_the_parameter_from_its_date(pack_dir, admin):
    add(pack_dir, admin, value=None, reference="", note="Repealed by the regulation of 2022")
    assert parameters_at(pack_dir, D(2023, 1, 1)).value("allowance.amount") is None


def test_it_records_an_audit_entry_with_the_parameter_name(pack_dir, admin):
    row = add(pack_dir, admin)
    event = AuditEvent.objects.order_by("-sequence").first()
    assert (event.action, event.object_type, event.object_id) == (AuditAction.CREATE, "core.parametervalue", str(row.pk))
    assert event.reason == "allowance.amount"
    assert event.actor == admin


def test_it_adds_a_bracket_component_of_a_scale(pack_dir, admin):
    add(pack_dir, admin, name="bands[2].amount", value="1.50")
    assert parameters_at(pack_dir, D(2023, 1, 1)).scale("bands")[1].amount == Decimal("1.50")


def test_it_parses_counts_and_lists(pack_dir, admin):
    add(pack_dir, admin, name="allowance.children", value="5")
    add(pack_dir, admin, name="allowance.codes", value="A, C")
    P = parameters_at(pack_dir, D(2023, 1, 1))
    assert (P.value("allowance.children"), P.value("allowance.codes")) == (5, ["A", "C"])


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"name": "allowance.nothing"}, "name"),
        ({"start": D(2022, 7, 1)}, "start"),  # a YAML date is never overridden
        ({"value": "ten"}, "value"),
        ({"value": "-1"}, "value"),
        ({"value": "1e999999"}, "value"),
        ({"name": "allowance.children", "value": "2.5"}, "value"),
        ({"name": "allowance.codes", "value": 3}, "value"),
        ({"reference": "", "note": ""}, "reference"),
    ],
)
def test_it_refuses_an_invalid_value_with_a_message_on_the_field(pack_dir, admin, kwargs, field):
    with pytest.raises(ValidationError) as excinfo:
        add(pack_dir, admin, **kwargs)
    assert field in excinfo.value.message_dict
    assert not ParameterValue.objects.exists()
    assert not AuditEvent.objects.filter(object_type="core.parametervalue").exists()


def test_it_refuses_a_second_value_on_the_same_date(pack_dir, admin):
    add(pack_dir, admin)
    with pytest.raises(ValidationError) as excinfo:
        add(pack_dir, admin, value="106.00")
    assert "start" in excinfo.value.message_dict
    assert ParameterValue.objects.count() == 1


def test_a_future_value_can_be_removed(pack_dir, admin):
    row = add(pack_dir, admin, start=D(2030, 1, 1), name="allowance.children", value="6")
    assert parameters_at(pack_dir, D(2030, 1, 1)).value("allowance.children") == 6
    parameter_value_remove(actor=admin, value=row, today=D(2029, 12, 31))
    assert not ParameterValue.objects.exists()
    assert parameters_at(pack_dir, D(2030, 1, 1)).value("allowance.children") == 4
    event = AuditEvent.objects.order_by("-sequence").first()
    assert (event.action, event.fields, event.reason) == (AuditAction.UPDATE, ["removed"], "allowance.children")


def test_a_value_already_in_force_is_never_removed(pack_dir, admin):
    row = add(pack_dir, admin)
    with pytest.raises(ValidationError):
        parameter_value_remove(actor=admin, value=row, today=D(2023, 1, 1))
    assert ParameterValue.objects.filter(pk=row.pk).exists()


def test_a_database_value_for_a_name_the_yaml_no_longer_has_is_ignored(pack_dir, admin):
    ParameterValue.objects.create(pack=pack_dir, name="allowance.gone", start=D(2023, 1, 1), value="1", note="old")
    assert "allowance.gone" not in parameter_tree(pack_dir)
