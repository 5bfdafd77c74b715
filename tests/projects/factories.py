"""Cases, projects and their rows for the project tests (written through the services where the
state matters, straight to the tables where it does not)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from openaef.cases.models import CaseFile, CaseParticipant, ParticipantRole
from openaef.cases.selectors import CaseAccess, can_edit_case
from openaef.directory.models import MeasureType
from openaef.people.models import Person, Relationship, RelationshipKind
from openaef.projects import services
from openaef.projects.models import InterventionProject, ProjectGoal
from tests.people.factories import PersonFactory

_counter = iter(range(1, 10**6))

# A drawn signature as the page's script writes it.
DRAWING = "M10 20L30 40L50 45.5"


def make_case(*, office: Any, coordinator: Any = None, birth_date: dt.date = dt.date(2012, 3, 1), **fields: Any) -> CaseFile:
    child = PersonFactory(surname="Schmit", first_names="Léa", birth_date=birth_date, languages=fields.pop("languages", []))
    case = CaseFile.objects.create(
        pack="lu",
        reference=f"P-{next(_counter):06d}",
        child=child,
        office=office,
        coordinator=coordinator,
        opened_on=dt.date(2026, 1, 5),
        **fields,
    )
    CaseParticipant.objects.create(case=case, person=child, role=ParticipantRole.CHILD, position=0)
    return case


def add_parent(case: CaseFile, *, first_names: str, authority: bool, role: str = ParticipantRole.PARENT, **fields: Any) -> Person:
    parent = PersonFactory(surname="Schmit", first_names=first_names, birth_date=dt.date(1985, 1, 1), **fields)
    CaseParticipant.objects.create(case=case, person=parent, role=role, position=case.participants.count())
    Relationship.objects.create(
        person=parent, relative=case.child, kind=RelationshipKind.MOTHER, holds_parental_authority=authority
    )
    return parent


def access_for(case: CaseFile, user: Any) -> CaseAccess:
    return CaseAccess(case=case, can_edit=can_edit_case(user, case))


def measure_type(code: str = "") -> MeasureType:
    qs = MeasureType.objects.filter(pack="lu")
    return (qs.filter(code=code) if code else qs).order_by("position", "code").first()  # type: ignore[return-value]


def goal_rows(*texts: str) -> list[dict[str, Any]]:
    return [{"id": None, "domain": "upbringing", "goal": t, "indicators": "", "target_on": None} for t in texts]


def draft(case: CaseFile, user: Any, *goals: str, language: str = "") -> InterventionProject:
    """A draft project with ``goals`` (one by default), written by ``user``."""
    access = access_for(case, user)
    project = services.project_create(actor=user, access=access, language=language)
    project = services.project_update(
        actor=user,
        access=access,
        project=project,
        expected_version=project.version,
        summary="La famille a besoin de soutien.",
        language=project.language,
        goals=goal_rows(*(goals or ("Rétablir des horaires réguliers",))),
        planned_measures=[],
        actions=[],
        participants=[],
    )
    return project


def proposed(case: CaseFile, user: Any) -> InterventionProject:
    project = draft(case, user)
    return services.project_propose(actor=user, access=access_for(case, user), project=project, expected_version=project.version)


def validated(case: CaseFile, author: Any, validator: Any) -> InterventionProject:
    project = proposed(case, author)
    return services.project_validate(
        actor=validator, access=access_for(case, validator), project=project, expected_version=project.version
    )


def sign_all(project: InterventionProject, user: Any) -> InterventionProject:
    from openaef.projects.selectors import signers_of

    case = project.case
    for signer in [s for s in signers_of(case) if s.required]:
        project.refresh_from_db()
        services.signature_record(
            actor=user,
            access=access_for(case, user),
            project=project,
            expected_version=project.version,
            person_id=signer.person.pk,
            signed_on=timezone.localdate(),
            drawing=DRAWING,
        )
    project.refresh_from_db()
    project.case = case
    return project


def goals_of(project: InterventionProject) -> list[ProjectGoal]:
    return list(project.goals.order_by("position", "id"))
