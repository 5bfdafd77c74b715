"""The benchmark's results as Markdown."""

from __future__ import annotations

import os
import platform
from pathlib import Path
from typing import Any

TARGET_P95_MS = 30.0


def machine() -> dict[str, str]:
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = "unknown"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kilobytes = int(meminfo.read_text(encoding="utf-8").split()[1])
        memory = f"{kilobytes / 1024 / 1024:.1f} GiB"
    return {"cpu": cpu, "cpus": str(os.cpu_count()), "memory": memory, "system": platform.platform()}


def _summary_rows(results: list[dict[str, Any]]) -> list[str]:
    rows = [
        "| database | page | p50 (ms) | p95 (ms) | max (ms) | SQL queries per page | timed requests | p95 under target |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for result in results:
        for page, figures in result["pages"].items():
            overall = figures["overall"]
            queries = sorted({s["queries"] for s in figures["scenarios"]})
            span = f"{queries[0]}" if len(queries) == 1 else f"{queries[0]}-{queries[-1]}"
            target = figures.get("target_ms", TARGET_P95_MS)
            ok = f"yes (< {target:g} ms)" if overall["p95_ms"] < target else f"**no** (target {target:g} ms)"
            rows.append(
                f"| {result['database']} | {page} | {overall['p50_ms']} | {overall['p95_ms']} | {overall['max_ms']}"
                f" | {span} | {overall['n']} | {ok} |"
            )
    return rows


def _detail_rows(result: dict[str, Any]) -> list[str]:
    rows = [
        f"### {result['database']}",
        "",
        "| page | scenario | parameters | p50 (ms) | p95 (ms) | max (ms) | queries | of which SQL (ms) |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for page, figures in result["pages"].items():
        for s in figures["scenarios"]:
            rows.append(
                f"| {page} | {s['scenario']} | `{s['params'] or '-'}` | {s['p50_ms']} | {s['p95_ms']} | {s['max_ms']} | {s['queries']} | {s['sql_ms']} |"
            )
    return rows


def markdown(results: list[dict[str, Any]], args: Any) -> str:
    box = machine()
    first = results[0] if results else {}
    lines = [
        "# Benchmark results",
        "",
        f"Machine: {box['cpu']}, {box['cpus']} CPUs, {box['memory']} RAM, {box['system']}.",
        f"Python {first.get('python', '?')}, Django {first.get('django', '?')}; "
        + ", ".join(r["database"] for r in results)
        + ".",
        (
            f"Data: {args.requests} synthetic requests for help, {args.services} synthetic services "
            "(plus the pack's own catalogue)"
            if args.suite == "intake"
            else f"Data: {args.cases} synthetic case files and the families around them"
            + (
                f", about {args.per_case:g} measures per case with their referrals and reports"
                if args.suite == "measures"
                else ""
            )
        )
        + f", seed {args.seed}. {args.iterations} timed requests per page "
        f"after {args.warmup} warm-up requests per scenario; server time measured around django.test.Client.",
        "",
        "## Summary",
        "",
        *_summary_rows(results),
        "",
        "## Per scenario",
        "",
    ]
    for result in results:
        lines += [*_detail_rows(result), ""]
        setup = ", ".join(f"{k}: {v}" for k, v in result.get("setup", {}).items())
        data = ", ".join(f"{k}: {v}" for k, v in result.get("data", {}).items())
        lines += [f"Rows: {data}. Setup: {setup or 'reused'}.", ""]
        for page, figures in result["pages"].items():
            if figures.get("form_errors"):
                lines += [
                    f"Warning: on the {page}, these scenarios showed a form error: {', '.join(figures['form_errors'])}.",
                    "",
                ]
    return "\n".join(lines)
