"""Two snapshots compared section by section, one line per goal, measure, action or person."""

from __future__ import annotations

import pytest
from django.utils import translation

from openaef.projects.diff import compare, section_lines, snapshot_content

from .factories import draft

EMPTY = {"summary": "", "language": "fr", "goals": [], "planned_measures": [], "actions": [], "participants": []}


def goal(text: str, **extra: str) -> dict:
    return {"id": 1, "domain": "", "goal": text, "indicators": "", "target_on": None, **extra}


def by_key(old: dict, new: dict) -> dict:
    return {section.key: section for section in compare(old, new)}


def test_an_added_goal_reads_as_added_and_the_rest_is_unchanged():
    old = {**EMPTY, "goals": [goal("Un")]}
    new = {**EMPTY, "goals": [goal("Un"), goal("Deux")]}
    sections = by_key(old, new)
    assert [(c.kind, c.old, c.new) for c in sections["goals"].changes] == [("same", "Un", "Un"), ("added", "", "Deux")]
    assert not sections["summary"].changed and not sections["actions"].changed


def test_a_changed_goal_reads_as_before_and_after():
    old = {**EMPTY, "goals": [goal("Un"), goal("Deux")]}
    new = {**EMPTY, "goals": [goal("Un"), goal("Deux, précisé", target_on="2026-09-30")]}
    changes = by_key(old, new)["goals"].changes
    assert changes[1].kind == "changed" and changes[1].old == "Deux"
    assert changes[1].new.startswith("Deux, précisé") and "2026-09-30" in changes[1].new


def test_a_removed_line_of_the_summary_reads_as_removed():
    old = {**EMPTY, "summary": "Ligne un\nLigne deux"}
    new = {**EMPTY, "summary": "Ligne un"}
    assert [(c.kind, c.old) for c in by_key(old, new)["summary"].changes] == [("same", "Ligne un"), ("removed", "Ligne deux")]


def test_a_goal_shows_its_domain_in_the_readers_language():
    content = {**EMPTY, "goals": [goal("Un", domain="housing")]}
    with translation.override("fr"):
        assert section_lines(content, "goals") == ["[Logement] Un"]
    with translation.override("de"):
        assert section_lines(content, "goals") == ["[Wohnen] Un"]


@pytest.mark.django_db
def test_a_snapshot_holds_everything_the_project_says(case, coordinator):
    project = draft(case, coordinator, "Un", "Deux")
    content = snapshot_content(project)
    assert set(content) == set(EMPTY)
    assert [g["goal"] for g in content["goals"]] == ["Un", "Deux"]
    assert content["summary"] == "La famille a besoin de soutien."
