"""Forms of providers' billing: tariffs, payee accounts, statements (finance and the providers'
portal). They parse what is typed; the services in ``finance.services_billing`` decide."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from openaef.core.forms import GovukDateField, GovukFormMixin
from openaef.core.i18n import pick
from openaef.directory.models import MeasureType, Provider, Service
from openaef.finance.banking import BicField, IbanField
from openaef.finance.models import Unit
from openaef.finance.selectors_billing import StatementFilters
from openaef.finance.states import StatementStatus

from .forms import VersionedForm
from .forms_provider import MonthField


class TariffForm(GovukFormMixin, forms.Form):
    service = forms.TypedChoiceField(
        label=_("Service"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("A tariff for one service wins over the provider's tariff for all its services."),
    )
    measure_type = forms.TypedChoiceField(
        label=_("Measure type"), coerce=int, error_messages={"required": _("Choose a measure type.")}
    )
    unit = forms.ChoiceField(
        label=_("Paid"), choices=Unit.choices, widget=forms.RadioSelect, error_messages={"required": _("Choose a unit.")}
    )
    amount = forms.DecimalField(
        label=_("Amount in euros"),
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        error_messages={
            "required": _("Enter the amount."),
            "invalid": _("Enter an amount in euros and cents, like 182.50"),
            "min_value": _("Enter an amount greater than 0, in euros and cents, like 182.50"),
            "max_decimal_places": _("Enter an amount in euros and cents, like 182.50"),
            "max_digits": _("Enter an amount in euros and cents, like 182.50"),
        },
    )
    valid_from = GovukDateField(label=_("Applies from"), help_text=_("For example, 1 1 2027"))
    reference = forms.CharField(
        label=_("Agreement or decision"),
        max_length=200,
        help_text=_("The agreement with the provider or the decision that sets this tariff."),
        error_messages={"required": _("Enter the agreement or the decision that sets this tariff.")},
    )

    def __init__(self, *args: Any, services: list[Service], measure_types: list[MeasureType], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["service"]).choices = [
            ("", _("All the provider's services")),
            *((s.pk, str(pick(s.name))) for s in services),
        ]
        cast(forms.TypedChoiceField, self.fields["measure_type"]).choices = [
            ("", _("Choose a measure type")),
            *((t.pk, f"{t.code} – {pick(t.name)}") for t in measure_types),
        ]
        self.fields["amount"].widget = forms.TextInput(
            attrs={"inputmode": "decimal", "class": "govuk-input govuk-input--width-10"}
        )
        self.fields["amount"].widget_kind = "input"  # type: ignore[attr-defined]
        self.fields["service"].conditional = True  # type: ignore[attr-defined]


class PayeeAccountForm(GovukFormMixin, forms.Form):
    holder = forms.CharField(
        label=_("Account holder"), max_length=140, error_messages={"required": _("Enter the account holder's name.")}
    )
    iban = IbanField(label=_("IBAN"), help_text=_("For example, LU28 0019 4006 4475 0000"))
    bic = BicField(
        label=_("BIC"), required=False, help_text=_("Needed for an account outside the SEPA area. For example, BCEELULL")
    )
    # Empty when the provider had no account yet.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["holder"].widget.attrs["autocomplete"] = "off"


class StatementFilterForm(GovukFormMixin, forms.Form):
    status = forms.MultipleChoiceField(
        label=_("Status"),
        choices=StatementStatus.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("With none ticked, the statements waiting for finance are shown."),
    )
    month = MonthField(label=_("Month"), required=False, help_text=_("For example, 11 2026"))
    provider = forms.TypedChoiceField(label=_("Provider"), coerce=int, required=False, empty_value=None)

    def __init__(self, data: Any = None, *, providers: list[Provider], **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        cast(forms.TypedChoiceField, self.fields["provider"]).choices = [
            ("", _("Any provider")),
            *((p.pk, p.name) for p in providers),
        ]
        for field in self.fields.values():
            field.conditional = True  # type: ignore[attr-defined]

    def filters(self) -> StatementFilters:
        """The valid fields' filters; a mistyped field is ignored, not fatal."""
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
        return StatementFilters(
            month=data.get("month"),
            provider_id=data.get("provider"),
            statuses=tuple(data.get("status") or (StatementStatus.SUBMITTED,)),
        )

    def is_filtered(self) -> bool:
        self.is_valid()
        return any(self.cleaned_data.get(name) for name in ("status", "month", "provider"))


class StatementPrepareForm(GovukFormMixin, forms.Form):
    provider = forms.TypedChoiceField(
        label=_("Organisation"), coerce=int, error_messages={"required": _("Choose the organisation.")}
    )
    month = MonthField(label=_("Month"), help_text=_("For example, 11 2026"))
    # The version of the statement being prepared again (empty for a new month).
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def __init__(self, *args: Any, providers: list[Provider], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.TypedChoiceField, self.fields["provider"])
        field.choices = [(p.pk, p.name) for p in providers]
        if len(providers) == 1:
            field.widget = forms.HiddenInput()
            field.widget_kind = "hidden"  # type: ignore[attr-defined]
            field.initial = providers[0].pk


class StatementSubmitForm(VersionedForm):
    pass


class StatementReturnForm(VersionedForm):
    reason = forms.CharField(
        label=_("Why is the statement sent back?"),
        help_text=_("The provider reads this to correct the statement. Do not write anything about a family."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say why the statement is sent back, so that the provider can correct it.")},
    )


class StatementValidateForm(VersionedForm):
    """One note per flagged line: why it can be paid despite what the checks found."""

    def __init__(self, *args: Any, flagged: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for pk, label in flagged:
            self.fields[f"note_{pk}"] = forms.CharField(
                label=_("Why can this line be paid? %(line)s") % {"line": label},
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2, "class": "govuk-textarea"}),
                error_messages={"required": _("Say why this line can be paid despite what the checks found.")},
            )
            self.fields[f"note_{pk}"].widget_kind = "textarea"  # type: ignore[attr-defined]
            self.fields[f"note_{pk}"].choice_hints = {}  # type: ignore[attr-defined]

    def notes(self) -> dict[int, str]:
        return {int(name[5:]): value for name, value in self.cleaned_data.items() if name.startswith("note_")}
