"""Writes on intervention projects: content, needs assessment, validation, signature, evaluation.

Each service runs in one transaction, checks the state machine (``projects.states``) and the
version the person read (StaleVersion), records one timeline event on the case (kind PROJECT,
``data={"from", "to", "reason", "project", "revision"}``) and, last, one audit entry naming the
child. Who may do what: the case's editors (``CaseAccess.can_edit``) write; validation is for
the pack's validators of the case's office (``selectors.may_validate``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max, Model
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from openaef.audit.models import AuditAction
from openaef.audit.services import audit_record
from openaef.cases import deadlines
from openaef.cases.models import CaseEventKind, CaseFile, CaseParticipant, CaseTask, DocumentType, TaskKind
from openaef.cases.selectors import CaseAccess
from openaef.cases.services_journal import DEFAULT_REMIND_DAYS, MAX_REMIND_DAYS, document_add, task_add, task_complete
from openaef.cases.states import OPEN_STATES
from openaef.cases.timeline import case_event_record
from openaef.core.errors import StaleVersion, TransitionNotAllowed
from openaef.core.packs import get_pack
from openaef.directory.models import MeasureType
from openaef.notifications.models import NotificationKind
from openaef.notifications.services import notify

from .diff import snapshot_content
from .models import (
    EvaluationDecision,
    InterventionProject,
    NeedAssessment,
    Party,
    PlannedMeasure,
    ProjectAction,
    ProjectEvaluation,
    ProjectGoal,
    ProjectParticipant,
    ProjectRevision,
    ProjectSignature,
    SignatureMethod,
)
from .selectors import may_validate, project_url, rules_for, signers_of, validators_of
from .signatures import all_signed, sanitise_drawing, signer_for
from .states import CURRENT_STATES, EDITABLE_STATES, ProjectStatus, can_transition, needs

S = ProjectStatus
GOAL_PROGRESS = ("reached", "partly", "not_reached")


# Shared steps --------------------------------------------------------------------------------


def _require_edit(access: CaseAccess, project: InterventionProject | None = None) -> None:
    if not access.can_edit or (project is not None and project.case_id != access.case.pk):
        raise PermissionDenied


def _locked(project: InterventionProject, expected_version: int) -> InterventionProject:
    current = InterventionProject.objects.select_for_update().get(pk=project.pk)
    if current.version != expected_version:
        raise StaleVersion
    current.case = project.case
    return current


def _event(project: InterventionProject, actor: Any, old: str, new: str, reason: str = "", **extra: Any) -> None:
    data = {"from": old, "to": new, "reason": reason, "project": project.pk, "revision": project.revision, **extra}
    case_event_record(case=project.case, actor=actor, kind=CaseEventKind.PROJECT, summary=f"{project.revision}", data=data)


def _audit(actor: Any, action: str, obj: Model, fields: Iterable[str], request: Any, case: CaseFile, reason: str = "") -> None:
    audit_record(actor=actor, action=action, obj=obj, fields=fields, request=request, persons=[case.child_id], reason=reason)


def _snapshot(project: InterventionProject, actor: Any, note: str = "") -> ProjectRevision:
    last = project.revisions.filter(number=project.revision).aggregate(n=Max("save_number"))["n"] or 0
    return ProjectRevision.objects.create(
        project=project,
        number=project.revision,
        save_number=last + 1,
        status=project.status,
        content=snapshot_content(project),
        saved_by=actor,
        note=note[:200],
    )


def _move(
    project: InterventionProject, target: str, *, actor: Any, reason: str = "", values: dict[str, Any] | None = None
) -> list[str]:
    """Applies one transition of the table (with its values), saves and records the event."""
    if not can_transition(project.status, target):
        raise TransitionNotAllowed(project.status, target)
    reason = (reason or "").strip()
    if needs(project.status, target).get("reason") and not reason:
        raise ValidationError({"reason": _("Say why.")})
    old = project.status
    changes = {"status": target, **(values or {})}
    if needs(old, target).get("reason"):
        changes["status_reason"] = reason
    for name, value in changes.items():
        setattr(project, name, value)
    project.version += 1
    project.save(update_fields=[*changes, "version", "updated_at"])
    _event(project, actor, old, target, reason)
    return sorted(changes)


def _complete_evaluation_tasks(project: InterventionProject, access: CaseAccess, actor: Any) -> None:
    """Evaluation deadlines that are met, or will not be any more, are marked done: their
    reminders must not go out."""
    task_ids = project.evaluations.filter(task__isnull=False).values("task_id")
    for task in CaseTask.objects.filter(pk__in=task_ids, done_at__isnull=True).order_by("id"):
        task_complete(actor=actor, access=access, task=task, expected_version=task.version)


def _case_language(case: CaseFile) -> str:
    """The family's language: the child's first spoken language the pack writes in, else a
    parent's, else the pack's default."""
    pack = get_pack(case.pack)
    written = set(pack.languages)
    people = [case.child, *[p.person for p in case.participants.select_related("person").order_by("position", "id")]]
    for person in people:
        for language in person.languages or []:
            if str(language).lower() in written:
                return str(language).lower()
    return str(pack.config.get("default_language") or pack.languages[0])


# Creating and writing ------------------------------------------------------------------------


def project_create(
    *, actor: Any, access: CaseAccess, language: str = "", http_request: HttpRequest | None = None
) -> InterventionProject:
    """A new draft project for the case; refused while the case has a current one."""
    _require_edit(access)
    with transaction.atomic():
        case = CaseFile.objects.select_for_update().get(pk=access.case.pk)
        if case.status not in OPEN_STATES:
            raise ValidationError(_("The case is closed: reopen it before starting a project."))
        if InterventionProject.objects.filter(case=case, status__in=CURRENT_STATES).exists():
            raise ValidationError(_("The case already has a current project: close it before starting a new one."))
        if language and language not in get_pack(case.pack).languages:
            raise ValidationError({"language": _("Choose a language of the list.")})
        case.child = access.case.child
        project = InterventionProject.objects.create(
            case=case, author=actor, language=language or _case_language(case), status=S.DRAFT
        )
        _snapshot(project, actor, note="created")
        _event(project, actor, "", S.DRAFT)
        _audit(actor, AuditAction.CREATE, project, ["status", "language", "author"], http_request, case)
    return project


def _check_rows(case: CaseFile, goals: list[dict], measures: list[dict], actions: list[dict], people: list[dict]) -> None:
    rules = rules_for(case)
    errors: dict[str, str] = {}
    if any(not (g.get("goal") or "").strip() for g in goals):
        errors["goals"] = _("Describe each goal, or leave its row empty.")
    if any((g.get("domain") or "") not in ("", *rules.domain_codes) for g in goals):
        errors["goals"] = _("Choose a domain of the list.")
    if any(not isinstance(m.get("measure_type"), MeasureType) or m["measure_type"].pack != case.pack for m in measures):
        errors["planned_measures"] = _("Choose a type of measure for each planned measure.")
    if any(a.get("party") not in Party.values or not (a.get("action") or "").strip() for a in actions):
        errors["actions"] = _("Say who does what on each row, or leave it empty.")
    members = set(CaseParticipant.objects.filter(case=case).values_list("person_id", flat=True))
    for row in people:
        person = row.get("person")
        if (person is None and not (row.get("name") or "").strip()) or (person is not None and person.pk not in members):
            errors["participants"] = _("Choose a person of the case or write a name.")
    if errors:
        raise ValidationError(errors)


def _sync(project: InterventionProject, model: type[Model], rows: list[dict], fields: list[str]) -> None:
    """Makes the project's rows of ``model`` be ``rows``: kept by id (so an evaluation's
    progress per goal still points at the goal), new ones added, missing ones removed."""
    existing = {obj.pk: obj for obj in model.objects.filter(project=project)}  # type: ignore[attr-defined]
    kept: set[int] = set()
    for position, row in enumerate(rows):
        values = {name: row.get(name) for name in fields}
        for name in ("goal", "indicators", "purpose", "intensity", "who", "action", "name", "role"):
            if name in values:
                values[name] = (values[name] or "").strip()
        if "position" in {f.name for f in model._meta.fields}:
            values["position"] = position
        obj = existing.get(row.get("id") or 0)
        if obj is None:
            obj = model(project=project, **values)
        else:
            kept.add(obj.pk)
            for name, value in values.items():
                setattr(obj, name, value)
        obj.full_clean(exclude=["project", "measure_type", "person"])
        obj.save()
    model.objects.filter(project=project).exclude(pk__in=kept).filter(pk__in=list(existing)).delete()  # type: ignore[attr-defined]


def project_update(
    *,
    actor: Any,
    access: CaseAccess,
    project: InterventionProject,
    expected_version: int,
    summary: str,
    language: str,
    goals: list[dict[str, Any]],
    planned_measures: list[dict[str, Any]],
    actions: list[dict[str, Any]],
    participants: list[dict[str, Any]],
    http_request: HttpRequest | None = None,
) -> InterventionProject:
    """Saves the draft's content; every save is kept as a snapshot (save_number + 1)."""
    _require_edit(access, project)
    case = access.case
    if language not in get_pack(case.pack).languages:
        raise ValidationError({"language": _("Choose a language of the list.")})
    _check_rows(case, goals, planned_measures, actions, participants)
    with transaction.atomic():
        current = _locked(project, expected_version)
        if current.status not in EDITABLE_STATES:
            raise ValidationError(_("Only a draft can be changed: send the project back to draft first."))
        before = snapshot_content(current)
        current.summary, current.language = (summary or "").strip(), language
        current.version += 1
        current.save(update_fields=["summary", "language", "version", "updated_at"])
        _sync(current, ProjectGoal, goals, ["domain", "goal", "indicators", "target_on"])
        _sync(
            current, PlannedMeasure, planned_measures, ["measure_type", "purpose", "intensity", "planned_start", "planned_months"]
        )
        _sync(current, ProjectAction, actions, ["party", "who", "action", "due_on"])
        _sync(current, ProjectParticipant, participants, ["person", "name", "role"])
        revision = _snapshot(current, actor)
        changed = [key for key, value in revision.content.items() if _without_ids(before.get(key)) != _without_ids(value)]
        _event(current, actor, current.status, current.status, action="saved", save=revision.save_number)
        _audit(actor, AuditAction.UPDATE, current, changed, http_request, case)
    return current


