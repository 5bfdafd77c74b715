"""Demo foster families, placements, a court decision, a consent request and a complaint.

Everything a page would do goes through the apps' services (foster, courts, measures and the
providers' portal, placements, consents), so the demo shows the same timelines, audit entries,
tasks, notifications and versions real use would. Fictional people only; dates are counted from
today so that the demo stays current (an approval ending soon, a priority placement near its
three months, a hearing next month).

The Luxembourg pack names no provider of stationary measures (providers.yaml: the seeds'
"Providers" headings are empty), so no measure could be referred for a placement. The demo adds
one fictional organisation, with a children's home on two sites and a foster-care service, and a
staff login for it. The directory has no write service (the pack loader writes it directly), so
those rows are the only ones written here without one.

Each family and each child's case is built in full the first time; once it exists it is left
alone, so a second run adds nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from openaef.accounts.models import Membership, Role, User
from openaef.accounts.twofactor import TOTP_DEVICE_NAME
from openaef.cases.models import CaseFile, Framework, ParticipantRole
from openaef.cases.selectors import CaseAccess, get_case_for
from openaef.cases.services import ParticipantInput, case_open
from openaef.consents.models import ActKind, AnswerMethod, EverydayActKind
from openaef.consents.services import consent_answer_record, consent_request_create, everyday_act_record
from openaef.consents.services_complaints import complaint_assign, complaint_record
from openaef.consents.states import Answer
from openaef.core.text import fold
from openaef.courts.models import Authority, DecisionKind, JudicialDecision
from openaef.courts.services import decision_record, hearing_record, ordered_measure_add
from openaef.directory.models import Commune, Language, MeasureType, Provider, Service, ServiceLocation
from openaef.directory.selectors import filter_choices_forget
from openaef.foster import services as foster
from openaef.foster.models import FosterFamily, FosterFamilyStatus, HouseholdRole
from openaef.measures.models import ConsentMethod, Measure
from openaef.measures.services import measure_create, measure_refer
from openaef.measures.services_provider import referral_accept
from openaef.people.models import Person
from openaef.people.services import person_create, relationship_add
from openaef.placements.checks import Place
from openaef.placements.models import Destination, LegalBasis, PlaceKind, Placement, VisitKind
from openaef.placements.services import placement_admit, placement_discharge, placement_open, placement_transfer
from openaef.placements.services_family import agreement_save, visit_save

from ._demo_data import DEMO_DOMAIN

# The fictional organisation ----------------------------------------------------------------------

PROVIDER = "DEMO-KANNERHAFF"
HOME = "DEMO-KANNERHAFF-FOYER"  # children's home: priority and institutional placements
FOSTER_CARE = "DEMO-KANNERHAFF-FAMILLES"  # foster-care service: placements in families, support of families
HOME_TYPES = ["STA-PRIO", "STA-INST-BASE", "STA-INST-SPED"]
SITES = [
    ("12 rue de l'Alzette", "4011", "Esch-sur-Alzette", "esch-sur-alzette"),
    ("5 rue du Canal", "9050", "Ettelbruck", "ettelbruck"),
]
STAFF = ("foyer", "Patrick Hilbert")  # the organisation's demo login: foyer@demo.openaef.lu


@dataclass(frozen=True)
class Stage:
    """Who acts in the placement stories, and where the children go."""

    users: dict[str, User]
    staff: User
    home: Service
    sites: list[ServiceLocation]
    foster_care: Service

    def access(self, local_part: str, case: CaseFile) -> CaseAccess:
        return get_case_for(self.users[local_part], case.pk, audit=False)


def _organisation(pack: str) -> tuple[Service, list[ServiceLocation], Service]:
    provider, _created = Provider.objects.get_or_create(
        pack=pack,
        code=PROVIDER,
        defaults={
            "name": "Kannerhaff asbl (fictive, démo)",
            "description": {"fr": "Organisation fictive de la démonstration : foyers pour enfants et placement familial."},
            "source": "demo (load_demo): not a real provider",
        },
    )
    types = {t.code: t for t in MeasureType.objects.filter(pack=pack, code__in=[*HOME_TYPES, "STA-FOSTER"])}
    home = _service(provider, HOME, "Foyer Kannerhaff (démo)", [types[c] for c in HOME_TYPES if c in types])
    sites = list(home.locations.order_by("id"))
    if not sites:
        communes = {c.code: c for c in Commune.objects.filter(pack=pack, code__in=[s[3] for s in SITES])}
        for street, postcode, locality, commune_code in SITES:
            commune = communes.get(commune_code)
            ServiceLocation.objects.create(
                service=home,
                street=street,
                postcode=postcode,
                locality=locality,
                commune=commune,
                latitude=commune.latitude if commune else None,
                longitude=commune.longitude if commune else None,
            )
        sites = list(home.locations.order_by("id"))
        filter_choices_forget(pack)
    foster_types = [types["STA-FOSTER"]] if "STA-FOSTER" in types else []
    foster_care = _service(provider, FOSTER_CARE, "Placement familial Kannerhaff (démo)", foster_types)
    return home, sites, foster_care


def _service(provider: Provider, code: str, name: str, measure_types: list[MeasureType]) -> Service:
    service, created = Service.objects.get_or_create(
        pack=provider.pack,
        code=code,
        defaults={"provider": provider, "name": {"fr": name}, "source": provider.source, "search_text": fold(name)},
    )
    if created:
        service.measure_types.set(measure_types)
        service.languages.set(Language.objects.filter(code__in=["fr", "lb", "de"]))
    return service


def demo_provider_staff() -> User:
    """The demo organisation's staff login (created with the placements)."""
    return User.objects.get(email=f"{STAFF[0]}@{DEMO_DOMAIN}")


