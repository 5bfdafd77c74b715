"""What the benchmark asks for: typical combinations of filters on each page.

Values that depend on the data (postcodes, office ids, cursors) are read from the database
when the benchmark starts, so the scenarios stay valid whatever the pack holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Scenario:
    name: str
    params: dict[str, Any] = field(default_factory=dict)


def _postcode(commune_code: str) -> str:
    from openaef.directory.models import Postcode

    postcode = Postcode.objects.filter(commune__code=commune_code).order_by("code").first()
    if postcode is None:
        raise RuntimeError(f"The pack has no postcode for {commune_code!r}")
    return postcode.code


def directory_scenarios() -> list[Scenario]:
    """Searches a parent or a professional typically makes: words, an age, a type of help,
    a language, somewhere near home."""
    esch, ettelbruck = _postcode("esch-sur-alzette"), _postcode("ettelbruck")
    return [
        Scenario("everything, page 1", {}),
        Scenario("text", {"q": "consultation"}),
        Scenario("text + age", {"q": "famil", "age": 8}),
        Scenario("type of help + near a postcode", {"measure": "AMB-PSY", "near": esch}),
        Scenario("language + age", {"language": "pt", "age": 15}),
        Scenario("free + near a commune name", {"free": "on", "near": "Ettelbruck"}),
        Scenario("text + near + age", {"q": "jugendliche", "near": ettelbruck, "age": 14}),
        Scenario("region + type of help", {"region": "Esch-sur-Alzette", "measure": "AMB-SAF"}),
        Scenario("near a postcode, page 3", {"near": f"L-{esch}", "page": 3}),
        Scenario("commune + age", {"commune": "differdange", "age": 4}),
    ]


def inbox_scenarios(user: Any) -> list[Scenario]:
    """What the intake team looks at all day: the newest requests, those waiting, one age
    group, one office, the most urgent first, and paging further down the list."""
    from django.conf import settings
    from django.utils import timezone

    from openaef.directory.models import Office
    from openaef.intake.selectors import InboxFilters, inbox_page

    office = Office.objects.get(pack=settings.OPENAEF_PACK, code="ORE-ESCH")
    scenarios = [
        Scenario("newest, page 1", {}),
        Scenario("status received", {"status": "received"}),
        Scenario("status received + in triage, most urgent first", {"status": ["received", "in_triage"], "sort": "priority"}),
        Scenario("age 12-17", {"age": "12-17"}),
        Scenario("one office", {"office": office.pk}),
        Scenario("most urgent first", {"sort": "priority"}),
        Scenario("name search", {"q": "schmit"}),
        # A mistyped name matches nothing: the search has to look at every request.
        Scenario("name search, no match", {"q": "schmti"}),
        Scenario("name search, first name and surname", {"q": "lea schmit"}),
    ]
    # Pages 2 to 5 through the "next" cursor, exactly as following the link does.
    cursor = None
    today = timezone.localdate()
    for number in range(2, 6):
        page = inbox_page(user, InboxFilters([], [], []), sort="newest", cursor=cursor, today=today)
        cursor = page.next_cursor
        if cursor is None:
            break
        scenarios.append(Scenario(f"newest, page {number}", {"cursor": cursor}))
    return scenarios
