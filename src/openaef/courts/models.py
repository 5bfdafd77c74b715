"""Judicial decisions of a case: who decided what, when it must be reviewed, the measures it
ordered, the hearings, and the remedies against it (appeal, requests to amend or lift) with
their time limits.

Writes go through ``courts.services``; reads through ``courts.selectors`` (every read starts
from the ``CaseAccess`` of ``cases.selectors.get_case_for``).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openaef.core.models import TimeStampedModel, VersionedModel


class DecisionKind(models.TextChoices):
    PROVISIONAL_CUSTODY = "provisional", _("Provisional custody measure")
    JUDGMENT = "judgment", _("Judgment")
    AMENDMENT = "amendment", _("Amendment of a measure")
    LIFTING = "lifting", _("Lifting of a measure")


class Authority(models.TextChoices):
    JUDGE = "judge", _("Youth judge")
    PROSECUTOR = "prosecutor", _("Public prosecutor")


class JudicialDecision(TimeStampedModel, VersionedModel):
    case = models.ForeignKey("cases.CaseFile", on_delete=models.PROTECT, related_name="judicial_decisions")
    kind = models.CharField(_("type of decision"), max_length=12, choices=DecisionKind.choices)
    authority = models.CharField(_("decided by"), max_length=12, choices=Authority.choices)
    # The code of one of the pack's courts (courts.yaml); shown by its name in the reader's language.
    court = models.CharField(_("court"), max_length=120)
    decided_by_name = models.CharField(_("name of the judge or prosecutor"), max_length=120, blank=True)
    court_reference = models.CharField(_("court's reference"), max_length=60, blank=True)
    decided_on = models.DateField(_("decided on"))
    notified_on = models.DateField(_("notified on"), null=True, blank=True)
    summary = models.TextField(_("what was decided"), blank=True)
    review_on = models.DateField(_("to be reviewed by"), null=True, blank=True)
    # The coordinator's reminder of the review date (moved with it, closed when it is cleared).
    review_task = models.ForeignKey("cases.CaseTask", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("judicial decision")
        verbose_name_plural = _("judicial decisions")
        ordering = ["-decided_on", "-id"]
        indexes = [models.Index(fields=["case", "decided_on", "id"], name="decision_case")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.decided_on:%Y-%m-%d}"

    @property
    def time_limit_start(self) -> dt.date:
        """Time limits run from the notification, or from the decision when it is not recorded."""
        return self.notified_on or self.decided_on


class OrderedMeasure(models.Model):
    """A measure the decision orders, by type; linked to the case's measure that carries it out
    once there is one."""

    decision = models.ForeignKey(JudicialDecision, on_delete=models.CASCADE, related_name="ordered_measures")
    measure_type = models.ForeignKey("directory.MeasureType", on_delete=models.PROTECT, related_name="+", verbose_name=_("type"))
    measure = models.ForeignKey(
        "measures.Measure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("measure of the case"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("measure ordered")
        verbose_name_plural = _("measures ordered")
        ordering = ["id"]


class Hearing(TimeStampedModel, VersionedModel):
    case = models.ForeignKey("cases.CaseFile", on_delete=models.PROTECT, related_name="hearings")
    decision = models.ForeignKey(
        JudicialDecision, on_delete=models.SET_NULL, null=True, blank=True, related_name="hearings", verbose_name=_("decision")
    )
    at = models.DateTimeField(_("date and time"))
    court = models.CharField(_("court"), max_length=120)
    purpose = models.CharField(_("purpose"), max_length=300)
    outcome = models.TextField(_("outcome"), blank=True)
    task = models.ForeignKey("cases.CaseTask", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["case", "at", "id"], name="hearing_case")]


class RemedyKind(models.TextChoices):
    # Youth Protection Act of 10 August 1992, section 27 (appeal) and section 37 (amend, lift).
    APPEAL = "appeal", _("Appeal")
    AMEND = "amend", _("Request to amend the measure")
    LIFT = "lift", _("Request to lift the measure")


class RemedyStatus(models.TextChoices):
    LODGED = "lodged", _("Lodged")
    DECIDED = "decided", _("Decided")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class LegalRemedy(TimeStampedModel, VersionedModel):
    decision = models.ForeignKey(JudicialDecision, on_delete=models.PROTECT, related_name="remedies")
    kind = models.CharField(_("kind"), max_length=10, choices=RemedyKind.choices)
    lodged_on = models.DateField(_("lodged on"))
    lodged_by_person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("lodged by")
    )
    lodged_by_name = models.CharField(_("lodged by (someone outside the case)"), max_length=200, blank=True)
    # The time limit the rule in force gave when the remedy was lodged (None: no rule was set).
    deadline_on = models.DateField(_("time limit"), null=True, blank=True)
    rule = models.CharField(_("calendar rule"), max_length=60, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=RemedyStatus.choices, default=RemedyStatus.LODGED)
    outcome = models.TextField(_("outcome"), blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("appeal or request")
        verbose_name_plural = _("appeals and requests")
        ordering = ["-lodged_on", "-id"]


class CourtDeadlineSetting(models.Model):
    """An administrator's time limit for one kind of remedy; wins over the pack's value."""

    kind = models.CharField(_("kind"), max_length=10, choices=RemedyKind.choices, unique=True)
    rule = models.CharField(_("calendar rule"), max_length=60)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(_("set at"))

    class Meta:
        verbose_name = _("time limit of a remedy")
        ordering = ["kind"]
