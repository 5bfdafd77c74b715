"""Tells people what falls due: run it daily from cron (evaluations, measures ending, reports,
foster families' approvals ending)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from openaef.notifications.tasks import send_due_notifications


class Command(BaseCommand):
    help = (
        "Notify coordinators of evaluations due and measures nearing their end, providers of reports due, "
        "and the foster family register's keepers of approvals nearing their end "
        "(once each: running it twice notifies nobody twice)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--enqueue", action="store_true", help="Queue the work for the task worker instead of doing it now.")

    def handle(self, *args: Any, enqueue: bool = False, **options: Any) -> None:
        if enqueue:
            result = send_due_notifications.enqueue()
            self.stdout.write(f"Queued: {result.id}")
            return
        counts = send_due_notifications.call()
        self.stdout.write(", ".join(f"{kind}: {count}" for kind, count in counts.items()))
