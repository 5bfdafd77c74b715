"""Form building blocks that render with GOV.UK Frontend markup.

``GovukFormMixin`` puts the GOV.UK classes on widgets, marks fields in error (class and
``aria-describedby``) and lists the errors for the error summary, so that a template only
has to include ``core/forms/field.html`` for each field.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ERROR_CLASSES = {
    forms.Textarea: "govuk-textarea--error",
    forms.Select: "govuk-select--error",
}


class GovukDateWidget(forms.MultiWidget):
    """Three text boxes (day, month, year): the GOV.UK date input, which works for any date
    someone knows by heart, unlike a calendar picker."""

    template_name = "core/forms/govuk_date_input.html"
    use_fieldset = True
    PARTS = (
        ("day", _("Day"), "govuk-input--width-2"),
        ("month", _("Month"), "govuk-input--width-2"),
        ("year", _("Year"), "govuk-input--width-4"),
    )

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            part: forms.TextInput(attrs={"inputmode": "numeric"}) for part, _label, _width in self.PARTS
        }
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        in_error = "govuk-input--error" in (context["widget"]["attrs"].get("class") or "")
        base_id = context["widget"]["attrs"].get("id")
        for sub, (part, label, width) in zip(context["widget"]["subwidgets"], self.PARTS, strict=True):
            sub["label"] = label
            sub["attrs"].pop("aria-describedby", None)
            if base_id:
                sub["attrs"]["id"] = f"{base_id}_{part}"
            classes = ["govuk-input", "govuk-date-input__input", width]
            if in_error:
                classes.append("govuk-input--error")
            sub["attrs"]["class"] = " ".join(classes)
        return context


class GovukDateField(forms.Field):
    """A date typed as day, month and year, with the GOV.UK error messages."""

    widget = GovukDateWidget
    default_error_messages = {
        "required": _("Enter a date."),
        # Whole sentences rather than a list of missing parts, so that each language can say it.
        "missing_day": _("The date must include a day."),
        "missing_month": _("The date must include a month."),
        "missing_year": _("The date must include a year."),
        "incomplete": _("The date must include a day, a month and a year."),
        "invalid": _("The date must be a real date."),
        "year": _("The year must include 4 numbers."),
    }

    def to_python(self, value: Any) -> date | None:
        if isinstance(value, date):
            return value
        parts = ["" if v is None else str(v).strip() for v in (value or ["", "", ""])]
        if not any(parts):
            return None
        missing = [name for name, part in zip(("day", "month", "year"), parts, strict=True) if not part]
        if missing:
            code = f"missing_{missing[0]}" if len(missing) == 1 else "incomplete"
            raise ValidationError(self.error_messages[code], code=code)
        if not all(part.isdigit() for part in parts):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        day, month, year = (int(part) for part in parts)
        if len(parts[2]) != 4:
            raise ValidationError(self.error_messages["year"], code="year")
        try:
            return date(year, month, day)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


def normalise_phone(value: str, region: str) -> str:
    """An international number (E.164) for what someone typed, numbers of ``region`` without prefix."""
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        raise ValidationError(_("Enter a telephone number, like 621 123 456 or +352 621 123 456."), code="invalid") from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(_("Enter a telephone number, like 621 123 456 or +352 621 123 456."), code="invalid")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class PhoneNumberField(forms.CharField):
    """A telephone number, checked with libphonenumber and stored in E.164 (+352621123456)."""

    def __init__(self, *, region: str = "LU", **kwargs: Any) -> None:
        self.region = region
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)
        self.widget.input_type = "tel"
        self.widget.attrs.setdefault("autocomplete", "tel")

    def clean(self, value: Any) -> str:
        text = super().clean(value)
        if not text:
            return ""
        return normalise_phone(text, self.region)


def _is_choice_list(widget: forms.Widget) -> bool:
    return isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple)


def widget_kind(widget: forms.Widget) -> str:
    """Which GOV.UK component renders this widget (used by core/forms/field.html)."""
    if isinstance(widget, GovukDateWidget):
        return "date"
    # CheckboxSelectMultiple is a subclass of RadioSelect: test it first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    return "input"


class GovukFormMixin:
    """GOV.UK classes, error states and the error summary for a Django form."""

    fields: dict[str, forms.Field]
    errors: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("class", self._base_class(field.widget))
            field.widget_kind = widget_kind(field.widget)  # type: ignore[attr-defined]
            if not hasattr(field, "choice_hints"):
                field.choice_hints = {}  # type: ignore[attr-defined]
            if field.help_text and not _is_choice_list(field.widget) and not isinstance(field.widget, GovukDateWidget):
                field.widget.attrs["aria-describedby"] = f"{self[name].auto_id}-hint"  # type: ignore[index]

    @staticmethod
    def _base_class(widget: forms.Widget) -> str:
        kind = widget_kind(widget)
        return {
            "input": "govuk-input",
            "textarea": "govuk-textarea",
            "select": "govuk-select",
            "radios": "govuk-radios__input",
            "checkboxes": "govuk-checkboxes__input",
            "checkbox": "govuk-checkboxes__input",
        }.get(kind, "")

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:
            if name not in self.fields:
                continue
            widget = self.fields[name].widget
            error_id = f"{self[name].auto_id}-error"  # type: ignore[index]
            if not _is_choice_list(widget) and not isinstance(widget, GovukDateWidget):
                described = widget.attrs.get("aria-describedby", "")
                widget.attrs["aria-describedby"] = f"{described} {error_id}".strip()
            error_class = next((cls for kind, cls in ERROR_CLASSES.items() if isinstance(widget, kind)), "govuk-input--error")
            if widget_kind(widget) in ("input", "textarea", "select", "date"):
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {error_class}".strip()

    def error_summary(self) -> list[tuple[str, str]]:
        """(anchor, message) for each error, in the order of the fields; '' for a form-wide error."""
        items: list[tuple[str, str]] = [("", str(message)) for message in self.non_field_errors()]  # type: ignore[attr-defined]
        for name in self.fields:
            if name not in self.errors:
                continue
            anchor = "#" + self.field_anchor(name)
            items.extend((anchor, str(message)) for message in self.errors[name])
        return items

    def field_anchor(self, name: str) -> str:
        """The id of the input the error summary should move to (the first of a group)."""
        auto_id = self[name].auto_id  # type: ignore[index]
        kind = widget_kind(self.fields[name].widget)
        if kind == "date":
            return f"{auto_id}_day"
        if kind in ("radios", "checkboxes"):
            return f"{auto_id}_0"
        return str(auto_id)
