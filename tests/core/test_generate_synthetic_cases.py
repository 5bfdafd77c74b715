"""Synthetic families and case files for benchmarks: realistic, linked, and removable."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from openaef.cases.models import CaseFile, CaseParticipant, ParticipantRole
from openaef.cases.reference import normalise_case_reference
from openaef.cases.states import OPEN_STATES
from openaef.people.models import Person, Relationship
from openaef.people.phonetics import name_fields

pytestmark = pytest.mark.django_db


def generate(**options):  # type: ignore[no-untyped-def]
    out = io.StringIO()
    call_command("generate_synthetic_cases", stdout=out, **options)
    return out.getvalue()


def test_it_makes_families_around_each_case():
    generate(cases=60, batch=25)
    cases = CaseFile.objects.filter(summary__startswith="[synthetic]")
    assert cases.count() == 60
    persons = Person.objects.filter(birth_place="[synthetic]")
    # a child, one or two parents, and brothers and sisters for some
    assert 60 * 2 <= persons.count() <= 60 * 6
    for case in cases.select_related("child", "coordinator", "office"):
        roles = list(CaseParticipant.objects.filter(case=case).values_list("role", flat=True))
        assert roles.count(ParticipantRole.CHILD) == 1 and ParticipantRole.PARENT in roles
        assert normalise_case_reference(case.reference) == case.reference
        assert case.coordinator.memberships.get().office == case.office
        assert 0 <= case.child.age_on(case.opened_on) <= 27
    assert cases.filter(status__in=OPEN_STATES).exists() and cases.exclude(status__in=OPEN_STATES).exists()
    assert Relationship.objects.filter(relative__in=cases.values("child")).count() >= 60


def test_the_names_are_folded_and_keyed_as_the_services_do():
    generate(cases=20)
    for person in Person.objects.filter(birth_place="[synthetic]"):
        expected = name_fields(surname=person.surname, first_names=person.first_names)
        assert {
            key: getattr(person, key) for key in ("surname_folded", "first_names_folded", "surname_key", "first_name_key")
        } == {key: expected[key] for key in ("surname_folded", "first_names_folded", "surname_key", "first_name_key")}


def test_new_rows_get_ids_after_the_generated_ones():
    generate(cases=5)
    highest = Person.objects.order_by("-pk").values_list("pk", flat=True)[0]
    person = Person.objects.create(pack="lu", surname="After", first_names="Anna")
    assert person.pk > highest


def test_clear_removes_synthetic_rows_only(coordinator, office):  # type: ignore[no-untyped-def]
    real_child = Person.objects.create(pack="lu", surname="Real", first_names="Rita")
    CaseFile.objects.create(pack="lu", reference="DOS-26-REAL-00X", child=real_child, office=office, opened_on="2026-01-05")
    generate(cases=10)
    generate(cases=4, clear=True)
    assert CaseFile.objects.filter(summary__startswith="[synthetic]").count() == 4
    assert CaseFile.objects.filter(reference="DOS-26-REAL-00X").exists() and Person.objects.filter(pk=real_child.pk).exists()


def test_it_refuses_a_huge_run_without_force(settings):  # type: ignore[no-untyped-def]
    settings.DEBUG = False
    with pytest.raises(CommandError):
        generate(cases=20_000)
