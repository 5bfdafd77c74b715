from __future__ import annotations

from typing import Any

from django import template
from django.http import QueryDict
from django.urls import translate_url as django_translate_url
from django.utils.html import format_html, format_html_join
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


@register.simple_tag
def choice_items(field: Any, kind: str) -> str:
    """The items of a GOV.UK radios or checkboxes group, each with its optional hint.

    Built in Python for the same reason as ``select_options``: iterating a bound field makes a
    widget and renders a template per option. Ids follow Django's (``id_<name>_<index>``).
    """
    value = field.value()
    values = value if isinstance(value, list | tuple) else [value]
    selected = {str(v) for v in values if v is not None}
    hints = getattr(field.field, "choice_hints", None) or {}
    input_type = "radio" if kind == "radios" else "checkbox"
    items = []
    for index, (choice, label) in enumerate(field.field.choices):
        item_id = f"{field.auto_id}_{index}"
        hint = hints.get(choice)
        items.append(
            format_html(
                '<div class="govuk-{kind}__item"><input class="govuk-{kind}__input" id="{id}" name="{name}" type="{type}"'
                ' value="{value}"{checked}{described}><label class="govuk-label govuk-{kind}__label" for="{id}">{label}</label>'
                "{hint}</div>",
                kind=kind,
                id=item_id,
                name=field.html_name,
                type=input_type,
                value=choice,
                checked=mark_safe(" checked") if str(choice) in selected else "",  # noqa: S308
                described=format_html(' aria-describedby="{}-item-hint"', item_id) if hint else "",
                label=label,
                hint=format_html('<div id="{}-item-hint" class="govuk-hint govuk-{}__hint">{}</div>', item_id, kind, hint)
                if hint
                else "",
            )
        )
    return mark_safe("".join(items))  # noqa: S308 - every part above is escaped by format_html


@register.filter
def errors_by_field_name(form: Any) -> list[tuple[str, str]]:
    """(anchor, message) pairs for ``core/forms/error_summary.html``, for forms whose inputs
    have the field's name as their id (the public catalogue's search forms)."""
    return [(f"#{name}", str(message)) for name in form.fields if name in form.errors for message in form.errors[name]]
