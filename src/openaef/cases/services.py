"""Writes on case files: each in one transaction, checked against the state machine and the
record's version, with one timeline event (``cases.timeline``) and one audit entry naming the
persons concerned.

Who may change a case is checked here too (``PermissionDenied``), not only in the views: a
service called from a task or a command must not be a way around the rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from openaef.audit.models import AuditAction
from openaef.audit.services import audit_record
from openaef.core.errors import StaleVersion, TransitionNotAllowed
from openaef.core.text import fold
from openaef.directory.models import Commune, Office
from openaef.intake.models import Agreement, HelpRequest, ParentalAuthority, ParentRelationship, RequestParent
from openaef.intake.states import RequestStatus
from openaef.people.models import Person, Relationship, RelationshipKind
from openaef.people.services import person_create, relationship_add

from .models import CaseEventKind, CaseFile, CaseParticipant, Framework, ParticipantRole
from .reference import new_case_reference
from .selectors import can_edit_case, is_coordinator_of, is_head_of, may_open_case_in, may_open_from_request
from .states import CaseStatus, can_transition, needs
from .timeline import case_event_record

__all__ = [
    "CaseAlreadyOpened",
    "NewPerson",
    "ParticipantInput",
    "StaleVersion",
    "TransitionNotAllowed",
    "case_assign",
    "case_open",
    "case_open_from_request",
    "case_transition",
    "case_update",
    "participant_add",
    "participant_remove",
]


class CaseAlreadyOpened(Exception):
    """The request already has its case file (a double submit, or a colleague was quicker)."""

    def __init__(self, case: CaseFile) -> None:
        super().__init__(case.reference)
        self.case = case


@dataclass(frozen=True)
class NewPerson:
    """A person not yet recorded, created in the same transaction as the case change."""

    surname: str
    first_names: str
    birth_date: date | None = None
    commune: Commune | None = None
    phones: tuple[str, ...] = ()

    def create(self, *, actor: Any, pack: str) -> Person:
        return _person_create(
            actor=actor,
            pack=pack,
            surname=self.surname.strip(),
            first_names=self.first_names.strip(),
            birth_date=self.birth_date,
            commune=self.commune,
            phones=list(self.phones),
        )


@dataclass(frozen=True)
class ParticipantInput:
    person: Person
    role: str
    agrees: bool | None = None
    notes: str = ""


_PARENT_ROLES: dict[str, str] = {
    ParentRelationship.MOTHER: ParticipantRole.PARENT,
    ParentRelationship.FATHER: ParticipantRole.PARENT,
    ParentRelationship.GUARDIAN: ParticipantRole.LEGAL_REPRESENTATIVE,
    ParentRelationship.OTHER: ParticipantRole.LEGAL_REPRESENTATIVE,
}
_AGREES: dict[str, bool] = {Agreement.AGREES: True, Agreement.DISAGREES: False}


def _person_create(*, actor: Any, pack: str, **fields: Any) -> Person:
    """A new person, through the people app's service (phonetic keys, history, audit)."""
    return person_create(actor=actor, pack=pack, **fields)


def _unused_reference(year: int) -> str:
    for _attempt in range(10):
        reference = new_case_reference(year)
        if not CaseFile.objects.filter(reference=reference).exists():
            return reference
    raise RuntimeError("Could not find an unused case reference")  # 30^6 choices: never in practice


def _check_coordinator(coordinator: Any, office: Office) -> None:
    if coordinator is not None and not is_coordinator_of(coordinator, office):
        raise ValidationError({"coordinator": _("This person is not a coordinator of the case's office.")})


def _create_case(
    *,
    actor: Any,
    pack: str,
    child: Person,
    office: Office,
    coordinator: Any,
    framework: str,
    summary: str,
    participants: Iterable[ParticipantInput],
    opened_on: date | None,
    help_request: HelpRequest | None = None,
) -> tuple[CaseFile, list[CaseParticipant]]:
    if child.merged_into_id is not None:
        raise ValidationError({"child": _("This person was merged into another record: choose that one.")})
    case = CaseFile(
        pack=pack,
        reference=_unused_reference((opened_on or timezone.localdate()).year),
        child=child,
        request=help_request,
        framework=framework,
        office=office,
        coordinator=coordinator,
        summary=summary.strip(),
        opened_on=opened_on or timezone.localdate(),
        created_by=actor,
    )
    case.full_clean(exclude=["request"])
    case.save()
    # The child is a participant too, so that "the family" and a search by name read one table.
    rows = [CaseParticipant(case=case, person=child, role=ParticipantRole.CHILD, position=0)]
    seen = {child.pk}
    for position, item in enumerate(participants, start=1):
        if item.person.pk in seen:
            continue
        seen.add(item.person.pk)
        rows.append(
            CaseParticipant(
                case=case, person=item.person, role=item.role, agrees=item.agrees, notes=item.notes, position=position
            )
        )
    return case, CaseParticipant.objects.bulk_create(rows)


