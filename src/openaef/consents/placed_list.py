"""The six-monthly list of placed children (ONE lists every six months, as of 1 April and
1 October, the children placed in an institution or a foster family, in Luxembourg or abroad:
lu.md), as a page and as CSV and XLSX exports.

Who reads it: the heads of regional offices, for the cases of the offices they head (the list
names children: it stays within the offices whose cases they may see).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from openaef.audit.models import AuditAction
from openaef.audit.services import audit_record
from openaef.core.i18n import pick
from openaef.core.packs import get_pack
from openaef.core.text import spreadsheet_safe
from openaef.placements.models import PlaceKind, PlacementStay
from openaef.placements.parameters import placement_rules
from openaef.placements.selectors import placed_on

from .selectors import offices_headed_by

# The two reference days of the year (month, day).
REFERENCE_DAYS = ((4, 1), (10, 1))
YEARS_OFFERED = 5
LIST_OBJECT = "consents.placedlist"


def reference_dates(today: dt.date, years: int = YEARS_OFFERED) -> list[dt.date]:
    """1 April and 1 October of the last ``years`` years, latest first, none in the future."""
    days = [dt.date(year, m, d) for year in range(today.year - years + 1, today.year + 1) for m, d in REFERENCE_DAYS]
    return sorted((day for day in days if day <= today), reverse=True)


@dataclass(frozen=True)
class PlacedRow:
    case_pk: int
    case_reference: str
    child_id: int
    child_name: str
    birth_year: int | None
    type_code: str
    type_name: str
    type_position: int
    abroad: bool
    country: str
    place: str
    since: dt.date


@dataclass
class PlacedGroup:
    code: str
    name: str
    in_country: int = 0
    abroad: int = 0

    @property
    def total(self) -> int:
        return self.in_country + self.abroad


@dataclass
class PlacedList:
    day: dt.date
    home_country: str
    rows: list[PlacedRow] = field(default_factory=list)
    groups: list[PlacedGroup] = field(default_factory=list)

    @property
    def in_country(self) -> int:
        return sum(g.in_country for g in self.groups)

    @property
    def abroad(self) -> int:
        return sum(g.abroad for g in self.groups)

    @property
    def total(self) -> int:
        return len(self.rows)


def _place(stay: PlacementStay) -> str:
    if stay.place_kind == PlaceKind.FOSTER_FAMILY:
        reference = stay.foster_family.reference if stay.foster_family is not None else ""
        return f"{_('Foster family')} {reference}".strip()
    if stay.institution_name:
        return stay.institution_name
    if stay.service is not None:
        name = str(pick(stay.service.name))
        return f"{name}, {stay.location}" if stay.location is not None else name
    return str(PlaceKind(stay.place_kind).label)


def _row(stay: PlacementStay, home: str) -> PlacedRow:
    placement = stay.placement
    case = placement.case
    measure_type = placement.measure.measure_type
    child = case.child
    return PlacedRow(
        case_pk=case.pk,
        case_reference=case.reference,
        child_id=child.pk,
        child_name=child.full_name,
        birth_year=child.birth_date.year if child.birth_date else None,
        type_code=measure_type.code,
        type_name=str(pick(measure_type.name)),
        type_position=measure_type.position,
        abroad=stay.country.upper() != home,
        country=placement_rules().country_name(stay.country.upper()),
        place=_place(stay),
        since=placement.admitted_on or stay.from_on,
    )


def build_placed_list(day: dt.date, office_ids: Any) -> PlacedList:
    """The children placed on ``day`` in the cases of ``office_ids``: one query. A transfer on
    the day itself covers two stays: the child counts once, in the stay that starts that day."""
    home = get_pack().country.upper()
    stays = (
        placed_on(day)
        .filter(placement__case__office_id__in=office_ids)
        .select_related("placement__case__child", "service", "location", "foster_family")
    )
    latest: dict[int, PlacementStay] = {}
    for stay in stays:
        kept = latest.get(stay.placement_id)
        if kept is None or (stay.from_on, stay.pk) > (kept.from_on, kept.pk):
            latest[stay.placement_id] = stay
    rows = sorted(
        (_row(s, home) for s in latest.values()), key=lambda r: (r.type_position, r.type_code, r.abroad, r.case_reference)
    )
    groups: dict[str, PlacedGroup] = {}
    for row in rows:
        group = groups.setdefault(row.type_code, PlacedGroup(code=row.type_code, name=row.type_name))
        if row.abroad:
            group.abroad += 1
        else:
            group.in_country += 1
    return PlacedList(day=day, home_country=placement_rules().country_name(home), rows=rows, groups=list(groups.values()))


def placed_children_for(user: Any, day: dt.date, *, http_request: HttpRequest | None = None, export: str = "") -> PlacedList:
    """The list ``user`` may read (the offices they head), logged as a read (or an export) of
    every child it names."""
    placed = build_placed_list(day, offices_headed_by(user))
    audit_record(
        actor=user,
        action=AuditAction.EXPORT if export else AuditAction.READ,
        object_type=LIST_OBJECT,
        object_id=day.isoformat(),
        fields=[export] if export else [],
        request=http_request,
        persons={r.child_id for r in placed.rows},
    )
    return placed


# Exports ----------------------------------------------------------------------------------------


def _header() -> list[str]:
    return [
        _("Case reference"),
        _("Child"),
        _("Year of birth"),
        _("Type of placement code"),
        _("Type of placement"),
        _("Abroad"),
        _("Country"),
        _("Place"),
        _("Placed since"),
    ]


def _cells(row: PlacedRow) -> list[Any]:
    return [
        row.case_reference,
        row.child_name,
        row.birth_year if row.birth_year is not None else "",
        row.type_code,
        row.type_name,
        _("yes") if row.abroad else _("no"),
        row.country,
        row.place,
        row.since,
    ]


def to_csv(placed: PlacedList) -> bytes:
    """UTF-8 with a byte order mark, so that Excel reads the accents right."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(_header())
    for row in placed.rows:
        writer.writerow([c.isoformat() if isinstance(c, dt.date) else spreadsheet_safe(c) for c in _cells(row)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(placed: PlacedList) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=placed.day.isoformat())
    sheet.append(_header())
    for row in placed.rows:
        cells = []
        for value in _cells(row):
            cell = WriteOnlyCell(sheet, value=spreadsheet_safe(value) if isinstance(value, str) else value)
            if isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
