"""The Python widget renderer writes exactly what Django's widget templates write."""

from __future__ import annotations

from datetime import date

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from openaef.core.forms import GovukDateField, GovukFormMixin, PhoneNumberField
from openaef.core.renderers import RENDERERS, FastWidgetRenderer


class EveryWidgetForm(GovukFormMixin, forms.Form):
    name = forms.CharField(label="Name", help_text="As on the passport", max_length=20)
    email = forms.EmailField(label="E-mail", required=False)
    age = forms.IntegerField(label="Age", min_value=0)
    website = forms.URLField(label="Site", required=False, assume_scheme="https")
    phone = PhoneNumberField(label="Phone", required=False)
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True))
    token = forms.CharField(widget=forms.HiddenInput)
    search = forms.CharField(widget=forms.TextInput(attrs={"type": "search", "spellcheck": "false", "autofocus": True}))
    story = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    office = forms.ChoiceField(choices=[("", "Any"), ("1", "Esch <sur> Alzette"), ("2", "Wiltz & co")], required=False)
    grouped = forms.ChoiceField(choices=[("Groups", [("a", "A"), ("b", "B")]), ("c", "C")])
    born = GovukDateField(label="Born", required=False, help_text="For example, 27 3 2007")


DATA = {
    "name": 'Léa "the" <b>',
    "email": "not an address",
    "age": "-3",
    "website": "",
    "phone": "12",
    "secret": "x&y",
    "token": "abc",
    "search": "o'neil",
    "story": "line 1\nline <2>",
    "office": "2",
    "grouped": "b",
    "born_day": "31",
    "born_month": "2",
    "born_year": "2010",
}


@pytest.mark.parametrize("data", [None, DATA], ids=["empty", "bound with errors"])
def test_it_renders_every_handled_widget_as_the_templates_do(data):  # type: ignore[no-untyped-def]
    form = EveryWidgetForm(data, initial={"born": date(2007, 3, 27), "office": "1"})
    if data:
        assert not form.is_valid()
    templates, fast = DjangoTemplates(), FastWidgetRenderer()
    handled = set()
    for bound in form:
        widget = bound.field.widget
        expected = widget.render(bound.html_name, bound.value(), bound.build_widget_attrs({"id": bound.auto_id}), templates)
        got = widget.render(bound.html_name, bound.value(), bound.build_widget_attrs({"id": bound.auto_id}), fast)
        assert got == expected, bound.name
        handled.add(widget.template_name)
    assert handled <= set(RENDERERS)


def test_it_leaves_other_widgets_to_the_templates():  # type: ignore[no-untyped-def]
    widget = forms.CheckboxSelectMultiple(choices=[("a", "A")])
    assert widget.render("x", ["a"], {"id": "x"}, FastWidgetRenderer()) == widget.render(
        "x", ["a"], {"id": "x"}, DjangoTemplates()
    )


def test_it_is_the_renderer_every_form_uses():  # type: ignore[no-untyped-def]
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), FastWidgetRenderer)
