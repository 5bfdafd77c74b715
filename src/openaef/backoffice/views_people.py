"""Person pages: search, a person's page, editing with a version check, relationships,
households, duplicates and merging. Every person is reached through people.selectors.get_person_for."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from openaef.core.access import require_permission
from openaef.core.errors import StaleVersion
from openaef.people.duplicates import duplicates_of
from openaef.people.models import Person
from openaef.people.selectors import (
    PersonAccess,
    get_person_for,
    household_member_of,
    membership_of,
    person_search,
    relationship_of,
    visible_persons,
)
from openaef.people.services import (
    household_create,
    household_member_add,
    household_member_end,
    person_merge,
    person_update,
    relationship_add,
    relationship_end,
    relative_create,
)

from .form_support import add_errors, with_version
from .forms_people import (
    OTHER_IS_RELATIVE_OF,
    EndForm,
    HouseholdForm,
    HouseholdMemberForm,
    MergeForm,
    PersonForm,
    PersonSearchForm,
    RelationshipForm,
)
from .presentation_people import changed_values, person_page_context

CHOICES_SHOWN = 10
GET_POST = require_http_methods(["GET", "POST"])


def _access(request: HttpRequest, pk: int, **kwargs: Any) -> PersonAccess:
    return get_person_for(request.user, pk, http_request=request, **kwargs)


def _editable(request: HttpRequest, pk: int) -> PersonAccess:
    access = _access(request, pk)
    if access.person.merged_into_id is not None or not access.can_edit:
        raise PermissionDenied
    return access


def _errors(*forms_: Any, extra: list[str] | None = None) -> list[tuple[str, str]]:
    return [("", message) for message in extra or []] + [item for form in forms_ if form for item in form.error_summary()]


@require_permission("people.view_person")
@require_GET
def person_search_view(request: HttpRequest) -> HttpResponse:
    form = PersonSearchForm(request.GET if request.GET else None)
    page = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        page = person_search(request.user, data["q"], data["birth_date"], cursor=request.GET.get("cursor"))
    context = {"form": form, "page": page, "nav_section": "people", "error_summary": _errors(form)}
    return render(request, "backoffice/people/search.html", context)


@require_permission("people.view_person")
@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    show_id = request.GET.get("identifier") == "full"
    access = _access(request, pk, audit_fields=["national_id"] if show_id else ())
    if access.person.merged_into_id is not None:
        return redirect("backoffice:person_detail", access.person.merged_into_id)
    context = person_page_context(request.user, access, show_id=show_id)
    return render(request, "backoffice/people/detail.html", context)


@require_permission("people.edit_person")
@GET_POST
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    access = _editable(request, pk)
    person = access.person
    if request.method == "GET":
        form = PersonForm(initial=PersonForm.initial_for(person), pack=person.pack)
        return _render_edit(request, person, form)
    form = PersonForm(request.POST, pack=person.pack)
    if not form.is_valid():
        return _render_edit(request, person, form)
    try:
        person_update(
            actor=request.user,
            person=person,
            expected_version=form.cleaned_data["version"],
            request=request,
            **form.service_fields(),
        )
    except StaleVersion:
        fresh = _access(request, pk).person
        form = PersonForm(with_version(request.POST, "version", fresh.version), pack=fresh.pack)
        form.is_valid()
        conflict = changed_values(form, fresh)
        return _render_edit(request, fresh, form, stale=True, conflict=conflict, status=409)
    except ValidationError as error:
        add_errors(form, error)
        return _render_edit(request, person, form)
    messages.success(request, _("The details are saved."))
    return redirect("backoffice:person_detail", person.pk)


def _render_edit(
    request: HttpRequest,
    person: Person,
    form: PersonForm,
    *,
    stale: bool = False,
    conflict: list[dict[str, str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "person": person,
        "form": form,
        "conflict": conflict or [],
        "error_summary": _errors(form, extra=[str(StaleVersion.message)] if stale else None),
        "nav_section": "people",
    }
    return render(request, "backoffice/people/edit.html", context, status=status)


def _choices(request: HttpRequest, person: Person, q: str) -> list[Person]:
    if not q.strip():
        return []
    return person_search(request.user, q, size=CHOICES_SHOWN, exclude_pk=person.pk).items


@require_permission("people.edit_person")
@GET_POST
def person_relationship_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = _editable(request, pk).person
    q = (request.POST if request.method == "POST" else request.GET).get("q", "")
    choices = _choices(request, person, q)
    if request.method == "GET":
        form = RelationshipForm(person=person, choices=choices, initial={"direction": OTHER_IS_RELATIVE_OF})
        return _render_relationship(request, person, form, q, choices)
    form = RelationshipForm(request.POST, person=person, choices=choices)
    if not form.is_valid():
        return _render_relationship(request, person, form, q, choices)
    data = form.cleaned_data
    link = {name: data[name] for name in ("kind", "kind_details", "holds_parental_authority", "is_legal_representative", "since")}
    other_is_relative = data["direction"] == OTHER_IS_RELATIVE_OF
    try:
        if data["relative"] is not None:
            other = _access(request, data["relative"].pk).person
            first, second = (other, person) if other_is_relative else (person, other)
            relationship_add(actor=request.user, person=first, relative=second, request=request, **link)
        else:
            relative_create(
                actor=request.user,
                of=person,
                surname=data["new_surname"],
                first_names=data["new_first_names"],
                birth_date=data["new_birth_date"],
                is_relative_of=other_is_relative,
                request=request,
                **link,
            )
    except ValidationError as error:
        add_errors(form, error)
        return _render_relationship(request, person, form, q, choices)
    messages.success(request, _("The relationship is recorded."))
    return redirect("backoffice:person_detail", person.pk)


def _render_relationship(
    request: HttpRequest, person: Person, form: RelationshipForm, q: str, choices: list[Person]
) -> HttpResponse:
    context = {
        "person": person,
        "form": form,
        "q": q,
        "searched": bool(q.strip()),
        "choices": choices,
        "error_summary": _errors(form),
        "nav_section": "people",
    }
    return render(request, "backoffice/people/relationship_add.html", context)


def _render_end(request: HttpRequest, person: Person, form: EndForm, title: str, what: str) -> HttpResponse:
    context = {"person": person, "form": form, "title": title, "what": what, "error_summary": _errors(form)}
    return render(request, "backoffice/people/end.html", context)


@require_permission("people.edit_person")
@GET_POST
def person_relationship_end(request: HttpRequest, pk: int, relationship_pk: int) -> HttpResponse:
    person = _editable(request, pk).person
    link = relationship_of(person, relationship_pk)
    title = _("End a relationship")
    what = _("%(person)s is the %(kind)s of %(relative)s.") % {
        "person": link.person.full_name,
        "kind": link.get_kind_display().lower(),
        "relative": link.relative.full_name,
    }
    form = EndForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            relationship_end(actor=request.user, relationship=link, until=form.cleaned_data["until"], request=request)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The relationship is ended."))
            return redirect("backoffice:person_detail", person.pk)
    return _render_end(request, person, form, title, what)


@require_permission("people.edit_person")
@GET_POST
def person_household_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = _editable(request, pk).person
    form = HouseholdForm(request.POST if request.method == "POST" else None, initial={"address": person.address})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            household_create(
                actor=request.user,
                pack=person.pack,
                name=data["name"],
                address=data["address"],
                postcode=data["postcode"],
                commune=person.commune if data["address"] == person.address else None,
                members=[person],
                since=data["since"],
                request=request,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The household is recorded."))
            return redirect("backoffice:person_detail", person.pk)
    context = {"person": person, "form": form, "error_summary": _errors(form), "nav_section": "people"}
    return render(request, "backoffice/people/household_add.html", context)


@require_permission("people.edit_person")
@GET_POST
def person_household_member_add(request: HttpRequest, pk: int, household_pk: int) -> HttpResponse:
    person = _editable(request, pk).person
    household = membership_of(person, household_pk).household
    q = (request.POST if request.method == "POST" else request.GET).get("q", "")
    choices = _choices(request, person, q)
    form = HouseholdMemberForm(request.POST if request.method == "POST" else None, choices=choices)
    if request.method == "POST" and form.is_valid():
        other = _access(request, form.cleaned_data["person"].pk).person
        try:
            household_member_add(
                actor=request.user, household=household, person=other, since=form.cleaned_data["since"], request=request
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The household is updated."))
            return redirect("backoffice:person_detail", person.pk)
    context = {
        "person": person,
        "household": household,
        "form": form,
        "q": q,
        "searched": bool(q.strip()),
        "choices": choices,
        "error_summary": _errors(form),
        "nav_section": "people",
    }
    return render(request, "backoffice/people/household_member_add.html", context)


@require_permission("people.edit_person")
@GET_POST
def person_household_member_end(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    person = _editable(request, pk).person
    member = household_member_of(person, member_pk)
    title = _("Record that someone left the household")
    what = _("%(person)s left %(household)s.") % {"person": member.person.full_name, "household": member.household}
    form = EndForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            household_member_end(actor=request.user, member=member, until=form.cleaned_data["until"], request=request)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The household is updated."))
            return redirect("backoffice:person_detail", person.pk)
    return _render_end(request, person, form, title, what)


@require_permission("people.view_person")
@require_GET
def person_duplicates(request: HttpRequest, pk: int) -> HttpResponse:
    access = _access(request, pk)
    person = access.person
    if person.merged_into_id is not None:
        return redirect("backoffice:person_duplicates", person.merged_into_id)
    candidates = duplicates_of(person)
    # Only the records the user may see are shown: a duplicate in another office's case is
    # that office's to merge.
    visible = set(visible_persons(request.user).filter(pk__in=[c.person.pk for c in candidates]).values_list("pk", flat=True))
    context = {
        "person": person,
        "candidates": [c for c in candidates if c.person.pk in visible],
        "can_merge": access.can_edit and request.user.has_perm("people.merge_persons"),
        "nav_section": "people",
    }
    return render(request, "backoffice/people/duplicates.html", context)


@require_permission("people.merge_persons")
@GET_POST
def person_merge_view(request: HttpRequest, pk: int, other_pk: int) -> HttpResponse:
    person = _editable(request, pk).person
    other = _editable(request, other_pk).person
    if person.pk == other.pk:
        raise Http404
    if request.method == "GET":
        form = MergeForm(person=person, other=other, initial={"version": person.version, "other_version": other.version})
        return _render_merge(request, person, other, form)
    form = MergeForm(request.POST, person=person, other=other)
    if not form.is_valid():
        return _render_merge(request, person, other, form)
    data = form.cleaned_data
    keep, duplicate = (person, other) if data["keep"] == str(person.pk) else (other, person)
    versions = {person.pk: data["version"], other.pk: data["other_version"]}
    try:
        person_merge(
            actor=request.user,
            keep=keep,
            duplicate=duplicate,
            reason=data["reason"],
            keep_version=versions[keep.pk],
            duplicate_version=versions[duplicate.pk],
            request=request,
        )
    except StaleVersion:
        person, other = _access(request, pk).person, _access(request, other_pk).person
        data = request.POST.copy()
        data["version"], data["other_version"] = str(person.version), str(other.version)
        form = MergeForm(data, person=person, other=other)
        form.is_valid()
        return _render_merge(request, person, other, form, stale=True, status=409)
    except ValidationError as error:
        add_errors(form, error)
        return _render_merge(request, person, other, form)
    messages.success(request, _("The two records are merged."))
    return redirect("backoffice:person_detail", keep.pk)


def _render_merge(
    request: HttpRequest, person: Person, other: Person, form: MergeForm, *, stale: bool = False, status: int = 200
) -> HttpResponse:
    context = {
        "person": person,
        "other": other,
        "form": form,
        "error_summary": _errors(form, extra=[str(StaleVersion.message)] if stale else None),
        "nav_section": "people",
    }
    return render(request, "backoffice/people/merge.html", context, status=status)