_OPEN_FIELDS = ["child", "framework", "summary", "office", "coordinator", "participants"]


def case_open(
    *,
    actor: Any,
    pack: str,
    child: Person | NewPerson,
    office: Office,
    coordinator: Any = None,
    framework: str,
    summary: str = "",
    participants: Iterable[ParticipantInput] = (),
    opened_on: date | None = None,
    http_request: HttpRequest | None = None,
) -> CaseFile:
    """Opens a case file directly (not from a request): the child, the office, who coordinates."""
    if not may_open_case_in(actor, office):
        raise PermissionDenied
    if coordinator is None and is_coordinator_of(actor, office):
        # A coordinator who opens a case is the one working on it unless they name someone else.
        coordinator = actor
    _check_coordinator(coordinator, office)
    with transaction.atomic():
        if isinstance(child, NewPerson):
            child = child.create(actor=actor, pack=pack)
        case, rows = _create_case(
            actor=actor,
            pack=pack,
            child=child,
            office=office,
            coordinator=coordinator,
            framework=framework,
            summary=summary,
            participants=participants,
            opened_on=opened_on,
        )
        case_event_record(case=case, actor=actor, kind=CaseEventKind.OPENED, summary=case.reference, data={"direct": True})
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=case,
            fields=_OPEN_FIELDS,
            request=http_request,
            persons=[row.person_id for row in rows],
        )
    return case


def _split_name(full_name: str) -> tuple[str, str] | None:
    """(first names, surname) from the single name box of the request form: the last word is
    taken as the surname, which the coordinator corrects on the person's page when wrong.
    None for a single word: a person needs both, and inventing one would be worse than asking."""
    words = full_name.split()
    if len(words) < 2:
        return None
    return " ".join(words[:-1]), words[-1]


def _known_relatives(child: Person) -> dict[str, Person]:
    """Parents already recorded with this child in earlier cases, by folded full name: a second
    case for the same child must not create the same mother twice."""
    rows = (
        CaseParticipant.objects.filter(
            case__participants__person=child,
            role__in=[ParticipantRole.PARENT, ParticipantRole.LEGAL_REPRESENTATIVE],
            person__merged_into__isnull=True,
        )
        .select_related("person")
        .order_by("-case_id", "position")
    )
    known: dict[str, Person] = {}
    for row in rows[:50]:
        known.setdefault(fold(row.person.full_name), row.person)
    return known


def _parents_as_participants(
    *, actor: Any, help_request: HelpRequest, parents: list[RequestParent], child: Person, known: dict[str, Person]
) -> tuple[list[ParticipantInput], list[str]]:
    """The parents as persons in the case, linked to the child, and the names that could not be
    carried over."""
    items, left_out = [], []
    for parent in parents:
        person = known.get(fold(parent.full_name))
        if person is None:
            names = _split_name(parent.full_name)
            if names is None:
                left_out.append(parent.full_name)
                continue
            first_names, surname = names
            phones = (parent.phone,) if parent.phone else ()
            person = NewPerson(surname=surname, first_names=first_names, phones=phones).create(
                actor=actor, pack=help_request.pack
            )
        items.append(
            ParticipantInput(
                person=person,
                role=_PARENT_ROLES.get(parent.relationship, ParticipantRole.LEGAL_REPRESENTATIVE),
                agrees=_AGREES.get(parent.agreement),
            )
        )
        _relate(actor=actor, parent=parent, person=person, child=child)
    return items, left_out


_RELATIONSHIP_KINDS: dict[str, str] = {
    ParentRelationship.MOTHER: RelationshipKind.MOTHER,
    ParentRelationship.FATHER: RelationshipKind.FATHER,
    ParentRelationship.GUARDIAN: RelationshipKind.GUARDIAN,
    ParentRelationship.OTHER: RelationshipKind.OTHER,
}


def _relate(*, actor: Any, parent: RequestParent, person: Person, child: Person) -> None:
    """The parent's link to the child, with parental authority as the request gave it: a
    parent who holds it is the child's legal representative (Code civil, art. 372 ff.)."""
    kind = _RELATIONSHIP_KINDS.get(parent.relationship, RelationshipKind.OTHER)
    if Relationship.objects.filter(person=person, relative=child, kind=kind).exists():
        return
    authority = parent.parental_authority == ParentalAuthority.YES
    relationship_add(
        actor=actor,
        person=person,
        relative=child,
        kind=kind,
        holds_parental_authority=authority,
        is_legal_representative=authority or parent.relationship == ParentRelationship.GUARDIAN,
    )


