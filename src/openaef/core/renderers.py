"""A form renderer that writes the common widgets in Python.

Django renders every widget through a template (an input is three templates: its own, input.html
and attrs.html). On a back-office page with a dozen fields that was several milliseconds of the
page's budget. This renderer produces byte-for-byte what Django's templates produce (a test
compares the two for every kind of widget it handles) and falls back to the templates for the
rest.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe


def _text(value: Any) -> str:
    """What ``{{ value }}`` and ``{{ value|stringformat:'s' }}`` print: escaped unless already safe."""
    return conditional_escape(value if isinstance(value, str) else str(value))


def _attrs(attrs: dict[str, Any]) -> str:
    # django/forms/widgets/attrs.html
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {_text(name)}" if value is True else f' {_text(name)}="{_text(value)}"')
    return "".join(parts)


def _input(widget: dict[str, Any]) -> str:
    # django/forms/widgets/input.html
    value = "" if widget["value"] is None else f' value="{_text(widget["value"])}"'
    return f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{value}{_attrs(widget["attrs"])}>'


def _option(option: dict[str, Any]) -> str:
    # django/forms/widgets/select_option.html (its file ends with a newline)
    return f'<option value="{_text(option["value"])}"{_attrs(option["attrs"])}>{_text(option["label"])}</option>\n'


def _select(widget: dict[str, Any]) -> str:
    # django/forms/widgets/select.html, whitespace included
    out = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{_text(group_name)}">')
        out.extend("\n  " + _option(option) for option in group_choices)
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


def _textarea(widget: dict[str, Any]) -> str:
    # django/forms/widgets/textarea.html
    value = _text(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _govuk_date(widget: dict[str, Any]) -> str:
    # core/forms/govuk_date_input.html
    out = [f'<div class="govuk-date-input" id="{_text(widget["attrs"].get("id"))}">']
    for sub in widget["subwidgets"]:
        value = "" if sub["value"] is None else f' value="{_text(sub["value"])}"'
        out.append(
            '\n  <div class="govuk-date-input__item">\n    <div class="govuk-form-group">\n'
            f'      <label class="govuk-label govuk-date-input__label" for="{_text(sub["attrs"].get("id"))}">{_text(sub["label"])}</label>\n'
            f'      <input type="text"{value} name="{_text(sub["name"])}"{_attrs(sub["attrs"])}>\n'
            "    </div>\n  </div>"
        )
    out.append("\n</div>")
    return "".join(out)


_INPUTS = ("text", "email", "number", "password", "url", "search", "hidden", "date", "datetime", "time", "tel")
RENDERERS: dict[str, Callable[[dict[str, Any]], str]] = {
    **{f"django/forms/widgets/{kind}.html": _input for kind in _INPUTS},
    "django/forms/widgets/select.html": _select,
    "django/forms/widgets/textarea.html": _textarea,
    "core/forms/govuk_date_input.html": _govuk_date,
}


def _options_are_plain(widget: dict[str, Any]) -> bool:
    """A select whose options use another template than Django's is left to the templates."""
    return all(
        option["template_name"] == "django/forms/widgets/select_option.html"
        for _name, choices, _index in widget.get("optgroups", ())
        for option in choices
    )


class FastWidgetRenderer(DjangoTemplates):
    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> SafeString:
        render = RENDERERS.get(template_name)
        if render is None or "widget" not in context or not _options_are_plain(context["widget"]):
            return super().render(template_name, context, request)
        # Django's renderer strips what its templates produce: so does this one.
        return mark_safe(render(context["widget"]).strip())  # noqa: S308 - every value is escaped above
