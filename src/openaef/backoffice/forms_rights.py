"""Staff forms for file-access requests: a request received on paper, the identity check and the
other steps of the request's state table (rights/states.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openaef.core.forms import GovukDateField, GovukFormMixin
from openaef.portal.forms_rights import FileAccessRequestForm
from openaef.rights.models import AccessChannel, Applicant, IdentityDocument
from openaef.rights.states import AccessStatus

STAFF_CHANNELS = [(c.value, c.label) for c in AccessChannel if c != AccessChannel.WEB]


class FileAccessRecordForm(FileAccessRequestForm):
    """The public form's questions, asked of a letter or at the desk, with how and when it came."""

    channel = forms.ChoiceField(
        label=_("How did the request arrive?"),
        choices=STAFF_CHANNELS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how the request arrived.")},
    )
    received_on = GovukDateField(
        label=_("Date received"),
        help_text=_("The one-month deadline counts from this day."),
        error_messages={"required": _("Enter the date the request was received.")},
    )
    language = forms.ChoiceField(
        label=_("Language to write to the person in"),
        help_text=_("The invitation and the copy of the file are made in it."),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the language to write to the person in.")},
    )

    STAFF_LABELS = {
        "applicant": _("Whose file does the person want to see?"),
        "child_name": _("The child's full name"),
        "surname_at_birth": _("The applicant's surname at birth"),
        "first_names": _("The applicant's first names"),
        "place_of_birth": _("The applicant's place of birth"),
        "birth_date": _("The applicant's date of birth"),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in self.STAFF_LABELS.items():
            self.fields[name].label = label
        self.fields["applicant"].choices = Applicant.choices  # type: ignore[attr-defined]

    def clean_received_on(self) -> date:
        received: date = self.cleaned_data["received_on"]
        if received > timezone.localdate():
            raise forms.ValidationError(_("The date received cannot be in the future."))
        return received


class IdentityCheckForm(GovukFormMixin, forms.Form):
    identity_document = forms.ChoiceField(
        label=_("Which document did you check?"),
        choices=IdentityDocument.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the document you checked.")},
    )
    identity_document_last4 = forms.CharField(
        label=_("Last 4 letters or numbers of the document's number"),
        help_text=_("Only the last 4: the full number is not kept."),
        max_length=4,
        error_messages={"required": _("Enter the last 4 letters or numbers of the document's number.")},
    )
    discernment_note = forms.CharField(
        label=_("Why is the child judged capable of discernment?"),
        help_text=_(
            "AEF law art. 7: a child may consult their own file when capable of discernment. Say what you based this on."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, child: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["identity_document_last4"].widget.attrs["class"] += " govuk-input--width-4"
        self.fields["identity_document_last4"].widget.attrs["autocomplete"] = "off"
        if child:
            self.fields["discernment_note"].required = True
            self.fields["discernment_note"].error_messages["required"] = _("Say why the child is judged capable of discernment.")
        else:
            del self.fields["discernment_note"]


class AccessTransitionForm(GovukFormMixin, forms.Form):
    target = forms.ChoiceField(
        label=_("What happened?"), widget=forms.RadioSelect, error_messages={"required": _("Select what happened.")}
    )
    reason = forms.CharField(
        label=_("Why?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed to refuse a request or record that it was withdrawn."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, targets: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [(t, AccessStatus(t).label) for t in targets]  # type: ignore[attr-defined]
        self.fields["reason"].conditional = True  # type: ignore[attr-defined]


class AccessFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All"))] + list(AccessStatus.choices))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].widget.attrs["class"] = "govuk-select"


class PersonSearchForm(GovukFormMixin, forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=200, help_text=_("Surname, surname at birth or first names."))
    birth_date = GovukDateField(label=_("Date of birth"), required=False, help_text=_("For example, 27 3 2012"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not (cleaned.get("q") or "").strip() and not cleaned.get("birth_date") and not self.errors:
            raise forms.ValidationError(_("Enter a name or a date of birth."))
        return cleaned


class PersonLinkForm(forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)


class AppointmentForm(GovukFormMixin, forms.Form):
    office = forms.ChoiceField(
        label=_("Regional office"), widget=forms.RadioSelect, error_messages={"required": _("Choose the office.")}
    )
    date = GovukDateField(
        label=_("Date"),
        help_text=_("A working day, for example 14 10 2026"),
        error_messages={"required": _("Enter the date of the appointment.")},
    )
    start_time = forms.TimeField(
        label=_("Start time"),
        help_text=_("For example, 14:30"),
        widget=forms.TimeInput(format="%H:%M"),
        error_messages={"required": _("Enter the start time."), "invalid": _("Enter a time like 14:30.")},
    )
    duration = forms.IntegerField(
        label=_("Duration in minutes"),
        min_value=15,
        max_value=240,
        initial=60,
        error_messages={
            "required": _("Enter the duration in minutes."),
            "invalid": _("Enter the duration as a number of minutes."),
            "min_value": _("Enter a duration between 15 and 240 minutes."),
            "max_value": _("Enter a duration between 15 and 240 minutes."),
        },
    )
    professional = forms.ChoiceField(
        label=_("Professional present"),
        help_text=_("A data protection officer, or a member of the chosen office's staff."),
        error_messages={"required": _("Choose who will be present.")},
    )
    confirm_after_due = forms.BooleanField(
        label=_("The person agreed to a day after the answer is due"),
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, offices: list[Any], professionals: list[tuple[Any, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].choices = [(str(o.pk), str(o)) for o in offices]  # type: ignore[attr-defined]
        self.fields["professional"].choices = [("", _("Choose"))] + [  # type: ignore[attr-defined]
            (str(u.pk), f"{u.full_name or u.email} ({code})" if code else f"{u.full_name or u.email}")
            for u, code in professionals
        ]
        self.fields["start_time"].widget.attrs["class"] += " govuk-input--width-5"
        self.fields["duration"].widget.attrs["class"] += " govuk-input--width-4"


class AppointmentCancelForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why is the appointment cancelled?"),
        help_text=_("The person is told the appointment is cancelled, with this reason."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the appointment is cancelled.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class VersionOnlyForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ConsultationForm(GovukFormMixin, forms.Form):
    appointment = forms.ChoiceField(label=_("Appointment"), widget=forms.RadioSelect, required=False)
    held_on = GovukDateField(label=_("Date of the consultation"), error_messages={"required": _("Enter the date.")})
    held_time = forms.TimeField(
        label=_("Time"),
        help_text=_("For example, 14:30"),
        widget=forms.TimeInput(format="%H:%M"),
        error_messages={"required": _("Enter the time."), "invalid": _("Enter a time like 14:30.")},
    )
    attendees = forms.CharField(
        label=_("Who came?"),
        help_text=_("Names and who they are (the person, a parent, a lawyer...)."),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say who came.")},
    )
    identity_document = forms.ChoiceField(
        label=_("Which identity document did you check?"),
        choices=IdentityDocument.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the document you checked.")},
    )
    identity_document_last4 = forms.CharField(
        label=_("Last 4 letters or numbers of the document's number"),
        help_text=_("Only the last 4: the full number is not kept."),
        max_length=4,
        error_messages={"required": _("Enter the last 4 letters or numbers of the document's number.")},
    )
    shown = forms.CharField(
        label=_("What was shown?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say what was shown.")},
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    export = forms.ChoiceField(label=_("Copy handed over"), widget=forms.RadioSelect, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, appointments: list[Any], exports: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["appointment"].choices = [("", _("None: the person came without an appointment"))] + [  # type: ignore[attr-defined]
            (str(a.pk), f"{timezone.localtime(a.starts_at):%d/%m/%Y %H:%M}, {a.office}") for a in appointments
        ]
        self.fields["export"].choices = [("", _("None"))] + [  # type: ignore[attr-defined]
            (str(e.pk), _("Export released on %(day)s") % {"day": f"{timezone.localtime(e.released_at):%d/%m/%Y}"})
            for e in exports
        ]
        self.fields["held_time"].widget.attrs["class"] += " govuk-input--width-5"
        self.fields["identity_document_last4"].widget.attrs["class"] += " govuk-input--width-4"
        self.fields["identity_document_last4"].widget.attrs["autocomplete"] = "off"
