"""Forms of a case's journal: notes, documents, deadlines and tasks (GOV.UK markup)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openaef.cases import deadlines
from openaef.cases.documents import ACCEPT_ATTRIBUTE, accepted_formats_text, human_size, max_bytes
from openaef.cases.models import CaseTask, Confidentiality, DocumentType, NoteKind, TaskKind
from openaef.cases.services_journal import DEFAULT_REMIND_DAYS, MAX_REMIND_DAYS, parse_stored_rule, task_dates
from openaef.core.forms import ERROR_CLASSES, GovukDateField, GovukDateWidget, GovukFormMixin, widget_kind


class ServiceErrorsMixin(GovukFormMixin):
    """Marks a field in error (class, aria-describedby) also when the error comes from a service
    after the form was cleaned, as the content check of an uploaded file does."""

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)  # type: ignore[misc]
        if hasattr(self, "cleaned_data"):
            self.mark_errors()

    def mark_errors(self) -> None:
        for name in self.errors:
            if name not in self.fields:
                continue
            widget = self.fields[name].widget
            kind = widget_kind(widget)
            if kind in ("radios", "checkboxes") or isinstance(widget, GovukDateWidget):
                continue
            error_id = f"{self[name].auto_id}-error"  # type: ignore[index]
            described = widget.attrs.get("aria-describedby", "").split()
            if error_id not in described:
                widget.attrs["aria-describedby"] = " ".join([*described, error_id])
            error_class = self.error_class_for(widget)
            classes = widget.attrs.get("class", "").split()
            if error_class and error_class not in classes:
                widget.attrs["class"] = " ".join([*classes, error_class])

    @staticmethod
    def error_class_for(widget: forms.Widget) -> str:
        if isinstance(widget, forms.FileInput):
            return "govuk-file-upload--error"
        if widget_kind(widget) not in ("input", "textarea", "select"):
            return ""
        return next((cls for kind, cls in ERROR_CLASSES.items() if isinstance(widget, kind)), "govuk-input--error")


class NoteForm(ServiceErrorsMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Type of note"),
        choices=NoteKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the type of note.")},
    )
    occurred_on = GovukDateField(
        label=_("Date"), help_text=_("When the visit, call, meeting or observation took place. For example, 27 3 2026.")
    )
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    text = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 8}), error_messages={"required": _("Enter the note.")}
    )
    confidentiality = forms.ChoiceField(
        label=_("Who may read it"),
        choices=Confidentiality.choices,
        initial=Confidentiality.NORMAL,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who may read it.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_occurred_on(self) -> dt.date | None:
        day = self.cleaned_data.get("occurred_on")
        if day is not None and day > timezone.localdate():
            raise ValidationError(_("The date must be today or in the past."))
        return day


class DocumentForm(ServiceErrorsMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, error_messages={"required": _("Enter a title.")})
    document_type = forms.ChoiceField(
        label=_("Type of document"),
        choices=[("", _("Choose a type")), *DocumentType.choices],
        error_messages={"required": _("Choose the type of document.")},
    )
    file = forms.FileField(
        label=_("File"),
        widget=forms.FileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
        error_messages={"required": _("Select a file."), "empty": _("The selected file is empty.")},
    )
    confidentiality = forms.ChoiceField(
        label=_("Who may read it"),
        choices=Confidentiality.choices,
        initial=Confidentiality.NORMAL,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who may read it.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("%(formats)s, smaller than %(size)s.") % {
            "formats": accepted_formats_text(),
            "size": human_size(max_bytes()),
        }
        self.fields["file"].widget.attrs["aria-describedby"] = f"{self['file'].auto_id}-hint"
        self.fields["file"].widget.attrs["class"] = "govuk-file-upload"

    def full_clean(self) -> None:
        super().full_clean()
        if "file" in self.errors:
            # GovukFormMixin gave the file input a text box's error class: a file input has its own.
            widget = self.fields["file"].widget
            widget.attrs["class"] = "govuk-file-upload govuk-file-upload--error"


# The service names the rule; the form asks for it as a count and a unit.
RULE_FIELDS = {"rule": "rule_unit"}


class TaskForm(ServiceErrorsMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Deadline or task"),
        choices=TaskKind.choices,
        initial=TaskKind.TASK,
        widget=forms.RadioSelect,
        help_text=_("A deadline's date is always computed from a rule."),
        error_messages={"required": _("Choose a deadline or a task.")},
    )
    title = forms.CharField(
        label=_("What has to be done"), max_length=200, error_messages={"required": _("Say what has to be done.")}
    )
    details = forms.CharField(label=_("Details"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    due_on = GovukDateField(
        label=_("Due date"), required=False, help_text=_("For a task only. Leave it empty to compute the date from a rule below.")
    )
    rule_count = forms.IntegerField(
        label=_("Count"),
        required=False,
        min_value=1,
        max_value=max(deadlines.MAX_COUNT.values()),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input govuk-input--width-4"}),
        help_text=_("How many working days, calendar days or months after the start date."),
        error_messages={"invalid": _("Enter a whole number."), "min_value": _("Enter a number of 1 or more.")},
    )
    rule_unit = forms.ChoiceField(label=_("Counted in"), required=False, choices=[("", _("Choose")), *deadlines.UNITS.items()])
    start = GovukDateField(
        label=_("Counted from"),
        required=False,
        help_text=_("The day the deadline starts running, for example the day a letter was received. It is not counted."),
    )
    assigned_to = forms.TypedChoiceField(label=_("Assigned to"), coerce=int, choices=())
    remind_days_before = forms.IntegerField(
        label=_("Reminder"),
        required=False,
        min_value=0,
        max_value=MAX_REMIND_DAYS,
        initial=DEFAULT_REMIND_DAYS,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input govuk-input--width-3"}),
        help_text=_("Working days before the due date when an e-mail reminder is sent. Leave it empty for no reminder."),
        error_messages={"invalid": _("Enter a whole number.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, assignees: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.assignees = {user.pk: user for user in assignees}
        self.fields["assigned_to"].choices = [(user.pk, str(user)) for user in assignees]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        count, unit = data.get("rule_count"), data.get("rule_unit")
        if count and not unit:
            self.add_error("rule_unit", _("Choose whether the count is in working days, calendar days or months."))
        if unit and not count and "rule_count" not in self.errors:
            self.add_error("rule_count", _("Enter how many."))
        data["rule"] = f"{unit}:{count}" if count and unit else None
        data["assignee"] = self.assignees.get(data.get("assigned_to") or 0)
        if data.get("kind") and not {"rule_count", "rule_unit", "due_on", "start", "remind_days_before"} & set(self.errors):
            # The service checks the same again; checking here shows every problem at once.
            try:
                task_dates(
                    kind=data["kind"],
                    due_on=data.get("due_on"),
                    rule=data["rule"],
                    start=data.get("start"),
                    remind_days_before=data.get("remind_days_before"),
                )
            except ValidationError as error:
                for field, texts in error.message_dict.items():
                    self.add_error(RULE_FIELDS.get(field, field), texts)
        return data


def task_initial(task: CaseTask) -> dict[str, Any]:
    """The edit form's values: the rule and start date are read back from the stored rule."""
    initial: dict[str, Any] = {
        "kind": task.kind,
        "title": task.title,
        "details": task.details,
        "assigned_to": task.assigned_to_id,
        "version": task.version,
        "remind_days_before": _days_before(task.due_on, task.remind_on),
    }
    stored = parse_stored_rule(task.rule)
    if stored is None:
        initial["due_on"] = task.due_on
    else:
        rule, start = stored
        initial.update({"rule_count": rule.count, "rule_unit": rule.unit, "start": start})
    return initial


def _days_before(due_on: dt.date, remind_on: dt.date | None) -> int | None:
    if remind_on is None:
        return None
    count, day = 0, remind_on
    while day < due_on:
        day += dt.timedelta(days=1)
        if deadlines.is_business_day(day):
            count += 1
    return count


class DoneForm(forms.Form):
    """The done / not done buttons: the version the person saw, and where to go back to."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    back = forms.ChoiceField(choices=[("case", "case"), ("overdue", "overdue"), ("journal", "journal")], required=False)


class JournalFilterForm(GovukFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Type of note"), required=False, choices=[("", _("All types")), *NoteKind.choices])
