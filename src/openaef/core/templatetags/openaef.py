from __future__ import annotations

from typing import Any

from django import template
from django.http import QueryDict
from django.urls import translate_url as django_translate_url

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
