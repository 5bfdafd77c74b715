"""Intervention projects: what the family and the agency agree to work on, and how.

A case has at most one current project (``states.CURRENT_STATES``); an evaluation may call for
a revision, which sends the same project back to draft as a new revision. Every saved
revision is kept as a snapshot (``ProjectRevision.content``) so that any two can be compared,
and signatures belong to the revision that was signed.

The needs assessment belongs to the case, not to one project: each score is dated, so that a
domain's scores over time show how things change across projects.

States live in ``projects.states``; writes go through ``projects.services``; reads through
``projects.selectors`` (behind ``cases.selectors.get_case_for``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openaef.core.models import TimeStampedModel, VersionedModel

from .states import ProjectStatus


class InterventionProject(TimeStampedModel, VersionedModel):
    case = models.ForeignKey("cases.CaseFile", on_delete=models.PROTECT, related_name="projects")
    status = models.CharField(_("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.DRAFT)
    # The revision being written or the last one saved; snapshots in ProjectRevision.
    revision = models.PositiveIntegerField(_("revision"), default=1)
    language = models.CharField(
        _("family's language"), max_length=8, default="fr", help_text=_("The language of the document the family signs")
    )
    summary = models.TextField(_("the situation in a few words"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author"))
    proposed_at = models.DateTimeField(_("proposed"), null=True, blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    validated_at = models.DateTimeField(_("validated"), null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("validated by"),
    )
    agreed_at = models.DateTimeField(_("signed by the family"), null=True, blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    next_evaluation_on = models.DateField(_("next evaluation"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    status_reason = models.TextField(_("reason"), blank=True, help_text=_("Why it was sent back, revised or closed"))

    class Meta:
        verbose_name = _("intervention project")
        verbose_name_plural = _("intervention projects")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["case", "status"], name="project_case_status"),
            models.Index(fields=["status", "next_evaluation_on"], name="project_evaluation"),
            # Projects waiting for validation, oldest first: the dashboard walks it and stops
            # after a page of its offices' (rather than sorting every proposed project).
            models.Index(fields=["status", "proposed_at", "id"], name="project_proposed"),
        ]

    def __str__(self) -> str:
        return f"{self.case} / {self.revision}"


class ProjectRevision(models.Model):
    """A snapshot of the project's content as saved: kept for ever, compared two at a time."""

    project = models.ForeignKey(InterventionProject, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField(_("revision"))
    # Every save of a draft is a snapshot; ``number`` is the revision it belongs to and ``save``
    # counts the saves within it (1, 2, ...), so both "what changed since last save" and "what
    # changed since the signed version" can be shown.
    save_number = models.PositiveIntegerField(default=1)
    status = models.CharField(_("status"), max_length=20, choices=ProjectStatus.choices)
    content = models.JSONField(_("content"))
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    saved_at = models.DateTimeField(_("saved"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("project revision")
        ordering = ["project", "number", "save_number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number", "save_number"], name="project_revision_unique"),
        ]


class NeedAssessment(TimeStampedModel):
    """One domain's score on one day (the pack lists the domains and the scale)."""

    case = models.ForeignKey("cases.CaseFile", on_delete=models.PROTECT, related_name="need_assessments")
    project = models.ForeignKey(
        InterventionProject, on_delete=models.PROTECT, null=True, blank=True, related_name="need_assessments"
    )
    domain = models.CharField(_("domain"), max_length=40)
    score = models.PositiveSmallIntegerField(_("score"))
    assessed_on = models.DateField(_("assessed on"))
    observations = models.TextField(_("observations"), blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("needs assessment")
        ordering = ["domain", "assessed_on", "id"]
        indexes = [models.Index(fields=["case", "domain", "assessed_on"], name="assessment_case_domain")]


class ProjectGoal(models.Model):
    project = models.ForeignKey(InterventionProject, on_delete=models.CASCADE, related_name="goals")
    position = models.PositiveSmallIntegerField(default=0)
    domain = models.CharField(_("domain"), max_length=40, blank=True)
    goal = models.TextField(_("goal"))
    indicators = models.TextField(_("how we will know it is reached"), blank=True)
    target_on = models.DateField(_("target date"), null=True, blank=True)

    class Meta:
        verbose_name = _("goal")
        ordering = ["position", "id"]


class PlannedMeasure(models.Model):
    """A measure the project plans; referring it creates a ``measures.Measure``."""

    project = models.ForeignKey(InterventionProject, on_delete=models.CASCADE, related_name="planned_measures")
    position = models.PositiveSmallIntegerField(default=0)
    measure_type = models.ForeignKey("directory.MeasureType", on_delete=models.PROTECT, related_name="+")
    purpose = models.TextField(_("what it is for"), blank=True)
    intensity = models.CharField(_("how often or how much"), max_length=200, blank=True)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_months = models.PositiveSmallIntegerField(_("planned duration (months)"), null=True, blank=True)

    class Meta:
        verbose_name = _("planned measure")
        ordering = ["position", "id"]


class Party(models.TextChoices):
    FAMILY = "family", _("The family")
    CHILD = "child", _("The child or young adult")
    COORDINATOR = "coordinator", _("The coordinator")
    PROVIDER = "provider", _("A provider")
    OTHER = "other", _("Someone else")


class ProjectAction(models.Model):
    """Who does what, by when."""

    project = models.ForeignKey(InterventionProject, on_delete=models.CASCADE, related_name="actions")
    position = models.PositiveSmallIntegerField(default=0)
    party = models.CharField(_("who"), max_length=20, choices=Party.choices)
    who = models.CharField(_("name or service"), max_length=200, blank=True)
    action = models.TextField(_("does what"))
    due_on = models.DateField(_("by when"), null=True, blank=True)

    class Meta:
        verbose_name = _("action")
        ordering = ["position", "id"]


class ProjectParticipant(models.Model):
    """Someone who took part in building the project (a person of the case, or a professional)."""

    project = models.ForeignKey(InterventionProject, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    name = models.CharField(_("name"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("participant")
        ordering = ["id"]


class SignerRole(models.TextChoices):
    PARENT = "parent", _("Parent")
    LEGAL_REPRESENTATIVE = "legal_representative", _("Legal representative")
    CHILD = "child", _("Child capable of discernment")
    YOUNG_ADULT = "young_adult", _("Young adult")


class SignatureMethod(models.TextChoices):
    DRAWN = "drawn", _("Drawn on screen")
    SCAN = "scan", _("Signed paper, scanned")


class ProjectSignature(TimeStampedModel):
    project = models.ForeignKey(InterventionProject, on_delete=models.PROTECT, related_name="signatures")
    revision = models.PositiveIntegerField(_("revision signed"))
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("signed by"))
    role = models.CharField(_("signs as"), max_length=24, choices=SignerRole.choices)
    method = models.CharField(_("how"), max_length=10, choices=SignatureMethod.choices)
    # Drawn: the strokes as an SVG path (sanitised to M/L commands and numbers by the service).
    drawing = models.TextField(blank=True)
    # Scanned: the signed paper, filed with the case's documents.
    document = models.ForeignKey("cases.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    signed_on = models.DateField(_("signed on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("signature")
        ordering = ["revision", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "revision", "person"], name="project_signature_once"),
        ]


class EvaluationDecision(models.TextChoices):
    CONTINUE = "continue", _("Continue as planned")
    REVISE = "revise", _("Revise the project")
    CLOSE = "close", _("Close the project")


class ProjectEvaluation(TimeStampedModel):
    """An evaluation due at the pack's interval (six months in Luxembourg), then held."""

    project = models.ForeignKey(InterventionProject, on_delete=models.PROTECT, related_name="evaluations")
    due_on = models.DateField(_("due"))
    held_on = models.DateField(_("held on"), null=True, blank=True)
    findings = models.TextField(_("what changed"), blank=True)
    # {goal id: "reached" | "partly" | "not_reached"} at the time of the evaluation.
    goals_progress = models.JSONField(default=dict, blank=True)
    decision = models.CharField(_("decision"), max_length=10, choices=EvaluationDecision.choices, blank=True)
    task = models.ForeignKey("cases.CaseTask", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    held_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("evaluation")
        ordering = ["due_on", "id"]
