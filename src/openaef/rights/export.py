"""What an export of a person's file is made of, and which other people its pieces name.

``gather`` reads everything the agency keeps about the person (their record, every case file
where they are the child or a participant, and what hangs off each case) into a list of
``Draft`` items in a stable order, with a bounded number of queries whatever the file's size.

GDPR art. 15(4): the copy must not adversely affect the rights and freedoms of others. Each
item's text is searched for the names of other people (the cases' other participants, the
person's relatives, whoever asked for help): those found are listed on the item and a redacted
text is proposed. The reviewer decides every item; nothing here decides for them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import Prefetch, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openaef.cases.models import CaseEvent, CaseFile, CaseParticipant, Confidentiality, Document, JournalNote
from openaef.core.text import fold
from openaef.courts.models import JudicialDecision
from openaef.measures.models import Measure
from openaef.people.models import Person, Relationship
from openaef.placements.models import Placement
from openaef.projects.models import InterventionProject

from .models import Applicant, FileAccessRequest, ItemFlag

MARKER = gettext_lazy("[third party]")

SECTION_LABELS = {
    "person": gettext_lazy("The person's record"),
    "relatives": gettext_lazy("Relatives"),
    "summary": gettext_lazy("The case file"),
    "request": gettext_lazy("Request for help"),
    "participants": gettext_lazy("People in the case"),
    "notes": gettext_lazy("Journal notes"),
    "documents": gettext_lazy("Documents"),
    "measures": gettext_lazy("Measures"),
    "projects": gettext_lazy("Intervention projects"),
    "decisions": gettext_lazy("Court decisions"),
    "placements": gettext_lazy("Placements"),
    "timeline": gettext_lazy("Timeline"),
}


def section_parts(section: str) -> tuple[str, str]:
    """(case reference or "", section code) for "CF-2026-ABC|notes" or "person"."""
    reference, _sep, code = section.rpartition("|")
    return reference, code


def section_label(section: str) -> str:
    reference, code = section_parts(section)
    label = str(SECTION_LABELS.get(code, code))
    return f"{reference}: {label}" if reference else label


# --- Finding names in text -------------------------------------------------------------------

_WORD = re.compile(r"[0-9a-z]")


def _folded_with_positions(text: str) -> tuple[str, list[int]]:
    """``fold(text)`` character by character, with where each folded character came from, so
    that a name found in the folded text can be cut out of the original one."""
    chars: list[str] = []
    positions: list[int] = []
    for index, char in enumerate(text):
        decomposed = unicodedata.normalize("NFKD", char)
        base = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().replace("ß", "ss")
        for piece in base or " ":
            piece = piece if _WORD.match(piece) else " "
            if piece == " " and (not chars or chars[-1] == " "):
                continue
            chars.append(piece)
            positions.append(index)
    return "".join(chars), positions


@dataclass(frozen=True)
class NamedPerson:
    """Someone whose name may appear in the file: the forms of their name to look for."""

    name: str
    patterns: tuple[str, ...]


def name_patterns(first_names: str, surnames: Iterable[str], *, ambiguous: set[str]) -> tuple[str, ...]:
    """The folded forms a note may use: "Marc Weber", "Weber Marc", "Marc", "Weber". A single
    word also borne by someone who is not a third party (the child's surname the father shares)
    is left out: replacing it would blank the child's own name."""
    first = fold(first_names)
    given = first.split(" ")[0] if first else ""
    forms: set[str] = set()
    for surname in {fold(s) for s in surnames if fold(s)}:
        for start in {first, given} - {""}:
            forms.update({f"{start} {surname}", f"{surname} {start}"})
        if len(surname) >= 3 and surname not in ambiguous:
            forms.add(surname)
    if len(given) >= 3 and given not in ambiguous:
        forms.add(given)
    if first and first not in ambiguous and " " in first:
        forms.add(first)
    return tuple(sorted(forms, key=lambda f: (-len(f), f)))


def person_named(person: Person, *, ambiguous: set[str]) -> NamedPerson:
    surnames = [person.surname, person.surname_at_birth]
    return NamedPerson(person.full_name, name_patterns(person.first_names, surnames, ambiguous=ambiguous))


def free_text_named(name: str, *, ambiguous: set[str]) -> NamedPerson | None:
    """A name typed in one box ("Marc Weber"): the last word taken as the surname."""
    words = name.split()
    if not words:
        return None
    if len(words) == 1:
        word = fold(words[0])
        patterns = (word,) if len(word) >= 3 and word not in ambiguous else ()
        return NamedPerson(name, patterns) if patterns else None
    return NamedPerson(name, name_patterns(" ".join(words[:-1]), [words[-1]], ambiguous=ambiguous))


def find_names(text: str, others: Iterable[NamedPerson], protected: Iterable[NamedPerson] = ()) -> list[tuple[int, int, str]]:
    """(start, end, name) of each place ``text`` names one of ``others``, longest forms first,
    never inside a ``protected`` person's name (the child's own name is not cut in two)."""
    folded, positions = _folded_with_positions(text)
    if not folded:
        return []
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, int, str]] = []

    def scan(person: NamedPerson, record: bool) -> None:
        for pattern in person.patterns:
            for match in re.finditer(rf"(?<![0-9a-z]){re.escape(pattern)}(?![0-9a-z])", folded):
                start, end = match.span()
                if any(start < t_end and t_start < end for t_start, t_end in taken):
                    continue
                taken.append((start, end))
                if record:
                    found.append((positions[start], positions[end - 1] + 1, person.name))

    for person in protected:
        # Whole names only: a protected single word ("Weber") must not hide "Marc Weber".
        scan(NamedPerson(person.name, tuple(f for f in person.patterns if " " in f)), record=False)
    # Longest forms first across everyone: "Marc Weber" wins over "Marc".
    ordered = sorted(((p, NamedPerson(p.name, (f,))) for p in others for f in p.patterns), key=lambda x: -len(x[1].patterns[0]))
    for _person, single in ordered:
        scan(single, record=True)
    return sorted(found)


