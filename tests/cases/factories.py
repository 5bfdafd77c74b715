"""Persons and case files for the case tests, written straight to the tables."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.utils import timezone

from openaef.cases.models import CaseFile, CaseParticipant, ParticipantRole
from openaef.cases.reference import new_case_reference
from tests.people.factories import PersonFactory

__all__ = ["CaseFactory", "PersonFactory", "make_case"]


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseFile

    pack = "lu"
    reference = factory.LazyFunction(lambda: new_case_reference(timezone.now().year))
    child = factory.SubFactory(PersonFactory)
    opened_on = dt.date(2026, 1, 5)


def make_case(**fields: Any) -> CaseFile:
    """A case with its child as the first person in it, as the services open one."""
    case = CaseFactory(**fields)
    CaseParticipant.objects.create(case=case, person=case.child, role=ParticipantRole.CHILD, position=0)
    return case
