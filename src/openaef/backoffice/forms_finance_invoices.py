"""Forms of the parents' invoices pages: the list's filters, a run, a payment, a cancellation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from openaef.core.forms import GovukDateField, GovukFormMixin
from openaef.finance.models import PaymentMethod
from openaef.finance.selectors_invoices import InvoiceFilters
from openaef.finance.services_invoices import REASON_MIN_LENGTH
from openaef.finance.states import InvoiceStatus


class MonthField(forms.CharField):
    """A month typed as 2026-03 (the first of the month)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 7)
        kwargs.setdefault("help_text", _("Year and month, for example 2026-03"))
        super().__init__(**kwargs)
        self.widget.attrs.update({"class": "govuk-input govuk-input--width-5", "spellcheck": "false", "inputmode": "numeric"})

    def clean(self, value: Any) -> dt.date | None:  # type: ignore[override]
        text = (super().clean(value) or "").strip()
        if not text:
            return None
        try:
            return dt.datetime.strptime(text, "%Y-%m").date()
        except ValueError as error:
            raise forms.ValidationError(_("Enter the month as year and month, for example 2026-03.")) from error


class InvoiceFilterForm(GovukFormMixin, forms.Form):
    number = forms.CharField(label=_("Invoice number"), required=False, max_length=20)
    month = MonthField(label=_("Month"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("Any status")), *InvoiceStatus.choices], required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    payer = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["number"].widget.attrs["spellcheck"] = "false"
        for field in self.fields.values():
            field.conditional = True  # type: ignore[attr-defined]

    def filters(self) -> InvoiceFilters:
        """The valid filters; a mistyped one is shown as an error and ignored."""
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
        return InvoiceFilters(
            month=data.get("month"),
            status=data.get("status") or "",
            overdue=bool(data.get("overdue")),
            number=(data.get("number") or "").strip(),
            payer_id=data.get("payer"),
        )


class InvoiceRunForm(GovukFormMixin, forms.Form):
    month = MonthField(
        label=_("Month to invoice"),
        error_messages={"required": _("Enter the month to invoice, for example 2026-03.")},
    )


class InvoicePaymentForm(GovukFormMixin, forms.Form):
    amount = forms.DecimalField(
        label=_("Amount received, in euros"),
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        error_messages={
            "required": _("Enter the amount received."),
            "invalid": _("Enter the amount as a number, for example 120.50."),
            "min_value": _("Enter an amount greater than zero."),
            "max_decimal_places": _("Enter the amount in euros and cents, with at most two decimals."),
        },
    )
    received_on = GovukDateField(
        label=_("Date it was received"),
        help_text=_("For example, 27 3 2026"),
        error_messages={"required": _("Enter the date the money was received.")},
    )
    method = forms.ChoiceField(
        label=_("How it was paid"),
        choices=PaymentMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how it was paid.")},
    )
    reference = forms.CharField(
        label=_("Bank reference"),
        required=False,
        max_length=140,
        help_text=_("As it appears on the bank statement."),
    )
    # The invoice's version when the form was opened: a second click records nothing twice.
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["amount"].widget = forms.TextInput(
            attrs={"class": "govuk-input govuk-input--width-10", "inputmode": "decimal", "spellcheck": "false"}
        )
        self.fields["reference"].widget.attrs["spellcheck"] = "false"


class InvoiceCancelForm(GovukFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Why is the invoice cancelled?"),
        help_text=_("The reason is kept with the invoice and in the log."),
        min_length=REASON_MIN_LENGTH,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Enter the reason for cancelling the invoice."),
            "min_length": _("Explain in at least %(limit_value)d characters why the invoice is cancelled."),
        },
    )


class ArrearsSortForm(GovukFormMixin, forms.Form):
    sort = forms.ChoiceField(
        label=_("Sort by"),
        choices=[("amount", _("Most owed first")), ("age", _("Oldest due date first"))],
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sort"].conditional = True  # type: ignore[attr-defined]

    def chosen_sort(self) -> str:
        self.is_valid()
        return self.cleaned_data.get("sort") or "amount"
