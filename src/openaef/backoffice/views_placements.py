"""The agency's placement pages: a case's placements, opening one, the placement page, and the
forms of admission, transfer, discharge, the plan of visits, the foster-care agreement and the
admission form abroad.

Every view reaches the placement through ``placements.selectors`` (404 for missing and forbidden
alike); writes need ``can_edit`` on the case and go through ``placements.services``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from openaef.cases.selectors import CaseAccess, get_case_for
from openaef.core.access import require_permission
from openaef.core.errors import StaleVersion, TransitionNotAllowed
from openaef.core.i18n import pick
from openaef.core.packs import get_pack
from openaef.measures import schedule
from openaef.measures.selectors import services_for_type
from openaef.placements import checks, pdf, selectors, services, services_family
from openaef.placements.models import AgreementStatus, PlacementStatus
from openaef.placements.parameters import placement_rules
from openaef.placements.selectors import PlacementAccess

from . import presentation_measures
from . import presentation_placements as present
from .form_support import add_errors, with_version
from .forms_placements import (
    AbroadForm,
    AdmitForm,
    AgreementForm,
    AgreementSignForm,
    DischargeForm,
    PlacementOpenForm,
    TransferForm,
    VisitForm,
)

READ = "placements.view_placement"
WRITE = "placements.change_placement"
TEMPLATES = "backoffice/placements/"
NOT_POSSIBLE = gettext_lazy("This change is not possible from the placement's current state. The page shows it as it is now.")


def page(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    errors = [("", str(e)) for e in context.pop("errors", [])]
    for form in context.pop("forms_in_error", []):
        errors.extend(form.error_summary())
    context["error_summary"] = errors
    context.setdefault("nav_section", "cases")
    return render(request, TEMPLATES + template, context, status=status)


def detail_url(case_pk: int, pk: int, anchor: str = "") -> str:
    url = reverse("backoffice:placement_detail", args=[case_pk, pk])
    return f"{url}#{anchor}" if anchor else url


def writable(request: HttpRequest, case_pk: int, pk: int) -> PlacementAccess:
    found = selectors.get_placement_for(request.user, case_pk, pk, http_request=request)
    if not found.can_edit:
        raise PermissionDenied
    return found


def run(
    request: HttpRequest,
    form: forms.Form,
    call: Callable[[dict[str, Any]], Any],
    refresh: Callable[[], Any] | None = None,
) -> tuple[bool, list[str], int]:
    """Calls the service with the cleaned form: (done, page errors, status). A stale version keeps
    what was typed, with the current version in the form so that a second submit applies it."""
    if not form.is_valid():
        return False, [], 400
    try:
        call(form.cleaned_data)
    except StaleVersion:
        if refresh is not None:
            form.data = with_version(form.data, form.add_prefix("version"), refresh())  # type: ignore[arg-type]
            form.is_valid()
        return False, [str(StaleVersion.message)], 409
    except TransitionNotAllowed:
        return False, [str(NOT_POSSIBLE)], 409
    except ValidationError as error:
        add_errors(form, error)
        return False, [], 400
    return True, [], 200


# The case's placements ---------------------------------------------------------------------------


@require_permission(READ)
@require_GET
def placement_list(request: HttpRequest, case_pk: int) -> HttpResponse:
    access = get_case_for(request.user, case_pk, http_request=request)
    today = timezone.localdate()
    rows = present.placement_rows(selectors.case_placements(access.case), today)
    can_open = access.can_edit and bool(selectors.placeable_measures(access.case))
    return page(request, "list.html", {"case": access.case, "access": access, "rows": rows, "can_open": can_open})


def _open_form(access: CaseAccess, data: QueryDict | None) -> tuple[PlacementOpenForm, dict[str, Any], dict[str, Any]]:
    measures = {str(m.pk): m for m in selectors.placeable_measures(access.case)}
    decisions = {str(d.pk): d for d in selectors.case_decisions(access.case)}
    measure_choices = [
        (k, f"{pick(m.measure_type.name)} ({m.measure_type.code}, {m.get_status_display()})") for k, m in measures.items()
    ]
    initial = {"legal_basis": "court"} if checks.is_judicial(access.case) else {}
    form = PlacementOpenForm(
        data, measures=measure_choices, decisions=present.decision_choices(decisions.values()), initial=initial
    )
    return form, measures, decisions


@require_permission(WRITE)
@require_http_methods(["GET", "POST"])
def placement_open(request: HttpRequest, case_pk: int) -> HttpResponse:
    access = get_case_for(request.user, case_pk, http_request=request, audit=request.method == "GET")
    if not access.can_edit:
        raise PermissionDenied
    form, measures, decisions = _open_form(access, request.POST or None)
    created: list[Any] = []
    done, errors, status = False, [], 200
    if request.method == "POST":
        done, errors, status = run(
            request,
            form,
            lambda d: created.append(
                services.placement_open(
                    actor=request.user,
                    access=access,
                    measure=measures.get(d["measure"]),
                    legal_basis=d["legal_basis"],
                    agreement_on=d["agreement_on"],
                    decision=decisions.get(d["decision"] or ""),
                    http_request=request,
                )
            ),
        )
    if done:
        messages.success(request, _("The placement was opened. Record the admission when the child arrives."))
        return redirect(detail_url(case_pk, created[0].pk))
    context = {
        "case": access.case,
        "form": form,
        "judicial": checks.is_judicial(access.case),
        "has_measures": bool(measures),
        "has_decisions": bool(decisions),
        "errors": errors,
        "forms_in_error": [form] if form.errors else [],
    }
    return page(request, "open.html", context, status=status)


# The placement page -------------------------------------------------------------------------------------


@require_permission(READ)
@require_GET
def placement_detail(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    found = selectors.get_placement_for(request.user, case_pk, pk, http_request=request)
    placement, case = found.placement, found.case
    today = timezone.localdate()
    stays = selectors.placement_stays(placement)
    rules = placement_rules(case.pack)
    measure = placement.measure
    abroad = rules.is_abroad_type(measure.measure_type.code)
    stay_rows = [
        {"stay": s, "place": present.place_label(s), "country": present.country_label(s, case.pack)} for s in reversed(stays)
    ]
    current = present.current_of(stays)
    active = placement.status == PlacementStatus.ACTIVE
    context = {
        "case": case,
        "access": found.access,
        "placement": placement,
        "measure": measure,
        "tag": present.PLACEMENT_TAGS.get(placement.status, ""),
        "current": current,
        "current_place": present.place_label(current) if current else "",
        "stays": stay_rows,
        "ends_on": measure.ends_on,
        "end_alert_on": schedule.end_alert_on(measure.ends_on) if measure.ends_on and active else None,
        "ending_soon": active and schedule.ending_soon(measure.ends_on, today),
        "visits": selectors.placement_visits(placement),
        "agreement": selectors.placement_agreement(placement),
        "abroad": abroad,
        "abroad_admission": selectors.placement_abroad_admission(placement) if abroad else None,
        "history": present.history(selectors.placement_events(placement)),
        "can_admit": found.can_edit and placement.status == PlacementStatus.PLANNED,
        "can_move": found.can_edit and active,
        "can_move_on": found.can_edit and active and checks.stays_in_institution(current),
        "can_edit": found.can_edit,
        "agreement_draft": AgreementStatus.DRAFT,
    }
    return page(request, "detail.html", context)


# Admission and transfer ---------------------------------------------------------------------------------


def place_choices(found: PlacementAccess) -> dict[str, Any]:
    """The institutions offering the measure's type (one choice per site), the approved foster
    families, and for a placement abroad the countries."""
    case, placement = found.case, found.placement
    institutions = services_for_type(placement.measure.measure_type)
    choices, _hints = presentation_measures.placements(institutions, timezone.localdate())
    families = selectors.approved_foster_families(case.pack)
    rules = placement_rules(case.pack)
    abroad = rules.is_abroad_type(placement.measure.measure_type.code)
    countries = [(code, pick(names)) for code, names in rules.countries.items() if code != rules.country] if abroad else None
    return {
        "institutions": choices,
        "families": present.family_choices(families),
        "countries": countries,
        "services": institutions,
        "family_by_id": {str(f.pk): f for f in families},
    }


def place_from(data: dict[str, Any], choices: dict[str, Any]) -> checks.Place:
    service_id, _sep, location_id = (data.get("institution") or "").partition("-")
    service = next((s for s in choices["services"] if str(s.pk) == service_id), None)
    location = None
    if service is not None and location_id:
        location = next((loc for loc in service.locations.all() if str(loc.pk) == location_id), None)
    return checks.Place(
        kind=data.get("place_kind") or "",
        service=service,
        location=location,
        living_unit=data.get("living_unit") or "",
        foster_family=choices["family_by_id"].get(data.get("foster_family") or ""),
        country=data.get("country") or "",
        institution_name=data.get("institution_name") or "",
        capacity_exception=data.get("capacity_exception") or "",
    )


def form_page(
    request: HttpRequest, found: PlacementAccess, form: forms.Form, spec: dict[str, Any], result: tuple[bool, list[str], int]
) -> HttpResponse:
    _done, errors, status = result
    context = {
        "case": found.case,
        "placement": found.placement,
        "form": form,
        "errors": errors,
        "forms_in_error": [form] if form.errors else [],
        **spec,
    }
    return page(request, spec.get("template", "form.html"), context, status=status)


def fresh_version(found: PlacementAccess) -> Callable[[], int]:
    return lambda: selectors.get_placement_in(found.access, found.placement.pk).version


@require_permission(WRITE)
@require_http_methods(["GET", "POST"])
def placement_admit(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    found = writable(request, case_pk, pk)
    placement = found.placement
    choices = place_choices(found)
    kinds = {k: choices[k] for k in ("institutions", "families", "countries")}
    initial: dict[str, Any] = {"version": placement.version, "admitted_on": timezone.localdate()}
    if request.GET.get("family") in choices["family_by_id"]:  # chosen from the suggestions
        initial.update(place_kind="foster_family", foster_family=request.GET["family"])
    elif placement.measure.service_id:
        initial.update(
            place_kind="institution",
            institution=f"{placement.measure.service_id}"
            + (f"-{placement.measure.location_id}" if placement.measure.location_id else ""),
        )
    form = AdmitForm(request.POST or None, initial=initial, **kinds)
    result: tuple[bool, list[str], int] = (False, [], 200)
    if request.method == "POST":
        result = run(
            request,
            form,
            lambda d: services.placement_admit(
                actor=request.user,
                access=found.access,
                placement=placement,
                expected_version=d["version"] or 0,
                admitted_on=d["admitted_on"],
                place=place_from(d, choices),
                http_request=request,
            ),
            fresh_version(found),
        )
        if result[0]:
            messages.success(request, _("The admission was recorded and the measure started."))
            return redirect(detail_url(case_pk, pk))
    spec = {
        "title": _("Record the admission"),
        "submit": _("Record the admission"),
        "template": "place.html",
        "limits": _limits(found),
    }
    return form_page(request, found, form, spec, result)


@require_permission(WRITE)
@require_http_methods(["GET", "POST"])
def placement_transfer(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    found = writable(request, case_pk, pk)
    placement = found.placement
    choices = place_choices(found)
    kinds = {k: choices[k] for k in ("institutions", "families", "countries")}
    form = TransferForm(request.POST or None, initial={"version": placement.version, "moved_on": timezone.localdate()}, **kinds)
    result: tuple[bool, list[str], int] = (False, [], 200)
    if request.method == "POST":
        result = run(
            request,
            form,
            lambda d: services.placement_transfer(
                actor=request.user,
                access=found.access,
                placement=placement,
                expected_version=d["version"] or 0,
                moved_on=d["moved_on"],
                place=place_from(d, choices),
                reason=d["reason"],
                http_request=request,
            ),
            fresh_version(found),
        )
        if result[0]:
            messages.success(request, _("The move was recorded."))
            return redirect(detail_url(case_pk, pk))
    spec = {
        "title": _("Move the child to another place"),
        "submit": _("Record the move"),
        "template": "place.html",
        "limits": _limits(found),
    }
    return form_page(request, found, form, spec, result)


def _limits(found: PlacementAccess) -> dict[str, Any]:
    rules = placement_rules(found.case.pack)
    return {
        "foster_max": rules.foster_family_max_children,
        "abroad": rules.is_abroad_type(found.placement.measure.measure_type.code),
    }


@require_permission(WRITE)
@require_http_methods(["GET", "POST"])
def placement_discharge(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    found = writable(request, case_pk, pk)
    placement = found.placement
    decisions = {str(d.pk): d for d in selectors.case_decisions(found.case)}
    form = DischargeForm(
        request.POST or None,
        decisions=present.decision_choices(decisions.values()),
        initial={"version": placement.version, "discharged_on": timezone.localdate()},
    )
    judicial = checks.is_judicial(found.case)
    if not judicial:
        del form.fields["return_decision"]
    result: tuple[bool, list[str], int] = (False, [], 200)
    if request.method == "POST":
        result = run(
            request,
            form,
            lambda d: services.placement_discharge(
                actor=request.user,
                access=found.access,
                placement=placement,
                expected_version=d["version"] or 0,
                discharged_on=d["discharged_on"],
                destination=d["destination"],
                destination_details=d["destination_details"],
                return_decision=decisions.get(d.get("return_decision") or ""),
                http_request=request,
            ),
            fresh_version(found),
        )
        if result[0]:
            messages.success(request, _("The discharge was recorded and the measure ended."))
            return redirect(detail_url(case_pk, pk))
    spec = {"title": _("Record the discharge"), "submit": _("Record the discharge"), "warning": True, "judicial": judicial}
    return form_page(request, found, form, spec, result)


# The plan of visits and weekends ------------------------------------------------------------------------


@require_permission(WRITE)
@require_http_methods(["GET", "POST"])
def placement_visit(request: HttpRequest, case_pk: int, pk: int, visit_pk: int | None = None) -> HttpResponse:
    found = writable(request, case_pk, pk)
    visit = selectors.get_visit_in(found.placement, visit_pk) if visit_pk is not None else None
    initial = {name: getattr(visit, name) for name in services_family.VISIT_FIELDS} if visit else {}
    form = VisitForm(request.POST or None, initial={**initial, "version": visit.version if visit else None})
    result: tuple[bool, list[str], int] = (False, [], 200)
    if request.method == "POST":
        result = run(
            request,
            form,
            lambda d: services_family.visit_save(
                actor=request.user,
                access=found.access,
                placement=found.placement,
                visit=visit,
                expected_version=d["version"],
                values={name: d[name] for name in services_family.VISIT_FIELDS},
                http_request=request,
            ),
            (lambda: selectors.get_visit_in(found.placement, visit.pk).version) if visit else None,
        )
        if result[0]:
            messages.success(request, _("The plan of visits was saved."))
            return redirect(detail_url(case_pk, pk, "visits"))
    title = _("Change a visit arrangement") if visit else _("Add a visit arrangement")
    return form_page(request, found, form, {"title": title, "submit": _("Save")}, result)


# The foster-care agreement ---------------------------------------------------------------------------------


@require_permission(WRITE)
@require_http_methods(["GET", "POST"])
def placement_agreement(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    found = writable(request, case_pk, pk)
    agreement = selectors.placement_agreement(found.placement)
    if agreement is not None and agreement.status != AgreementStatus.DRAFT:
        raise PermissionDenied
    languages = [(code, get_language_info(code)["name_local"]) for code in get_pack(found.case.pack).languages]
    initial: dict[str, Any] = {"language": services_family.family_language(found.access)}
    if agreement is not None:
        initial = {name: getattr(agreement, name) for name in services_family.AGREEMENT_FIELDS}
        initial["version"] = agreement.version
    form = AgreementForm(request.POST or None, languages=languages, initial=initial)
    result: tuple[bool, list[str], int] = (False, [], 200)
    if request.method == "POST":
        result = run(
            request,
            form,
            lambda d: services_family.agreement_save(
                actor=request.user,
                access=found.access,
                placement=found.placement,
                expected_version=d["version"],
                values={name: d[name] for name in services_family.AGREEMENT_FIELDS},
                http_request=request,
            ),
            lambda: selectors.placement_agreement(found.placement).version,  # type: ignore[union-attr]
        )
        if result[0]:
            messages.success(request, _("The agreement was saved. Print it for the parents to sign."))
            return redirect(detail_url(case_pk, pk, "agreement"))
    return form_page(request, found, form, {"title": _("Foster-care agreement"), "submit": _("Save the agreement")}, result)


@require_permission(READ)
@require_GET
def placement_agreement_pdf(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    found = selectors.get_placement_for(request.user, case_pk, pk, http_request=request)
    agreement = selectors.placement_agreement(found.placement)
    if agreement is None:
        raise Http404
    response = HttpResponse(pdf.agreement_pdf(agreement, found.placement), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{pdf.agreement_filename(found.placement)}"'
    return response


@require_permission(WRITE)
@require_http_methods(["GET", "POST"])
def placement_agreement_sign(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    found = writable(request, case_pk, pk)
    agreement = selectors.placement_agreement(found.placement)
    if agreement is None or agreement.status != AgreementStatus.DRAFT:
        raise Http404
    form = AgreementSignForm(request.POST or None, request.FILES or None, initial={"version": agreement.version})
    result: tuple[bool, list[str], int] = (False, [], 200)
    if request.method == "POST":
        result = run(
            request,
            form,
            lambda d: services_family.agreement_sign(
                actor=request.user,
                access=found.access,
                placement=found.placement,
                expected_version=d["version"] or 0,
                signed_on=d["signed_on"],
                upload=d["file"],
                http_request=request,
            ),
            lambda: selectors.placement_agreement(found.placement).version,  # type: ignore[union-attr]
        )
        if result[0]:
            messages.success(request, _("The signed agreement was recorded and filed with the case's documents."))
            return redirect(detail_url(case_pk, pk, "agreement"))
    spec = {"title": _("Record the signed agreement"), "submit": _("Record the signature"), "multipart": True}
    return form_page(request, found, form, spec, result)


# The admission form abroad -------------------------------------------------------------------------------------


@require_permission(WRITE)
@require_http_methods(["GET", "POST"])
def placement_abroad(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    found = writable(request, case_pk, pk)
    rules = placement_rules(found.case.pack)
    if not rules.is_abroad_type(found.placement.measure.measure_type.code):
        raise Http404
    admission = selectors.placement_abroad_admission(found.placement)
    initial: dict[str, Any] = {"requested_on": timezone.localdate()}
    if admission is not None:
        initial = {name: getattr(admission, name) for name in services_family.ABROAD_FIELDS}
        initial["version"] = admission.version
    countries = [(code, pick(names)) for code, names in rules.countries.items() if code != rules.country]
    form = AbroadForm(request.POST or None, countries=countries, initial=initial)
    result: tuple[bool, list[str], int] = (False, [], 200)
    if request.method == "POST":
        result = run(
            request,
            form,
            lambda d: services_family.abroad_save(
                actor=request.user,
                access=found.access,
                placement=found.placement,
                expected_version=d["version"],
                values={name: d[name] for name in services_family.ABROAD_FIELDS},
                http_request=request,
            ),
            lambda: selectors.placement_abroad_admission(found.placement).version,  # type: ignore[union-attr]
        )
        if result[0]:
            messages.success(request, _("The admission form was saved."))
            return redirect(detail_url(case_pk, pk, "abroad"))
    return form_page(
        request, found, form, {"title": _("Admission to an institution abroad"), "submit": _("Save the form")}, result
    )


@require_permission(READ)
@require_GET
def placement_abroad_pdf(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    found = selectors.get_placement_for(request.user, case_pk, pk, http_request=request)
    admission = selectors.placement_abroad_admission(found.placement)
    if admission is None:
        raise Http404
    response = HttpResponse(pdf.abroad_pdf(admission, found.placement), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{pdf.abroad_filename(found.placement)}"'
    return response
