"""Forms of the agency's measure pages (GOV.UK markup through GovukFormMixin)."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openaef.core.forms import GovukDateField, GovukFormMixin
from openaef.measures.models import ConsentMethod

from .forms_case_journal import ServiceErrorsMixin


class VersionMixin(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class MeasureCreateForm(ServiceErrorsMixin, forms.Form):
    """``choice`` is ``p<id>`` (a planned measure of the current project) or ``t<id>`` (a type)."""

    choice = forms.ChoiceField(
        label=_("Which measure"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a planned measure or a type of measure.")},
    )
    planned_start = GovukDateField(
        label=_("Planned start"),
        required=False,
        help_text=_("The age range is checked on this day; leave it empty for today. For example, 27 3 2026."),
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], hints: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["choice"]).choices = choices
        self.fields["choice"].choice_hints = hints  # type: ignore[attr-defined]


class ReferForm(ServiceErrorsMixin, VersionMixin):
    """``placement`` is ``<service id>`` or ``<service id>-<site id>``: one choice works without JS."""

    placement = forms.ChoiceField(
        label=_("Service and site"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a service that offers this type of measure.")},
    )
    shared_summary = forms.CharField(
        label=_("What the provider needs to know"),
        help_text=_(
            "The provider reads only this and the child's first name, initial and year of birth. "
            "Write what it needs to start the measure, nothing more: no health details or family history it does not need."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=4000,
        error_messages={"required": _("Write what the provider needs to know.")},
    )
    consent_by = forms.ChoiceField(
        label=_("Who consented to sharing it"),
        widget=forms.RadioSelect,
        help_text=_("A parent or legal representative, or the young adult."),
        error_messages={"required": _("Choose the parent, legal representative or young adult who consented.")},
    )
    consent_method = forms.ChoiceField(
        label=_("How the consent was given"),
        widget=forms.RadioSelect,
        choices=ConsentMethod.choices,
        error_messages={"required": _("Choose how the consent was given.")},
    )
    consent_on = GovukDateField(
        label=_("When the consent was given"),
        help_text=_("For example, 27 3 2026."),
        error_messages={"required": _("Enter the date the consent was given.")},
    )

    def __init__(
        self,
        *args: Any,
        placements: list[tuple[str, str]],
        placement_hints: dict[str, str],
        people: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["placement"]).choices = placements
        self.fields["placement"].choice_hints = placement_hints  # type: ignore[attr-defined]
        cast(forms.ChoiceField, self.fields["consent_by"]).choices = people

    def clean_consent_on(self) -> dt.date | None:
        day = self.cleaned_data.get("consent_on")
        if day is not None and day > timezone.localdate():
            raise forms.ValidationError(_("The date of the consent must be today or in the past."))
        return day


class StartForm(GovukFormMixin, VersionMixin):
    started_on = GovukDateField(
        label=_("Date it started"),
        help_text=_("For example, 27 3 2026."),
        error_messages={"required": _("Enter the date the measure started.")},
    )


class ReasonForm(ServiceErrorsMixin, VersionMixin):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Give the reason.")},
    )


class OptionalReasonForm(ServiceErrorsMixin, VersionMixin):
    reason = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False)


class EndForm(ServiceErrorsMixin, VersionMixin):
    ended_on = GovukDateField(
        label=_("Date it ended"),
        help_text=_("For example, 27 3 2026."),
        error_messages={"required": _("Enter the date the measure ended.")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Give the reason.")},
    )


class ReferralWithdrawForm(ServiceErrorsMixin, VersionMixin):
    reason = forms.CharField(
        label=_("Why the referral is withdrawn"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Give the reason.")},
    )
    withdraw_measure = forms.BooleanField(
        label=_("Withdraw the measure too"),
        help_text=_("Leave unticked to refer the measure to another service."),
        required=False,
    )


class ReportReviewForm(ServiceErrorsMixin, VersionMixin):
    decision = forms.ChoiceField(
        label=_("Your decision"),
        widget=forms.RadioSelect,
        choices=[("validate", _("Validate the report")), ("return", _("Send it back to the provider"))],
        error_messages={"required": _("Choose whether to validate the report or send it back.")},
    )
    reason = forms.CharField(
        label=_("What the provider should change"),
        help_text=_("Needed when you send the report back."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "return" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say what the provider should change."))
        return data
