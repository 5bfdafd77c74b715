"""Forms of the placement pages (GOV.UK markup through GovukFormMixin). Choices come from the
views (the case's measures and decisions, services, approved foster families)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from openaef.core.forms import GovukDateField
from openaef.placements.models import AbroadDecision, Destination, LegalBasis, PlaceKind, VisitKind

from .forms_case_journal import ServiceErrorsMixin
from .forms_measures import VersionMixin

DATE_HINT = _("For example, 27 3 2026.")


def _set_choices(form: forms.Form, name: str, choices: list[tuple[str, str]], blank: str | None = None) -> None:
    field = cast(forms.ChoiceField, form.fields[name])
    field.choices = ([("", blank)] if blank is not None else []) + choices


class PlacementOpenForm(ServiceErrorsMixin, forms.Form):
    measure = forms.ChoiceField(
        label=_("Which measure"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose one of the case's stationary measures.")},
    )
    legal_basis = forms.ChoiceField(
        label=_("Legal basis"),
        widget=forms.RadioSelect,
        choices=LegalBasis.choices,
        error_messages={"required": _("Choose the legal basis of the placement.")},
    )
    agreement_on = GovukDateField(label=_("When the parents agreed"), required=False, help_text=DATE_HINT)
    decision = forms.ChoiceField(label=_("The court decision"), required=False, help_text=_("Needed for a court decision."))

    def __init__(self, *args: Any, measures: list[tuple[str, str]], decisions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "measure", measures)
        _set_choices(self, "decision", decisions, blank=str(_("Choose a decision")))


class PlaceForm(ServiceErrorsMixin, VersionMixin):
    """The place for an admission or a transfer: an institution (service and site, living unit)
    or a foster family; the country and the institution's name only for a placement abroad."""

    place_kind = forms.ChoiceField(
        label=_("Where the child lives"),
        widget=forms.RadioSelect,
        choices=PlaceKind.choices,
        error_messages={"required": _("Choose an institution or a foster family.")},
    )
    institution = forms.ChoiceField(label=_("Institution and site"), required=False, help_text=_("For an institution."))
    living_unit = forms.CharField(label=_("Living unit"), max_length=120, required=False, help_text=_("For an institution."))
    foster_family = forms.ChoiceField(label=_("Foster family"), required=False, help_text=_("Approved families only."))
    capacity_exception = forms.CharField(
        label=_("Why the foster family may take one more child"),
        help_text=_("Only when the family already has the most children the rules allow."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
    country = forms.ChoiceField(label=_("Country"), required=False, help_text=_("The institution abroad's country."))
    institution_name = forms.CharField(
        label=_("Institution abroad"), help_text=_("When it is not in the list above."), max_length=200, required=False
    )

    def __init__(
        self,
        *args: Any,
        institutions: list[tuple[str, str]],
        families: list[tuple[str, str]],
        countries: list[tuple[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "institution", institutions, blank=str(_("Choose an institution")))
        _set_choices(self, "foster_family", families, blank=str(_("Choose a foster family")))
        if countries is None:
            del self.fields["country"], self.fields["institution_name"]
        else:
            _set_choices(self, "country", countries, blank=str(_("Choose a country")))


class AdmitForm(PlaceForm):
    field_order = ["admitted_on"]
    admitted_on = GovukDateField(
        label=_("Date of admission"),
        help_text=DATE_HINT,
        error_messages={"required": _("Enter the date the child was admitted.")},
    )


class TransferForm(PlaceForm):
    field_order = ["moved_on", "reason"]
    moved_on = GovukDateField(
        label=_("Date of the move"), help_text=DATE_HINT, error_messages={"required": _("Enter the date the child moved.")}
    )
    reason = forms.CharField(
        label=_("Reason for the move"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Give the reason for the move.")},
    )


class DischargeForm(ServiceErrorsMixin, VersionMixin):
    discharged_on = GovukDateField(
        label=_("Date the child left"), help_text=DATE_HINT, error_messages={"required": _("Enter the date the child left.")}
    )
    destination = forms.ChoiceField(
        label=_("Where the child went"),
        widget=forms.RadioSelect,
        choices=Destination.choices,
        error_messages={"required": _("Choose where the child went.")},
    )
    destination_details = forms.CharField(
        label=_("Details"),
        help_text=_("Needed when the child went somewhere else."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
    return_decision = forms.ChoiceField(
        label=_("Court decision allowing the return home"),
        help_text=_("In a judicial case, a definite return home needs the youth court's decision."),
        required=False,
    )

    def __init__(self, *args: Any, decisions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "return_decision", decisions, blank=str(_("Choose a decision")))


class VisitForm(ServiceErrorsMixin, VersionMixin):
    kind = forms.ChoiceField(
        label=_("Kind of contact"),
        widget=forms.RadioSelect,
        choices=VisitKind.choices,
        error_messages={"required": _("Choose the kind of contact.")},
    )
    with_whom = forms.CharField(label=_("With whom"), max_length=200, error_messages={"required": _("Say with whom.")})
    frequency = forms.CharField(
        label=_("How often"),
        help_text=_("For example, every other weekend, Friday 6 pm to Sunday 6 pm."),
        max_length=200,
        error_messages={"required": _("Say how often.")},
    )
    from_on = GovukDateField(label=_("From"), required=False, help_text=DATE_HINT)
    until_on = GovukDateField(label=_("Until"), required=False, help_text=DATE_HINT)
    supervised = forms.BooleanField(label=_("Supervised by a professional"), required=False)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False)


class AgreementForm(ServiceErrorsMixin, VersionMixin):
    language = forms.ChoiceField(label=_("Language of the agreement"), help_text=_("The family's language."))
    child_receives = forms.CharField(
        label=_("What the child receives"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=6000,
        error_messages={"required": _("Say what the child receives.")},
    )
    daily_care_objectives = forms.CharField(
        label=_("Objectives of daily care"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=6000,
        error_messages={"required": _("Write the objectives of daily care.")},
    )
    other_terms = forms.CharField(
        label=_("Other terms"), widget=forms.Textarea(attrs={"rows": 4}), max_length=6000, required=False
    )

    def __init__(self, *args: Any, languages: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "language", languages)


class AgreementSignForm(ServiceErrorsMixin, VersionMixin):
    signed_on = GovukDateField(
        label=_("Date it was signed"),
        help_text=DATE_HINT,
        error_messages={"required": _("Enter the date the agreement was signed.")},
    )
    file = forms.FileField(
        label=_("Scan of the signed agreement"),
        help_text=_("A PDF or a photo of the paper signed by the parents."),
        error_messages={"required": _("Select the scan of the signed agreement.")},
    )


class AbroadForm(ServiceErrorsMixin, VersionMixin):
    country = forms.ChoiceField(
        label=_("Country"), error_messages={"required": _("Choose the country of the institution abroad.")}
    )
    institution_name = forms.CharField(
        label=_("Institution"), max_length=200, error_messages={"required": _("Enter the institution's name.")}
    )
    institution_address = forms.CharField(
        label=_("Institution's address"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={"required": _("Enter the institution's address.")},
    )
    why_abroad = forms.CharField(
        label=_("Why abroad"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=6000,
        error_messages={"required": _("Say why the child needs an institution abroad.")},
    )
    tried_in_country = forms.CharField(
        label=_("What was tried in Luxembourg"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=6000,
        error_messages={"required": _("Say what was tried in Luxembourg.")},
    )
    child_opinion = forms.CharField(
        label=_("The child's opinion"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000, required=False
    )
    parents_opinion = forms.CharField(
        label=_("The parents' opinion"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000, required=False
    )
    costs_covered_by = forms.CharField(label=_("Costs covered by"), max_length=200, required=False)
    requested_on = GovukDateField(label=_("Date requested"), required=False, help_text=DATE_HINT)
    agency_decision = forms.ChoiceField(
        label=_("Decision of the agency"),
        widget=forms.RadioSelect,
        choices=[("", _("Not decided yet")), *AbroadDecision.choices],
        required=False,
    )
    agency_decision_on = GovukDateField(label=_("Date of the decision"), required=False, help_text=DATE_HINT)
    agency_decision_note = forms.CharField(
        label=_("Decision note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000, required=False
    )

    def __init__(self, *args: Any, countries: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "country", countries, blank=str(_("Choose a country")))


class MoveOnForm(ServiceErrorsMixin, VersionMixin):
    """The child moves on to a foster family under a new measure (from the suggestions)."""

    moved_on = GovukDateField(
        label=_("Date of the move"), help_text=DATE_HINT, error_messages={"required": _("Enter the date the child moved.")}
    )
    foster_family = forms.ChoiceField(
        label=_("Foster family"),
        help_text=_("Approved families only."),
        error_messages={"required": _("Choose a foster family.")},
    )
    measure_type = forms.ChoiceField(
        label=_("The measure the child moves on to"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the measure the child moves on to.")},
    )
    decision = forms.ChoiceField(
        label=_("The court decision"),
        help_text=_("Leave it as it is to keep the decision of the current placement."),
        required=False,
    )
    capacity_exception = PlaceForm.base_fields["capacity_exception"]
    reason = forms.CharField(
        label=_("Reason for the move"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Give the reason for the move.")},
    )

    def __init__(
        self,
        *args: Any,
        families: list[tuple[str, str]],
        measure_types: list[tuple[str, str]],
        decisions: list[tuple[str, str]] | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "foster_family", families, blank=str(_("Choose a foster family")))
        _set_choices(self, "measure_type", measure_types)
        if decisions is None:
            del self.fields["decision"]
        else:
            _set_choices(self, "decision", decisions, blank=str(_("The current placement's decision")))
