"""Dated parameter values added by an administrator (merged with the pack's YAML by core.parameters).

A value is only ever added for a parameter the YAML defines, on a date that is not already one
of that parameter's dates; it is never changed. One added by mistake may be removed while its
date is still in the future; a value already in force stays (decisions were taken on it).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openaef.audit.models import AuditAction
from openaef.audit.services import audit_record

from .models import ParameterValue
from .parameters import ParameterNotFound, invalidate, parameter_tree
from .parameters_tree import NUMBER_UNITS, find_leaf, parse_value

MAX_NUMBER = Decimal("1000000000")
MAX_DECIMALS = 6


def _stored(value: Any, unit: str) -> Any:
    """The JSON form: numbers as strings so that no binary float ever touches money."""
    if value is None:
        return None
    if unit in NUMBER_UNITS:
        return str(value)
    return value


def _parsed(raw: Any, unit: str) -> Any:
    if isinstance(raw, str) and raw.strip() == "":
        raw = None
    if unit == "list" and isinstance(raw, str):
        raw = [code.strip() for code in raw.replace("\n", ",").split(",") if code.strip()]
    try:
        value = parse_value(raw, unit)
    except ValueError:
        messages = {
            "count": _("Enter a whole number."),
            "list": _("Enter one or more codes, separated by commas."),
            "bool": _("Choose yes or no."),
        }
        raise ValidationError({"value": messages.get(unit, _("Enter a number, such as 64.45."))}) from None
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool) and value < 0:
        raise ValidationError({"value": _("Enter a value of 0 or more.")})
    # A value beyond these bounds is a typing mistake, never an amount, rate or count of the law.
    if isinstance(value, Decimal) and (value >= MAX_NUMBER or value.as_tuple().exponent < -MAX_DECIMALS):  # type: ignore[operator]
        raise ValidationError({"value": _("Enter a number below 1,000,000,000 with at most 6 decimals.")})
    return value


def parameter_value_add(
    *,
    actor: Any,
    pack: str,
    name: str,
    start: dt.date,
    value: Any,
    reference: str = "",
    note: str = "",
) -> ParameterValue:
    """Adds a dated value (None: the parameter stops applying from ``start``)."""
    reference, note = (reference or "").strip(), (note or "").strip()
    try:
        leaf = find_leaf(parameter_tree(pack), name)
    except ParameterNotFound:
        raise ValidationError({"name": _("There is no parameter with this name.")}) from None
    errors: dict[str, str] = {}
    if start in leaf.dates:
        errors["start"] = _("This parameter already has a value from this date.")
    if not reference and not note:
        errors["reference"] = _("Give the legal reference, or a note saying where the value comes from.")
    try:
        parsed = _parsed(value, leaf.unit)
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    row = ParameterValue(
        pack=pack,
        name=name,
        start=start,
        value=_stored(parsed, leaf.unit),
        reference=reference,
        note=note,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    try:
        with transaction.atomic():
            row.save(force_insert=True)
            audit_record(actor=actor, action=AuditAction.CREATE, obj=row, fields=["name", "start", "value"], reason=name)
    except IntegrityError:
        # Two administrators adding the same date at once: the unique constraint decides.
        raise ValidationError({"start": _("This parameter already has a value from this date.")}) from None
    transaction.on_commit(lambda: invalidate(pack))
    invalidate(pack)
    return row


def parameter_value_remove(*, actor: Any, value: ParameterValue, today: dt.date | None = None) -> None:
    """Removes a value added in the database whose date has not come yet."""
    today = today or timezone.localdate()
    with transaction.atomic():
        row = ParameterValue.objects.select_for_update().filter(pk=value.pk).first()
        if row is None:
            raise ValidationError(_("This value was already removed."))
        if row.start <= today:
            raise ValidationError(_("A value already in force cannot be removed: add a new value instead."))
        pack, name, pk = row.pack, row.name, row.pk
        row.delete()
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            object_type="core.parametervalue",
            object_id=str(pk),
            fields=["removed"],
            reason=name,
        )
    transaction.on_commit(lambda: invalidate(pack))
    invalidate(pack)
