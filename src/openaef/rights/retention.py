"""The retention run: each kind of record past its period after the last contact is archived or
anonymised (``retention.yaml``, read by ``rights.retention_rules``), in bounded batches, and
every record it touches gets a line (``RetentionAction``): nothing disappears without a record.

A batch is one transaction: its records are locked, changed in one UPDATE, their lines written in
one INSERT, its audit entry appended last. A run that fails keeps the batches it committed and
says so in its summary and its ``error``. A second run finds nothing more to do: done records
carry their mark (``archived_at``, ``anonymised_at``) and every kind's query leaves them out.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Min
from django.urls import reverse
from django.utils import timezone

from openaef.accounts.models import Role, User
from openaef.audit.models import AuditAction
from openaef.audit.services import audit_record
from openaef.notifications.models import NotificationKind
from openaef.notifications.services import notify

from .models import RetentionAction, RetentionRun
from .retention_kinds import KIND_DEFINITIONS, Kind, as_date
from .retention_rules import KindRule, RetentionRules, retention_rules

logger = logging.getLogger(__name__)

BATCH_SIZE = 500


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _survey(kind: Kind, rule: KindRule, as_of: dt.date) -> dict[str, Any]:
    """What the rule finds on ``as_of`` for one kind: records still kept, those past their
    period, and when the next one falls due. Counts only: changes nothing."""
    entry: dict[str, Any] = {
        "rule": rule.rule_text,
        "then": rule.then,
        "no_period": rule.period is None,
        "looked_at": 0,
        "due": 0,
        "done": 0,
        "batches": 0,
        "cutoff": None,
        "next_due": None,
    }
    cutoff = rule.cutoff(as_of)
    if cutoff is None:
        return entry
    scope = kind.scope()
    entry["cutoff"] = cutoff.isoformat()
    entry["looked_at"] = scope.count()
    entry["due"] = scope.filter(last_contact__lte=cutoff).count()
    first_later = as_date(scope.filter(last_contact__gt=cutoff).aggregate(first=Min("last_contact"))["first"])
    if first_later is not None:
        due_on = rule.due_on(first_later)
        entry["next_due"] = due_on.isoformat() if due_on else None
    return entry


def retention_preview(*, as_of: dt.date, rules: RetentionRules | None = None) -> dict[str, dict[str, Any]]:
    """What a run on ``as_of`` would do, kind by kind, without recording anything."""
    rules = rules or retention_rules()
    return {code: _survey(kind, rules.get(code), as_of) for code, kind in KIND_DEFINITIONS.items()}


def retention_run(
    *,
    actor: Any = None,
    as_of: dt.date,
    dry_run: bool = False,
    run: RetentionRun | None = None,
    rules: RetentionRules | None = None,
    batch_size: int = BATCH_SIZE,
) -> RetentionRun:
    """Applies the pack's retention rules as of ``as_of``. A dry run records what it found and
    changes nothing. Errors are recorded on the run (``error``), not raised: the batches already
    committed stay, and the summary says how far each kind got."""
    rules = rules or retention_rules()
    if run is None:
        run = RetentionRun.objects.create(
            pack=settings.OPENAEF_PACK, started_at=timezone.now(), as_of=as_of, dry_run=dry_run, triggered_by=_user(actor)
        )
    summary: dict[str, dict[str, Any]] = {}
    try:
        for code, kind in KIND_DEFINITIONS.items():
            rule = rules.get(code)
            summary[code] = _survey(kind, rule, as_of)
            if not dry_run and rule.period is not None:
                _apply(kind, rule, run=run, actor=actor, as_of=as_of, summary=summary, batch_size=batch_size)
            RetentionRun.objects.filter(pk=run.pk).update(summary=summary)
    except Exception as error:
        # Ids only in the log: never a name.
        logger.exception("Retention run %s stopped", run.pk)
        RetentionRun.objects.filter(pk=run.pk).update(summary=summary, error=repr(error)[:2000], finished_at=timezone.now())
    else:
        RetentionRun.objects.filter(pk=run.pk).update(summary=summary, finished_at=timezone.now())
    run.refresh_from_db()
    if not dry_run:
        _tell_officers(run)
    return run


def _apply(
    kind: Kind,
    rule: KindRule,
    *,
    run: RetentionRun,
    actor: Any,
    as_of: dt.date,
    summary: dict[str, dict[str, Any]],
    batch_size: int,
) -> None:
    cutoff = rule.cutoff(as_of)
    due = kind.scope().filter(last_contact__lte=cutoff).order_by("pk")
    columns = ["pk", "last_contact", kind.reference_field or "pk", kind.person_field or "pk"]
    after = 0
    while True:
        with transaction.atomic():
            rows = list(due.filter(pk__gt=after).values_list(*columns)[:batch_size])
            if not rows:
                return
            after = rows[-1][0]
            done = _apply_batch(kind, rule, run=run, actor=actor, rows=rows)
            summary[kind.code]["done"] += done
            summary[kind.code]["batches"] += 1
            # Saved with the batch: a run that stops later still reports what it committed.
            RetentionRun.objects.filter(pk=run.pk).update(summary=summary)


def _apply_batch(kind: Kind, rule: KindRule, *, run: RetentionRun, actor: Any, rows: list[tuple[Any, ...]]) -> int:
    """Archives or anonymises one batch in a handful of queries, whatever its size."""
    # Locked and checked again: a run started at the same time may have taken some of them.
    unmarked = kind.model._default_manager.select_for_update().filter(
        pk__in=[r[0] for r in rows], **{f"{kind.mark}__isnull": True}
    )
    ids = set(unmarked.values_list("pk", flat=True))
    rows = [r for r in rows if r[0] in ids]
    if not rows:
        return 0
    now = timezone.now()
    id_list = sorted(ids)
    kind.model._default_manager.filter(pk__in=id_list).update(**{kind.mark: now}, **kind.values)
    if kind.dependents is not None:
        kind.dependents(id_list)
    RetentionAction.objects.bulk_create(
        RetentionAction(
            run=run,
            kind=kind.code,
            object_id=pk,
            reference=str(reference) if kind.reference_field else "",
            outcome=kind.outcome,
            last_contact=as_date(last_contact),
            rule=rule.rule_text,
        )
        for pk, last_contact, reference, _person in rows
    )
    persons = [person for *_rest, person in rows if person is not None] if kind.person_field else []
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=run,
        fields=[kind.mark, *kind.blanked()],
        reason=f"retention {kind.code}: {kind.outcome} {len(rows)} (ids {id_list[0]} to {id_list[-1]}), rule {rule.rule_text}",
        persons=persons,
    )
    return len(rows)


def _tell_officers(run: RetentionRun) -> None:
    officers = User.objects.filter(is_active=True, memberships__role=Role.DATA_PROTECTION_OFFICER).distinct()
    notify(
        users=officers,
        kind=NotificationKind.RETENTION_RUN_DONE,
        url=reverse("backoffice:retention_run", args=[run.pk]),
        params={"reference": str(run.pk), "as_of": run.as_of.isoformat()},
        dedupe_key=f"retention-run-{run.pk}",
    )


def retention_run_queue(*, actor: Any, as_of: dt.date) -> RetentionRun:
    """A run asked for on the data protection officer's page: recorded now, done by the task."""
    from .retention_tasks import apply_retention

    with transaction.atomic():
        run = RetentionRun.objects.create(
            pack=settings.OPENAEF_PACK, started_at=timezone.now(), as_of=as_of, dry_run=False, triggered_by=_user(actor)
        )
        audit_record(actor=actor, action=AuditAction.CREATE, obj=run, fields=["as_of"])
        transaction.on_commit(lambda: apply_retention.enqueue(run_id=run.pk))
    return run
