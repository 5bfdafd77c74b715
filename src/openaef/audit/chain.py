"""The hash chain: how an entry is serialised, hashed and appended after the last one.

The serialisation is canonical JSON (sorted keys, no spaces, UTF-8) of every stored field but the
hash itself, the previous entry's hash included; changing it would break every chain already
written, so a new format must get a new ``v``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import json
from collections.abc import Iterable
from typing import Any

from django.db import connection

from .models import AuditEvent

GENESIS_HASH = "0" * 64
FORMAT_VERSION = 1
# Any constant: it names the lock that serialises appends on PostgreSQL (see migration 0002).
ADVISORY_LOCK_KEY = 0x0AEF_A0D1


def normalise_ip(value: str | None) -> str | None:
    """The address as PostgreSQL and Python both print it, or None when it is not an address."""
    if not value:
        return None
    try:
        return ipaddress.ip_address(value.strip()).compressed
    except ValueError:
        return None


def _timestamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def canonical(event: AuditEvent, persons: Iterable[int]) -> bytes:
    payload: dict[str, Any] = {
        "v": FORMAT_VERSION,
        "seq": event.sequence,
        "at": _timestamp(event.at),
        "actor": event.actor_id,
        "action": event.action,
        "type": event.object_type,
        "id": event.object_id,
        "fields": list(event.fields or []),
        "ip": normalise_ip(event.ip_address),
        "reason": event.reason,
        "emergency": bool(event.emergency),
        "persons": sorted({int(p) for p in persons}),
        "prev": event.prev_hash,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def compute_hash(event: AuditEvent, persons: Iterable[int]) -> str:
    return hashlib.sha256(canonical(event, persons)).hexdigest()


def locked_head() -> tuple[int, str]:
    """The last entry's sequence number and hash, once no other transaction can append.

    Must run inside a transaction. On PostgreSQL one call of ``audit_chain_head()`` takes the
    transaction-level advisory lock and then reads the head: being a VOLATILE function, its
    read takes a fresh snapshot after the lock is granted, so it sees the entry the previous
    holder committed (a lock and a read in one plain statement would not). On SQLite the
    transaction already holds the database's write lock (transactions begin IMMEDIATE).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT sequence, hash FROM audit_chain_head(%s)", [ADVISORY_LOCK_KEY])
            row = cursor.fetchone()
    else:
        row = AuditEvent.objects.order_by("-sequence").values_list("sequence", "hash").first()
    if not row or row[0] is None:
        return 0, GENESIS_HASH
    return int(row[0]), str(row[1])
