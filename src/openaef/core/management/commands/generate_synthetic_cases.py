"""Realistic synthetic case files and the families around them, at any size.

For benchmarks and demos: ``--cases 1000000`` makes about three million persons (the child,
one or two parents, brothers and sisters), their relationships, the case files spread over ten
years and over the regional offices' coordinators, the persons' part in each case, the opening
event, and a few journal notes and tasks per case. Names are drawn from the mix of Luxembourg's
population (about half the residents are foreign nationals, mostly Portuguese, French, Italian,
Belgian and German, then from the Balkans and elsewhere). Nothing here is real.

Synthetic rows are recognisable so that ``--clear`` removes them and nothing else: persons whose
place of birth is ``[synthetic]`` and the case files whose situation starts with it.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from openaef.accounts.models import Membership, Role, User
from openaef.cases.models import (
    CaseEvent,
    CaseEventKind,
    CaseFile,
    CaseParticipant,
    CaseTask,
    Confidentiality,
    Framework,
    JournalNote,
    NoteKind,
    ParticipantRole,
    TaskKind,
)
from openaef.cases.reference import new_case_reference
from openaef.cases.states import CaseStatus
from openaef.core.bulkload import bulk_insert, next_id, reset_sequence
from openaef.core.dates import years_before
from openaef.directory.models import Commune, Office, OfficeKind
from openaef.people.models import Person, Relationship, RelationshipKind, Sex
from openaef.people.phonetics import name_fields

MARKER = "[synthetic]"
YEARS = 10
# A coordinator holds about 40 to 80 open cases at a time: with cases lasting one to two years,
# that is one coordinator for every 400 cases opened over ten years (at least 12 per office).
CASES_PER_COORDINATOR = 400
MIN_COORDINATORS_PER_OFFICE = 12

# (weight, female first names, male first names, surnames): Luxembourg's residents by origin.
ORIGINS: list[tuple[int, list[str], list[str], list[str]]] = [
    (
        48,
        ["Léa", "Emma", "Mia", "Charlotte", "Lena", "Anna", "Julie", "Sophie", "Laura", "Nora", "Claire", "Lisa", "Mila", "Zoé"],
        ["Noah", "Luca", "Leo", "Tom", "Ben", "Max", "Liam", "Jonas", "Mathis", "Louis", "Paul", "Jang", "Mike", "Gilles"],
        ["Schmit", "Muller", "Weber", "Wagner", "Hoffmann", "Thill", "Schroeder", "Klein", "Kremer", "Reuter", "Faber", "Majerus",
         "Schiltz", "Becker", "Meyer", "Welter", "Ries", "Schmitz", "Hansen", "Kieffer", "Wirtz", "Weis", "Hilbert", "Feller",
         "Kayser", "Thoma", "Goergen", "Lentz", "Steffen", "Krier", "Jacoby", "Bertemes", "Flammang", "Pletschette"],
    ),
    (
        16,
        ["Inês", "Beatriz", "Maria", "Ana", "Mariana", "Carolina", "Leonor", "Matilde", "Sofia", "Rita"],
        ["Tiago", "Rafael", "Diogo", "João", "Rodrigo", "Gonçalo", "Duarte", "Tomás", "Martim", "Pedro"],
        ["Da Silva", "Pereira", "Dos Santos", "Ferreira", "Rodrigues", "Gonçalves", "Martins", "Lopes", "Fernandes", "Costa",
         "Oliveira", "Sousa", "Carvalho", "Teixeira", "Mendes", "Almeida", "Ribeiro", "Pinto", "Marques", "Da Costa"],
    ),
    (
        8,
        ["Chloé", "Camille", "Manon", "Inès", "Jade", "Louise", "Alice", "Lina"],
        ["Hugo", "Nathan", "Gabriel", "Arthur", "Jules", "Raphaël", "Théo", "Lucas"],
        ["Dupont", "Martin", "Bernard", "Lefèvre", "Durand", "Moreau", "Laurent", "Simon", "Michel", "Leroy", "Roux", "Fournier"],
    ),
    (
        5,
        ["Giulia", "Francesca", "Chiara", "Alessia", "Martina"],
        ["Lorenzo", "Matteo", "Alessandro", "Francesco", "Andrea"],
        ["Rossi", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno", "Gallo", "Conti"],
    ),
    (
        6,
        ["Amela", "Lejla", "Ajla", "Jelena", "Milica", "Elma"],
        ["Amar", "Emir", "Luka", "Stefan", "Haris", "Nikola"],
        ["Hadžić", "Kovačević", "Nikolić", "Begić", "Mujić", "Jovanović", "Petrović", "Delić", "Hodžić", "Marković"],
    ),
    (
        17,
        ["Amira", "Sara", "Fatou", "Yasmine", "Olena", "Zofia", "Aisha", "Mariam", "Hanna", "Eva"],
        ["Ayoub", "Elias", "Yanis", "Mamadou", "Omar", "Oleksandr", "Jakub", "Ibrahim", "Adam", "Karim"],
        ["Nowak", "Diallo", "Haddad", "Kowalski", "Mensah", "Benali", "Shevchenko", "Ahmed", "Traoré", "Yilmaz", "Said", "Kaya"],
    ),
]  # fmt: skip
SITUATIONS = [
    "School absences and conflicts at home.",
    "Parents exhausted since the birth of twins.",
    "Teenager withdrawn and sad for months.",
    "Violence between the parents; the children are afraid.",
    "Young adult leaving foster care with nowhere to live.",
    "Developmental delay; the family needs guidance.",
    "Separation of the parents, contact arrangements going badly.",
]
NOTE_TEXTS = [
    "Home visit: the family was present and open to talk.",
    "Telephone call with the school's psycho-social team.",
    "Meeting with both parents about the next steps.",
    "The child seemed calmer than at the last visit.",
    "The mother asked for help with the paperwork for the allowance.",
]


def _weighted(rng: random.Random, weights: dict[Any, int]) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


PERSON_COLUMNS = (
    "id", "created_at", "updated_at", "version", "pack", "surname_at_birth", "surname", "first_names", "birth_date",
    "birth_place", "sex", "nationality", "languages", "national_id_scheme", "national_id", "address", "postcode",
    "commune_id", "phones", "email", "surname_folded", "first_names_folded", "surname_key", "surname_at_birth_key",
    "first_name_key",
)  # fmt: skip


CASE_COLUMNS = (
    "id", "created_at", "updated_at", "version", "pack", "reference", "status", "child_id", "framework", "office_id",
    "coordinator_id", "summary", "opened_on", "closed_on", "closing_reason",
)  # fmt: skip


class FamilyMaker:
    """Rows of persons for one family: a child, one or two parents, brothers and sisters.

    Rows are tuples in PERSON_COLUMNS' order with their own ids: millions of them are loaded
    with COPY, and building model instances would take longer than loading them.
    """

    def __init__(self, rng: random.Random, pack: str, communes: list[int], first_id: int, now: dt.datetime) -> None:
        self.rng = rng
        self.pack = pack
        self.communes = communes
        self.next_id = first_id
        self.now = now
        self.origin_weights = [origin[0] for origin in ORIGINS]
        self.keys: dict[tuple[str, str], dict[str, str]] = {}

    def _origin(self) -> tuple[int, list[str], list[str], list[str]]:
        return self.rng.choices(ORIGINS, weights=self.origin_weights)[0]

    def _names(self, surname: str, first: str) -> dict[str, str]:
        # The lists are short: each pair of names is folded and keyed once.
        found = self.keys.get((surname, first))
        if found is None:
            found = self.keys[(surname, first)] = name_fields(surname=surname, first_names=first)
        return found

    def person(self, *, surname: str, female: bool, born: dt.date, commune: int, origin: Any) -> tuple[Any, ...]:
        first = self.rng.choice(origin[1] if female else origin[2])
        if self.rng.random() < 0.15:
            first = f"{first} {self.rng.choice(origin[1] if female else origin[2])}"
        keys = self._names(surname, first)
        row = (
            self.next_id, self.now, self.now, 1, self.pack, "", surname, first, born,
            MARKER, Sex.FEMALE.value if female else Sex.MALE.value, "", "[]", "", "", "", "",
            commune, "[]", "", keys["surname_folded"], keys["first_names_folded"], keys["surname_key"], "",
            keys["first_name_key"],
        )  # fmt: skip
        self.next_id += 1
        return row

    def family(self, opened_on: dt.date) -> tuple[tuple[Any, ...], list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        rng = self.rng
        origin = self._origin()
        surname = rng.choice(origin[3])
        commune = rng.choice(self.communes)
        age = _weighted(rng, {a: (3 if 6 <= a <= 17 else 2 if a < 6 else 1) for a in range(28)})
        born = years_before(opened_on, age) - dt.timedelta(days=rng.randint(1, 364))
        child = self.person(surname=surname, female=rng.random() < 0.5, born=born, commune=commune, origin=origin)
        parents = []
        for female in (True, False)[: rng.choice((1, 2, 2, 2))]:
            parent_born = years_before(born, rng.randint(19, 42)) - dt.timedelta(days=rng.randint(1, 364))
            # Half the mothers keep a surname of their own.
            parent_surname = surname if not female or rng.random() < 0.5 else rng.choice(self._origin()[3])
            parents.append(self.person(surname=parent_surname, female=female, born=parent_born, commune=commune, origin=origin))
        siblings = []
        for _ in range(_weighted(rng, {0: 4, 1: 4, 2: 2, 3: 1})):
            sibling_born = born + dt.timedelta(days=rng.randint(-3650, 3650))
            siblings.append(
                self.person(surname=surname, female=rng.random() < 0.5, born=sibling_born, commune=commune, origin=origin)
            )
        return child, parents, siblings


class Command(BaseCommand):
    help = "Generates synthetic persons, families and case files (for benchmarks and demos)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cases", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--batch", type=int, default=2000, help="Cases per transaction.")
        parser.add_argument("--pack", default=settings.OPENAEF_PACK)
        parser.add_argument("--clear", action="store_true", help="Remove earlier synthetic persons and cases first.")
        parser.add_argument("--force", action="store_true", help="Allow more than 10,000 cases outside DEBUG.")

    def handle(self, *args: Any, **options: Any) -> None:
        pack, count = options["pack"], options["cases"]
        if count > 10_000 and not (settings.DEBUG or options["force"]):
            raise CommandError("More than 10,000 cases: pass --force (this is for benchmark databases).")
        if options["clear"]:
            self._clear(pack)
        rng = random.Random(options["seed"])  # noqa: S311 - synthetic data, not security
        offices = list(Office.objects.filter(pack=pack, kind=OfficeKind.REGIONAL).order_by("code"))
        communes = list(Commune.objects.filter(pack=pack).values_list("pk", flat=True))
        if not offices or not communes:
            raise CommandError(f"No offices or communes for pack {pack!r}: run `manage.py load_pack {pack}` first.")
        per_office = max(MIN_COORDINATORS_PER_OFFICE, -(-count // (CASES_PER_COORDINATOR * len(offices))))
        coordinators = {office.pk: [user.pk for user in self._coordinators(office, per_office)] for office in offices}
        self.now = timezone.now()
        self.today = timezone.localdate()
        maker = FamilyMaker(rng, pack, communes, next_id(Person), self.now)
        self.ids = {
            model: next_id(model) for model in (CaseFile, CaseParticipant, Relationship, CaseEvent, JournalNote, CaseTask)
        }
        references = set(CaseFile.objects.values_list("reference", flat=True))
        start, made, persons = time.monotonic(), 0, 0
        for size in self._batches(count, options["batch"]):
            persons += self._make_batch(size, rng, maker, offices, coordinators, references, pack)
            made += size
            if made % 100_000 < options["batch"] or made == count:
                self.stdout.write(f"{made:,} cases, {persons:,} persons ({time.monotonic() - start:.0f} s)")
        for model in (Person, *self.ids):
            reset_sequence(model)
        self.stdout.write(self.style.SUCCESS(f"Made {made:,} synthetic case files and {persons:,} persons."))

    @staticmethod
    def _batches(count: int, batch: int) -> Iterator[int]:
        while count > 0:
            yield min(batch, count)
            count -= batch

    def _coordinators(self, office: Office, count: int) -> list[User]:
        users = []
        for number in range(1, count + 1):
            email = f"synthetic-coordinator-{office.code.lower()}-{number}@example.invalid"
            user, created = User.objects.get_or_create(email=email, defaults={"full_name": f"Coordinator {office.code} {number}"})
            if created:
                user.set_unusable_password()
                user.save(update_fields=["password"])
                Membership.objects.create(user=user, role=Role.COORDINATOR, office=office)
            users.append(user)
        return users

    def _status(self, rng: random.Random, opened_on: dt.date) -> str:
        days = (self.today - opened_on).days
        if days < 90:
            return str(_weighted(rng, {CaseStatus.OPEN: 5, CaseStatus.ACTIVE: 4, CaseStatus.CLOSED: 1}))
        if days < 730:
            weights = {CaseStatus.ACTIVE: 8, CaseStatus.CLOSING: 2, CaseStatus.CLOSED: 14, CaseStatus.REOPENED: 1}
            return str(_weighted(rng, weights))
        # A few judicial or long-term cases stay open for years.
        return str(_weighted(rng, {CaseStatus.CLOSED: 50, CaseStatus.ACTIVE: 1}))

    def _id(self, model: type[Any]) -> int:
        value = self.ids[model]
        self.ids[model] = value + 1
        return value

    @transaction.atomic
    def _make_batch(
        self,
        size: int,
        rng: random.Random,
        maker: FamilyMaker,
        offices: list[Office],
        coordinators: dict[int, list[int]],
        references: set[str],
        pack: str,
    ) -> int:
        now, today = self.now, self.today
        persons: list[tuple[Any, ...]] = []
        cases, participants, relationships, events, notes, tasks = [], [], [], [], [], []
        for _ in range(size):
            opened_on = today - dt.timedelta(days=int(rng.triangular(0, YEARS * 365, 0)))
            child, parents, siblings = maker.family(opened_on)
            persons.extend((child, *parents, *siblings))
            office = rng.choice(offices)
            coordinator = rng.choice(coordinators[office.pk])
            status = self._status(rng, opened_on)
            reference = new_case_reference(opened_on.year)
            while reference in references:
                reference = new_case_reference(opened_on.year)
            references.add(reference)
            closed_on = min(today, opened_on + dt.timedelta(days=rng.randint(60, 700))) if status == CaseStatus.CLOSED else None
            framework = Framework.JUDICIAL.value if rng.random() < 0.18 else Framework.VOLUNTARY.value
            case_id = self._id(CaseFile)
            cases.append(
                (case_id, now, now, 1, pack, reference, status, child[0], framework, office.pk, coordinator,
                 f"{MARKER} {rng.choice(SITUATIONS)}", opened_on, closed_on, "")
            )  # fmt: skip
            participants.append((self._id(CaseParticipant), case_id, child[0], ParticipantRole.CHILD.value, None, "", 0))
            for position, parent in enumerate(parents, start=1):
                participants.append(
                    (self._id(CaseParticipant), case_id, parent[0], ParticipantRole.PARENT.value, True, "", position)
                )
                kind = RelationshipKind.MOTHER.value if parent[10] == Sex.FEMALE else RelationshipKind.FATHER.value
                relationships.append((self._id(Relationship), now, now, parent[0], child[0], kind, "", True, False))
            for position, sibling in enumerate(siblings, start=len(parents) + 1):
                participants.append(
                    (self._id(CaseParticipant), case_id, sibling[0], ParticipantRole.SIBLING.value, None, "", position)
                )
                relationships.append(
                    (self._id(Relationship), now, now, sibling[0], child[0], RelationshipKind.SIBLING.value, "", False, False)
                )
            events.append((self._id(CaseEvent), case_id, now, coordinator, CaseEventKind.OPENED.value, reference, "{}"))
            for _note in range(rng.choice((0, 1, 2, 3, 4))):
                occurred = min(today, opened_on + dt.timedelta(days=rng.randint(0, 120)))
                restricted = Confidentiality.RESTRICTED.value if rng.random() < 0.1 else Confidentiality.NORMAL.value
                notes.append(
                    (self._id(JournalNote), now, now, 1, case_id, coordinator, rng.choice(NoteKind.values), occurred, "",
                     rng.choice(NOTE_TEXTS), restricted)
                )  # fmt: skip
            if status != CaseStatus.CLOSED:
                for _task in range(rng.choice((0, 1, 2))):
                    due = today + dt.timedelta(days=rng.randint(-20, 90))
                    tasks.append(
                        (self._id(CaseTask), now, now, 1, case_id, rng.choice(TaskKind.values), "Evaluate the intervention project",
                         "", due, due - dt.timedelta(days=5), "", coordinator)
                    )  # fmt: skip
        bulk_insert(Person, PERSON_COLUMNS, persons)
        bulk_insert(CaseFile, CASE_COLUMNS, cases)
        bulk_insert(CaseParticipant, ("id", "case_id", "person_id", "role", "agrees", "notes", "position"), participants)
        relationship_columns = ("id", "created_at", "updated_at", "person_id", "relative_id", "kind", "kind_details")
        bulk_insert(Relationship, (*relationship_columns, "holds_parental_authority", "is_legal_representative"), relationships)
        bulk_insert(CaseEvent, ("id", "case_id", "at", "actor_id", "kind", "summary", "data"), events)
        note_columns = (
            "id",
            "created_at",
            "updated_at",
            "version",
            "case_id",
            "author_id",
            "kind",
            "occurred_on",
            "title",
            "text",
        )
        bulk_insert(JournalNote, (*note_columns, "confidentiality"), notes)
        task_columns = ("id", "created_at", "updated_at", "version", "case_id", "kind", "title", "details", "due_on", "remind_on")
        bulk_insert(CaseTask, (*task_columns, "rule", "assigned_to_id"), tasks)
        return len(persons)

    def _clear(self, pack: str) -> None:
        cases = CaseFile.objects.filter(pack=pack, summary__startswith=MARKER)
        persons = Person.objects.filter(pack=pack, birth_place=MARKER)
        with transaction.atomic():
            for model in (CaseParticipant, CaseEvent, JournalNote, CaseTask):
                model.objects.filter(case__in=cases).delete()
            deleted = cases.delete()[0]
            Relationship.objects.filter(person__in=persons).delete()
            Relationship.objects.filter(relative__in=persons).delete()
            removed = persons.delete()[0]
        self.stdout.write(f"Removed {deleted:,} synthetic case files and {removed:,} synthetic persons.")
