"""Forms of the person pages: they parse what staff type; people.services decides."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from openaef.core.forms import GovukDateField, GovukFormMixin
from openaef.directory.models import Commune
from openaef.people.models import IdentifierScheme, Person, RelationshipKind, Sex

# How the person on the page stands to the one chosen: "Anna is the mother of Tom" is stored
# once, on Anna's side (Relationship.person), whichever page it was recorded from.
THIS_IS_RELATIVE_OF = "this"
OTHER_IS_RELATIVE_OF = "other"


def person_label(person: Person) -> str:
    """How a person is told apart from namesakes in a list of choices."""
    born = date_format(person.birth_date, "SHORT_DATE_FORMAT") if person.birth_date else _("date of birth not known")
    return f"{person.surname}, {person.first_names} ({born})"


class PersonSearchForm(GovukFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=100,
        help_text=_("Surname or first name; spellings that sound alike are found too"),
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    birth_date = GovukDateField(label=_("Date of birth"), required=False, help_text=_("For example, 27 3 2015"))

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        if data is not None:
            data = data.copy()
            for part in ("day", "month", "year"):
                data.setdefault(f"birth_date_{part}", "")
        super().__init__(data, **kwargs)
        for field in self.fields.values():
            field.conditional = True  # type: ignore[attr-defined]


class PersonForm(GovukFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    surname = forms.CharField(label=_("Current surname"), max_length=150)
    surname_at_birth = forms.CharField(
        label=_("Surname at birth"), max_length=150, required=False, help_text=_("If different from the current surname")
    )
    first_names = forms.CharField(label=_("First names"), max_length=200)
    birth_date = GovukDateField(label=_("Date of birth"), required=False, help_text=_("For example, 27 3 2015"))
    birth_place = forms.CharField(label=_("Place of birth"), max_length=150, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, widget=forms.RadioSelect)
    nationality = forms.CharField(
        label=_("Nationality"),
        max_length=2,
        required=False,
        help_text=_("Two-letter country code, for example LU, PT or FR"),
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-2", "spellcheck": "false"}),
    )
    languages = forms.CharField(
        label=_("Languages spoken"),
        max_length=100,
        required=False,
        help_text=_("Language codes separated by commas, for example lb, fr, pt"),
    )
    national_id_scheme = forms.ChoiceField(
        label=_("Type of identification number"), choices=[("", _("None")), *IdentifierScheme.choices], required=False
    )
    national_id = forms.CharField(
        label=_("Identification number"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off", "inputmode": "numeric"}),
    )
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-5", "autocomplete": "postal-code"}),
    )
    commune = forms.ModelChoiceField(label=_("Commune"), queryset=Commune.objects.none(), required=False)
    phones = forms.CharField(
        label=_("Telephone numbers"),
        required=False,
        help_text=_("One per line; numbers from abroad with their country code, like +33 6 12 34 56 78"),
        widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "tel"}),
    )
    email = forms.EmailField(label=_("E-mail"), required=False, widget=forms.EmailInput(attrs={"spellcheck": "false"}))

    SERVICE_FIELDS = (
        "surname",
        "surname_at_birth",
        "first_names",
        "birth_date",
        "birth_place",
        "sex",
        "nationality",
        "languages",
        "national_id_scheme",
        "national_id",
        "address",
        "postcode",
        "commune",
        "phones",
        "email",
    )

    def __init__(self, data: Any = None, *, pack: str | None = None, **kwargs: Any) -> None:
        if data is not None:
            data = data.copy()
            for part in ("day", "month", "year"):
                data.setdefault(f"birth_date_{part}", "")
        super().__init__(data, **kwargs)
        field = self.fields["commune"]
        field.queryset = Commune.objects.filter(pack=pack or settings.OPENAEF_PACK).order_by("name")  # type: ignore[attr-defined]
        field.empty_label = _("Not known")  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(person: Person) -> dict[str, Any]:
        return {
            **{name: getattr(person, name) for name in PersonForm.SERVICE_FIELDS},
            "commune": person.commune_id,
            "languages": ", ".join(person.languages),
            "phones": "\n".join(person.phones),
            "version": person.version,
        }

    def clean_languages(self) -> list[str]:
        return [code.strip().lower() for code in self.cleaned_data["languages"].replace(";", ",").split(",") if code.strip()]

    def clean_phones(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["phones"].splitlines() if line.strip()]

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.SERVICE_FIELDS}

    def add_service_errors(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, messages in error.message_dict.items():
            self.add_error(name if name in self.fields else None, messages)


class NewPersonFields(forms.Form):
    """The few details needed to record someone not yet known (a relative, a housemate)."""

    new_surname = forms.CharField(label=_("Surname"), max_length=150, required=False)
    new_first_names = forms.CharField(label=_("First names"), max_length=200, required=False)
    new_birth_date = GovukDateField(label=_("Date of birth"), required=False, help_text=_("If known. For example, 3 2 1988"))


class RelationshipForm(GovukFormMixin, NewPersonFields):
    relative = forms.ModelChoiceField(
        label=_("Who"), queryset=Person.objects.none(), required=False, widget=forms.RadioSelect, empty_label=None
    )
    direction = forms.ChoiceField(label=_("Which way round"), widget=forms.RadioSelect)
    kind = forms.ChoiceField(label=_("Relationship"), choices=RelationshipKind.choices)
    kind_details = forms.CharField(label=_("Details"), max_length=200, required=False)
    holds_parental_authority = forms.BooleanField(label=_("Holds parental authority"), required=False)
    is_legal_representative = forms.BooleanField(label=_("Is the legal representative"), required=False)
    since = GovukDateField(label=_("Since"), required=False)

    DATE_FIELDS = ("new_birth_date", "since")

    def __init__(self, data: Any = None, *, person: Person, choices: list[Person], **kwargs: Any) -> None:
        if data is not None:
            data = data.copy()
            for name in self.DATE_FIELDS:
                for part in ("day", "month", "year"):
                    data.setdefault(f"{name}_{part}", "")
        super().__init__(data, **kwargs)
        self.fields["relative"].queryset = Person.objects.filter(pk__in=[p.pk for p in choices])  # type: ignore[attr-defined]
        self.fields["relative"].label_from_instance = person_label  # type: ignore[attr-defined]
        self.fields["direction"].choices = [  # type: ignore[attr-defined]
            (OTHER_IS_RELATIVE_OF, _("The person chosen is the mother, father, … of %(name)s") % {"name": person.full_name}),
            (THIS_IS_RELATIVE_OF, _("%(name)s is the mother, father, … of the person chosen") % {"name": person.full_name}),
        ]
        self.fields["holds_parental_authority"].help_text = _("Over the other person, for a parent or a guardian")

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        new = cleaned.get("new_surname") or cleaned.get("new_first_names")
        if cleaned.get("relative") is None and not new and "relative" not in self.errors:
            self.add_error("relative", _("Choose a person, or enter the names of someone not yet recorded."))
        if cleaned.get("relative") is None and new:
            if not cleaned.get("new_surname"):
                self.add_error("new_surname", _("Enter the surname."))
            if not cleaned.get("new_first_names"):
                self.add_error("new_first_names", _("Enter the first names."))
        return cleaned


class EndForm(GovukFormMixin, forms.Form):
    until = GovukDateField(label=_("Ended on"), help_text=_("For example, 27 3 2026"))


class HouseholdForm(GovukFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Name of the household"), max_length=200, required=False, help_text=_("For example: the Schmit household")
    )
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-5"}),
    )
    since = GovukDateField(label=_("Living there since"), required=False)

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        if data is not None:
            data = data.copy()
            for part in ("day", "month", "year"):
                data.setdefault(f"since_{part}", "")
        super().__init__(data, **kwargs)


class HouseholdMemberForm(GovukFormMixin, forms.Form):
    person = forms.ModelChoiceField(label=_("Who"), queryset=Person.objects.none(), widget=forms.RadioSelect, empty_label=None)
    since = GovukDateField(label=_("Living there since"), required=False)

    def __init__(self, data: Any = None, *, choices: list[Person], **kwargs: Any) -> None:
        if data is not None:
            data = data.copy()
            for part in ("day", "month", "year"):
                data.setdefault(f"since_{part}", "")
        super().__init__(data, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(pk__in=[p.pk for p in choices])  # type: ignore[attr-defined]
        self.fields["person"].label_from_instance = person_label  # type: ignore[attr-defined]
        self.fields["person"].error_messages["required"] = _("Choose who joins the household.")


class MergeForm(GovukFormMixin, forms.Form):
    keep = forms.ChoiceField(label=_("Which record to keep"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Why are these the same person?"),
        help_text=_("For example: same identity card, confirmed with the mother on the phone"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={"required": _("Explain why these two records are the same person.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
    other_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, data: Any = None, *, person: Person, other: Person, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.fields["keep"].choices = [  # type: ignore[attr-defined]
            (str(person.pk), _("Keep record %(id)s (this page)") % {"id": person.pk}),
            (str(other.pk), _("Keep record %(id)s") % {"id": other.pk}),
        ]
        self.fields["keep"].error_messages["required"] = _("Choose which record to keep.")
