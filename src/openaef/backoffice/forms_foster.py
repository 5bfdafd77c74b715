"""Forms of the foster family pages (GOV.UK markup through GovukFormMixin)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from openaef.core.forms import GovukDateField, GovukFormMixin
from openaef.core.i18n import pick
from openaef.foster.matching import language_name
from openaef.foster.models import FosterFamilyStatus, HouseholdRole
from openaef.foster.services import FamilyDetails

from .forms_case_journal import ServiceErrorsMixin

DATE_HINT = _("For example, 27 3 2026.")


class VersionMixin(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class RegisterFilterForm(GovukFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Name, reference or locality"),
        required=False,
        max_length=100,
        help_text=_("Part of the household's name, its reference (FAM-…) or its locality."),
    )
    status = forms.MultipleChoiceField(
        label=_("Status"), choices=FosterFamilyStatus.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.conditional = True  # type: ignore[attr-defined]

    def values(self) -> tuple[str, list[str]]:
        if not self.is_valid():
            return "", []
        return self.cleaned_data["q"], list(self.cleaned_data["status"])

    def is_filtered(self) -> bool:
        q, statuses = self.values()
        return bool(q or statuses)


class FamilyForm(ServiceErrorsMixin, VersionMixin):
    name = forms.CharField(
        label=_("Household name"),
        max_length=200,
        help_text=_("For example: the Schmit-Weber household."),
        error_messages={"required": _("Enter the household's name.")},
    )
    street = forms.CharField(label=_("Street and number"), max_length=200, required=False)
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-5"}),
    )
    locality = forms.CharField(label=_("Locality"), max_length=100, required=False)
    commune = forms.ChoiceField(
        label=_("Commune"), required=False, help_text=_("Used to suggest families close to a child's parents.")
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken at home"), required=False, widget=forms.CheckboxSelectMultiple
    )
    capacity = forms.IntegerField(
        label=_("Places offered"),
        min_value=1,
        max_value=20,
        help_text=_("How many children the family can take at a time."),
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-2"}),
        error_messages={
            "required": _("Enter the number of places."),
            "invalid": _("Enter the number of places as a whole number."),
        },
    )
    min_age = forms.IntegerField(
        label=_("Youngest age accepted"),
        required=False,
        min_value=0,
        max_value=27,
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-2"}),
    )
    max_age = forms.IntegerField(
        label=_("Oldest age accepted"),
        required=False,
        min_value=0,
        max_value=27,
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-2"}),
    )
    capacity_exception = forms.CharField(
        label=_("Why the family may take more children than the maximum"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, communes: list[Any], languages: list[Any], max_children: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.communes = {str(c.pk): c for c in communes}
        self.language_objects = {c.code: c for c in languages}
        cast(forms.ChoiceField, self.fields["commune"]).choices = [("", _("Not known"))] + [
            (str(c.pk), str(pick(c.name))) for c in communes
        ]
        cast(forms.MultipleChoiceField, self.fields["languages"]).choices = [(c.code, language_name(c.code)) for c in languages]
        if max_children is not None:
            self.fields["capacity_exception"].help_text = _(
                "Needed only when the family offers more than %(max)d places (exceptions possible, guichet.lu)."
            ) % {"max": max_children}

    @classmethod
    def initial_for(cls, family: Any) -> dict[str, Any]:
        return {
            "version": family.version,
            "name": family.name,
            "street": family.street,
            "postcode": family.postcode,
            "locality": family.locality,
            "commune": str(family.commune_id or ""),
            "languages": [language.code for language in family.languages.all()],
            "capacity": family.capacity,
            "min_age": family.min_age,
            "max_age": family.max_age,
            "capacity_exception": family.capacity_exception,
        }

    def details(self) -> FamilyDetails:
        data = self.cleaned_data
        return FamilyDetails(
            name=data["name"],
            street=data["street"],
            postcode=data["postcode"],
            locality=data["locality"],
            commune=self.communes.get(data["commune"] or ""),
            languages=[self.language_objects[code] for code in data["languages"]],
            capacity=data["capacity"],
            min_age=data["min_age"],
            max_age=data["max_age"],
            capacity_exception=data["capacity_exception"],
        )


class VersionOnlyForm(GovukFormMixin, VersionMixin):
    pass


class ReasonForm(ServiceErrorsMixin, VersionMixin):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Give the reason.")},
    )


class ApproveForm(ServiceErrorsMixin, VersionMixin):
    approved_from = GovukDateField(
        label=_("Approved from"), help_text=DATE_HINT, error_messages={"required": _("Enter the date the approval starts.")}
    )
    approved_until = GovukDateField(
        label=_("Approved until"), help_text=DATE_HINT, error_messages={"required": _("Enter the date the approval ends.")}
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example, the reference of the Ministry's decision."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("approved_from"), data.get("approved_until")
        if start and end and end <= start:
            self.add_error("approved_until", _("The approval must end after it starts."))
        return data


class RenewForm(ServiceErrorsMixin, VersionMixin):
    approved_until = GovukDateField(
        label=_("Renewed until"),
        help_text=DATE_HINT,
        error_messages={"required": _("Enter the date the renewed approval ends.")},
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class SupportForm(ServiceErrorsMixin, VersionMixin):
    service = forms.ChoiceField(
        label=_("Support service"),
        required=False,
        help_text=_("The accredited service that follows the family."),
    )

    def __init__(self, *args: Any, services: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.services = {str(s.pk): s for s in services}
        choices = [("", _("None yet"))] + [(str(s.pk), f"{pick(s.name)} ({s.provider.name})") for s in services]
        cast(forms.ChoiceField, self.fields["service"]).choices = choices

    def chosen(self) -> Any:
        return self.services.get(self.cleaned_data.get("service") or "")


class MemberForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, error_messages={"required": _("Enter the person's name.")})
    role = forms.ChoiceField(
        label=_("Role in the household"),
        choices=HouseholdRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the person's role in the household.")},
    )
    birth_year = forms.IntegerField(
        label=_("Year of birth"),
        required=False,
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-4"}),
        error_messages={"invalid": _("Enter the year of birth as 4 numbers, like 1985.")},
    )
    lives_in_household = forms.BooleanField(label=_("Lives in the household"), required=False, initial=True)


class MemberRemoveForm(ServiceErrorsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why remove this person"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason.")},
    )


class TrainingForm(ServiceErrorsMixin, forms.Form):
    title = forms.CharField(label=_("Training"), max_length=200, error_messages={"required": _("Enter the training's title.")})
    on = GovukDateField(label=_("Date"), help_text=DATE_HINT, error_messages={"required": _("Enter the date of the training.")})
    hours = forms.DecimalField(
        label=_("Hours"),
        max_digits=5,
        decimal_places=1,
        min_value=Decimal("0.5"),
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-3", "inputmode": "decimal"}),
        error_messages={"required": _("Enter the number of hours."), "invalid": _("Enter the number of hours, like 3 or 2.5.")},
    )
    provider = forms.CharField(label=_("Given by"), max_length=200, required=False)
