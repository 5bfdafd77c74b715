"""Forms of the intervention project pages (GOV.UK markup through GovukFormMixin).

The repeated rows (goals, planned measures, who does what, participants) are plain formsets
with two empty rows at the end: no JavaScript is needed to add one, save and two more appear.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openaef.cases.documents import ACCEPT_ATTRIBUTE, accepted_formats_text, human_size, max_bytes
from openaef.cases.models import CaseFile
from openaef.core.forms import GovukDateField
from openaef.core.i18n import pick
from openaef.core.packs import get_pack
from openaef.directory.models import MeasureType
from openaef.people.models import Person
from openaef.projects.models import EvaluationDecision, Party, ProjectGoal
from openaef.projects.parameters import ProjectRules
from openaef.projects.signatures import Signer

from .forms_case_journal import ServiceErrorsMixin

EXTRA_ROWS = 2
LANGUAGE_NAMES = {"fr": "Français", "de": "Deutsch", "en": "English", "lb": "Lëtzebuergesch", "pt": "Português"}


def language_choices(case: CaseFile) -> list[tuple[str, str]]:
    return [(code, LANGUAGE_NAMES.get(code, code)) for code in get_pack(case.pack).languages]


class VersionForm(ServiceErrorsMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ProjectCreateForm(ServiceErrorsMixin, forms.Form):
    language = forms.ChoiceField(
        label=_("The family's language"),
        help_text=_("The language of the document the family reads and signs."),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the family's language.")},
    )

    def __init__(self, *args: Any, case: CaseFile, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices(case)


class ProjectEditForm(ServiceErrorsMixin, forms.Form):
    summary = forms.CharField(
        label=_("The situation in a few words"),
        help_text=_("What the family and the coordinator agree the difficulties and strengths are."),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )
    language = forms.ChoiceField(
        label=_("The family's language"),
        help_text=_("The language of the document the family reads and signs."),
        error_messages={"required": _("Choose the family's language.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, case: CaseFile, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices(case)


class RowForm(ServiceErrorsMixin, forms.Form):
    """One repeated row: ``row`` is the id of the row it changes (empty for a new one)."""

    row = forms.IntegerField(widget=forms.HiddenInput, required=False)
    remove = forms.BooleanField(label=_("Remove this row"), required=False)
    # The fields that make a row worth saving (an empty extra row is skipped).
    content_fields: tuple[str, ...] = ()

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any(data.get(name) for name in self.content_fields)

    def row_data(self) -> dict[str, Any] | None:
        """What the service gets for this row, or None when it is removed or left empty."""
        if self.cleaned_data.get("remove") or self.is_blank():
            return None
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("row", "remove")}
        return {"id": self.cleaned_data.get("row"), **data}


class GoalForm(RowForm):
    domain = forms.ChoiceField(label=_("Domain"), required=False)
    goal = forms.CharField(label=_("Goal"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    indicators = forms.CharField(
        label=_("How we will know it is reached"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    target_on = GovukDateField(label=_("Target date"), required=False, help_text=_("For example, 30 9 2026."))
    content_fields = ("goal", "indicators", "target_on")

    def __init__(self, *args: Any, rules: ProjectRules, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["domain"].choices = [("", _("No domain")), *[(d.code, d.label) for d in rules.domains]]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.is_blank() and not data.get("remove") and not (data.get("goal") or "").strip():
            self.add_error("goal", _("Describe the goal, or leave the whole row empty."))
        return data


class MeasureForm(RowForm):
    measure_type = forms.ModelChoiceField(
        label=_("Type of measure"), queryset=MeasureType.objects.none(), required=False, empty_label=_("Choose a measure")
    )
    purpose = forms.CharField(label=_("What it is for"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    intensity = forms.CharField(label=_("How often or how much"), max_length=200, required=False)
    planned_start = GovukDateField(label=_("Planned start"), required=False)
    planned_months = forms.IntegerField(
        label=_("Planned duration (months)"), min_value=1, max_value=120, required=False, widget=forms.NumberInput
    )
    content_fields = ("measure_type", "purpose", "intensity", "planned_start", "planned_months")

    def __init__(self, *args: Any, measure_types: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["measure_type"]
        field.queryset = measure_types
        field.label_from_instance = lambda m: str(pick(m.name))  # type: ignore[attr-defined]
        self.fields["planned_months"].widget.attrs["class"] = "govuk-input govuk-input--width-3"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.is_blank() and not data.get("remove") and data.get("measure_type") is None:
            self.add_error("measure_type", _("Choose the type of measure, or leave the whole row empty."))
        return data


class ActionForm(RowForm):
    party = forms.ChoiceField(label=_("Who"), choices=[("", _("Choose who")), *Party.choices], required=False)
    who = forms.CharField(label=_("Name or service"), max_length=200, required=False)
    action = forms.CharField(label=_("Does what"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    due_on = GovukDateField(label=_("By when"), required=False)
    content_fields = ("party", "who", "action", "due_on")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.is_blank() and not data.get("remove"):
            if not data.get("party"):
                self.add_error("party", _("Choose who does it, or leave the whole row empty."))
            if not (data.get("action") or "").strip():
                self.add_error("action", _("Say what they do, or leave the whole row empty."))
        return data


class ParticipantForm(RowForm):
    person = forms.ModelChoiceField(
        label=_("Person of the case"), queryset=Person.objects.none(), required=False, empty_label=_("Someone else")
    )
    name = forms.CharField(label=_("Or their name"), max_length=200, required=False, help_text=_("For a professional."))
    role = forms.CharField(label=_("Role"), max_length=200, required=False, help_text=_("For example: mother, school teacher."))
    content_fields = ("person", "name", "role")

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        field.queryset = people
        field.label_from_instance = lambda p: p.full_name  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.is_blank() and not data.get("remove") and not data.get("person") and not data.get("name", "").strip():
            self.add_error("name", _("Choose a person of the case or write a name."))
        return data


GoalFormSet = formset_factory(GoalForm, extra=EXTRA_ROWS)
MeasureFormSet = formset_factory(MeasureForm, extra=EXTRA_ROWS)
ActionFormSet = formset_factory(ActionForm, extra=EXTRA_ROWS)
ParticipantFormSet = formset_factory(ParticipantForm, extra=EXTRA_ROWS)


class AssessmentForm(ServiceErrorsMixin, forms.Form):
    assessed_on = GovukDateField(label=_("Date of the assessment"), help_text=_("For example, 27 3 2026."))

    def __init__(self, *args: Any, rules: ProjectRules, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scale = [(str(n), f"{n} – {rules.score_label(n)}") for n in range(rules.score_min, rules.score_max + 1)]
        self.domains = []
        for domain in rules.domains:
            self.fields[domain.code] = forms.TypedChoiceField(
                label=domain.label, choices=scale, coerce=int, empty_value=None, required=False, widget=forms.RadioSelect
            )
            self.fields[f"notes_{domain.code}"] = forms.CharField(
                label=_("Observations"), widget=forms.Textarea(attrs={"rows": 2}), required=False
            )
            self.domains.append((domain.code, f"notes_{domain.code}"))
        self._apply_mixin()

    def _apply_mixin(self) -> None:
        # The domain fields were added after GovukFormMixin set its classes: set them now.
        from openaef.core.forms import widget_kind

        for field in self.fields.values():
            if not hasattr(field, "widget_kind"):
                field.widget.attrs.setdefault("class", self._base_class(field.widget))
                field.widget_kind = widget_kind(field.widget)  # type: ignore[attr-defined]
                field.choice_hints = {}  # type: ignore[attr-defined]

    def clean_assessed_on(self) -> Any:
        day = self.cleaned_data.get("assessed_on")
        if day is not None and day > timezone.localdate():
            raise ValidationError(_("The date must be today or in the past."))
        return day

    def domain_fields(self) -> list[tuple[Any, Any]]:
        return [(self[code], self[notes]) for code, notes in self.domains]


class TransitionForm(ServiceErrorsMixin, forms.Form):
    reason = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    starts_on = GovukDateField(label=_("The project starts on"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, with_reason: bool, with_start: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_reason:
            del self.fields["reason"]
        else:
            self.fields["reason"].required = True
            self.fields["reason"].error_messages["required"] = _("Say why.")
        if not with_start:
            del self.fields["starts_on"]
        else:
            self.fields["starts_on"].required = True


PROGRESS_CHOICES = [
    ("reached", _("Reached")),
    ("partly", _("Partly reached")),
    ("not_reached", _("Not reached")),
]


class EvaluationForm(ServiceErrorsMixin, forms.Form):
    held_on = GovukDateField(label=_("Date of the evaluation"), help_text=_("For example, 27 3 2026."))
    findings = forms.CharField(
        label=_("What changed"),
        help_text=_("Since the project started or since the last evaluation."),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Write what changed since the project started or since the last evaluation.")},
    )
    decision = forms.ChoiceField(
        label=_("What happens next"),
        choices=EvaluationDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what happens next.")},
    )
    reason = forms.CharField(
        label=_("Why"),
        help_text=_("For a revision or a closure. The findings are used when you leave it empty."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, goals: list[ProjectGoal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.goal_names = []
        for goal in goals:
            name = f"goal_{goal.pk}"
            self.fields[name] = forms.ChoiceField(
                label=goal.goal, choices=PROGRESS_CHOICES, widget=forms.RadioSelect, required=False
            )
            self.fields[name].widget.attrs["class"] = "govuk-radios__input"
            self.fields[name].widget_kind = "radios"  # type: ignore[attr-defined]
            self.fields[name].choice_hints = {}  # type: ignore[attr-defined]
            self.goal_names.append(name)

    def goal_fields(self) -> list[Any]:
        return [self[name] for name in self.goal_names]

    def progress(self) -> dict[str, str]:
        return {name.removeprefix("goal_"): self.cleaned_data.get(name) or "" for name in self.goal_names}


class SignatureForm(ServiceErrorsMixin, forms.Form):
    signer = forms.TypedChoiceField(
        label=_("Who signs"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who signs.")},
    )
    allow_younger = forms.BooleanField(
        label=_("The child is capable of discernment and signs too"),
        required=False,
        help_text=_("Only for a child younger than the age at which children sign."),
    )
    signed_on = GovukDateField(label=_("Date of the signature"))
    drawing = forms.CharField(widget=forms.HiddenInput, required=False, max_length=60_000)
    file = forms.FileField(
        label=_("Or upload the signed paper"),
        widget=forms.FileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
        required=False,
        error_messages={"empty": _("The selected file is empty.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, signers: list[Signer], signed: set[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices, hints = [], {}
        for signer in signers:
            if signer.person.pk in signed:
                continue
            choices.append((signer.person.pk, f"{signer.person.full_name} – {signer.label}"))
            if signer.required:
                hints[signer.person.pk] = _("Must sign")
        self.fields["signer"].choices = choices
        self.fields["signer"].choice_hints = hints  # type: ignore[attr-defined]
        file_field = self.fields["file"]
        file_field.help_text = _("A scan or photo of the printed project, signed. %(formats)s, smaller than %(size)s.") % {
            "formats": accepted_formats_text(),
            "size": human_size(max_bytes()),
        }
        file_field.widget.attrs["aria-describedby"] = f"{self['file'].auto_id}-hint"
        file_field.widget.attrs["class"] = "govuk-file-upload"
