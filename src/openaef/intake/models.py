"""Requests for help (the FG1 form's equivalent) and their history."""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openaef.core.models import TimeStampedModel, VersionedModel

from .states import RequestStatus


class Channel(models.TextChoices):
    WEB = "web", _("Online form")
    PHONE = "phone", _("Telephone")
    WALK_IN = "walk_in", _("Walk-in")
    PAPER = "paper", _("Paper form")


class Priority(models.IntegerChoices):
    # Stored as a rank so that sorting by priority puts the most urgent first.
    URGENT = 1, _("Urgent")
    HIGH = 2, _("High")
    NORMAL = 3, _("Normal")


class RequesterType(models.TextChoices):
    CHILD = "child", _("The child")
    YOUNG_ADULT = "young_adult", _("The young adult")
    FAMILY_MEMBER = "family_member", _("A parent or family member")
    PROFESSIONAL = "professional", _("A professional")
    OTHER = "other", _("Another person or organisation")


class ContactPreference(models.TextChoices):
    PHONE = "phone", _("By telephone")
    EMAIL = "email", _("By e-mail")
    POST = "post", _("By post")


class Situation(models.TextChoices):
    NOT_AT_SCHOOL_YET = "not_at_school_yet", _("Not yet at school (at home, childcare)")
    FUNDAMENTAL_SCHOOL = "fundamental_school", _("Primary (fundamental) school")
    SECONDARY_SCHOOL = "secondary_school", _("Secondary school")
    VOCATIONAL_TRAINING = "vocational_training", _("Vocational training or apprenticeship")
    HIGHER_EDUCATION = "higher_education", _("Higher education")
    WORKING = "working", _("Working")
    LOOKING_FOR_WORK = "looking_for_work", _("Looking for work or training")
    NONE = "none", _("Neither at school nor working")
    OTHER = "other", _("Other")


class AgeBand(models.TextChoices):
    INFANT = "0-2", _("0 to 2 years")
    PRESCHOOL = "3-5", _("3 to 5 years")
    CHILD = "6-11", _("6 to 11 years")
    TEEN = "12-17", _("12 to 17 years")
    YOUNG_ADULT = "18-27", _("18 to 27 years")

    def bounds(self) -> tuple[int, int]:
        low, high = self.value.split("-")
        return int(low), int(high)


class HelpRequestQuerySet(models.QuerySet["HelpRequest"]):
    def visible_to(self, user: object) -> HelpRequestQuerySet:
        """Intake officers see every request of the pack; office heads their office's."""
        from openaef.accounts.models import Role

        if not getattr(user, "is_authenticated", False) or not user.is_active:  # type: ignore[attr-defined]
            return self.none()
        if user.has_role(Role.INTAKE_OFFICER):  # type: ignore[attr-defined]
            return self.filter(pack=settings.OPENAEF_PACK)
        if user.has_role(Role.OFFICE_HEAD):  # type: ignore[attr-defined]
            offices = user.memberships.filter(role=Role.OFFICE_HEAD).values("office")  # type: ignore[attr-defined]
            return self.filter(pack=settings.OPENAEF_PACK, office__in=offices)
        return self.none()


