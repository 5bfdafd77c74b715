"""The intake inbox: filters, sort and keyset pages over every channel's requests."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from openaef.core.access import require_permission
from openaef.intake.selectors import PAGE_SIZE, inbox_page

from .forms import InboxFilterForm, regional_offices
from .presentation import inbox_rows


@require_permission("intake.view_inbox")
def inbox(request: HttpRequest) -> HttpResponse:
    form = InboxFilterForm(request.GET, offices=regional_offices())
    filters = form.filters()
    sort = form.chosen_sort()
    today = timezone.localdate()
    page = inbox_page(request.user, filters, sort=sort, cursor=request.GET.get("cursor") or None, today=today, size=PAGE_SIZE)
    rows = inbox_rows(page.items, today)
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "sort": sort,
        "sorts": sort_links(),
        "filtered": any(
            [filters.statuses, filters.priorities, filters.channels, filters.office_id, filters.age_band]
            + [filters.received_from, filters.received_to, filters.query]
        ),
    }
    context["nav_section"] = "inbox"
    return render(request, "backoffice/inbox.html", context)


def sort_links() -> list[tuple[str, str]]:
    return [("newest", _("Newest first")), ("oldest", _("Oldest first")), ("priority", _("Most urgent first"))]
