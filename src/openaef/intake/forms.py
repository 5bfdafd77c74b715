"""The request for help (FG1) as Django forms, shared by the public portal and staff entry.

The back office subclasses ``HelpRequestForm`` to add the channel, the date received and the
priority; everything here is what the person asking for help answers.
"""

from __future__ import annotations

import re
import uuid
from datetime import date
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core import signing
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from openaef.core.forms import GovukDateField, GovukFormMixin, PhoneNumberField
from openaef.core.i18n import pick
from openaef.core.packs import get_pack
from openaef.core.text import fold
from openaef.directory.models import Commune, Need, Postcode

from .models import (
    Agreement,
    ContactPreference,
    ParentalAuthority,
    ParentRelationship,
    RequesterType,
    Situation,
)
from .services import ParentInput, RequestInput

SUBMISSION_SALT = "openaef.intake.submission"
# A form left open over a long weekend must still go through.
TOKEN_MAX_AGE_SECONDS = 7 * 24 * 3600
PARENT_PREFIXES = ("parent1", "parent2")
# Whoever asks on their own behalf is the child or young adult: their name is already asked.
ASKING_FOR_THEMSELVES = {RequesterType.CHILD, RequesterType.YOUNG_ADULT}
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def local_today() -> date:
    """Today where the agency is: eligibility and birth dates are judged on that calendar."""
    zone = get_pack().config.get("timezone") or settings.TIME_ZONE
    return timezone.localdate(timezone=ZoneInfo(zone))


def new_signed_token() -> str:
    return signing.dumps(str(uuid.uuid4()), salt=SUBMISSION_SALT)