def redact(text: str, spans: list[tuple[int, int, str]], marker: str) -> str:
    pieces: list[str] = []
    cursor = 0
    for start, end, _name in spans:
        pieces.extend([text[cursor:start], marker])
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)


def highlighted(text: str, names: Iterable[str]) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, is_a_name) for the review page's <mark>, from the surfaces
    stored in ExportItem.third_parties (no query, no HTML built in Python)."""
    people = [NamedPerson(n, (fold(n),)) for n in names if fold(n)]
    spans = find_names(text, people)
    pieces: list[tuple[str, bool]] = []
    cursor = 0
    for start, end, _name in spans:
        pieces.extend([(text[cursor:start], False), (text[start:end], True)])
        cursor = end
    pieces.append((text[cursor:], False))
    return [p for p in pieces if p[0]]


# --- Gathering the file ----------------------------------------------------------------------


@dataclass
class Draft:
    source: str
    source_id: int
    section: str
    occurred_on: date | None
    title: str
    text: str
    third_parties: list[str] = field(default_factory=list)
    released_text: str = ""
    flag: str = ""


@dataclass
class Gathered:
    drafts: list[Draft]
    person_ids: set[int]
    judicial: bool
    language: str


def export_language(person: Person, requests: Iterable[object] = ()) -> str:
    """The applicant's language if the records say it, else the site's default."""
    available = {code for code, _name in settings.LANGUAGES}
    candidates = [str(c) for c in (person.languages or [])]
    candidates += [str(getattr(r, "preferred_language", "")) for r in requests]
    return next((c for c in candidates if c in available), settings.LANGUAGE_CODE)


def _lines(*pairs: tuple[str, object]) -> str:
    return "\n".join(f"{label}: {value}" for label, value in pairs if value not in (None, "", []))


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def _cases(person: Person) -> list[CaseFile]:
    """Every case where the person is the child or a participant, with all the export reads:
    eleven queries whatever the number of cases."""
    return list(
        CaseFile.objects.filter(Q(child=person) | Q(participants__person=person))
        .distinct()
        .select_related("request", "office", "child")
        .prefetch_related(
            Prefetch("participants", queryset=CaseParticipant.objects.select_related("person").order_by("position", "id")),
            Prefetch("notes", queryset=JournalNote.objects.order_by("occurred_on", "id")),
            Prefetch("documents", queryset=Document.objects.order_by("created_at", "id")),
            Prefetch("events", queryset=CaseEvent.objects.order_by("at", "id")),
            Prefetch("measures", queryset=Measure.objects.select_related("measure_type").order_by("id")),
            Prefetch("projects", queryset=InterventionProject.objects.prefetch_related("goals").order_by("id")),
            Prefetch("judicial_decisions", queryset=JudicialDecision.objects.order_by("decided_on", "id")),
            Prefetch("placements", queryset=Placement.objects.order_by("id")),
            "request__parents",
        )
        .order_by("opened_on", "id")
    )


def gather(access_request: FileAccessRequest, person: Person) -> Gathered:
    """The person's whole file as draft items, names of others found and a redaction proposed."""
    cases = _cases(person)
    relationships = list(
        Relationship.objects.filter(Q(person=person) | Q(relative=person)).select_related("person", "relative").order_by("id")
    )
    language = export_language(person, [c.request for c in cases if c.request is not None])
    with translation.override(language):
        gatherer = _Gatherer(access_request, person, cases, relationships)
        gatherer.run()
    return Gathered(gatherer.drafts, gatherer.person_ids, gatherer.judicial, language)


