"""Persons and case files written straight to the tables, for the people tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory

from openaef.cases.models import CaseFile, CaseParticipant, ParticipantRole
from openaef.people.models import Person
from openaef.people.phonetics import name_fields


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    pack = "lu"
    surname = factory.Faker("last_name", locale="fr_FR")
    first_names = factory.Faker("first_name", locale="fr_FR")
    birth_date = dt.date(2015, 5, 17)

    @classmethod
    def _create(cls, model_class: type[Person], *args: Any, **kwargs: Any) -> Person:
        kwargs.update(
            name_fields(
                surname=kwargs.get("surname", ""),
                first_names=kwargs.get("first_names", ""),
                surname_at_birth=kwargs.get("surname_at_birth", ""),
            )
        )
        return super()._create(model_class, *args, **kwargs)


class CaseFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseFile

    pack = "lu"
    reference = factory.Sequence(lambda n: f"T-{n:06d}")
    child = factory.SubFactory(PersonFactory)
    opened_on = dt.date(2026, 1, 5)


def add_participant(case: CaseFile, person: Person, role: str = ParticipantRole.PARENT) -> CaseParticipant:
    return CaseParticipant.objects.create(case=case, person=person, role=role)
