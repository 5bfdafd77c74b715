"""Demo case files with intervention projects, measures, referrals and provider reports.

Everything goes through the services a person would call from a page (cases, people, projects,
measures, the providers' portal), so the demo shows the same timelines, audit entries and
notifications real use would. A family's case is built in full the first time the command runs;
once it exists it is left alone, so a second run adds nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from openaef.accounts.models import Membership, Role, User
from openaef.cases.models import CaseFile, Framework, ParticipantRole
from openaef.cases.selectors import CaseAccess, get_case_for
from openaef.cases.services import ParticipantInput, case_open
from openaef.directory.models import Commune, MeasureType, Office, Provider, Service
from openaef.measures.models import ConsentMethod, Measure, Referral, ServiceCapacity
from openaef.measures.services import measure_create, measure_refer, measure_start
from openaef.measures.services_provider import (
    activity_record,
    capacity_save,
    referral_accept,
    referral_waitlist,
    report_save_draft,
    report_submit,
)
from openaef.people.models import Person
from openaef.people.services import person_create, relationship_add
from openaef.projects.models import InterventionProject
from openaef.projects.services import (
    assessment_record,
    project_activate,
    project_create,
    project_propose,
    project_update,
    project_validate,
    signature_record,
)

from ._demo_data import (
    ACTIVE_ACTIONS,
    ACTIVE_GOALS,
    ACTIVE_SCORES,
    DEMO_SIGNATURE,
    FAMILIES,
    INITIAL_REPORT,
    PROPOSED_GOALS,
    PROPOSED_SCORES,
    SHARED_SUMMARIES,
    DemoFamily,
)

PLACES = 6


@dataclass(frozen=True)
class Cast:
    """Who does what in the demo, and where the measures go."""

    users: dict[str, User]
    provider_user: User
    service: Service  # the demo provider's service (its staff see these referrals)
    other_service: Service  # another provider's: the demo provider must not see it

    def office_of(self, local_part: str) -> Office:
        return Membership.objects.get(user=self.users[local_part], role=Role.COORDINATOR).office  # type: ignore[return-value]


def demo_provider(provider_user: User) -> Provider | None:
    membership = Membership.objects.filter(user=provider_user, role=Role.PROVIDER_STAFF, provider__isnull=False).first()
    return membership.provider if membership else None


def _type_for(service: Service, age: int) -> MeasureType | None:
    """The first measure type of ``service`` open to a child of ``age`` (no bound: open)."""
    for measure_type in service.measure_types.order_by("code"):
        if (measure_type.min_age is None or measure_type.min_age <= age) and (
            measure_type.max_age is None or age <= measure_type.max_age
        ):
            return measure_type
    return None


def _offered(service: Service, age: int) -> MeasureType:
    measure_type = _type_for(service, age)
    assert measure_type is not None  # cast_for chose services that have one for every child
    return measure_type


def _first_for_all(services: Any) -> Service | None:
    """The first service that has a measure type for every demo child."""
    ages = [family.age for family in FAMILIES]
    return next((s for s in services if all(_type_for(s, age) for age in ages)), None)


def cast_for(pack: str, users: dict[str, User]) -> Cast | None:
    provider_user = users["provider"]
    provider = demo_provider(provider_user)
    if provider is None:
        return None
    service = _first_for_all(provider.services.order_by("code"))
    if service is None:
        return None
    taken = set(service.measure_types.values_list("pk", flat=True))
    others = (
        Service.objects.filter(pack=pack)
        .exclude(provider=provider)
        .exclude(provider__code="ONE")
        .exclude(measure_types__in=taken)
        .order_by("provider__code", "code")
    )
    other = _first_for_all(others)
    if other is None:
        return None
    return Cast(users=users, provider_user=provider_user, service=service, other_service=other)


def build_demo_cases(pack: str, users: dict[str, User]) -> int:
    """Opens the demo families' cases that do not exist yet; returns how many were opened."""
    cast = cast_for(pack, users)
    if cast is None:
        return 0
    created = 0
    for family in FAMILIES:
        coordinator = users[family.coordinator]
        if CaseFile.objects.filter(
            pack=pack, created_by=coordinator, child__surname=family.surname, child__first_names=family.first_names
        ).exists():
            continue
        case, parent = _open_case(pack, family, cast)
        access = get_case_for(coordinator, case.pk, audit=False)
        STORIES[family.story](family, cast, access, parent)
        created += 1
    _publish_capacity(cast)
    return created


# Opening a case --------------------------------------------------------------------------------


