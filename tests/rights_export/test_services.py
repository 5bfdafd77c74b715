from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Q

from openaef.audit.models import AuditAction, AuditEvent
from openaef.cases.models import Framework
from openaef.core.errors import StaleVersion, TransitionNotAllowed
from openaef.courts.models import Authority, DecisionKind, JudicialDecision
from openaef.rights.models import (
    AccessEventKind,
    ExportItem,
    ExportStatus,
    FileAccessRequest,
    FileExport,
    ItemDecision,
    ItemFlag,
    WithholdReason,
)
from openaef.rights.pdf_export import export_html
from openaef.rights.services_export import (
    export_discard,
    export_item_decide,
    export_prepare,
    export_release,
)
from openaef.rights.states import AccessStatus

from .factories import Family, decide_all

pytestmark = pytest.mark.django_db


def _note_item(export: FileExport, family: Family) -> ExportItem:
    return export.items.get(source="cases.journalnote", source_id=family.note.pk)


def test_preparing_needs_the_person_whose_file_it_is(dpo, family: Family):
    FileAccessRequest.objects.filter(pk=family.request.pk).update(person=None)
    family.request.refresh_from_db()

    with pytest.raises(ValidationError):
        export_prepare(actor=dpo, access_request=family.request)


def test_preparing_is_refused_before_the_identity_is_checked(dpo, family: Family):
    FileAccessRequest.objects.filter(pk=family.request.pk).update(status=AccessStatus.RECEIVED)

    with pytest.raises(TransitionNotAllowed):
        export_prepare(actor=dpo, access_request=family.request)


def test_a_second_prepare_returns_the_export_under_review(dpo, family: Family):
    first = export_prepare(actor=dpo, access_request=family.request)
    second = export_prepare(actor=dpo, access_request=family.request)

    assert first.pk == second.pk
    assert FileExport.objects.count() == 1
    assert set(first.items.values_list("decision", flat=True)) == {ItemDecision.PENDING}


def test_preparing_stores_each_items_flag_and_keeps_its_source_plain(dpo, family: Family):
    export = export_prepare(actor=dpo, access_request=family.request)

    restricted = export.items.get(source="cases.journalnote", source_id=family.restricted.pk)
    assert restricted.flag == ItemFlag.RESTRICTED
    assert _note_item(export, family).flag == ""
    assert not export.items.filter(source__regex=r"[!#]").exists()


def test_preparing_is_in_the_requests_history(dpo, family: Family):
    export = export_prepare(actor=dpo, access_request=family.request)

    event = family.request.events.get(kind=AccessEventKind.EXPORT_PREPARED)
    assert (event.actor, event.data) == (dpo, {"export": export.pk})


def test_preparing_logs_the_read_of_everyone_in_the_file(dpo, family: Family):
    export = export_prepare(actor=dpo, access_request=family.request)

    event = AuditEvent.objects.get(action=AuditAction.READ, object_type="rights.fileexport", object_id=str(export.pk))
    assert set(event.person_links.values_list("person_id", flat=True)) >= {family.child.pk, family.father.pk, family.mother.pk}


def test_redacting_needs_a_text_that_differs_from_the_original(dpo, family: Family):
    export = export_prepare(actor=dpo, access_request=family.request)
    item = _note_item(export, family)

    with pytest.raises(ValidationError) as error:
        export_item_decide(
            actor=dpo, item=item, expected_version=export.version, decision=ItemDecision.REDACT, released_text=item.original_text
        )

    assert "released_text" in error.value.message_dict


def test_withholding_needs_a_reason(dpo, family: Family):
    export = export_prepare(actor=dpo, access_request=family.request)
    item = _note_item(export, family)

    with pytest.raises(ValidationError) as missing:
        export_item_decide(actor=dpo, item=item, expected_version=export.version, decision=ItemDecision.WITHHOLD)
    with pytest.raises(ValidationError) as unexplained:
        export_item_decide(
            actor=dpo, item=item, expected_version=export.version, decision=ItemDecision.WITHHOLD, reason_category="other"
        )

    assert "reason_category" in missing.value.message_dict
    assert "reason" in unexplained.value.message_dict


def test_a_withheld_items_category_and_explanation_are_stored_apart(dpo, family: Family):
    export = export_prepare(actor=dpo, access_request=family.request)
    item = _note_item(export, family)

    withheld = export_item_decide(
        actor=dpo,
        item=item,
        expected_version=export.version,
        decision=ItemDecision.WITHHOLD,
        reason_category=WithholdReason.OTHER,
        reason="  The father's lawyer asked.  ",
    )
    withheld.refresh_from_db()
    released = export_item_decide(actor=dpo, item=item, expected_version=export.version + 1, decision=ItemDecision.RELEASE)
    released.refresh_from_db()

    assert (withheld.reason_category, withheld.reason) == (WithholdReason.OTHER, "The father's lawyer asked.")
    assert (released.reason_category, released.reason) == ("", "")


def test_a_decision_on_a_stale_export_is_refused(dpo, family: Family):
    export = export_prepare(actor=dpo, access_request=family.request)
    item = _note_item(export, family)

    with pytest.raises(StaleVersion):
        export_item_decide(actor=dpo, item=item, expected_version=export.version + 1, decision=ItemDecision.RELEASE)


