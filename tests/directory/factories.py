"""Factories for the catalogue: providers, services and their locations in the loaded pack."""

from __future__ import annotations

import factory
from django.conf import settings

from openaef.core.text import fold
from openaef.directory.models import Commune, Language, MeasureType, Provider, Service, ServiceLocation


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    pack = factory.LazyFunction(lambda: settings.OPENAEF_PACK)
    code = factory.Sequence(lambda n: f"TEST-PROVIDER-{n}")
    name = factory.Sequence(lambda n: f"Test provider {n}")
    description = factory.LazyFunction(lambda: {"en": "A provider made for a test."})


class ServiceFactory(factory.django.DjangoModelFactory):
    """ServiceFactory(measures=["AMB-PSY"], languages=["pt"], commune="wiltz")."""

    class Meta:
        model = Service
        skip_postgeneration_save = True

    pack = factory.LazyFunction(lambda: settings.OPENAEF_PACK)
    provider = factory.SubFactory(ProviderFactory)
    code = factory.Sequence(lambda n: f"TEST-SERVICE-{n}")
    name = factory.Sequence(lambda n: {"fr": f"Service d'essai {n}", "en": f"Test service {n}"})
    phone = "+352 123 456"
    search_text = factory.LazyAttribute(lambda o: fold(" ".join([*o.name.values(), o.provider.name])))

    @factory.post_generation
    def measures(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if extracted:
            self.measure_types.set(MeasureType.objects.filter(pack=self.pack, code__in=extracted))

    @factory.post_generation
    def languages(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        for code in extracted or []:
            self.languages.add(Language.objects.get_or_create(code=code)[0])

    @factory.post_generation
    def commune(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        """A location at the centre of the commune with this code."""
        if extracted:
            place = Commune.objects.get(pack=self.pack, code=extracted)
            ServiceLocation.objects.create(
                service=self,
                street="1, rue de l'Essai",
                postcode=place.postcodes.first().code,
                locality=str(place),
                commune=place,
                latitude=place.latitude,
                longitude=place.longitude,
            )
