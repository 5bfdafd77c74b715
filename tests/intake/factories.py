"""Answers to the request for help, as a browser posts them and as the service receives them."""

from __future__ import annotations

from datetime import date
from typing import Any

from openaef.directory.models import Commune
from openaef.intake.forms import local_today, new_signed_token
from openaef.intake.services import ParentInput, RequestInput


def years_ago(years: int, *, days_later: int = 0) -> date:
    from datetime import timedelta

    today = local_today()
    try:
        anniversary = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        anniversary = today.replace(year=today.year - years, day=28)
    return anniversary + timedelta(days=days_later)


def date_fields(name: str, value: date) -> dict[str, str]:
    return {f"{name}_day": str(value.day), f"{name}_month": str(value.month), f"{name}_year": str(value.year)}


def form_data(**overrides: Any) -> dict[str, Any]:
    """A complete, valid request from a mother, by telephone, for a nine-year-old in Differdange."""
    commune = Commune.objects.get(pack="lu", code="differdange")
    data: dict[str, Any] = {
        "submission_token": new_signed_token(),
        "requester_type": "family_member",
        "requester_name": "Marie Schmit",
        "requester_organisation": "",
        "requester_relationship": "Mother",
        "child_first_names": "Léa",
        "child_surname": "Schmit-Kieffer",
        **date_fields("child_birth_date", years_ago(9, days_later=-30)),
        "child_present_in_country": "yes",
        "child_commune": str(commune.pk),
        "child_postcode": "",
        "child_situation": "fundamental_school",
        "child_situation_details": "École du Centre",
        "parent1-relationship": "mother",
        "parent1-full_name": "Marie Schmit",
        "parent1-phone": "621 123 456",
        "parent1-parental_authority": "yes",
        "parent1-agreement": "agrees",
        "parent2-relationship": "",
        "parent2-full_name": "",
        "parent2-phone": "",
        "parents_informed": "yes",
        "situation": "Depuis la séparation, Léa ne dort plus et refuse d'aller à l'école.",
        "preferred_language": "fr",
        "contact_preference": "phone",
        "contact_phone": "621 123 456",
        "contact_email": "marie.schmit@example.test",
        "contact_address": "",
        "contact_times": "after 4 pm",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def request_input(**overrides: Any) -> RequestInput:
    values: dict[str, Any] = {
        "requester_type": "family_member",
        "requester_name": "Marie Schmit",
        "contact_preference": "phone",
        "contact_phone": "+352621123456",
        "contact_email": "marie.schmit@example.test",
        "preferred_language": "fr",
        "child_first_names": "Léa",
        "child_surname": "Schmit-Kieffer",
        "child_birth_date": years_ago(9),
        "child_commune": Commune.objects.get(pack="lu", code="differdange"),
        "situation": "Depuis la séparation, Léa ne dort plus.",
        "parents": [ParentInput(relationship="mother", full_name="Marie Schmit", agreement="agrees")],
    }
    values.update(overrides)
    return RequestInput(**values)