def test_a_decision_is_recorded_with_who_and_when(dpo, family: Family):
    export = export_prepare(actor=dpo, access_request=family.request)
    item = _note_item(export, family)

    decided = export_item_decide(
        actor=dpo, item=item, expected_version=export.version, decision=ItemDecision.REDACT, released_text=item.released_text
    )

    assert decided.decision == ItemDecision.REDACT
    assert decided.reviewed_by == dpo and decided.reviewed_at is not None
    assert "Marc" not in decided.released_text


def test_release_is_refused_while_an_item_is_pending(dpo, family: Family):
    export = export_prepare(actor=dpo, access_request=family.request)

    with pytest.raises(ValidationError):
        export_release(actor=dpo, export=export, expected_version=export.version)

    export.refresh_from_db()
    assert export.status == ExportStatus.REVIEW
    assert not export.pdf


def _review_everything(dpo, family: Family) -> FileExport:  # type: ignore[no-untyped-def]
    export = export_prepare(actor=dpo, access_request=family.request)
    note = _note_item(export, family)
    decide_all(export)
    export_item_decide(
        actor=dpo, item=note, expected_version=export.version, decision=ItemDecision.REDACT, released_text=note.released_text
    )
    restricted = export.items.get(source_id=family.restricted.pk)
    export_item_decide(
        actor=dpo,
        item=restricted,
        expected_version=export.version + 1,
        decision=ItemDecision.WITHHOLD,
        reason_category=WithholdReason.CONFIDENCE,
    )
    export.refresh_from_db()
    return export


def test_release_makes_the_pdf_once(dpo, family: Family):
    export = _review_everything(dpo, family)

    released = export_release(actor=dpo, export=export, expected_version=export.version)
    again = export_release(actor=dpo, export=export, expected_version=export.version)

    assert released.status == ExportStatus.RELEASED
    content = released.pdf.open("rb").read()
    assert content.startswith(b"%PDF")
    assert released.sha256 == hashlib.sha256(content).hexdigest()
    assert again.pdf.name == released.pdf.name
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, object_id=str(export.pk)).count() == 1


def test_the_release_is_in_the_requests_history_with_what_the_copy_holds(dpo, family: Family):
    export = _review_everything(dpo, family)
    total = export.items.count()

    export_release(actor=dpo, export=export, expected_version=export.version)
    export_release(actor=dpo, export=export, expected_version=export.version)

    event = family.request.events.get(kind=AccessEventKind.EXPORT_RELEASED)
    assert event.actor == dpo
    assert event.data == {"export": export.pk, "released": total - 2, "redacted": 1, "withheld": 1}


def test_the_copy_leaves_out_redacted_names_and_withheld_items(dpo, family: Family):
    export = _review_everything(dpo, family)
    items = list(export.items.order_by("position"))

    html = export_html(export, items)

    assert "MARC MULLER" not in html and "Marc a crié" not in html
    assert "[third party] a crié" in html
    assert "neighbour" not in html
    assert "An item was withheld: It was given in confidence by someone else" in html
    assert "Léna Weber" in html
    assert family.request.reference in html
    assert "youth court" not in html


def test_the_copy_of_a_judicial_case_says_where_the_court_file_is_consulted(dpo, family: Family):
    family.case.framework = Framework.JUDICIAL
    family.case.save(update_fields=["framework"])
    JudicialDecision.objects.create(
        case=family.case,
        kind=DecisionKind.JUDGMENT,
        authority=Authority.JUDGE,
        court="TJ-LUX",
        decided_on="2026-03-01",
        created_by=dpo,
    )
    export = export_prepare(actor=dpo, access_request=family.request)
    decide_all(export)

    html = export_html(export, list(export.items.order_by("position")))

    assert "The court file itself is consulted at the registry of the youth court." in html


def test_a_discarded_export_lets_a_new_one_be_prepared(dpo, family: Family):
    export = export_prepare(actor=dpo, access_request=family.request)

    with pytest.raises(ValidationError):
        export_discard(actor=dpo, export=export, expected_version=export.version, reason=" ")
    export_discard(actor=dpo, export=export, expected_version=export.version, reason="The file was completed since.")
    fresh = export_prepare(actor=dpo, access_request=family.request)

    assert fresh.pk != export.pk
    assert FileExport.objects.filter(Q(status=ExportStatus.DISCARDED) | Q(status=ExportStatus.REVIEW)).count() == 2


def test_a_discarded_export_keeps_why_and_the_history_says_it(dpo, family: Family):
    export = export_prepare(actor=dpo, access_request=family.request)

    export_discard(actor=dpo, export=export, expected_version=export.version, reason="  It is the wrong person. ")

    export.refresh_from_db()
    assert export.discard_reason == "It is the wrong person."
    event = family.request.events.get(kind=AccessEventKind.EXPORT_DISCARDED)
    assert (event.actor, event.reason, event.data) == (dpo, "It is the wrong person.", {"export": export.pk})
