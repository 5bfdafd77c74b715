"""``manage.py send_invoice_reminders``: the daily reminder run of parents' invoices (cron)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from openaef.finance.invoices_reminders import send_reminders


class Command(BaseCommand):
    help = "Sends the parents' invoice reminders due today and hands over for recovery what the last one did not bring in."

    def add_arguments(self, parser: CommandParser) -> None:
        # A run missed on a day can be caught up the next day: the steps due then are taken.
        parser.add_argument("--date", type=dt.date.fromisoformat, default=None, help="YYYY-MM-DD (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        run = send_reminders(today=options["date"])
        self.stdout.write(f"{run.created} reminders sent, {run.skipped} invoices handed over for recovery.")
