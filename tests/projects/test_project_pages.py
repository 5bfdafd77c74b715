"""The project pages: who reaches them, what they show, and the forms working without JavaScript."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from openaef.audit.models import AuditAction, AuditEvent, AuditEventPerson
from openaef.projects import services
from openaef.projects.models import InterventionProject, NeedAssessment, ProjectRevision
from openaef.projects.states import ProjectStatus as S

from .factories import DRAWING, access_for, draft, goals_of, proposed, validated

pytestmark = pytest.mark.django_db


def detail_url(project) -> str:  # type: ignore[no-untyped-def]
    return reverse("backoffice:project_detail", args=[project.case_id, project.pk])


def edit_url(project) -> str:  # type: ignore[no-untyped-def]
    return reverse("backoffice:project_edit", args=[project.case_id, project.pk])


def management(prefix: str, total: int) -> dict[str, str]:
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": "0"}


def edit_post(project, **changes: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    data = {"summary": "Nouvelle situation", "language": "fr", "version": str(project.version)}
    for prefix in ("goals", "measures", "actions", "participants"):
        data.update(management(prefix, 1))
    data.update({"goals-0-goal": "Aller à l'école chaque jour", "goals-0-domain": "school_work"})
    data.update(changes)
    return data


# Access --------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["other_coordinator", "outsider"])
def test_the_project_does_not_exist_for_someone_outside_the_case(case, coordinator, who, request, login):
    project = draft(case, coordinator)
    client = login(request.getfixturevalue(who))
    for name in ("project_detail", "project_edit", "project_revisions", "project_pdf", "project_sign"):
        response = client.get(reverse(f"backoffice:{name}", args=[case.pk, project.pk]))
        assert response.status_code in (403, 404), name
    response = login(request.getfixturevalue(who)).get(reverse("backoffice:project_start", args=[case.pk]))
    assert response.status_code in (403, 404)


def test_the_other_office_coordinator_gets_not_found(case, coordinator, other_coordinator, login):
    project = draft(case, coordinator)
    assert login(other_coordinator).get(detail_url(project)).status_code == 404


def test_a_project_of_another_case_is_not_found_under_this_one(case, coordinator, office, login):
    from .factories import make_case

    other = make_case(office=office, coordinator=coordinator)
    project = draft(other, coordinator)
    url = reverse("backoffice:project_detail", args=[case.pk, project.pk])
    assert login(coordinator).get(url).status_code == 404


def test_a_colleague_reads_the_project_but_may_not_change_it(case, coordinator, colleague, login):
    project = draft(case, coordinator)
    client = login(colleague)
    response = client.get(detail_url(project))
    assert response.status_code == 200 and "Read-only" in response.text
    assert client.get(edit_url(project)).status_code == 403


# The project page ----------------------------------------------------------------------------


def test_reading_the_project_is_written_to_the_audit_log_naming_the_child(case, coordinator, login):
    project = draft(case, coordinator, "Objectif lisible")
    response = login(coordinator).get(detail_url(project))
    assert response.status_code == 200 and "Objectif lisible" in response.text
    event = AuditEvent.objects.filter(action=AuditAction.READ, object_type="projects.interventionproject").get()
    assert event.object_id == str(project.pk) and list(
        AuditEventPerson.objects.filter(event=event).values_list("person_id", flat=True)
    ) == [case.child_id]


def test_the_case_without_a_project_offers_to_start_one(case, coordinator, login):
    client = login(coordinator)
    response = client.get(reverse("backoffice:project_start", args=[case.pk]))
    assert response.status_code == 200 and "Start a project" in response.text
    response = client.post(reverse("backoffice:project_create", args=[case.pk]), {"language": "de"})
    project = InterventionProject.objects.get(case=case)
    assert response.status_code == 302 and response["Location"].endswith(edit_url(project))
    assert project.language == "de"
    assert client.get(reverse("backoffice:project_start", args=[case.pk]))["Location"] == detail_url(project)


def _grow(case, coordinator, project, goals: int, saves: int) -> InterventionProject:  # type: ignore[no-untyped-def]
    from .factories import goal_rows

    for index in range(saves):
        project = services.project_update(
            actor=coordinator,
            access=access_for(case, coordinator),
            project=project,
            expected_version=project.version,
            summary=f"Version {index}",
            language="fr",
            goals=goal_rows(*[f"Objectif {n}" for n in range(goals)]),
            planned_measures=[],
            actions=[],
            participants=[],
        )
    services.assessment_record(
        actor=coordinator,
        access=access_for(case, coordinator),
        assessed_on=timezone.localdate(),
        scores=dict.fromkeys(("housing", "health", "money"), 3),
        project=project,
    )
    return project


def test_the_project_page_costs_the_same_queries_whatever_its_size(case, coordinator, login, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(coordinator)
    project = _grow(case, coordinator, draft(case, coordinator), goals=1, saves=1)
    client.get(detail_url(project))  # the session and the permissions are read once
    with CaptureQueriesContext(connection) as small:
        assert client.get(detail_url(project)).status_code == 200
    project = _grow(case, coordinator, project, goals=12, saves=8)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(detail_url(project))
    assert response.text.count("Objectif ") >= 12


# Editing -------------------------------------------------------------------------------------


def test_saving_the_edit_form_writes_the_rows_and_a_snapshot(case, coordinator, login):
    project = draft(case, coordinator)
    goal = goals_of(project)[0]
    data = edit_post(project)
    data.update(management("goals", 2))
    data.update({"goals-1-row": str(goal.pk), "goals-1-goal": goal.goal, "goals-1-remove": "on"})
    data.update(
        {
            "actions-0-party": "coordinator",
            "actions-0-action": "Appeler l'école",
            "participants-0-person": str(case.child.pk),
            "participants-0-role": "enfant",
        }
    )
    response = login(coordinator).post(edit_url(project), data)
    assert response.status_code == 302, response.text
    project.refresh_from_db()
    assert project.summary == "Nouvelle situation"
    assert [g.goal for g in goals_of(project)] == ["Aller à l'école chaque jour"]
    assert project.actions.get().action == "Appeler l'école" and project.participants.get().person == case.child
    assert ProjectRevision.objects.filter(project=project).count() == 3


def test_a_half_filled_row_is_refused_with_the_message_next_to_it(case, coordinator, login):
    project = draft(case, coordinator)
    response = login(coordinator).post(edit_url(project), edit_post(project, **{"actions-0-who": "École"}))
    assert response.status_code == 400
    assert "Choose who does it, or leave the whole row empty." in response.text
    assert 'href="#id_actions-0-party"' in response.text and "École" in response.text


def test_a_stale_edit_is_refused_and_what_was_typed_is_kept(case, coordinator, office_head, login):
    project = draft(case, coordinator)
    stale = edit_post(project, summary="Ce que Carla a tapé")
    login(office_head).post(edit_url(project), edit_post(project, summary="Bob a enregistré avant"))
    response = login(coordinator).post(edit_url(project), stale)
    assert response.status_code == 409
    assert "Someone else changed this record" in response.text
    assert "Ce que Carla a tapé" in response.text and "Bob a enregistré avant" in response.text
    project.refresh_from_db()
    assert project.summary == "Bob a enregistré avant"
    assert f'name="version" value="{project.version}"' in response.text


def test_the_assessment_page_records_scores(case, coordinator, login):
    project = draft(case, coordinator)
    today = timezone.localdate()
    data = {
        "assessed_on_day": str(today.day),
        "assessed_on_month": str(today.month),
        "assessed_on_year": str(today.year),
        "housing": "4",
        "notes_housing": "Trop petit",
    }
    url = reverse("backoffice:project_assessment", args=[case.pk, project.pk])
    assert login(coordinator).get(url).status_code == 200
    assert login(coordinator).post(url, data).status_code == 302
    assert NeedAssessment.objects.get(case=case).score == 4
    page = login(coordinator).get(detail_url(project)).text
    assert "4 – Significant difficulty" in page


# Revisions -----------------------------------------------------------------------------------


def test_two_saves_can_be_compared(case, coordinator, login):
    project = draft(case, coordinator, "Ancien objectif")
    login(coordinator).post(edit_url(project), edit_post(project))
    first, last = ProjectRevision.objects.filter(project=project).order_by("save_number")[1:3]
    client = login(coordinator)
    assert "Revision 1, save 3" in client.get(reverse("backoffice:project_revisions", args=[case.pk, project.pk])).text
    url = reverse("backoffice:project_compare", args=[case.pk, project.pk])
    response = client.get(url, {"old": last.pk, "new": first.pk})
    assert response.status_code == 200
    assert "Ancien objectif" in response.text and "Aller à l&#x27;école chaque jour" in response.text
    assert "Changed" in response.text


# Transitions ---------------------------------------------------------------------------------


def test_the_author_is_not_offered_validation_and_is_refused_it(case, coordinator, login):
    project = proposed(case, coordinator)
    client = login(coordinator)
    assert "Validate the project" not in client.get(detail_url(project)).text
    url = reverse("backoffice:project_validate", args=[case.pk, project.pk])
    assert client.post(url, {"version": project.version}).status_code == 403


def test_the_office_head_validates_after_confirming(case, coordinator, office_head, login):
    project = proposed(case, coordinator)
    client = login(office_head)
    assert "Validate the project" in client.get(detail_url(project)).text
    url = reverse("backoffice:project_validate", args=[case.pk, project.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"version": project.version}).status_code == 302
    project.refresh_from_db()
    assert project.status == S.VALIDATED


def test_closing_without_a_reason_shows_the_error(case, coordinator, login):
    project = draft(case, coordinator)
    url = reverse("backoffice:project_transition", args=[case.pk, project.pk, "close"])
    response = login(coordinator).post(url, {"version": project.version, "reason": ""})
    assert response.status_code == 400 and "Say why." in response.text


def test_a_stale_transition_is_refused_and_the_reason_kept(case, coordinator, login):
    project = draft(case, coordinator)
    url = reverse("backoffice:project_transition", args=[case.pk, project.pk, "close"])
    response = login(coordinator).post(url, {"version": project.version - 1, "reason": "Déménagement"})
    assert response.status_code == 409 and "Déménagement" in response.text


# Signature -----------------------------------------------------------------------------------


def sign_post(project, person_id: int, **extra) -> dict:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    return {
        "version": str(project.version),
        "signer": str(person_id),
        "signed_on_day": str(today.day),
        "signed_on_month": str(today.month),
        "signed_on_year": str(today.year),
        **extra,
    }


def test_a_drawn_signature_is_recorded_from_the_hidden_input(case, coordinator, office_head, login):
    project = validated(case, coordinator, office_head)
    url = reverse("backoffice:project_sign", args=[case.pk, project.pk])
    client = login(coordinator)
    page = client.get(url).text
    assert 'data-module="openaef-signature"' in page and "hidden" in page and 'type="file"' in page
    response = client.post(url, sign_post(project, case.child.pk, drawing=DRAWING))
    assert response.status_code == 302
    assert project.signatures.get().drawing == "M10 20L30 40L50 45.5"
    assert '<path d="M10 20L30 40L50 45.5"' in client.get(detail_url(project)).text


def test_without_javascript_the_signed_paper_is_uploaded(case, coordinator, office_head, login):
    project = validated(case, coordinator, office_head)
    url = reverse("backoffice:project_sign", args=[case.pk, project.pk])
    scan = SimpleUploadedFile("scan.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, content_type="image/png")
    response = login(coordinator).post(url, sign_post(project, case.child.pk, file=scan))
    assert response.status_code == 302
    assert project.signatures.get().document is not None


def test_signing_with_neither_drawing_nor_paper_says_what_to_do(case, coordinator, office_head, login):
    project = validated(case, coordinator, office_head)
    url = reverse("backoffice:project_sign", args=[case.pk, project.pk])
    response = login(coordinator).post(url, sign_post(project, case.child.pk))
    assert response.status_code == 400 and "Draw the signature or upload the signed paper." in response.text


# PDF -----------------------------------------------------------------------------------------


def test_the_pdf_is_named_after_the_case_reference_and_never_cached(case, coordinator, login):
    project = draft(case, coordinator)
    response = login(coordinator).get(reverse("backoffice:project_pdf", args=[case.pk, project.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == f'attachment; filename="project-{case.reference}-r1.pdf"'
    assert "no-store" in response["Cache-Control"]
    assert "Schmit" not in response["Content-Disposition"]
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, object_id=str(project.pk)).exists()


def test_the_pdf_is_written_in_the_familys_language(case, coordinator):
    from openaef.core.pdf import document_text
    from openaef.projects.pdf import project_pdf_document

    today = timezone.localdate()
    months: dict[str, str] = {}
    for language, domain in (("fr", "Éducation des enfants"), ("de", "Erziehung")):
        project = draft(case, coordinator, "Rétablir des horaires réguliers", language=language)
        text = document_text(project_pdf_document(project, case))
        with translation.override(language):
            months[language] = date_format(today, "F")
        # The goal as written, the pack's domain and the dates in the family's language.
        assert "Rétablir des horaires réguliers" in text and domain in text
        assert months[language] in text, text[-200:]
        services.project_close(
            actor=coordinator, access=access_for(case, coordinator), project=project, expected_version=project.version, reason="x"
        )
    assert months["fr"] != months["de"]
