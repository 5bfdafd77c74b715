"""Forms of the consent, everyday-act and complaint pages, and of the list of placed children
(GOV.UK markup through GovukFormMixin; the services check the rules again)."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from openaef.consents.models import ActKind, AnswerMethod, EverydayActKind
from openaef.consents.states import Answer, CourtRuling
from openaef.core.forms import GovukDateField

from .forms_case_journal import ServiceErrorsMixin

EXAMPLE = _("For example, 27 3 2026.")


class VersionForm(ServiceErrorsMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def _placement_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Placement"), required=False, help_text=_("Leave empty when it concerns no placement in particular.")
    )


def _set_choices(form: forms.Form, name: str, choices: list[tuple[Any, Any]]) -> None:
    cast(forms.ChoiceField, form.fields[name]).choices = choices


class ConsentRequestForm(VersionForm):
    act_kind = forms.ChoiceField(
        label=_("Act the parents are asked to agree to"),
        widget=forms.RadioSelect,
        choices=ActKind.choices,
        error_messages={"required": _("Choose the act the parents are asked to agree to.")},
    )
    description = forms.CharField(
        label=_("What is proposed"),
        help_text=_("What, when, by whom, and why it cannot wait or be decided otherwise."),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        error_messages={"required": _("Describe what is proposed.")},
    )
    asked_of = forms.MultipleChoiceField(
        label=_("Parents asked"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The parents and legal representatives in the case. Each must agree; one refusal refuses."),
        error_messages={"required": _("Choose the parents who are asked.")},
    )
    asked_on = GovukDateField(label=_("Date the parents were asked"), help_text=EXAMPLE)
    deadline_on = GovukDateField(
        label=_("Answer expected by"),
        help_text=_("No time limit is set for this answer: enter the date agreed. For example, 27 3 2026."),
        error_messages={"required": _("Enter the date by which the parents should answer.")},
    )
    placement = _placement_field()

    def __init__(
        self, *args: Any, parents: list[tuple[str, str]], placements: list[tuple[str, str]], typed_deadline: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["asked_on"].error_messages["required"] = _("Enter the date the parents were asked.")
        _set_choices(self, "asked_of", parents)
        _set_choices(self, "placement", [("", _("No particular placement")), *placements])
        if not typed_deadline:
            # The pack's rule computes the deadline: nothing to type.
            del self.fields["deadline_on"]


class AnswerForm(VersionForm):
    person = forms.ChoiceField(
        label=_("Parent"), widget=forms.RadioSelect, error_messages={"required": _("Choose one of the parents who were asked.")}
    )
    answer = forms.ChoiceField(
        label=_("Answer"),
        widget=forms.RadioSelect,
        choices=Answer.choices,
        error_messages={"required": _("Choose whether the parent agrees or refuses.")},
    )
    on = GovukDateField(
        label=_("Date of the answer"), help_text=EXAMPLE, error_messages={"required": _("Enter the date of the answer.")}
    )
    how = forms.ChoiceField(
        label=_("How the parent answered"),
        widget=forms.RadioSelect,
        choices=AnswerMethod.choices,
        error_messages={"required": _("Choose how the parent answered.")},
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False)

    def __init__(self, *args: Any, parents: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "person", parents)


class ReasonForm(VersionForm):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Give the reason.")},
    )


class ReferForm(VersionForm):
    referred_on = GovukDateField(
        label=_("Date the court was asked"),
        help_text=EXAMPLE,
        error_messages={"required": _("Enter the date the court was asked.")},
    )


class CourtDecisionForm(VersionForm):
    ruling = forms.ChoiceField(
        label=_("What the court ruled"),
        widget=forms.RadioSelect,
        choices=CourtRuling.choices,
        help_text=_("The court decides in the parents' place: the act may go ahead only if it allowed it."),
        error_messages={"required": _("Choose whether the court allowed the act or refused it.")},
    )
    decision = forms.ChoiceField(label=_("Court decision recorded in the case"), required=False)
    court_reference = forms.CharField(
        label=_("Court's reference"),
        help_text=_("Needed when the decision is not recorded in the case."),
        max_length=60,
        required=False,
    )
    decided_on = GovukDateField(
        label=_("Date of the decision"),
        help_text=_("Leave empty to use the recorded decision's date. For example, 27 3 2026."),
        required=False,
    )

    def __init__(self, *args: Any, decisions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "decision", [("", _("Not recorded in the case")), *decisions])


class EverydayActForm(VersionForm):
    on = GovukDateField(label=_("Date"), help_text=EXAMPLE, error_messages={"required": _("Enter the date of the act.")})
    kind = forms.ChoiceField(
        label=_("Kind of act"),
        widget=forms.RadioSelect,
        choices=EverydayActKind.choices,
        error_messages={"required": _("Choose the kind of act.")},
    )
    what = forms.CharField(
        label=_("What was done"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        error_messages={"required": _("Say what was done.")},
    )
    decided_by = forms.CharField(
        label=_("Decided by"),
        help_text=_("The institution or the foster family, as they reported it."),
        max_length=200,
        error_messages={"required": _("Say who decided it: the institution or the foster family.")},
    )
    placement = _placement_field()

    def __init__(self, *args: Any, placements: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "placement", [("", _("No particular placement")), *placements])


class ComplaintForm(VersionForm):
    received_on = GovukDateField(
        label=_("Date received"), help_text=EXAMPLE, error_messages={"required": _("Enter the date the complaint was received.")}
    )
    from_person = forms.ChoiceField(
        label=_("Who the complaint is from"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who the complaint is from, among the people of the case.")},
    )
    about = forms.CharField(
        label=_("What it is about"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        error_messages={"required": _("Say what the complaint is about.")},
    )
    placement = _placement_field()

    def __init__(self, *args: Any, people: list[tuple[str, str]], placements: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "from_person", people)
        _set_choices(self, "placement", [("", _("No particular placement")), *placements])


class AssignForm(VersionForm):
    assignee = forms.ChoiceField(
        label=_("Coordinator"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a coordinator of the case's office.")},
    )
    answer_due_on = GovukDateField(
        label=_("Answer due by"),
        help_text=_("No time limit is set for answering a complaint: enter the date. For example, 27 3 2026."),
        error_messages={"required": _("Enter the date the answer is due.")},
    )

    def __init__(self, *args: Any, coordinators: list[tuple[int, str]], typed_deadline: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "assignee", [(str(pk), name) for pk, name in coordinators])
        if not typed_deadline:
            del self.fields["answer_due_on"]


class ComplaintAnswerForm(VersionForm):
    answer = forms.CharField(
        label=_("Answer given"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        error_messages={"required": _("Write the answer given.")},
    )
    answered_on = GovukDateField(
        label=_("Date of the answer"), help_text=EXAMPLE, error_messages={"required": _("Enter the date of the answer.")}
    )


class PlacedListForm(ServiceErrorsMixin, forms.Form):
    on = forms.TypedChoiceField(
        label=_("Reference date"),
        coerce=dt.date.fromisoformat,
        error_messages={"invalid_choice": _("Choose 1 April or 1 October of a recent year.")},
    )

    def __init__(self, *args: Any, days: list[dt.date], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "on", [(d.isoformat(), formats.date_format(d, "DATE_FORMAT")) for d in days])
