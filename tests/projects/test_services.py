"""The project services: who may do what, the state machine, snapshots, signatures, evaluations."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from openaef.audit.models import AuditAction, AuditEvent
from openaef.cases import deadlines
from openaef.cases.models import CaseEvent, CaseEventKind, CaseTask, Document, TaskKind
from openaef.core.errors import StaleVersion, TransitionNotAllowed
from openaef.notifications.models import Notification, NotificationKind
from openaef.projects import services
from openaef.projects.models import EvaluationDecision, NeedAssessment, ProjectRevision, SignatureMethod
from openaef.projects.selectors import current_project, signers_of
from openaef.projects.states import ProjectStatus as S

from .factories import DRAWING, access_for, draft, goal_rows, goals_of, make_case, measure_type, proposed, sign_all, validated

pytestmark = pytest.mark.django_db


def update(project, user, **changes):  # type: ignore[no-untyped-def]
    values = {
        "summary": project.summary,
        "language": project.language,
        "goals": [],
        "planned_measures": [],
        "actions": [],
        "participants": [],
    }
    values.update(changes)
    return services.project_update(
        actor=user, access=access_for(project.case, user), project=project, expected_version=project.version, **values
    )


# Creating and writing ------------------------------------------------------------------------


def test_creating_a_project_records_a_draft_a_first_snapshot_the_timeline_and_the_audit_log(case, coordinator):
    project = services.project_create(actor=coordinator, access=access_for(case, coordinator))
    assert project.status == S.DRAFT and project.author == coordinator and project.revision == 1
    assert project.language == "fr"
    assert ProjectRevision.objects.filter(project=project, number=1, save_number=1).exists()
    event = CaseEvent.objects.get(case=case, kind=CaseEventKind.PROJECT)
    assert event.data["from"] == "" and event.data["to"] == S.DRAFT and event.data["project"] == project.pk
    audit = AuditEvent.objects.filter(object_type="projects.interventionproject", object_id=str(project.pk)).get()
    assert audit.action == AuditAction.CREATE


def test_the_language_defaults_to_the_one_the_child_speaks(office, coordinator):
    case = make_case(office=office, coordinator=coordinator, languages=["pt", "de"])
    project = services.project_create(actor=coordinator, access=access_for(case, coordinator))
    assert project.language == "de"


def test_a_case_has_one_current_project_at_a_time(case, coordinator):
    draft(case, coordinator)
    with pytest.raises(ValidationError):
        services.project_create(actor=coordinator, access=access_for(case, coordinator))


def test_a_new_project_can_start_once_the_last_one_is_closed(case, coordinator):
    project = draft(case, coordinator)
    services.project_close(
        actor=coordinator, access=access_for(case, coordinator), project=project, expected_version=project.version, reason="Fin"
    )
    assert services.project_create(actor=coordinator, access=access_for(case, coordinator)).status == S.DRAFT


def test_a_colleague_who_only_reads_the_case_cannot_write_a_project(case, coordinator, colleague):
    with pytest.raises(PermissionDenied):
        services.project_create(actor=colleague, access=access_for(case, colleague))
    project = draft(case, coordinator)
    with pytest.raises(PermissionDenied):
        update(project, colleague, summary="Changé")


def test_every_save_is_a_snapshot_with_the_next_save_number(case, coordinator):
    project = draft(case, coordinator, "Premier objectif")
    kept = goals_of(project)[0]
    rows = [{"id": kept.pk, "domain": "health", "goal": "Premier objectif, précisé", "indicators": "", "target_on": None}]
    mt = measure_type()
    project = update(
        project,
        coordinator,
        goals=rows + goal_rows("Deuxième objectif"),
        planned_measures=[{"id": None, "measure_type": mt, "purpose": "Soutien", "intensity": "1 h / semaine"}],
        actions=[{"id": None, "party": "family", "who": "", "action": "Venir aux rendez-vous", "due_on": None}],
        participants=[{"id": None, "person": case.child, "name": "", "role": "enfant"}],
    )
    saves = list(ProjectRevision.objects.filter(project=project).order_by("save_number"))
    assert [s.save_number for s in saves] == [1, 2, 3] and {s.number for s in saves} == {1}
    content = saves[-1].content
    assert [g["goal"] for g in content["goals"]] == ["Premier objectif, précisé", "Deuxième objectif"]
    assert content["planned_measures"][0]["measure_type"] == mt.code
    assert content["actions"][0]["action"] == "Venir aux rendez-vous"
    assert content["participants"][0]["person"] == case.child.pk
    # The goal kept its id: an evaluation's progress per goal still points at it.
    assert goals_of(project)[0].pk == kept.pk


def test_a_save_based_on_a_stale_read_is_refused(case, coordinator, office_head):
    project = draft(case, coordinator)
    stale_version = project.version
    update(project, office_head, summary="Bob's version")
    with pytest.raises(StaleVersion):
        services.project_update(
            actor=coordinator,
            access=access_for(case, coordinator),
            project=project,
            expected_version=stale_version,
            summary="Carla's version",
            language="fr",
            goals=[],
            planned_measures=[],
            actions=[],
            participants=[],
        )
    project.refresh_from_db()
    assert project.summary == "Bob's version"


def test_only_a_draft_can_be_changed(case, coordinator):
    project = proposed(case, coordinator)
    with pytest.raises(ValidationError):
        update(project, coordinator, summary="Changé")


def test_a_participant_must_be_a_person_of_the_case(case, coordinator):
    from tests.people.factories import PersonFactory

    project = draft(case, coordinator)
    stranger = PersonFactory()
    with pytest.raises(ValidationError) as error:
        update(project, coordinator, participants=[{"id": None, "person": stranger, "name": "", "role": ""}])
    assert "participants" in error.value.message_dict


# Needs assessment ----------------------------------------------------------------------------


def test_an_assessment_records_a_dated_score_per_domain_scored(case, coordinator):
    day = timezone.localdate()
    rows = services.assessment_record(
        actor=coordinator,
        access=access_for(case, coordinator),
        assessed_on=day,
        scores={"housing": 4, "health": 2, "money": None},
        observations={"housing": "Logement trop petit"},
    )
    assert sorted((r.domain, r.score) for r in rows) == [("health", 2), ("housing", 4)]
    assert NeedAssessment.objects.get(case=case, domain="housing").observations == "Logement trop petit"


@pytest.mark.parametrize("scores", [{"housing": 0}, {"housing": 6}, {"unknown": 3}, {}])
def test_an_assessment_refuses_scores_outside_the_scale_unknown_domains_and_nothing(case, coordinator, scores):
    with pytest.raises(ValidationError):
        services.assessment_record(
            actor=coordinator, access=access_for(case, coordinator), assessed_on=timezone.localdate(), scores=scores
        )


# Validation ----------------------------------------------------------------------------------


def test_proposing_tells_the_office_head_and_the_other_coordinators(case, coordinator, office_head, colleague):
    project = proposed(case, coordinator)
    assert project.status == S.PROPOSED and project.proposed_by == coordinator
    told = set(Notification.objects.filter(kind=NotificationKind.PROJECT_TO_VALIDATE).values_list("user", flat=True))
    assert told == {office_head.pk, colleague.pk}
    assert Notification.objects.filter(user=office_head).get().params == {"reference": case.reference}


def test_a_project_without_a_goal_cannot_be_proposed(case, coordinator):
    project = services.project_create(actor=coordinator, access=access_for(case, coordinator))
    with pytest.raises(ValidationError):
        services.project_propose(
            actor=coordinator, access=access_for(case, coordinator), project=project, expected_version=project.version
        )


def test_the_author_cannot_validate_their_own_project(case, coordinator):
    project = proposed(case, coordinator)
    with pytest.raises(PermissionDenied):
        services.project_validate(
            actor=coordinator, access=access_for(case, coordinator), project=project, expected_version=project.version
        )


@pytest.mark.parametrize("validator", ["office_head", "colleague"])
def test_the_office_head_or_another_coordinator_of_the_office_validates(case, coordinator, validator, request):
    user = request.getfixturevalue(validator)
    project = validated(case, coordinator, user)
    assert project.status == S.VALIDATED and project.validated_by == user
    note = Notification.objects.get(kind=NotificationKind.PROJECT_VALIDATED)
    assert note.user == coordinator


def test_a_coordinator_of_another_office_cannot_validate(case, coordinator, other_coordinator):
    project = proposed(case, coordinator)
    with pytest.raises(PermissionDenied):
        services.project_validate(
            actor=other_coordinator,
            access=access_for(case, other_coordinator),
            project=project,
            expected_version=project.version,
        )


def test_sending_back_needs_a_reason_and_tells_the_author(case, coordinator, office_head):
    project = proposed(case, coordinator)
    with pytest.raises(ValidationError):
        services.project_return(
            actor=office_head, access=access_for(case, office_head), project=project, expected_version=project.version, reason=""
        )
    project = services.project_return(
        actor=office_head,
        access=access_for(case, office_head),
        project=project,
        expected_version=project.version,
        reason="Préciser les objectifs",
    )
    assert project.status == S.DRAFT and project.status_reason == "Préciser les objectifs" and project.revision == 1
    assert Notification.objects.get(kind=NotificationKind.PROJECT_RETURNED).user == coordinator
    event = CaseEvent.objects.filter(case=case, kind=CaseEventKind.PROJECT).order_by("-id").first()
    assert event.data == {
        "from": S.PROPOSED,
        "to": S.DRAFT,
        "reason": "Préciser les objectifs",
        "project": project.pk,
        "revision": 1,
    }


# Signatures ----------------------------------------------------------------------------------


def test_the_project_is_agreed_after_the_last_required_signature(case, coordinator, office_head):
    project = validated(case, coordinator, office_head)
    required = [s for s in signers_of(case) if s.required]
    assert len(required) == 2
    for index, signer in enumerate(required):
        project.refresh_from_db()
        services.signature_record(
            actor=coordinator,
            access=access_for(case, coordinator),
            project=project,
            expected_version=project.version,
            person_id=signer.person.pk,
            signed_on=timezone.localdate(),
            drawing="M 1 1 L 20 20 L 40 5",
        )
        project.refresh_from_db()
        assert project.status == (S.AGREED if index == 1 else S.VALIDATED)
    assert project.agreed_at is not None
    assert project.signatures.get(person=required[0].person).drawing == "M1 1L20 20L40 5"


def test_a_signature_with_anything_but_pen_strokes_is_refused(case, coordinator, office_head):
    project = validated(case, coordinator, office_head)
    with pytest.raises(ValidationError):
        services.signature_record(
            actor=coordinator,
            access=access_for(case, coordinator),
            project=project,
            expected_version=project.version,
            person_id=case.child.pk,
            signed_on=timezone.localdate(),
            drawing='M1 1 L2 2"/><script>',
        )
    assert not project.signatures.exists()


def test_a_scanned_signature_is_filed_with_the_case_documents(case, coordinator, office_head):
    project = validated(case, coordinator, office_head)
    scan = SimpleUploadedFile("signed.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    signature = services.signature_record(
        actor=coordinator,
        access=access_for(case, coordinator),
        project=project,
        expected_version=project.version,
        person_id=case.child.pk,
        signed_on=timezone.localdate(),
        upload=scan,
    )
    assert signature.method == SignatureMethod.SCAN and signature.document.case == case
    assert Document.objects.filter(case=case).count() == 1


def test_a_draft_cannot_be_signed(case, coordinator):
    project = draft(case, coordinator)
    with pytest.raises(TransitionNotAllowed):
        services.signature_record(
            actor=coordinator,
            access=access_for(case, coordinator),
            project=project,
            expected_version=project.version,
            person_id=case.child.pk,
            signed_on=timezone.localdate(),
            drawing=DRAWING,
        )


# Activity and evaluation ---------------------------------------------------------------------


def test_activating_schedules_the_evaluation_six_months_later_on_a_working_day(case, coordinator, office_head):
    project = sign_all(validated(case, coordinator, office_head), coordinator)
    assert project.status == S.AGREED
    # 23 December 2025 + 6 months = 23 June 2026, Luxembourg's National Day: the next working day.
    project = services.project_activate(
        actor=coordinator,
        access=access_for(case, coordinator),
        project=project,
        expected_version=project.version,
        starts_on=dt.date(2025, 12, 23),
    )
    assert project.status == S.ACTIVE and project.next_evaluation_on == dt.date(2026, 6, 24)
    evaluation = project.evaluations.get()
    assert evaluation.due_on == dt.date(2026, 6, 24)
    task = evaluation.task
    assert task.kind == TaskKind.DEADLINE and task.assigned_to == coordinator
    assert task.remind_on == deadlines.add_business_days(dt.date(2026, 6, 24), -10)


def _active(case, coordinator, office_head):  # type: ignore[no-untyped-def]
    project = sign_all(validated(case, coordinator, office_head), coordinator)
    project = services.project_activate(
        actor=coordinator, access=access_for(case, coordinator), project=project, expected_version=project.version
    )
    return services.evaluation_start(
        actor=coordinator, access=access_for(case, coordinator), project=project, expected_version=project.version
    )


def _evaluate(project, user, decision, **extra):  # type: ignore[no-untyped-def]
    goal = goals_of(project)[0]
    return services.evaluation_record(
        actor=user,
        access=access_for(project.case, user),
        project=project,
        expected_version=project.version,
        held_on=timezone.localdate(),
        findings="Les horaires sont plus réguliers.",
        goals_progress={goal.pk: "partly"},
        decision=decision,
        **extra,
    )


def test_continuing_after_an_evaluation_schedules_the_next_one(case, coordinator, office_head):
    project = _active(case, coordinator, office_head)
    assert project.status == S.UNDER_EVALUATION
    evaluation = _evaluate(project, coordinator, EvaluationDecision.CONTINUE)
    project.refresh_from_db()
    assert project.status == S.ACTIVE
    assert evaluation.held_on == timezone.localdate() and list(evaluation.goals_progress.values()) == ["partly"]
    assert project.evaluations.count() == 2
    assert project.next_evaluation_on == deadlines.compute_due("months:6", timezone.localdate())
    # The deadline of the evaluation held is done; the next one waits.
    assert CaseTask.objects.filter(case=case, done_at__isnull=True).count() == 1


def test_revising_after_an_evaluation_makes_a_new_draft_revision(case, coordinator, office_head):
    project = _active(case, coordinator, office_head)
    _evaluate(project, coordinator, EvaluationDecision.REVISE, reason="Nouveaux besoins")
    project.refresh_from_db()
    assert project.status == S.DRAFT and project.revision == 2 and project.status_reason == "Nouveaux besoins"
    assert ProjectRevision.objects.filter(project=project, number=2, save_number=1).exists()
    assert not CaseTask.objects.filter(case=case, done_at__isnull=True).exists()


def test_closing_after_an_evaluation_closes_the_project(case, coordinator, office_head):
    project = _active(case, coordinator, office_head)
    _evaluate(project, coordinator, EvaluationDecision.CLOSE)
    project.refresh_from_db()
    assert project.status == S.CLOSED and project.closed_at is not None
    assert current_project(case) is None


def test_an_evaluation_of_a_goal_of_another_project_is_refused(case, coordinator, office_head):
    project = _active(case, coordinator, office_head)
    with pytest.raises(ValidationError):
        services.evaluation_record(
            actor=coordinator,
            access=access_for(case, coordinator),
            project=project,
            expected_version=project.version,
            held_on=timezone.localdate(),
            findings="x",
            goals_progress={999999: "reached"},
            decision=EvaluationDecision.CONTINUE,
        )


def test_closing_needs_a_reason(case, coordinator):
    project = draft(case, coordinator)
    with pytest.raises(ValidationError):
        services.project_close(
            actor=coordinator, access=access_for(case, coordinator), project=project, expected_version=project.version, reason=" "
        )


def test_the_current_project_is_one_query(case, coordinator, django_assert_num_queries):
    project = draft(case, coordinator, "Un", "Deux")
    with django_assert_num_queries(1):
        assert current_project(case) == project
