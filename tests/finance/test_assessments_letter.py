"""The decision letter: every line of the computation with its amount and legal reference, the
result, what happens next, the amount it replaces; in the payer's language; downloaded by id
and logged as an export."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from openaef.audit.models import AuditAction, AuditEvent
from openaef.core.pdf import document_text
from openaef.finance import letter
from openaef.finance.models import ItemKind as Kind
from openaef.finance.services_assessments import assessment_create, assessment_decide, assessment_reassess, assessment_update
from openaef.finance.states import AssessmentStatus

from .factories_assessments import *  # noqa: F403  (the fixtures)
from .factories_assessments import RENT, SALARY


def decided(finance, measure, payer):  # type: ignore[no-untyped-def]
    payer.languages = ["en"]  # the tests read the English source texts
    payer.save(update_fields=["languages"])
    draft = assessment_create(
        actor=finance,
        measure=measure,
        payer=payer,
        effective_from=dt.date(2026, 1, 1),
        dependent_children=2,
        items=[SALARY, RENT],
    )
    return assessment_decide(actor=finance, assessment=draft, expected_version=draft.version)


def test_the_letter_shows_each_line_with_its_amount_and_reference(finance, measure, parents):
    parents[0].address = "12, rue de la Gare"
    parents[0].postcode = "L-4002"
    parents[0].save(update_fields=["address", "postcode"])
    assessment = decided(finance, measure, parents[0])
    html = letter.letter_html(assessment)
    for line in assessment.computation["lines"]:
        if line["amount"] is not None:
            assert f"{Decimal(line['amount']):,.2f} EUR" in html
        if line["reference"]:
            assert line["reference"] in html
    assert "Monthly income: Salary or wages" in html
    assert "Share of the income for 2 dependent children: 14 %" in html
    assert "RGD du 17 août 2011, art. 9" in html
    assert "Marie Schmit" in html and "12, rue de la Gare" in html and "L-4002" in html
    assert "Léa Schmit" in html
    assert "National Office for Children (ONE)" in html
    assert "383.55 EUR" in html and "12.79 EUR" in html
    assert "days (or hours) the child was present" in html
    assert "replaces the contribution" not in html


def test_the_letter_of_a_reassessment_gives_the_amount_it_replaces(finance, measure, parents):
    first = decided(finance, measure, parents[0])
    draft = assessment_reassess(actor=finance, assessment=first, effective_from=dt.date(2026, 4, 1), reason="New job.")
    draft = assessment_update(
        actor=finance,
        assessment=draft,
        expected_version=draft.version,
        payer=parents[0],
        effective_from=dt.date(2026, 4, 1),
        dependent_children=2,
        items=[(Kind.INCOME, "salary", "", Decimal("5000.00")), RENT],
        reason="New job.",
    )
    second = assessment_decide(actor=finance, assessment=draft, expected_version=draft.version)
    html = letter.letter_html(second)
    assert "reassessment" in html
    assert "replaces the contribution that applied from" in html
    assert "383.55 EUR" in html and "495.55 EUR" in html


def test_the_letter_is_written_in_the_payers_language_when_the_pack_offers_it(finance, measure, parents):
    assessment = decided(finance, measure, parents[0])
    parents[0].languages = ["pt", "de"]
    parents[0].save(update_fields=["languages"])
    assessment.payer.refresh_from_db()
    assert letter.letter_language(assessment) == "de"
    assert '<html lang="de">' in letter.letter_html(assessment)
    parents[0].languages = ["pt"]
    parents[0].save(update_fields=["languages"])
    assessment.payer.refresh_from_db()
    assert letter.letter_language(assessment) == "fr"


def test_the_pdf_holds_the_lines_and_references(finance, measure, parents):
    assessment = decided(finance, measure, parents[0])
    text = document_text(letter.letter_document(assessment))
    assert "383.55 EUR" in text
    assert "RGD du 17 août 2011, art. 9" in text
    assert "Constant deducted" in text


def test_downloading_the_letter_is_logged_as_an_export(login, finance, measure, parents):
    assessment = decided(finance, measure, parents[0])
    response = login(finance).get(reverse("backoffice:assessment_letter", args=[assessment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "Schmit" not in response["Content-Disposition"]
    event = AuditEvent.objects.filter(action=AuditAction.EXPORT, object_id=str(assessment.pk)).get()
    assert set(event.person_links.values_list("person_id", flat=True)) == {measure.case.child_id, parents[0].pk}


def test_a_draft_has_no_letter(login, finance, measure, parents):
    draft = assessment_create(
        actor=finance, measure=measure, payer=parents[0], effective_from=dt.date(2026, 1, 1), dependent_children=2, items=[SALARY]
    )
    assert draft.status == AssessmentStatus.DRAFT
    assert login(finance).get(reverse("backoffice:assessment_letter", args=[draft.pk])).status_code == 404
