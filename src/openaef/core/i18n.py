"""Texts of a jurisdiction pack, stored per language as {"fr": ..., "de": ..., "en": ..., "lb": ...}."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import get_language


def pick(texts: Any, language: str | None = None) -> Any:
    """The text in the current (or given) language, falling back to the pack's default language
    (a commune has no English name: English readers see the official French one), then any."""
    from .packs import get_pack

    if not isinstance(texts, dict):
        return texts if texts is not None else ""
    language = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    for candidate in (language, get_pack().config.get("default_language", settings.LANGUAGE_CODE), "en"):
        value = texts.get(candidate)
        if value:
            return value
    return next((value for value in texts.values() if value), "")
