"""Reading intervention projects, always behind ``cases.selectors.get_case_for``.

A project is reached through its case's ``CaseAccess``: a project of another case, like a
missing one, is "not found". What one project page shows is read in a fixed number of queries,
however many goals, revisions or evaluations the project has.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from openaef.accounts.models import Membership, Role
from openaef.cases.models import CaseEvent, CaseEventKind, CaseFile, CaseParticipant
from openaef.cases.selectors import CaseAccess
from openaef.directory.models import MeasureType
from openaef.people.models import Person

from .models import (
    InterventionProject,
    NeedAssessment,
    PlannedMeasure,
    ProjectEvaluation,
    ProjectGoal,
    ProjectRevision,
    ProjectSignature,
)
from .parameters import ProjectRules, project_rules
from .signatures import Signer, case_signers
from .states import CURRENT_STATES

HISTORY_SIZE = 50
# Scores kept on the page per domain (the newest): years of quarterly scores stay readable.
SCORES_PER_DOMAIN = 12
REVISIONS_PAGE = 100


def rules_for(case: CaseFile) -> ProjectRules:
    return project_rules(case.pack)


def project_url(project: InterventionProject) -> str:
    return reverse("backoffice:project_detail", args=[project.case_id, project.pk])


def get_project_for(access: CaseAccess, project_pk: int) -> InterventionProject:
    """The project of ``access.case`` with this id; 404 for another case's or a missing one."""
    project = InterventionProject.objects.select_related("author", "validated_by").filter(pk=project_pk).first()
    if project is None or project.case_id != access.case.pk:
        raise Http404
    project.case = access.case
    return project


def current_project(case: CaseFile) -> InterventionProject | None:
    return InterventionProject.objects.filter(case=case, status__in=CURRENT_STATES).order_by("-created_at", "-id").first()


def edit_choices(case: CaseFile) -> tuple[QuerySet[Person], QuerySet[MeasureType]]:
    """What the project's edit page offers: the persons of the case (participants) and the
    pack's measure types (planned measures)."""
    in_case = CaseParticipant.objects.filter(case=case).values("person_id")
    persons = Person.objects.filter(pk__in=in_case).order_by("surname_folded", "first_names_folded", "id")
    return persons, MeasureType.objects.filter(pack=case.pack).order_by("position", "code")


def signed_person_ids(project: InterventionProject) -> set[int]:
    """Who has signed the project's current revision."""
    return set(project.signatures.filter(revision=project.revision).values_list("person_id", flat=True))


# Who may validate ----------------------------------------------------------------------------


def may_validate(user: Any, project: InterventionProject, case: CaseFile) -> bool:
    """The pack's validators of the case's office (office head, coordinator), and never the
    author or the one who proposed it where the pack asks for a second pair of eyes."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    rules = rules_for(case)
    if rules.validation_by_other_than_author and user.pk in {project.author_id, project.proposed_by_id}:
        return False
    roles = [r for r in rules.validation_roles if r in (Role.OFFICE_HEAD, Role.COORDINATOR)]
    return Membership.objects.filter(user=user, office_id=case.office_id, role__in=roles).exists()


def validators_of(case: CaseFile, *, excluding: Any = None) -> list[Any]:
    """Who is told a project waits for validation: the office's heads and coordinators as the pack says."""
    from openaef.accounts.models import User

    roles = [r for r in rules_for(case).validation_roles if r in (Role.OFFICE_HEAD, Role.COORDINATOR)]
    users = User.objects.filter(memberships__office_id=case.office_id, memberships__role__in=roles, is_active=True)
    if excluding is not None:
        users = users.exclude(pk=excluding.pk)
    return list(users.distinct().order_by("full_name", "id"))


# Signers -------------------------------------------------------------------------------------


def signers_of(case: CaseFile, *, on: dt.date | None = None) -> list[Signer]:
    participants = list(CaseParticipant.objects.filter(case=case).select_related("person").order_by("position", "id"))
    return case_signers(case, rules_for(case), on=on or timezone.localdate(), participants=participants)


