"""Appends from many connections at once still make one unbroken chain (PostgreSQL: the
advisory lock; SQLite: the database's write lock)."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections, transaction

from openaef.audit.models import AuditAction, AuditEvent
from openaef.audit.services import audit_record
from openaef.audit.verify import verify_chain

THREADS = 8
APPENDS = 6


def append_concurrently(*, hold: float) -> list[BaseException]:
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            barrier.wait()
            for _ in range(APPENDS):
                # A caller's transaction that goes on after the append: the lock is held to its end.
                with transaction.atomic():
                    audit_record(actor=None, action=AuditAction.READ, object_type="cases.casefile", object_id="1", persons=[1])
                    time.sleep(hold)
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.skipif(connection.vendor == "sqlite", reason="in-memory SQLite has one connection")
@pytest.mark.parametrize("hold", [0, 0.002])
def test_concurrent_appends_make_one_unbroken_chain(audit_flushable, hold):
    errors = append_concurrently(hold=hold)
    assert errors == []
    assert list(AuditEvent.objects.order_by("sequence").values_list("sequence", flat=True)) == list(
        range(1, THREADS * APPENDS + 1)
    )
    report = verify_chain()
    assert report.broken is None
    assert report.count == THREADS * APPENDS
