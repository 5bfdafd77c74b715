from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from openaef.audit.chain import GENESIS_HASH, compute_hash
from openaef.audit.models import AppendOnlyError, AuditAction, AuditEvent, AuditEventPerson
from openaef.audit.services import audit_record
from openaef.audit.verify import verify_chain

from .conftest import raw

pytestmark = pytest.mark.django_db


def three_entries(actor):  # type: ignore[no-untyped-def]
    return [
        audit_record(actor=actor, action=AuditAction.READ, object_type="cases.casefile", object_id="7", persons=[3, 1]),
        audit_record(actor=actor, action=AuditAction.UPDATE, object_type="people.person", object_id="3", fields=["surname"]),
        audit_record(actor=None, action=AuditAction.LOGIN_FAILED, object_type="accounts.user"),
    ]


def verify() -> str:
    out = io.StringIO()
    call_command("verify_audit_chain", stdout=out)
    return out.getvalue()


def test_it_chains_each_entry_to_the_one_before(coordinator):
    first, second, third = three_entries(coordinator)
    assert [first.sequence, second.sequence, third.sequence] == [1, 2, 3]
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    assert len({first.hash, second.hash, third.hash}) == 3


def test_the_hash_covers_the_persons_concerned(coordinator):
    first, *_ = three_entries(coordinator)
    stored = AuditEvent.objects.get(pk=first.pk)
    assert sorted(AuditEventPerson.objects.filter(event=stored).values_list("person_id", flat=True)) == [1, 3]
    assert compute_hash(stored, [1, 3]) == stored.hash
    assert compute_hash(stored, [1]) != stored.hash


def test_the_command_says_ok_with_the_count(coordinator):
    three_entries(coordinator)
    output = verify()
    assert "OK: 3 entries" in output


def test_an_empty_log_is_whole():
    assert verify_chain().broken is None
    assert "OK: 0 entries" in verify()


def test_it_names_an_entry_whose_content_was_altered(coordinator, append_only_off):
    first, second, third = three_entries(coordinator)
    raw("UPDATE audit_auditevent SET object_id = %s WHERE id = %s", ["8", second.pk])
    with pytest.raises(CommandError) as error:
        verify()
    message = str(error.value)
    assert f"sequence 2 (entry id {second.pk})" in message
    assert "content altered" in message
    assert error.value.returncode == 1


def test_it_names_an_entry_whose_persons_were_changed(coordinator, append_only_off):
    first, *_ = three_entries(coordinator)
    raw("UPDATE audit_auditeventperson SET person_id = 99 WHERE event_id = %s AND person_id = 3", [first.pk])
    report = verify_chain()
    assert (report.broken.sequence, report.broken.problem) == (1, "content altered")


def test_it_names_the_entry_after_one_whose_hash_was_recomputed(coordinator, append_only_off):
    first, second, third = three_entries(coordinator)
    # A careful forger rewrites the entry and its hash: the next entry's link gives it away.
    forged = AuditEvent.objects.get(pk=second.pk)
    forged.object_id = "8"
    new_hash = compute_hash(forged, [])
    raw("UPDATE audit_auditevent SET object_id = '8', hash = %s WHERE id = %s", [new_hash, second.pk])
    report = verify_chain()
    assert report.broken.sequence == 3
    assert report.broken.event_id == third.pk
    assert report.broken.problem == "link broken"
    assert report.count == 2


def test_it_names_the_gap_left_by_a_removed_entry(coordinator, append_only_off):
    first, second, third = three_entries(coordinator)
    raw("DELETE FROM audit_auditevent WHERE id = %s", [second.pk])
    with pytest.raises(CommandError) as error:
        verify()
    assert f"sequence 3 (entry id {third.pk}): gap: expected sequence 2, found 3" in str(error.value)


def test_the_model_refuses_to_change_or_remove_an_entry(coordinator):
    event, *_ = three_entries(coordinator)
    event.reason = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="changed")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AppendOnlyError):
        AuditEventPerson.objects.all().delete()
    assert verify_chain().broken is None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database guard is PostgreSQL's")
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET reason = 'changed'",
        "DELETE FROM audit_auditevent",
        "TRUNCATE audit_auditevent CASCADE",
        "DELETE FROM audit_auditeventperson",
    ],
)
def test_the_database_refuses_to_change_or_remove_an_entry(coordinator, sql):
    three_entries(coordinator)
    # The inserts' deferred foreign-key checks would otherwise block a TRUNCATE in this transaction.
    raw("SET CONSTRAINTS ALL IMMEDIATE")
    # The test settings let the flush between transactional tests truncate the log; not here.
    raw("SET LOCAL openaef.audit_allow_truncate = 'off'")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw(sql)
    assert AuditEvent.objects.count() == 3


def test_an_entry_written_in_a_transaction_that_fails_leaves_no_gap(coordinator):
    audit_record(actor=coordinator, action=AuditAction.READ, object_type="x")
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(actor=coordinator, action=AuditAction.UPDATE, object_type="x")
        raise RuntimeError
    after = audit_record(actor=coordinator, action=AuditAction.READ, object_type="x")
    assert after.sequence == 2
    assert verify_chain().broken is None


def test_an_entry_costs_two_queries(coordinator, django_assert_num_queries):
    audit_record(actor=coordinator, action=AuditAction.READ, object_type="x")
    with django_assert_num_queries(2):
        audit_record(actor=coordinator, action=AuditAction.READ, object_type="cases.casefile", object_id="1")


def test_an_entry_naming_persons_costs_one_query_more(coordinator, django_assert_num_queries):
    with django_assert_num_queries(3):
        audit_record(actor=coordinator, action=AuditAction.READ, object_type="people.person", object_id="1", persons=[1])


def test_it_keeps_the_address_and_the_fields(coordinator, rf):
    request = rf.get("/", REMOTE_ADDR="2001:0db8:0000:0000:0000:0000:0000:0001")
    event = audit_record(actor=coordinator, action=AuditAction.UPDATE, object_type="x", fields=["b", "a"], request=request)
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.ip_address == "2001:db8::1"
    assert stored.fields == ["a", "b"]
    assert verify_chain().broken is None
