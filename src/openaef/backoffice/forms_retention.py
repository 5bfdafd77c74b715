"""The confirmation before a real retention run, and the filter of a run's report."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from openaef.rights.retention_rules import KINDS

from .forms_case_journal import ServiceErrorsMixin


class RunConfirmForm(ServiceErrorsMixin, forms.Form):
    confirm = forms.BooleanField(
        label=_("I have checked the preview: archive and anonymise these records now"),
        help_text=_("Archived case files leave the active base. Anonymised details cannot be brought back."),
        error_messages={"required": _("Confirm that you have checked the preview.")},
    )


class ActionFilterForm(ServiceErrorsMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of record"),
        required=False,
        choices=[("", _("All kinds")), *((code, label) for code, (label, _then) in KINDS.items())],
    )