def _without_ids(value: Any) -> Any:
    if isinstance(value, list):
        return [{k: v for k, v in row.items() if k != "id"} for row in value]
    return value


def assessment_record(
    *,
    actor: Any,
    access: CaseAccess,
    assessed_on: dt.date | None,
    scores: dict[str, int | None],
    observations: dict[str, str] | None = None,
    project: InterventionProject | None = None,
    http_request: HttpRequest | None = None,
) -> list[NeedAssessment]:
    """The needs scored on one day, one row per domain scored (the others are left out)."""
    _require_edit(access, project)
    case = access.case
    rules = rules_for(case)
    errors: dict[str, str] = {}
    if assessed_on is None:
        errors["assessed_on"] = _("Enter the date of the assessment.")
    elif assessed_on > timezone.localdate():
        errors["assessed_on"] = _("The date must be today or in the past.")
    scored = {code: score for code, score in scores.items() if score not in (None, "")}
    for code, score in scored.items():
        if code not in rules.domain_codes:
            errors[code] = _("This domain is not assessed here.")
        elif not rules.score_min <= int(score) <= rules.score_max:
            errors[code] = _("Choose a score from %(min)d to %(max)d.") % {"min": rules.score_min, "max": rules.score_max}
    if not scored and not errors:
        errors["__all__"] = _("Score at least one domain.")
    if errors:
        raise ValidationError(errors)
    assert assessed_on is not None
    notes = observations or {}
    with transaction.atomic():
        rows = NeedAssessment.objects.bulk_create(
            [
                NeedAssessment(
                    case=case,
                    project=project,
                    domain=code,
                    score=int(score),
                    assessed_on=assessed_on,
                    observations=(notes.get(code) or "").strip(),
                    assessed_by=actor,
                )
                for code, score in scored.items()
            ]
        )
        data = {"assessment": assessed_on.isoformat(), "domains": sorted(scored)}
        if project is not None:
            data["project"] = project.pk
        case_event_record(case=case, actor=actor, kind=CaseEventKind.PROJECT, summary="", data=data)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            object_type="projects.needassessment",
            object_id=str(case.pk),
            fields=sorted(scored),
            request=http_request,
            persons=[case.child_id],
        )
    return rows


