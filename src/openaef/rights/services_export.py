"""Writes on exports of a person's file (GDPR art. 15(3): a copy; art. 15(4): without harming
others). Each runs in one transaction, checks the export's version and state, and ends with its
audit entries (audit_record last: it takes the chain lock)."""

from __future__ import annotations

import hashlib
import uuid
from collections import Counter
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from openaef.audit.models import AuditAction
from openaef.audit.services import audit_record
from openaef.core.errors import StaleVersion, TransitionNotAllowed
from openaef.people.models import Person

from .export import gather
from .models import (
    AccessEventKind,
    ExportItem,
    ExportStatus,
    FileAccessRequest,
    FileExport,
    ItemDecision,
    WithholdReason,
)
from .services import access_event
from .states import AccessStatus

# An export is prepared once the person's identity is known and until the file was consulted.
PREPARABLE = frozenset({AccessStatus.IDENTITY_CHECKED, AccessStatus.APPOINTMENT_OFFERED, AccessStatus.CONSULTED})
# What the request's history counts when the copy is released: the event's data key per decision.
RELEASE_COUNTS = {ItemDecision.RELEASE: "released", ItemDecision.REDACT: "redacted", ItemDecision.WITHHOLD: "withheld"}


def export_prepare(*, actor: Any, access_request: FileAccessRequest, http_request: HttpRequest | None = None) -> FileExport:
    """Gathers the person's file into items to review. One export in review at a time: asked
    again, this returns the one under review."""
    with transaction.atomic():
        current = FileAccessRequest.objects.select_for_update().get(pk=access_request.pk)
        if current.person_id is None:
            raise ValidationError(_("Find the person whose file it is before preparing an export."))
        if current.status not in PREPARABLE:
            raise TransitionNotAllowed(current.status, "export")
        existing = FileExport.objects.filter(request=current, status=ExportStatus.REVIEW).first()
        if existing is not None:
            return existing
        person = Person.objects.get(pk=current.person_id)
        gathered = gather(current, person)
        export = FileExport.objects.create(request=current, person=person, created_by=actor)
        ExportItem.objects.bulk_create(
            ExportItem(
                export=export,
                position=position,
                source=draft.source,
                source_id=draft.source_id,
                section=draft.section,
                occurred_on=draft.occurred_on,
                title=draft.title,
                original_text=draft.text,
                released_text=draft.released_text,
                third_parties=draft.third_parties,
                flag=draft.flag,
            )
            for position, draft in enumerate(gathered.drafts, start=1)
        )
        access_event(current, actor=actor, kind=AccessEventKind.EXPORT_PREPARED, data={"export": export.pk})
        audit_record(actor=actor, action=AuditAction.CREATE, obj=export, request=http_request)
        # The file's content was read for the export: every person it concerns sees it in their log.
        audit_record(
            actor=actor,
            action=AuditAction.READ,
            obj=export,
            fields=["content"],
            request=http_request,
            reason=f"file-access request {current.reference}",
            persons=gathered.person_ids,
        )
    return export


def _locked_export(export: FileExport, expected_version: int) -> FileExport:
    current = FileExport.objects.select_for_update().select_related("request").get(pk=export.pk)
    if current.status != ExportStatus.REVIEW:
        raise TransitionNotAllowed(current.status, "review")
    if current.version != expected_version:
        raise StaleVersion
    return current


def _decision_errors(item: ExportItem, decision: str, released_text: str, category: str, details: str) -> dict[str, str]:
    if decision not in (ItemDecision.RELEASE, ItemDecision.REDACT, ItemDecision.WITHHOLD):
        return {"decision": _("Choose what to do with this item.")}
    errors: dict[str, str] = {}
    if decision == ItemDecision.REDACT:
        if not released_text.strip():
            errors["released_text"] = _("Enter the text to release, or withhold the item.")
        elif released_text.strip() == item.original_text.strip():
            errors["released_text"] = _(
                "The text is the same as the original: remove what identifies others, or release it as it is."
            )
    if decision == ItemDecision.WITHHOLD:
        if category not in WithholdReason.values:
            errors["reason_category"] = _("Choose why the item is withheld.")
        elif category == WithholdReason.OTHER and not details:
            errors["reason"] = _("Explain why the item is withheld.")
    return errors


