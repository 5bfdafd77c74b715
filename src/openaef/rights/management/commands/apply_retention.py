"""``manage.py apply_retention``: archives or anonymises what the pack's retention rules say is
past its period (cron, daily). ``--dry-run`` only counts; ``--enqueue`` leaves it to the worker."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from openaef.rights.retention import retention_run
from openaef.rights.retention_tasks import apply_retention


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise CommandError("The date is written YYYY-MM-DD, e.g. 2026-03-31.") from error


class Command(BaseCommand):
    help = "Applies the retention rules: archives or anonymises the records past their period, and reports what it did."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", default=None, help="YYYY-MM-DD (default: today)")
        parser.add_argument("--dry-run", action="store_true", help="count what would be done, change nothing")
        parser.add_argument("--enqueue", action="store_true", help="hand the run to the background worker")

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = _day(options["as_of"]) if options["as_of"] else timezone.localdate()
        if options["enqueue"]:
            result = apply_retention.enqueue(as_of=as_of.isoformat(), dry_run=options["dry_run"])
            self.stdout.write(f"Retention run as of {as_of.isoformat()} queued ({result.id}).")
            return
        run = retention_run(actor=None, as_of=as_of, dry_run=options["dry_run"])
        label = "Preview" if run.dry_run else "Run"
        self.stdout.write(f"{label} {run.pk} as of {as_of.isoformat()}:")
        for kind, entry in run.summary.items():
            if entry["no_period"]:
                self.stdout.write(f"  {kind}: no period set")
                continue
            self.stdout.write(
                f"  {kind}: {entry['looked_at']} kept, {entry['due']} past their period, {entry['done']} done"
                f" ({entry['then']}), next due {entry['next_due'] or '-'}"
            )
        if run.error:
            raise CommandError(f"The run stopped: {run.error}")
