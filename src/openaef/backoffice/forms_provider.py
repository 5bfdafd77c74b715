"""Forms of the providers' portal: they parse and validate what staff type; the services decide."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from openaef.core.forms import GovukDateField, GovukDateWidget, GovukFormMixin
from openaef.core.i18n import pick
from openaef.directory.models import Service
from openaef.measures.selectors_provider import DEFAULT_INBOX_STATES, InboxFilters
from openaef.measures.states import ReferralStatus

from .forms import VersionedForm


class ReferralFilterForm(GovukFormMixin, forms.Form):
    status = forms.MultipleChoiceField(
        label=_("Status"),
        choices=ReferralStatus.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("With none ticked, the referrals waiting for an answer and those on a waiting list are shown."),
    )
    service = forms.TypedChoiceField(label=_("Service"), coerce=int, required=False, empty_value=None)

    def __init__(self, data: Any = None, *, services: list[Service], **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        cast(forms.TypedChoiceField, self.fields["service"]).choices = [
            ("", _("Any service")),
            *((s.pk, str(pick(s.name))) for s in services),
        ]
        for field in self.fields.values():
            field.conditional = True  # type: ignore[attr-defined]

    def filters(self) -> InboxFilters:
        """The filters from the fields that are valid; a mistyped field is ignored, not fatal."""
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
        return InboxFilters(statuses=tuple(data.get("status") or DEFAULT_INBOX_STATES), service_id=data.get("service"))

    def is_filtered(self) -> bool:
        self.is_valid()
        return bool(self.cleaned_data.get("status") or self.cleaned_data.get("service"))


class ReferralAcceptForm(VersionedForm):
    expected_start = GovukDateField(
        label=_("Expected start"), required=False, help_text=_("If you know it. For example, 1 12 2026")
    )


class ReferralWaitlistForm(VersionedForm):
    pass


class ReferralDeclineForm(VersionedForm):
    reason = forms.CharField(
        label=_("Why do you decline the referral?"),
        help_text=_("The coordinator reads this to find another service. Do not add anything about the family."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say why you decline the referral.")},
    )


class CapacityForm(GovukFormMixin, forms.Form):
    places = forms.IntegerField(
        label=_("Places"),
        required=False,
        min_value=0,
        max_value=10000,
        help_text=_("How many children the service can take at this site at once."),
        error_messages={"invalid": _("Enter the places as a whole number, like 12")},
    )
    hours_per_month = forms.IntegerField(
        label=_("Hours a month"),
        required=False,
        min_value=0,
        max_value=100000,
        error_messages={"invalid": _("Enter the hours as a whole number, like 160")},
    )
    available_from = GovukDateField(
        label=_("Places available from"),
        required=False,
        help_text=_(
            "Shown in the public directory. Leave it empty to show nothing; today or earlier shows "
            "“places available now”. For example, 1 12 2026"
        ),
    )
    # Empty when the service had no capacity recorded at this site yet.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["places"].widget.attrs["class"] = "govuk-input govuk-input--width-4"
        self.fields["hours_per_month"].widget.attrs["class"] = "govuk-input govuk-input--width-5"
        for name in ("places", "hours_per_month"):
            self.fields[name].widget.attrs["inputmode"] = "numeric"
            self.fields[name].conditional = True  # type: ignore[attr-defined]
        self.fields["available_from"].conditional = True  # type: ignore[attr-defined]


class ReportForm(GovukFormMixin, forms.Form):
    situation = forms.CharField(label=_("The situation"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    needs = forms.CharField(label=_("Needs"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    objectives = forms.CharField(label=_("Objectives"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    progress = forms.CharField(
        label=_("What has been done and how it went"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    drafted_with_family = forms.BooleanField(
        label=_("This report was drafted with the family"),
        required=False,
        help_text=_("The initial report of some measures must be written together with the family."),
    )
    period_start = GovukDateField(label=_("Period from"), required=False, help_text=_("For example, 1 9 2026"))
    period_end = GovukDateField(label=_("Period to"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.conditional = True  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The end of the period must be on or after its start."))
        return data


class ReportSubmitForm(VersionedForm):
    pass


class MonthYearWidget(GovukDateWidget):
    """The GOV.UK date input with a month and a year only."""

    PARTS = (  # type: ignore[assignment]
        ("month", _("Month"), "govuk-input--width-2"),
        ("year", _("Year"), "govuk-input--width-4"),
    )

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            part: forms.TextInput(attrs={"inputmode": "numeric"}) for part, _label, _width in self.PARTS
        }
        forms.MultiWidget.__init__(self, widgets, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dt.date):
            return [value.month, value.year]
        return [None, None]


class MonthField(forms.Field):
    """A month typed as month and year; cleaned to the first day of that month."""

    widget = MonthYearWidget
    default_error_messages = {
        "required": _("Enter the month and the year."),
        "incomplete": _("The month must include a month and a year."),
        "invalid": _("The month must be a real month, like 11 2026."),
        "year": _("The year must include 4 numbers."),
    }

    def to_python(self, value: Any) -> dt.date | None:
        if isinstance(value, dt.date):
            return value.replace(day=1)
        parts = ["" if v is None else str(v).strip() for v in (value or ["", ""])]
        if not any(parts):
            return None
        if not all(parts):
            raise ValidationError(self.error_messages["incomplete"], code="incomplete")
        if not all(part.isdigit() for part in parts):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if len(parts[1]) != 4:
            raise ValidationError(self.error_messages["year"], code="year")
        month, year = int(parts[0]), int(parts[1])
        if not 1 <= month <= 12:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return dt.date(year, month, 1)


class ActivityForm(GovukFormMixin, forms.Form):
    month = MonthField(label=_("Month"), help_text=_("For example, 11 2026"))
    days = forms.DecimalField(
        label=_("Days delivered"),
        required=False,
        min_value=0,
        max_digits=5,
        decimal_places=1,
        error_messages={"invalid": _("Enter the days as a number, like 4 or 4.5")},
    )
    hours = forms.DecimalField(
        label=_("Hours delivered"),
        required=False,
        min_value=0,
        max_digits=6,
        decimal_places=2,
        error_messages={"invalid": _("Enter the hours as a number, like 12 or 12.5")},
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("days", "hours"):
            self.fields[name].widget = forms.TextInput(
                attrs={"inputmode": "decimal", "class": "govuk-input govuk-input--width-4"}
            )
            self.fields[name].conditional = True  # type: ignore[attr-defined]
            self.fields[name].widget_kind = "input"  # type: ignore[attr-defined]
        self.fields["days"].help_text = _("Enter the days, the hours, or both.")
        self.fields["days"].widget.attrs["aria-describedby"] = f"{self['days'].auto_id}-hint"

    def field_anchor(self, name: str) -> str:
        if name == "month":
            return f"{self['month'].auto_id}_month"
        return super().field_anchor(name)
