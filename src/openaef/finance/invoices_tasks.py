"""Background work on parents' invoices (django-tasks; the worker runs ``db_worker``, cron runs
``manage.py send_invoice_reminders`` daily)."""

from __future__ import annotations

from django_tasks import task

from .invoices_reminders import send_reminders
from .models import InvoiceRun
from .services_invoices import invoicing_run


@task()
def run_invoicing(run_id: int) -> int:
    """The invoicing run a finance officer asked for on the runs page; returns invoices created."""
    run = InvoiceRun.objects.select_related("started_by").get(pk=run_id)
    assert run.month is not None
    return invoicing_run(actor=run.started_by, month=run.month, run=run).created


@task()
def send_due_reminders() -> int:
    """The daily reminder run; returns the number of reminders sent."""
    return send_reminders().created
