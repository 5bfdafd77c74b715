"""Staff forms for file-access requests: a request received on paper, the identity check and the
other steps of the request's state table (rights/states.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
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
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["identity_document_last4"].widget.attrs["class"] += " govuk-input--width-4"
        self.fields["identity_document_last4"].widget.attrs["autocomplete"] = "off"


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
