from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.translation import gettext

from openaef.cases.tasks import send_task_reminders
from tests.cases.journal_factories import make_task

pytestmark = pytest.mark.django_db


def today() -> dt.date:
    return timezone.localdate()


def test_it_reminds_the_assignee_once(case, coordinator):
    task = make_task(case, title="Rapport sur Léa Schmit", due_on=today() + dt.timedelta(days=3), remind_on=today())
    assert send_task_reminders.call() == 1
    assert send_task_reminders.call() == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [coordinator.email]
    # In the recipient's language (French by default), and the same whatever the task.
    coordinator.refresh_from_db()
    with translation.override(coordinator.preferred_language):
        assert message.subject == gettext("A deadline needs your attention")
    assert message.subject != "A deadline needs your attention" or coordinator.preferred_language == "en"
    # No personal data: neither the child's name nor the task's title, only the case's reference and links.
    assert "Schmit" not in message.subject + message.body
    assert case.reference in message.body
    assert f"/cases/{case.pk}/" in message.body
    task.refresh_from_db()
    assert task.reminded_at is not None


def test_it_waits_for_the_reminder_day(case):
    make_task(case, due_on=today() + dt.timedelta(days=10), remind_on=today() + dt.timedelta(days=1))
    assert send_task_reminders.call() == 0
    assert mail.outbox == []


def test_it_does_not_remind_a_done_task(case, coordinator):
    make_task(case, remind_on=today(), done_at=timezone.now(), done_by=coordinator)
    assert send_task_reminders.call() == 0


def test_it_does_not_remind_a_task_without_a_reminder(case):
    make_task(case, remind_on=None)
    assert send_task_reminders.call() == 0


def test_a_task_without_an_assignee_is_reminded_to_the_case_coordinator(case, coordinator):
    make_task(case, assigned_to=None, remind_on=today())
    assert send_task_reminders.call() == 1
    assert mail.outbox[0].to == [coordinator.email]


def test_the_e_mail_is_written_in_the_recipient_s_language(case, colleague):
    colleague.preferred_language = "fr"
    colleague.save(update_fields=["preferred_language"])
    make_task(case, assigned_to=colleague, remind_on=today())
    send_task_reminders.call()
    assert mail.outbox[0].to == [colleague.email]


def test_a_failed_sending_is_tried_again_next_time(case, monkeypatch):
    task = make_task(case, remind_on=today())

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError("mail server down")

    monkeypatch.setattr("openaef.cases.tasks.send_mail", broken)
    assert send_task_reminders.call() == 0
    task.refresh_from_db()
    assert task.reminded_at is None
    monkeypatch.undo()
    assert send_task_reminders.call() == 1


def test_the_management_command_sends_them(case):
    make_task(case, remind_on=today())
    out = io.StringIO()
    call_command("send_reminders", stdout=out)
    assert "1" in out.getvalue()
    assert len(mail.outbox) == 1