def export_item_decide(
    *,
    actor: Any,
    item: ExportItem,
    expected_version: int,
    decision: str,
    released_text: str = "",
    reason_category: str = "",
    reason: str = "",
    http_request: HttpRequest | None = None,
) -> ExportItem:
    """Records the reviewer's decision on one item. Redacting needs a text that differs from the
    original; withholding needs a reason (GDPR art. 15(4): the rights of others)."""
    details = reason.strip()
    with transaction.atomic():
        export = _locked_export(item.export, expected_version)
        current = ExportItem.objects.select_for_update().get(pk=item.pk, export=export)
        errors = _decision_errors(current, decision, released_text, reason_category, details)
        if errors:
            raise ValidationError(errors)
        current.decision = decision
        if decision == ItemDecision.RELEASE:
            current.released_text = current.original_text
        elif decision == ItemDecision.REDACT:
            current.released_text = released_text.strip()
        else:
            current.released_text = ""
        current.reason_category = reason_category if decision == ItemDecision.WITHHOLD else ""
        current.reason = details
        current.reviewed_by, current.reviewed_at = actor, timezone.now()
        current.save(update_fields=["decision", "released_text", "reason_category", "reason", "reviewed_by", "reviewed_at"])
        export.version += 1
        export.save(update_fields=["version", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.REVIEW,
            obj=current,
            fields=["decision", "released_text", "reason_category", "reason"],
            request=http_request,
            persons=[export.person_id],
        )
    return current


def export_release(
    *, actor: Any, export: FileExport, expected_version: int, http_request: HttpRequest | None = None
) -> FileExport:
    """Makes the PDF once every item was decided, and keeps it with its fingerprint. A second
    click on Release returns the export already released: one PDF, never two."""
    from .pdf_export import export_pdf

    with transaction.atomic():
        locked = FileExport.objects.select_for_update().get(pk=export.pk)
        if locked.status == ExportStatus.RELEASED:
            return locked
        current = _locked_export(locked, expected_version)
        items = list(current.items.order_by("position"))
        pending = sum(1 for item in items if item.decision == ItemDecision.PENDING)
        if pending:
            raise ValidationError(
                _("%(count)d items are still to review: decide every item before releasing the export.") % {"count": pending}
            )
        current.released_by, current.released_at = actor, timezone.now()
        content = export_pdf(current, items)
        current.sha256 = hashlib.sha256(content).hexdigest()
        # A random name: the reference and the person's name stay in the database only.
        current.pdf.save(f"{uuid.uuid4().hex}.pdf", ContentFile(content), save=False)
        current.status = ExportStatus.RELEASED
        current.version += 1
        current.save(update_fields=["status", "released_by", "released_at", "pdf", "sha256", "version", "updated_at"])
        counts = Counter(item.decision for item in items)
        access_event(
            current.request,
            actor=actor,
            kind=AccessEventKind.EXPORT_RELEASED,
            data={"export": current.pk} | {key: counts[decision] for decision, key in RELEASE_COUNTS.items()},
        )
        audit_record(
            actor=actor,
            action=AuditAction.EXPORT,
            obj=current,
            fields=["pdf", "sha256"],
            request=http_request,
            reason=f"file-access request {current.request.reference}",
            persons=[current.person_id],
        )
    return current


def export_discard(
    *, actor: Any, export: FileExport, expected_version: int, reason: str, http_request: HttpRequest | None = None
) -> FileExport:
    """Abandons an export under review (the file changed, the wrong person): a new one can be
    prepared. Kept, with why, for the record."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the export is discarded.")})
    with transaction.atomic():
        current = _locked_export(export, expected_version)
        current.status = ExportStatus.DISCARDED
        current.discard_reason = reason
        current.version += 1
        current.save(update_fields=["status", "discard_reason", "version", "updated_at"])
        access_event(
            current.request, actor=actor, kind=AccessEventKind.EXPORT_DISCARDED, reason=reason, data={"export": current.pk}
        )
        audit_record(
            actor=actor,
            action=AuditAction.TRANSITION,
            obj=current,
            fields=["status", "discard_reason"],
            request=http_request,
            reason=reason,
        )
    return current
