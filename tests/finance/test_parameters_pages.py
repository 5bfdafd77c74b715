"""The parameters pages: ada (``admin``) adds and removes values, fiona (``finance``) reads
them, carla (``coordinator``) and anonymous visitors are refused. The pack is Luxembourg's."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone

from openaef.accounts.models import Role
from openaef.core.models import ParameterValue
from openaef.core.parameters import invalidate, parameters_at
from openaef.core.services_parameters import parameter_value_add
from tests.factories import UserFactory

CONSTANT = "contribution.stationary.constant"
LIST = reverse("backoffice:parameters_list")


def detail(name: str = CONSTANT) -> str:
    return reverse("backoffice:parameters_detail", args=[name])


def add_url(name: str = CONSTANT) -> str:
    return reverse("backoffice:parameters_value_add", args=[name])


def soon(days: int = 60) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def typed(day: dt.date, value: str = "70.00", **fields: str) -> dict[str, str]:
    data = {"start_day": str(day.day), "start_month": str(day.month), "start_year": str(day.year), "value": value}
    data.setdefault("reference", "RGD du 1er janvier 2027, art. 9")
    data.update(fields)
    return data


@pytest.fixture
def admin(db: Any) -> Any:
    return UserFactory(email="ada@example.test", full_name="Ada Admin", roles=[Role.ADMINISTRATOR])


@pytest.fixture
def finance(db: Any) -> Any:
    return UserFactory(email="fiona@example.test", full_name="Fiona Finance", roles=[Role.FINANCE_OFFICER])


@pytest.fixture
def admin_client(client: Client, admin: Any) -> Client:
    client.force_login(admin)
    return client


def page(client: Client, url: str, **params: str) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


# ---------------------------------------------------------------- who may see and add


def test_a_finance_officer_reads_the_values_in_force_with_their_units_and_references(client, finance):
    client.force_login(finance)
    html = page(client, LIST)
    assert "Parameters in force" in html
    assert "Pack in use" in html and "(lu)" in html
    assert "64.45 EUR" in html
    assert "16 %" in html and "60 %" in html
    assert "RGD du 17 août 2011, art. 9" in html
    assert "<code>STA-DAY</code>" in html
    assert "2.56 EUR an hour" in html  # a bracket of the hourly scale
    assert "Assumption" in html
    assert "From the pack" in html


def test_a_finance_officer_sees_no_form_and_may_not_add_or_remove(client, finance, admin):
    client.force_login(finance)
    html = page(client, detail())
    assert "64.45 EUR" in html
    assert "Add a value from a date" not in html
    assert client.post(add_url(), typed(soon())).status_code == 403
    row = parameter_value_add(actor=admin, pack="lu", name=CONSTANT, start=soon(), value="70.00", reference="X")
    remove = reverse("backoffice:parameters_value_remove", args=[CONSTANT, row.pk])
    assert client.post(remove).status_code == 403
    assert ParameterValue.objects.filter(pk=row.pk).exists()


def test_it_refuses_a_coordinator(client, coordinator):
    client.force_login(coordinator)
    assert client.get(LIST).status_code == 403
    assert client.get(detail()).status_code == 403
    assert client.post(add_url(), typed(soon())).status_code == 403


def test_it_sends_an_anonymous_visitor_to_the_login(client, db):
    for response in (client.get(LIST), client.get(detail()), client.post(add_url(), typed(soon()))):
        assert response.status_code == 302
        assert "/staff/login/" in response["Location"]
    assert not ParameterValue.objects.exists()


def test_an_unknown_parameter_is_not_found(admin_client):
    assert admin_client.get(detail("contribution.stationary.nothing")).status_code == 404
    assert admin_client.get(detail("contribution.hourly.bands[1].amount")).status_code == 404
    assert admin_client.post(add_url("nothing"), typed(soon())).status_code == 404


# ---------------------------------------------------------------- the list at a date


def test_a_date_before_the_first_value_says_not_known(admin_client):
    html = page(admin_client, LIST, on="2012-06-01", q="social_minimum_wage")
    first = formats.date_format(dt.date(2013, 1, 1), "DATE_FORMAT")
    assert "Not known" in html
    assert f"The first value applies from {first}." in html
    assert "1,874.19 EUR" not in html
    html = page(admin_client, LIST, on="2010-01-01")
    assert "From the pack" not in html  # nothing is in force before the pack's first dates
    assert html.count("Not known") >= 10


def test_a_date_that_is_not_real_is_said_next_to_the_field_and_today_is_shown(admin_client):
    html = page(admin_client, LIST, on="2026-02-31")
    assert "govuk-error-summary" in html
    assert 'id="id_on-error"' in html
    assert "Enter a real date as year-month-day" in html
    assert "Values in force today" in html
    assert "64.45 EUR" in html


def test_the_search_keeps_the_parameters_whose_name_or_description_matches(admin_client):
    html = page(admin_client, LIST, q="minimum wage")
    assert "social_minimum_wage.monthly" in html
    assert CONSTANT not in html
    html = page(admin_client, LIST, q="reduced_share")
    assert "contribution.stationary.reduced_share_measure_types" in html
    assert "social_minimum_wage.monthly" not in html


def test_the_list_makes_as_many_queries_whatever_the_number_of_parameters_and_values(
    admin_client, admin, django_assert_num_queries
):
    parameter_value_add(actor=admin, pack="lu", name=CONSTANT, start=soon(), value="70.00", reference="X")
    on = soon().isoformat()
    admin_client.get(LIST, {"on": on})  # the session and the user are cached alike in both rounds
    invalidate("lu")
    with django_assert_num_queries(7) as one:
        admin_client.get(LIST, {"on": on})
    for name, value in [
        ("contribution.stationary.days_per_month", "31"),
        ("contribution.stationary.reduced_share", "0.5"),
        ("contribution.hourly.bands[2].amount", "5.50"),
        ("social_minimum_wage.monthly", "2800.00"),
    ]:
        parameter_value_add(actor=admin, pack="lu", name=name, start=soon(), value=value, reference="X")
    invalidate("lu")
    with django_assert_num_queries(len(one.captured_queries)):
        html = admin_client.get(LIST, {"on": on}).content.decode()
    assert "2,800.00 EUR" in html and "5.50 EUR an hour" in html


# ---------------------------------------------------------------- adding a value


def test_an_administrator_adds_a_value_after_checking_the_old_and_the_new(admin_client, admin):
    start = soon()
    response = admin_client.post(add_url(), typed(start, "70,00"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Check the new value before saving it" in html
    assert "64.45 EUR" in html and "70.00 EUR" in html
    assert not ParameterValue.objects.exists()  # only the confirmation saves

    response = admin_client.post(add_url(), {**typed(start, "70,00"), "confirm": "1"}, follow=True)
    assert response.redirect_chain[-1][0] == detail()
    html = response.content.decode()
    assert "govuk-notification-banner--success" in html
    assert "The new value is saved" in html
    assert "Added here by Ada Admin on" in html
    row = ParameterValue.objects.get()
    assert (row.name, row.start, row.value, row.created_by) == (CONSTANT, start, "70.00", admin)

    after = page(admin_client, LIST, on=start.isoformat())
    before = page(admin_client, LIST, on=(start - dt.timedelta(days=1)).isoformat())
    assert "70.00 EUR" in after and "Added here by Ada Admin" in after
    assert "70.00 EUR" not in before and "64.45 EUR" in before


def test_errors_are_shown_next_to_the_fields_and_what_was_typed_is_kept(admin_client):
    response = admin_client.post(add_url(), typed(dt.date(2011, 8, 17), "ten", reference="", note="A note I typed"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert 'id="id_value-error"' in html and "Enter a number, such as 64.45." in html
    assert 'id="id_start-error"' in html and "already has a value from this date" in html
    assert 'value="ten"' in html and "A note I typed" in html and 'value="2011"' in html
    assert not ParameterValue.objects.exists()


def test_a_value_or_the_stop_is_needed_but_not_both(admin_client):
    html = admin_client.post(add_url(), typed(soon(), "")).content.decode()
    assert "Enter the new value, or tick that the parameter stops applying." in html
    html = admin_client.post(add_url(), typed(soon(), "70", stops="on")).content.decode()
    assert "Leave the value empty when the parameter stops applying." in html


def test_a_parameter_that_stops_applying_is_not_known_from_that_date(admin_client):
    start = soon()
    data = typed(start, "", stops="on")
    html = admin_client.post(add_url(), data).content.decode()
    assert "No value: the parameter stops applying" in html
    admin_client.post(add_url(), {**data, "confirm": "1"})
    assert parameters_at("lu", start).value(CONSTANT) is None
    html = page(admin_client, LIST, on=start.isoformat(), q=CONSTANT)
    assert "Not known" in html and "No value from" in html


def test_a_rate_is_typed_as_a_percentage(admin_client):
    start = soon()
    name = "contribution.stationary.reduced_share"
    html = page(admin_client, detail(name))
    assert "As a percentage: type 16 for 16 %." in html
    admin_client.post(add_url(name), {**typed(start, "55 %"), "confirm": "1"})
    assert ParameterValue.objects.get(name=name).value == "0.55"
    assert "55 %" in page(admin_client, LIST, on=start.isoformat(), q=name)


def test_a_list_is_typed_one_code_per_line(admin_client):
    start = soon()
    name = "contribution.stationary.reduced_share_measure_types"
    admin_client.post(add_url(name), {**typed(start, "STA-DAY\r\nSTA-FOSTER\r\n"), "confirm": "1"})
    assert parameters_at("lu", start).value(name) == ["STA-DAY", "STA-FOSTER"]


def test_a_value_is_added_to_one_part_of_a_bracket_of_a_scale(admin_client):
    start = soon()
    name = "contribution.hourly.bands"
    html = page(admin_client, detail(name))
    assert "Bracket 2, amount" in html
    data = {**typed(start, "2.80"), "part": f"{name}[1].amount"}
    html = admin_client.post(add_url(name), data).content.decode()
    assert "2.56 EUR an hour" in html and "2.80 EUR an hour" in html
    admin_client.post(add_url(name), {**data, "confirm": "1"})
    assert parameters_at("lu", start).scale(name)[1].amount == Decimal("2.80")
    assert "2.80 EUR an hour" in page(admin_client, LIST, on=start.isoformat(), q=name)
    html = admin_client.post(add_url(name), {**typed(start, "1")}).content.decode()
    assert "Choose the part of the scale the value is for." in html


def test_change_brings_back_the_form_with_what_was_typed(admin_client):
    html = admin_client.post(add_url(), {**typed(soon(), "71.10"), "edit": "1"}).content.decode()
    assert "Add a value from a date" in html
    assert 'value="71.10"' in html
    assert "govuk-error-summary" not in html
    assert not ParameterValue.objects.exists()


# ---------------------------------------------------------------- removing a value


def test_an_added_value_not_yet_in_force_can_be_removed_after_a_confirmation(admin_client, admin):
    row = parameter_value_add(actor=admin, pack="lu", name=CONSTANT, start=soon(), value="70.00", reference="X")
    remove = reverse("backoffice:parameters_value_remove", args=[CONSTANT, row.pk])
    assert remove in page(admin_client, detail())
    assert "Remove this value?" in page(admin_client, remove)
    assert ParameterValue.objects.filter(pk=row.pk).exists()
    response = admin_client.post(remove, follow=True)
    assert "is removed" in response.content.decode()
    assert not ParameterValue.objects.filter(pk=row.pk).exists()


def test_a_value_already_in_force_is_never_removed(admin_client, admin):
    past = timezone.localdate() - dt.timedelta(days=10)
    row = parameter_value_add(actor=admin, pack="lu", name=CONSTANT, start=past, value="66.00", reference="X")
    remove = reverse("backoffice:parameters_value_remove", args=[CONSTANT, row.pk])
    html = page(admin_client, detail())
    assert remove not in html and "In force today" in html
    assert admin_client.get(remove).status_code == 409
    response = admin_client.post(remove)
    assert response.status_code == 409
    assert "cannot be removed" in response.content.decode()
    assert ParameterValue.objects.filter(pk=row.pk).exists()


def test_a_value_of_another_parameter_is_not_found_under_this_one(admin_client, admin):
    row = parameter_value_add(actor=admin, pack="lu", name=CONSTANT, start=soon(), value="70.00", reference="X")
    other = reverse("backoffice:parameters_value_remove", args=["contribution.stationary.reduced_share", row.pk])
    assert admin_client.post(other).status_code == 404
    assert ParameterValue.objects.filter(pk=row.pk).exists()


def test_a_yes_or_no_parameter_is_chosen_with_radios(admin_client):
    start = soon()
    name = "contribution.stationary.reduced_share_court_placements"
    html = page(admin_client, detail(name))
    assert 'type="radio"' in html and 'value="no"' in html
    admin_client.post(add_url(name), {**typed(start, "no"), "confirm": "1"})
    assert parameters_at("lu", start).value(name) is False
    assert parameters_at("lu", start - dt.timedelta(days=1)).value(name) is True


def test_the_add_address_opened_directly_leads_back_to_the_parameter(admin_client):
    response = admin_client.get(add_url())
    assert response.status_code == 302
    assert response["Location"] == detail()
