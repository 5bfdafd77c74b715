"""Sends the reminders of deadlines and tasks that have come due: run it daily from cron."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from openaef.cases.tasks import send_task_reminders


class Command(BaseCommand):
    help = "E-mail each open deadline or task whose reminder day has come to the person holding it (once)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--enqueue", action="store_true", help="Queue the work for the task worker instead of doing it now.")

    def handle(self, *args: Any, enqueue: bool = False, **options: Any) -> None:
        if enqueue:
            result = send_task_reminders.enqueue()
            self.stdout.write(f"Queued: {result.id}")
            return
        sent = send_task_reminders.call()
        self.stdout.write(f"Reminders sent: {sent}")
