from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from openaef.notifications.models import Notification, NotificationKind
from openaef.notifications.services import notification_settings_save, notify
from openaef.notifications.tasks import send_notification_emails
from tests.factories import UserFactory

from .factories import make_notification

pytestmark = pytest.mark.django_db

SUBJECT = "OpenAEF: something needs your attention"


def test_notify_emails_once_the_transaction_has_committed(coordinator, case, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(
            users=[coordinator],
            kind=NotificationKind.PROJECT_TO_VALIDATE,
            url=reverse("backoffice:case_detail", args=[case.pk]),
            params={"reference": case.reference},
        )
    assert mail.outbox == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [coordinator.email]
    assert case.reference in message.body
    assert f"/staff/cases/{case.pk}/" in message.body
    assert Notification.objects.get(user=coordinator).emailed_at is not None


def test_the_subject_is_fixed_and_nothing_personal_is_in_the_email(coordinator, case, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[coordinator], kind=NotificationKind.REPORT_RECEIVED, params={"reference": case.reference})
    message = mail.outbox[0]
    coordinator.refresh_from_db()
    with translation.override(coordinator.preferred_language):
        assert message.subject == gettext(SUBJECT)
    assert case.child.surname not in message.subject + message.body
    assert case.child.first_names not in message.subject + message.body
    assert case.reference not in message.subject


def test_every_email_has_the_same_subject_whatever_the_kind(coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[coordinator], kind=NotificationKind.REPORT_RECEIVED, params={"reference": "C-1"})
        notify(users=[coordinator], kind=NotificationKind.MEASURE_ENDING, params={"reference": "C-2", "ends_on": "2026-12-01"})
    assert len(mail.outbox) == 2
    assert mail.outbox[0].subject == mail.outbox[1].subject


def test_one_email_per_notification_even_if_the_task_runs_twice(coordinator):
    notification = make_notification(coordinator)
    assert send_notification_emails.call([notification.pk]) == 1
    assert send_notification_emails.call([notification.pk]) == 0
    assert len(mail.outbox) == 1


def test_it_writes_in_the_recipients_language(office):
    reader = UserFactory(preferred_language="de")
    notification = make_notification(
        reader, kind=NotificationKind.EVALUATION_DUE, params={"reference": "C-9", "due_on": "2026-12-01"}, url="/fr/staff/"
    )
    send_notification_emails.call([notification.pk])
    body = mail.outbox[0].body
    assert "1. Dezember 2026" in body
    assert "/de/staff/" in body


def test_a_kind_turned_off_sends_no_email_but_still_notifies(coordinator, django_capture_on_commit_callbacks):
    coordinator.preferred_language = "en"
    coordinator.save(update_fields=["preferred_language"])
    notification_settings_save(actor=coordinator, by_email={NotificationKind.REPORT_RECEIVED: False})
    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[coordinator], kind=NotificationKind.REPORT_RECEIVED, params={"reference": "C-1"})
        notify(users=[coordinator], kind=NotificationKind.REPORT_DUE, params={"reference": "C-1", "due_on": "2026-12-01"})
    assert Notification.objects.filter(user=coordinator).count() == 2
    assert len(mail.outbox) == 1
    assert "C-1" in mail.outbox[0].body and "is due" in mail.outbox[0].body


def test_an_absolute_url_never_reaches_the_email(coordinator):
    notification = make_notification(coordinator, url="https://evil.example/")
    send_notification_emails.call([notification.pk])
    assert "evil.example" not in mail.outbox[0].body


def test_a_failed_send_is_released_for_the_next_run(coordinator, monkeypatch):
    notification = make_notification(coordinator)

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError("SMTP down")

    monkeypatch.setattr("openaef.notifications.tasks.send_mail", broken)
    assert send_notification_emails.call([notification.pk]) == 0
    notification.refresh_from_db()
    assert notification.emailed_at is None
