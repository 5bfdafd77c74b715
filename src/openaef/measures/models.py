"""Measures of a case, their referrals to providers' services, the providers' reports and
activity, and each service's capacity per site.

A provider sees a referral's minimum (``Referral.shared_summary`` and the child's first names,
initial of the surname, year of birth and languages), never the case file.

States live in ``measures.states``; writes go through ``measures.services`` (agency side) and
``measures.services_provider`` (provider side); reads through ``measures.selectors``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openaef.core.models import TimeStampedModel, VersionedModel

from .states import MeasureStatus, ReferralStatus, ReportKind, ReportStatus


class Measure(TimeStampedModel, VersionedModel):
    # Served by the measure_case_cover index, which starts with it.
    case = models.ForeignKey("cases.CaseFile", on_delete=models.PROTECT, related_name="measures", db_index=False)
    project = models.ForeignKey(
        "projects.InterventionProject", on_delete=models.PROTECT, null=True, blank=True, related_name="measures"
    )
    planned = models.OneToOneField(
        "projects.PlannedMeasure", on_delete=models.SET_NULL, null=True, blank=True, related_name="measure"
    )
    measure_type = models.ForeignKey("directory.MeasureType", on_delete=models.PROTECT, related_name="+", verbose_name=_("type"))
    status = models.CharField(_("status"), max_length=12, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED)
    # The service and site delivering it, once a referral is accepted (or waiting).
    service = models.ForeignKey("directory.Service", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    location = models.ForeignKey("directory.ServiceLocation", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    provider = models.ForeignKey("directory.Provider", on_delete=models.PROTECT, null=True, blank=True, related_name="measures")
    started_on = models.DateField(_("started on"), null=True, blank=True)
    # The end the rules allow (start + the type's maximum duration, renewals included).
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    renewals = models.PositiveSmallIntegerField(_("renewals"), default=0)
    next_report_on = models.DateField(_("next report due"), null=True, blank=True)
    # The coordinator's deadline before the end (moved on renewal, closed at the end).
    end_task = models.ForeignKey("cases.CaseTask", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    status_reason = models.TextField(_("reason"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["-created_at", "-id"]
        indexes = [
            # A case's (or a caseload's) measures read from the index alone (PostgreSQL's INCLUDE).
            models.Index(
                fields=["case", "status"],
                include=["id", "ends_on", "measure_type", "provider"],
                name="measure_case_cover",
            ),
            models.Index(fields=["provider", "status", "ends_on"], name="measure_provider_end"),
            models.Index(fields=["status", "ends_on"], name="measure_ending"),
            models.Index(fields=["status", "next_report_on"], name="measure_report_due"),
        ]

    def __str__(self) -> str:
        return f"{self.case} / {self.measure_type.code}"


class ConsentMethod(models.TextChoices):
    SIGNED_PROJECT = "signed_project", _("In the signed intervention project")
    WRITTEN = "written", _("In writing")
    ORAL = "oral", _("Orally, noted by the coordinator")


class CaseOfMeasureMixin(models.Model):
    """The measure's case, copied on the row (a measure never changes case): the coordinator's
    dashboard then reads a caseload's referrals and reports from the case, with one index
    probe per case instead of one per measure."""

    case = models.ForeignKey("cases.CaseFile", on_delete=models.PROTECT, related_name="+", editable=False)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.case_id is None:  # type: ignore[attr-defined]
            self.case_id = self.measure.case_id  # type: ignore[attr-defined]
        super().save(*args, **kwargs)


class Referral(CaseOfMeasureMixin, TimeStampedModel, VersionedModel):
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="referrals")
    # Denormalised so that the provider's inbox reads one table with one index.
    provider = models.ForeignKey("directory.Provider", on_delete=models.PROTECT, related_name="referrals")
    service = models.ForeignKey("directory.Service", on_delete=models.PROTECT, related_name="referrals")
    location = models.ForeignKey(
        "directory.ServiceLocation", on_delete=models.PROTECT, null=True, blank=True, related_name="referrals"
    )
    status = models.CharField(_("status"), max_length=12, choices=ReferralStatus.choices, default=ReferralStatus.SENT)
    # What the provider may read: written for it by the coordinator, nothing else of the case.
    shared_summary = models.TextField(_("what the provider needs to know"))
    consent_by = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("consent given by")
    )
    consent_method = models.CharField(_("consent"), max_length=20, choices=ConsentMethod.choices)
    consent_on = models.DateField(_("consent given on"))
    sent_at = models.DateTimeField(_("sent"))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # Waiting list: ordered by (waiting_since, id) among the service and site's waiting referrals.
    waiting_since = models.DateTimeField(_("on the waiting list since"), null=True, blank=True)
    expected_start = models.DateField(_("expected start"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)

    class Meta:
        verbose_name = _("referral")
        ordering = ["-sent_at", "-id"]
        indexes = [
            models.Index(fields=["provider", "status", "sent_at", "id"], name="referral_provider_inbox"),
            # The inbox's default list (sent and waiting together, newest first) walked in order
            # over the few open referrals, instead of sorting a large provider's thousands.
            models.Index(
                fields=["provider", "sent_at", "id"],
                condition=models.Q(status__in=["sent", "waiting"]),
                name="referral_provider_open",
            ),
            models.Index(fields=["service", "location", "status", "waiting_since", "id"], name="referral_waiting"),
            models.Index(fields=["measure", "status"], name="referral_measure"),
            # Answers of a caseload's referrals (the dashboard): a probe per case that reads
            # only answered referrals, with the date to filter on, from the index alone.
            models.Index(
                fields=["case", "answered_at"],
                include=["id", "status", "provider", "measure"],
                condition=models.Q(status__in=["accepted", "waiting", "declined"]),
                name="referral_answered",
            ),
        ]


class MeasureEventKind(models.TextChoices):
    CREATED = "created", _("Planned")
    REFERRED = "referred", _("Referred")
    ACCEPTED = "accepted", _("Accepted")
    WAITING = "waiting", _("Put on the waiting list")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    STARTED = "started", _("Started")
    SUSPENDED = "suspended", _("Suspended")
    RESUMED = "resumed", _("Resumed")
    RENEWED = "renewed", _("Renewed")
    ENDED = "ended", _("Ended")
    REPORT = "report", _("Report")
    ACTIVITY = "activity", _("Activity recorded")


class MeasureEvent(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=12, choices=MeasureEventKind.choices)
    at = models.DateTimeField(auto_now_add=True)
    on = models.DateField(null=True, blank=True, help_text="The day it takes effect (start, end, renewal)")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]


class ProviderReport(CaseOfMeasureMixin, TimeStampedModel, VersionedModel):
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="reports")
    kind = models.CharField(_("kind"), max_length=10, choices=ReportKind.choices)
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    due_on = models.DateField(_("due"), null=True, blank=True)
    period_start = models.DateField(_("from"), null=True, blank=True)
    period_end = models.DateField(_("to"), null=True, blank=True)
    situation = models.TextField(_("the situation"), blank=True)
    needs = models.TextField(_("needs"), blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    progress = models.TextField(_("what has been done and how it went"), blank=True)
    drafted_with_family = models.BooleanField(_("drafted with the family"), default=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    submitted_at = models.DateTimeField(_("sent to the agency"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    return_reason = models.TextField(_("why it was sent back"), blank=True)

    class Meta:
        verbose_name = _("provider report")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["status", "due_on"], name="report_status_due"),
            models.Index(fields=["measure", "kind"], name="report_measure"),
            # Reports waiting for review, per case (the dashboard): the few submitted ones only.
            models.Index(
                fields=["case"],
                include=["id", "kind", "submitted_at", "measure"],
                condition=models.Q(status="submitted"),
                name="report_submitted",
            ),
        ]


class ActivityRecord(TimeStampedModel, VersionedModel):
    """Days or hours delivered in one month (``month`` is the first day of the month)."""

    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="activity")
    month = models.DateField(_("month"))
    days = models.DecimalField(_("days"), max_digits=5, decimal_places=1, null=True, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=2, null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("activity")
        ordering = ["-month"]
        constraints = [models.UniqueConstraint(fields=["measure", "month"], name="activity_once_a_month")]


class ServiceCapacity(TimeStampedModel, VersionedModel):
    """A service's capacity at one site (or at all its sites when ``location`` is empty)."""

    service = models.ForeignKey("directory.Service", on_delete=models.CASCADE, related_name="capacities")
    location = models.ForeignKey(
        "directory.ServiceLocation", on_delete=models.CASCADE, null=True, blank=True, related_name="capacities"
    )
    places = models.PositiveIntegerField(_("places"), null=True, blank=True)
    hours_per_month = models.PositiveIntegerField(_("hours a month"), null=True, blank=True)
    # Kept by the provider: from when a place is free (today or earlier: now). Shown in the directory.
    available_from = models.DateField(_("places available from"), null=True, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = _("capacity")
        constraints = [
            models.UniqueConstraint(fields=["service", "location"], name="capacity_per_site"),
            models.UniqueConstraint(
                fields=["service"], condition=models.Q(location__isnull=True), name="capacity_service_wide_once"
            ),
        ]
