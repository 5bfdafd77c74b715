"""The measures suite: the providers' referral inbox and the coordinator's dashboard, with
1,000,000 synthetic case files and about 3,000,000 measures (``--suite measures``).

It shares the case suite's database (``bench_cases`` on PostgreSQL, ``bench-cases.sqlite3``):
the case files are generated once, the projects, measures, referrals and reports are added
to them when missing.
"""

from __future__ import annotations

import io
import time
from typing import Any

from bench import cases
from bench.scenarios import Scenario

TARGET_MS = 50.0


def setup(config: dict[str, Any]) -> dict[str, float]:
    from django.core.management import call_command
    from django.db import connection

    from openaef.measures.models import Measure

    timings = cases.setup({**config, "skip_analyze": True})
    quiet = io.StringIO()
    expected = config["cases"] * config["per_case"]
    have = Measure.objects.count()
    # Within 2 % of what was asked: the count per case is drawn at random around the mean.
    if not config["reuse"] or abs(have - expected) > expected * 0.02:
        start = time.perf_counter()
        call_command("generate_synthetic_measures", per_case=config["per_case"], seed=config["seed"], clear=True, stdout=quiet)
        timings["generate_synthetic_measures (s)"] = round(time.perf_counter() - start, 1)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return timings


def busiest_provider_staff() -> Any:
    """A staff member (made for the benchmark) of the provider with the most open referrals."""
    from django.db.models import Count

    from openaef.accounts.models import Membership, Role, User
    from openaef.measures.models import Referral
    from openaef.measures.states import OPEN_REFERRAL_STATES

    top = (
        Referral.objects.filter(status__in=OPEN_REFERRAL_STATES).values("provider").annotate(n=Count("id")).order_by("-n").first()
    )
    if top is None:
        raise RuntimeError("No open synthetic referral: run generate_synthetic_measures first")
    staff, _ = User.objects.get_or_create(email="bench-provider@example.invalid", defaults={"full_name": "Bench Provider"})
    Membership.objects.get_or_create(user=staff, role=Role.PROVIDER_STAFF, provider_id=top["provider"])
    return staff


def inbox_scenarios() -> list[Scenario]:
    return [
        Scenario("open referrals", {"path": "backoffice:provider_inbox"}),
        Scenario("on the waiting list", {"path": "backoffice:provider_inbox", "status": "waiting"}),
        Scenario("accepted", {"path": "backoffice:provider_inbox", "status": "accepted"}),
    ]


def dashboard_scenarios() -> list[Scenario]:
    return [Scenario("what needs doing", {"path": "backoffice:dashboard"})]


def data_sizes() -> dict[str, int]:
    from openaef.measures.models import Measure, ProviderReport, Referral
    from openaef.projects.models import InterventionProject

    return {
        **cases.data_sizes(),
        "intervention projects": InterventionProject.objects.count(),
        "measures": Measure.objects.count(),
        "referrals": Referral.objects.count(),
        "providers' reports": ProviderReport.objects.count(),
    }