def _staff(provider: Provider) -> User:
    from .load_demo import demo_password  # imported here: load_demo imports this module

    email = f"{STAFF[0]}@{DEMO_DOMAIN}"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, demo_password(), full_name=STAFF[1])
    elif not user.check_password(demo_password()):
        user.set_password(demo_password())
        user.save(update_fields=["password"])
    TOTPDevice.objects.get_or_create(user=user, confirmed=True, defaults={"name": TOTP_DEVICE_NAME})
    Membership.objects.get_or_create(user=user, role=Role.PROVIDER_STAFF, office=None, provider=provider)
    return user


# Foster families --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoFoster:
    name: str
    street: str
    postcode: str
    locality: str
    commune: str
    languages: tuple[str, ...]
    capacity: int
    ages: tuple[int, int]
    state: str  # applied | assessment | approved | renewed | suspended
    until_days: int = 0  # approved: the approval ends this many days from today


FOSTERS = [
    DemoFoster(
        "Famille Wagner-Lopes", "14 rue des Prés", "4390", "Pontpierre", "mondercange", ("fr", "lb"), 2, (0, 12), "renewed", 240
    ),
    DemoFoster("Famille Schroeder", "3 Kiirchestrooss", "9280", "Diekirch", "diekirch", ("lb", "de"), 1, (3, 17), "approved", 45),
    DemoFoster(
        "Famille Hoffmann-Reis", "27 route de Noertrange", "9511", "Wiltz", "wiltz", ("lb", "fr"), 2, (6, 17), "suspended", 400
    ),
    DemoFoster("Famille Almeida", "8 rue Émile Mark", "4620", "Differdange", "differdange", ("fr",), 1, (0, 6), "assessment"),
    DemoFoster("Famille Klein", "41 rue Principale", "7540", "Rollingen", "mersch", ("lb", "de", "en"), 1, (10, 17), "applied"),
]
HOUSEHOLD = [
    ("Marc Wagner", HouseholdRole.FOSTER_PARENT, 44),
    ("Sónia Lopes", HouseholdRole.FOSTER_PARENT, 41),
    ("Tom Wagner", HouseholdRole.CHILD, 15),
]
TRAININGS = [
    ("Formation initiale des familles d'accueil", 460, Decimal("24"), "Placement familial Kannerhaff (démo)"),
    ("Premiers secours pour enfants et nourrissons", 120, Decimal("6"), "Formation continue, organisme fictif"),
]


