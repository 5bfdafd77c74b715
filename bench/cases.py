"""The case-file suite: the case lists, the case page and the duplicate check at intake, with
1,000,000 synthetic case files and about 3,000,000 persons (``--suite cases``)."""

from __future__ import annotations

import io
import time
from typing import Any

from bench.scenarios import Scenario

TARGET_MS = 50.0


def setup(config: dict[str, Any]) -> dict[str, float]:
    from django.core.management import call_command
    from django.db import connection

    from openaef.cases.models import CaseFile

    timings: dict[str, float] = {}
    quiet = io.StringIO()
    start = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_pack", "lu", stdout=quiet)
    timings["migrate and load_pack (s)"] = round(time.perf_counter() - start, 1)
    have = CaseFile.objects.filter(summary__startswith="[synthetic]").count()
    if not config["reuse"] or have != config["cases"]:
        start = time.perf_counter()
        call_command("generate_synthetic_cases", cases=config["cases"], seed=config["seed"], clear=True, force=True, stdout=quiet)
        timings["generate_synthetic_cases (s)"] = round(time.perf_counter() - start, 1)
    if connection.vendor == "postgresql" and not config.get("skip_analyze"):
        # As autovacuum would after the load (see run_one._setup).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return timings


def busiest_coordinator() -> Any:
    """The coordinator with the most open cases: the longest 'My cases' list."""
    from django.db.models import Count

    from openaef.accounts.models import User
    from openaef.cases.models import CaseFile
    from openaef.cases.states import OPEN_STATES

    top = (
        CaseFile.objects.filter(status__in=OPEN_STATES, coordinator__isnull=False)
        .values("coordinator")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    if top is None:
        raise RuntimeError("No open synthetic case: run generate_synthetic_cases first")
    return User.objects.get(pk=top["coordinator"])


def list_scenarios() -> list[Scenario]:
    return [
        Scenario("my cases", {"path": "backoffice:case_list"}),
        Scenario("my cases, closed", {"path": "backoffice:case_list", "status": "closed"}),
        Scenario("my office's cases", {"path": "backoffice:case_office_list"}),
        Scenario("my office's cases, judicial", {"path": "backoffice:case_office_list", "framework": "judicial"}),
    ]


def office_head_of(coordinator: Any) -> Any:
    """The head of the coordinator's office (made for the benchmark), for the workload page."""
    from openaef.accounts.models import Membership, Role, User

    office = coordinator.memberships.get(role=Role.COORDINATOR).office
    head, _ = User.objects.get_or_create(email="bench-head@example.invalid", defaults={"full_name": "Bench Head"})
    Membership.objects.get_or_create(user=head, role=Role.OFFICE_HEAD, office=office)
    return head


def head_scenarios() -> list[Scenario]:
    return [
        Scenario("the office's cases", {"path": "backoffice:case_office_list"}),
        Scenario("workload of the office", {"path": "backoffice:case_workload"}),
    ]


def page_scenarios(user: Any) -> list[Scenario]:
    """Case pages of the coordinator's own cases: the one with the most notes, a recent one, an old one."""
    from django.db.models import Count

    from openaef.cases.models import CaseFile

    mine = CaseFile.objects.filter(coordinator=user)
    fullest = mine.annotate(n=Count("notes")).order_by("-n", "-id").first()
    newest = mine.order_by("-opened_on", "-id").first()
    oldest = mine.order_by("opened_on", "id").first()
    return [
        Scenario("case with the most notes", {"pk": fullest.pk}),
        Scenario("newest case", {"pk": newest.pk}),
        Scenario("oldest case", {"pk": oldest.pk}),
    ]


def duplicate_scenarios() -> list[Scenario]:
    """Names and birth dates as an intake officer types them: an existing person, the same with
    a spelling difference, and nobody."""
    from openaef.people.models import Person

    person = Person.objects.filter(birth_place="[synthetic]", birth_date__isnull=False).order_by("id")[1000:1001].get()
    misspelt = person.surname[:-1] + ("t" if not person.surname.endswith("t") else "d")
    return [
        Scenario(
            "same names and birth date",
            {"surname": person.surname, "first_names": person.first_names, "birth_date": person.birth_date},
        ),
        Scenario("surname misspelt", {"surname": misspelt, "first_names": person.first_names, "birth_date": person.birth_date}),
        Scenario("no birth date", {"surname": person.surname, "first_names": person.first_names, "birth_date": None}),
        Scenario("nobody", {"surname": "Zzyzx", "first_names": "Quentin", "birth_date": person.birth_date}),
    ]


def page_fetch(client: Any) -> Any:
    from django.urls import reverse
    from django.utils import translation

    def fetch(scenario: Scenario) -> Any:
        params = dict(scenario.params)
        with translation.override("fr"):
            url = reverse("backoffice:case_detail", args=[params.pop("pk")]) if "pk" in params else reverse(params.pop("path"))
        response = client.get(url, params)
        if response.status_code != 200:
            raise RuntimeError(f"{url} {scenario.params} answered {response.status_code}")
        return response

    return fetch


def duplicate_fetch() -> Any:
    from django.conf import settings

    from openaef.people.duplicates import find_duplicates

    def fetch(scenario: Scenario) -> Any:
        return find_duplicates(pack=settings.OPENAEF_PACK, **scenario.params)

    return fetch


def data_sizes() -> dict[str, int]:
    from openaef.cases.models import CaseFile, CaseParticipant, JournalNote
    from openaef.people.models import Person, Relationship

    return {
        "case files": CaseFile.objects.count(),
        "persons": Person.objects.count(),
        "persons in cases": CaseParticipant.objects.count(),
        "relationships": Relationship.objects.count(),
        "journal notes": JournalNote.objects.count(),
    }
