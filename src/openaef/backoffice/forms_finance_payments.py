"""Forms of the payment runs and the ledger pages (GOV.UK markup through GovukFormMixin)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from openaef.core.forms import GovukDateField, GovukFormMixin
from openaef.finance.models import Account
from openaef.finance.selectors_payments import LedgerFilters
from openaef.finance.services_payments import execution_date_error

from .forms_case_journal import ServiceErrorsMixin

DATE_HINT = _("For example, 27 3 2026.")


class PrepareRunForm(ServiceErrorsMixin, forms.Form):
    execution_date = GovukDateField(
        label=_("When should the bank pay?"),
        help_text=_("A working day, today or later. Instalments of financial help due by then are included."),
        error_messages={"required": _("Enter the execution date.")},
    )

    def clean_execution_date(self) -> dt.date:
        day = self.cleaned_data["execution_date"]
        error = execution_date_error(day)
        if error:
            raise forms.ValidationError(error)
        return day


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class CancelRunForm(ServiceErrorsMixin, VersionForm):
    reason = forms.CharField(
        label=_("Why is the run cancelled?"),
        help_text=_("Everything in it can be paid by the next run."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the run is cancelled.")},
    )


class LedgerFilterForm(GovukFormMixin, forms.Form):
    account = forms.ChoiceField(label=_("Account"), required=False)
    start = GovukDateField(label=_("From"), required=False, help_text=DATE_HINT)
    end = GovukDateField(label=_("To"), required=False, help_text=DATE_HINT)

    DATE_FIELDS = ("start", "end")

    def __init__(self, data: Any = None, *, with_account: bool = True, **kwargs: Any) -> None:
        if data is not None:
            # A filter left out of the query string is empty, not an invalid date.
            data = data.copy()
            for name in self.DATE_FIELDS:
                for part in ("day", "month", "year"):
                    data.setdefault(f"{name}_{part}", "")
        super().__init__(data, **kwargs)
        choices = [("", _("All accounts"))] + [(a.value, f"{a.value} {a.label}") for a in Account]
        self.fields["account"].choices = choices  # type: ignore[attr-defined]
        if not with_account:
            del self.fields["account"]
        for field in self.fields.values():
            field.conditional = True  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end date must be on or after the start date."))
        return cleaned

    def filters(self) -> LedgerFilters:
        """The filters from the fields that are valid; a mistyped field is ignored, not fatal."""
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
        return LedgerFilters(account=data.get("account") or "", start=data.get("start"), end=data.get("end"))
