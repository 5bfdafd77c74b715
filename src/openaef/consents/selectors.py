"""Reading consent requests, everyday acts and complaints of a case, and the six-monthly list of
placed children. Every read of a case's records starts from a ``CaseAccess`` (from
``cases.selectors.get_case_for``): a record of another case is "not found"."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from openaef.accounts.models import Role
from openaef.accounts.selectors import coordinator_choices_of
from openaef.cases.models import CaseEvent, CaseEventKind, CaseFile, CaseParticipant, ParticipantRole
from openaef.cases.selectors import CaseAccess
from openaef.courts.models import JudicialDecision
from openaef.people.models import Person, Relationship
from openaef.placements.models import Placement

from .models import Complaint, ConsentAnswer, ConsentRequest, EverydayAct

# Timeline kinds of this app's events (everyday acts are told as consent events).
CONSENT_EVENT = CaseEventKind.CONSENT
COMPLAINT_EVENT = CaseEventKind.COMPLAINT
PARENT_ROLES = (ParticipantRole.PARENT, ParticipantRole.LEGAL_REPRESENTATIVE)


def parent_candidates(case: CaseFile, on: dt.date | None = None) -> list[Person]:
    """Who is asked to consent: the case's parents and legal representatives, and anyone in the
    case recorded as holding parental authority over the child (people.Relationship)."""
    on = on or timezone.localdate()
    authority = Relationship.objects.filter(person_id=OuterRef("person_id"), relative_id=case.child_id).filter(
        Q(holds_parental_authority=True) | Q(is_legal_representative=True),
        Q(until__isnull=True) | Q(until__gte=on),
    )
    rows = (
        CaseParticipant.objects.filter(case=case)
        .exclude(person_id=case.child_id)
        .filter(Q(role__in=PARENT_ROLES) | Exists(authority))
        .select_related("person")
        .order_by("position", "id")
    )
    return [row.person for row in rows]


def case_people(case: CaseFile) -> list[Person]:
    """Everyone in the case, the child first: who a complaint may come from."""
    rows = CaseParticipant.objects.filter(case=case).select_related("person").order_by("position", "id")
    people = [row.person for row in rows]
    if all(p.pk != case.child_id for p in people):
        people.insert(0, case.child)
    return people


def case_placement_choices(case: CaseFile) -> list[tuple[int, str, dt.date | None]]:
    """(id, measure type code, admitted on) of the case's placements, newest first: one query."""
    rows = (
        Placement.objects.filter(case=case)
        .values_list("pk", "measure__measure_type__code", "admitted_on")
        .order_by("-created_at", "-id")
    )
    return list(rows)


def case_placement(case: CaseFile, pk: str | int | None) -> Placement | None:
    """The case's placement ``pk`` (None when empty, unknown or another case's)."""
    if not str(pk or "").isdigit():
        return None
    return Placement.objects.filter(case=case, pk=int(str(pk))).first()


def case_decisions(case: CaseFile) -> list[JudicialDecision]:
    return list(JudicialDecision.objects.filter(case=case).order_by("-decided_on", "-id"))


def assignable_coordinators(case: CaseFile) -> list[tuple[int, str]]:
    return coordinator_choices_of(case.office)


# The case's consent page -------------------------------------------------------------------------


def case_consent_requests(case: CaseFile) -> list[ConsentRequest]:
    """The case's requests, newest first, with the parents asked and their answers: three queries."""
    answers = ConsentAnswer.objects.select_related("person").order_by("on", "id")
    return list(
        ConsentRequest.objects.filter(case=case)
        .select_related("placement__measure__measure_type")
        .prefetch_related(
            Prefetch("asked_of", queryset=Person.objects.order_by("surname", "first_names", "id")),
            Prefetch("answers", queryset=answers),
        )
        .order_by("-asked_on", "-id")
    )


def case_everyday_acts(case: CaseFile, limit: int = 100) -> list[EverydayAct]:
    """The most recent everyday acts (a long placement records many: the page shows the latest)."""
    return list(EverydayAct.objects.filter(case=case).select_related("recorded_by").order_by("-on", "-id")[:limit])


def case_complaints(case: CaseFile) -> list[Complaint]:
    return list(Complaint.objects.filter(case=case).select_related("from_person", "assigned_to").order_by("-received_on", "-id"))


def get_consent_request_for(access: CaseAccess, pk: int) -> ConsentRequest:
    """The case's request with its parents and answers, or 404 (also for another case's)."""
    request = _requests(access.case).filter(pk=pk).first()
    if request is None:
        raise Http404
    return request


def _requests(case: CaseFile) -> Any:
    answers = ConsentAnswer.objects.select_related("person", "recorded_by").order_by("on", "id")
    return (
        ConsentRequest.objects.filter(case=case)
        .select_related("placement__measure__measure_type", "court_decision", "deadline_task")
        .prefetch_related(
            Prefetch("asked_of", queryset=Person.objects.order_by("surname", "first_names", "id")),
            Prefetch("answers", queryset=answers),
        )
    )


def get_complaint_for(access: CaseAccess, pk: int) -> Complaint:
    complaint = (
        Complaint.objects.filter(case=access.case, pk=pk)
        .select_related("from_person", "assigned_to", "answered_by", "placement__measure__measure_type")
        .first()
    )
    if complaint is None:
        raise Http404
    return complaint


def record_events(case: CaseFile, kind: str, key: str, pk: int, limit: int = 50) -> list[CaseEvent]:
    """The timeline events of one request or complaint (their data names it), newest first."""
    return list(
        CaseEvent.objects.filter(case=case, kind=kind, **{f"data__{key}": pk})
        .select_related("actor")
        .order_by("-at", "-id")[:limit]
    )


def may_answer_complaint(user: Any, access: CaseAccess, complaint: Complaint) -> bool:
    """Those who may change the case, and the coordinator the complaint is assigned to."""
    if access.emergency:
        return False
    return access.can_edit or (complaint.assigned_to_id is not None and complaint.assigned_to_id == user.pk)


def offices_headed_by(user: Any) -> Any:
    """The offices ``user`` heads, as a subquery (read with the query that uses it)."""
    return user.memberships.filter(role=Role.OFFICE_HEAD, office__isnull=False).values("office_id")


def get_coordinator(case: CaseFile, pk: str | int) -> Any:
    """A coordinator of the case's office (the only people a complaint may be assigned to), or None."""
    from openaef.accounts.models import User

    if not str(pk).isdigit():
        return None
    return User.objects.filter(
        pk=int(pk), is_active=True, memberships__office_id=case.office_id, memberships__role=Role.COORDINATOR
    ).first()
