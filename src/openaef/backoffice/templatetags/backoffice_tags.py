from __future__ import annotations

from django import template
from django.utils.translation import get_language_info

register = template.Library()


@register.filter
def language_label(code: str) -> str:
    """The language's own name, or the code itself when Django does not know it."""
    try:
        return str(get_language_info(code)["name_local"])
    except KeyError:
        return code
