"""The notification settings form: which kinds also come by e-mail (GOV.UK checkboxes)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from openaef.core.forms import GovukFormMixin
from openaef.notifications.models import NotificationKind


class NotificationSettingsForm(GovukFormMixin, forms.Form):
    by_email = forms.MultipleChoiceField(
        label=_("Also send me an e-mail"),
        help_text=_(
            "Every notification shows in your list here. Tick those you also want by e-mail. "
            "The e-mail says only that something needs your attention and links here."
        ),
        choices=NotificationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def choices_by_email(self) -> dict[str, bool]:
        """Every kind with the user's choice: unticked ones are turned off."""
        chosen: set[Any] = set(self.cleaned_data.get("by_email") or [])
        return {kind: kind in chosen for kind in NotificationKind.values}
