"""Reading persons: who may see whom, and the one access function every person page goes through.

A professional sees the people around the cases they see (``cases.selectors.visible_cases``):
the child and every participant of those cases, and, one step further, their recorded
relatives and the members of their households, so that a grandmother added from the child's
page can still be reached. Nobody else sees a person.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from openaef.accounts.models import Role
from openaef.audit.models import AuditAction
from openaef.audit.services import audit_record
from openaef.cases.models import CaseFile, CaseParticipant
from openaef.cases.selectors import visible_cases
from openaef.core.pagination import Page, SortKey, keyset_page
from openaef.core.text import fold

from .models import HouseholdMember, Person, Relationship
from .phonetics import phonetic_key

SEARCH_KEYS = [SortKey("surname_folded", False), SortKey("first_names_folded", False), SortKey("id", False)]
PAGE_SIZE = 25
SEARCH_MIN_LENGTH = 2


def _around(cases: QuerySet[CaseFile]) -> Q:
    """Persons taking part in ``cases``, their relatives and their households' members."""
    case_ids = cases.values("pk")
    in_cases = Q(pk__in=CaseFile.objects.filter(pk__in=case_ids).values("child")) | Q(
        pk__in=CaseParticipant.objects.filter(case__in=case_ids).values("person")
    )
    core = Person.objects.filter(in_cases).values("pk")
    relatives = Q(pk__in=Relationship.objects.filter(person__in=core).values("relative")) | Q(
        pk__in=Relationship.objects.filter(relative__in=core).values("person")
    )
    households = HouseholdMember.objects.filter(person__in=core).values("household")
    housemates = Q(pk__in=HouseholdMember.objects.filter(household__in=households).values("person"))
    return in_cases | relatives | housemates


def _in_reach(cases: QuerySet[CaseFile], pk: int) -> bool:
    """Whether person ``pk`` is around one of ``cases`` (the same rule as ``_around``), asked
    from the person's side: their relatives and housemates are few and indexed, whereas
    ``_around`` would gather everyone around every case of an office."""
    near = Person.objects.filter(
        Q(pk=pk)
        | Q(pk__in=Relationship.objects.filter(person=pk).values("relative"))
        | Q(pk__in=Relationship.objects.filter(relative=pk).values("person"))
        | Q(
            pk__in=HouseholdMember.objects.filter(
                household__in=HouseholdMember.objects.filter(person=pk).values("household")
            ).values("person")
        )
    ).values("pk")
    return cases.filter(Q(child__in=near) | Q(participants__person__in=near)).exists()


