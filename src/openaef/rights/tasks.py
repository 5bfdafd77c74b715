"""Background work for file-access requests (django-tasks): the appointment's invitation by
e-mail, and the daily reminders of answers due (GDPR art. 12(3): one month)."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from openaef.cases.deadlines import add_business_days

from .ics import CANCEL, ics_filename, invitation_ics
from .models import AccessAppointment, AccessEventKind
from .parameters import rights_rules
from .selectors import request_has_judicial_case, requests_due_by

logger = logging.getLogger(__name__)


def invitation_message(appointment: AccessAppointment, method: str) -> EmailMessage:
    """The e-mail with the .ics attached (text/calendar; method=...). The subject is fixed and
    names no one; the body says where, when and what to bring."""
    access_request = appointment.request
    judicial = request_has_judicial_case(access_request)
    context = {"appointment": appointment, "cancelled": method == CANCEL, "judicial": judicial}
    body = render_to_string("rights/email/invitation.txt", context)
    subject = _("Your appointment to consult your file") if method != CANCEL else _("Your appointment is cancelled")
    message = EmailMessage(subject=subject, body=body, to=[access_request.contact_email])
    ics = invitation_ics(appointment, method=method, judicial=judicial, attendee_email=access_request.contact_email)
    message.attach(ics_filename(appointment), ics.decode("utf-8"), f"text/calendar; charset=utf-8; method={method}")
    return message


@task()
def send_access_invitation(appointment_id: int, method: str, language: str = "") -> int:
    appointment = AccessAppointment.objects.select_related("request", "office").filter(pk=appointment_id).first()
    if appointment is None or not appointment.request.contact_email:
        return 0
    with translation.override(language or settings.LANGUAGE_CODE):
        message = invitation_message(appointment, method)
    sent = message.send()
    if sent:
        from .services import access_event

        data = {"appointment": appointment.pk, "method": method, "sequence": appointment.sequence}
        access_event(appointment.request, actor=None, kind=AccessEventKind.INVITATION_SENT, data=data)
    return sent


# ---------------------------------------------------------------- the daily reminders


def notify_access_requests_due(today: dt.date) -> int:
    """Tells the data protection officers of each open request due within the pack's reminder
    period, and again once it is overdue: once per request and reminder (dedupe keys)."""
    from openaef.notifications.models import NotificationKind
    from openaef.notifications.selectors import holders_of
    from openaef.notifications.services import notify

    before = rights_rules().reminder_business_days
    # Without a reminder period in the pack, only overdue requests are told.
    horizon = add_business_days(today, before) if before else today - dt.timedelta(days=1)
    requests = requests_due_by(horizon)
    if not requests:
        return 0
    officers = holders_of("rights.handle_request")
    created = 0
    for access_request in requests:
        due = access_request.due_on.isoformat()
        stage = "overdue" if access_request.due_on < today else "soon"
        created += len(
            notify(
                users=officers,
                kind=NotificationKind.ACCESS_REQUEST_DUE,
                url=reverse("backoffice:file_access_detail", args=[access_request.pk]),
                params={"reference": access_request.reference, "due_on": due},
                dedupe_key=f"access_due:{access_request.pk}:{due}:{stage}",
            )
        )
    return created


@task()
def send_access_request_reminders() -> int:
    with transaction.atomic():
        return notify_access_requests_due(timezone.localdate())