def _foster_families(pack: str, stage: Stage) -> dict[str, FosterFamily]:
    existing = {f.name: f for f in FosterFamily.objects.filter(pack=pack, name__in=[d.name for d in FOSTERS])}
    for demo in FOSTERS:
        if demo.name not in existing:
            existing[demo.name] = _foster_family(pack, demo, stage)
    return existing


def _foster_family(pack: str, demo: DemoFoster, stage: Stage) -> FosterFamily:
    coordinator, head, today = stage.users["coordinator.diff"], stage.users["head.diff"], timezone.localdate()
    details = foster.FamilyDetails(
        name=demo.name,
        street=demo.street,
        postcode=demo.postcode,
        locality=demo.locality,
        commune=Commune.objects.filter(pack=pack, code=demo.commune).first(),
        languages=list(Language.objects.filter(code__in=demo.languages)),
        capacity=demo.capacity,
        min_age=demo.ages[0],
        max_age=demo.ages[1],
    )
    family = foster.family_create(actor=coordinator, details=details)
    if demo.state == "applied":
        return family
    family = foster.family_transition(actor=coordinator, family=family, expected_version=family.version, target="assessment")
    if demo.state == "assessment":
        return family
    until = today + dt.timedelta(days=demo.until_days)
    # A renewed family's first approval ended months ago; its renewal runs until ``until``.
    first_until = until - relativedelta(years=1) if demo.state == "renewed" else until
    family = foster.family_approve(
        actor=head,
        family=family,
        expected_version=family.version,
        approved_from=first_until - relativedelta(years=2) + dt.timedelta(days=1),
        approved_until=first_until,
        note="Agrément du ministère reçu ; évaluation favorable du service de placement familial.",
    )
    if demo.state == "renewed":
        family = foster.family_renew_approval(
            actor=head, family=family, expected_version=family.version, approved_until=until, note="Renouvellement d'un an."
        )
        _household(family, stage, today)
    family = foster.family_set_support_service(
        actor=coordinator, family=family, expected_version=family.version, service=stage.foster_care
    )
    if demo.state == "suspended":
        family = foster.family_transition(
            actor=head,
            family=family,
            expected_version=family.version,
            target=FosterFamilyStatus.SUSPENDED,
            reason="Naissance d'un bébé dans la famille : pause demandée par la famille pour six mois.",
        )
    return family


def _household(family: FosterFamily, stage: Stage, today: dt.date) -> None:
    coordinator = stage.users["coordinator.diff"]
    for name, role, age in HOUSEHOLD:
        foster.member_add(
            actor=coordinator, family=family, name=name, role=role, birth_year=today.year - age, lives_in_household=True
        )
    for title, days_ago, hours, given_by in TRAININGS:
        foster.training_add(
            actor=coordinator, family=family, title=title, on=today - dt.timedelta(days=days_ago), hours=hours, provider=given_by
        )


# The children's cases ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PlacedChild:
    first_names: str
    surname: str
    age: int
    sex: str
    parents: tuple[tuple[str, str], ...]  # (first names, people.RelationshipKind)
    coordinator: str
    commune: str
    framework: str
    opened_days_ago: int
    summary: str


def _open(pack: str, child: PlacedChild, stage: Stage) -> tuple[CaseAccess, list[Person]]:
    coordinator = stage.users[child.coordinator]
    today = timezone.localdate()
    commune = Commune.objects.filter(pack=pack, code=child.commune).first()
    common: dict[str, Any] = {
        "actor": coordinator,
        "pack": pack,
        "surname": child.surname,
        "languages": ["fr", "lb"],
        "commune": commune,
    }
    birth = today - relativedelta(years=child.age, months=5, days=3)
    person = person_create(**common, first_names=child.first_names, birth_date=birth, sex=child.sex)
    parents = []
    for first_names, kind in child.parents:
        parent = person_create(**common, first_names=first_names)
        relationship_add(
            actor=coordinator,
            person=parent,
            relative=person,
            kind=kind,
            holds_parental_authority=True,
            is_legal_representative=True,
        )
        parents.append(parent)
    case = case_open(
        actor=coordinator,
        pack=pack,
        child=person,
        office=Membership.objects.get(user=coordinator, role=Role.COORDINATOR).office,  # type: ignore[arg-type]
        coordinator=coordinator,
        framework=child.framework,
        summary=child.summary,
        participants=[ParticipantInput(person=p, role=ParticipantRole.PARENT, agrees=True) for p in parents],
        opened_on=today - dt.timedelta(days=child.opened_days_ago),
    )
    return stage.access(child.coordinator, case), parents


