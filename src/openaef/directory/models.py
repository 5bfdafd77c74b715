"""The catalogue a jurisdiction pack describes: measure types, offices, providers, communes.

Texts that the pack translates are JSON objects keyed by language ({"fr": ..., "de": ...});
``openaef.core.i18n.pick`` and the ``tr`` template filter choose the reader's language.
Every row carries the pack code and a stable code from the pack so that loading the pack
again updates rows instead of adding new ones.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from openaef.core.i18n import pick


class PackQuerySet(models.QuerySet):
    def for_pack(self, pack: str) -> PackQuerySet:
        return self.filter(pack=pack)


class MeasureCategory(models.TextChoices):
    AMBULATORY = "ambulatory", _("Ambulatory (at home or in a service)")
    STATIONARY = "stationary", _("Stationary (living away from home)")


class Cost(models.TextChoices):
    FREE = "free", _("Free of charge")
    FIRST_SESSION_FREE = "first_session_free", _("First session free, then a contribution")
    CONTRIBUTION = "contribution", _("Financial contribution")


class Language(models.Model):
    code = models.CharField(_("code"), max_length=8, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("language")

    def __str__(self) -> str:
        return self.code


class MeasureType(models.Model):
    pack = models.CharField(max_length=10)
    code = models.CharField(_("code"), max_length=40)
    category = models.CharField(_("category"), max_length=20, choices=MeasureCategory.choices)
    name = models.JSONField(_("name"))
    summary = models.JSONField(_("summary"), default=dict)
    goals = models.JSONField(_("goals"), default=dict)
    for_whom = models.JSONField(_("who it is for"), default=dict)
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    max_duration_months = models.PositiveSmallIntegerField(_("maximum duration (months)"), null=True, blank=True)
    initial_report_with_family = models.BooleanField(_("initial report drafted with the family"), default=False)
    requires_coordinator = models.BooleanField(_("set up through an intervention project"), default=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    position = models.PositiveIntegerField(default=0)

    objects = PackQuerySet.as_manager()

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("measure type")
        constraints = [models.UniqueConstraint(fields=["pack", "code"], name="measuretype_pack_code")]

    def __str__(self) -> str:
        return str(pick(self.name))


class Need(models.Model):
    """What a family can tick on the request form; each points to measure types."""

    pack = models.CharField(max_length=10)
    code = models.CharField(_("code"), max_length=40)
    label = models.JSONField(_("label"))
    hint = models.JSONField(_("hint"), default=dict)
    measure_types = models.ManyToManyField(MeasureType, related_name="needs", blank=True)
    position = models.PositiveIntegerField(default=0)

    objects = PackQuerySet.as_manager()

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("need")
        constraints = [models.UniqueConstraint(fields=["pack", "code"], name="need_pack_code")]

    def __str__(self) -> str:
        return str(pick(self.label))


class Commune(models.Model):
    pack = models.CharField(max_length=10)
    code = models.CharField(_("code"), max_length=60)
    name = models.JSONField(_("name"))
    name_folded = models.CharField(max_length=300, db_index=True)
    canton = models.CharField(_("canton"), max_length=60, db_index=True)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    # The regional office that serves the commune: the nearest one, computed when the pack
    # is loaded unless the pack names one.
    office = models.ForeignKey("Office", on_delete=models.SET_NULL, null=True, blank=True, related_name="communes")

    objects = PackQuerySet.as_manager()

    class Meta:
        ordering = ["name_folded"]
        verbose_name = _("commune")
        constraints = [models.UniqueConstraint(fields=["pack", "code"], name="commune_pack_code")]

    def __str__(self) -> str:
        return str(pick(self.name))


class Postcode(models.Model):
    pack = models.CharField(max_length=10)
    code = models.CharField(_("postcode"), max_length=10)
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="postcodes")

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["pack", "code"], name="postcode_pack_code")]

    def __str__(self) -> str:
        return self.code


class OfficeKind(models.TextChoices):
    HEAD = "head", _("Head office")
    REGIONAL = "regional", _("Regional office")


class Office(models.Model):
    pack = models.CharField(max_length=10)
    code = models.CharField(_("code"), max_length=40)
    kind = models.CharField(_("kind"), max_length=20, choices=OfficeKind.choices)
    name = models.JSONField(_("name"))
    building = models.CharField(_("building"), max_length=200, blank=True)
    street = models.CharField(_("street"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    locality = models.CharField(_("locality"), max_length=100, blank=True)
    commune = models.ForeignKey(Commune, on_delete=models.SET_NULL, null=True, blank=True, related_name="offices_here")
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    appointment = models.JSONField(_("how to get an appointment"), default=dict)
    opening_hours = models.JSONField(_("opening hours"), default=list)
    source = models.CharField(_("source"), max_length=200, blank=True)

    objects = PackQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "locality", "code"]
        verbose_name = _("office")
        constraints = [models.UniqueConstraint(fields=["pack", "code"], name="office_pack_code")]

    def __str__(self) -> str:
        return str(pick(self.name))


class Provider(models.Model):
    pack = models.CharField(max_length=10)
    code = models.CharField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    description = models.JSONField(_("description"), default=dict)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)

    objects = PackQuerySet.as_manager()

    class Meta:
        ordering = ["name", "code"]
        verbose_name = _("provider")
        constraints = [models.UniqueConstraint(fields=["pack", "code"], name="provider_pack_code")]

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    pack = models.CharField(max_length=10)
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="services", verbose_name=_("provider"))
    code = models.CharField(_("code"), max_length=80)
    name = models.JSONField(_("name"))
    measure_types = models.ManyToManyField(MeasureType, related_name="services", blank=True, verbose_name=_("measure types"))
    languages = models.ManyToManyField(Language, related_name="services", blank=True, verbose_name=_("languages"))
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    cost = models.CharField(_("cost"), max_length=30, choices=Cost.choices, blank=True)
    cost_note = models.JSONField(_("cost note"), default=dict, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # Names, descriptions and the provider's name in every language, folded (no accents, no
    # case), so that one indexed column answers the directory's text search.
    search_text = models.TextField(blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)

    objects = PackQuerySet.as_manager()

    class Meta:
        ordering = ["provider__name", "code"]
        verbose_name = _("service")
        constraints = [models.UniqueConstraint(fields=["pack", "code"], name="service_pack_code")]
        indexes = [models.Index(fields=["pack", "cost"]), models.Index(fields=["pack", "min_age", "max_age"])]

    def __str__(self) -> str:
        return str(pick(self.name))

    @property
    def contact_phone(self) -> str:
        return self.phone or self.provider.phone


class ServiceLocation(models.Model):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="locations")
    street = models.CharField(_("street"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    locality = models.CharField(_("locality"), max_length=100, blank=True)
    commune = models.ForeignKey(Commune, on_delete=models.SET_NULL, null=True, blank=True, related_name="service_locations")
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("service location")

    def __str__(self) -> str:
        return ", ".join(part for part in (self.street, f"{self.postcode} {self.locality}".strip()) if part)
