"""The forms of the contribution pages: the assessment (payer, date, children, and repeatable
income and expense lines that work without JavaScript: a few blank rows and an "add another
line" button that shows the form again with one more row, keeping what was typed), the
reassessment, the decision and the worklist's filters."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from openaef.core.forms import GovukDateField, GovukFormMixin
from openaef.finance.assessments_pack import parse_amount
from openaef.finance.models import ItemKind
from openaef.finance.services_assessments import MAX_CHILDREN

BLANK_ROWS: dict[str, int] = {ItemKind.INCOME: 3, ItemKind.EXPENSE: 2}
MAX_ROWS = 40
LINE_FIELDS = ("category", "label", "monthly")


class AssessmentForm(GovukFormMixin, forms.Form):
    payer = forms.TypedChoiceField(
        label=_("Who pays"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who pays.")},
        help_text=_("One of the child's parents or legal representatives; the decision letter is sent to them."),
    )
    effective_from = GovukDateField(
        label=_("Applies from"),
        help_text=_("The first day of a month, for example 1 3 2026. Not before the month the measure started."),
        error_messages={"required": _("Enter the date the contribution applies from.")},
    )
    dependent_children = forms.IntegerField(
        label=_("Children still dependent on the parents"),
        min_value=0,
        max_value=MAX_CHILDREN,
        help_text=_("Count every child the household still supports, this child included."),
        error_messages={
            "required": _("Enter the number of children still dependent on the parents."),
            "invalid": _("Enter a whole number, like 2."),
            "min_value": _("Enter 0 or more."),
            "max_value": _("Enter a smaller number."),
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input govuk-input--width-3"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, payers: list[tuple[int, str]], with_reason: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["payer"].choices = payers  # type: ignore[attr-defined]
        if with_reason:
            self.fields["reason"] = forms.CharField(
                label=_("Why the contribution is reassessed"),
                widget=forms.Textarea(attrs={"rows": 3, "class": "govuk-textarea"}),
                error_messages={"required": _("Say why the contribution is reassessed.")},
            )
            self.fields["reason"].widget_kind = "textarea"  # type: ignore[attr-defined]
            self.fields["reason"].choice_hints = {}  # type: ignore[attr-defined]


class LineForm(GovukFormMixin, forms.Form):
    """One income or expense row; a row left blank is ignored."""

    category = forms.ChoiceField(label=_("Category"), required=False)
    label = forms.CharField(label=_("Description"), required=False, max_length=200)
    monthly = forms.CharField(
        label=_("Amount per month, in euros"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input govuk-input--width-10"}),
    )

    def __init__(self, *args: Any, kind: str, number: int, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.number = number
        self.fields["category"].choices = [("", _("Choose a category")), *choices]  # type: ignore[attr-defined]

    def is_blank(self) -> bool:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return not any(str(data.get(name) or "").strip() for name in LINE_FIELDS)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(str(data.get(name) or "").strip() for name in LINE_FIELDS):
            return data
        if not data.get("category"):
            self.add_error("category", _("Choose a category, or empty the line."))
        amount = parse_amount(data.get("monthly"))
        if not str(data.get("monthly") or "").strip():
            self.add_error("monthly", _("Enter the amount per month, or empty the line."))
        elif amount is None:
            self.add_error("monthly", _("Enter an amount of 0 or more with at most 2 decimal places, like 1250.50."))
        else:
            data["amount"] = amount
        return data

    def item(self) -> tuple[str, str, str, Decimal]:
        return (self.kind, self.cleaned_data["category"], self.cleaned_data.get("label") or "", self.cleaned_data["amount"])


def raw_values(form: forms.Form, data: QueryDict) -> dict[str, Any]:
    """What was typed in each field, unchecked: shown again by an unbound form (no errors yet)."""
    return {name: field.widget.value_from_datadict(data, {}, form.add_prefix(name)) for name, field in form.fields.items()}


def row_count(data: QueryDict | None, kind: str, default: int) -> int:
    try:
        count = int(data.get(f"{kind}-count", default) if data is not None else default)
    except (TypeError, ValueError):
        count = default
    return max(1, min(count, MAX_ROWS))


def line_rows(
    kind: str,
    *,
    choices: list[tuple[str, str]],
    data: QueryDict | None = None,
    count: int,
    initial: list[dict[str, Any]] | None = None,
    bound: bool = True,
) -> list[LineForm]:
    """``count`` rows of ``kind``: bound to ``data`` to be checked, or (``bound=False``) showing
    what ``data`` holds without checking it (after "add another line")."""
    rows = []
    for i in range(count):
        prefix = f"{kind}-{i}"
        if data is not None and bound:
            rows.append(LineForm(data, prefix=prefix, kind=kind, number=i + 1, choices=choices))
            continue
        if data is not None:
            values = {name: data.get(f"{prefix}-{name}", "") for name in LINE_FIELDS}
        else:
            values = (initial or [])[i] if i < len(initial or []) else {}
        rows.append(LineForm(prefix=prefix, kind=kind, number=i + 1, choices=choices, initial=values))
    return rows


class ReassessForm(GovukFormMixin, forms.Form):
    effective_from = GovukDateField(
        label=_("The new contribution applies from"),
        help_text=_("The first day of a month, for example 1 3 2026."),
        error_messages={"required": _("Enter the date the new contribution applies from.")},
    )
    reason = forms.CharField(
        label=_("Why the contribution is reassessed"),
        help_text=_("For example: a new job, a separation, a child no longer dependent."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the contribution is reassessed.")},
    )


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class DiscardForm(GovukFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Why the draft is discarded"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=500
    )


class WorklistFilterForm(GovukFormMixin, forms.Form):
    measure_type = forms.ChoiceField(label=_("Measure type"), required=False)
    office = forms.TypedChoiceField(label=_("Regional office"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, types: list[tuple[str, str]], offices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measure_type"].choices = [("", _("All types")), *types]  # type: ignore[attr-defined]
        self.fields["office"].choices = [("", _("All offices")), *offices]  # type: ignore[attr-defined]
