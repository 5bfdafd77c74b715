"""One database's benchmark, run in a process of its own so that its settings are clean.

Invoked by ``python -m bench`` with DJANGO_SETTINGS_MODULE=bench.settings, DATABASE_URL and
BENCH_CONFIG (JSON) in the environment; writes its results as JSON to BENCH_CONFIG["output"].
"""

from __future__ import annotations

import io
import json
import os
import platform
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import django

from bench import summarise
from bench.scenarios import Scenario

Fetch = Callable[[Scenario], Any]


def _setup(config: dict[str, Any]) -> dict[str, float]:
    """Migrations, the pack, the synthetic data; returns how long each step took."""
    from django.core.management import call_command
    from django.db import connection

    from openaef.directory.models import Service
    from openaef.intake.models import HelpRequest

    timings: dict[str, float] = {}
    quiet = io.StringIO()
    start = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_pack", "lu", stdout=quiet)
    timings["migrate and load_pack (s)"] = round(time.perf_counter() - start, 1)
    have = (
        HelpRequest.objects.filter(situation__startswith="[synthetic]").count(),
        Service.objects.filter(code__startswith="SYN-").count(),
    )
    if not config["reuse"] or have != (config["requests"], config["services"]):
        start = time.perf_counter()
        call_command(
            "generate_synthetic",
            requests=config["requests"],
            services=config["services"],
            seed=config["seed"],
            clear=True,
            force=True,
            stdout=quiet,
        )
        timings["generate_synthetic (s)"] = round(time.perf_counter() - start, 1)
    if connection.vendor == "postgresql":
        # Autovacuum vacuums and analyses a table after a bulk insert like this one (PostgreSQL
        # 13+ triggers on inserts too) within minutes: statistics for the planner, and the
        # visibility map that lets index-only scans skip the table, as in production.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return timings


def _intake_officer() -> Any:
    from openaef.accounts.models import Membership, Role, User

    user, _ = User.objects.get_or_create(email="bench@example.invalid", defaults={"full_name": "Bench Intake"})
    Membership.objects.get_or_create(user=user, role=Role.INTAKE_OFFICER, office=None, provider=None)
    return user


def _page_fetch(client: Any, url_name: str) -> Fetch:
    from django.urls import reverse
    from django.utils import translation

    with translation.override("fr"):
        url = reverse(url_name)

    def fetch(scenario: Scenario) -> Any:
        response = client.get(url, scenario.params)
        if response.status_code != 200:
            raise RuntimeError(f"{url} {scenario.params} answered {response.status_code}")
        return response

    return fetch


def _form_error(fetch: Fetch, scenario: Scenario) -> bool:
    """Whether the page shows a form error: then the scenario does not measure what it says."""
    response = fetch(scenario)
    if b"govuk-error-summary" in getattr(response, "content", b""):
        print(f"[bench] warning: scenario {scenario.name!r} shows a form error", file=sys.stderr)
        return True
    return False


def _explain(sql: str) -> str:
    from django.db import connection

    prefix = "EXPLAIN (ANALYZE, BUFFERS) " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql)
        return "\n".join(" ".join(str(col) for col in row) for row in cursor.fetchall())


def _queries(fetch: Fetch, scenario: Scenario, explain: bool) -> dict[str, Any]:
    """The number of SQL queries one page costs (measured apart: capturing them slows requests)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        fetch(scenario)
    slowest = max(captured.captured_queries, key=lambda q: float(q["time"]))
    result: dict[str, Any] = {"queries": len(captured.captured_queries), "slowest_sql": slowest["sql"]}
    if explain:
        result["plan"] = _explain(slowest["sql"])
    return result


class _SqlTimer:
    """A database execute wrapper adding up the time spent waiting for queries."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - start


