"""The reviewer's forms for an export of a person's file: one decision per item, the release and
the discard (see rights.services_export)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from openaef.core.forms import GovukFormMixin
from openaef.rights.models import ExportItem, ItemDecision, WithholdReason

DECISIONS = [(d.value, d.label) for d in ItemDecision if d != ItemDecision.PENDING]


class ItemDecisionForm(GovukFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("What to do with this item"),
        choices=DECISIONS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what to do with this item.")},
    )
    released_text = forms.CharField(
        label=_("Text to release"),
        help_text=_("Used when you redact: the names found are already replaced. Edit it as needed."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    reason_category = forms.ChoiceField(
        label=_("Why withhold it"),
        help_text=_("Only when you withhold the item. The copy shows this reason, not the item."),
        choices=WithholdReason.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Explanation for the record"),
        help_text=_("Not shown in the copy. Needed when the reason is another one."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    @classmethod
    def for_item(cls, item: ExportItem, version: int, data: Any = None) -> ItemDecisionForm:
        initial = {
            "decision": "" if item.decision == ItemDecision.PENDING else item.decision,
            "released_text": item.released_text or item.original_text,
            "reason_category": item.reason_category,
            "reason": item.reason,
            "version": version,
        }
        return cls(data, initial=initial, prefix=f"item{item.pk}")


class ExportVersionForm(GovukFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ExportDiscardForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why is the export discarded?"),
        help_text=_("For example: the file was completed since, or it is the wrong person."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the export is discarded.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
