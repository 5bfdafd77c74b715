"""Checks that the audit log is whole: every entry unaltered and chained to the one before."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from openaef.audit.verify import verify_chain


class Command(BaseCommand):
    help = "Verifies the audit log's hash chain; names the first broken entry and exits with status 1."

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        if report.broken is not None:
            broken = report.broken
            raise CommandError(
                f"Audit chain broken at sequence {broken.sequence} (entry id {broken.event_id}): "
                f"{broken.problem}: {broken.detail}. {report.count} entries before it are intact.",
                returncode=1,
            )
        # Keep the head hash somewhere outside the database: it proves later that no entry
        # was removed from the end of the log, which the chain alone cannot.
        self.stdout.write(
            self.style.SUCCESS(f"OK: {report.count} entries, last sequence {report.head_sequence}, head hash {report.head_hash}")
        )
