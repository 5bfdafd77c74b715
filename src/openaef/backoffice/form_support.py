"""What the back office's form views share: a service's refusal shown on the form, and a form
rebuilt after a stale save with the version the person now sees."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import QueryDict


def add_errors(form: Any, error: ValidationError, rename: dict[str, str] | None = None) -> None:
    """A service's ValidationError on the form: next to the field it names (``rename`` maps a
    service's name to the form's), at the top of the form otherwise."""
    if not hasattr(error, "error_dict"):
        for text in error.messages:
            form.add_error(None, text)
        return
    for name, texts in error.message_dict.items():
        name = (rename or {}).get(name, name)
        for text in texts:
            form.add_error(name if name in form.fields else None, text)


def with_version(data: QueryDict, key: str, version: int) -> QueryDict:
    """What the person typed, with the version they now see under ``key``: saving again is a
    deliberate act."""
    data = data.copy()
    data[key] = str(version)
    return data
