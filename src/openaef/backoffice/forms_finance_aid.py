"""Forms of the financial help pages (GOV.UK markup through GovukFormMixin). They only parse:
the rules (amounts, the beneficiary's own account, the schedule) are the services'."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from openaef.core.forms import GovukDateField
from openaef.finance.models import AidKind

from .forms_case_journal import ServiceErrorsMixin

EXAMPLE = _("For example, 27 3 2026.")
AMOUNT_ERROR = _("Enter the amount in euros, like 150 or 150.50.")


class AmountField(forms.CharField):
    """Euros as typed in France or Luxembourg: "1 250,50", "1250.50" -> Decimal("1250.50")."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "spellcheck": "false"})

    def clean(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().clean(value)
        if not text:
            return None
        compact = "".join(str(text).split()).replace("\u202f", "").replace(",", ".")
        try:
            amount = Decimal(compact)
        except InvalidOperation:
            raise ValidationError(AMOUNT_ERROR, code="invalid") from None
        if not amount.is_finite():
            raise ValidationError(AMOUNT_ERROR, code="invalid")
        return amount


def _set_choices(form: forms.Form, name: str, choices: list[tuple[Any, Any]]) -> None:
    cast(forms.ChoiceField, form.fields[name]).choices = choices


def _conditional(field: forms.Field) -> forms.Field:
    # Shown to everyone (no JavaScript needed) and checked by the service when it applies.
    field.conditional = True  # type: ignore[attr-defined]
    return field


class VersionForm(ServiceErrorsMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class AidProposeForm(ServiceErrorsMixin, forms.Form):
    beneficiary = forms.ChoiceField(
        label=_("Who receives the help"),
        widget=forms.RadioSelect,
        help_text=_("A parent or legal representative in the case, or the young adult himself once of age."),
        error_messages={"required": _("Choose who receives the help.")},
    )
    kind = forms.ChoiceField(
        label=_("Kind of help"),
        widget=forms.RadioSelect,
        choices=AidKind.choices,
        error_messages={"required": _("Choose an exceptional grant or a monthly allowance.")},
    )
    amount = AmountField(
        label=_("Amount in euros"),
        help_text=_("For a monthly allowance, the amount paid each month."),
        error_messages={"required": AMOUNT_ERROR},
    )
    months = _conditional(
        forms.IntegerField(
            label=_("Number of months"),
            help_text=_("Only for a monthly allowance: for how many months it is paid."),
            required=False,
            min_value=1,
            max_value=600,
            error_messages={"invalid": _("Enter a number of months, like 6.")},
        )
    )
    starts_on = GovukDateField(
        label=_("First payment on"), help_text=EXAMPLE, error_messages={"required": _("Enter the date of the first payment.")}
    )
    purpose = forms.CharField(
        label=_("What the help is for"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": _("Say what the help is for.")},
    )
    repayable = forms.ChoiceField(
        label=_("Is the help to be repaid?"),
        widget=forms.RadioSelect,
        choices=[("no", _("No, it is given outright")), ("yes", _("Yes, it is repayable"))],
        error_messages={"required": _("Choose whether the help is to be repaid.")},
    )
    repayment_months = _conditional(
        forms.IntegerField(
            label=_("Number of monthly repayments"),
            help_text=_("Only for a repayable help."),
            required=False,
            min_value=1,
            max_value=600,
            error_messages={"invalid": _("Enter a number of repayments, like 10.")},
        )
    )
    repayment_starts_on = _conditional(
        GovukDateField(
            label=_("First repayment on"), help_text=_("Only for a repayable help. For example, 27 3 2026."), required=False
        )
    )
    holder = forms.CharField(
        label=_("Account holder"),
        help_text=_("The help cannot be assigned (CASF L222-4): it is paid only to the beneficiary's own account."),
        max_length=140,
        error_messages={"required": _("Enter the name of the account holder.")},
    )
    iban = forms.CharField(label=_("IBAN"), max_length=50, error_messages={"required": _("Enter the beneficiary's IBAN.")})
    bic = forms.CharField(label=_("BIC"), max_length=20, required=False)
    own_account_confirmed = forms.BooleanField(
        label=_("I have checked that this account is the beneficiary's own"),
        help_text=_("For example, on a bank statement (relevé d'identité bancaire) in the beneficiary's name."),
        required=False,
    )

    def __init__(self, *args: Any, beneficiaries: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "beneficiary", beneficiaries)
        self.fields["iban"].widget.attrs.update({"spellcheck": "false", "autocomplete": "off"})
        self.fields["bic"].widget.attrs.update({"spellcheck": "false", "class": "govuk-input govuk-input--width-10"})
        self.fields["amount"].widget.attrs["class"] = "govuk-input govuk-input--width-10"
        for name in ("months", "repayment_months"):
            self.fields[name].widget.attrs["class"] = "govuk-input govuk-input--width-4"


class DecideForm(VersionForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[("grant", _("Grant the help")), ("refuse", _("Refuse the help"))],
        error_messages={"required": _("Choose whether the help is granted or refused.")},
    )
    reason = _conditional(
        forms.CharField(
            label=_("Reason"),
            help_text=_("Needed to refuse; it is written in the decision letter."),
            widget=forms.Textarea(attrs={"rows": 3}),
            max_length=2000,
            required=False,
        )
    )


class ReasonForm(VersionForm):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Give the reason.")},
    )


class _LineForm(VersionForm):
    repayment = forms.ChoiceField(
        label=_("Repayment"), widget=forms.RadioSelect, error_messages={"required": _("Choose a repayment of the schedule.")}
    )

    def __init__(self, *args: Any, lines: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "repayment", lines)


class RepaymentForm(_LineForm):
    amount = AmountField(label=_("Amount received in euros"), error_messages={"required": AMOUNT_ERROR})
    received_on = GovukDateField(
        label=_("Received on"), help_text=EXAMPLE, error_messages={"required": _("Enter the date the money was received.")}
    )


class WaiveForm(_LineForm):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Give the reason.")},
    )
