"""``manage.py invoice_month 2026-03``: the parents' invoices of one month (idempotent)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from openaef.finance.services_invoices import invoicing_run


class Command(BaseCommand):
    help = "Invoices the parents' contributions of one month (YYYY-MM); a second run adds only what is new."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("month", help="YYYY-MM")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            month = dt.datetime.strptime(options["month"], "%Y-%m").date()
        except ValueError as error:
            raise CommandError("The month is written YYYY-MM, e.g. 2026-03.") from error
        run = invoicing_run(actor=None, month=month)
        self.stdout.write(
            f"{month:%Y-%m}: {run.created} invoices ({run.first_number or '-'} to {run.last_number or '-'}),"
            f" total {run.total} EUR; {run.skipped} measures with nothing new to invoice."
        )
