"""Telling people: one in-application notification per user, and an e-mail when they want one.

Call ``notify`` from inside a service's transaction: the rows are written with it (nothing is
told about a change that rolled back) and the e-mails are queued only once it has committed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import EMAIL_BY_DEFAULT, Notification, NotificationKind, NotificationSetting


def notify(
    *,
    users: Iterable[Any],
    kind: str,
    url: str = "",
    params: dict[str, Any] | None = None,
    dedupe_key: str = "",
) -> list[Notification]:
    """Notifies each active user in ``users`` (duplicates and ``None`` ignored).

    ``params`` are shown in the text (a case or referral reference, a date as ISO text): never
    a name or anything else personal, since the text may travel by e-mail. With ``dedupe_key``
    a user is told of the same thing (kind and key) once only, however often it is called.
    """
    if kind not in NotificationKind.values:
        raise ValueError(f"Unknown notification kind {kind!r}")
    recipients = {u.pk: u for u in users if u is not None and getattr(u, "is_active", False)}
    created: list[Notification] = []
    for user in recipients.values():
        notification = Notification(user=user, kind=kind, url=url, params=params or {}, dedupe_key=dedupe_key)
        if dedupe_key:
            try:
                with transaction.atomic():
                    notification.save()
            except IntegrityError:
                continue  # told already
        else:
            notification.save()
        created.append(notification)
    by_email = _email_choices([n.user for n in created], kind)
    to_email = [n.pk for n in created if by_email.get(n.user_id, False)]
    if to_email:
        from .tasks import send_notification_emails

        transaction.on_commit(lambda: send_notification_emails.enqueue(to_email))
    return created


def _email_choices(users: list[Any], kind: str) -> dict[int, bool]:
    """Whether each user gets ``kind`` by e-mail: their setting, else the default (one query)."""
    if not users:
        return {}
    chosen = dict(
        NotificationSetting.objects.filter(user__in=[u.pk for u in users], kind=kind).values_list("user_id", "by_email")
    )
    return {u.pk: bool(getattr(u, "email", "")) and chosen.get(u.pk, kind in EMAIL_BY_DEFAULT) for u in users}


def notification_mark_read(*, actor: Any, ids: Iterable[int] | None = None) -> int:
    """Marks the actor's notifications read (all of them when ``ids`` is None)."""
    qs = Notification.objects.filter(user=actor, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())


def notification_open(*, actor: Any, notification: Notification) -> str:
    """Marks the actor's notification read; returns where it leads (a local path, or "")."""
    from .selectors import local_url

    if notification.user_id != actor.pk:
        raise PermissionError("Not the actor's notification")
    if notification.read_at is None:
        notification_mark_read(actor=actor, ids=[notification.pk])
    return local_url(notification.url)


def notification_settings_save(*, actor: Any, by_email: dict[str, bool]) -> None:
    """Saves the actor's choice of e-mail per kind (unknown kinds are ignored)."""
    with transaction.atomic():
        for kind, choice in by_email.items():
            if kind in NotificationKind.values:
                NotificationSetting.objects.update_or_create(user=actor, kind=kind, defaults={"by_email": bool(choice)})
