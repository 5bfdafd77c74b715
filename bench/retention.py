"""The retention suite: the retention run over ``--cases`` closed case files (``--suite
retention``, e.g. ``--cases 20000``), its wall time, its peak memory and its number of queries.

It generates synthetic case files (``generate_synthetic_cases``) in a database of its own
(``bench_retention``), closes every one of them with one SQL statement, then runs
``rights.retention.retention_run`` with the pack's rules as of three years from now, so that
every closed file is past the two years the pack assumes: exactly as the scheduled task and the
``apply_retention`` command run it. A second run the same day shows what an idle run costs.
"""

from __future__ import annotations

import datetime as dt
import gc
import resource
import time
import tracemalloc
from typing import Any

TARGET_S = 60.0
TARGET_MB = 500.0


def _as_of() -> dt.date:
    from dateutil.relativedelta import relativedelta

    return dt.date.today() + relativedelta(years=3)


def _reset() -> None:
    """Every synthetic case closed yesterday and not archived; no earlier run's lines."""
    from django.db import connection

    yesterday = dt.date.today() - dt.timedelta(days=1)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM rights_retentionaction")
        cursor.execute("DELETE FROM rights_retentionrun")
        cursor.execute(
            "UPDATE cases_casefile SET status = 'closed', closed_on = %s, archived_at = NULL, closing_reason = 'bench'",
            [yesterday],
        )
        cursor.execute("UPDATE people_person SET anonymised_at = NULL")
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE cases_casefile")


class _Counter:
    def __init__(self) -> None:
        self.queries = 0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.queries += 1
        return execute(sql, params, many, context)


def _max_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # kilobytes on Linux


def _timed() -> dict[str, Any]:
    from django.db import connection

    from openaef.rights.retention import retention_run

    counter = _Counter()
    gc.collect()
    start = time.perf_counter()
    with connection.execute_wrapper(counter):
        run = retention_run(actor=None, as_of=_as_of())
    entry = run.summary["case_files"]
    return {
        "seconds": round(time.perf_counter() - start, 2),
        "queries": counter.queries,
        "archived": entry["done"],
        "batches": entry["batches"],
        "error": run.error,
        "max_rss_after_mb": _max_rss_mb(),
    }


def run_suite(config: dict[str, Any]) -> dict[str, Any]:
    from bench import cases
    from openaef.cases.models import CaseEvent, CaseFile, JournalNote
    from openaef.rights.models import RetentionAction
    from openaef.rights.retention import retention_run

    setup_timings = cases.setup(config)
    _reset()
    first = _timed()
    again = _timed()  # idempotent: nothing more to do
    _reset()
    # Apart from the timing (tracemalloc slows Python down): the peak of Python allocations.
    tracemalloc.start()
    retention_run(actor=None, as_of=_as_of())
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    figures = {
        "as_of": _as_of().isoformat(),
        "first run": first,
        "second run (nothing more)": again,
        "tracemalloc_peak_mb": round(peak / 1024 / 1024, 1),
        "max_rss_mb": _max_rss_mb(),
        "target_s": TARGET_S,
        "target_mb": TARGET_MB,
    }
    data = {
        "case files": CaseFile.objects.count(),
        "case events": CaseEvent.objects.count(),
        "journal notes": JournalNote.objects.count(),
        "retention actions": RetentionAction.objects.count(),
    }
    return {"data": data, "setup": setup_timings, "retention": figures, "pages": {}}


def markdown(results: list[dict[str, Any]], args: Any) -> str:
    from bench.report import machine

    box = machine()
    lines = [
        "# Benchmark results: the retention run",
        "",
        f"Machine: {box['cpu']}, {box['cpus']} CPUs, {box['memory']} RAM, {box['system']}.",
        f"Data: {args.cases} synthetic case files, all closed and past their period, seed {args.seed}.",
        "",
        "| database | archived | batches | first run (s) | queries | second run, nothing more (s) | tracemalloc peak (MB)"
        " | max RSS of the process (MB) | under target |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for result in results:
        f = result["retention"]
        first, again = f["first run"], f["second run (nothing more)"]
        ok = first["seconds"] < f["target_s"] and f["max_rss_mb"] < f["target_mb"] and not first["error"]
        verdict = f"yes (< {f['target_s']:g} s, < {f['target_mb']:g} MB)" if ok else "**no**"
        lines.append(
            f"| {result['database']} | {first['archived']} | {first['batches']} | {first['seconds']} | {first['queries']}"
            f" | {again['seconds']} | {f['tracemalloc_peak_mb']} | {f['max_rss_mb']} | {verdict} |"
        )
    for result in results:
        setup = ", ".join(f"{k}: {v}" for k, v in result.get("setup", {}).items())
        data = ", ".join(f"{k}: {v}" for k, v in result.get("data", {}).items())
        lines += ["", f"{result['database']}: rows: {data}. Setup: {setup or 'reused'}."]
    return "\n".join(lines) + "\n"