def _sql_ms(fetch: Fetch, scenario: Scenario, runs: int = 5) -> float:
    """Median time spent waiting for the database during one page: the rest of the page's
    time is Python (view, forms, templates)."""
    from django.db import connection

    totals = []
    for _ in range(runs):
        timer = _SqlTimer()
        with connection.execute_wrapper(timer):
            fetch(scenario)
        totals.append(timer.seconds)
    return round(sorted(totals)[len(totals) // 2] * 1000, 2)


def _time(fetch: Fetch, scenarios: list[Scenario], iterations: int, warmup: int, explain: bool) -> dict[str, Any]:
    form_errors = [s.name for s in scenarios if _form_error(fetch, s)]
    for scenario in scenarios:
        for _ in range(warmup):
            fetch(scenario)
    samples: dict[str, list[float]] = {s.name: [] for s in scenarios}
    for i in range(iterations):
        scenario = scenarios[i % len(scenarios)]
        start = time.perf_counter()
        fetch(scenario)
        samples[scenario.name].append(time.perf_counter() - start)
    everything = [t for times in samples.values() for t in times]
    details = []
    for scenario in scenarios:
        details.append(
            {"scenario": scenario.name, "params": _printable(scenario.params), **summarise(samples[scenario.name])}
            | _queries(fetch, scenario, explain)
            | {"sql_ms": _sql_ms(fetch, scenario)}
        )
    return {"overall": summarise(everything), "scenarios": details, "form_errors": form_errors}


def _printable(params: dict[str, Any]) -> str:
    return " ".join(f"{k}={'…' if k == 'cursor' else v}" for k, v in params.items())


def _environment() -> dict[str, Any]:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            version = f"PostgreSQL {cursor.fetchone()[0]}"
        else:
            version = f"SQLite {sqlite3.sqlite_version}"
    return {"database": version, "python": platform.python_version(), "django": django.get_version()}


def _data_sizes() -> dict[str, int]:
    from openaef.directory.models import Service, ServiceLocation
    from openaef.intake.models import HelpRequest

    return {
        "requests for help": HelpRequest.objects.count(),
        "services": Service.objects.count(),
        "service locations": ServiceLocation.objects.count(),
    }


def _login(client: Any, user: Any) -> Any:
    """A signed-in professional who has passed the second factor, as after a real sign-in."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def _intake_suite(config: dict[str, Any]) -> dict[str, Any]:
    from django.test import Client

    from bench.scenarios import directory_scenarios, inbox_scenarios

    setup_timings = _setup(config)
    user = _intake_officer()
    staff = _login(Client(), user)
    iterations, warmup, explain = config["iterations"], config["warmup"], config["explain"]
    directory = _page_fetch(Client(), "portal:directory")
    inbox = _page_fetch(staff, "backoffice:inbox")
    pages = {
        "directory search": _time(directory, directory_scenarios(), iterations, warmup, explain),
        "intake inbox": _time(inbox, inbox_scenarios(user), iterations, warmup, explain),
    }
    return {"data": _data_sizes(), "setup": setup_timings, "pages": pages}


def _cases_suite(config: dict[str, Any]) -> dict[str, Any]:
    from django.test import Client

    from bench import cases

    setup_timings = cases.setup(config)
    coordinator = cases.busiest_coordinator()
    client = _login(Client(), coordinator)
    iterations, warmup, explain = config["iterations"], config["warmup"], config["explain"]
    fetch = cases.page_fetch(client)
    pages = {
        "case list": _time(fetch, cases.list_scenarios(), iterations, warmup, explain),
        "case list (office head)": _time(
            cases.page_fetch(_login(Client(), cases.office_head_of(coordinator))),
            cases.head_scenarios(),
            iterations,
            warmup,
            explain,
        ),
        "case page": _time(fetch, cases.page_scenarios(coordinator), iterations, warmup, explain),
        "duplicate check": _time(cases.duplicate_fetch(), cases.duplicate_scenarios(), iterations, warmup, explain),
    }
    for figures in pages.values():
        figures["target_ms"] = cases.TARGET_MS
    return {"data": cases.data_sizes(), "setup": setup_timings, "pages": pages}


def _measures_suite(config: dict[str, Any]) -> dict[str, Any]:
    from django.test import Client

    from bench import cases, measures

    setup_timings = measures.setup(config)
    iterations, warmup, explain = config["iterations"], config["warmup"], config["explain"]
    provider = cases.page_fetch(_login(Client(), measures.busiest_provider_staff()))
    coordinator = cases.page_fetch(_login(Client(), cases.busiest_coordinator()))
    pages = {
        "providers' referral inbox": _time(provider, measures.inbox_scenarios(), iterations, warmup, explain),
        "coordinator's dashboard": _time(coordinator, measures.dashboard_scenarios(), iterations, warmup, explain),
    }
    for figures in pages.values():
        figures["target_ms"] = measures.TARGET_MS
    return {"data": measures.data_sizes(), "setup": setup_timings, "pages": pages}


def _finance_suite(config: dict[str, Any]) -> dict[str, Any]:
    from bench import finance

    return finance.run_suite(config)


def _retention_suite(config: dict[str, Any]) -> dict[str, Any]:
    from bench import retention

    return retention.run_suite(config)


SUITES = {
    "intake": _intake_suite,
    "cases": _cases_suite,
    "measures": _measures_suite,
    "finance": _finance_suite,
    "retention": _retention_suite,
}


def main() -> None:
    config = json.loads(os.environ["BENCH_CONFIG"])
    django.setup()
    suite = SUITES[config.get("suite", "intake")](config)
    result = {"label": config["label"], **_environment(), **suite}
    Path(config["output"]).write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
