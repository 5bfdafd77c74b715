"""A family whose file a mother asks to see: Léna (the child), Anne (the mother, who asks) and
Marc Müller (the father, a third party to Anne)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from openaef.cases.models import CaseFile, CaseParticipant, Confidentiality, JournalNote, NoteKind, ParticipantRole
from openaef.people.models import Person
from openaef.rights.models import ExportItem, FileAccessRequest, FileExport, ItemDecision
from openaef.rights.states import AccessStatus
from tests.cases.factories import PersonFactory, make_case
from tests.rights.factories import make_access_request

FATHER_NOTE = "Visite à domicile. MARC MULLER était présent; Léna Weber allait bien. Marc a crié sur Anne."


@dataclass
class Family:
    child: Person
    mother: Person
    father: Person
    case: CaseFile
    note: JournalNote
    restricted: JournalNote
    request: FileAccessRequest


def make_family(*, office: Any, coordinator: Any, framework: str = "voluntary") -> Family:
    child = PersonFactory(first_names="Léna", surname="Weber", languages=["en"])
    mother = PersonFactory(first_names="Anne", surname="Weber", surname_at_birth="Weber", birth_date=dt.date(1985, 1, 2))
    father = PersonFactory(first_names="Marc", surname="Müller", birth_date=dt.date(1983, 4, 5))
    case = make_case(child=child, office=office, coordinator=coordinator, framework=framework, summary="Léna needs support.")
    CaseParticipant.objects.create(case=case, person=mother, role=ParticipantRole.PARENT, position=1)
    CaseParticipant.objects.create(case=case, person=father, role=ParticipantRole.PARENT, position=2)
    note = JournalNote.objects.create(
        case=case, author=coordinator, kind=NoteKind.VISIT, occurred_on=dt.date(2026, 2, 3), text=FATHER_NOTE
    )
    restricted = JournalNote.objects.create(
        case=case,
        author=coordinator,
        kind=NoteKind.CALL,
        occurred_on=dt.date(2026, 2, 4),
        text="A neighbour called about shouting at night.",
        confidentiality=Confidentiality.RESTRICTED,
    )
    request = make_access_request()  # Anne Weber, for her child Lena Weber
    FileAccessRequest.objects.filter(pk=request.pk).update(person=child, status=AccessStatus.IDENTITY_CHECKED)
    request.refresh_from_db()
    return Family(child, mother, father, case, note, restricted, request)


def decide_all(export: FileExport, decision: str = ItemDecision.RELEASE) -> None:
    """Straight to the table: for tests about what comes after the review."""
    ExportItem.objects.filter(export=export).update(decision=decision)
    for item in ExportItem.objects.filter(export=export):
        item.released_text = item.original_text
        item.save(update_fields=["released_text"])
