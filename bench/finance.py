"""The finance suite: the monthly invoicing run of parents' contributions over 50,000 measures
under way (``--suite finance``), its wall time, its peak memory and its number of queries.

It generates synthetic case files and measures (``generate_synthetic_cases``,
``generate_synthetic_measures``) in a database of its own (``bench_finance``), then, with one SQL
statement each, puts ``--measures`` of them under way with a decided contribution (one in
twenty with an older, superseded one too) and a validated statement line for the month. The run
itself is ``finance.services_invoices.invoicing_run``, exactly as the page's button and the
``invoice_month`` command start it.
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import resource
import time
import tracemalloc
from typing import Any

TARGET_S = 60.0
TARGET_MB = 500.0
CASES_PER_MEASURE = 0.5  # about three measures per case, most of an open case's under way


def _month() -> dt.date:
    """The month before this one: invoicing runs after a month's statements are validated."""
    first = dt.date.today().replace(day=1)
    return (first - dt.timedelta(days=1)).replace(day=1)


def setup(config: dict[str, Any]) -> dict[str, float]:
    from django.core.management import call_command
    from django.db import connection

    from bench import cases
    from openaef.finance.models import Assessment

    measures = config["measures"]
    timings = cases.setup({**config, "cases": int(measures * CASES_PER_MEASURE), "skip_analyze": True})
    quiet = io.StringIO()
    if not config["reuse"] or Assessment.objects.count() < measures:
        start = time.perf_counter()
        call_command("generate_synthetic_measures", per_case=3.0, seed=config["seed"], clear=True, stdout=quiet)
        timings["generate_synthetic_measures (s)"] = round(time.perf_counter() - start, 1)
        start = time.perf_counter()
        _money(measures, _month(), _bench_user().pk, config["seed"])
        timings["contributions and statements (s)"] = round(time.perf_counter() - start, 1)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return timings


def _bench_user() -> Any:
    from openaef.accounts.models import Membership, Role, User

    user, _ = User.objects.get_or_create(email="bench-finance@example.invalid", defaults={"full_name": "Bench Finance"})
    Membership.objects.get_or_create(user=user, role=Role.FINANCE_OFFICER, office=None, provider=None)
    return user


def _money(count: int, month: dt.date, user_id: int, seed: int) -> None:
    """Contributions in force and validated statement lines for ``count`` measures: the measures
    are chosen (and their amounts drawn) in SQL, the finance rows written with ``bulk_create`` so
    that every column keeps its model default."""
    from decimal import Decimal

    from django.db import connection, transaction

    from openaef.finance.models import Assessment, Invoice, InvoiceRun, InvoiceSequence, LedgerEntry, Statement, StatementLine

    older = month.replace(year=month.year - 1)
    with transaction.atomic(), connection.cursor() as cursor:
        for model in (LedgerEntry, Invoice, InvoiceSequence, InvoiceRun, StatementLine, Statement, Assessment):
            cursor.execute(f"DELETE FROM {model._meta.db_table}")  # noqa: S608 - a model's own table
        cursor.execute("SELECT setseed(%s)", [(seed % 1000) / 1000])
        # The measures under way: the first ``count`` with a provider; a parent pays.
        cursor.execute(
            """SELECT m.id, m.case_id, m.provider_id,
                      COALESCE((SELECT min(p.person_id) FROM cases_caseparticipant p
                                WHERE p.case_id = m.case_id AND p.role = 'parent'), c.child_id),
                      round((5 + random() * 20)::numeric, 2), floor(random() * 31)::int
               FROM measures_measure m JOIN cases_casefile c ON c.id = m.case_id
               WHERE m.provider_id IS NOT NULL ORDER BY m.id LIMIT %s""",
            [count],
        )
        chosen = cursor.fetchall()
        cursor.execute(
            "UPDATE measures_measure SET status = 'active', ended_on = NULL WHERE id = ANY(%s)", [[r[0] for r in chosen]]
        )
        common = {"pack": "lu", "dependent_children": 1, "method": "bench", "decided_by_id": user_id, "created_by_id": user_id}
        assessments = [
            Assessment(
                case_id=case_id, measure_id=measure_id, payer_id=payer_id, status=status, effective_from=start,
                monthly_amount=daily * factor, daily_amount=daily, **common,
            )
            for measure_id, case_id, _p, payer_id, daily, _d in chosen
            # One in twenty was reassessed: an older contribution, superseded.
            for status, start, factor in [("decided", month, 20), ("superseded", older, 25)][: 2 if measure_id % 20 == 0 else 1]
        ]  # fmt: skip
        Assessment.objects.bulk_create(assessments, batch_size=5_000)
        statements = Statement.objects.bulk_create(
            Statement(provider_id=p, month=month, status="validated") for p in sorted({r[2] for r in chosen})
        )
        statement_of = {s.provider_id: s.pk for s in statements}
        lines = (
            StatementLine(
                statement_id=statement_of[provider_id], measure_id=measure_id, unit="day", quantity=Decimal(days),
                unit_amount=Decimal("180.00"), amount=Decimal(days) * Decimal("180.00"),
            )
            for measure_id, _c, provider_id, _payer, _daily, days in chosen
        )  # fmt: skip
        StatementLine.objects.bulk_create(lines, batch_size=5_000)


