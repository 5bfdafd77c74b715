"""Reads of file-access requests: only through here, 404 for missing and forbidden alike."""

from __future__ import annotations

import datetime as dt
import uuid

from django.http import Http404, HttpRequest

from openaef.audit.models import AuditAction
from openaef.audit.services import audit_record
from openaef.core.access import audit_refused
from openaef.core.pagination import Page, SortKey, keyset_page

from .models import AccessChannel, FileAccessRequest, FileAccessRequestEvent
from .states import AccessStatus

PAGE_SIZE = 25
# Earliest answer due first: overdue requests come to the top of the list by themselves.
SORT = [SortKey("due_on", descending=False), SortKey("id", descending=False)]


def access_request_page(user: object, *, status: str = "", cursor: str | None = None) -> Page[FileAccessRequest]:
    queryset = FileAccessRequest.objects.visible_to(user).only(
        "id", "reference", "status", "channel", "applicant", "received_at", "due_on"
    )
    if status in AccessStatus.values:
        queryset = queryset.filter(status=status)
    return keyset_page(queryset, SORT, cursor, PAGE_SIZE)


def get_access_request_for(user: object, pk: int, *, http_request: HttpRequest | None = None) -> FileAccessRequest:
    """The request, its read logged; Http404 when it does not exist or ``user`` may not see it."""
    access_request = FileAccessRequest.objects.visible_to(user).select_related("identity_checked_by").filter(pk=pk).first()
    if access_request is None:
        if FileAccessRequest.objects.filter(pk=pk).exists():
            audit_refused(actor=user, object_type="rights.fileaccessrequest", object_id=pk, request=http_request)
        raise Http404
    audit_record(actor=user, action=AuditAction.READ, obj=access_request, request=http_request)
    return access_request


def submission_known(token: uuid.UUID | None) -> bool:
    """Whether a form with this one-time token was already recorded (a second click on Send)."""
    return token is not None and FileAccessRequest.objects.filter(submission_token=token).exists()


def web_submission_reference(pk: object, *, since: dt.datetime) -> str | None:
    """The reference of a request sent online after ``since``: all the confirmation page shows."""
    if not isinstance(pk, int):
        return None
    return (
        FileAccessRequest.objects.filter(pk=pk, channel=AccessChannel.WEB, created_at__gte=since)
        .values_list("reference", flat=True)
        .first()
    )


def access_request_history(access_request: FileAccessRequest) -> list[FileAccessRequestEvent]:
    return list(access_request.events.select_related("actor"))
