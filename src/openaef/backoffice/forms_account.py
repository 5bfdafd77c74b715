"""Forms of the sign-in's second step and of one's own account page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from openaef.accounts.twofactor import normalise_code
from openaef.core.forms import GovukFormMixin

from .forms import EmailAuthenticationForm

__all__ = [
    "EmailAuthenticationForm",
    "EmailChangeForm",
    "EnrolmentForm",
    "ReauthenticationForm",
    "RecoveryCodesSavedForm",
    "SecondFactorForm",
]


def _code_field(label: Any, help_text: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=20,
        error_messages={"required": _("Enter the code.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "spellcheck": "false", "class": "govuk-input govuk-input--width-10"}
        ),
    )


class SecondFactorForm(GovukFormMixin, forms.Form):
    code = _code_field(
        _("Code"),
        _("The 6-digit code your authenticator app shows now, or one of your recovery codes."),
    )

    def clean_code(self) -> str:
        return normalise_code(self.cleaned_data["code"])


class EnrolmentForm(GovukFormMixin, forms.Form):
    code = _code_field(_("Code from the app"), _("The 6-digit code the app shows for this account, for example 123456."))

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError(_("Enter the 6-digit code the app shows."), code="format")
        return code


class RecoveryCodesSavedForm(GovukFormMixin, forms.Form):
    saved = forms.BooleanField(
        label=_("I have saved these recovery codes somewhere safe"),
        error_messages={"required": _("Confirm that you have saved the recovery codes.")},
    )


class ReauthenticationForm(GovukFormMixin, forms.Form):
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        error_messages={"required": _("Enter your password.")},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = _code_field(
        _("Code"),
        _("The 6-digit code your authenticator app shows now, or one of your recovery codes."),
    )

    def clean_code(self) -> str:
        return normalise_code(self.cleaned_data["code"])


class EmailChangeForm(GovukFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("New e-mail address"),
        help_text=_("You will sign in with this address from now on."),
        max_length=254,
        error_messages={
            "required": _("Enter the new e-mail address."),
            "invalid": _("Enter an e-mail address in the correct format, like name@example.lu."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()
