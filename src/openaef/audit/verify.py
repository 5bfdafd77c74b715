"""Walking the chain: the first entry whose content, link or sequence number is wrong."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch

from .chain import GENESIS_HASH, compute_hash
from .models import AuditEvent, AuditEventPerson

CHUNK_SIZE = 2000


@dataclass(frozen=True)
class Break:
    sequence: int
    event_id: int
    problem: str  # "gap", "link broken" or "content altered"
    detail: str


@dataclass(frozen=True)
class ChainReport:
    count: int
    head_sequence: int
    head_hash: str
    broken: Break | None


def _events() -> Iterable[AuditEvent]:
    persons = Prefetch("person_links", queryset=AuditEventPerson.objects.only("event_id", "person_id").order_by("person_id"))
    return AuditEvent.objects.order_by("sequence").prefetch_related(persons).iterator(chunk_size=CHUNK_SIZE)


def check(event: AuditEvent, expected_sequence: int, previous_hash: str) -> Break | None:
    if event.sequence != expected_sequence:
        detail = f"expected sequence {expected_sequence}, found {event.sequence}"
        return Break(event.sequence, event.pk, "gap", detail)
    if event.prev_hash != previous_hash:
        detail = "its previous-entry hash is not the hash of the entry before it"
        return Break(event.sequence, event.pk, "link broken", detail)
    persons = [link.person_id for link in event.person_links.all()]
    if compute_hash(event, persons) != event.hash:
        return Break(event.sequence, event.pk, "content altered", "its content does not match its hash")
    return None


def verify_chain(events: Iterable[AuditEvent] | None = None) -> ChainReport:
    """Stops at the first break: everything after it is unproven anyway."""
    count, expected, previous = 0, 1, GENESIS_HASH
    for event in _events() if events is None else events:
        broken = check(event, expected, previous)
        if broken is not None:
            return ChainReport(count, expected - 1, previous, broken)
        count += 1
        expected, previous = event.sequence + 1, event.hash
    return ChainReport(count, expected - 1, previous, None)