# Validation ----------------------------------------------------------------------------------


def project_propose(
    *,
    actor: Any,
    access: CaseAccess,
    project: InterventionProject,
    expected_version: int,
    http_request: HttpRequest | None = None,
) -> InterventionProject:
    _require_edit(access, project)
    with transaction.atomic():
        current = _locked(project, expected_version)
        if current.status == S.DRAFT and not current.goals.exists():
            raise ValidationError(_("Write at least one goal before proposing the project."))
        fields = _move(current, S.PROPOSED, actor=actor, values={"proposed_at": timezone.now(), "proposed_by": actor})
        notify(
            users=validators_of(access.case, excluding=actor),
            kind=NotificationKind.PROJECT_TO_VALIDATE,
            url=project_url(current),
            params={"reference": access.case.reference},
        )
        _audit(actor, AuditAction.TRANSITION, current, fields, http_request, access.case)
    return current


def project_return(
    *,
    actor: Any,
    access: CaseAccess,
    project: InterventionProject,
    expected_version: int,
    reason: str,
    http_request: HttpRequest | None = None,
) -> InterventionProject:
    """Back to draft with a reason: a proposed project by its editors or validators, a validated
    one (the family refuses it, the situation changed) by its editors, as a new revision."""
    if project.case_id != access.case.pk:
        raise PermissionDenied
    with transaction.atomic():
        current = _locked(project, expected_version)
        if not (access.can_edit or (current.status == S.PROPOSED and may_validate(actor, current, access.case))):
            raise PermissionDenied
        values: dict[str, Any] = {"validated_at": None, "validated_by": None}
        if current.status == S.VALIDATED:
            # Signatures belong to a revision: what is changed now must be signed again.
            values["revision"] = current.revision + 1
        fields = _move(current, S.DRAFT, actor=actor, reason=reason, values=values)
        if "revision" in values:
            _snapshot(current, actor, note="new revision")
        notify(
            users=[current.author] if current.author_id != actor.pk else [],
            kind=NotificationKind.PROJECT_RETURNED,
            url=project_url(current),
            params={"reference": access.case.reference},
        )
        _audit(actor, AuditAction.TRANSITION, current, fields, http_request, access.case, reason=current.status_reason)
    return current


