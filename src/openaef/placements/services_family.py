"""Writes around a placement with the family: the plan of visits and weekends, the foster-care
agreement with the parents (drafted, printed, signed), and the admission form for a placement
abroad. Same pattern as ``placements.services``: edit right, version check, timeline, audit last."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from openaef.audit.models import AuditAction
from openaef.cases.models import DocumentType
from openaef.cases.selectors import CaseAccess
from openaef.cases.services_journal import document_add
from openaef.core.errors import StaleVersion, TransitionNotAllowed
from openaef.core.packs import get_pack

from . import checks
from .models import AbroadAdmission, AgreementStatus, FosterCareAgreement, Placement, PlacementStatus, VisitArrangement, VisitKind
from .parameters import placement_rules
from .services import _require_edit, _save, record

VISIT_FIELDS = ("kind", "with_whom", "frequency", "from_on", "until_on", "supervised", "notes")
AGREEMENT_FIELDS = ("language", "child_receives", "daily_care_objectives", "other_terms")
ABROAD_FIELDS = (
    "country",
    "institution_name",
    "institution_address",
    "why_abroad",
    "tried_in_country",
    "child_opinion",
    "parents_opinion",
    "costs_covered_by",
    "requested_on",
    "agency_decision",
    "agency_decision_on",
    "agency_decision_note",
)


def _check_version(obj: Any, expected_version: int | None) -> None:
    if obj.pk is not None and obj.version != expected_version:
        raise StaleVersion


def _apply(obj: Any, values: dict[str, Any], names: tuple[str, ...]) -> list[str]:
    changed = []
    for name in names:
        value = values.get(name)
        value = value.strip() if isinstance(value, str) else value
        if name in values and getattr(obj, name) != value:
            setattr(obj, name, value)
            changed.append(name)
    return changed


def _write(
    *,
    actor: Any,
    access: CaseAccess,
    placement: Placement,
    obj: Any,
    changed: list[str],
    created: bool,
    what: str,
    http_request: Any,
) -> None:
    if created:
        obj.save()
    elif changed:
        _save(obj, changed)
    if created or changed:
        record(
            actor=actor,
            access=access,
            placement=placement,
            old=placement.status,
            new=placement.status,
            action=AuditAction.CREATE if created else AuditAction.UPDATE,
            fields=changed,
            http_request=http_request,
            extra={what: obj.pk},
            obj=obj,
        )


# Visits and weekends ------------------------------------------------------------------------------


def visit_save(
    *,
    actor: Any,
    access: CaseAccess,
    placement: Placement,
    visit: VisitArrangement | None = None,
    expected_version: int | None = None,
    values: dict[str, Any],
    http_request: HttpRequest | None = None,
) -> VisitArrangement:
    """Adds a line to the plan of visits and weekends, or changes one, while the placement is
    not over (what was planned stays as it was)."""
    _require_edit(access, placement)
    if placement.status == PlacementStatus.ENDED:
        raise TransitionNotAllowed(placement.status, placement.status)
    errors: dict[str, str] = {}
    if values.get("kind") not in VisitKind.values:
        errors["kind"] = _("Choose the kind of contact.")
    for name, message in (("with_whom", _("Say with whom.")), ("frequency", _("Say how often."))):
        if not (values.get(name) or "").strip():
            errors[name] = message
    start, end = values.get("from_on"), values.get("until_on")
    if start and end and end < start:
        errors["until_on"] = _("The end must be on or after the start.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if visit is None:
            obj = VisitArrangement(placement=placement, created_by=actor)
        else:
            obj = VisitArrangement.objects.select_for_update().get(pk=visit.pk, placement=placement)
            _check_version(obj, expected_version)
        changed = _apply(obj, values, VISIT_FIELDS)
        _write(
            actor=actor,
            access=access,
            placement=placement,
            obj=obj,
            changed=changed,
            created=visit is None,
            what="visit",
            http_request=http_request,
        )
    return obj


# The foster-care agreement --------------------------------------------------------------------------


def family_language(access: CaseAccess) -> str:
    """The child's first spoken language the pack writes in, else a parent's, else the pack's default."""
    case = access.case
    pack = get_pack(case.pack)
    written = set(pack.languages)
    people = [case.child, *[p.person for p in case.participants.select_related("person").order_by("position", "id")]]
    for person in people:
        for language in person.languages or []:
            if str(language).lower() in written:
                return str(language).lower()
    return str(pack.config.get("default_language") or pack.languages[0])


