"""Forms of the court pages: decisions, measures ordered, hearings, remedies, and the
administrators' time limits (GOV.UK markup through GovukFormMixin)."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openaef.cases import deadlines
from openaef.core.forms import GovukDateField
from openaef.courts.models import Authority, DecisionKind, RemedyKind, RemedyStatus

from .forms_case_journal import ServiceErrorsMixin

DATE_HINT = _("For example, 27 3 2026.")


class VersionForm(ServiceErrorsMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def _choices(field: forms.Field, choices: list[tuple[str, Any]]) -> None:
    cast(forms.ChoiceField, field).choices = choices


class DecisionForm(VersionForm):
    kind = forms.ChoiceField(
        label=_("Type of decision"),
        choices=DecisionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the type of decision.")},
    )
    authority = forms.ChoiceField(
        label=_("Decided by"),
        choices=Authority.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who decided.")},
    )
    court = forms.ChoiceField(label=_("Court"), error_messages={"required": _("Choose the court.")})
    decided_by_name = forms.CharField(label=_("Name of the judge or prosecutor"), max_length=120, required=False)
    court_reference = forms.CharField(
        label=_("The court's reference"),
        max_length=60,
        required=False,
        help_text=_("As written on the decision, for example the file number."),
    )
    decided_on = GovukDateField(
        label=_("Date of the decision"), help_text=DATE_HINT, error_messages={"required": _("Enter the date of the decision.")}
    )
    notified_on = GovukDateField(
        label=_("Date it was notified"),
        required=False,
        help_text=_("Time limits to appeal run from this day. For example, 27 3 2026."),
    )
    summary = forms.CharField(
        label=_("What was decided"), widget=forms.Textarea(attrs={"rows": 5}), max_length=4000, required=False
    )
    review_on = GovukDateField(
        label=_("To be reviewed by"),
        required=False,
        help_text=_("The coordinator is reminded before this day. For example, 27 3 2027."),
    )

    def __init__(self, *args: Any, courts: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["court"], [("", _("Choose the court")), *courts])
        for name in ("decided_by_name", "court_reference"):
            self.fields[name].widget.attrs["class"] = "govuk-input govuk-!-width-two-thirds"

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.fields if name != "version"}


class OrderedMeasureForm(ServiceErrorsMixin, forms.Form):
    measure_type = forms.ChoiceField(
        label=_("Type of measure"), error_messages={"required": _("Choose the type of measure the court ordered.")}
    )
    measure = forms.ChoiceField(
        label=_("The case's measure that carries it out"),
        required=False,
        help_text=_("Leave empty when it is not set up yet."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, types: list[tuple[str, str]], measures: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["measure_type"], [("", _("Choose a type")), *types])
        _choices(self.fields["measure"], [("", _("None yet")), *measures])


class HearingForm(VersionForm):
    day = GovukDateField(
        label=_("Date of the hearing"), help_text=DATE_HINT, error_messages={"required": _("Enter the date of the hearing.")}
    )
    time = forms.TimeField(
        label=_("Time"),
        help_text=_("For example, 14:30"),
        widget=forms.TimeInput(format="%H:%M"),
        error_messages={"required": _("Enter the time of the hearing."), "invalid": _("Enter a time like 14:30.")},
    )
    court = forms.ChoiceField(label=_("Court"), error_messages={"required": _("Choose the court.")})
    purpose = forms.CharField(
        label=_("What the hearing is about"), max_length=300, error_messages={"required": _("Say what the hearing is about.")}
    )
    decision = forms.ChoiceField(label=_("Decision it concerns"), required=False)
    outcome = forms.CharField(
        label=_("Outcome"),
        help_text=_("Once the hearing has taken place."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        required=False,
    )

    def __init__(self, *args: Any, courts: list[tuple[str, str]], decisions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["court"], [("", _("Choose the court")), *courts])
        _choices(self.fields["decision"], [("", _("None")), *decisions])
        self.fields["time"].widget.attrs["class"] = "govuk-input govuk-input--width-5"
        self.fields["purpose"].widget.attrs["class"] = "govuk-input govuk-!-width-two-thirds"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, time = data.get("day"), data.get("time")
        data["at"] = timezone.make_aware(dt.datetime.combine(day, time)) if day and time else None
        return data


class RemedyForm(ServiceErrorsMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("What was lodged"),
        choices=RemedyKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose an appeal or a request.")},
    )
    lodged_on = GovukDateField(
        label=_("Date it was lodged"), help_text=DATE_HINT, error_messages={"required": _("Enter the date it was lodged.")}
    )
    lodged_by_person = forms.ChoiceField(label=_("Lodged by"), widget=forms.RadioSelect, required=False)
    lodged_by_name = forms.CharField(
        label=_("Or someone outside the case"),
        max_length=200,
        required=False,
        help_text=_("Their name and part, for example the public prosecutor."),
    )

    def __init__(self, *args: Any, people: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["lodged_by_person"], people)


class RemedyCloseForm(VersionForm):
    status = forms.ChoiceField(
        label=_("What happened"),
        choices=[(RemedyStatus.DECIDED, _("The court decided")), (RemedyStatus.WITHDRAWN, _("It was withdrawn"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether the court decided or the remedy was withdrawn.")},
    )
    decided_on = GovukDateField(label=_("Date"), help_text=DATE_HINT, error_messages={"required": _("Enter the date.")})
    outcome = forms.CharField(
        label=_("What the court decided"),
        help_text=_("Needed when the court decided."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        required=False,
    )


NO_RULE = ""


class TimeLimitForm(ServiceErrorsMixin, forms.Form):
    """One remedy's time limit as a unit and a count; no unit clears the administrator's setting."""

    unit = forms.ChoiceField(
        label=_("Counted in"),
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Counted from the day the decision was notified, or the day it was made."),
    )
    count = forms.IntegerField(label=_("How many"), required=False, min_value=1, max_value=3660)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units: list[tuple[str, Any]] = list(deadlines.UNITS.items())
        _choices(self.fields["unit"], [*units, (NO_RULE, _("No time limit set here (the pack's value applies)"))])
        self.fields["count"].widget.attrs["class"] = "govuk-input govuk-input--width-4"
        self.fields["count"].widget.attrs["inputmode"] = "numeric"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        unit, count = data.get("unit") or NO_RULE, data.get("count")
        if unit and count is None and "count" not in self.errors:
            self.add_error("count", _("Enter how many days or months."))
        data["rule"] = f"{unit}:{count}" if unit and count is not None else None
        return data