def project_validate(
    *,
    actor: Any,
    access: CaseAccess,
    project: InterventionProject,
    expected_version: int,
    http_request: HttpRequest | None = None,
) -> InterventionProject:
    """The agency's validation, by a validator of the case's office (not the author where the pack says so)."""
    if project.case_id != access.case.pk or access.emergency:
        raise PermissionDenied
    with transaction.atomic():
        current = _locked(project, expected_version)
        if not may_validate(actor, current, access.case):
            raise PermissionDenied
        fields = _move(current, S.VALIDATED, actor=actor, values={"validated_at": timezone.now(), "validated_by": actor})
        notify(
            users=[current.author],
            kind=NotificationKind.PROJECT_VALIDATED,
            url=project_url(current),
            params={"reference": access.case.reference},
        )
        _audit(actor, AuditAction.TRANSITION, current, fields, http_request, access.case)
    return current


# Signature -----------------------------------------------------------------------------------


def signature_record(
    *,
    actor: Any,
    access: CaseAccess,
    project: InterventionProject,
    expected_version: int,
    person_id: int,
    signed_on: dt.date | None,
    drawing: str = "",
    upload: UploadedFile | None = None,
    allow_younger: bool = False,
    http_request: HttpRequest | None = None,
) -> ProjectSignature:
    """One family member's signature of the validated revision, drawn on screen or a signed
    paper scanned; the last required one makes the project agreed."""
    _require_edit(access, project)
    case = access.case
    rules = rules_for(case)
    today = timezone.localdate()
    if signed_on is None or signed_on > today:
        raise ValidationError({"signed_on": _("Enter the date of the signature: today or in the past.")})
    if not (drawing or "").strip() and upload is None:
        raise ValidationError({"drawing": _("Draw the signature or upload the signed paper.")})
    path = sanitise_drawing(drawing) if (drawing or "").strip() else ""
    signers = signers_of(case, on=signed_on)
    signer = signer_for(signers, person_id, allow_younger=allow_younger, rules=rules, on=signed_on)
    document = None
    try:
        with transaction.atomic():
            current = _locked(project, expected_version)
            if current.status != S.VALIDATED:
                raise TransitionNotAllowed(current.status, S.AGREED)
            signed = set(current.signatures.filter(revision=current.revision).values_list("person_id", flat=True))
            if signer.person.pk in signed:
                raise ValidationError({"signer": _("This person has already signed this revision.")})
            if not path and upload is not None:
                title = _("Intervention project, revision %(revision)d, signed") % {"revision": current.revision}
                document = document_add(
                    actor=actor, access=access, upload=upload, title=title, document_type=DocumentType.CONSENT
                )
            signature = ProjectSignature.objects.create(
                project=current,
                revision=current.revision,
                person=signer.person,
                role=signer.role,
                method=SignatureMethod.DRAWN if path else SignatureMethod.SCAN,
                drawing=path,
                document=document,
                signed_on=signed_on,
                recorded_by=actor,
            )
            current.version += 1
            current.save(update_fields=["version", "updated_at"])
            _event(current, actor, current.status, current.status, action="signed", role=signer.role)
            if all_signed(signers, signed | {signer.person.pk}):
                _move(current, S.AGREED, actor=actor, values={"agreed_at": timezone.now()})
            _audit(actor, AuditAction.CREATE, signature, ["person", "role", "method", "signed_on"], http_request, case)
    except Exception:
        # The scan was written to storage before the transaction rolled back.
        if document is not None and document.file.name:
            default_storage.delete(document.file.name)
        raise
    return signature