def read_signed_token(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(signing.loads(value, salt=SUBMISSION_SALT, max_age=TOKEN_MAX_AGE_SECONDS))
    except (signing.BadSignature, ValueError, TypeError):
        return None


def language_choices() -> list[tuple[str, str]]:
    """The pack's languages, each named in itself (a person reads their own language's name)."""
    return [(code, translation.get_language_info(code)["name_local"]) for code in get_pack().languages]


class SubmissionTokenMixin:
    """The one-time token that makes a double submit return the first request. The form declares
    a hidden ``submission_token`` field and renders ``signed_token`` in it; ``token`` is the
    posted one, once its signature is checked."""

    data: Any
    is_bound: bool
    cleaned_data: dict[str, Any]

    @cached_property
    def token(self) -> uuid.UUID | None:
        return read_signed_token(self.data.get("submission_token", "")) if self.is_bound else None

    @cached_property
    def signed_token(self) -> str:
        """The token to render: the posted one while it is valid, else a fresh one."""
        posted = self.data.get("submission_token", "") if self.is_bound else ""
        return posted if self.token is not None else new_signed_token()

    def clean_submission_token(self) -> str:
        if self.token is None:
            raise forms.ValidationError(
                _("This form could not be sent. Nothing you typed was lost: check your answers and send it again.")
            )
        return self.cleaned_data["submission_token"]


class ParentForm(GovukFormMixin, forms.Form):
    """One parent or legal representative; left blank when the person asking does not know."""

    relationship = forms.ChoiceField(
        label=_("Relationship to the child"), choices=[("", _("Choose"))] + ParentRelationship.choices, required=False
    )
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    phone = PhoneNumberField(label=_("Telephone"), required=False)
    parental_authority = forms.ChoiceField(
        label=_("Do they hold parental authority?"), choices=ParentalAuthority.choices, widget=forms.RadioSelect, required=False
    )
    agreement = forms.ChoiceField(
        label=_("Do they agree with this request?"), choices=Agreement.choices, widget=forms.RadioSelect, required=False
    )

    def __init__(self, *args: Any, region: str = "LU", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phone"].region = region  # type: ignore[attr-defined]
        self.fields["full_name"].widget.attrs["autocomplete"] = "off"

    def is_blank(self) -> bool:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return not any(data.get(name) for name in ("relationship", "full_name", "phone"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.is_blank() and not self.errors:
            return data
        if not data.get("full_name", "").strip() and "full_name" not in self.errors:
            self.add_error("full_name", _("Enter the name of the parent or legal representative."))
        if not data.get("relationship") and "relationship" not in self.errors:
            self.add_error("relationship", _("Choose how they are related to the child."))
        return data

    def to_input(self) -> ParentInput:
        data = self.cleaned_data
        return ParentInput(
            relationship=data["relationship"],
            full_name=data["full_name"].strip(),
            phone=data["phone"],
            parental_authority=data["parental_authority"] or ParentalAuthority.UNKNOWN,
            agreement=data["agreement"] or Agreement.UNKNOWN,
        )


class HelpRequestForm(SubmissionTokenMixin, GovukFormMixin, forms.Form):
    """The request for help. ``is_valid()`` covers the two parent sub-forms too."""

    # Who is asking.
    requester_type = forms.ChoiceField(
        label=_("Who is asking for help?"),
        choices=RequesterType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who is asking for help.")},
    )
    requester_name = forms.CharField(
        label=_("Your full name"),
        max_length=200,
        required=False,
        help_text=_("Not needed if you are the child or young adult."),
    )
    requester_organisation = forms.CharField(
        label=_("Your organisation or service"), max_length=200, required=False, help_text=_("Only if you are a professional.")
    )
    requester_relationship = forms.CharField(
        label=_("Your relationship to the child or young adult"),
        max_length=100,
        required=False,
        help_text=_("For example: mother, grandfather, teacher, social worker."),
    )

    # The child or young adult.
    child_first_names = forms.CharField(
        label=_("First names"),
        max_length=200,
        error_messages={"required": _("Enter the first names of the child or young adult.")},
    )
    child_surname = forms.CharField(
        label=_("Surname"), max_length=200, error_messages={"required": _("Enter the surname of the child or young adult.")}
    )
    child_birth_date = GovukDateField(
        label=_("Date of birth"),
        help_text=_("For example, 27 3 2012"),
        error_messages={
            "required": _("Enter the date of birth."),
            "missing_day": _("The date of birth must include a day."),
            "missing_month": _("The date of birth must include a month."),
            "missing_year": _("The date of birth must include a year."),
            "incomplete": _("The date of birth must include a day, a month and a year."),
            "invalid": _("The date of birth must be a real date."),
        },
    )
    child_present_in_country = forms.TypedChoiceField(
        label=_("Do they live or are they staying in Luxembourg?"),
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether they live or are staying in Luxembourg.")},
    )
    child_commune = forms.ModelChoiceField(
        label=_("Commune where they live"),
        queryset=Commune.objects.none(),
        required=False,
        empty_label=None,
        help_text=_("Choose the commune, or enter the postcode below."),
    )
    child_postcode = forms.CharField(
        label=_("Or their postcode"),
        max_length=10,
        required=False,
        help_text=_("If you do not know the commune, for example L-4001 or 4001."),
    )
    child_situation = forms.ChoiceField(
        label=_("School or work situation"), choices=[("", _("Choose"))] + Situation.choices, required=False
    )
    child_situation_details = forms.CharField(
        label=_("Name of the school, training or workplace"), max_length=300, required=False
    )

    # What is going on.
    situation = forms.CharField(
        label=_("What is going on?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("In your own words: what is difficult at the moment, since when, and what you have already tried."),
        error_messages={"required": _("Tell us what is going on.")},
    )
    needs = forms.ModelMultipleChoiceField(
        label=_("What would help?"),
        queryset=Need.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Select all that apply. If you are not sure, leave this blank: we will talk about it with you."),
    )
    parents_informed = forms.ChoiceField(
        label=_("Do the parents know about this request?"),
        choices=ParentalAuthority.choices,
        widget=forms.RadioSelect,
        required=False,
    )

    # How to get in touch.
    preferred_language = forms.ChoiceField(
        label=_("Which language would you like us to use?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a language.")},
    )
    contact_preference = forms.ChoiceField(
        label=_("How should we contact you?"),
        choices=ContactPreference.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how we should contact you.")},
    )
    contact_phone = PhoneNumberField(label=_("Telephone"), required=False, help_text=_("Needed if we should call you."))
    contact_email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        help_text=_("Needed if we should write to you by e-mail. We will send you a receipt."),
    )
    contact_address = forms.CharField(
        label=_("Postal address"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
        help_text=_("Needed if we should write to you by post."),
    )
    contact_times = forms.CharField(
        label=_("When is the best time to call?"),
        max_length=200,
        required=False,
        help_text=_("For example: weekdays after 4 pm."),
    )

    submission_token = forms.CharField(widget=forms.HiddenInput, required=False)

    CONDITIONAL = ("contact_phone", "contact_email", "contact_address", "child_commune", "child_postcode")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        pack = get_pack()
        region = pack.country
        self.fields["contact_phone"].region = region  # type: ignore[attr-defined]
        for name in self.CONDITIONAL:
            self.fields[name].conditional = True  # type: ignore[attr-defined]
        self._set_communes(pack.code)
        needs = list(Need.objects.filter(pack=pack.code).order_by("position", "code"))
        self.fields["needs"].queryset = Need.objects.filter(pack=pack.code).order_by("position", "code")  # type: ignore[attr-defined]
        self.fields["needs"].choice_hints = {need.pk: pick(need.hint) for need in needs}  # type: ignore[attr-defined]
        self.fields["preferred_language"].choices = language_choices()  # type: ignore[attr-defined]
        self.fields["preferred_language"].initial = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
        self.fields["contact_email"].widget.attrs["autocomplete"] = "email"
        self.fields["requester_name"].widget.attrs["autocomplete"] = "name"
        self.fields["child_postcode"].widget.attrs["class"] += " govuk-input--width-5"
        self.fields["child_postcode"].widget.attrs["autocomplete"] = "postal-code"
        self.parent_forms = [
            ParentForm(self.data if self.is_bound else None, prefix=prefix, region=region) for prefix in PARENT_PREFIXES
        ]

    def _set_communes(self, pack_code: str) -> None:
        communes = list(Commune.objects.filter(pack=pack_code).only("pk", "name"))
        field = self.fields["child_commune"]
        field.queryset = Commune.objects.filter(pack=pack_code)  # type: ignore[attr-defined]
        labelled = sorted(((c.pk, str(pick(c.name))) for c in communes), key=lambda item: fold(item[1]))
        field.choices = [("", _("Choose a commune"))] + labelled  # type: ignore[attr-defined]

    # Validation.

    def is_valid(self) -> bool:
        valid = super().is_valid()
        return all([valid] + [parent.is_valid() for parent in self.parent_forms])

    def clean_child_birth_date(self) -> date | None:
        born = self.cleaned_data.get("child_birth_date")
        if born is not None and born > local_today():
            raise forms.ValidationError(_("The date of birth must be today or in the past."))
        return born

    def clean_child_postcode(self) -> str:
        text = self.cleaned_data.get("child_postcode", "").strip().upper()
        return re.sub(r"^L\s*-?\s*|\s", "", text)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._clean_requester(data)
        self._clean_contact(data)
        self._clean_commune(data)
        return data

    def _clean_requester(self, data: dict[str, Any]) -> None:
        kind = data.get("requester_type")
        if kind and kind not in ASKING_FOR_THEMSELVES and not data.get("requester_name", "").strip():
            self.add_error("requester_name", _("Enter your full name."))
        if kind == RequesterType.PROFESSIONAL and not data.get("requester_organisation", "").strip():
            self.add_error("requester_organisation", _("Enter the name of your organisation or service."))

    def _clean_contact(self, data: dict[str, Any]) -> None:
        required = {
            ContactPreference.PHONE: ("contact_phone", _("Enter a telephone number, as you asked us to call you.")),
            ContactPreference.EMAIL: ("contact_email", _("Enter an e-mail address, as you asked us to write by e-mail.")),
            ContactPreference.POST: ("contact_address", _("Enter a postal address, as you asked us to write by post.")),
        }
        name_and_message = required.get(data.get("contact_preference", ""))
        if name_and_message is None:
            return
        name, message = name_and_message
        if not (data.get(name) or "").strip() and name not in self.errors:
            self.add_error(name, message)

    def _clean_commune(self, data: dict[str, Any]) -> None:
        if data.get("child_commune") is not None or "child_postcode" in self.errors:
            return
        postcode = data.get("child_postcode", "")
        if postcode:
            found = Postcode.objects.filter(pack=get_pack().code, code=postcode).select_related("commune").first()
            if found is None:
                self.add_error("child_postcode", _("We could not find this postcode. Choose the commune from the list instead."))
            else:
                data["child_commune"] = found.commune
            return
        # Someone who is not in the country has no commune here; they are told so afterwards.
        if data.get("child_present_in_country"):
            self.add_error("child_commune", _("Choose the commune where they live, or enter their postcode."))

    # Output.

    def error_summary(self) -> list[tuple[str, str]]:
        items = super().error_summary()
        for parent in self.parent_forms:
            items.extend(parent.error_summary())
        return items

    def carried_fields(self, exclude: tuple[str, ...] = ()) -> list[tuple[str, str]]:
        """The typed values as (name, value) pairs, to carry in hidden inputs on another page."""
        names: list[str] = []
        for form in [self, *self.parent_forms]:
            for name, field in form.fields.items():
                if name in exclude:
                    continue
                html_name = form.add_prefix(name)
                if isinstance(field.widget, forms.MultiWidget):
                    names.extend(html_name + suffix for suffix in field.widget.widgets_names)  # type: ignore[attr-defined]
                else:
                    names.append(html_name)
        getlist = getattr(self.data, "getlist", lambda key: [self.data[key]] if key in self.data else [])
        return [(name, value) for name in names if name != "submission_token" for value in getlist(name)]

    def to_input(self) -> RequestInput:
        data = self.cleaned_data
        return RequestInput(
            requester_type=data["requester_type"],
            requester_name=data["requester_name"].strip(),
            requester_organisation=data["requester_organisation"].strip(),
            requester_relationship=data["requester_relationship"].strip(),
            contact_preference=data["contact_preference"],
            contact_phone=data["contact_phone"],
            contact_email=data["contact_email"],
            contact_address=data["contact_address"].strip(),
            contact_times=data["contact_times"].strip(),
            preferred_language=data["preferred_language"],
            child_first_names=data["child_first_names"].strip(),
            child_surname=data["child_surname"].strip(),
            child_birth_date=data["child_birth_date"],
            child_commune=data.get("child_commune"),
            child_present_in_country=data["child_present_in_country"],
            child_situation=data["child_situation"],
            child_situation_details=data["child_situation_details"].strip(),
            situation=data["situation"].strip(),
            parents_informed=data["parents_informed"],
            needs=list(data["needs"]),
            parents=[parent.to_input() for parent in self.parent_forms if not parent.is_blank()],
        )
