"""Forms of the 116 000 console: a call logged in seconds (radios, a few fields, the time
filled in), the call's protocol, handover and closing, the list's filters and the figures' period."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openaef.core.forms import GovukDateField
from openaef.hotline.models import (
    CallCategory,
    CallerType,
    CallLanguage,
    CallOutcome,
    FollowUpEntryKind,
    FollowUpStatus,
    Urgency,
)

from .forms_case_journal import ServiceErrorsMixin


class CallForm(ServiceErrorsMixin, forms.Form):
    time = forms.TimeField(
        label=_("Time of the call"),
        input_formats=["%H:%M"],
        help_text=_("Filled in with the time now. For example, 21:45."),
        error_messages={"required": _("Enter the time of the call."), "invalid": _("Enter the time as 21:45.")},
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-5", "inputmode": "numeric"}),
    )
    day = GovukDateField(
        label=_("Day of the call"), required=False, help_text=_("Leave empty for today. For example, 27 3 2026.")
    )
    caller_type = forms.ChoiceField(
        label=_("Who is calling?"),
        choices=CallerType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who is calling.")},
    )
    language = forms.ChoiceField(
        label=_("Language of the call"),
        choices=CallLanguage.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the language of the call.")},
    )
    category = forms.ChoiceField(
        label=_("What is the call about?"),
        choices=CallCategory.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what the call is about.")},
    )
    urgency = forms.ChoiceField(
        label=_("Is it urgent?"),
        choices=Urgency.choices,
        widget=forms.RadioSelect,
        help_text=_("An urgent call gets the urgent-case protocol as a checklist."),
        error_messages={"required": _("Choose whether the call is urgent.")},
    )
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000, required=False)

    def received_at(self) -> dt.datetime:
        day = self.cleaned_data.get("day") or timezone.localdate()
        return dt.datetime.combine(day, self.cleaned_data["time"], tzinfo=timezone.get_current_timezone())

    def values(self) -> dict[str, Any]:
        data = {k: self.cleaned_data[k] for k in ("caller_type", "language", "category", "urgency", "summary")}
        return {**data, "received_at": self.received_at()}


class VersionForm(ServiceErrorsMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class HandoverForm(VersionForm):
    police_reference = forms.CharField(
        label=_("The police's reference"),
        max_length=60,
        required=False,
        help_text=_("If the police gave one."),
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-20"}),
    )


class CloseForm(VersionForm):
    outcome = forms.ChoiceField(
        label=_("Outcome of the call"),
        choices=CallOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the outcome of the call.")},
    )


class CallFilterForm(ServiceErrorsMixin, forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=[("", _("All")), *CallCategory.choices], required=False)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=[("", _("All")), *Urgency.choices], required=False)


class FollowUpFilterForm(ServiceErrorsMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All")), *FollowUpStatus.choices], required=False)


class PeriodForm(ServiceErrorsMixin, forms.Form):
    start = GovukDateField(label=_("From"), help_text=_("For example, 1 3 2026."))
    end = GovukDateField(label=_("To"), help_text=_("For example, 31 3 2026."))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("The end of the period must be on or after its start."))
        return data


class FollowUpEntryForm(VersionForm):
    kind = forms.ChoiceField(
        label=_("What happened?"),
        choices=FollowUpEntryKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what happened.")},
    )
    text = forms.CharField(label=_("Details"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000, required=False)


class FollowUpCallForm(VersionForm):
    call = forms.IntegerField(
        label=_("Number of the call"),
        min_value=1,
        help_text=_("As shown on the call's page, for example 1234."),
        error_messages={"required": _("Enter the number of the call."), "invalid": _("Enter the number of the call.")},
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-10", "inputmode": "numeric"}),
    )


class FollowUpCaseForm(VersionForm):
    reference = forms.CharField(
        label=_("Reference of the case file"),
        max_length=20,
        error_messages={"required": _("Enter the reference of the case file.")},
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-10"}),
    )


class FollowUpCloseForm(VersionForm):
    closing_note = forms.CharField(
        label=_("Why can the follow-up be closed?"),
        help_text=_("For example: the child is back and the family no longer needs support."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Say why the follow-up can be closed.")},
    )