# Activity and evaluation ---------------------------------------------------------------------


def _remind_days(rule: str) -> int:
    try:
        parsed = deadlines.parse_rule(rule)
    except deadlines.InvalidRule:
        return DEFAULT_REMIND_DAYS
    return min(parsed.count, MAX_REMIND_DAYS) if parsed.unit == deadlines.BUSINESS_DAYS else DEFAULT_REMIND_DAYS


def _schedule_evaluation(project: InterventionProject, access: CaseAccess, actor: Any, start: dt.date) -> ProjectEvaluation:
    """The next evaluation at the pack's interval from ``start``, with a deadline and its reminder."""
    rules = rules_for(access.case)
    task = task_add(
        actor=actor,
        access=access,
        kind=TaskKind.DEADLINE,
        title=_("Evaluate the intervention project"),
        rule=rules.evaluation_interval,
        start=start,
        assigned_to=access.case.coordinator,
        remind_days_before=_remind_days(rules.evaluation_remind_before),
    )
    evaluation = ProjectEvaluation.objects.create(project=project, due_on=task.due_on, task=task)
    project.next_evaluation_on = task.due_on
    project.save(update_fields=["next_evaluation_on"])
    return evaluation


def project_activate(
    *,
    actor: Any,
    access: CaseAccess,
    project: InterventionProject,
    expected_version: int,
    starts_on: dt.date | None = None,
    http_request: HttpRequest | None = None,
) -> InterventionProject:
    """The signed project starts; its first evaluation is scheduled at the pack's interval."""
    _require_edit(access, project)
    with transaction.atomic():
        current = _locked(project, expected_version)
        start = starts_on or timezone.localdate()
        fields = _move(current, S.ACTIVE, actor=actor, values={"starts_on": start})
        _schedule_evaluation(current, access, actor, start)
        _audit(actor, AuditAction.TRANSITION, current, [*fields, "next_evaluation_on"], http_request, access.case)
    return current


def evaluation_start(
    *,
    actor: Any,
    access: CaseAccess,
    project: InterventionProject,
    expected_version: int,
    http_request: HttpRequest | None = None,
) -> InterventionProject:
    _require_edit(access, project)
    with transaction.atomic():
        current = _locked(project, expected_version)
        fields = _move(current, S.UNDER_EVALUATION, actor=actor)
        if not current.evaluations.filter(held_on__isnull=True).exists():
            # Evaluated before it was due: an evaluation without a deadline of its own.
            ProjectEvaluation.objects.create(project=current, due_on=timezone.localdate())
        _audit(actor, AuditAction.TRANSITION, current, fields, http_request, access.case)
    return current


