"""What each kind of record the retention run knows is, in queries: which records the rule applies
to (with their last contact, computed in the database), and what archiving or anonymising one
batch of them changes. Rows are never deleted: other records point at them (PROTECT keys), and
what remains is what the figures and the archives need.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import DateField, Exists, F, Model, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest, TruncDate, TruncYear

from openaef.cases.models import CaseEvent, CaseFile, CaseParticipant, JournalNote
from openaef.cases.states import CaseStatus
from openaef.hotline.models import Call, CallStatus, FollowUpEntry, FollowUpStatus, MissingChildFollowUp
from openaef.intake.models import HelpRequest, HelpRequestEvent, RequestParent
from openaef.intake.states import RequestStatus
from openaef.people.models import HouseholdMember, Person, PersonEvent, Relationship

from .models import AccessConsultation, FileAccessRequest, FileAccessRequestEvent, RetentionOutcome
from .states import FINAL_STATES as ACCESS_FINAL_STATES
from .states import OPEN_STATES as ACCESS_OPEN_STATES


def _latest(queryset: QuerySet[Any], column: str) -> Subquery:
    """The latest ``column`` of ``queryset`` (already filtered on the outer row): one index probe."""
    return Subquery(queryset.order_by(f"-{column}").values(column)[:1])


def _day(expression: Any) -> Any:
    return TruncDate(expression, output_field=DateField())


def _last_of(base: Any, *others: Any) -> Any:
    """The latest of ``base`` and ``others``, a missing other counting as ``base`` (SQLite's
    MAX() of several values is NULL when one of them is)."""
    return Greatest(base, *(Coalesce(other, base, output_field=DateField()) for other in others), output_field=DateField())


@dataclass(frozen=True)
class Kind:
    code: str
    model: type[Model]
    outcome: str
    # The column the run sets; a record with it set is done.
    mark: str
    # Records the rule applies to and not yet done, annotated with ``last_contact`` (a date).
    scope: Callable[[], QuerySet[Any]]
    # What one UPDATE of a batch sets besides the mark.
    values: dict[str, Any] = field(default_factory=dict)
    reference_field: str = ""
    # Whose record it is, for the audit log's persons (the person's own access history shows it).
    person_field: str = ""
    # Further updates of the batch's dependent rows (entries, parents, events).
    dependents: Callable[[list[int]], None] | None = None

    def blanked(self) -> list[str]:
        return sorted(self.values)


# ---------------------------------------------------------------- closed case files: archived


def _case_scope() -> QuerySet[CaseFile]:
    events = _latest(CaseEvent.objects.filter(case=OuterRef("pk")), "at")
    notes = _latest(JournalNote.objects.filter(case=OuterRef("pk")), "occurred_on")
    return CaseFile.objects.filter(
        pack=settings.OPENAEF_PACK, status=CaseStatus.CLOSED, closed_on__isnull=False, archived_at__isnull=True
    ).annotate(last_contact=_last_of(F("closed_on"), _day(events), notes))


# ---------------------------------------------------------------- requests for help: anonymised

# Requests that ended without a case file. An accepted request waits for its case file to be
# opened: it is not over.
ENDED_REQUEST = (RequestStatus.REFERRED, RequestStatus.NOT_ELIGIBLE, RequestStatus.WITHDRAWN)


def _request_scope() -> QuerySet[HelpRequest]:
    events = _latest(HelpRequestEvent.objects.filter(request=OuterRef("pk")), "at")
    return (
        HelpRequest.objects.filter(pack=settings.OPENAEF_PACK, status__in=ENDED_REQUEST, anonymised_at__isnull=True)
        .filter(~Exists(CaseFile.objects.filter(request=OuterRef("pk"))))
        .annotate(last_contact=_last_of(_day(F("received_at")), _day(events)))
    )


def _request_extra(ids: list[int]) -> None:
    RequestParent.objects.filter(request_id__in=ids).update(full_name="", phone="")
    HelpRequestEvent.objects.filter(request_id__in=ids).update(reason="")


REQUEST_VALUES: dict[str, Any] = {
    **dict.fromkeys(
        [
            "requester_name",
            "requester_organisation",
            "requester_relationship",
            "contact_phone",
            "contact_email",
            "contact_address",
            "contact_times",
            "child_first_names",
            "child_surname",
            "child_surname_folded",
            "child_first_names_folded",
            "child_situation_details",
            "situation",
            "outcome_reason",
        ],
        "",
    ),
    # The year alone: the age band stays for the figures, the person cannot be found by it.
    "child_birth_date": TruncYear("child_birth_date", output_field=DateField()),
}


# ---------------------------------------------------------------- 116 000 calls and follow-ups


def _call_scope() -> QuerySet[Call]:
    closed = _day(Coalesce("closed_at", "received_at"))
    return (
        Call.objects.filter(status=CallStatus.CLOSED, anonymised_at__isnull=True)
        # A call stays whole while the follow-up it belongs to is open.
        .filter(Q(follow_up__isnull=True) | Q(follow_up__status=FollowUpStatus.CLOSED))
        .annotate(last_contact=_last_of(closed, _day(F("follow_up__closed_at"))))
    )


def _follow_up_scope() -> QuerySet[MissingChildFollowUp]:
    entries = _latest(FollowUpEntry.objects.filter(follow_up=OuterRef("pk")), "at")
    return MissingChildFollowUp.objects.filter(
        status=FollowUpStatus.CLOSED, closed_at__isnull=False, anonymised_at__isnull=True
    ).annotate(last_contact=_last_of(_day(F("closed_at")), _day(entries)))


def _follow_up_extra(ids: list[int]) -> None:
    FollowUpEntry.objects.filter(follow_up_id__in=ids).update(text="")


# ---------------------------------------------------------------- file-access requests


def _access_scope() -> QuerySet[FileAccessRequest]:
    events = _latest(FileAccessRequestEvent.objects.filter(request=OuterRef("pk")), "at")
    return FileAccessRequest.objects.filter(
        pack=settings.OPENAEF_PACK, status__in=ACCESS_FINAL_STATES, anonymised_at__isnull=True
    ).annotate(last_contact=_last_of(_day(F("received_at")), _day(events)))


def _access_extra(ids: list[int]) -> None:
    AccessConsultation.objects.filter(request_id__in=ids).update(attendees="", identity_document_last4="", notes="")
    FileAccessRequestEvent.objects.filter(request_id__in=ids).update(reason="")


ACCESS_VALUES: dict[str, Any] = {
    **dict.fromkeys(
        [
            "surname_at_birth",
            "first_names",
            "place_of_birth",
            "child_name",
            "contact_email",
            "contact_phone",
            "contact_address",
            "identity_document_last4",
            "discernment_note",
            "outcome_reason",
        ],
        "",
    ),
    "birth_date": None,
}


# ---------------------------------------------------------------- persons


def _live_persons() -> QuerySet[Person]:
    """Persons in a case file of the active base (as the child or a participant)."""
    live = CaseFile.objects.filter(archived_at__isnull=True)
    return Person.objects.filter(
        Q(pk__in=live.values("child")) | Q(pk__in=CaseParticipant.objects.filter(case__in=live.values("pk")).values("person"))
    )


def _person_scope() -> QuerySet[Person]:
    cases = CaseFile.objects.filter(Q(child=OuterRef("pk")) | Q(participants__person=OuterRef("pk")))
    live = _live_persons().values("pk")
    households = HouseholdMember.objects.filter(person=OuterRef(OuterRef("pk"))).values("household")
    return (
        Person.objects.filter(pack=settings.OPENAEF_PACK, anonymised_at__isnull=True, merged_into__isnull=True)
        .filter(Exists(cases.filter(archived_at__isnull=False)))
        .filter(~Exists(cases.filter(archived_at__isnull=True)))
        .filter(~Exists(FileAccessRequest.objects.filter(person=OuterRef("pk"), status__in=ACCESS_OPEN_STATES)))
        .filter(~Exists(Relationship.objects.filter(person=OuterRef("pk"), relative__in=live)))
        .filter(~Exists(Relationship.objects.filter(relative=OuterRef("pk"), person__in=live)))
        .filter(~Exists(HouseholdMember.objects.filter(household__in=households, person__in=live)))
        .annotate(last_contact=_day(_latest(cases.filter(archived_at__isnull=False), "archived_at")))
    )


def _person_extra(ids: list[int]) -> None:
    # The person's own history holds the values of their details before each change.
    PersonEvent.objects.filter(person_id__in=ids).update(data={})


PERSON_VALUES: dict[str, Any] = {
    **dict.fromkeys(
        [
            "surname_at_birth",
            "surname",
            "first_names",
            "birth_place",
            "nationality",
            "national_id_scheme",
            "national_id",
            "address",
            "postcode",
            "email",
            "surname_folded",
            "first_names_folded",
            "surname_key",
            "surname_at_birth_key",
            "first_name_key",
        ],
        "",
    ),
    "birth_date": TruncYear("birth_date", output_field=DateField()),
    "phones": [],
    "languages": [],
    "commune": None,
}


KIND_DEFINITIONS: dict[str, Kind] = {
    kind.code: kind
    for kind in (
        Kind(
            "case_files",
            CaseFile,
            RetentionOutcome.ARCHIVED,
            "archived_at",
            _case_scope,
            reference_field="reference",
            person_field="child_id",
        ),
        Kind(
            "help_requests",
            HelpRequest,
            RetentionOutcome.ANONYMISED,
            "anonymised_at",
            _request_scope,
            REQUEST_VALUES,
            reference_field="reference",
            dependents=_request_extra,
        ),
        Kind(
            "hotline_calls",
            Call,
            RetentionOutcome.ANONYMISED,
            "anonymised_at",
            _call_scope,
            {"summary": "", "police_reference": ""},
        ),
        Kind(
            "hotline_follow_ups",
            MissingChildFollowUp,
            RetentionOutcome.ANONYMISED,
            "anonymised_at",
            _follow_up_scope,
            {"closing_note": ""},
            dependents=_follow_up_extra,
        ),
        Kind(
            "access_requests",
            FileAccessRequest,
            RetentionOutcome.ANONYMISED,
            "anonymised_at",
            _access_scope,
            ACCESS_VALUES,
            reference_field="reference",
            person_field="person_id",
            dependents=_access_extra,
        ),
        Kind(
            "persons",
            Person,
            RetentionOutcome.ANONYMISED,
            "anonymised_at",
            _person_scope,
            PERSON_VALUES,
            person_field="pk",
            dependents=_person_extra,
        ),
    )
}


def as_date(value: Any) -> dt.date | None:
    """A last contact as a date (SQLite may hand a datetime or a string back from an expression)."""
    if value is None or type(value) is dt.date:
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    return dt.date.fromisoformat(str(value)[:10])