def case_open_from_request(
    *, actor: Any, help_request: HelpRequest, child: Person | None = None, http_request: HttpRequest | None = None
) -> CaseFile:
    """Opens the case file of an accepted request, carrying over what the request says.

    The child is ``child`` (an existing person found by the duplicate check) or a new person
    made from the request; the parents become persons in the case with their agreement; the
    office, the coordinator and the situation come from the request. One case per request: the
    request row is locked, and the one-to-one column refuses a second case if a lock is ever
    bypassed, so a double submit raises ``CaseAlreadyOpened`` with the first case.
    """
    try:
        with transaction.atomic():
            locked = (
                HelpRequest.objects.select_for_update(of=("self",))
                .select_related("office", "coordinator")
                .get(pk=help_request.pk)
            )
            existing = CaseFile.objects.filter(request=locked).first()
            if existing is not None:
                raise CaseAlreadyOpened(existing)
            if locked.status != RequestStatus.ACCEPTED or locked.office is None:
                raise ValidationError(_("Only an accepted request can become a case file."))
            if not may_open_from_request(actor, locked):
                raise PermissionDenied
            return _open_from_locked_request(actor=actor, help_request=locked, child=child, http_request=http_request)
    except IntegrityError:
        existing = CaseFile.objects.filter(request_id=help_request.pk).first()
        if existing is None:
            raise
        raise CaseAlreadyOpened(existing) from None


def _open_from_locked_request(
    *, actor: Any, help_request: HelpRequest, child: Person | None, http_request: HttpRequest | None
) -> CaseFile:
    office = help_request.office
    if office is None:  # an accepted request always has one (intake's state machine)
        raise ValidationError(_("Only an accepted request can become a case file."))
    if child is None:
        child = NewPerson(
            surname=help_request.child_surname,
            first_names=help_request.child_first_names,
            birth_date=help_request.child_birth_date,
            commune=help_request.child_commune,
        ).create(actor=actor, pack=help_request.pack)
        known: dict[str, Person] = {}
    else:
        known = _known_relatives(child)
    parents, left_out = _parents_as_participants(
        actor=actor, help_request=help_request, parents=list(help_request.parents.all()), child=child, known=known
    )
    coordinator = help_request.coordinator if is_coordinator_of(help_request.coordinator, office) else None
    case, rows = _create_case(
        actor=actor,
        pack=help_request.pack,
        child=child,
        office=office,
        coordinator=coordinator,
        framework=Framework.VOLUNTARY,
        summary=help_request.situation,
        participants=parents,
        opened_on=None,
        help_request=help_request,
    )
    case_event_record(
        case=case,
        actor=actor,
        kind=CaseEventKind.OPENED,
        summary=case.reference,
        data={
            "request": help_request.reference,
            "request_id": help_request.pk,
            "channel": help_request.channel,
            **({"not_carried_over": left_out} if left_out else {}),
        },
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=case,
        fields=_OPEN_FIELDS + ["request"],
        request=http_request,
        persons=[row.person_id for row in rows],
    )
    return case


def _require_edit(actor: Any, case: CaseFile) -> None:
    if not can_edit_case(actor, case):
        raise PermissionDenied


def _save_versioned(case: CaseFile, expected_version: int, values: dict[str, Any]) -> CaseFile:
    """UPDATE ... WHERE version = expected: the save of someone who read an older version is
    refused (no lost update), whatever happened between their read and this write."""
    updated = CaseFile.objects.filter(pk=case.pk, version=expected_version).update(
        version=F("version") + 1, updated_at=timezone.now(), **values
    )
    if updated != 1:
        raise StaleVersion
    return CaseFile.objects.select_related("child", "office", "coordinator").get(pk=case.pk)


def _current(case: CaseFile, expected_version: int) -> CaseFile:
    current = CaseFile.objects.select_related("office").get(pk=case.pk)
    if current.version != expected_version:
        raise StaleVersion
    return current


def case_transition(
    *,
    actor: Any,
    case: CaseFile,
    target: str,
    reason: str = "",
    expected_version: int,
    http_request: HttpRequest | None = None,
) -> CaseFile:
    """Moves a case along its state machine (``cases.states``), recording who, when and why."""
    with transaction.atomic():
        current = _current(case, expected_version)
        _require_edit(actor, current)
        if not can_transition(current.status, target):
            raise TransitionNotAllowed(current.status, target)
        reason = reason.strip()
        if needs(current.status, target).get("reason") and not reason:
            raise ValidationError({"reason": _("Say why.")})
        values: dict[str, Any] = {"status": target}
        if target == CaseStatus.CLOSED:
            values.update(closed_on=timezone.localdate(), closing_reason=reason)
        elif current.status == CaseStatus.CLOSED:
            values.update(closed_on=None)
        updated = _save_versioned(current, expected_version, values)
        case_event_record(
            case=updated, actor=actor, kind=CaseEventKind.STATUS, data={"from": current.status, "to": target, "reason": reason}
        )
        audit_record(
            actor=actor,
            action=AuditAction.TRANSITION,
            obj=updated,
            fields=sorted(values),
            request=http_request,
            persons=[updated.child_id],
            reason=reason,
        )
    return updated


