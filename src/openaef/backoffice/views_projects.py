"""Intervention project pages: the project of a case, its content, needs, revisions, validation,
signature, evaluation and PDF.

Every view reaches the case through ``get_case_for`` (404 for missing and forbidden alike), then
the project through ``get_project_for`` (404 for another case's). Writes go through
``projects.services``, which check again who may do what.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openaef.audit.models import AuditAction
from openaef.audit.services import audit_record
from openaef.cases.selectors import CaseAccess, get_case_for
from openaef.core.access import require_permission
from openaef.core.errors import StaleVersion, TransitionNotAllowed
from openaef.projects import services
from openaef.projects.diff import compare
from openaef.projects.models import InterventionProject
from openaef.projects.pdf import pdf_filename, project_pdf
from openaef.projects.selectors import (
    edit_choices,
    get_project_for,
    get_revision_for,
    may_validate,
    project_history,
    project_page,
    revisions_of,
    rules_for,
    signed_person_ids,
    signers_of,
)
from openaef.projects.signatures import HEIGHT, WIDTH
from openaef.projects.states import ProjectStatus

from .form_support import with_version
from .forms_projects import (
    ActionFormSet,
    AssessmentForm,
    EvaluationForm,
    GoalFormSet,
    MeasureFormSet,
    ParticipantFormSet,
    ProjectCreateForm,
    ProjectEditForm,
    SignatureForm,
    TransitionForm,
)
from .presentation_projects import ACTIONS, STATUS_TAGS, action_url, history_items, offered_actions

VIEW = "projects.view_project"
CHANGE = "projects.change_project"
VALIDATE = "projects.validate_project"
TEMPLATES = "backoffice/projects/"


def _page(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    errors = [("", str(e)) for e in context.pop("errors", [])]
    for form in context.get("forms", []):
        errors += form.error_summary()
    context["error_summary"] = errors
    context.setdefault("nav_section", "cases")
    return render(request, TEMPLATES + template, context, status=status)


def _case(request: HttpRequest, pk: int, *, edit: bool = False) -> CaseAccess:
    access = get_case_for(request.user, pk, http_request=request, audit=False)
    if edit and not access.can_edit:
        raise PermissionDenied
    return access


def _project_url(project: InterventionProject, anchor: str = "") -> str:
    url = reverse("backoffice:project_detail", args=[project.case_id, project.pk])
    return f"{url}#{anchor}" if anchor else url


def _add_errors(form: Any, error: ValidationError) -> list[str]:
    """Puts a service's errors on the form's fields; returns those that belong to no field."""
    loose: list[str] = []
    for field, texts in error.message_dict.items() if hasattr(error, "error_dict") else [("__all__", error.messages)]:
        for text in texts:
            if field in form.fields:
                form.add_error(field, text)
            else:
                loose.append(text)
    return loose


def _read_audit(request: HttpRequest, access: CaseAccess, project: InterventionProject) -> None:
    audit_record(
        actor=request.user,
        action=AuditAction.READ,
        obj=project,
        request=request,
        persons=[access.case.child_id],
        emergency=access.emergency,
    )


# The project page ----------------------------------------------------------------------------


@require_permission(VIEW)
@require_GET
def project_start(request: HttpRequest, pk: int) -> HttpResponse:
    """The case's project: the current or last one, or the way to start one."""
    access = _case(request, pk)
    projects = project_history(access.case)
    if projects:
        return redirect(_project_url(projects[0]))
    audit_record(actor=request.user, action=AuditAction.READ, obj=access.case, request=request, persons=[access.case.child_id])
    form = ProjectCreateForm(case=access.case, initial={"language": services._case_language(access.case)})
    return _page(request, "start.html", {"case": access.case, "access": access, "form": form, "forms": []})


@require_permission(CHANGE)
@require_POST
def project_create(request: HttpRequest, pk: int) -> HttpResponse:
    access = _case(request, pk, edit=True)
    form = ProjectCreateForm(request.POST, case=access.case)
    errors: list[str] = []
    if form.is_valid():
        try:
            project = services.project_create(
                actor=request.user, access=access, language=form.cleaned_data["language"], http_request=request
            )
        except ValidationError as error:
            errors = _add_errors(form, error)
        else:
            messages.success(request, _("The project was started as a draft."))
            return redirect(reverse("backoffice:project_edit", args=[pk, project.pk]))
    context = {"case": access.case, "access": access, "form": form, "forms": [form], "errors": errors}
    return _page(request, "start.html", context, status=400)


