"""The public portal's information pages and the provider directory: no personal data."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.dates import WEEKDAYS
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from openaef.core.access import public
from openaef.core.i18n import pick
from openaef.core.packs import get_pack
from openaef.core.text import fold
from openaef.directory import selectors
from openaef.directory.models import Commune, Office
from openaef.directory.selectors import DirectoryFilters, ServiceSummary

from .presentation import fact_labels, service_cards


def language_label(code: str) -> str:
    """'de' -> 'German' in the reader's language; an unknown code is shown as it is."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def _pack_code() -> str:
    return str(settings.OPENAEF_PACK)


def _hotline(config: dict[str, Any]) -> dict[str, Any]:
    return dict(config.get("hotline_116000") or (config.get("contact") or {}).get("hotline_116000") or {})


def _emergency_numbers(config: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"number": item["number"], "label": pick(item.get("label"))} for item in config.get("emergency_numbers") or []]


def _opening_hours(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Pack opening hours use ISO weekdays (1 = Monday); Django's WEEKDAYS counts from 0."""
    return [
        {
            "day": WEEKDAYS[(int(row["weekday"]) - 1) % 7],
            "opens": row.get("opens", ""),
            "closes": row.get("closes", ""),
            "by_appointment": bool(row.get("by_appointment")),
        }
        for row in rows
    ]


@public
def home(request: HttpRequest) -> HttpResponse:
    config = get_pack().config
    return render(
        request,
        "portal/home.html",
        {
            "contact": config.get("contact") or {},
            "hotline": _hotline(config),
            "emergency_numbers": _emergency_numbers(config),
            "measure_groups": selectors.measure_types_by_category(_pack_code()),
        },
    )


@public
def measure_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "portal/catalogue/measure_list.html", {"measure_groups": selectors.measure_types_by_category(_pack_code())}
    )


@public
def measure_detail(request: HttpRequest, code: str) -> HttpResponse:
    measure = selectors.measure_type_detail(_pack_code(), code)
    return render(
        request,
        "portal/catalogue/measure_detail.html",
        {"measure": measure, "services": list(measure.services.all()), "contact": get_pack().config.get("contact") or {}},
    )


@public
def service_detail(request: HttpRequest, code: str) -> HttpResponse:
    service = selectors.service_detail(_pack_code(), code)
    language_labels = {lang.code: language_label(lang.code) for lang in service.languages.all()}
    return render(
        request,
        "portal/catalogue/service_detail.html",
        {
            "service": service,
            "card": service_cards([ServiceSummary.of(service)], language_labels=language_labels)[0],
            "labels": fact_labels(),
            "contact": get_pack().config.get("contact") or {},
        },
    )


class DirectoryForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    near = forms.CharField(label=_("Near a commune or postcode"), required=False, max_length=100)
    measure = forms.ChoiceField(label=_("Type of help"), required=False)
    age = forms.IntegerField(
        label=_("Age of the child or young adult"),
        required=False,
        min_value=0,
        max_value=120,
        error_messages={
            "invalid": _("Enter the age as a whole number, like 8"),
            "min_value": _("The age must be 0 or more"),
            "max_value": _("Enter a real age, like 8"),
        },
    )
    language = forms.ChoiceField(label=_("Language spoken"), required=False)
    region = forms.ChoiceField(label=_("Region (canton)"), required=False)
    commune = forms.ChoiceField(label=_("Commune"), required=False)
    free = forms.BooleanField(label=_("Only services that are free of charge"), required=False)
    page = forms.IntegerField(required=False, min_value=1)

    def __init__(self, *args: Any, pack: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pack = pack
        self.place_commune: Commune | None = None
        choices = selectors.filter_choices(pack)
        everything: list[tuple[str, Any]] = [("", _("Any"))]
        self._choice("measure").choices = everything + [(code, pick(name)) for code, name in choices.measure_types]
        self.language_labels = {code: language_label(code) for code in choices.languages}
        self._choice("language").choices = everything + list(self.language_labels.items())
        self._choice("region").choices = everything + [(canton, canton) for canton in choices.cantons]
        self._choice("commune").choices = everything + sorted(
            ((code, str(pick(name))) for code, name in choices.communes), key=lambda item: fold(item[1])
        )

    def _choice(self, name: str) -> forms.ChoiceField:
        return cast(forms.ChoiceField, self.fields[name])

    def clean_page(self) -> int:
        return self.cleaned_data.get("page") or 1

    def clean_near(self) -> str:
        place = (self.cleaned_data.get("near") or "").strip()
        if place:
            self.place_commune = selectors.locate_place(self.pack, place)
            if self.place_commune is None:
                raise forms.ValidationError(
                    _("We could not find that commune or postcode. Check the spelling, or enter a 4-digit postcode like 4031")
                )
        return place


def _directory_filters(form: DirectoryForm) -> DirectoryFilters:
    # Fields that failed validation are absent from cleaned_data: the others still filter.
    data = getattr(form, "cleaned_data", {})
    commune = form.place_commune
    return DirectoryFilters(
        query=data.get("q") or "",
        measure_code=data.get("measure") or "",
        age=data.get("age"),
        language=data.get("language") or "",
        region=data.get("region") or "",
        commune_code=data.get("commune") or "",
        free_only=bool(data.get("free")),
        near=(commune.latitude, commune.longitude) if commune else None,
    )


@public
def directory(request: HttpRequest) -> HttpResponse:
    pack = _pack_code()
    form = DirectoryForm(request.GET or None, pack=pack)
    filters, page = DirectoryFilters(), 1
    if form.is_bound:
        form.full_clean()  # fields that pass still filter when another one is wrong
        filters, page = _directory_filters(form), getattr(form, "cleaned_data", {}).get("page") or 1
    result = selectors.directory_search(pack, filters, page=page)
    return render(
        request,
        "portal/catalogue/directory.html",
        {
            "form": form,
            "result": result,
            "cards": service_cards(result.services, language_labels=form.language_labels),
            "labels": fact_labels(),
            "place_commune": form.place_commune,
        },
    )


class FindOfficeForm(forms.Form):
    place = forms.CharField(label=_("Your commune or postcode"), max_length=100, required=True)

    def __init__(self, *args: Any, pack: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].error_messages["required"] = _("Enter your commune or postcode")
        self.pack = pack
        self.commune: Commune | None = None

    def clean_place(self) -> str:
        place = self.cleaned_data["place"].strip()
        self.commune = selectors.locate_place(self.pack, place)
        if self.commune is None:
            raise forms.ValidationError(_("We could not find that commune or postcode"))
        return place


@public
def office_list(request: HttpRequest) -> HttpResponse:
    pack = _pack_code()
    form = FindOfficeForm(request.GET if "place" in request.GET else None, pack=pack)
    my_office: Office | None = None
    if form.is_bound and form.is_valid() and form.commune is not None:
        my_office = form.commune.office
    offices = selectors.offices_list(pack)
    for office in offices:
        office.hours = _opening_hours(office.opening_hours)  # type: ignore[attr-defined]
    return render(
        request,
        "portal/catalogue/office_list.html",
        {
            "form": form,
            "my_office": my_office,
            "my_commune": form.commune,
            "head_offices": [o for o in offices if o.kind == "head"],
            "regional_offices": [o for o in offices if o.kind != "head"],
            "contact": get_pack().config.get("contact") or {},
        },
    )


@public
def eligibility(request: HttpRequest) -> HttpResponse:
    config = get_pack().config
    return render(
        request,
        "portal/catalogue/eligibility.html",
        {
            "rules": config.get("eligibility") or {},
            "who_can_ask": config.get("who_can_ask") or {},
            "eligibility_text": config.get("eligibility_text") or {},
            "not_eligible_help": config.get("not_eligible_help") or {},
            "contact": config.get("contact") or {},
            "emergency_numbers": _emergency_numbers(config),
        },
    )


@public
def hotline(request: HttpRequest) -> HttpResponse:
    config = get_pack().config
    hotline = _hotline(config)
    return render(
        request,
        "portal/catalogue/hotline.html",
        {
            "hotline": hotline,
            "hotline_languages": [language_label(code) for code in hotline.get("languages") or []],
            "emergency_numbers": _emergency_numbers(config),
        },
    )
