"""The retention run as background work (django-tasks; the worker runs ``db_worker``, cron runs
``manage.py apply_retention --enqueue`` daily or ``manage.py apply_retention`` directly)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from .models import RetentionRun
from .retention import retention_run


@task()
def apply_retention(run_id: int | None = None, as_of: str | None = None, dry_run: bool = False) -> int:
    """Runs the rules: the run a data protection officer asked for (``run_id``), or a new one as
    of ``as_of`` (ISO date, default today). Returns the run's id; the officers are told when it
    is done."""
    if run_id is not None:
        run = RetentionRun.objects.select_related("triggered_by").get(pk=run_id)
        return retention_run(actor=run.triggered_by, as_of=run.as_of, dry_run=run.dry_run, run=run).pk
    day = dt.date.fromisoformat(as_of) if as_of else timezone.localdate()
    return retention_run(actor=None, as_of=day, dry_run=dry_run).pk