@require_permission(VIEW)
@require_GET
def project_detail(request: HttpRequest, pk: int, project_pk: int) -> HttpResponse:
    access = _case(request, pk)
    project = get_project_for(access, project_pk)
    page = project_page(project, access.case)
    can_validate = project.status == ProjectStatus.PROPOSED and may_validate(request.user, project, access.case)
    actions = [(a, action_url(project, a.name)) for a in offered_actions(project, access, can_validate)]
    signed = {s.person_id for s in page.current_signatures}
    _read_audit(request, access, project)
    context = {
        "case": access.case,
        "access": access,
        "project": project,
        "page": page,
        "status_tag": STATUS_TAGS.get(project.status, ""),
        "actions": actions,
        "history": history_items(page.events),
        "signed_ids": signed,
        "can_sign": access.can_edit and project.status == ProjectStatus.VALIDATED,
        "can_evaluate": access.can_edit and project.status == ProjectStatus.UNDER_EVALUATION,
        "editable": access.can_edit and project.status == ProjectStatus.DRAFT,
        "can_assess": access.can_edit and project.status != ProjectStatus.CLOSED,
        "viewbox": f"0 0 {WIDTH} {HEIGHT}",
        "forms": [],
    }
    return _page(request, "detail.html", context)


# Editing -------------------------------------------------------------------------------------


def _row_initial(page: Any) -> dict[str, list[dict[str, Any]]]:
    return {
        "goals": [
            {"row": g.pk, "domain": g.domain, "goal": g.goal, "indicators": g.indicators, "target_on": g.target_on}
            for g in page.goals
        ],
        "measures": [
            {
                "row": m.pk,
                "measure_type": m.measure_type_id,
                "purpose": m.purpose,
                "intensity": m.intensity,
                "planned_start": m.planned_start,
                "planned_months": m.planned_months,
            }
            for m in page.planned_measures
        ],
        "actions": [{"row": a.pk, "party": a.party, "who": a.who, "action": a.action, "due_on": a.due_on} for a in page.actions],
        "participants": [{"row": p.pk, "person": p.person_id, "name": p.name, "role": p.role} for p in page.participants],
    }


def _edit_forms(request: HttpRequest, access: CaseAccess, project: InterventionProject, data: Any) -> dict[str, Any]:
    case = access.case
    persons, measure_types = edit_choices(case)
    initial = _row_initial(project_page(project, case)) if data is None else {}
    return {
        "form": ProjectEditForm(
            data, case=case, initial={"summary": project.summary, "language": project.language, "version": project.version}
        ),
        "goals": GoalFormSet(data, prefix="goals", initial=initial.get("goals"), form_kwargs={"rules": rules_for(case)}),
        "measures": MeasureFormSet(
            data, prefix="measures", initial=initial.get("measures"), form_kwargs={"measure_types": measure_types}
        ),
        "actions_set": ActionFormSet(data, prefix="actions", initial=initial.get("actions")),
        "participants": ParticipantFormSet(
            data, prefix="participants", initial=initial.get("participants"), form_kwargs={"people": persons}
        ),
    }


def _rows(formset: Any) -> list[dict[str, Any]]:
    return [row for form in formset.forms if (row := form.row_data()) is not None]


def _all_forms(forms: dict[str, Any]) -> list[Any]:
    result = [forms["form"]]
    for key in ("goals", "measures", "actions_set", "participants"):
        result.extend(forms[key].forms)
    return result


@require_permission(CHANGE)
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, pk: int, project_pk: int) -> HttpResponse:
    access = _case(request, pk, edit=True)
    project = get_project_for(access, project_pk)
    if project.status != ProjectStatus.DRAFT:
        messages.error(request, _("Only a draft can be changed."))
        return redirect(_project_url(project))
    forms = _edit_forms(request, access, project, request.POST if request.method == "POST" else None)
    context: dict[str, Any] = {"case": access.case, "project": project, "current": None, **forms}
    status = 200
    if request.method == "POST":
        valid = all(f.is_valid() for f in _all_forms(forms)) and all(
            forms[k].is_valid() for k in ("goals", "measures", "actions_set", "participants")
        )
        if valid:
            main = forms["form"].cleaned_data
            try:
                services.project_update(
                    actor=request.user,
                    access=access,
                    project=project,
                    expected_version=main["version"],
                    summary=main["summary"],
                    language=main["language"],
                    goals=_rows(forms["goals"]),
                    planned_measures=_rows(forms["measures"]),
                    actions=_rows(forms["actions_set"]),
                    participants=_rows(forms["participants"]),
                    http_request=request,
                )
            except StaleVersion:
                fresh = get_project_for(access, project_pk)
                forms = _edit_forms(request, access, fresh, with_version(request.POST, "version", fresh.version))
                for form in _all_forms(forms):
                    form.is_valid()
                context.update(forms, project=fresh, current=project_page(fresh, access.case), errors=[StaleVersion.message])
                status = 409
            except ValidationError as error:
                context["errors"] = _add_errors(forms["form"], error)
                status = 400
            else:
                messages.success(request, _("The project was saved."))
                return redirect(_project_url(project))
        else:
            status = 400
    context["forms"] = _all_forms(context)
    return _page(request, "edit.html", context, status=status)


