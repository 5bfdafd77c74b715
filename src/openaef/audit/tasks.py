"""Background work of the audit app (django-tasks).

The e-mail to the data protection officers names no one: not the person whose record was
opened, not the record's number in the subject. It links to the review page behind the login.
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

from .models import EmergencyAccess


@task()
def notify_emergency_access(access_id: int) -> int:
    access = EmergencyAccess.objects.select_related("user").get(pk=access_id)
    officers = User.objects.filter(is_active=True, memberships__role=Role.DATA_PROTECTION_OFFICER).distinct().order_by("id")
    url = settings.SITE_URL + reverse("backoffice:emergency_access_list")
    sent = 0
    for officer in officers:
        with translation.override(officer.preferred_language or settings.LANGUAGE_CODE):
            body = render_to_string("audit/email/emergency_access.txt", {"access": access, "url": url})
            sent += send_mail(_("An emergency access was opened"), body, None, [officer.email])
    return sent