def _open_case(pack: str, family: DemoFamily, cast: Cast) -> tuple[CaseFile, Person]:
    coordinator = cast.users[family.coordinator]
    today = timezone.localdate()
    commune = Commune.objects.filter(pack=pack, code=family.commune).first()
    languages = [family.language] if family.language == "fr" else [family.language, "fr"]
    child = person_create(
        actor=coordinator,
        pack=pack,
        surname=family.surname,
        first_names=family.first_names,
        birth_date=today - relativedelta(years=family.age, months=4, days=11),
        sex=family.sex,
        languages=languages,
        commune=commune,
    )
    parent = person_create(
        actor=coordinator,
        pack=pack,
        surname=family.surname,
        first_names=family.parent_first_names,
        languages=languages,
        commune=commune,
    )
    relationship_add(
        actor=coordinator,
        person=parent,
        relative=child,
        kind=family.parent_kind,
        holds_parental_authority=True,
        is_legal_representative=True,
    )
    case = case_open(
        actor=coordinator,
        pack=pack,
        child=child,
        office=cast.office_of(family.coordinator),
        coordinator=coordinator,
        framework=Framework.VOLUNTARY,
        summary=family.summary,
        participants=[ParticipantInput(person=parent, role=ParticipantRole.PARENT, agrees=True)],
        opened_on=today - dt.timedelta(days=150 if family.story == "active" else 20),
    )
    return case, parent


# The stories -----------------------------------------------------------------------------------


def _goals(rows: list[tuple[str, str, str]], target: dt.date) -> list[dict[str, Any]]:
    return [{"domain": d, "goal": g, "indicators": i, "target_on": target} for d, g, i in rows]


def _refer(
    cast: Cast, access: CaseAccess, measure: Measure, service: Service, summary: str, parent: Person, method: str, on: dt.date
) -> Referral:
    return measure_refer(
        actor=access.case.coordinator,
        access=access,
        measure=measure,
        expected_version=measure.version,
        service=service,
        location=None,
        shared_summary=summary,
        consent_by=parent,
        consent_method=method,
        consent_on=on,
    )


def _write_active_project(family: DemoFamily, cast: Cast, access: CaseAccess, parent: Person) -> InterventionProject:
    coordinator, opened = access.case.coordinator, access.case.opened_on
    project = project_create(actor=coordinator, access=access, language="fr")
    psy = {"purpose": "Suivi psychologique de Noé.", "intensity": "Une séance par semaine"}
    saf = {"purpose": "Aide à domicile pour le cadre éducatif.", "intensity": "Deux visites par semaine"}
    return project_update(
        actor=coordinator,
        access=access,
        project=project,
        expected_version=project.version,
        summary="Soutenir la mère dans son rôle éducatif et aider Noé à apaiser ses colères, en lien avec l'école.",
        language="fr",
        goals=_goals(ACTIVE_GOALS, opened + relativedelta(months=12)),
        planned_measures=[
            {"measure_type": _offered(cast.service, family.age), **psy},
            {"measure_type": _offered(cast.other_service, family.age), **saf},
        ],
        actions=[{"party": p, "who": w, "action": a, "due_on": None} for p, w, a in ACTIVE_ACTIONS],
        participants=[
            {"person": parent, "name": "", "role": "Mère"},
            {"person": access.case.child, "name": "", "role": "Enfant"},
            {"person": None, "name": "M. Theis, instituteur", "role": "École fondamentale"},
        ],
    )


def _office_head(cast: Cast, case: CaseFile) -> User:
    membership = Membership.objects.filter(role=Role.OFFICE_HEAD, office=case.office_id, user__in=cast.users.values()).first()
    assert membership is not None  # every demo office has a demo head (_demo_data.USERS)
    return membership.user


def _active(family: DemoFamily, cast: Cast, access: CaseAccess, parent: Person) -> None:
    """Needs scored twice, the project written, proposed, validated by the office head, signed by
    the parent on screen and started; two measures from it."""
    coordinator, head = access.case.coordinator, _office_head(cast, access.case)
    opened = access.case.opened_on
    first: dict[str, int | None] = {domain: before for domain, before, _after in ACTIVE_SCORES}
    assessment_record(actor=coordinator, access=access, assessed_on=opened + dt.timedelta(days=9), scores=first)
    project = _write_active_project(family, cast, access, parent)
    project = project_propose(actor=coordinator, access=access, project=project, expected_version=project.version)
    head_access = get_case_for(head, access.case.pk, audit=False)
    project = project_validate(actor=head, access=head_access, project=project, expected_version=project.version)
    signed_on = opened + dt.timedelta(days=30)
    signature_record(
        actor=coordinator,
        access=access,
        project=project,
        expected_version=project.version,
        person_id=parent.pk,
        signed_on=signed_on,
        drawing=DEMO_SIGNATURE,
    )
    project = InterventionProject.objects.get(pk=project.pk)  # the last signature made it agreed
    project = project_activate(
        actor=coordinator, access=access, project=project, expected_version=project.version, starts_on=signed_on
    )
    later: dict[str, int | None] = {domain: after for domain, _before, after in ACTIVE_SCORES}
    assessed_on = timezone.localdate() - dt.timedelta(days=7)
    assessment_record(actor=coordinator, access=access, assessed_on=assessed_on, scores=later, project=project)
    planned = list(project.planned_measures.order_by("position", "id"))
    _active_measure(cast, access, parent, planned[0], signed_on)
    saf = measure_create(actor=coordinator, access=access, planned=planned[1])
    _refer(cast, access, saf, cast.other_service, SHARED_SUMMARIES["saf"], parent, ConsentMethod.SIGNED_PROJECT, signed_on)