def case_update(
    *,
    actor: Any,
    case: CaseFile,
    expected_version: int,
    framework: str,
    summary: str,
    http_request: HttpRequest | None = None,
) -> CaseFile:
    """Changes the case's framework and situation. Nothing changed: nothing saved or recorded."""
    if framework not in Framework.values:
        raise ValidationError({"framework": _("Choose the framework.")})
    with transaction.atomic():
        current = _current(case, expected_version)
        _require_edit(actor, current)
        values = {
            name: value
            for name, value in {"framework": framework, "summary": summary.strip()}.items()
            if getattr(current, name) != value
        }
        if not values:
            return current
        updated = _save_versioned(current, expected_version, values)
        case_event_record(case=updated, actor=actor, kind=CaseEventKind.UPDATED, data={"fields": sorted(values)})
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=updated,
            fields=sorted(values),
            request=http_request,
            persons=[updated.child_id],
        )
    return updated


def case_assign(
    *, actor: Any, case: CaseFile, coordinator: Any, expected_version: int, http_request: HttpRequest | None = None
) -> CaseFile:
    """The head of the case's office gives it to one of the office's coordinators."""
    with transaction.atomic():
        current = _current(case, expected_version)
        if not is_head_of(actor, current.office_id):
            raise PermissionDenied
        if coordinator is None:
            raise ValidationError({"coordinator": _("Choose the coordinator.")})
        _check_coordinator(coordinator, current.office)
        if current.coordinator_id == coordinator.pk:
            return current
        previous = current.coordinator_id
        updated = _save_versioned(current, expected_version, {"coordinator": coordinator})
        case_event_record(
            case=updated,
            actor=actor,
            kind=CaseEventKind.ASSIGNED,
            summary=str(coordinator),
            data={"from": previous, "to": coordinator.pk},
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=updated,
            fields=["coordinator"],
            request=http_request,
            persons=[updated.child_id],
        )
    return updated


def participant_add(
    *,
    actor: Any,
    case: CaseFile,
    person: Person | NewPerson,
    role: str,
    agrees: bool | None = None,
    notes: str = "",
    http_request: HttpRequest | None = None,
) -> CaseParticipant:
    """Adds a person of the family (or around it) to the case, with their part in it."""
    if role not in ParticipantRole.values or role == ParticipantRole.CHILD:
        raise ValidationError({"role": _("Choose the person's part in the case.")})
    with transaction.atomic():
        _require_edit(actor, case)
        if isinstance(person, NewPerson):
            person = person.create(actor=actor, pack=case.pack)
        if person.merged_into_id is not None:
            raise ValidationError({"person": _("This person was merged into another record: choose that one.")})
        if CaseParticipant.objects.filter(case=case, person=person).exists():
            raise ValidationError({"person": _("This person is already in the case.")})
        position = (
            CaseParticipant.objects.filter(case=case).order_by("-position").values_list("position", flat=True).first() or 0
        ) + 1
        participant = CaseParticipant(case=case, person=person, role=role, agrees=agrees, notes=notes.strip(), position=position)
        participant.full_clean(exclude=["case", "person"])
        participant.save()
        case_event_record(
            case=case,
            actor=actor,
            kind=CaseEventKind.PARTICIPANT,
            summary=person.full_name,
            data={"added": person.pk, "role": role},
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=case,
            fields=["participants"],
            request=http_request,
            persons=[case.child_id, person.pk],
        )
    return participant


def participant_remove(*, actor: Any, participant: CaseParticipant, http_request: HttpRequest | None = None) -> None:
    """Takes a person out of the case (the person and their history stay). The child stays."""
    case = participant.case
    if participant.role == ParticipantRole.CHILD:
        raise ValidationError(_("The child or young adult cannot be removed from their own case."))
    with transaction.atomic():
        _require_edit(actor, case)
        deleted, _rows = CaseParticipant.objects.filter(pk=participant.pk, case=case).delete()
        if not deleted:
            return
        case_event_record(
            case=case,
            actor=actor,
            kind=CaseEventKind.PARTICIPANT,
            summary=participant.person.full_name,
            data={"removed": participant.person_id, "role": participant.role},
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=case,
            fields=["participants"],
            request=http_request,
            persons=[case.child_id, participant.person_id],
        )
