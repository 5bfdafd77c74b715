"""Forms of the case pages: they parse and validate what staff type; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from openaef.accounts.models import User
from openaef.audit.services import REASON_MIN_LENGTH
from openaef.cases.models import Framework, ParticipantRole
from openaef.cases.reference import normalise_case_reference
from openaef.cases.selectors import CaseFilters, CaseSearch
from openaef.cases.states import CaseStatus
from openaef.core.forms import GovukDateField, GovukFormMixin
from openaef.directory.models import Commune, Office

from .forms import VersionedForm

NEW_PERSON = "new"


class CaseFilterForm(GovukFormMixin, forms.Form):
    status = forms.MultipleChoiceField(
        label=_("Status"),
        choices=CaseStatus.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("With none ticked, the cases still being worked on are shown (every status but closed)."),
    )
    framework = forms.ChoiceField(
        label=_("Framework"), choices=[("", _("Any framework")), *Framework.choices], required=False, widget=forms.RadioSelect
    )
    coordinator = forms.CharField(label=_("Coordinator"), required=False, widget=forms.Select)

    UNASSIGNED = "none"

    def __init__(self, data: Any = None, *, coordinators: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        """``coordinators``: (id, name) pairs (accounts.selectors.coordinator_choices_of); None
        leaves the coordinator filter out (a coordinator's own list)."""
        super().__init__(data, **kwargs)
        if coordinators is None:
            del self.fields["coordinator"]
        else:
            self.coordinator_ids = {str(pk) for pk, _name in coordinators}
            self.fields["coordinator"].widget.choices = [
                ("", _("Any coordinator")),
                (self.UNASSIGNED, _("No coordinator yet")),
                *coordinators,
            ]
        for field in self.fields.values():
            field.conditional = True  # type: ignore[attr-defined]

    def clean_coordinator(self) -> str:
        value = self.cleaned_data.get("coordinator") or ""
        if value and value != self.UNASSIGNED and value not in self.coordinator_ids:
            raise forms.ValidationError(_("Choose a coordinator of this office."))
        return value

    def filters(self) -> CaseFilters:
        """The filters from the fields that are valid; a mistyped field is ignored, not fatal."""
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
        coordinator = data.get("coordinator") or ""
        return CaseFilters(
            statuses=data.get("status") or [],
            framework=data.get("framework") or "",
            unassigned=coordinator == self.UNASSIGNED,
            coordinator_id=int(coordinator) if coordinator.isdigit() else None,
        )

    def is_filtered(self) -> bool:
        filters = self.filters()
        return bool(filters.statuses or filters.framework or filters.unassigned or filters.coordinator_id)


def candidate_label(candidate: Any) -> str:
    person = candidate.person
    born = date_format(person.birth_date, "SHORT_DATE_FORMAT") if person.birth_date else _("date of birth not known")
    return f"{person.full_name} ({born})"


class PersonChoiceMixin(forms.Form):
    """A choice between persons already known (found by the duplicate check) and a new one.

    The field exists only once candidates were found: the first submit searches, the page then
    asks which person is meant, and the second submit decides.
    """

    CHOICE_FIELD = "person_choice"

    def add_person_choice(self, candidates: list[Any], *, label: Any) -> None:
        self.candidates = {str(c.person.pk): c.person for c in candidates}
        field = forms.ChoiceField(
            label=label,
            choices=[*((str(c.person.pk), candidate_label(c)) for c in candidates), (NEW_PERSON, _("No: a new person"))],
            widget=forms.RadioSelect,
            error_messages={"required": _("Choose the person already known, or a new person.")},
        )
        field.choice_hints = {str(c.person.pk): ", ".join(str(r) for r in c.reasons) for c in candidates}  # type: ignore[attr-defined]
        field.widget_kind = "radios"  # type: ignore[attr-defined]
        self.fields[self.CHOICE_FIELD] = field

    def asks_person(self) -> bool:
        return self.CHOICE_FIELD in self.fields

    def hide_unasked_choice_error(self) -> None:
        """On the submit that found the candidates, the question is new: not yet an error."""
        if self.is_bound and self.add_prefix(self.CHOICE_FIELD) not in self.data:
            self.errors.pop(self.CHOICE_FIELD, None)

    def chosen_person(self) -> Any:
        """The existing person chosen, or None for a new one."""
        value = self.cleaned_data.get(self.CHOICE_FIELD)
        return getattr(self, "candidates", {}).get(value) if value and value != NEW_PERSON else None


def _communes() -> list[tuple[Any, str]]:
    return [("", _("Not known"))] + [
        (c.pk, c.name) for c in Commune.objects.filter(pack=settings.OPENAEF_PACK).order_by("name", "pk").only("pk", "name")
    ]


class CaseOpenForm(GovukFormMixin, PersonChoiceMixin):
    child_first_names = forms.CharField(label=_("First names"), max_length=200)
    child_surname = forms.CharField(label=_("Surname"), max_length=150)
    child_birth_date = GovukDateField(
        label=_("Date of birth"),
        help_text=_("For example, 27 3 2015"),
        error_messages={"required": _("Enter the date of birth.")},
    )
    child_commune = forms.TypedChoiceField(label=_("Commune"), coerce=int, empty_value=None, required=False)
    office = forms.TypedChoiceField(label=_("Regional office"), coerce=int, empty_value=None)
    coordinator = forms.TypedChoiceField(
        label=_("Coordinator"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Only a coordinator of the chosen office. Left empty, a coordinator opening the case holds it."),
    )
    framework = forms.ChoiceField(
        label=_("Framework"), choices=Framework.choices, widget=forms.RadioSelect, initial=Framework.VOLUNTARY
    )
    summary = forms.CharField(label=_("Situation"), required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args: Any, offices: list[Office], coordinators: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.offices = {o.pk: o for o in offices}
        self.fields["child_commune"].choices = _communes()
        self.fields["office"].choices = [("", _("Choose an office")), *((o.pk, str(o)) for o in offices)]
        self.fields["coordinator"].choices = [("", _("Not yet")), *coordinators]
        self.fields["office"].error_messages["required"] = _("Choose the regional office.")
        self.fields["child_first_names"].error_messages["required"] = _("Enter the child's first names.")
        self.fields["child_surname"].error_messages["required"] = _("Enter the child's surname.")
        if len(offices) == 1:
            self.fields["office"].initial = offices[0].pk

    def clean_office(self) -> Office | None:
        pk = self.cleaned_data.get("office")
        return self.offices.get(pk) if pk else None

    def clean_coordinator(self) -> User | None:
        pk = self.cleaned_data.get("coordinator")
        return User.objects.filter(pk=pk, is_active=True).first() if pk else None

    def clean_child_commune(self) -> Commune | None:
        pk = self.cleaned_data.get("child_commune")
        return Commune.objects.filter(pk=pk).first() if pk else None


class OpenFromRequestForm(GovukFormMixin, PersonChoiceMixin):
    pass


class CaseEditForm(VersionedForm):
    framework = forms.ChoiceField(label=_("Framework"), choices=Framework.choices, widget=forms.RadioSelect)
    summary = forms.CharField(label=_("Situation"), required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 8}))
    field_order = ["framework", "summary", "version"]


class TransitionForm(VersionedForm):
    reason = forms.CharField(label=_("Why"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, reason_required: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        field.required = reason_required
        field.error_messages["required"] = _("Say why.")


class AssignForm(VersionedForm):
    coordinator = forms.TypedChoiceField(label=_("Coordinator"), coerce=int, empty_value=None)
    field_order = ["coordinator", "version"]

    def __init__(self, *args: Any, coordinators: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.coordinators = {c.pk: c for c in coordinators}
        self.fields["coordinator"].choices = [("", _("Choose a coordinator")), *((c.pk, str(c)) for c in coordinators)]
        self.fields["coordinator"].error_messages["required"] = _("Choose the coordinator.")

    def clean_coordinator(self) -> User | None:
        pk = self.cleaned_data.get("coordinator")
        return self.coordinators.get(pk) if pk else None


PARTICIPANT_ROLES = [(value, label) for value, label in ParticipantRole.choices if value != ParticipantRole.CHILD]
AGREES = [("yes", _("Yes")), ("no", _("No")), ("unknown", _("Not known"))]


class ParticipantAddForm(GovukFormMixin, PersonChoiceMixin):
    first_names = forms.CharField(label=_("First names"), max_length=200)
    surname = forms.CharField(label=_("Surname"), max_length=150)
    birth_date = GovukDateField(label=_("Date of birth"), required=False, help_text=_("For example, 27 3 1985"))
    role = forms.ChoiceField(label=_("Part in the case"), choices=[("", _("Choose")), *PARTICIPANT_ROLES])
    agrees = forms.ChoiceField(
        label=_("Agrees with the help"), choices=AGREES, widget=forms.RadioSelect, initial="unknown", required=False
    )
    notes = forms.CharField(label=_("Notes"), required=False, max_length=300)

    def agrees_value(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data.get("agrees") or "")


class CaseSearchForm(GovukFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=100,
        help_text=_("Of the child or of anyone in the case. Accents and capitals do not matter."),
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    reference = forms.CharField(
        label=_("Case reference"),
        required=False,
        max_length=20,
        help_text=_("For example, DOS-26-K7P4-Q9X"),
        widget=forms.TextInput(
            attrs={"spellcheck": "false", "autocomplete": "off", "class": "govuk-input govuk-input--width-10"}
        ),
    )
    birth_date = GovukDateField(label=_("Date of birth"), required=False, help_text=_("For example, 27 3 2015"))
    # The next page of results: sort values and an id, signed; never a name.
    cursor = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.conditional = True  # type: ignore[attr-defined]

    def clean_reference(self) -> str:
        value = (self.cleaned_data.get("reference") or "").strip()
        if value and normalise_case_reference(value) is None:
            raise forms.ValidationError(_("Enter a case reference like DOS-26-K7P4-Q9X: this one has a typing mistake."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.errors and not (data.get("name", "").strip() or data.get("reference") or data.get("birth_date")):
            self.add_error("name", _("Enter a name, a case reference or a date of birth."))
        return data

    def search(self) -> CaseSearch:
        return CaseSearch(
            name=self.cleaned_data.get("name", ""),
            reference=self.cleaned_data.get("reference", ""),
            birth_date=self.cleaned_data.get("birth_date"),
        )


class EmergencyLookupForm(GovukFormMixin, forms.Form):
    reference = forms.CharField(
        label=_("Case reference"),
        max_length=20,
        help_text=_("For example, DOS-26-K7P4-Q9X"),
        widget=forms.TextInput(
            attrs={"spellcheck": "false", "autocomplete": "off", "class": "govuk-input govuk-input--width-10"}
        ),
        error_messages={"required": _("Enter the reference of the case file.")},
    )
    reason = forms.CharField(
        label=_("Why do you need this case file now?"),
        help_text=_(
            "Your reason is recorded and shown to the data protection officer. Access is read-only and ends after a limited time."
        ),
        min_length=REASON_MIN_LENGTH,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Explain why you need this access."),
            "min_length": _("Explain in at least %(limit_value)d characters why you need this access."),
        },
    )

    def clean_reference(self) -> str:
        normalised = normalise_case_reference(self.cleaned_data.get("reference") or "")
        if normalised is None:
            raise forms.ValidationError(_("Enter a case reference like DOS-26-K7P4-Q9X: this one has a typing mistake."))
        return normalised