def _active_measure(cast: Cast, access: CaseAccess, parent: Person, planned: Any, consent_on: dt.date) -> None:
    """Referred, accepted by the demo provider, started four weeks ago, a month or two of
    activity recorded and the initial report sent for the coordinator's review."""
    coordinator, staff = access.case.coordinator, cast.provider_user
    today = timezone.localdate()
    measure = measure_create(actor=coordinator, access=access, planned=planned)
    referral = _refer(
        cast, access, measure, cast.service, SHARED_SUMMARIES["active"], parent, ConsentMethod.SIGNED_PROJECT, consent_on
    )
    started_on = today - dt.timedelta(days=28)
    referral_accept(actor=staff, referral=referral, expected_version=referral.version, expected_start=started_on)
    measure = Measure.objects.get(pk=measure.pk)
    measure = measure_start(
        actor=coordinator, access=access, measure=measure, expected_version=measure.version, started_on=started_on
    )
    month = started_on.replace(day=1)
    while month <= today:
        activity_record(actor=staff, measure=measure, month=month, days=None, hours=Decimal("4"), note="")
        month += relativedelta(months=1)
    report = report_save_draft(
        actor=staff,
        measure=measure,
        situation=INITIAL_REPORT["situation"],
        needs=INITIAL_REPORT["needs"],
        objectives=INITIAL_REPORT["objectives"],
        drafted_with_family=True,
    )
    report_submit(actor=staff, report=report, expected_version=report.version)


def _proposed(family: DemoFamily, cast: Cast, access: CaseAccess, parent: Person) -> None:
    """Needs scored once, the project proposed (the office head is told); a measure referred to
    the demo provider straight away, waiting for its answer."""
    coordinator = access.case.coordinator
    today = timezone.localdate()
    assessment_record(
        actor=coordinator,
        access=access,
        assessed_on=today - dt.timedelta(days=12),
        scores=dict(PROPOSED_SCORES),
    )
    psy_type = _offered(cast.service, family.age)
    project = project_create(actor=coordinator, access=access)
    project = project_update(
        actor=coordinator,
        access=access,
        project=project,
        expected_version=project.version,
        summary="Aider Ana à retrouver le chemin de l'école et des liens avec des jeunes de son âge.",
        language=project.language,
        goals=_goals(PROPOSED_GOALS, today + relativedelta(months=6)),
        planned_measures=[{"measure_type": psy_type, "purpose": "Suivi psychologique d'Ana.", "intensity": "Chaque semaine"}],
        actions=[{"party": "family", "who": "Rui Tavares", "action": "Rencontre l'école avec Ana.", "due_on": None}],
        participants=[
            {"person": parent, "name": "", "role": "Père"},
            {"person": access.case.child, "name": "", "role": "Enfant"},
        ],
    )
    project_propose(actor=coordinator, access=access, project=project, expected_version=project.version)
    measure = measure_create(actor=coordinator, access=access, measure_type=psy_type)
    _refer(cast, access, measure, cast.service, SHARED_SUMMARIES["proposed"], parent, ConsentMethod.WRITTEN, today)


def _waiting(family: DemoFamily, cast: Cast, access: CaseAccess, parent: Person) -> None:
    """A measure referred to the demo provider, who puts the child on the service's waiting list."""
    coordinator = access.case.coordinator
    today = timezone.localdate()
    measure = measure_create(actor=coordinator, access=access, measure_type=_offered(cast.service, family.age))
    referral = _refer(cast, access, measure, cast.service, SHARED_SUMMARIES["waiting"], parent, ConsentMethod.ORAL, today)
    referral_waitlist(actor=cast.provider_user, referral=referral, expected_version=referral.version)


STORIES = {"active": _active, "proposed": _proposed, "waiting": _waiting}


def _publish_capacity(cast: Cast) -> None:
    """The demo service's places, free from the first of next month: the public directory says
    "places available from ...". Moved forward when a later run finds the date passed."""
    next_month = (timezone.localdate() + relativedelta(months=1)).replace(day=1)
    capacity = ServiceCapacity.objects.filter(service=cast.service, location__isnull=True).first()
    if capacity is not None and capacity.available_from and capacity.available_from > timezone.localdate():
        return
    capacity_save(
        actor=cast.provider_user,
        service=cast.service,
        location=None,
        places=PLACES,
        hours_per_month=None,
        available_from=next_month,
        expected_version=capacity.version if capacity else None,
    )
