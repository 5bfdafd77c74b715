"""Forms of the audit pages: the log's filters, an emergency access's reason, a review."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from openaef.audit.models import AuditAction
from openaef.audit.selectors import LogFilters
from openaef.audit.services import REASON_MIN_LENGTH
from openaef.core.forms import GovukDateField, GovukFormMixin


class AuditLogFilterForm(GovukFormMixin, forms.Form):
    person = forms.IntegerField(
        label=_("Person number"), required=False, min_value=1, help_text=_("The number of the person's record.")
    )
    user = forms.TypedChoiceField(label=_("User"), coerce=int, required=False, empty_value=None)
    action = forms.ChoiceField(label=_("Action"), choices=[("", _("Any action")), *AuditAction.choices], required=False)
    record_type = forms.CharField(
        label=_("Record type"), required=False, max_length=60, help_text=_("For example cases.casefile or people.person.")
    )
    record = forms.CharField(label=_("Record number"), required=False, max_length=40)
    date_from = GovukDateField(label=_("On or after"), required=False, help_text=_("For example, 27 3 2026"))
    date_to = GovukDateField(label=_("On or before"), required=False)

    DATE_FIELDS = ("date_from", "date_to")

    def __init__(self, data: Any = None, *, users: list[tuple[int, str]], **kwargs: Any) -> None:
        if data is not None:
            # A filter left out of the query string is empty, not an invalid date.
            data = data.copy()
            for name in self.DATE_FIELDS:
                for part in ("day", "month", "year"):
                    data.setdefault(f"{name}_{part}", "")
        super().__init__(data, **kwargs)
        self.fields["user"].choices = [("", _("Any user")), *users]
        for name in ("person", "record_type", "record"):
            self.fields[name].widget.attrs["spellcheck"] = "false"
        self.fields["person"].widget.attrs["inputmode"] = "numeric"
        self.fields["person"].widget.input_type = "text"
        for field in self.fields.values():
            # Every filter is optional: saying so on each label would only be noise.
            field.conditional = True  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date must be on or after the start date."))
        return cleaned

    def filters(self) -> LogFilters:
        """The filters from the fields that are valid; a mistyped field is ignored, not fatal."""
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
        return LogFilters(
            person_id=data.get("person"),
            user_id=data.get("user"),
            action=data.get("action") or "",
            object_type=(data.get("record_type") or "").strip().lower(),
            object_id=(data.get("record") or "").strip(),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


class EmergencyAccessForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why do you need to open this record now?"),
        help_text=_(
            "Your reason is recorded and shown to the data protection officer. "
            "Say what happened and why it cannot wait for the coordinator."
        ),
        min_length=REASON_MIN_LENGTH,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Enter the reason why you need this access."),
            "min_length": _("Explain in at least %(limit_value)d characters why you need this access."),
        },
    )


class EmergencyReviewForm(GovukFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Review note"),
        help_text=_("What you checked and what you concluded."),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write what you found.")},
    )