def _accepted(stage: Stage, access: CaseAccess, code: str, service: Service, parent: Person, summary: str) -> Measure:
    """A stationary measure created, referred to the demo organisation (the parent consented to
    sharing the summary) and accepted by its staff: ready for admission."""
    coordinator = access.case.coordinator
    measure_type = MeasureType.objects.get(pack=access.case.pack, code=code)
    measure = measure_create(actor=coordinator, access=access, measure_type=measure_type, planned_start=access.case.opened_on)
    referral = measure_refer(
        actor=coordinator,
        access=access,
        measure=measure,
        expected_version=measure.version,
        service=service,
        location=None,
        shared_summary=summary,
        consent_by=parent,
        consent_method=ConsentMethod.WRITTEN,
        consent_on=access.case.opened_on,
    )
    referral_accept(actor=stage.staff, referral=referral, expected_version=referral.version)
    return Measure.objects.select_related("measure_type").get(pk=measure.pk)


def _admit(access: CaseAccess, measure: Measure, admitted_on: dt.date, place: Place, **basis: Any) -> Placement:
    coordinator = access.case.coordinator
    placement = placement_open(actor=coordinator, access=access, measure=measure, **basis)
    placement_admit(
        actor=coordinator,
        access=access,
        placement=placement,
        expected_version=placement.version,
        admitted_on=admitted_on,
        place=place,
    )
    return Placement.objects.select_related("measure__measure_type").get(pk=placement.pk)


def _home(stage: Stage, site: int, unit: str) -> Place:
    return Place(kind=PlaceKind.INSTITUTION, service=stage.home, location=stage.sites[site], living_unit=unit)


# The stories ------------------------------------------------------------------------------------

EVA = PlacedChild(
    "Eva",
    "Lentz",
    8,
    "female",
    (("Nathalie", "mother"),),
    "coordinator.diff",
    "differdange",
    Framework.VOLUNTARY,
    120,
    "La mère, seule avec Eva, a été hospitalisée en urgence ; aucun proche ne peut accueillir Eva. "
    "La mère demande un accueil le temps de se soigner et souhaite garder un lien étroit avec sa fille.",
)
KEVIN = PlacedChild(
    "Kevin",
    "Schaus",
    14,
    "male",
    (("Romain", "father"), ("Sylvie", "mother")),
    "coordinator.ette",
    "ettelbruck",
    Framework.JUDICIAL,
    160,
    "Signalement du lycée : violences répétées au domicile. Le juge de la jeunesse a confié la garde provisoire "
    "de Kevin à l'ONE ; les parents contestent la mesure mais restent en contact avec leur fils.",
)
YARA = PlacedChild(
    "Yara",
    "Gomes",
    12,
    "female",
    (("Cristina", "mother"),),
    "coordinator2.esch",
    "esch-sur-alzette",
    Framework.VOLUNTARY,
    80,
    "Conflits très violents entre Yara et le nouveau compagnon de sa mère ; Yara a fugué deux fois. "
    "La mère a demandé un accueil de crise pour que chacun retrouve son calme.",
)


