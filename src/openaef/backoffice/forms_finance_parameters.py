"""Forms of the parameters pages: the date and search of the list, and "Add a value from a
date", whose value field follows the parameter's unit. The form only turns what was typed into
what the service reads (a rate typed as a percentage becomes a fraction); whether the value is
acceptable is the service's decision (core.services_parameters.parameter_value_add)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from openaef.core.forms import GovukDateField, GovukFormMixin
from openaef.core.parameters_tree import NUMBER_UNITS, Node, Parameter, Scale

from .presentation_finance_parameters import part_label

UNIT_HINTS = {
    "EUR": _("In euros, for example 64.45."),
    "EUR/hour": _("In euros an hour, for example 2.56."),
    "EUR/day": _("In euros a day, for example 45.00."),
    "EUR/month": _("In euros a month, for example 2703.74."),
    "rate": _("As a percentage: type 16 for 16 %."),
    "count": _("A whole number, for example 30."),
    "list": _("One code per line, for example STA-DAY."),
    "text": _("Type the text exactly as the rules read it."),
    "rule": _("Type the text exactly as the rules read it."),
    "bool": "",
}
SCALE_HINTS = {
    "threshold": _("Thresholds %(unit)s."),
    "amount": _("Amounts %(unit)s."),
    "rate": _("Rates %(unit)s."),
}
SCALE_UNITS = {
    "EUR": _("in euros, such as 64.45"),
    "EUR/hour": _("in euros an hour, such as 2.56"),
    "EUR/day": _("in euros a day, such as 45.00"),
    "EUR/month": _("in euros a month, such as 2703.74"),
    "rate": _("as a percentage: type 16 for 16 %"),
    "count": _("as a whole number, such as 3"),
}
MAX_PERCENT_DECIMALS = 4  # a fraction then has at most 6 decimals, the service's limit
MAX_DIGITS = 12


class ParametersFilterForm(GovukFormMixin, forms.Form):
    q = forms.CharField(label=_("Name or description contains"), required=False, max_length=100)
    on = forms.DateField(
        label=_("Values in force on"),
        required=False,
        input_formats=["%Y-%m-%d"],
        help_text=_("Year-month-day, for example 2026-01-31. Empty: today."),
        error_messages={"invalid": _("Enter a real date as year-month-day, for example 2026-01-31.")},
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"class": "govuk-input govuk-input--width-10"}),
    )


def decimal_typed(text: str) -> Decimal | None:
    """A number as people type it: spaces and a unit sign ignored, a comma as the decimal mark
    when there is no point (64,45), a thousands separator when there is one (1,874.19)."""
    text = "".join(text.split()).rstrip("%€").removesuffix("EUR").removesuffix("eur")
    text = text.replace(",", "") if "." in text else text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


class _ValueFields(forms.Form):
    """Builds the fields for the node before GovukFormMixin dresses them."""

    def __init__(self, *args: Any, node: Node, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.node = node
        if isinstance(node, Scale):
            self.fields["part"] = forms.ChoiceField(
                label=_("Part of the scale"),
                choices=[("", _("Choose a part"))] + [(leaf.name, part_label(leaf.name)) for leaf in node.components()],
                error_messages={"required": _("Choose the part of the scale the value is for.")},
            )
            self.units = {leaf.name: leaf.unit for leaf in node.components()}
        else:
            self.units = {node.name: node.unit}
        self.fields["start"] = GovukDateField(label=_("In force from"), help_text=_("For example, 1 1 2027."))
        self.fields["value"] = self._value_field(node)
        self.fields["value"].conditional = True  # type: ignore[attr-defined]
        self.fields["stops"] = forms.BooleanField(
            label=_("The parameter stops applying from this date"),
            required=False,
            help_text=_("Tick this instead of typing a value when the law no longer sets one or the value is not known."),
        )
        self.fields["reference"] = forms.CharField(
            label=_("Legal reference"),
            required=False,
            max_length=1000,
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text=_("The text and article the value comes from. Needed unless the note says where the value comes from."),
        )
        self.fields["reference"].conditional = True  # type: ignore[attr-defined]
        self.fields["note"] = forms.CharField(
            label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
        )

    def _value_field(self, node: Node) -> forms.Field:
        if isinstance(node, Scale):
            parts = {leaf.name.rpartition(".")[2]: leaf.unit for leaf in node.components()}
            hint = " ".join(str(SCALE_HINTS[part]) % {"unit": SCALE_UNITS.get(unit, "")} for part, unit in parts.items())
            return forms.CharField(label=_("New value"), required=False, max_length=100, help_text=hint)
        assert isinstance(node, Parameter)
        hint = UNIT_HINTS.get(node.unit, "")
        if node.unit == "bool":
            return forms.ChoiceField(
                label=_("New value"), required=False, choices=[("yes", _("Yes")), ("no", _("No"))], widget=forms.RadioSelect
            )
        if node.unit == "list":
            return forms.CharField(
                label=_("New value"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 5}), help_text=hint
            )
        width = "govuk-input--width-10" if node.unit in NUMBER_UNITS | {"count"} else ""
        attrs = {"class": f"govuk-input {width}".strip(), "spellcheck": "false"}
        if width:
            attrs["inputmode"] = "decimal"
        return forms.CharField(
            label=_("New value"), required=False, max_length=1000, help_text=hint, widget=forms.TextInput(attrs=attrs)
        )


class ParameterValueForm(GovukFormMixin, _ValueFields):
    def clean(self) -> dict[str, Any]:
        data = super().clean()
        typed = data.get("value") or ""
        if data.get("stops"):
            if typed:
                self.add_error("value", _("Leave the value empty when the parameter stops applying."))
            data["parsed"] = None
        elif not typed:
            self.add_error("value", _("Enter the new value, or tick that the parameter stops applying."))
        elif self.unit(data) is not None:
            data["parsed"] = self._parsed(typed, self.unit(data) or "")
        return data

    def leaf_name(self, data: dict[str, Any] | None = None) -> str:
        data = self.cleaned_data if data is None else data
        return str(data.get("part") or "") if isinstance(self.node, Scale) else self.node.name

    def unit(self, data: dict[str, Any]) -> str | None:
        return self.units.get(self.leaf_name(data))

    def _parsed(self, typed: str, unit: str) -> Any:
        if unit == "bool":
            return typed == "yes"
        if unit == "list":
            return typed  # the service splits it into codes
        if unit not in NUMBER_UNITS and unit != "count":
            return typed.strip()
        number = decimal_typed(typed)
        if number is not None and number.adjusted() > MAX_DIGITS:
            number = None  # far beyond any figure of the law: the service says so
        if unit != "rate":
            return typed.strip() if number is None else format(number, "f")
        if number is None:
            self.add_error("value", _("Enter a percentage, such as 16."))
            return None
        if isinstance(number.as_tuple().exponent, int) and number.as_tuple().exponent < -MAX_PERCENT_DECIMALS:  # type: ignore[operator]
            self.add_error("value", _("Enter a percentage with at most 4 decimals."))
            return None
        return format(number / 100, "f")

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": self.leaf_name(),
            "start": data["start"],
            "value": data.get("parsed"),
            "reference": data.get("reference") or "",
            "note": data.get("note") or "",
        }