class HelpRequest(TimeStampedModel, VersionedModel):
    pack = models.CharField(max_length=10)
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    status = models.CharField(_("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.RECEIVED)
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices, default=Priority.NORMAL)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    received_at = models.DateTimeField(_("received"))

    # Who is asking.
    requester_type = models.CharField(_("who is asking"), max_length=20, choices=RequesterType.choices)
    requester_name = models.CharField(_("name of the person asking"), max_length=200, blank=True)
    requester_organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    requester_relationship = models.CharField(_("relationship to the child"), max_length=100, blank=True)
    contact_phone = models.CharField(_("telephone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    contact_address = models.TextField(_("postal address"), blank=True)
    contact_preference = models.CharField(_("how to be contacted"), max_length=10, choices=ContactPreference.choices)
    # Set by the retention run (rights.retention) when the personal fields were blanked.
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    contact_times = models.CharField(_("best times to call"), max_length=200, blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=8)

    # The child or young adult concerned.
    child_first_names = models.CharField(_("first names"), max_length=200)
    child_surname = models.CharField(_("surname"), max_length=200)
    child_birth_date = models.DateField(_("date of birth"))
    child_commune = models.ForeignKey(
        "directory.Commune", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("commune")
    )
    child_present_in_country = models.BooleanField(_("lives or is staying in the country"), default=True)
    child_situation = models.CharField(_("school or work situation"), max_length=30, choices=Situation.choices, blank=True)
    child_situation_details = models.CharField(_("school, training or work place"), max_length=300, blank=True)
    # Folded copies (no accents, no case) for finding the same child in other requests.
    child_surname_folded = models.CharField(max_length=200, editable=False)
    child_first_names_folded = models.CharField(max_length=200, editable=False)

    # What is going on.
    situation = models.TextField(_("what is going on"))
    needs = models.ManyToManyField("directory.Need", blank=True, related_name="requests", verbose_name=_("needs"))
    parents_informed = models.CharField(_("are the parents aware of this request?"), max_length=10, blank=True)

    # Triage.
    proposed_office = models.ForeignKey(
        "directory.Office", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("proposed office")
    )
    office = models.ForeignKey(
        "directory.Office",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="help_requests",
        verbose_name=_("regional office"),
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_requests",
        verbose_name=_("coordinator"),
    )
    referred_to = models.CharField(_("referred to"), max_length=300, blank=True)
    outcome_reason = models.TextField(_("reason"), blank=True)

    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("recorded by")
    )

    objects = HelpRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("request for help")
        verbose_name_plural = _("requests for help")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["pack", "received_at", "id"], name="hr_received"),
            models.Index(fields=["pack", "status", "received_at", "id"], name="hr_status_received"),
            models.Index(fields=["pack", "priority", "received_at", "id"], name="hr_priority_received"),
            models.Index(fields=["office", "status", "received_at", "id"], name="hr_office_received"),
            models.Index(fields=["child_birth_date", "child_surname_folded"], name="hr_child_identity"),
        ]

    def __str__(self) -> str:
        return self.reference

    def age_on(self, day: date) -> int:
        born = self.child_birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    @property
    def child_full_name(self) -> str:
        return f"{self.child_first_names} {self.child_surname}".strip()


class ParentalAuthority(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Don't know")


class Agreement(models.TextChoices):
    AGREES = "agrees", _("Agrees with the request")
    DISAGREES = "disagrees", _("Does not agree")
    NOT_ASKED = "not_asked", _("Has not been asked")
    UNKNOWN = "unknown", _("Don't know")


class ParentRelationship(models.TextChoices):
    MOTHER = "mother", _("Mother")
    FATHER = "father", _("Father")
    GUARDIAN = "guardian", _("Legal guardian")
    OTHER = "other", _("Other legal representative")


class RequestParent(models.Model):
    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="parents")
    relationship = models.CharField(_("relationship"), max_length=20, choices=ParentRelationship.choices)
    full_name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    parental_authority = models.CharField(
        _("holds parental authority"), max_length=10, choices=ParentalAuthority.choices, default=ParentalAuthority.UNKNOWN
    )
    agreement = models.CharField(
        _("agreement with the request"), max_length=12, choices=Agreement.choices, default=Agreement.UNKNOWN
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("parent or legal representative")


class RequestEventKind(models.TextChoices):
    CREATED = "created", _("Request received")
    STATUS = "status", _("Status changed")
    PRIORITY = "priority", _("Priority changed")


class HelpRequestEvent(models.Model):
    """The request's history: each change with who, when and why."""

    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("when"), auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    kind = models.CharField(_("what"), max_length=20, choices=RequestEventKind.choices)
    from_status = models.CharField(max_length=20, choices=RequestStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=RequestStatus.choices, blank=True)
    reason = models.TextField(_("why"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("request event")


def new_submission_token() -> uuid.UUID:
    return uuid.uuid4()