def _eva(stage: Stage, access: CaseAccess, parents: list[Person], families: dict[str, FosterFamily]) -> None:
    """Three months of priority placement at the home, then a foster family with a visits plan."""
    today, mother = timezone.localdate(), parents[0]
    summary = "Fille de 8 ans, mère hospitalisée ; accueil de crise demandé par la mère, joignable par l'hôpital."
    prio = _accepted(stage, access, "STA-PRIO", stage.home, mother, summary)
    admitted = today - dt.timedelta(days=110)
    first = _admit(
        access, prio, admitted, _home(stage, 0, "Groupe des Petits"), legal_basis=LegalBasis.AGREEMENT, agreement_on=admitted
    )
    moved_on = today - dt.timedelta(days=22)
    placement_discharge(
        actor=access.case.coordinator,
        access=access,
        placement=first,
        expected_version=first.version,
        discharged_on=moved_on,
        destination=Destination.FOSTER_FAMILY,
        destination_details="Accueil en famille d'accueil le temps de la convalescence de la mère.",
    )
    summary = "Eva, 8 ans, sort d'un accueil prioritaire ; la mère, en convalescence, souhaite des visites chaque semaine."
    measure = _accepted(stage, access, "STA-FOSTER", stage.foster_care, mother, summary)
    family = families["Famille Wagner-Lopes"]
    place = Place(kind=PlaceKind.FOSTER_FAMILY, foster_family=family)
    placement = _admit(access, measure, moved_on, place, legal_basis=LegalBasis.AGREEMENT, agreement_on=moved_on)
    _visits(access, placement, moved_on)
    agreement_save(
        actor=access.case.coordinator,
        access=access,
        placement=placement,
        expected_version=None,
        values={
            "child_receives": "Une chambre à elle, l'argent de poche prévu par le service, le trajet vers son école habituelle.",
            "daily_care_objectives": "Garder l'école et les amis d'Eva ; préparer son retour chez sa mère dès que possible.",
            "other_terms": "Le service de placement familial rend visite à la famille d'accueil chaque mois.",
        },
    )
    everyday_act_record(
        actor=access.case.coordinator,
        access=access,
        on=today - dt.timedelta(days=8),
        kind=EverydayActKind.HEALTH,
        what="Contrôle chez le dentiste ; aucun soin nécessaire.",
        decided_by="La famille d'accueil",
        placement=placement,
    )


VISITS = [
    (VisitKind.VISIT, "Sa mère", "Chaque mercredi après-midi, deux heures", True, "Au bureau régional, avec la coordinatrice."),
    (VisitKind.PHONE, "Sa mère", "Le mardi et le vendredi vers 19 h", False, ""),
    (VisitKind.WEEKEND, "Sa grand-mère maternelle", "Un week-end sur deux, du samedi 10 h au dimanche 18 h", False, ""),
]


def _visits(access: CaseAccess, placement: Placement, start: dt.date) -> None:
    for kind, with_whom, frequency, supervised, notes in VISITS:
        values = {"kind": kind, "with_whom": with_whom, "frequency": frequency, "supervised": supervised, "notes": notes}
        visit_save(actor=access.case.coordinator, access=access, placement=placement, values={**values, "from_on": start})


def _kevin(stage: Stage, access: CaseAccess, parents: list[Person], families: dict[str, FosterFamily]) -> None:
    """The judge's provisional custody, an institution, a move to the other site, a surgery to agree to."""
    today, coordinator = timezone.localdate(), access.case.coordinator
    decision = _custody(access, today)
    summary = "Garçon de 14 ans, garde provisoire confiée à l'ONE par le juge de la jeunesse ; scolarisé à Ettelbruck."
    measure = _accepted(stage, access, "STA-INST-BASE", stage.home, parents[0], summary)
    ordered_measure_add(actor=coordinator, access=access, decision=decision, measure_type=measure.measure_type, measure=measure)
    admitted = decision.decided_on + dt.timedelta(days=1)
    placement = _admit(
        access, measure, admitted, _home(stage, 0, "Groupe des Grands"), legal_basis=LegalBasis.COURT, decision=decision
    )
    placement_transfer(
        actor=coordinator,
        access=access,
        placement=placement,
        expected_version=placement.version,
        moved_on=today - dt.timedelta(days=40),
        place=_home(stage, 1, "Groupe Sauerdall"),
        reason="Rapprochement du lycée d'Ettelbruck et du domicile des parents, à la demande de Kevin.",
    )
    request = consent_request_create(
        actor=coordinator,
        access=access,
        act_kind=ActKind.SURGERY,
        description="Arthroscopie du genou droit (ménisque) proposée par le chirurgien après une blessure au football.",
        asked_of=parents,
        asked_on=today - dt.timedelta(days=6),
        deadline_on=today + dt.timedelta(days=8),
        placement=placement,
    )
    consent_answer_record(
        actor=coordinator,
        access=access,
        request=request,
        expected_version=request.version,
        person=parents[0],
        answer=Answer.AGREE,
        on=today - dt.timedelta(days=3),
        how=AnswerMethod.PHONE,
        note="Le père a parlé avec le chirurgien ; il confirmera par écrit.",
    )


