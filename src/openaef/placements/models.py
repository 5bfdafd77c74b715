"""Placement episodes: the legal basis, each place the child lives in, and the discharge."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openaef.core.models import TimeStampedModel, VersionedModel


class LegalBasis(models.TextChoices):
    AGREEMENT = "agreement", _("The parents' agreement")
    COURT = "court", _("A court decision")


class PlacementStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Placed")
    ENDED = "ended", _("Ended")


class PlaceKind(models.TextChoices):
    INSTITUTION = "institution", _("Institution")
    FOSTER_FAMILY = "foster_family", _("Foster family")


class Destination(models.TextChoices):
    HOME = "home", _("Home, to the family")
    OTHER_PLACEMENT = "other_placement", _("Another placement")
    FOSTER_FAMILY = "foster_family", _("A foster family")
    INDEPENDENT = "independent", _("Independent living")
    HOSPITAL = "hospital", _("Hospital")
    OTHER = "other", _("Somewhere else")


class Placement(TimeStampedModel, VersionedModel):
    """One episode away from home, from admission to discharge, under one stationary measure."""

    case = models.ForeignKey("cases.CaseFile", on_delete=models.PROTECT, related_name="placements")
    measure = models.OneToOneField("measures.Measure", on_delete=models.PROTECT, related_name="placement")
    status = models.CharField(_("status"), max_length=10, choices=PlacementStatus.choices, default=PlacementStatus.PLANNED)
    legal_basis = models.CharField(_("legal basis"), max_length=10, choices=LegalBasis.choices)
    decision = models.ForeignKey(
        "courts.JudicialDecision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placements",
        verbose_name=_("court decision"),
    )
    agreement_on = models.DateField(_("parents agreed on"), null=True, blank=True)
    admitted_on = models.DateField(_("admitted on"), null=True, blank=True)
    discharged_on = models.DateField(_("discharged on"), null=True, blank=True)
    destination = models.CharField(_("where the child went"), max_length=20, choices=Destination.choices, blank=True)
    destination_details = models.TextField(_("details of where the child went"), blank=True)
    # In a judicial case the youth court approves a definite return home (seed 002).
    return_decision = models.ForeignKey(
        "courts.JudicialDecision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decision allowing the return home"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-admitted_on", "-id"]
        indexes = [
            models.Index(fields=["case", "status"], name="placement_case"),
            models.Index(fields=["status", "admitted_on", "discharged_on"], name="placement_dates"),
        ]

    def __str__(self) -> str:
        return f"{self.case} / {self.get_status_display()}"


class PlacementStay(TimeStampedModel):
    """Where the child lives during a placement, from one day to another (a transfer closes one stay
    and opens the next)."""

    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="stays")
    place_kind = models.CharField(_("place"), max_length=14, choices=PlaceKind.choices)
    service = models.ForeignKey("directory.Service", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    location = models.ForeignKey("directory.ServiceLocation", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    living_unit = models.CharField(_("living unit"), max_length=120, blank=True)
    # An institution abroad is usually not in the directory: its name as the admission form gives it.
    institution_name = models.CharField(_("institution"), max_length=200, blank=True)
    foster_family = models.ForeignKey(
        "foster.FosterFamily", on_delete=models.PROTECT, null=True, blank=True, related_name="stays"
    )
    # Abroad when the place is outside the pack's country (ISO 3166 alpha-2).
    country = models.CharField(_("country"), max_length=2)
    from_on = models.DateField(_("from"))
    until_on = models.DateField(_("until"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    # Why the foster family may take more children than the pack's maximum (guichet.lu: four,
    # exceptions possible); required, and shown, whenever the stay goes beyond it.
    capacity_exception = models.TextField(_("why the foster family may take one more child"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("stay")
        verbose_name_plural = _("stays")
        ordering = ["from_on", "id"]
        indexes = [
            models.Index(fields=["placement", "from_on"], name="stay_placement"),
            models.Index(fields=["foster_family", "until_on"], name="stay_foster_family"),
            models.Index(fields=["from_on", "until_on"], name="stay_dates"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(place_kind="institution", foster_family__isnull=True)
                | models.Q(place_kind="foster_family", foster_family__isnull=False),
                name="stay_place_consistent",
            )
        ]


class AbroadDecision(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused")


class VisitKind(models.TextChoices):
    VISIT = "visit", _("Visit")
    WEEKEND = "weekend", _("Weekend")
    HOLIDAY = "holiday", _("Holiday")
    PHONE = "phone", _("Phone call")


class VisitArrangement(TimeStampedModel, VersionedModel):
    """One line of the plan of visits and weekends with the family (seed 002: parents plan
    visits and weekends)."""

    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="visits")
    kind = models.CharField(_("kind"), max_length=10, choices=VisitKind.choices)
    with_whom = models.CharField(_("with whom"), max_length=200)
    frequency = models.CharField(_("how often"), max_length=200)
    from_on = models.DateField(_("from"), null=True, blank=True)
    until_on = models.DateField(_("until"), null=True, blank=True)
    supervised = models.BooleanField(_("supervised"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("visit arrangement")
        ordering = ["kind", "id"]
        indexes = [models.Index(fields=["placement", "kind"], name="visit_placement")]


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")


class FosterCareAgreement(TimeStampedModel, VersionedModel):
    """The foster-care agreement signed with the parents at the start of a stay (seed 002)."""

    placement = models.OneToOneField(Placement, on_delete=models.PROTECT, related_name="agreement")
    language = models.CharField(_("family's language"), max_length=8)
    child_receives = models.TextField(_("what the child receives"))
    daily_care_objectives = models.TextField(_("objectives of daily care"))
    other_terms = models.TextField(_("other terms"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    # The signed paper, filed with the case's documents (content checked on upload).
    signed_scan = models.ForeignKey("cases.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("foster-care agreement")


class AbroadAdmission(TimeStampedModel, VersionedModel):
    """The admission procedure form for an institution abroad (seeds 001, 002: the form is sent
    to ONE; its fields are not in the seeds, these are the questions the agency needs answered)."""

    placement = models.OneToOneField(Placement, on_delete=models.PROTECT, related_name="abroad_admission")
    country = models.CharField(_("country"), max_length=2)
    institution_name = models.CharField(_("institution"), max_length=200)
    institution_address = models.TextField(_("institution's address"))
    why_abroad = models.TextField(_("why abroad"))
    tried_in_country = models.TextField(_("what was tried in Luxembourg"))
    child_opinion = models.TextField(_("the child's opinion"), blank=True)
    parents_opinion = models.TextField(_("the parents' opinion"), blank=True)
    costs_covered_by = models.CharField(_("costs covered by"), max_length=200, blank=True)
    requested_on = models.DateField(_("date requested"), null=True, blank=True)
    agency_decision = models.CharField(_("decision of the agency"), max_length=10, choices=AbroadDecision.choices, blank=True)
    agency_decision_on = models.DateField(_("decided on"), null=True, blank=True)
    agency_decision_note = models.TextField(_("decision note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("admission abroad")
