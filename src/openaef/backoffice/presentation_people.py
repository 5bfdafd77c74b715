"""What the person pages show: a person's page context and the values that differ after a
refused (stale) save. Reads only, through the access-checked person and visible cases."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from openaef.cases.models import CaseFile, CaseParticipant
from openaef.cases.selectors import visible_cases
from openaef.people.identifiers import mask_identifier
from openaef.people.models import HouseholdMember, Person, PersonEvent, PersonEventKind, Relationship
from openaef.people.selectors import PersonAccess

from .forms_people import PersonForm
from .presentation import HistoryItem, field_labels


@dataclass
class CaseRow:
    case: CaseFile
    role: str


def _details(event: PersonEvent) -> list[str]:
    data = event.data or {}
    lines = []
    if data.get("fields") and event.kind in (PersonEventKind.CREATED, PersonEventKind.UPDATED):
        lines.append(_("Fields: %(fields)s") % {"fields": field_labels(Person, data["fields"])})
    if event.kind == PersonEventKind.MERGED:
        if "duplicate" in data:
            lines.append(_("Record %(id)s was merged into this one.") % {"id": data["duplicate"]})
        if "into" in data:
            lines.append(_("This record was merged into record %(id)s.") % {"id": data["into"]})
        if data.get("reason"):
            lines.append(_("Why: %(reason)s") % {"reason": data["reason"]})
    if event.kind == PersonEventKind.HOUSEHOLD:
        lines.append(_("Joined a household") if data.get("what") == "joined" else _("Left a household"))
    return lines


def history(person: Person) -> list[HistoryItem]:
    events = PersonEvent.objects.filter(person=person).select_related("actor").order_by("-at", "-id")
    return [
        HistoryItem(
            at=event.at,
            title=event.get_kind_display(),
            actor=str(event.actor) if event.actor else _("the system"),
            details=_details(event),
        )
        for event in events
    ]


def _cases(user: Any, person: Person) -> list[CaseRow]:
    visible = visible_cases(user)
    rows = [CaseRow(case, _("Child or young adult concerned")) for case in visible.filter(child=person).select_related("office")]
    seen = {row.case.pk for row in rows}
    participations = CaseParticipant.objects.filter(person=person, case__in=visible.values("pk")).select_related(
        "case", "case__office"
    )
    rows += [CaseRow(p.case, p.get_role_display()) for p in participations if p.case_id not in seen]
    return rows


def person_page_context(user: Any, access: PersonAccess, *, show_id: bool) -> dict[str, Any]:
    person = access.person
    members = HouseholdMember.objects.select_related("person").order_by("person__surname_folded", "id")
    households = (
        HouseholdMember.objects.filter(person=person)
        .select_related("household", "household__commune")
        .prefetch_related(Prefetch("household__members", queryset=members))
        .order_by("-since", "id")
    )
    return {
        "person": person,
        "can_edit": access.can_edit,
        "can_merge": access.can_edit and user.has_perm("people.merge_persons"),
        "show_id": show_id,
        "masked_id": mask_identifier(person.national_id),
        "relatives": list(Relationship.objects.filter(relative=person).select_related("person").order_by("kind", "id")),
        "relative_of": list(Relationship.objects.filter(person=person).select_related("relative").order_by("kind", "id")),
        "households": list(households),
        "cases": _cases(user, person),
        "history": history(person),
        "age": person.age_on(dt.date.today()),
        "nav_section": "people",
    }


def _shown(value: Any) -> str:
    if value in (None, "", []):
        return "–"
    if isinstance(value, dt.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def changed_values(form: PersonForm, fresh: Person) -> list[dict[str, str]]:
    """For each field where what the user typed differs from what is now saved: both values."""
    rows = []
    cleaned = getattr(form, "cleaned_data", {})
    for name in PersonForm.SERVICE_FIELDS:
        saved = getattr(fresh, name)
        if name not in cleaned:
            yours: Any = form.data.get(name, "")
        else:
            yours = cleaned[name]
        if (yours or None) == (saved or None):
            continue
        if name == "sex":
            saved, yours = fresh.get_sex_display(), dict(form.fields["sex"].choices).get(yours, yours)  # type: ignore[attr-defined]
        rows.append({"label": str(form.fields[name].label), "yours": _shown(yours), "saved": _shown(saved)})
    return rows
