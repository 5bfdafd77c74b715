"""factory_boy factories shared by the tests."""

from __future__ import annotations

import datetime as dt

import factory
from django.conf import settings
from django.utils import timezone

from openaef.accounts.models import Membership, Role, User
from openaef.core.text import fold
from openaef.intake.models import Channel, ContactPreference, HelpRequest, RequesterType
from openaef.intake.reference import new_reference

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    full_name = factory.Faker("name", locale="fr_FR")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        """UserFactory(roles=[Role.COORDINATOR]) or roles=[(Role.COORDINATOR, office)]."""
        if create:
            self.save()
        for item in extracted or []:
            role, office = item if isinstance(item, tuple) else (item, None)
            Membership.objects.create(user=self, role=role, office=office)


class HelpRequestFactory(factory.django.DjangoModelFactory):
    """A request written straight to the table, for tests that do not exercise submission."""

    class Meta:
        model = HelpRequest

    pack = factory.LazyFunction(lambda: settings.OPENAEF_PACK)
    reference = factory.LazyFunction(lambda: new_reference(timezone.now().year))
    channel = Channel.WEB
    received_at = factory.LazyFunction(timezone.now)
    requester_type = RequesterType.FAMILY_MEMBER
    requester_name = factory.Faker("name", locale="fr_FR")
    contact_phone = "+352 621 123 456"
    contact_preference = ContactPreference.PHONE
    preferred_language = "fr"
    child_first_names = factory.Faker("first_name", locale="fr_FR")
    child_surname = factory.Faker("last_name", locale="fr_FR")
    child_birth_date = dt.date(2015, 5, 17)
    child_surname_folded = factory.LazyAttribute(lambda o: fold(o.child_surname))
    child_first_names_folded = factory.LazyAttribute(lambda o: fold(o.child_first_names))
    situation = "Nous avons besoin d'aide à la maison."


__all__ = ["PASSWORD", "HelpRequestFactory", "Role", "UserFactory"]
