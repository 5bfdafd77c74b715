"""Reads of file-access requests: only through here, 404 for missing and forbidden alike."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.http import Http404, HttpRequest

from openaef.accounts.models import Membership, Role
from openaef.audit.models import AuditAction
from openaef.audit.services import audit_record
from openaef.cases.models import CaseFile, Framework
from openaef.cases.states import CaseStatus
from openaef.core.access import audit_refused
from openaef.core.pagination import Page, SortKey, keyset_page
from openaef.core.text import fold
from openaef.directory.models import Office, OfficeKind
from openaef.people.models import Person
from openaef.people.selectors import PAGE_SIZE as PERSON_PAGE_SIZE
from openaef.people.selectors import SEARCH_KEYS, matching_persons

from .models import (
    AccessAppointment,
    AccessChannel,
    AccessConsultation,
    ExportStatus,
    FileAccessRequest,
    FileAccessRequestEvent,
    FileExport,
)
from .states import OPEN_STATES, AccessStatus

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
    access_request = (
        FileAccessRequest.objects.visible_to(user).select_related("identity_checked_by", "person").filter(pk=pk).first()
    )
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


# ---------------------------------------------------------------- whose file it is
# The data protection officer sees no cases (cases.selectors.visible_cases): the persons and case
# files read here are reached through a request they handle, and every read is logged.


def person_search_for_request(
    user: Any,
    access_request: FileAccessRequest,
    *,
    q: str = "",
    birth_date: dt.date | None = None,
    cursor: str | None = None,
    http_request: HttpRequest | None = None,
) -> Page[Person]:
    """Persons of the pack matching ``q`` and ``birth_date`` (the same matching as
    people.selectors.person_search), for a request ``user`` handles; the persons shown are logged."""
    if not user.has_perm("rights.handle_request") or access_request.pack != settings.OPENAEF_PACK:
        raise Http404
    words = fold(q).split()
    if not words and birth_date is None:
        return Page(items=[], next_cursor=None, previous_cursor=None)
    queryset = matching_persons(
        Person.objects.filter(pack=access_request.pack, merged_into__isnull=True, anonymised_at__isnull=True),
        words,
        birth_date,
    )
    page = keyset_page(queryset, SEARCH_KEYS, cursor, PERSON_PAGE_SIZE)
    if page.items:
        audit_record(
            actor=user,
            action=AuditAction.READ,
            object_type="people.person",
            object_id="search",
            reason=f"file-access request {access_request.reference}",
            request=http_request,
            persons=[p.pk for p in page.items],
        )
    return page


def person_for_request(user: Any, access_request: FileAccessRequest, pk: int) -> Person:
    """A person the request may be linked to; Http404 otherwise."""
    if not user.has_perm("rights.handle_request"):
        raise Http404
    person = Person.objects.filter(pk=pk, pack=access_request.pack, merged_into__isnull=True, anonymised_at__isnull=True).first()
    if person is None:
        raise Http404
    return person


@dataclass(frozen=True)
class LinkedCase:
    reference: str
    framework: str
    framework_label: str
    office: str
    closed: bool


def linked_cases(user: Any, access_request: FileAccessRequest, *, http_request: HttpRequest | None = None) -> list[LinkedCase]:
    """The case files of the person the request is linked to (as the child or a participant):
    reference, framework, office and whether closed; nothing else of the case is read here."""
    if access_request.person_id is None:
        return []
    rows = (
        CaseFile.objects.filter(
            Q(child=access_request.person_id) | Q(participants__person=access_request.person_id), pack=access_request.pack
        )
        .distinct()
        .select_related("office")
        .only("id", "reference", "framework", "status", "office__name")
        .order_by("opened_on", "id")
    )
    cases = [
        LinkedCase(
            reference=c.reference,
            framework=c.framework,
            framework_label=c.get_framework_display(),
            office=str(c.office),
            closed=c.status == CaseStatus.CLOSED,
        )
        for c in rows
    ]
    audit_record(
        actor=user,
        action=AuditAction.READ,
        object_type="people.person",
        object_id=str(access_request.person_id),
        fields=["cases"],
        reason=f"file-access request {access_request.reference}",
        request=http_request,
        persons=[access_request.person_id],
    )
    return cases


def has_judicial_case(cases: list[LinkedCase]) -> bool:
    return any(c.framework == Framework.JUDICIAL for c in cases)


def request_has_judicial_case(access_request: FileAccessRequest) -> bool:
    """For the invitation (no user, no log: it reads one flag)."""
    if access_request.person_id is None:
        return False
    return (
        CaseFile.objects.filter(Q(child=access_request.person_id) | Q(participants__person=access_request.person_id))
        .filter(framework=Framework.JUDICIAL)
        .exists()
    )


# ---------------------------------------------------------------- appointments and consultation


def appointments_of(access_request: FileAccessRequest) -> list[AccessAppointment]:
    return list(access_request.appointments.select_related("office", "professional"))


def appointment_of(access_request: FileAccessRequest, pk: int) -> AccessAppointment:
    appointment = access_request.appointments.select_related("office", "professional").filter(pk=pk).first()
    if appointment is None:
        raise Http404
    return appointment


def consultation_of(access_request: FileAccessRequest) -> AccessConsultation | None:
    return AccessConsultation.objects.filter(request=access_request).select_related("export", "recorded_by").first()


def regional_offices(pack: str | None = None) -> list[Office]:
    return list(Office.objects.filter(pack=pack or settings.OPENAEF_PACK, kind=OfficeKind.REGIONAL).order_by("code"))


def professionals_for_appointments(pack: str | None = None) -> list[tuple[Any, str]]:
    """Who may be present: a data protection officer, or a staff member of a regional office,
    each with the code of their office ("" for the officers)."""
    rows = (
        Membership.objects.filter(user__is_active=True)
        .filter(
            Q(role=Role.DATA_PROTECTION_OFFICER) | Q(office__kind=OfficeKind.REGIONAL, office__pack=pack or settings.OPENAEF_PACK)
        )
        .select_related("user", "office")
        .order_by("user__full_name", "user_id", "id")
    )
    seen: dict[tuple[int, str], Any] = {}
    for m in rows:
        code = m.office.code if m.role != Role.DATA_PROTECTION_OFFICER and m.office else ""
        seen.setdefault((m.user_id, code), m.user)
    return [(user, code) for (_pk, code), user in seen.items()]


def may_attend(user: Any, office: Office) -> bool:
    if user.has_role(Role.DATA_PROTECTION_OFFICER):
        return True
    return Membership.objects.filter(user=user, office=office).exists()


def released_exports(access_request: FileAccessRequest) -> list[FileExport]:
    return list(FileExport.objects.filter(request=access_request, status=ExportStatus.RELEASED).order_by("-released_at", "-id"))


def requests_due_by(day: dt.date) -> list[FileAccessRequest]:
    """Open requests of the pack whose answer is due on or before ``day`` (few: a register)."""
    return list(
        FileAccessRequest.objects.filter(pack=settings.OPENAEF_PACK, status__in=OPEN_STATES, due_on__lte=day).only(
            "id", "reference", "due_on", "status"
        )
    )
