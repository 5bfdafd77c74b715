from __future__ import annotations

from datetime import date

import pytest
from django import forms
from django.utils import translation

from openaef.core.forms import GovukDateField, GovukFormMixin, PhoneNumberField
from openaef.intake.forms import HelpRequestForm, new_signed_token, read_signed_token
from openaef.intake.services import RequestInput
from tests.intake.factories import form_data, years_ago


class DateForm(GovukFormMixin, forms.Form):
    when = GovukDateField(label="When")


class PhoneForm(forms.Form):
    phone = PhoneNumberField(required=False)


@pytest.mark.parametrize(
    ("day", "month", "year", "expected"),
    [
        ("7", "3", "2012", date(2012, 3, 7)),
        (" 07 ", "03", "2012", date(2012, 3, 7)),
        ("29", "2", "2024", date(2024, 2, 29)),
    ],
)
def test_the_date_field_reads_day_month_and_year(day, month, year, expected):
    form = DateForm({"when_day": day, "when_month": month, "when_year": year})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["when"] == expected


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "", "", "Enter a date."),
        ("7", "", "2012", "The date must include a month."),
        ("", "", "2012", "The date must include a day, a month and a year."),
        ("7", "3", "", "The date must include a year."),
        ("29", "2", "2023", "The date must be a real date."),
        ("7", "13", "2012", "The date must be a real date."),
        ("a", "3", "2012", "The date must be a real date."),
        ("7", "3", "12", "The year must include 4 numbers."),
    ],
)
def test_the_date_field_says_what_is_wrong(day, month, year, message):
    form = DateForm({"when_day": day, "when_month": month, "when_year": year})
    assert not form.is_valid()
    assert form.errors["when"] == [message]
    assert form.error_summary() == [("#id_when_day", message)]


def test_a_date_in_error_marks_its_three_boxes():
    html = str(DateForm({"when_day": "7", "when_month": "", "when_year": "2012"})["when"])
    assert html.count("govuk-input--error") == 3
    assert 'value="7"' in html and 'value="2012"' in html


def test_an_initial_date_is_split_into_its_three_boxes():
    html = str(DateForm(initial={"when": date(2012, 3, 7)})["when"])
    assert 'value="7"' in html and 'value="3"' in html and 'value="2012"' in html


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("621 123 456", "+352621123456"),
        ("+352 621-123-456", "+352621123456"),
        ("00352 247 73696", "+35224773696"),
        ("+49 30 1234567", "+49301234567"),
        ("", ""),
    ],
)
def test_telephone_numbers_are_stored_in_international_format(typed, stored):
    form = PhoneForm({"phone": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone"] == stored


@pytest.mark.parametrize("typed", ["12", "phone me", "+352 1"])
def test_impossible_telephone_numbers_are_refused(typed):
    assert not PhoneForm({"phone": typed}).is_valid()


@pytest.mark.django_db
def test_to_input_hands_the_service_what_it_needs():
    form = HelpRequestForm(form_data())
    assert form.is_valid(), form.error_summary()
    data = form.to_input()
    assert isinstance(data, RequestInput)
    assert (data.child_first_names, data.child_surname) == ("Léa", "Schmit-Kieffer")
    assert data.child_birth_date == years_ago(9, days_later=-30)
    assert data.child_commune.code == "differdange"
    assert data.contact_phone == "+352621123456"
    assert [p.full_name for p in data.parents] == ["Marie Schmit"]
    assert data.parents[0].phone == "+352621123456"


@pytest.mark.django_db
def test_the_communes_are_sorted_and_named_in_the_current_language():
    with translation.override("de"):
        labels = [str(label) for _value, label in HelpRequestForm().fields["child_commune"].choices][1:]
    assert "Differdingen" in labels
    assert "Luxemburg" in labels
    assert labels.index("Düdelingen") < labels.index("Echternach") < labels.index("Esch an der Alzette")


@pytest.mark.django_db
def test_the_back_office_can_extend_the_form():
    class StaffForm(HelpRequestForm):
        priority = forms.ChoiceField(choices=[("1", "Urgent"), ("3", "Normal")])

    form = StaffForm(form_data(priority="1"))
    assert form.is_valid(), form.error_summary()
    assert form.cleaned_data["priority"] == "1"
    assert form.to_input().child_surname == "Schmit-Kieffer"


@pytest.mark.django_db
def test_an_unbound_form_offers_a_fresh_token_each_time():
    first, second = HelpRequestForm().signed_token, HelpRequestForm().signed_token
    assert first != second
    assert read_signed_token(first) is not None


def test_a_tampered_token_is_not_read():
    token = new_signed_token()
    assert read_signed_token(token[:-2] + "xx") is None
    assert read_signed_token("") is None