@require_permission(CHANGE)
@require_http_methods(["GET", "POST"])
def project_assessment(request: HttpRequest, pk: int, project_pk: int) -> HttpResponse:
    access = _case(request, pk, edit=True)
    project = get_project_for(access, project_pk)
    rules = rules_for(access.case)
    form = AssessmentForm(request.POST or None, rules=rules, initial={"assessed_on": timezone.localdate()})
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.assessment_record(
                actor=request.user,
                access=access,
                project=project,
                assessed_on=data["assessed_on"],
                scores={code: data.get(code) for code, _notes in form.domains},
                observations={code: data.get(notes, "") for code, notes in form.domains},
                http_request=request,
            )
        except ValidationError as error:
            errors = _add_errors(form, error)
        else:
            messages.success(request, _("The needs assessment was recorded."))
            return redirect(_project_url(project, "needs"))
    context = {"case": access.case, "project": project, "form": form, "forms": [form], "errors": errors, "rules": rules}
    return _page(request, "assessment.html", context, status=400 if form.is_bound else 200)


# Revisions -----------------------------------------------------------------------------------


@require_permission(VIEW)
@require_GET
def project_revisions(request: HttpRequest, pk: int, project_pk: int) -> HttpResponse:
    access = _case(request, pk)
    project = get_project_for(access, project_pk)
    revisions = revisions_of(project)
    _read_audit(request, access, project)
    context = {"case": access.case, "project": project, "revisions": revisions, "forms": []}
    return _page(request, "revisions.html", context)


