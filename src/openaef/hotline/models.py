"""116 000 calls and the urgent-case protocol (seed 002: missing children and children in distress)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Responder(models.TextChoices):
    """Who answers the line, decided by the clock (hotline.clock)."""

    AGENCY = "agency", _("The agency's priority management service")
    POLICE = "police", _("The Grand Ducal Police")


class CallerType(models.TextChoices):
    CHILD = "child", _("Child or young person")
    PARENT = "parent", _("Parent")
    RELATIVE = "relative", _("Other relative")
    PROFESSIONAL = "professional", _("Professional")
    WITNESS = "witness", _("Witness")
    OTHER = "other", _("Other")


class CallLanguage(models.TextChoices):
    LB = "lb", _("Luxembourgish")
    FR = "fr", _("French")
    DE = "de", _("German")
    EN = "en", _("English")
    OTHER = "other", _("Other language")


class CallCategory(models.TextChoices):
    RUNAWAY = "runaway", _("Runaway")
    ABDUCTION_HOME = "abduction_home", _("Parental abduction in the country")
    ABDUCTION_ABROAD = "abduction_abroad", _("Parental abduction abroad")
    DISAPPEARANCE = "disappearance", _("Worrying disappearance")
    DISTRESS = "distress", _("Child or young person in distress")
    INFORMATION = "information", _("Information")
    OTHER = "other", _("Other")


class Urgency(models.TextChoices):
    # A context of its own: "Urgent" for a request is feminine in French ("une demande urgente").
    URGENT = "urgent", pgettext_lazy("116 000 call urgency", "Urgent")
    NOT_URGENT = "not_urgent", _("Not urgent")


class CallStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class CallOutcome(models.TextChoices):
    INFORMATION_GIVEN = "information_given", _("Information or advice given")
    LISTENED = "listened", _("Listened to and supported")
    SPECIALIST = "specialist", _("Passed to a specialist")
    POLICE = "police", _("Passed to the police")
    FOLLOW_UP = "follow_up", _("Family followed up")
    REFERRED = "referred", _("Referred to another service")
    NO_ACTION = "no_action", _("No further action")


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class FollowUpEntryKind(models.TextChoices):
    """What the follow-up of a missing child records (seed 002: the 116 000's aims)."""

    FAMILY = "family", _("Family accompanied")
    INVESTIGATION = "investigation", _("News of the investigation")
    ABROAD = "abroad", _("Contact with another country's 116 000")
    RETURN = "return", _("The child returned")
    RECONNECTION = "reconnection", _("Help to reconnect child and family")
    NOTE = "note", _("Note")


class MissingChildFollowUp(models.Model):
    """The follow-up of a missing child ("suivi d'une disparition"), linked to its calls and, when
    there is one, to the child's case file. Closed when the family no longer needs it."""

    status = models.CharField(_("status"), max_length=10, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN)
    case = models.ForeignKey(
        "cases.CaseFile", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("case file")
    )
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closing_note = models.TextField(_("why it is closed"), blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = _("missing-child follow-up")
        verbose_name_plural = _("missing-child follow-ups")

    def __str__(self) -> str:
        return f"follow-up {self.pk}"


class FollowUpEntry(models.Model):
    follow_up = models.ForeignKey(MissingChildFollowUp, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(_("what"), max_length=20, choices=FollowUpEntryKind.choices)
    text = models.TextField(_("details"), blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("follow-up entry")
        verbose_name_plural = _("follow-up entries")

    def __str__(self) -> str:
        return f"{self.follow_up_id}:{self.kind}"


class Call(models.Model):
    """One call to the 116 000 line ("appel au 116 000")."""

    received_at = models.DateTimeField(_("received at"), db_index=True)
    responder = models.CharField(_("answered by"), max_length=10, choices=Responder.choices)
    caller_type = models.CharField(_("caller"), max_length=20, choices=CallerType.choices)
    language = models.CharField(_("language"), max_length=10, choices=CallLanguage.choices)
    category = models.CharField(_("category"), max_length=20, choices=CallCategory.choices)
    urgency = models.CharField(_("urgency"), max_length=12, choices=Urgency.choices)
    summary = models.TextField(_("summary"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=CallStatus.choices, default=CallStatus.OPEN)
    outcome = models.CharField(_("outcome"), max_length=20, choices=CallOutcome.choices, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    handed_over_at = models.DateTimeField(_("handed over to the police at"), null=True, blank=True)
    handed_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    police_reference = models.CharField(_("police reference"), max_length=60, blank=True)
    # Set by the retention run (rights.retention) when the summary and notes were blanked.
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    follow_up = models.ForeignKey(
        MissingChildFollowUp, on_delete=models.PROTECT, null=True, blank=True, related_name="calls", verbose_name=_("follow-up")
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("116 000 call")
        verbose_name_plural = _("116 000 calls")
        indexes = [models.Index(fields=["-received_at", "-id"], name="hotline_call_keyset_idx")]

    def __str__(self) -> str:
        return f"call {self.pk}"

    @property
    def is_urgent(self) -> bool:
        return self.urgency == Urgency.URGENT

    @property
    def needs_handover(self) -> bool:
        return self.responder == Responder.POLICE and self.handed_over_at is None


class ProtocolStep(models.Model):
    """One step of the urgent-case protocol for a call: done once, with when and by whom, never undone."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="protocol_steps")
    code = models.CharField(_("step"), max_length=40)
    position = models.PositiveSmallIntegerField()
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["call", "position"]
        verbose_name = _("protocol step")
        verbose_name_plural = _("protocol steps")
        constraints = [models.UniqueConstraint(fields=["call", "code"], name="hotline_step_once_per_call")]

    def __str__(self) -> str:
        return f"{self.call_id}:{self.code}"
