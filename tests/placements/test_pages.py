"""The placement pages: who sees them (404 outside one's scope, read-only for a colleague), forms
that keep what was typed, the version conflict, the PDFs, and the placement page's queries."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from openaef.placements import services
from openaef.placements.checks import Place
from openaef.placements.models import AgreementStatus, FosterCareAgreement, LegalBasis, PlacementStatus, VisitArrangement
from tests.measures.factories import accepted_measure, make_measure

TODAY = timezone.localdate()


@pytest.fixture
def placement(coordinator, access, home):  # type: ignore[no-untyped-def]
    return services.placement_open(
        actor=coordinator,
        access=access,
        measure=accepted_measure(access.case, home, "STA-PRIO"),
        legal_basis=LegalBasis.AGREEMENT,
        agreement_on=TODAY,
    )


@pytest.fixture
def admitted(coordinator, access, home, placement):  # type: ignore[no-untyped-def]
    services.placement_admit(
        actor=coordinator,
        access=access,
        placement=placement,
        expected_version=placement.version,
        admitted_on=TODAY,
        place=Place(kind="institution", service=home, living_unit="Groupe 2"),
    )
    placement.refresh_from_db()
    return placement


def _url(name, placement, *extra):  # type: ignore[no-untyped-def]
    return reverse(f"backoffice:{name}", args=[placement.case_id, placement.pk, *extra])


def test_it_refuses_an_anonymous_visitor(client, placement):  # type: ignore[no-untyped-def]
    response = client.get(_url("placement_detail", placement))
    assert response.status_code == 302


def test_the_coordinator_and_the_office_head_see_the_placement(login, coordinator, office_head, admitted):  # type: ignore[no-untyped-def]
    for user in (coordinator, office_head):
        response = login(user).get(_url("placement_detail", admitted))
        assert response.status_code == 200
        assert "Groupe 2" in response.content.decode()


def test_it_is_not_found_outside_ones_scope(login, other_coordinator, outsider, placement):  # type: ignore[no-untyped-def]
    assert login(other_coordinator).get(_url("placement_detail", placement)).status_code == 404
    assert login(outsider).get(_url("placement_detail", placement)).status_code == 403
    assert login(other_coordinator).get(reverse("backoffice:placement_list", args=[placement.case_id])).status_code == 404


def test_a_placement_of_another_case_is_not_found(login, coordinator, office, placement):  # type: ignore[no-untyped-def]
    from tests.cases.factories import make_case

    other = make_case(office=office, coordinator=coordinator)
    response = login(coordinator).get(reverse("backoffice:placement_detail", args=[other.pk, placement.pk]))
    assert response.status_code == 404


def test_a_colleague_reads_but_may_not_change(login, colleague, placement):  # type: ignore[no-untyped-def]
    client = login(colleague)
    response = client.get(_url("placement_detail", placement))
    assert response.status_code == 200 and "Record the admission" not in response.content.decode()
    assert client.get(_url("placement_admit", placement)).status_code == 403


def test_the_list_shows_the_case_placements(login, coordinator, admitted):  # type: ignore[no-untyped-def]
    response = login(coordinator).get(reverse("backoffice:placement_list", args=[admitted.case_id]))
    assert response.status_code == 200 and "Harbour home" in response.content.decode()


def test_opening_refuses_an_ambulatory_measure_and_keeps_the_input(login, coordinator, case):  # type: ignore[no-untyped-def]
    make_measure(case, "STA-PRIO")
    measure = make_measure(case, "AMB-PSY")
    response = login(coordinator).post(
        reverse("backoffice:placement_open", args=[case.pk]),
        {
            "measure": str(measure.pk),
            "legal_basis": "agreement",
            "agreement_on_day": "3",
            "agreement_on_month": "2",
            "agreement_on_year": "2026",
        },
    )
    # Not offered (only stationary measures are), so the choice itself is refused; the date stays typed.
    assert response.status_code == 400
    body = response.content.decode()
    assert "govuk-error-summary" in body and 'value="2026"' in body


def test_opening_from_the_page(login, coordinator, case, home):  # type: ignore[no-untyped-def]
    measure = accepted_measure(case, home, "STA-PRIO")
    response = login(coordinator).post(
        reverse("backoffice:placement_open", args=[case.pk]),
        {
            "measure": str(measure.pk),
            "legal_basis": "agreement",
            "agreement_on_day": str(TODAY.day),
            "agreement_on_month": str(TODAY.month),
            "agreement_on_year": str(TODAY.year),
        },
    )
    assert response.status_code == 302
    assert measure.placement.status == PlacementStatus.PLANNED


def test_admission_errors_keep_the_input(login, coordinator, placement):  # type: ignore[no-untyped-def]
    response = login(coordinator).post(
        _url("placement_admit", placement),
        {
            "version": placement.version,
            "place_kind": "foster_family",
            "living_unit": "Groupe 7",
            "admitted_on_day": "1",
            "admitted_on_month": "2",
            "admitted_on_year": str(TODAY.year),
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "places the child in an institution" in body and 'value="Groupe 7"' in body


def test_admission_from_the_page(login, coordinator, placement, home):  # type: ignore[no-untyped-def]
    response = login(coordinator).post(
        _url("placement_admit", placement),
        {
            "version": placement.version,
            "place_kind": "institution",
            "institution": str(home.pk) + (f"-{home.locations.first().pk}" if home.locations.exists() else ""),
            "living_unit": "Groupe 7",
            "admitted_on_day": str(TODAY.day),
            "admitted_on_month": str(TODAY.month),
            "admitted_on_year": str(TODAY.year),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.ACTIVE and placement.stays.get().living_unit == "Groupe 7"


def test_a_version_conflict_keeps_the_input_and_says_so(login, coordinator, admitted):  # type: ignore[no-untyped-def]
    response = login(coordinator).post(
        _url("placement_discharge", admitted),
        {
            "version": admitted.version - 1,
            "destination": "other",
            "destination_details": "With the grandmother",
            "discharged_on_day": str(TODAY.day),
            "discharged_on_month": str(TODAY.month),
            "discharged_on_year": str(TODAY.year),
        },
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "Someone else changed this record" in body and "With the grandmother" in body
    assert f'value="{admitted.version}"' in body


def test_visits_are_added_and_changed(login, coordinator, admitted):  # type: ignore[no-untyped-def]
    client = login(coordinator)
    data = {"kind": "weekend", "with_whom": "Mother", "frequency": "Every other weekend", "supervised": "on"}
    assert client.post(_url("placement_visit_add", admitted), data).status_code == 302
    visit = VisitArrangement.objects.get(placement=admitted)
    assert visit.supervised and visit.frequency == "Every other weekend"
    data.update(version=visit.version, frequency="Every weekend")
    assert client.post(_url("placement_visit_edit", admitted, visit.pk), data).status_code == 302
    visit.refresh_from_db()
    assert visit.frequency == "Every weekend" and visit.version == 2
    response = client.post(_url("placement_visit_add", admitted), {"kind": "visit", "with_whom": "Father"})
    assert response.status_code == 400 and "Say how often." in response.content.decode()


def test_the_agreement_is_drafted_printed_and_signed(login, coordinator, admitted):  # type: ignore[no-untyped-def]
    client = login(coordinator)
    data = {"language": "fr", "child_receives": "Pocket money", "daily_care_objectives": "School every day"}
    assert client.post(_url("placement_agreement", admitted), data).status_code == 302
    response = client.get(_url("placement_agreement_pdf", admitted))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    agreement = FosterCareAgreement.objects.get(placement=admitted)
    scan = SimpleUploadedFile("signed.pdf", response.content, content_type="application/pdf")
    response = client.post(
        _url("placement_agreement_sign", admitted),
        {
            "version": agreement.version,
            "signed_on_day": str(TODAY.day),
            "signed_on_month": str(TODAY.month),
            "signed_on_year": str(TODAY.year),
            "file": scan,
        },
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.SIGNED and agreement.signed_scan is not None


def test_the_agreement_pdf_is_in_the_familys_language(coordinator, access, admitted):  # type: ignore[no-untyped-def]
    from openaef.core.pdf import document_text
    from openaef.placements import pdf, services_family

    agreement = services_family.agreement_save(
        actor=coordinator,
        access=access,
        placement=admitted,
        expected_version=None,
        values={"language": "en", "child_receives": "Pocket money", "daily_care_objectives": "School"},
    )
    text = document_text(pdf.agreement_pdf_document(agreement, admitted))
    assert "Foster-care agreement" in text and "Pocket money" in text


def test_the_abroad_form_exists_only_for_a_placement_abroad(login, coordinator, admitted, access, home):  # type: ignore[no-untyped-def]
    client = login(coordinator)
    assert client.get(_url("placement_abroad", admitted)).status_code == 404
    abroad = services.placement_open(
        actor=coordinator,
        access=access,
        measure=accepted_measure(access.case, home, "STA-ABROAD"),
        legal_basis="agreement",
        agreement_on=TODAY,
    )
    data = {
        "country": "DE",
        "institution_name": "Kinderheim Trier",
        "institution_address": "Trier",
        "why_abroad": "Specialised care",
        "tried_in_country": "Two institutions",
    }
    response = client.post(_url("placement_abroad", abroad), {**data, "country": "LU"})
    assert response.status_code == 400 and 'value="Kinderheim Trier"' in response.content.decode()
    assert client.post(_url("placement_abroad", abroad), data).status_code == 302
    response = client.get(_url("placement_abroad_pdf", abroad))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_the_placement_page_reads_a_bounded_number_of_queries(login, coordinator, admitted, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    client = login(coordinator)
    client.get(_url("placement_detail", admitted))
    for n in range(3):
        VisitArrangement.objects.create(
            placement=admitted, kind="visit", with_whom=f"Aunt {n}", frequency="Weekly", created_by=coordinator
        )
    with django_assert_max_num_queries(14):
        response = client.get(_url("placement_detail", admitted))
    assert response.status_code == 200
