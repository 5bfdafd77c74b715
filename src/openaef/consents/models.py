"""Consent to special acts under parental authority, everyday acts, and parents' complaints.

Seed 002: parents are asked to agree to special acts under parental authority (surgery, medical
care, school orientation, apprenticeship contract). Bill 7994: providers may take everyday
decisions; the court decides non-usual acts that need parental consent; ONE receives complaints.

States live in ``consents.states``; writes go through ``consents.services``; reads through
``consents.selectors`` (every read starts from ``cases.selectors.get_case_for``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openaef.core.models import TimeStampedModel, VersionedModel

from .states import RULING_STATUS, Answer, ComplaintStatus, ConsentStatus, CourtRuling


class ActKind(models.TextChoices):
    SURGERY = "surgery", _("Surgery")
    MEDICAL_CARE = "medical_care", _("Medical care")
    SCHOOL_ORIENTATION = "school_orientation", _("School orientation")
    APPRENTICESHIP = "apprenticeship", _("Apprenticeship contract")
    OTHER = "other", _("Other special act")


class ConsentRequest(TimeStampedModel, VersionedModel):
    """A request to the parents to agree to one special act ("acte non usuel")."""

    case = models.ForeignKey("cases.CaseFile", on_delete=models.PROTECT, related_name="consent_requests")
    placement = models.ForeignKey(
        "placements.Placement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consent_requests",
        verbose_name=_("placement"),
    )
    act_kind = models.CharField(_("act"), max_length=20, choices=ActKind.choices)
    description = models.TextField(_("what is proposed"))
    asked_of = models.ManyToManyField("people.Person", related_name="+", verbose_name=_("parents asked"))
    asked_on = models.DateField(_("asked on"))
    deadline_on = models.DateField(_("answer expected by"))
    # The pack's calendar rule and start the deadline came from; empty when the coordinator typed it.
    deadline_rule = models.CharField(_("calendar rule"), max_length=60, blank=True)
    deadline_task = models.ForeignKey("cases.CaseTask", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=ConsentStatus.choices, default=ConsentStatus.ASKED)
    status_reason = models.TextField(_("reason"), blank=True)
    # Judicial cases: the referral to the youth court and, when it comes, its decision: what it
    # ruled (which also sets the status) and the decision itself, recorded in the case or known
    # by its reference and date. Requests whose decision was recorded before the ruling was a
    # field keep an empty ruling and stay referred until someone records it.
    referred_on = models.DateField(_("referred to the court on"), null=True, blank=True)
    court_decision = models.ForeignKey(
        "courts.JudicialDecision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("court decision"),
    )
    court_reference = models.CharField(_("court's reference"), max_length=60, blank=True)
    court_decided_on = models.DateField(_("decided by the court on"), null=True, blank=True)
    court_ruling = models.CharField(_("court's ruling"), max_length=10, choices=CourtRuling.choices, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("consent request")
        ordering = ["-asked_on", "-id"]
        indexes = [
            models.Index(fields=["case", "asked_on", "id"], name="consent_case"),
            models.Index(fields=["status", "deadline_on"], name="consent_deadline"),
        ]
        constraints = [
            # The ruling and the status say the same thing: a ruling exactly in the court's states.
            models.CheckConstraint(
                condition=models.Q(
                    *[models.Q(status=status, court_ruling=ruling) for ruling, status in RULING_STATUS.items()],
                    models.Q(court_ruling="") & ~models.Q(status__in=list(RULING_STATUS.values())),
                    _connector=models.Q.OR,
                ),
                name="consent_ruling_matches_status",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} / {self.act_kind}"


class AnswerMethod(models.TextChoices):
    WRITING = "writing", _("In writing")
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("By phone")


class ConsentAnswer(TimeStampedModel):
    """One parent's answer to a consent request."""

    request = models.ForeignKey(ConsentRequest, on_delete=models.CASCADE, related_name="answers")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("parent"))
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices)
    on = models.DateField(_("answered on"))
    how = models.CharField(_("how"), max_length=10, choices=AnswerMethod.choices)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("answer")
        ordering = ["on", "id"]
        constraints = [models.UniqueConstraint(fields=["request", "person"], name="consent_answer_once")]


class EverydayActKind(models.TextChoices):
    HEALTH = "health", _("Health appointment")
    SCHOOL = "school", _("School")
    LEISURE = "leisure", _("Leisure")
    TRAVEL = "travel", _("Travel")
    OTHER = "other", _("Other")


class EverydayAct(TimeStampedModel):
    """An everyday act ("acte usuel") the institution or the foster family took without asking
    the parents, recorded so that the family can see it."""

    case = models.ForeignKey("cases.CaseFile", on_delete=models.PROTECT, related_name="everyday_acts")
    placement = models.ForeignKey(
        "placements.Placement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="everyday_acts",
        verbose_name=_("placement"),
    )
    on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=EverydayActKind.choices)
    what = models.TextField(_("what was done"))
    decided_by = models.CharField(_("decided by"), max_length=200)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("everyday act")
        ordering = ["-on", "-id"]
        indexes = [models.Index(fields=["case", "on", "id"], name="everyday_act_case")]


class Complaint(TimeStampedModel, VersionedModel):
    """A parent's disagreement with a placement, followed to its answer."""

    case = models.ForeignKey("cases.CaseFile", on_delete=models.PROTECT, related_name="complaints")
    placement = models.ForeignKey(
        "placements.Placement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("placement"),
    )
    received_on = models.DateField(_("received on"))
    from_person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("from"))
    about = models.TextField(_("what it is about"))
    status = models.CharField(_("status"), max_length=10, choices=ComplaintStatus.choices, default=ComplaintStatus.RECEIVED)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_complaints",
        verbose_name=_("assigned to"),
    )
    assigned_on = models.DateField(_("assigned on"), null=True, blank=True)
    answer_due_on = models.DateField(_("answer due"), null=True, blank=True)
    answer_task = models.ForeignKey("cases.CaseTask", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    answer = models.TextField(_("answer"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    status_reason = models.TextField(_("reason"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("complaint")
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["case", "received_on", "id"], name="complaint_case"),
            models.Index(fields=["assigned_to", "status"], name="complaint_assignee"),
        ]