def agreement_save(
    *,
    actor: Any,
    access: CaseAccess,
    placement: Placement,
    expected_version: int | None,
    values: dict[str, Any],
    http_request: HttpRequest | None = None,
) -> FosterCareAgreement:
    """Drafts (or changes the draft of) the agreement with the parents."""
    _require_edit(access, placement)
    errors: dict[str, str] = {}
    if not (values.get("child_receives") or "").strip():
        errors["child_receives"] = _("Say what the child receives.")
    if not (values.get("daily_care_objectives") or "").strip():
        errors["daily_care_objectives"] = _("Write the objectives of daily care.")
    if values.get("language") and values["language"] not in get_pack(access.case.pack).languages:
        errors["language"] = _("Choose one of the languages the documents are written in.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        obj = FosterCareAgreement.objects.select_for_update().filter(placement=placement).first()
        created = obj is None
        if obj is None:
            obj = FosterCareAgreement(placement=placement, created_by=actor, language=family_language(access))
        else:
            _check_version(obj, expected_version)
            if obj.status != AgreementStatus.DRAFT:
                raise TransitionNotAllowed(obj.status, AgreementStatus.DRAFT)
        values = {k: v for k, v in values.items() if not (k == "language" and not v)}
        changed = _apply(obj, values, AGREEMENT_FIELDS)
        _write(
            actor=actor,
            access=access,
            placement=placement,
            obj=obj,
            changed=changed,
            created=created,
            what="agreement",
            http_request=http_request,
        )
    return obj


def agreement_sign(
    *,
    actor: Any,
    access: CaseAccess,
    placement: Placement,
    expected_version: int,
    signed_on: dt.date | None,
    upload: UploadedFile | None,
    http_request: HttpRequest | None = None,
) -> FosterCareAgreement:
    """Records the agreement signed by the parents: the signed paper, scanned, is filed with the
    case's documents (its content checked by cases.documents)."""
    _require_edit(access, placement)
    day = checks.check_day(signed_on, "signed_on", _("Enter the date the agreement was signed."))
    if upload is None:
        raise ValidationError({"file": _("Select the scan of the signed agreement.")})
    document = None
    try:
        with transaction.atomic():
            obj = FosterCareAgreement.objects.select_for_update().get(placement=placement)
            _check_version(obj, expected_version)
            if obj.status != AgreementStatus.DRAFT:
                raise TransitionNotAllowed(obj.status, AgreementStatus.SIGNED)
            title = _("Foster-care agreement, signed")
            document = document_add(actor=actor, access=access, upload=upload, title=title, document_type=DocumentType.CONSENT)
            obj.status, obj.signed_on, obj.signed_scan = AgreementStatus.SIGNED, day, document
            _save(obj, ["status", "signed_on", "signed_scan"])
            record(
                actor=actor,
                access=access,
                placement=placement,
                old=placement.status,
                new=placement.status,
                action=AuditAction.TRANSITION,
                fields=["status", "signed_on", "signed_scan"],
                http_request=http_request,
                extra={"agreement": obj.pk, "signed": True},
                obj=obj,
            )
    except Exception:
        # The scan was written to storage before the transaction rolled back.
        if document is not None and document.file.name:
            default_storage.delete(document.file.name)
        raise
    return obj


# The admission form for a placement abroad -------------------------------------------------------------


def abroad_save(
    *,
    actor: Any,
    access: CaseAccess,
    placement: Placement,
    expected_version: int | None,
    values: dict[str, Any],
    http_request: HttpRequest | None = None,
) -> AbroadAdmission:
    """The admission procedure form of a placement abroad (seeds 001, 002)."""
    _require_edit(access, placement)
    rules = placement_rules(access.case.pack)
    if not rules.is_abroad_type(placement.measure.measure_type.code):
        raise ValidationError(_("Only a placement abroad has an admission procedure form."))
    errors: dict[str, str] = {}
    country = (values.get("country") or "").upper()
    if not country or country == rules.country or country not in rules.countries:
        errors["country"] = _("Choose the country of the institution abroad.")
    required = {
        "institution_name": _("Enter the institution's name."),
        "institution_address": _("Enter the institution's address."),
        "why_abroad": _("Say why the child needs an institution abroad."),
        "tried_in_country": _("Say what was tried in Luxembourg."),
    }
    errors.update({name: text for name, text in required.items() if not (values.get(name) or "").strip()})
    if values.get("agency_decision") and not values.get("agency_decision_on"):
        errors["agency_decision_on"] = _("Enter the date of the decision.")
    day = values.get("requested_on")
    if day is not None and day > timezone.localdate():
        errors["requested_on"] = _("The date must be today or in the past.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        obj = AbroadAdmission.objects.select_for_update().filter(placement=placement).first()
        created = obj is None
        if obj is None:
            obj = AbroadAdmission(placement=placement, created_by=actor)
        else:
            _check_version(obj, expected_version)
        changed = _apply(obj, {**values, "country": country}, ABROAD_FIELDS)
        _write(
            actor=actor,
            access=access,
            placement=placement,
            obj=obj,
            changed=changed,
            created=created,
            what="abroad",
            http_request=http_request,
        )
    return obj