def _revision_id(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@require_permission(VIEW)
@require_GET
def project_compare(request: HttpRequest, pk: int, project_pk: int) -> HttpResponse:
    access = _case(request, pk)
    project = get_project_for(access, project_pk)
    old_id, new_id = _revision_id(request.GET.get("old")), _revision_id(request.GET.get("new"))
    if old_id is None or new_id is None:
        messages.error(request, _("Choose two versions to compare."))
        return redirect(reverse("backoffice:project_revisions", args=[pk, project_pk]))
    old, new = get_revision_for(project, old_id), get_revision_for(project, new_id)
    if (old.number, old.save_number) > (new.number, new.save_number):
        old, new = new, old
    _read_audit(request, access, project)
    context = {
        "case": access.case,
        "project": project,
        "old": old,
        "new": new,
        "sections": compare(old.content, new.content),
        "forms": [],
    }
    return _page(request, "compare.html", context)


# Transitions ---------------------------------------------------------------------------------


def _transition(request: HttpRequest, pk: int, project_pk: int, action_name: str) -> HttpResponse:
    access = _case(request, pk)
    project = get_project_for(access, project_pk)
    action = ACTIONS.get(action_name)
    if action is None:
        raise Http404
    with_reason = action.target in (ProjectStatus.CLOSED, ProjectStatus.DRAFT)
    with_start = action.name == "activate"
    initial = {"version": project.version, "starts_on": timezone.localdate()}
    form = TransitionForm(request.POST or None, initial=initial, with_reason=with_reason, with_start=with_start)
    context: dict[str, Any] = {"case": access.case, "project": project, "action": action, "form": form}
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            extra: dict[str, Any] = {}
            if with_reason:
                extra["reason"] = data["reason"]
            if with_start:
                extra["starts_on"] = data["starts_on"]
            service = services.TRANSITION_SERVICES[action.name]
            try:
                service(
                    actor=request.user,
                    access=access,
                    project=project,
                    expected_version=data["version"],
                    http_request=request,
                    **extra,
                )
            except StaleVersion:
                fresh = get_project_for(access, project_pk)
                form = TransitionForm(
                    with_version(request.POST, "version", fresh.version), with_reason=with_reason, with_start=with_start
                )
                form.is_valid()
                context.update(form=form, project=fresh, errors=[StaleVersion.message])
                status = 409
            except TransitionNotAllowed:
                messages.error(request, _("This cannot be done in the project's present state."))
                return redirect(_project_url(project))
            except ValidationError as error:
                context["errors"] = _add_errors(form, error)
            else:
                messages.success(request, _("Done: %(action)s.") % {"action": action.label})
                return redirect(_project_url(project))
    context["forms"] = [context["form"]]
    return _page(request, "transition.html", context, status=status)


@require_permission(CHANGE)
@require_http_methods(["GET", "POST"])
def project_transition(request: HttpRequest, pk: int, project_pk: int, action: str) -> HttpResponse:
    if action == "validate":
        return redirect(reverse("backoffice:project_validate", args=[pk, project_pk]))
    return _transition(request, pk, project_pk, action)


@require_permission(VALIDATE)
@require_http_methods(["GET", "POST"])
def project_validate(request: HttpRequest, pk: int, project_pk: int) -> HttpResponse:
    return _transition(request, pk, project_pk, "validate")


@require_permission(CHANGE)
@require_http_methods(["GET", "POST"])
def project_evaluation(request: HttpRequest, pk: int, project_pk: int) -> HttpResponse:
    access = _case(request, pk, edit=True)
    project = get_project_for(access, project_pk)
    if project.status != ProjectStatus.UNDER_EVALUATION:
        messages.error(request, _("Start the evaluation first."))
        return redirect(_project_url(project))
    goals = list(project.goals.order_by("position", "id"))
    initial = {"version": project.version, "held_on": timezone.localdate()}
    form = EvaluationForm(request.POST or None, goals=goals, initial=initial)
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.evaluation_record(
                    actor=request.user,
                    access=access,
                    project=project,
                    expected_version=data["version"],
                    held_on=data["held_on"],
                    findings=data["findings"],
                    goals_progress=form.progress(),
                    decision=data["decision"],
                    reason=data["reason"],
                    http_request=request,
                )
            except StaleVersion:
                fresh = get_project_for(access, project_pk)
                form = EvaluationForm(with_version(request.POST, "version", fresh.version), goals=goals)
                form.is_valid()
                errors, status, project = [str(StaleVersion.message)], 409, fresh
            except ValidationError as error:
                errors = _add_errors(form, error)
            else:
                messages.success(request, _("The evaluation was recorded."))
                return redirect(_project_url(project, "evaluations"))
    context = {"case": access.case, "project": project, "form": form, "forms": [form], "errors": errors}
    return _page(request, "evaluation.html", context, status=status)


# Signature and PDF ---------------------------------------------------------------------------


@require_permission(CHANGE)
@require_http_methods(["GET", "POST"])
def project_sign(request: HttpRequest, pk: int, project_pk: int) -> HttpResponse:
    access = _case(request, pk, edit=True)
    project = get_project_for(access, project_pk)
    if project.status != ProjectStatus.VALIDATED:
        messages.error(request, _("Only a validated project can be signed."))
        return redirect(_project_url(project))
    signers = signers_of(access.case)
    signed = signed_person_ids(project)
    initial = {"version": project.version, "signed_on": timezone.localdate()}
    form = SignatureForm(request.POST or None, request.FILES or None, signers=signers, signed=signed, initial=initial)
    errors: list[str] = []
    context_drawing_error: list[str] = []
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.signature_record(
                    actor=request.user,
                    access=access,
                    project=project,
                    expected_version=data["version"],
                    person_id=data["signer"],
                    signed_on=data["signed_on"],
                    drawing=data["drawing"],
                    upload=data["file"],
                    allow_younger=data["allow_younger"],
                    http_request=request,
                )
            except StaleVersion:
                fresh = get_project_for(access, project_pk)
                form = SignatureForm(
                    with_version(request.POST, "version", fresh.version), signers=signers, signed=signed, initial=initial
                )
                form.is_valid()
                errors, status = [str(StaleVersion.message)], 409
            except TransitionNotAllowed:
                messages.error(request, _("This cannot be done in the project's present state."))
                return redirect(_project_url(project))
            except ValidationError as error:
                # The drawing is a hidden input: its error is shown above the drawing area instead.
                by_field = dict(error.message_dict) if hasattr(error, "error_dict") else {"__all__": error.messages}
                drawing_errors = by_field.pop("drawing", [])
                errors = [*(_add_errors(form, ValidationError(by_field)) if by_field else []), *drawing_errors]
                context_drawing_error = drawing_errors
            else:
                messages.success(request, _("The signature was recorded."))
                return redirect(_project_url(project, "signatures"))
    context = {
        "case": access.case,
        "project": project,
        "form": form,
        "forms": [form],
        "errors": list(dict.fromkeys(errors)),
        "width": WIDTH,
        "height": HEIGHT,
        "file_lost": form.is_bound and bool(request.FILES),
        "drawing_errors": context_drawing_error,
        "pdf_url": reverse("backoffice:project_pdf", args=[pk, project_pk]),
    }
    return _page(request, "sign.html", context, status=status)


@require_permission(VIEW)
@require_GET
def project_pdf_download(request: HttpRequest, pk: int, project_pk: int) -> HttpResponse:
    access = _case(request, pk)
    project = get_project_for(access, project_pk)
    content = project_pdf(project, access.case)
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        obj=project,
        request=request,
        persons=[access.case.child_id],
        emergency=access.emergency,
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf_filename(project, access.case)}"'
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    return response
