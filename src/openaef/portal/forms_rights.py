"""The form to ask to consult one's file (AEF law art. 7): what the law asks, no reason."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from openaef.core.forms import GovukDateField, GovukFormMixin, PhoneNumberField
from openaef.core.packs import get_pack
from openaef.intake.forms import SubmissionTokenMixin
from openaef.rights.models import Applicant
from openaef.rights.services import AccessRequestInput

CONTACT_FIELDS = ("contact_email", "contact_phone", "contact_address")
# The same choices as the model's, in the words of the person asking.
APPLICANT_CHOICES = [
    (Applicant.SELF, _("My own file: I am an adult")),
    (Applicant.PARENT, _("My child's file: I am a parent")),
    (Applicant.CHILD, _("My own file: I am a child or a young person under 18")),
]


class FileAccessRequestForm(SubmissionTokenMixin, GovukFormMixin, forms.Form):
    applicant = forms.ChoiceField(
        label=_("Whose file do you want to see?"),
        choices=APPLICANT_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whose file you want to see.")},
    )
    child_name = forms.CharField(
        label=_("Your child's full name"),
        max_length=300,
        required=False,
        help_text=_("Only if you are asking as a parent."),
    )
    surname_at_birth = forms.CharField(
        label=_("Your surname at birth"),
        max_length=200,
        help_text=_("The surname you had when you were born, if it has changed since."),
        error_messages={"required": _("Enter your surname at birth.")},
    )
    first_names = forms.CharField(
        label=_("Your first names"), max_length=200, error_messages={"required": _("Enter your first names.")}
    )
    place_of_birth = forms.CharField(
        label=_("Your place of birth"),
        max_length=200,
        help_text=_("The town and, if it is abroad, the country."),
        error_messages={"required": _("Enter your place of birth.")},
    )
    birth_date = GovukDateField(
        label=_("Your date of birth"), required=False, help_text=_("For example, 27 3 2007. It helps us find your file.")
    )
    contact_email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        error_messages={"invalid": _("Enter an e-mail address in the correct format, like name@example.com.")},
    )
    contact_phone = PhoneNumberField(label=_("Telephone number"), required=False)
    contact_address = forms.CharField(
        label=_("Postal address"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
    )
    submission_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact_phone"].region = get_pack().country  # type: ignore[attr-defined]
        self.fields["contact_email"].widget.attrs["autocomplete"] = "email"
        self.fields["first_names"].widget.attrs["autocomplete"] = "given-name"
        self.fields["child_name"].conditional = True  # type: ignore[attr-defined]
        for name in CONTACT_FIELDS:
            self.fields[name].conditional = True  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("applicant") == Applicant.PARENT and not (data.get("child_name") or "").strip():
            self.add_error("child_name", _("Enter your child's full name."))
        # Contact fields already in error have a message of their own.
        if not any(data.get(name) for name in CONTACT_FIELDS) and not any(name in self.errors for name in CONTACT_FIELDS):
            self.add_error("contact_email", _("Give at least one way to contact you: e-mail, telephone or postal address."))
        return data

    def to_input(self) -> AccessRequestInput:
        data = self.cleaned_data
        return AccessRequestInput(
            applicant=data["applicant"],
            surname_at_birth=data["surname_at_birth"],
            first_names=data["first_names"],
            place_of_birth=data["place_of_birth"],
            birth_date=data.get("birth_date"),
            child_name=data["child_name"] if data["applicant"] == Applicant.PARENT else "",
            contact_email=data.get("contact_email") or "",
            contact_phone=data.get("contact_phone") or "",
            contact_address=data.get("contact_address") or "",
        )
