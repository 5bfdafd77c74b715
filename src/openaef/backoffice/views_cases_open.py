"""Opening a case (directly or from an accepted request), adding a person to it, and the
emergency lookup of a case one cannot see.

Each form that names a person first looks for persons already recorded (the people app's
duplicate check) and asks which one is meant, so that a child known from an earlier case is not
recorded twice.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from openaef.audit.services import audit_refused, emergency_access_open
from openaef.cases.selectors import (
    EMERGENCY_SUBJECT,
    case_id_for_reference,
    get_request_to_open_for,
    offices_of,
    visible_cases,
)
from openaef.cases.services import (
    CaseAlreadyOpened,
    NewPerson,
    case_open,
    case_open_from_request,
    participant_add,
)
from openaef.core.access import require_permission

from .forms import coordinator_choices
from .forms_cases import CaseOpenForm, EmergencyLookupForm, OpenFromRequestForm, ParticipantAddForm
from .views_cases import _add_service_errors, _editable


def person_candidates(*, surname: str, first_names: str, birth_date: Any = None) -> list[Any]:
    """Persons who may be the one typed (people.duplicates), best first."""
    from openaef.people.duplicates import find_duplicates

    return list(find_duplicates(pack=settings.OPENAEF_PACK, surname=surname, first_names=first_names, birth_date=birth_date))


def _ask_person(form: Any, candidates: list[Any], label: str) -> bool:
    """Adds the choice between the candidates and a new person; True when it still needs an answer."""
    if not candidates:
        return False
    form.add_person_choice(candidates, label=label)
    if form.is_valid():
        return False
    form.hide_unasked_choice_error()
    return True


@require_permission("cases.open_case")
@require_http_methods(["GET", "POST"])
def case_open_view(request: HttpRequest) -> HttpResponse:
    """Opens a case without a request (a court order, a transfer): the child, the office, who coordinates."""
    offices = offices_of(request.user)
    kwargs = {"offices": offices, "coordinators": coordinator_choices(offices)}
    form = CaseOpenForm(request.POST if request.method == "POST" else None, **kwargs)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        candidates = person_candidates(
            surname=data["child_surname"], first_names=data["child_first_names"], birth_date=data["child_birth_date"]
        )
        form = CaseOpenForm(request.POST, **kwargs)
        if not _ask_person(form, candidates, _("Is the child one of these persons already recorded?")):
            form.is_valid()
            child = form.chosen_person() or NewPerson(
                surname=data["child_surname"],
                first_names=data["child_first_names"],
                birth_date=data["child_birth_date"],
                commune=data["child_commune"],
            )
            try:
                case = case_open(
                    actor=request.user,
                    pack=settings.OPENAEF_PACK,
                    child=child,
                    office=data["office"],
                    coordinator=data["coordinator"],
                    framework=data["framework"],
                    summary=data["summary"],
                    http_request=request,
                )
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                messages.success(request, _("Case file %(reference)s was opened.") % {"reference": case.reference})
                return redirect("backoffice:case_detail", pk=case.pk)
    context = {
        "form": form,
        "error_summary": form.error_summary() if form.is_bound else [],
        "nav_section": "cases",
    }
    return render(request, "backoffice/cases/open.html", context)


@require_permission("cases.open_case")
@require_http_methods(["GET", "POST"])
def case_open_from_request_view(request: HttpRequest, request_pk: int) -> HttpResponse:
    """What the request brings to the case, the persons the child may already be; POST opens it."""
    help_request = get_request_to_open_for(request.user, request_pk, http_request=request)
    existing = getattr(help_request, "case_file", None)
    if existing is not None:
        messages.info(request, _("This request already has its case file, %(reference)s.") % {"reference": existing.reference})
        return redirect("backoffice:case_detail", pk=existing.pk)
    candidates = person_candidates(
        surname=help_request.child_surname,
        first_names=help_request.child_first_names,
        birth_date=help_request.child_birth_date,
    )
    form = OpenFromRequestForm(request.POST if request.method == "POST" else None)
    if candidates:
        form.add_person_choice(candidates, label=_("Is the child one of these persons already recorded?"))
    if form.is_bound and form.is_valid():
        try:
            case = case_open_from_request(
                actor=request.user, help_request=help_request, child=form.chosen_person(), http_request=request
            )
        except CaseAlreadyOpened as already:
            # A double submit, or a colleague was quicker: one case, and we go to it.
            messages.info(
                request, _("This request already has its case file, %(reference)s.") % {"reference": already.case.reference}
            )
            return redirect("backoffice:case_detail", pk=already.case.pk)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Case file %(reference)s was opened.") % {"reference": case.reference})
            return redirect("backoffice:case_detail", pk=case.pk)
    context = {
        "help_request": help_request,
        "age": help_request.age_on(timezone.localdate()),
        "parents": list(help_request.parents.all()),
        "candidates": candidates,
        "form": form,
        "error_summary": form.error_summary() if form.is_bound else [],
        "nav_section": "cases",
    }
    return render(request, "backoffice/cases/open_from_request.html", context)


@require_permission("cases.change_case")
@require_http_methods(["GET", "POST"])
def case_participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    access = _editable(request, pk)
    case = access.case
    form = ParticipantAddForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        candidates = person_candidates(surname=data["surname"], first_names=data["first_names"], birth_date=data["birth_date"])
        form = ParticipantAddForm(request.POST)
        if not _ask_person(form, candidates, _("Is this one of these persons already recorded?")):
            form.is_valid()
            person = form.chosen_person() or NewPerson(
                surname=data["surname"], first_names=data["first_names"], birth_date=data["birth_date"]
            )
            try:
                participant_add(
                    actor=request.user,
                    case=case,
                    person=person,
                    role=data["role"],
                    agrees=form.agrees_value(),
                    notes=data["notes"],
                    http_request=request,
                )
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                messages.success(request, _("The person was added to the case."))
                return redirect("backoffice:case_detail", pk=case.pk)
    context = {
        "case": case,
        "form": form,
        "error_summary": form.error_summary() if form.is_bound else [],
        "nav_section": "cases",
    }
    return render(request, "backoffice/cases/participant_add.html", context)


@require_permission("audit.open_emergency_access")
@require_http_methods(["GET", "POST"])
def case_emergency_lookup(request: HttpRequest) -> HttpResponse:
    """Break the glass for a case one cannot see, knowing its reference.

    The reference and the reason are asked together, and whether the reference exists is said
    only once the reason is written (and logged): the page cannot be used to test references.
    A case the user may already see is simply opened, without an emergency grant.
    """
    form = EmergencyLookupForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        reference = form.cleaned_data["reference"]
        case_id = case_id_for_reference(reference)
        if case_id is None:
            audit_refused(actor=request.user, object_type="cases.casefile", object_id=reference, request=request)
            form.add_error("reference", _("No case file has this reference. Check it with the person who gave it to you."))
        elif visible_cases(request.user).filter(pk=case_id).exists():
            return redirect("backoffice:case_detail", pk=case_id)
        else:
            try:
                emergency_access_open(
                    actor=request.user,
                    subject_type=EMERGENCY_SUBJECT,
                    subject_id=case_id,
                    reason=form.cleaned_data["reason"],
                    request=request,
                )
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                return redirect("backoffice:case_detail", pk=case_id)
    context = {
        "form": form,
        "error_summary": form.error_summary() if form.is_bound else [],
        "nav_section": "cases",
    }
    return render(request, "backoffice/cases/emergency_lookup.html", context)