class _Counter:
    def __init__(self) -> None:
        self.queries = 0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.queries += 1
        return execute(sql, params, many, context)


def _max_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # kilobytes on Linux


def _undo() -> None:
    """Removes the invoices of an earlier run, so that the next one starts from nothing."""
    from django.db import connection

    with connection.cursor() as cursor:
        for table in ("finance_ledgerentry", "finance_invoice", "finance_invoicesequence"):
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed names
        cursor.execute("VACUUM ANALYZE finance_invoice")


def _timed(month: dt.date, user: Any) -> dict[str, Any]:
    from django.db import connection

    from openaef.finance.services_invoices import invoicing_run

    counter = _Counter()
    gc.collect()
    rss_before = _max_rss_mb()
    start = time.perf_counter()
    with connection.execute_wrapper(counter):
        run = invoicing_run(actor=user, month=month)
    seconds = time.perf_counter() - start
    return {
        "seconds": round(seconds, 2),
        "queries": counter.queries,
        "invoices": run.created,
        "skipped": run.skipped,
        "total_eur": str(run.total),
        "max_rss_before_mb": rss_before,
        "max_rss_after_mb": _max_rss_mb(),
    }


def run_suite(config: dict[str, Any]) -> dict[str, Any]:
    from django.db import connection

    from openaef.finance.models import Assessment, Invoice, LedgerEntry, StatementLine
    from openaef.finance.services_invoices import invoicing_run

    if connection.vendor != "postgresql":
        raise SystemExit("The finance suite generates its data with PostgreSQL's SQL: run it with --db postgres.")
    setup_timings = setup(config)
    month, user = _month(), _bench_user()
    _undo()
    first = _timed(month, user)
    again = _timed(month, user)  # idempotent: nothing new to invoice
    _undo()
    # Apart from the timing (tracemalloc slows Python down): the peak of Python allocations.
    tracemalloc.start()
    invoicing_run(actor=user, month=month)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    figures = {
        "month": month.isoformat(),
        "first run": first,
        "second run (nothing new)": again,
        "tracemalloc_peak_mb": round(peak / 1024 / 1024, 1),
        "max_rss_mb": _max_rss_mb(),
        "target_s": TARGET_S,
        "target_mb": TARGET_MB,
    }
    data = {
        "assessments": Assessment.objects.count(),
        "statement lines": StatementLine.objects.count(),
        "invoices": Invoice.objects.count(),
        "ledger entries": LedgerEntry.objects.count(),
    }
    return {"data": data, "setup": setup_timings, "invoicing": figures, "pages": {}}


def markdown(results: list[dict[str, Any]], args: Any) -> str:
    from bench.report import machine

    box = machine()
    lines = [
        "# Benchmark results: the monthly invoicing run",
        "",
        f"Machine: {box['cpu']}, {box['cpus']} CPUs, {box['memory']} RAM, {box['system']}.",
        f"Data: {args.measures} measures under way with a decided contribution and a validated statement line"
        f" for the month, seed {args.seed}.",
        "",
        "| database | invoices | first run (s) | queries | second run, nothing new (s) | tracemalloc peak (MB)"
        " | max RSS of the process (MB) | under target |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for result in results:
        f = result["invoicing"]
        first, again = f["first run"], f["second run (nothing new)"]
        ok = first["seconds"] < f["target_s"] and f["max_rss_mb"] < f["target_mb"]
        verdict = f"yes (< {f['target_s']:g} s, < {f['target_mb']:g} MB)" if ok else "**no**"
        lines.append(
            f"| {result['database']} | {first['invoices']} | {first['seconds']} | {first['queries']} | {again['seconds']}"
            f" | {f['tracemalloc_peak_mb']} | {f['max_rss_mb']} | {verdict} |"
        )
    for result in results:
        setup = ", ".join(f"{k}: {v}" for k, v in result.get("setup", {}).items())
        data = ", ".join(f"{k}: {v}" for k, v in result.get("data", {}).items())
        lines += ["", f"{result['database']}: rows: {data}. Setup: {setup or 'reused'}."]
    return "\n".join(lines) + "\n"