class _Gatherer:
    def __init__(
        self, access_request: FileAccessRequest, person: Person, cases: list[CaseFile], relationships: list[Relationship]
    ) -> None:
        self.request = access_request
        self.person = person
        self.cases = cases
        self.relatives = [r.person if r.relative_id == person.pk else r.relative for r in relationships]
        self.relationships = relationships
        self.drafts: list[Draft] = []
        self.person_ids: set[int] = {person.pk} | {p.pk for p in self.relatives}
        self.judicial = False
        self._scope_names: dict[int, tuple[list[NamedPerson], list[NamedPerson]]] = {}

    # Who is not a third party -----------------------------------------------------------------

    def _is_applicant(self, candidate: Person) -> bool:
        req = self.request
        return fold(candidate.first_names) == fold(req.first_names) and fold(req.surname_at_birth) in {
            fold(candidate.surname_at_birth),
            fold(candidate.surname),
        }

    def _is_child_concerned(self, case: CaseFile) -> bool:
        # AEF art. 7: a parent consults their child's file; the child is not a third party to them.
        if self.request.applicant != Applicant.PARENT:
            return False
        wanted = set(fold(self.request.child_name).split())
        if not wanted:
            return True
        child = case.child
        return fold(child.surname) in wanted and bool(set(fold(child.first_names).split()) & wanted)

    def _protected(self, case: CaseFile | None) -> list[Person]:
        people = [self.person]
        candidates = [p.person for c in self.cases for p in c.participants.all()] + self.relatives
        people += [p for p in candidates if self._is_applicant(p)]
        for other in [case] if case is not None else self.cases:
            if self._is_child_concerned(other):
                people.append(other.child)
        return list({p.pk: p for p in people}.values())

    def _others(self, case: CaseFile | None) -> tuple[list[NamedPerson], list[NamedPerson]]:
        protected = self._protected(case)
        protected_ids = {p.pk for p in protected}
        ambiguous = {word for p in protected for n in (p.first_names, p.surname, p.surname_at_birth) for word in fold(n).split()}
        ambiguous |= set(fold(f"{self.request.first_names} {self.request.surname_at_birth}").split())
        scope = [case] if case is not None else self.cases
        people = [p.person for c in scope for p in c.participants.all()] + self.relatives
        others = [person_named(p, ambiguous=ambiguous) for p in {p.pk: p for p in people if p.pk not in protected_ids}.values()]
        for c in scope:
            if c.request is not None:
                names = [c.request.requester_name] if self._requester_is_other(c) else []
                names += [parent.full_name for parent in c.request.parents.all()]
                others += [n for n in (free_text_named(name, ambiguous=ambiguous) for name in names) if n is not None]
        mine = [person_named(p, ambiguous=set()) for p in protected]
        return [o for o in others if o.patterns], mine

    def _requester_is_other(self, case: CaseFile) -> bool:
        help_request = case.request
        assert help_request is not None
        if help_request.requester_type in ("child", "young_adult") and case.child_id == self.person.pk:
            return False
        words = set(fold(help_request.requester_name).split())
        applicant = {fold(self.request.first_names).split(" ")[0], fold(self.request.surname_at_birth)}
        own = {fold(self.person.first_names).split(" ")[0], fold(self.person.surname)}
        return not (words and (applicant <= words or own <= words))

    # Items ------------------------------------------------------------------------------------

    def add(
        self,
        case: CaseFile | None,
        source: str,
        source_id: int,
        code: str,
        on: date | None,
        title: str,
        text: str,
        flag: str = "",
    ) -> None:
        others, mine = self._scope_names[case.pk if case else 0]
        spans = find_names(text, others, mine)
        surfaces: dict[str, str] = {}
        for start, end, _name in spans:
            surfaces.setdefault(fold(text[start:end]), text[start:end])
        self.drafts.append(
            Draft(
                source=source,
                source_id=source_id,
                section=f"{case.reference}|{code}" if case else code,
                occurred_on=on,
                title=title[:300],
                text=text,
                third_parties=list(surfaces.values()),
                released_text=redact(text, spans, str(MARKER)),
                flag=flag,
            )
        )

    def run(self) -> None:
        self._scope_names = {0: self._others(None)} | {c.pk: self._others(c) for c in self.cases}
        self._person_items()
        for case in self.cases:
            self.person_ids |= {p.person_id for p in case.participants.all()} | {case.child_id}
            self.judicial |= case.framework == "judicial" or bool(case.judicial_decisions.all())
            self._case_items(case)

    def _person_items(self) -> None:
        p = self.person
        text = _lines(
            (_("Surname at birth"), p.surname_at_birth),
            (_("Current surname"), p.surname),
            (_("First names"), p.first_names),
            (_("Date of birth"), _day(p.birth_date)),
            (_("Place of birth"), p.birth_place),
            (_("Sex"), p.get_sex_display()),
            (_("Nationality"), p.nationality),
            (_("Languages spoken"), ", ".join(str(code) for code in p.languages or [])),
            (_("National identification number"), p.national_id),
            (_("Address"), " ".join(x for x in (p.address, p.postcode) if x)),
            (_("Telephone numbers"), ", ".join(str(n) for n in p.phones or [])),
            (_("E-mail"), p.email),
        )
        self.add(None, "people.person", p.pk, "person", None, _("Identity and contact details"), text)
        if self.relationships:
            lines = []
            for r in self.relationships:
                kind = r.get_kind_display().lower()
                if r.relative_id == p.pk:
                    lines.append(_("%(name)s is this person's %(kind)s") % {"name": r.person.full_name, "kind": kind})
                else:
                    lines.append(_("This person is the %(kind)s of %(name)s") % {"name": r.relative.full_name, "kind": kind})
            self.add(None, "people.relationship", p.pk, "relatives", None, _("Relatives recorded"), "\n".join(lines))

    def _case_items(self, case: CaseFile) -> None:
        text = _lines(
            (_("Reference"), case.reference),
            (_("Framework"), case.get_framework_display()),
            (_("Status"), case.get_status_display()),
            (_("Regional office"), str(case.office)),
            (_("Opened on"), _day(case.opened_on)),
            (_("Closed on"), _day(case.closed_on)),
            (_("Situation"), case.summary),
            (_("Reason for closing"), case.closing_reason),
        )
        self.add(
            case,
            "cases.casefile",
            case.pk,
            "summary",
            case.opened_on,
            _("Case file %(reference)s") % {"reference": case.reference},
            text,
        )
        self._request_items(case)
        lines = []
        for part in case.participants.all():
            line = f"{part.get_role_display()}: {part.person.full_name}"
            lines.append(f"{line} ({part.notes})" if part.notes else line)
        self.add(case, "cases.caseparticipant", case.pk, "participants", None, _("People in the case"), "\n".join(lines))
        for note in case.notes.all():
            flag = ItemFlag.RESTRICTED if note.confidentiality == Confidentiality.RESTRICTED else ""
            body = f"{note.title}\n\n{note.text}" if note.title else note.text
            self.add(case, "cases.journalnote", note.pk, "notes", note.occurred_on, note.get_kind_display(), body, flag)
        for document in case.documents.all():
            flag = ItemFlag.RESTRICTED if document.confidentiality == Confidentiality.RESTRICTED else ""
            added = timezone.localdate(document.created_at)
            text = _lines(
                (_("Title"), document.title), (_("Type"), document.get_document_type_display()), (_("Added on"), _day(added))
            )
            self.add(case, "cases.document", document.pk, "documents", added, _("Document"), text, flag)
        self._measure_items(case)
        self._court_items(case)
        events = list(case.events.all())
        if events:
            lines = [f"{_day(timezone.localdate(e.at))} {e.get_kind_display()}: {e.summary}".rstrip(": ") for e in events]
            last = timezone.localdate(events[-1].at)
            self.add(case, "cases.caseevent", case.pk, "timeline", last, _("What happened, day by day"), "\n".join(lines))

    def _request_items(self, case: CaseFile) -> None:
        help_request = case.request
        if help_request is None:
            return
        received = timezone.localdate(help_request.received_at)
        text = _lines(
            (_("Reference"), help_request.reference),
            (_("Received"), _day(received)),
            (_("Channel"), help_request.get_channel_display()),
            (_("Child"), f"{help_request.child_first_names} {help_request.child_surname}"),
            (_("Date of birth"), _day(help_request.child_birth_date)),
            (_("What is going on"), help_request.situation),
        )
        title = _("Request for help %(reference)s") % {"reference": help_request.reference}
        self.add(case, "intake.helprequest", help_request.pk, "request", received, title, text)
        parents = [f"{p.get_relationship_display()}: {p.full_name}" for p in help_request.parents.all()]
        text = _lines(
            (_("Who is asking"), help_request.get_requester_type_display()),
            (_("Name"), help_request.requester_name),
            (_("Organisation"), help_request.requester_organisation),
            (_("Relationship to the child"), help_request.requester_relationship),
            (_("Telephone"), help_request.contact_phone),
            (_("E-mail"), help_request.contact_email),
            (_("Postal address"), help_request.contact_address),
            (_("Parents"), "; ".join(parents)),
        )
        flag = ItemFlag.THIRD_PARTY_ORIGIN if self._requester_is_other(case) else ""
        self.add(case, "intake.helprequest", help_request.pk, "request", received, _("Who asked for help"), text, flag)

    def _measure_items(self, case: CaseFile) -> None:
        for measure in case.measures.all():
            text = _lines(
                (_("Type"), str(measure.measure_type)),
                (_("Status"), measure.get_status_display()),
                (_("Started on"), _day(measure.started_on)),
                (_("Ends on"), _day(measure.ends_on)),
                (_("Ended on"), _day(measure.ended_on)),
                (_("Reason"), measure.status_reason),
            )
            on = measure.started_on or timezone.localdate(measure.created_at)
            self.add(case, "measures.measure", measure.pk, "measures", on, str(measure.measure_type), text)
        for project in case.projects.all():
            goals = [f"- {g.goal}" for g in project.goals.all()]
            text = _lines(
                (_("Status"), project.get_status_display()),
                (_("Starts on"), _day(project.starts_on)),
                (_("The situation"), project.summary),
                (_("Goals"), "\n" + "\n".join(goals) if goals else ""),
            )
            on = project.starts_on or timezone.localdate(project.created_at)
            title = _("Intervention project, revision %(number)s") % {"number": project.revision}
            self.add(case, "projects.interventionproject", project.pk, "projects", on, title, text)

    def _court_items(self, case: CaseFile) -> None:
        for decision in case.judicial_decisions.all():
            text = _lines(
                (_("Decided by"), decision.get_authority_display()),
                (_("Court"), decision.court),
                (_("Court's reference"), decision.court_reference),
                (_("Decided on"), _day(decision.decided_on)),
                (_("Notified on"), _day(decision.notified_on)),
                (_("What was decided"), decision.summary),
                (_("To be reviewed by"), _day(decision.review_on)),
            )
            self.add(
                case, "courts.judicialdecision", decision.pk, "decisions", decision.decided_on, decision.get_kind_display(), text
            )
        for placement in case.placements.all():
            text = _lines(
                (_("Status"), placement.get_status_display()),
                (_("Legal basis"), placement.get_legal_basis_display()),
                (_("Parents agreed on"), _day(placement.agreement_on)),
                (_("Admitted on"), _day(placement.admitted_on)),
                (_("Discharged on"), _day(placement.discharged_on)),
                (_("Where the child went"), placement.get_destination_display()),
                (_("Details"), placement.destination_details),
            )
            self.add(case, "placements.placement", placement.pk, "placements", placement.admitted_on, _("Placement"), text)
