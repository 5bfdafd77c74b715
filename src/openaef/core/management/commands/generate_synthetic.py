"""Realistic synthetic data for benchmarks and demos: requests for help and a large catalogue.

Nothing here is real: names are drawn from short lists of names common in Luxembourg, and
addresses are commune centres. Synthetic rows are recognisable so that ``--clear`` removes
them and nothing else: requests whose account of the situation starts with ``[synthetic]``
(their references must stay valid references, so the marker cannot go there) and providers
and services whose code starts with ``SYN-`` (never a code of the real catalogue).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from openaef.core.dates import years_before
from openaef.core.text import fold
from openaef.directory.loading import _all_texts
from openaef.directory.models import (
    Commune,
    Cost,
    Language,
    MeasureType,
    Need,
    Office,
    OfficeKind,
    Provider,
    Service,
    ServiceLocation,
)
from openaef.intake.models import (
    Channel,
    ContactPreference,
    HelpRequest,
    HelpRequestEvent,
    Priority,
    RequesterType,
    RequestEventKind,
    Situation,
)
from openaef.intake.reference import new_reference
from openaef.intake.states import OPEN_STATES, RequestStatus

MARKER = "[synthetic]"
CODE_PREFIX = "SYN-"
BATCH = 2000
YEARS = 3
# A request received in the last weeks is usually still being triaged; older ones are decided.
RECENT_DAYS = 21

FIRST_NAMES = [
    "Léa", "Emma", "Mia", "Sofia", "Zoé", "Charlotte", "Lara", "Anna", "Inês", "Beatriz", "Maria", "Julie", "Chloé",
    "Noah", "Gabriel", "Luca", "Leo", "Tom", "Ben", "Max", "Liam", "Tiago", "Rafael", "Diogo", "Jonas", "Mathis",
    "Louis", "Hugo", "Nathan", "Yanis", "Amira", "Sara", "Ayoub", "Elias", "Finn", "Mila", "Lena", "Nora", "Jérôme",
]  # fmt: skip
SURNAMES = [
    "Schmit", "Muller", "Weber", "Wagner", "Hoffmann", "Thill", "Schroeder", "Klein", "Kremer", "Reuter", "Faber",
    "Majerus", "Schiltz", "Becker", "Meyer", "Welter", "Ries", "Da Silva", "Pereira", "Dos Santos", "Ferreira",
    "Rodrigues", "Gonçalves", "Martins", "Lopes", "Fernandes", "Dupont", "Martin", "Bernard", "Lefèvre", "Rossi",
    "Bianchi", "Hadžić", "Kovačević", "Nowak", "Diallo", "Haddad", "Müller-Weis", "Bernard-Müller", "Lëtzebuerger",
]  # fmt: skip
SITUATIONS = [
    "Our son no longer goes to school and spends his nights outside.",
    "We are exhausted since the birth of the twins and need help at home.",
    "My daughter has been very sad for months and refuses to talk to us.",
    "Conflicts at home have become violent; the children are afraid.",
    "The pupil is often absent and seems hungry; the family does not answer our calls.",
    "I am 19, I have to leave the foster family and I have nowhere to live.",
    "Our child has a developmental delay and we do not know where to turn.",
    "Since the separation the children go back and forth and it is going badly.",
    "My mother drinks and I look after my little brothers on my own.",
    "We have just arrived in Luxembourg and our son needs support at school.",
]
SERVICE_WORDS = {
    "fr": ["Service d'accompagnement", "Centre de consultation", "Maison de l'enfant", "Point d'écoute", "Foyer"],
    "de": ["Begleitdienst", "Beratungsstelle", "Kinderhaus", "Anlaufstelle", "Wohngruppe"],
    "en": ["Support service", "Counselling centre", "Children's house", "Listening point", "Residential group"],
}
THEMES = {
    "fr": ["familial", "pour adolescents", "parentalité", "petite enfance", "jeunes adultes", "psychologique"],
    "de": ["für Familien", "für Jugendliche", "Elternschaft", "frühe Kindheit", "junge Erwachsene", "psychologisch"],
    "en": ["for families", "for teenagers", "parenting", "early childhood", "young adults", "psychological"],
}
ORGANISATIONS = [
    "Lycée technique",
    "Maison relais",
    "Centre hospitalier",
    "Office social",
    "École fondamentale",
    "Police grand-ducale",
]


def pick(rng: random.Random, weights: Mapping[Any, float]) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


class RequestMaker:
    """Builds unsaved HelpRequest rows with realistic proportions."""

    def __init__(self, rng: random.Random, pack: str, now: dt.datetime) -> None:
        self.rng = rng
        self.pack = pack
        self.now = now
        communes = list(Commune.objects.filter(pack=pack).prefetch_related("postcodes"))
        if not communes:
            raise CommandError(f"No communes for pack {pack!r}: run `manage.py load_pack {pack}` first.")
        # Communes with many postcodes are the larger towns: a fair proxy for where people live.
        self.communes = communes
        self.commune_weights = [max(1, len(c.postcodes.all())) for c in communes]
        self.regional = list(Office.objects.filter(pack=pack, kind=OfficeKind.REGIONAL)) or list(Office.objects.filter(pack=pack))
        self.references: set[str] = set(HelpRequest.objects.values_list("reference", flat=True))
        self.folded: dict[str, str] = {}

    def _fold(self, text: str) -> str:
        if text not in self.folded:
            self.folded[text] = fold(text)
        return self.folded[text]

    def _reference(self, year: int) -> str:
        while True:
            reference = new_reference(year)
            if reference not in self.references:
                self.references.add(reference)
                return reference

    def _received_at(self, channel: str) -> dt.datetime:
        moment = self.now - dt.timedelta(seconds=self.rng.uniform(0, YEARS * 365 * 86400))
        if channel == Channel.WEB:
            return moment
        # Telephone calls, visits and paper forms arrive during office hours on working days.
        local = timezone.localtime(moment)
        while local.weekday() >= 5:
            local -= dt.timedelta(days=1)
        return min(self.now, local.replace(hour=self.rng.randint(8, 16), minute=self.rng.randint(0, 59)))

    def _status(self, received_at: dt.datetime) -> str:
        if self.now - received_at < dt.timedelta(days=RECENT_DAYS):
            weights = {
                RequestStatus.RECEIVED: 45,
                RequestStatus.IN_TRIAGE: 35,
                RequestStatus.ACCEPTED: 12,
                RequestStatus.WITHDRAWN: 3,
            }
            weights.update({RequestStatus.REFERRED: 3, RequestStatus.NOT_ELIGIBLE: 2})
        else:
            weights = {RequestStatus.ACCEPTED: 62, RequestStatus.REFERRED: 15, RequestStatus.NOT_ELIGIBLE: 9}
            weights.update({RequestStatus.WITHDRAWN: 12, RequestStatus.IN_TRIAGE: 1, RequestStatus.RECEIVED: 1})
        return str(pick(self.rng, weights))

    def _child(self, received_at: dt.datetime) -> dict[str, Any]:
        age = pick(self.rng, {a: (3 if 6 <= a <= 17 else 2 if a < 6 else 1) for a in range(28)})
        born = years_before(received_at.date(), age) - dt.timedelta(days=self.rng.randint(1, 364))
        first = " ".join(self.rng.sample(FIRST_NAMES, self.rng.choice((1, 1, 1, 2))))
        surname = self.rng.choice(SURNAMES)
        if age < 3:
            situation = Situation.NOT_AT_SCHOOL_YET
        elif age < 12:
            situation = Situation.FUNDAMENTAL_SCHOOL
        elif age < 18:
            situation = pick(self.rng, {Situation.SECONDARY_SCHOOL: 8, Situation.VOCATIONAL_TRAINING: 2, Situation.NONE: 1})
        else:
            situation = pick(self.rng, {Situation.HIGHER_EDUCATION: 3, Situation.WORKING: 3, Situation.LOOKING_FOR_WORK: 3})
        return {
            "age": age,
            "child_birth_date": born,
            "child_first_names": first,
            "child_surname": surname,
            "child_first_names_folded": self._fold(first),
            "child_surname_folded": self._fold(surname),
            "child_situation": situation,
        }

    def _requester(self, age: int, surname: str) -> dict[str, Any]:
        if age >= 18:
            kind = pick(self.rng, {RequesterType.YOUNG_ADULT: 6, RequesterType.FAMILY_MEMBER: 2, RequesterType.PROFESSIONAL: 2})
        elif age >= 12:
            kind = pick(self.rng, {RequesterType.CHILD: 1, RequesterType.FAMILY_MEMBER: 6, RequesterType.PROFESSIONAL: 3})
        else:
            kind = pick(self.rng, {RequesterType.FAMILY_MEMBER: 7, RequesterType.PROFESSIONAL: 3})
        kind = kind if self.rng.random() > 0.02 else RequesterType.OTHER
        professional = kind in (RequesterType.PROFESSIONAL, RequesterType.OTHER)
        last = self.rng.choice(SURNAMES) if professional else surname
        name = f"{self.rng.choice(FIRST_NAMES)} {last}"
        return {
            "requester_type": kind,
            "requester_name": name,
            "requester_organisation": self.rng.choice(ORGANISATIONS) if professional else "",
            "requester_relationship": "" if professional else self.rng.choice(["mère", "père", "tante", "grand-mère"]),
            "contact_phone": f"+352 6{self.rng.randint(21, 91)} {self.rng.randint(100, 999)} {self.rng.randint(100, 999)}",
            "contact_email": f"{self._fold(name).replace(' ', '.')}@example.invalid" if self.rng.random() < 0.6 else "",
            "contact_preference": pick(self.rng, {ContactPreference.PHONE: 7, ContactPreference.EMAIL: 3}),
            "preferred_language": pick(self.rng, {"fr": 40, "lb": 25, "de": 20, "en": 8, "pt": 7}),
        }

    def _triage(self, status: str, commune: Commune) -> dict[str, Any]:
        proposed = commune.office if commune.office_id else self.rng.choice(self.regional)
        values: dict[str, Any] = {"proposed_office": proposed, "office": None, "referred_to": "", "outcome_reason": ""}
        if status == RequestStatus.ACCEPTED:
            # Most cases go to the office serving the commune; some to another (workload, a move).
            values["office"] = proposed if self.rng.random() < 0.9 else self.rng.choice(self.regional)
        elif status == RequestStatus.REFERRED:
            values.update(referred_to="Service de santé mentale", outcome_reason="Adult mental health support is more suitable.")
        elif status == RequestStatus.NOT_ELIGIBLE:
            values["outcome_reason"] = "The family does not live in the country."
        elif status == RequestStatus.WITHDRAWN:
            values["outcome_reason"] = "The family no longer wishes to be helped."
        return values

    def make(self) -> HelpRequest:
        rng = self.rng
        channel = pick(rng, {Channel.WEB: 45, Channel.PHONE: 35, Channel.WALK_IN: 8, Channel.PAPER: 12})
        received_at = self._received_at(channel)
        status = self._status(received_at)
        child = self._child(received_at)
        age = child.pop("age")
        commune = rng.choices(self.communes, weights=self.commune_weights)[0]
        return HelpRequest(
            pack=self.pack,
            reference=self._reference(timezone.localtime(received_at).year),
            status=status,
            priority=pick(rng, {Priority.URGENT: 8, Priority.HIGH: 22, Priority.NORMAL: 70}),
            channel=channel,
            received_at=received_at,
            child_commune=commune,
            child_present_in_country=status != RequestStatus.NOT_ELIGIBLE,
            situation=f"{MARKER} {rng.choice(SITUATIONS)}",
            parents_informed=pick(rng, {"yes": 7, "no": 2, "unknown": 1}),
            **child,
            **self._requester(age, child["child_surname"]),
            **self._triage(status, commune),
        )


class ServiceMaker:
    """Builds synthetic providers and their services, with locations at commune centres."""

    def __init__(self, rng: random.Random, pack: str) -> None:
        self.rng = rng
        self.pack = pack
        self.measure_types = list(MeasureType.objects.filter(pack=pack))
        self.communes = list(Commune.objects.filter(pack=pack).prefetch_related("postcodes"))
        if not self.measure_types or not self.communes:
            raise CommandError(f"The catalogue of pack {pack!r} is empty: run `manage.py load_pack {pack}` first.")
        self.languages = {code: Language.objects.get_or_create(code=code)[0] for code in ("fr", "de", "lb", "en", "pt")}

    def provider(self, number: int) -> Provider:
        town = self.rng.choice(self.communes)
        name = f"{self.rng.choice(['Association', 'Fondation', 'Réseau', 'Initiativ'])} {town} {number}"
        description = {lang: f"{words[number % len(words)]} ({name})." for lang, words in SERVICE_WORDS.items()}
        return Provider(
            pack=self.pack,
            code=f"{CODE_PREFIX}P{number:05d}",
            name=name,
            description=description,
            phone=f"+352 {self.rng.randint(20, 99)} {self.rng.randint(10, 99)} {self.rng.randint(10, 99)}",
            source=MARKER,
        )

    def service(self, number: int, provider: Provider) -> tuple[Service, list[MeasureType], list[str]]:
        rng = self.rng
        types = rng.sample(self.measure_types, rng.choice((1, 1, 2)))
        kind, theme = rng.randrange(5), rng.randrange(6)
        name = {lang: f"{SERVICE_WORDS[lang][kind]} {THEMES[lang][theme]}" for lang in SERVICE_WORDS}
        low, high = pick(rng, {(None, None): 3, (0, 6): 2, (3, 12): 2, (6, 17): 3, (12, 27): 2, (16, 27): 2, (0, 27): 2})
        cost = pick(rng, {Cost.FREE: 5, Cost.FIRST_SESSION_FREE: 2, Cost.CONTRIBUTION: 2, "": 1})
        cost_note = {"fr": "Participation selon les revenus."} if cost == Cost.CONTRIBUTION else {}
        search_text = " ".join(
            [_all_texts(name, provider.name, provider.description, cost_note), *(_all_texts(t.name) for t in types)]
        )
        service = Service(
            pack=self.pack,
            provider=provider,
            code=f"{CODE_PREFIX}S{number:05d}",
            name=name,
            min_age=low,
            max_age=high,
            cost=cost,
            cost_note=cost_note,
            search_text=search_text,
            source=MARKER,
        )
        languages = ["fr", "de", "lb"] if rng.random() < 0.5 else rng.sample(list(self.languages), rng.randint(1, 4))
        return service, types, languages

    def locations(self, service: Service) -> list[ServiceLocation]:
        rows = []
        for commune in self.rng.sample(self.communes, self.rng.choice((1, 1, 1, 2))):
            postcodes = [p.code for p in commune.postcodes.all()]
            rows.append(
                ServiceLocation(
                    service=service,
                    street=f"{self.rng.randint(1, 120)}, rue {self.rng.choice(['Principale', 'de la Gare', 'de l’Église'])}",
                    postcode=self.rng.choice(postcodes) if postcodes else "",
                    locality=str(commune),
                    commune=commune,
                    # About a kilometre around the commune centre.
                    latitude=round(commune.latitude + self.rng.uniform(-0.009, 0.009), 6),
                    longitude=round(commune.longitude + self.rng.uniform(-0.013, 0.013), 6),
                )
            )
        return rows


class Command(BaseCommand):
    help = (
        "Generates realistic synthetic requests for help and a synthetic catalogue of services "
        "(for benchmarks and demos; never on a production database)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--requests", type=int, default=0, help="Number of requests for help to create.")
        parser.add_argument("--services", type=int, default=0, help="Number of services to create (about three per provider).")
        parser.add_argument("--seed", type=int, default=1, help="Random seed, for repeatable data.")
        parser.add_argument("--events", action="store_true", help="Also record a 'request received' event for each request.")
        parser.add_argument("--clear", action="store_true", help="First remove everything this command generated before.")
        parser.add_argument("--force", action="store_true", help="Run even though DEBUG is off.")
        parser.add_argument("--pack", default=None, help="Jurisdiction pack (default: the OPENAEF_PACK setting).")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError("Refusing to write synthetic data with DEBUG off; pass --force if this database is disposable.")
        if not (options["requests"] or options["services"] or options["clear"]):
            raise CommandError("Nothing to do: give --requests and/or --services (or --clear).")
        self.verbosity = int(options["verbosity"])
        pack = options["pack"] or settings.OPENAEF_PACK
        rng = random.Random(options["seed"])
        if options["clear"]:
            self.clear()
        if options["services"]:
            self.generate_services(ServiceMaker(rng, pack), options["services"])
        if options["requests"]:
            self.generate_requests(RequestMaker(rng, pack, timezone.now()), options["requests"], events=options["events"])

    def clear(self) -> None:
        synthetic = HelpRequest.objects.filter(situation__startswith=MARKER)
        HelpRequestEvent.objects.filter(request__in=synthetic).delete()
        HelpRequest.needs.through.objects.filter(helprequest__in=synthetic).delete()
        requests, _ = synthetic.delete()
        services, _ = Service.objects.filter(code__startswith=CODE_PREFIX).delete()
        Provider.objects.filter(code__startswith=CODE_PREFIX).delete()
        self.stdout.write(f"Removed synthetic data ({requests} requests and {services} services with their related rows).")

    def generate_services(self, maker: ServiceMaker, count: int) -> None:
        start = Service.objects.filter(code__startswith=CODE_PREFIX).count() + 1
        first_provider = Provider.objects.filter(code__startswith=CODE_PREFIX).count() + 1
        with transaction.atomic():
            providers = Provider.objects.bulk_create([maker.provider(first_provider + i) for i in range(max(1, count // 3))])
            built = [maker.service(start + i, maker.rng.choice(providers)) for i in range(count)]
            services = Service.objects.bulk_create([service for service, _, _ in built], batch_size=BATCH)
            type_links, language_links, locations = [], [], []
            for service, (_, types, languages) in zip(services, built, strict=True):
                type_links += [Service.measure_types.through(service=service, measuretype=t) for t in types]
                language_links += [Service.languages.through(service=service, language=maker.languages[c]) for c in languages]
                locations += maker.locations(service)
            Service.measure_types.through.objects.bulk_create(type_links, batch_size=BATCH)
            Service.languages.through.objects.bulk_create(language_links, batch_size=BATCH)
            ServiceLocation.objects.bulk_create(locations, batch_size=BATCH)
        self.stdout.write(f"Created {len(providers)} providers, {count} services and {len(locations)} locations.")

    def generate_requests(self, maker: RequestMaker, count: int, *, events: bool) -> None:
        needs = list(Need.objects.filter(pack=maker.pack))
        done = 0
        while done < count:
            size = min(BATCH, count - done)
            with transaction.atomic():
                rows = HelpRequest.objects.bulk_create([maker.make() for _ in range(size)])
                if needs:
                    links = [
                        HelpRequest.needs.through(helprequest=row, need=need)
                        for row in rows
                        for need in maker.rng.sample(needs, maker.rng.randint(0, min(3, len(needs))))
                    ]
                    HelpRequest.needs.through.objects.bulk_create(links)
                if events:
                    HelpRequestEvent.objects.bulk_create(
                        [
                            HelpRequestEvent(request=row, kind=RequestEventKind.CREATED, to_status=RequestStatus.RECEIVED)
                            for row in rows
                        ]
                    )
            done += size
            if self.verbosity > 1:
                self.stdout.write(f"  {done}/{count} requests")
        open_count = HelpRequest.objects.filter(situation__startswith=MARKER, status__in=OPEN_STATES).count()
        self.stdout.write(f"Created {count} requests ({open_count} synthetic requests still open).")
