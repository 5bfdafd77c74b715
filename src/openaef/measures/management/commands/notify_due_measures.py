"""Tells providers' staff of the reports coming due: run it daily from cron."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from openaef.measures.tasks import notify_due_reports


class Command(BaseCommand):
    help = "Notify the provider's staff of each report whose reminder day has come (once per report and due date)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--enqueue", action="store_true", help="Queue the work for the task worker instead of doing it now.")

    def handle(self, *args: Any, enqueue: bool = False, **options: Any) -> None:
        if enqueue:
            result = notify_due_reports.enqueue()
            self.stdout.write(f"Queued: {result.id}")
            return
        count = notify_due_reports.call()
        self.stdout.write(f"Reports due: {count}")