def editable_cases(user: Any) -> QuerySet[CaseFile]:
    """Cases ``user`` may change (cases.selectors.can_edit_case, as a queryset)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return CaseFile.objects.none()
    heads = user.memberships.filter(role=Role.OFFICE_HEAD, office__isnull=False).values("office")
    mine = Q(coordinator=user) if user.has_role(Role.COORDINATOR) else Q(pk__in=[])
    return CaseFile.objects.filter(mine | Q(office__in=heads))


def visible_persons(user: Any) -> QuerySet[Person]:
    """Persons ``user`` may read (current ones and merged ones alike: a merged one leads on).
    An anonymised person (rights.retention) has no identity left to find: never listed."""
    cases = visible_cases(user)
    if not user.is_authenticated or not user.has_role(Role.COORDINATOR, Role.OFFICE_HEAD):
        return Person.objects.none()
    return Person.objects.filter(_around(cases), anonymised_at__isnull=True)


def can_edit_person(user: Any, person: Person) -> bool:
    if not user.has_perm("people.edit_person"):
        return False
    return _in_reach(editable_cases(user), person.pk)


@dataclass(frozen=True)
class PersonAccess:
    person: Person
    can_edit: bool

    @property
    def merged_into_id(self) -> int | None:
        return self.person.merged_into_id


def get_person_for(
    user: Any,
    pk: int,
    *,
    http_request: HttpRequest | None = None,
    audit: bool = True,
    audit_fields: Iterable[str] = (),
) -> PersonAccess:
    """The person if ``user`` may see them, and whether they may change them.

    Raises Http404 both when the person does not exist and when they are not the user's to
    see (the refusal is logged). A person merged into another is reached through the kept
    record: the view then leads to it. Every successful read is written to the audit log.
    """
    from openaef.audit.services import audit_refused

    person = Person.objects.select_related("commune", "merged_into").filter(pk=pk).first()
    target = person.merged_into if person is not None and person.merged_into_id else person
    if target is None or not _in_reach(visible_cases(user), target.pk):
        audit_refused(actor=user, object_type="people.person", object_id=str(pk), request=http_request)
        raise Http404
    assert person is not None
    can_edit = person.merged_into_id is None and can_edit_person(user, person)
    if audit:
        audit_record(
            actor=user, action=AuditAction.READ, obj=person, fields=audit_fields, request=http_request, persons=[person.pk]
        )
    return PersonAccess(person=person, can_edit=can_edit)


def matching_persons(queryset: QuerySet[Person], words: list[str], birth_date: dt.date | None) -> QuerySet[Person]:
    """``queryset`` narrowed to the persons whose names match every folded word (the start of a
    name, or a surname that sounds like it) and born on ``birth_date`` when given."""
    for word in words:
        match = (
            Q(surname_folded__startswith=word)
            | Q(surname_folded__contains=f" {word}")
            | Q(first_names_folded__startswith=word)
            | Q(first_names_folded__contains=f" {word}")
        )
        key = phonetic_key(word)
        if len(word) > SEARCH_MIN_LENGTH and key:
            match |= Q(surname_key=key) | Q(surname_at_birth_key=key)
        queryset = queryset.filter(match)
    if birth_date is not None:
        queryset = queryset.filter(birth_date=birth_date)
    return queryset


def person_search(
    user: Any,
    q: str = "",
    birth_date: dt.date | None = None,
    *,
    cursor: str | None = None,
    size: int = PAGE_SIZE,
    exclude_pk: int | None = None,
) -> Page[Person]:
    """Current persons ``user`` may see whose names match ``q`` (each word the start of a name
    or sounding like the surname) and born on ``birth_date`` when given; a keyset page."""
    words = fold(q).split()
    if not words and birth_date is None:
        return Page(items=[], next_cursor=None, previous_cursor=None)
    queryset = matching_persons(visible_persons(user).filter(merged_into__isnull=True), words, birth_date)
    queryset = queryset.select_related("commune")
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    return keyset_page(queryset, SEARCH_KEYS, cursor, size)


__all__ = [
    "PersonAccess",
    "can_edit_person",
    "editable_cases",
    "get_person_for",
    "person_search",
    "visible_persons",
]


# ---------------------------------------------------------------- links of a person already reached
# The person comes from get_person_for (scope checked and the read logged): these read one of
# their own relationships or household memberships, Http404 for anything else.


def relationship_of(person: Person, pk: int) -> Relationship:
    """One of the person's relationships, either side."""
    link = Relationship.objects.select_related("person", "relative").filter(Q(person=person) | Q(relative=person), pk=pk).first()
    if link is None:
        raise Http404
    return link


def membership_of(person: Person, household_pk: int) -> HouseholdMember:
    """The person's own membership of a household."""
    member = HouseholdMember.objects.select_related("household").filter(person=person, household=household_pk).first()
    if member is None:
        raise Http404
    return member


def household_member_of(person: Person, member_pk: int) -> HouseholdMember:
    """A member of one of the person's households."""
    member = HouseholdMember.objects.select_related("person", "household").filter(pk=member_pk).first()
    if member is None or not HouseholdMember.objects.filter(household=member.household_id, person=person).exists():
        raise Http404
    return member