def _custody(access: CaseAccess, today: dt.date) -> JudicialDecision:
    """The youth judge's provisional custody, with its review date and the hearing before it."""
    coordinator = access.case.coordinator
    decided = today - dt.timedelta(days=150)
    decision = decision_record(
        actor=coordinator,
        access=access,
        kind=DecisionKind.PROVISIONAL_CUSTODY,
        authority=Authority.JUDGE,
        court="TJ-DIEK",
        decided_by_name="Juge de la jeunesse (nom fictif : M. Demo)",
        court_reference=f"JJ {decided.year}/0417",
        decided_on=decided,
        notified_on=decided + dt.timedelta(days=2),
        summary="Garde provisoire de Kevin confiée à l'ONE, placement en institution ; droit de visite des parents "
        "organisé par l'ONE ; rapport au tribunal avant le réexamen.",
        review_on=today + dt.timedelta(days=35),
    )
    hearing_at = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=33), dt.time(9, 30)))
    hearing_record(
        actor=coordinator,
        access=access,
        decision=decision,
        at=hearing_at,
        court="TJ-DIEK",
        purpose="Réexamen de la garde provisoire",
    )
    return decision


def _yara(stage: Stage, access: CaseAccess, parents: list[Person], families: dict[str, FosterFamily]) -> None:
    """A priority placement near its three months (the end alert is due), and the mother's complaint."""
    today, mother = timezone.localdate(), parents[0]
    summary = "Adolescente de 12 ans, conflits violents à la maison et deux fugues ; accueil de crise demandé par la mère."
    measure = _accepted(stage, access, "STA-PRIO", stage.home, mother, summary)
    admitted = today - dt.timedelta(days=76)
    placement = _admit(
        access, measure, admitted, _home(stage, 0, "Groupe des Moyens"), legal_basis=LegalBasis.AGREEMENT, agreement_on=admitted
    )
    head = stage.users["head.esch"]
    head_access = stage.access("head.esch", access.case)
    received = today - dt.timedelta(days=5)
    complaint = complaint_record(
        actor=head,
        access=head_access,
        received_on=received,
        from_person=mother,
        about="La mère n'a pas été prévenue d'une sortie de deux jours organisée par le foyer avec le groupe de Yara.",
        placement=placement,
    )
    complaint_assign(
        actor=head,
        access=head_access,
        complaint=complaint,
        expected_version=complaint.version,
        assignee=access.case.coordinator,
        answer_due_on=received + dt.timedelta(days=15),
    )


Story = Callable[[Stage, CaseAccess, list[Person], dict[str, FosterFamily]], None]
STORIES: list[tuple[PlacedChild, Story]] = [(EVA, _eva), (KEVIN, _kevin), (YARA, _yara)]


def build_demo_placements(pack: str, users: dict[str, User]) -> int:
    """Adds the foster families and the placed children's cases that do not exist yet; returns
    how many cases were opened."""
    home, sites, foster_care = _organisation(pack)
    stage = Stage(users=users, staff=_staff(home.provider), home=home, sites=sites, foster_care=foster_care)
    families = _foster_families(pack, stage)
    opened = 0
    for child, story in STORIES:
        coordinator = users[child.coordinator]
        if CaseFile.objects.filter(
            pack=pack, created_by=coordinator, child__surname=child.surname, child__first_names=child.first_names
        ).exists():
            continue
        access, parents = _open(pack, child, stage)
        story(stage, access, parents, families)
        opened += 1
    return opened
