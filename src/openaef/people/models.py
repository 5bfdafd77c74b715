"""Persons, households and the relationships between them.

A person is recorded once and linked to every case, request and household they take part in;
duplicates are found by identifier, birth date and phonetic names, and merged by
``people.services.person_merge`` (which repoints every link and records the merge).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openaef.core.models import TimeStampedModel, VersionedModel


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Not known")


class IdentifierScheme(models.TextChoices):
    """National identification numbers, each validated with its check digits."""

    LU_MATRICULE = "lu", _("Luxembourg national identification number (13 digits)")
    FR_NIR = "fr", _("French social security number (NIR)")
    BE_NN = "be", _("Belgian national register number")


class PersonQuerySet(models.QuerySet["Person"]):
    def current(self) -> PersonQuerySet:
        """Persons that were not merged into another one."""
        return self.filter(merged_into__isnull=True)


class Person(TimeStampedModel, VersionedModel):
    pack = models.CharField(max_length=10)
    surname_at_birth = models.CharField(_("surname at birth"), max_length=150, blank=True)
    surname = models.CharField(_("current surname"), max_length=150)
    first_names = models.CharField(_("first names"), max_length=200)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    birth_place = models.CharField(_("place of birth"), max_length=150, blank=True)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    nationality = models.CharField(_("nationality"), max_length=2, blank=True, help_text=_("ISO 3166 country code"))
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    national_id_scheme = models.CharField(
        _("identification number type"), max_length=2, choices=IdentifierScheme.choices, blank=True
    )
    national_id = models.CharField(_("national identification number"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    commune = models.ForeignKey(
        "directory.Commune", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("commune")
    )
    phones = models.JSONField(_("telephone numbers"), default=list, blank=True, help_text=_("International format"))
    email = models.EmailField(_("e-mail"), blank=True)
    # Set by the retention run (rights.retention) when the identifying fields were blanked.
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    # Accent- and case-free forms and phonetic keys of the names, kept in step by the services,
    # so that duplicate detection reads an index rather than every person.
    surname_folded = models.CharField(max_length=150, editable=False, default="")
    first_names_folded = models.CharField(max_length=200, editable=False, default="")
    surname_key = models.CharField(max_length=40, editable=False, default="")
    surname_at_birth_key = models.CharField(max_length=40, editable=False, default="")
    first_name_key = models.CharField(max_length=40, editable=False, default="")
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_from", verbose_name=_("merged into")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["surname_folded", "first_names_folded", "id"]
        indexes = [
            models.Index(fields=["birth_date", "surname_key"], name="person_birth_key"),
            models.Index(fields=["surname_key", "first_name_key"], name="person_phonetic"),
            models.Index(fields=["surname_at_birth_key"], name="person_birth_surname_key"),
            models.Index(fields=["surname_folded", "first_names_folded", "id"], name="person_name"),
            models.Index(fields=["national_id_scheme", "national_id"], name="person_national_id"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_names} {self.surname}".strip()

    def age_on(self, day: date) -> int | None:
        born = self.birth_date
        if born is None:
            return None
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class Household(TimeStampedModel, VersionedModel):
    """People living under one roof, at one address."""

    pack = models.CharField(max_length=10)
    name = models.CharField(_("name"), max_length=200, blank=True, help_text=_("For example: the Schmit household"))
    address = models.CharField(_("address"), max_length=300, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    commune = models.ForeignKey(
        "directory.Commune", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("commune")
    )

    class Meta:
        verbose_name = _("household")

    def __str__(self) -> str:
        return self.name or str(_("Household %(id)s") % {"id": self.pk})


class HouseholdMember(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="household_memberships")
    since = models.DateField(_("since"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("household member")
        constraints = [models.UniqueConstraint(fields=["household", "person"], name="household_member_once")]


class RelationshipKind(models.TextChoices):
    """What ``person`` is to ``relative``: "Anna is the mother of Tom"."""

    MOTHER = "mother", _("Mother")
    FATHER = "father", _("Father")
    STEP_PARENT = "step_parent", _("Step-parent")
    SIBLING = "sibling", _("Sibling")
    HALF_SIBLING = "half_sibling", _("Half-sibling")
    GRANDPARENT = "grandparent", _("Grandparent")
    GUARDIAN = "guardian", _("Guardian")
    FOSTER_PARENT = "foster_parent", _("Foster parent")
    OTHER = "other", _("Other")


class Relationship(TimeStampedModel):
    """A typed link: ``person`` is the <kind> of ``relative``.

    Parental authority and legal representation are properties of the link (a father may hold
    parental authority over one child and not another), recorded on the adult's side.
    """

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="relationships")
    relative = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="relationships_to")
    kind = models.CharField(_("relationship"), max_length=20, choices=RelationshipKind.choices)
    kind_details = models.CharField(_("details"), max_length=200, blank=True)
    holds_parental_authority = models.BooleanField(_("holds parental authority"), default=False)
    is_legal_representative = models.BooleanField(_("legal representative"), default=False)
    since = models.DateField(_("since"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("relationship")
        constraints = [
            models.UniqueConstraint(fields=["person", "relative", "kind"], name="relationship_once"),
            models.CheckConstraint(condition=~models.Q(person=models.F("relative")), name="relationship_not_self"),
        ]


class PersonEventKind(models.TextChoices):
    CREATED = "created", _("Person recorded")
    UPDATED = "updated", _("Details changed")
    MERGED = "merged", _("Duplicate merged")
    RELATIONSHIP = "relationship", _("Relationship changed")
    HOUSEHOLD = "household", _("Household changed")


class PersonEvent(models.Model):
    """A person's own history: every change with who, when and what, merges included."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(_("when"), auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    kind = models.CharField(_("what"), max_length=20, choices=PersonEventKind.choices)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("person event")
