"""Back-office forms: they parse and validate what staff type; the services decide."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openaef.accounts.models import Membership, Role, User
from openaef.core.forms import GovukDateField, GovukFormMixin
from openaef.directory.models import Office, OfficeKind
from openaef.intake.forms import HelpRequestForm
from openaef.intake.models import AgeBand, Channel, Priority
from openaef.intake.selectors import INBOX_SORTS, InboxFilters
from openaef.intake.states import RequestStatus


class EmailAuthenticationForm(GovukFormMixin, AuthenticationForm):
    # django-axes reads the field named "username" (AXES_USERNAME_FORM_FIELD): the name stays,
    # what is typed is the e-mail address (the user model's USERNAME_FIELD).
    username = forms.CharField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _("Enter a correct e-mail address and password."),
        "inactive": _("This account is inactive."),
    }

    def clean_username(self) -> str:
        # Accounts are stored with lower-case addresses (UserManager.create_user).
        return self.cleaned_data["username"].strip().lower()

    def get_invalid_login_error(self) -> forms.ValidationError:
        return forms.ValidationError(self.error_messages["invalid_login"], code="invalid_login")

    def error_summary(self) -> list[tuple[str, str]]:
        # A wrong e-mail or password is a form-wide error: the summary still links to a field.
        return [(anchor or f"#{self['username'].auto_id}", message) for anchor, message in super().error_summary()]


def regional_offices() -> list[Office]:
    return list(Office.objects.filter(pack=settings.OPENAEF_PACK, kind=OfficeKind.REGIONAL).order_by("locality", "code"))


class InboxFilterForm(GovukFormMixin, forms.Form):
    status = forms.MultipleChoiceField(
        label=_("Status"), choices=RequestStatus.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    priority = forms.TypedMultipleChoiceField(
        label=_("Priority"), choices=Priority.choices, coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    channel = forms.MultipleChoiceField(
        label=_("Channel"), choices=Channel.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    office = forms.TypedChoiceField(label=_("Regional office"), coerce=int, required=False, empty_value=None)
    age = forms.ChoiceField(
        label=_("Age of the child"),
        choices=[("", _("Any age")), *AgeBand.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    received_from = GovukDateField(label=_("Received on or after"), required=False, help_text=_("For example, 27 3 2026"))
    received_to = GovukDateField(label=_("Received on or before"), required=False)
    q = forms.CharField(
        label=_("Name or reference"), required=False, max_length=100, widget=forms.TextInput(attrs={"spellcheck": "false"})
    )
    sort = forms.ChoiceField(choices=[(key, key) for key in INBOX_SORTS], required=False, widget=forms.HiddenInput)

    DATE_FIELDS = ("received_from", "received_to")

    def __init__(self, data: Any = None, *, offices: list[Office], **kwargs: Any) -> None:
        if data is not None:
            # A filter left out of the query string is empty, not an invalid date.
            data = data.copy()
            for name in self.DATE_FIELDS:
                for part in ("day", "month", "year"):
                    data.setdefault(f"{name}_{part}", "")
        super().__init__(data, **kwargs)
        self.fields["office"].choices = [("", _("Any office")), *((o.pk, str(o)) for o in offices)]
        for field in self.fields.values():
            # Every filter is optional: saying so on each label would only be noise.
            field.conditional = True  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("received_from"), cleaned.get("received_to")
        if start and end and start > end:
            self.add_error("received_to", _("The end date must be on or after the start date."))
        return cleaned

    def filters(self) -> InboxFilters:
        """The filters from the fields that are valid; a mistyped field is ignored, not fatal."""
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
        return InboxFilters(
            statuses=data.get("status") or [],
            priorities=data.get("priority") or [],
            channels=data.get("channel") or [],
            office_id=data.get("office"),
            age_band=data.get("age") or None,
            received_from=data.get("received_from"),
            received_to=data.get("received_to"),
            query=(data.get("q") or "").strip(),
        )

    def chosen_sort(self) -> str:
        return (self.cleaned_data.get("sort") if "sort" not in self.errors else "") or "newest"


class VersionedForm(GovukFormMixin, forms.Form):
    # The version the page was rendered with: the service refuses the change if it moved on.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class TriageForm(VersionedForm):
    """One form per target state; the fields the transition needs are added by the view."""

    reason = forms.CharField(label=_("Why"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class ReasonRequiredTriageForm(TriageForm):
    reason = forms.CharField(label=_("Why"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class ReferForm(ReasonRequiredTriageForm):
    referred_to = forms.CharField(
        label=_("Referred to"),
        help_text=_("The service, organisation or authority the family was directed to."),
        max_length=300,
    )
    field_order = ["referred_to", "reason", "version"]


def coordinator_choices(offices: list[Office]) -> list[tuple[str, list[tuple[int, str]]]]:
    """Every active coordinator, grouped by regional office (optgroups), for pages without JavaScript."""
    by_office: dict[int, list[tuple[int, str]]] = {o.pk: [] for o in offices}
    memberships = (
        Membership.objects.filter(role=Role.COORDINATOR, office__in=offices, user__is_active=True)
        .select_related("user")
        .order_by("user__full_name", "user_id")
    )
    for membership in memberships:
        by_office[membership.office_id].append((membership.user_id, str(membership.user)))  # type: ignore[index]
    return [(str(o), by_office[o.pk]) for o in offices if by_office[o.pk]]


class AcceptForm(TriageForm):
    office = forms.TypedChoiceField(label=_("Regional office"), coerce=int, empty_value=None)
    coordinator = forms.TypedChoiceField(
        label=_("Coordinator"),
        coerce=int,
        empty_value=None,
        help_text=_("Only a coordinator of the chosen office can be assigned."),
    )
    field_order = ["office", "coordinator", "reason", "version"]

    def __init__(self, *args: Any, offices: list[Office], coordinators: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.offices = {o.pk: o for o in offices}
        self.fields["office"].choices = [("", _("Choose an office")), *((o.pk, str(o)) for o in offices)]
        self.fields["coordinator"].choices = [("", _("Choose a coordinator")), *coordinators]
        self.fields["reason"].label = _("Note")
        self.fields["office"].error_messages["required"] = _("Choose the regional office.")
        self.fields["coordinator"].error_messages["required"] = _("Choose the coordinator.")
        # With JavaScript, choosing an office narrows the coordinators to that office's (htmx).
        self.fields["office"].widget.attrs.update(
            {
                "hx-get": reverse("backoffice:coordinator_options"),
                "hx-target": f"#{self['coordinator'].auto_id}",
                "hx-trigger": "change",
                "hx-swap": "innerHTML",
            }
        )

    def clean_office(self) -> Office | None:
        pk = self.cleaned_data.get("office")
        return self.offices.get(pk) if pk else None

    def clean_coordinator(self) -> User | None:
        pk = self.cleaned_data.get("coordinator")
        return User.objects.filter(pk=pk, is_active=True).first() if pk else None


class PriorityForm(VersionedForm):
    priority = forms.TypedChoiceField(
        label=_("Priority"), choices=Priority.choices, coerce=int, widget=forms.RadioSelect, empty_value=None
    )
    reason = forms.CharField(label=_("Why"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))


STAFF_CHANNELS = [(value, label) for value, label in Channel.choices if value != Channel.WEB]


class StaffRequestForm(HelpRequestForm):
    """The request form as staff fill it in for someone who called, came in or sent the paper form."""

    channel = forms.ChoiceField(
        label=_("How did the request come in?"),
        choices=STAFF_CHANNELS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the request came in.")},
    )
    received_date = GovukDateField(
        label=_("Date received"),
        help_text=_("For example, 27 3 2026"),
        error_messages={"required": _("Enter the date the request was received.")},
    )
    received_time = forms.TimeField(
        label=_("Time received"),
        help_text=_("For example, 14:30"),
        widget=forms.TimeInput(format="%H:%M"),
        error_messages={"required": _("Enter the time the request was received."), "invalid": _("Enter a time like 14:30.")},
    )
    priority = forms.TypedChoiceField(
        label=_("Priority"),
        choices=Priority.choices,
        coerce=int,
        initial=Priority.NORMAL,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a priority.")},
    )
    # The error summary follows the fields' order: the page shows these first.
    field_order = ["channel", "received_date", "received_time", "priority"]

    STAFF_LABELS = {
        "requester_type": _("Who is asking for help?"),
        "requester_name": _("Name of the person asking"),
        "requester_organisation": _("Their organisation or service"),
        "requester_relationship": _("Their relationship to the child or young adult"),
        "preferred_language": _("Which language should we use with them?"),
        "contact_preference": _("How should we contact them?"),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        now = timezone.localtime()
        self.fields["received_date"].initial = now.date()
        self.fields["received_time"].initial = now.strftime("%H:%M")
        self.fields["received_time"].widget.attrs["class"] = "govuk-input govuk-input--width-5"
        for name, label in self.STAFF_LABELS.items():
            self.fields[name].label = label
        self.fields["requester_name"].help_text = _("Not needed if the child or young adult asks for themselves.")
        self.fields["contact_email"].help_text = _("Needed if we should write by e-mail. A receipt is sent to it.")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        day, time = data.get("received_date"), data.get("received_time")
        if day and time:
            received = timezone.make_aware(datetime.combine(day, time))
            if received > timezone.now():
                self.add_error("received_date", _("The date and time received must be now or in the past."))
            data["received_at"] = received
        return data