def _check_evaluation(project: InterventionProject, held_on: Any, findings: str, decision: str, progress: dict) -> None:
    errors: dict[str, str] = {}
    if held_on is None or held_on > timezone.localdate():
        errors["held_on"] = _("Enter the date of the evaluation: today or in the past.")
    if not (findings or "").strip():
        errors["findings"] = _("Write what changed since the project started or since the last evaluation.")
    if decision not in EvaluationDecision.values:
        errors["decision"] = _("Choose what happens next.")
    goal_ids = set(project.goals.values_list("pk", flat=True))
    if any(int(k) not in goal_ids or v not in GOAL_PROGRESS for k, v in progress.items()):
        errors["goals_progress"] = _("Say for each goal whether it was reached.")
    if errors:
        raise ValidationError(errors)


def evaluation_record(
    *,
    actor: Any,
    access: CaseAccess,
    project: InterventionProject,
    expected_version: int,
    held_on: dt.date | None,
    findings: str,
    goals_progress: dict[int | str, str],
    decision: str,
    reason: str = "",
    http_request: HttpRequest | None = None,
) -> ProjectEvaluation:
    """The evaluation held: continue (next one scheduled), revise (a new draft revision) or close."""
    _require_edit(access, project)
    progress = {str(k): v for k, v in goals_progress.items() if v}
    _check_evaluation(project, held_on, findings, decision, progress)
    assert held_on is not None
    reason = (reason or "").strip() or findings.strip()
    with transaction.atomic():
        current = _locked(project, expected_version)
        if current.status != S.UNDER_EVALUATION:
            raise TransitionNotAllowed(current.status, decision)
        evaluation = current.evaluations.filter(held_on__isnull=True).order_by("due_on", "id").last()
        if evaluation is None:
            evaluation = ProjectEvaluation(project=current, due_on=held_on)
        evaluation.held_on, evaluation.findings, evaluation.held_by = held_on, findings.strip(), actor
        evaluation.goals_progress, evaluation.decision = progress, decision
        evaluation.save()
        _complete_evaluation_tasks(current, access, actor)
        fields = _after_evaluation(current, access, actor, decision, held_on, reason)
        _audit(actor, AuditAction.TRANSITION, current, fields, http_request, access.case, reason=reason)
    return evaluation


def _after_evaluation(
    project: InterventionProject, access: CaseAccess, actor: Any, decision: str, held_on: dt.date, reason: str
) -> list[str]:
    if decision == EvaluationDecision.CONTINUE:
        fields = _move(project, S.ACTIVE, actor=actor)
        _schedule_evaluation(project, access, actor, held_on)
        return [*fields, "next_evaluation_on"]
    if decision == EvaluationDecision.REVISE:
        values = {"revision": project.revision + 1, "next_evaluation_on": None, "validated_at": None, "validated_by": None}
        fields = _move(project, S.DRAFT, actor=actor, reason=reason, values=values)
        _snapshot(project, actor, note="new revision")
        return fields
    return _move(project, S.CLOSED, actor=actor, reason=reason, values={"closed_at": timezone.now(), "next_evaluation_on": None})


def project_close(
    *,
    actor: Any,
    access: CaseAccess,
    project: InterventionProject,
    expected_version: int,
    reason: str,
    http_request: HttpRequest | None = None,
) -> InterventionProject:
    _require_edit(access, project)
    with transaction.atomic():
        current = _locked(project, expected_version)
        fields = _move(
            current, S.CLOSED, actor=actor, reason=reason, values={"closed_at": timezone.now(), "next_evaluation_on": None}
        )
        _complete_evaluation_tasks(current, access, actor)
        _audit(actor, AuditAction.TRANSITION, current, fields, http_request, access.case, reason=current.status_reason)
    return current


# The transitions a page offers, by the name in its URL.
TRANSITION_SERVICES: dict[str, Callable[..., InterventionProject]] = {
    "propose": project_propose,
    "return": project_return,
    "validate": project_validate,
    "activate": project_activate,
    "evaluate": evaluation_start,
    "close": project_close,
}
