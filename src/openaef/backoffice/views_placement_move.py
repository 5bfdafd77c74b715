"""Moving a child on to a foster family under a new measure (a priority placement ends, care in
a foster family begins), reached from the foster family suggestions or the placement page.

The placement is reached through ``placements.selectors`` (404 for missing and forbidden alike);
the move is one service, ``placements.services_move.placement_move_on``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from openaef.core.access import require_permission
from openaef.core.i18n import pick
from openaef.placements import checks, selectors
from openaef.placements.models import PlaceKind, PlacementStatus
from openaef.placements.parameters import placement_rules
from openaef.placements.services_move import placement_move_on

from . import presentation_placements as present
from .forms_placements import MoveOnForm
from .views_placements import WRITE, detail_url, form_page, fresh_version, run, writable


@require_permission(WRITE)
@require_http_methods(["GET", "POST"])
def placement_move(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    found = writable(request, case_pk, pk)
    placement, case = found.placement, found.case
    families = {str(f.pk): f for f in selectors.approved_foster_families(case.pack)}
    types = {str(t.pk): t for t in selectors.move_on_types(case.pack, PlaceKind.FOSTER_FAMILY)}
    judicial = checks.is_judicial(case)
    decisions = {str(d.pk): d for d in selectors.case_decisions(case)} if judicial else {}
    initial: dict[str, Any] = {"version": placement.version, "moved_on": timezone.localdate()}
    if request.GET.get("family") in families:
        initial["foster_family"] = request.GET["family"]
    # Care in a foster family is the usual next step; a type with either kind of place is offered too.
    only_foster = [k for k, t in types.items() if placement_rules(case.pack).place_kinds(t.code) == (PlaceKind.FOSTER_FAMILY,)]
    if len(only_foster) == 1:
        initial["measure_type"] = only_foster[0]
    form = MoveOnForm(
        request.POST or None,
        initial=initial,
        families=present.family_choices(families.values()),
        measure_types=[(k, f"{pick(t.name)} ({t.code})") for k, t in types.items()],
        decisions=present.decision_choices(decisions.values()) if judicial else None,
    )
    created: list[Any] = []
    result: tuple[bool, list[str], int] = (False, [], 200)
    if request.method == "POST":
        result = run(
            request,
            form,
            lambda d: created.append(
                placement_move_on(
                    actor=request.user,
                    access=found.access,
                    placement=placement,
                    expected_version=d["version"] or 0,
                    measure_type=types.get(d["measure_type"]),
                    moved_on=d["moved_on"],
                    place=checks.Place(
                        kind=PlaceKind.FOSTER_FAMILY,
                        foster_family=families.get(d["foster_family"]),
                        capacity_exception=d["capacity_exception"] or "",
                    ),
                    reason=d["reason"],
                    decision=decisions.get(d.get("decision") or ""),
                    http_request=request,
                )
            ),
            fresh_version(found),
        )
        if result[0]:
            messages.success(request, _("The child moved on: this placement and its measure ended, the new ones started."))
            return redirect(detail_url(case_pk, created[0].pk))
    # Only a child living in an institution moves on; the page says so otherwise (and the service refuses).
    stay = selectors.current_stay(placement) if placement.status == PlacementStatus.ACTIVE else None
    spec = {
        "title": _("Move the child on to a foster family"),
        "submit": _("Record the move"),
        "template": "move_on.html",
        "active": checks.stays_in_institution(stay),
    }
    return form_page(request, found, form, spec, result)
