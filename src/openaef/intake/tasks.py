"""Background work after a request is received (django-tasks; the worker runs `db_worker`).

E-mails never carry personal data in their subject, and the team's e-mail carries none at
all: it names the reference and links to the request behind the login.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from openaef.accounts.models import Role, User
from openaef.core.packs import get_pack

from .models import HelpRequest


@task()
def notify_intake_team(request_id: int) -> int:
    help_request = HelpRequest.objects.get(pk=request_id)
    officers = User.objects.filter(is_active=True, memberships__role=Role.INTAKE_OFFICER).distinct()
    sent = 0
    for officer in officers:
        with translation.override(officer.preferred_language or settings.LANGUAGE_CODE):
            url = settings.SITE_URL + reverse("backoffice:request_detail", args=[help_request.pk])
            body = render_to_string("intake/email/new_request.txt", {"help_request": help_request, "url": url})
            sent += send_mail(_("New request for help received"), body, None, [officer.email])
    if settings.INTAKE_NOTIFY_EMAILS:
        url = settings.SITE_URL + reverse("backoffice:request_detail", args=[help_request.pk])
        body = render_to_string("intake/email/new_request.txt", {"help_request": help_request, "url": url})
        sent += send_mail(_("New request for help received"), body, None, settings.INTAKE_NOTIFY_EMAILS)
    return sent


@task()
def send_receipt_email(request_id: int) -> int:
    help_request = HelpRequest.objects.get(pk=request_id)
    if not help_request.contact_email:
        return 0
    with translation.override(help_request.preferred_language or settings.LANGUAGE_CODE):
        body = render_to_string("intake/email/receipt.txt", {"help_request": help_request, "pack": get_pack().config})
        return send_mail(_("We have received your request for help"), body, None, [help_request.contact_email])
