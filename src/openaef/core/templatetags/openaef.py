from __future__ import annotations

from typing import Any

from django import template
from django.http import QueryDict
from django.urls import translate_url as django_translate_url
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from openaef.core.i18n import pick

register = template.Library()


@register.filter
def tr(texts: Any) -> Any:
    """{{ measure.name|tr }}: the pack text in the current language."""
    return pick(texts)


@register.simple_tag(takes_context=True)
def translate_url(context: dict[str, Any], language: str) -> str:
    """This page in another language, with its query string (never personal data)."""
    request = context["request"]
    url = django_translate_url(request.path, language)
    if request.GET:
        url = f"{url}?{request.GET.urlencode()}"
    return url


@register.simple_tag(takes_context=True)
def query_with(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters replaced (None removes one)."""
    query: QueryDict = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            query.pop(key, None)
        else:
            query[key] = str(value)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    try:
        return mapping[key]
    except (KeyError, IndexError, TypeError):
        return None


@register.simple_tag
def select_options(field: Any) -> str:
    """The <option>s of a bound choice field, the current value selected.

    Built in Python: a template loop over a hundred communes costs milliseconds per page.
    """
    value = field.value()
    current = "" if value is None else str(value)
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((choice, mark_safe(" selected") if str(choice) == current else "", label) for choice, label in field.field.choices),  # noqa: S308
    )
