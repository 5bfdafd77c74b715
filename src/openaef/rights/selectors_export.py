"""Reads of exports of a person's file: only through here, 404 for missing and forbidden alike,
and every read of the file's content logged with the person it concerns."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest

from openaef.audit.models import AuditAction
from openaef.audit.services import audit_record
from openaef.core.access import audit_refused

from .export import highlighted, section_label
from .models import ExportItem, ExportStatus, FileAccessRequest, FileExport, ItemDecision
from .services_export import PREPARABLE

PAGE_SIZE = 20
SHOW_PENDING = "pending"
SHOW_ALL = "all"


def get_export_for(user: object, pk: int, *, http_request: HttpRequest | None = None) -> FileExport:
    """The export with its request and person; Http404 when missing or ``user`` may not see it."""
    visible = FileAccessRequest.objects.visible_to(user)
    export = FileExport.objects.select_related("request", "person").filter(pk=pk, request__in=visible).first()
    if export is None:
        if FileExport.objects.filter(pk=pk).exists():
            audit_refused(actor=user, object_type="rights.fileexport", object_id=pk, request=http_request)
        raise Http404
    return export


def get_export_item(export: FileExport, pk: int) -> ExportItem:
    item = export.items.filter(pk=pk).first()
    if item is None:
        raise Http404
    item.export = export
    return item


def decision_counts(export: FileExport) -> dict[str, int]:
    rows = export.items.values("decision").annotate(n=Count("id")).order_by("decision")
    counts = dict.fromkeys(ItemDecision.values, 0)
    counts.update({row["decision"]: row["n"] for row in rows})
    counts["total"] = sum(counts[d] for d in ItemDecision.values)
    return counts


@dataclass
class ReviewItem:
    item: ExportItem
    section: str
    flag: str
    pieces: list[tuple[str, bool]]


@dataclass
class ReviewPage:
    export: FileExport
    show: str
    page: Page
    items: list[ReviewItem]
    counts: dict[str, int] = field(default_factory=dict)


def export_review_page(
    user: object, export: FileExport, *, show: str, page_number: str | int | None, http_request: HttpRequest | None = None
) -> ReviewPage:
    """One page of items with their original text, third parties' names marked; the read of the
    content is logged with the person whose file it is."""
    queryset = export.items.order_by("position")
    if show != SHOW_ALL:
        show = SHOW_PENDING
        queryset = queryset.filter(decision=ItemDecision.PENDING)
    page = Paginator(queryset, PAGE_SIZE).get_page(page_number)
    rows = []
    for item in page.object_list:
        item.export = export
        rows.append(
            ReviewItem(
                item=item,
                section=section_label(item.section),
                flag=item.get_flag_display() if item.flag else "",
                pieces=highlighted(item.original_text, item.third_parties),
            )
        )
    if rows:
        audit_record(
            actor=user,
            action=AuditAction.READ,
            obj=export,
            fields=["content"],
            request=http_request,
            persons=[export.person_id],
        )
    return ReviewPage(export=export, show=show, page=page, items=rows, counts=decision_counts(export))


@dataclass
class ExportPanel:
    """What the request page shows about exports: the one under review, those released, and
    those discarded with why."""

    can_prepare: bool
    in_review: FileExport | None
    released: list[FileExport]
    discarded: list[FileExport]
    counts: dict[str, int]


def export_panel(access_request: FileAccessRequest) -> ExportPanel:
    exports = list(access_request.exports.order_by("-created_at", "-id"))
    in_review = next((e for e in exports if e.status == ExportStatus.REVIEW), None)
    return ExportPanel(
        can_prepare=access_request.person_id is not None and access_request.status in PREPARABLE and in_review is None,
        in_review=in_review,
        released=[e for e in exports if e.status == ExportStatus.RELEASED],
        discarded=[e for e in exports if e.status == ExportStatus.DISCARDED],
        counts=decision_counts(in_review) if in_review is not None else {},
    )


def export_pdf_for(user: object, pk: int, *, http_request: HttpRequest | None = None) -> FileExport:
    """A released export whose PDF may be downloaded, the download logged."""
    export = get_export_for(user, pk, http_request=http_request)
    if export.status != ExportStatus.RELEASED or not export.pdf:
        raise Http404
    audit_record(
        actor=user, action=AuditAction.EXPORT, obj=export, fields=["pdf"], request=http_request, persons=[export.person_id]
    )
    return export