# The project page ----------------------------------------------------------------------------


@dataclass
class DomainScores:
    code: str
    label: str
    rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def latest(self) -> dict[str, Any] | None:
        return self.rows[-1] if self.rows else None


@dataclass
class ProjectPage:
    project: InterventionProject
    goals: list[ProjectGoal]
    planned_measures: list[PlannedMeasure]
    actions: list[Any]
    participants: list[Any]
    signatures: list[ProjectSignature]
    evaluations: list[ProjectEvaluation]
    needs: list[DomainScores]
    events: list[CaseEvent]
    revisions_count: int
    signers: list[Signer]

    @property
    def current_signatures(self) -> list[ProjectSignature]:
        return [s for s in self.signatures if s.revision == self.project.revision]

    @property
    def missing_signers(self) -> list[Signer]:
        signed = {s.person_id for s in self.current_signatures}
        return [s for s in self.signers if s.required and s.person.pk not in signed]

    @property
    def open_evaluation(self) -> ProjectEvaluation | None:
        return next((e for e in reversed(self.evaluations) if e.held_on is None), None)


def need_scores(case: CaseFile) -> list[DomainScores]:
    """Each domain of the pack with its scores over time, oldest first (one query)."""
    rules = rules_for(case)
    by_domain: dict[str, list[NeedAssessment]] = defaultdict(list)
    for row in NeedAssessment.objects.filter(case=case).order_by("domain", "assessed_on", "id"):
        by_domain[row.domain].append(row)
    result = []
    for domain in rules.domains:
        rows = by_domain.get(domain.code, [])[-SCORES_PER_DOMAIN:]
        result.append(
            DomainScores(
                code=domain.code,
                label=domain.label,
                rows=[
                    {
                        "on": r.assessed_on,
                        "score": r.score,
                        "label": rules.score_label(r.score),
                        "observations": r.observations,
                    }
                    for r in rows
                ],
            )
        )
    return result


def project_events(project: InterventionProject, *, size: int = HISTORY_SIZE) -> list[CaseEvent]:
    return list(
        CaseEvent.objects.filter(case_id=project.case_id, kind=CaseEventKind.PROJECT, data__project=project.pk)
        .select_related("actor")
        .order_by("-at", "-id")[:size]
    )


def project_page(project: InterventionProject, case: CaseFile) -> ProjectPage:
    """Everything the project page shows, in a fixed number of queries."""
    return ProjectPage(
        project=project,
        goals=list(project.goals.order_by("position", "id")),
        planned_measures=list(project.planned_measures.select_related("measure_type").order_by("position", "id")),
        actions=list(project.actions.order_by("position", "id")),
        participants=list(project.participants.select_related("person").order_by("id")),
        signatures=list(project.signatures.select_related("person", "recorded_by").order_by("revision", "id")),
        evaluations=list(project.evaluations.select_related("held_by").order_by("due_on", "id")),
        needs=need_scores(case),
        events=project_events(project),
        revisions_count=project.revisions.count(),
        signers=signers_of(case),
    )


def project_history(case: CaseFile) -> list[InterventionProject]:
    """The case's projects, newest first (a case has a handful over its life)."""
    return list(InterventionProject.objects.filter(case=case).order_by("-created_at", "-id")[:50])


# Revisions -----------------------------------------------------------------------------------


def revisions_of(project: InterventionProject, *, size: int = REVISIONS_PAGE) -> list[ProjectRevision]:
    """The newest saves first, without their content (the list does not need it)."""
    return list(project.revisions.select_related("saved_by").defer("content").order_by("-number", "-save_number", "-id")[:size])


def get_revision_for(project: InterventionProject, revision_pk: int) -> ProjectRevision:
    revision = ProjectRevision.objects.filter(pk=revision_pk, project=project).first()
    if revision is None:
        raise Http404
    return revision


def latest_revision(project: InterventionProject) -> ProjectRevision | None:
    return project.revisions.order_by("-number", "-save_number", "-id").first()
