"""Foster families: from application to approval, their household, training and places."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openaef.core.models import TimeStampedModel, VersionedModel


class FosterFamilyStatus(models.TextChoices):
    APPLIED = "applied", _("Application received")
    ASSESSMENT = "assessment", _("Being assessed")
    APPROVED = "approved", _("Approved")
    NOT_APPROVED = "not_approved", _("Not approved")
    SUSPENDED = "suspended", _("Suspended")
    ENDED = "ended", _("No longer fostering")


class FosterFamily(TimeStampedModel, VersionedModel):
    pack = models.CharField(max_length=10)
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    name = models.CharField(_("household name"), max_length=200)
    status = models.CharField(_("status"), max_length=14, choices=FosterFamilyStatus.choices, default=FosterFamilyStatus.APPLIED)
    street = models.CharField(_("street"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    locality = models.CharField(_("locality"), max_length=100, blank=True)
    commune = models.ForeignKey("directory.Commune", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    languages = models.ManyToManyField("directory.Language", blank=True, related_name="+", verbose_name=_("languages"))
    # How many children the family may take at a time (the pack's maximum unless an exception is recorded).
    capacity = models.PositiveSmallIntegerField(_("places"), default=1)
    min_age = models.PositiveSmallIntegerField(_("youngest child accepted"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("oldest child accepted"), null=True, blank=True)
    approved_from = models.DateField(_("approved from"), null=True, blank=True)
    approved_until = models.DateField(_("approved until"), null=True, blank=True)
    # The accredited service that follows the family.
    support_service = models.ForeignKey(
        "directory.Service", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("support service")
    )
    # Why the family may take more children than the pack's maximum (guichet.lu: four,
    # exceptions possible); required whenever ``capacity`` goes beyond it.
    capacity_exception = models.TextField(_("why the family may take more children"), blank=True)
    # Name, reference and locality without accents or case, kept in step by the services, so
    # that the register's search reads one column.
    search_text = models.CharField(max_length=400, editable=False, default="")
    # The name without accents or case: the register's sort order.
    name_folded = models.CharField(max_length=200, editable=False, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("foster family")
        verbose_name_plural = _("foster families")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["status", "name", "id"], name="foster_status"),
            models.Index(fields=["name_folded", "id"], name="foster_name"),
            models.Index(fields=["status", "approved_until"], name="foster_approval_end"),
        ]

    def __str__(self) -> str:
        return self.reference


class HouseholdRole(models.TextChoices):
    FOSTER_PARENT = "foster_parent", _("Foster parent")
    PARTNER = "partner", _("Partner of a foster parent")
    CHILD = "child", _("Child of the family")
    OTHER_ADULT = "other_adult", _("Other adult")
    OTHER_CHILD = "other_child", _("Other child")


class FosterHouseholdMember(TimeStampedModel, VersionedModel):
    """Someone in the foster household: personal data, every read and write is audited."""

    family = models.ForeignKey(FosterFamily, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role in the household"), max_length=20, choices=HouseholdRole.choices)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    lives_in_household = models.BooleanField(_("lives in the household"), default=True)

    class Meta:
        verbose_name = _("household member")
        ordering = ["family", "id"]


class ApprovalKind(models.TextChoices):
    APPROVAL = "approval", _("Approval")
    RENEWAL = "renewal", _("Renewal")


class FosterApproval(models.Model):
    """One decision on the family's approval: the first one, then each renewal. The family's
    ``approved_from``/``approved_until`` are the current period; these rows are its history."""

    family = models.ForeignKey(FosterFamily, on_delete=models.CASCADE, related_name="approvals")
    kind = models.CharField(_("decision"), max_length=10, choices=ApprovalKind.choices)
    from_on = models.DateField(_("from"))
    until_on = models.DateField(_("until"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("approval")
        ordering = ["-from_on", "-id"]


class FosterTraining(TimeStampedModel):
    family = models.ForeignKey(FosterFamily, on_delete=models.CASCADE, related_name="trainings")
    title = models.CharField(_("title"), max_length=200)
    on = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    provider = models.CharField(_("given by"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("training")
        ordering = ["-on", "-id"]


class FosterEventKind(models.TextChoices):
    CREATED = "created", _("Application recorded")
    UPDATED = "updated", _("Details changed")
    STATUS = "status", _("Status changed")
    APPROVED = "approved", _("Approved")
    RENEWED = "renewed", _("Approval renewed")
    MEMBER = "member", _("Household changed")
    TRAINING = "training", _("Training recorded")
    SUPPORT = "support", _("Support service changed")


class FosterFamilyEvent(models.Model):
    """The family's own history: who changed what, when and why (no names in ``data``)."""

    family = models.ForeignKey(FosterFamily, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("when"), auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    kind = models.CharField(_("what"), max_length=10, choices=FosterEventKind.choices)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("foster family event")
