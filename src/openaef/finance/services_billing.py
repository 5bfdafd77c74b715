"""Providers' billing: dated tariffs, the account a provider is paid to, monthly statements.

A tariff is never changed once set: a new amount is a new row from a new date, so that every
statement line keeps the rate it was priced with. A tariff may be removed (a typing mistake)
only while no statement line uses it.

A statement is prepared by the provider from the activity it recorded (``billing_build``), sent,
then validated by finance (which books it: Dr 6100 / Cr 4010) or returned with a reason. Each
write runs in one transaction, checks ``STATEMENT_MACHINE`` and the version read, and records
its audit entry last.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openaef.accounts.models import Role, User
from openaef.audit.models import AuditAction
from openaef.audit.services import audit_record
from openaef.core.errors import StaleVersion, TransitionNotAllowed
from openaef.directory.models import MeasureType, Provider, Service
from openaef.measures.selectors_provider import provider_ids_of
from openaef.notifications.models import NotificationKind
from openaef.notifications.services import notify

from . import rules  # noqa: F401  registers the finance permissions
from .banking import bic_error, iban_error, normalise_bic, normalise_iban
from .billing_build import ZERO, Built, build_statement, signature
from .billing_checks import BLOCKING_FLAGS
from .ledger import book, transfer
from .models import Account, PayeeAccount, Statement, StatementLine, Tariff, Unit
from .states import STATEMENT_MACHINE, StatementStatus

TARIFF_FIELDS = ["provider", "service", "measure_type", "unit", "amount", "valid_from", "reference"]


def require_finance(actor: Any) -> None:
    if not actor.has_perm("finance.change_finance"):
        raise PermissionDenied


def offered_measure_types(provider: Provider, service: Service | None) -> list[MeasureType]:
    """The measure types a tariff can be set for: the service's, or any of the provider's services'."""
    qs = MeasureType.objects.filter(services__provider=provider) if service is None else service.measure_types.all()
    return list(qs.distinct().order_by("position", "code"))


def _tariff_errors(
    provider: Provider, service: Service | None, measure_type: MeasureType, unit: str, amount: Decimal, reference: str
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if service is not None and service.provider_id != provider.pk:
        errors["service"] = _("Choose one of this provider's services.")
    elif measure_type.pk not in {t.pk for t in offered_measure_types(provider, service)}:
        errors["measure_type"] = (
            _("This service does not offer this measure type.")
            if service
            else _("None of this provider's services offers this measure type.")
        )
    if unit not in Unit.values:
        errors["unit"] = _("Choose a unit.")
    if amount <= 0 or amount.as_tuple().exponent < -2:  # type: ignore[operator]
        errors["amount"] = _("Enter an amount greater than 0, in euros and cents, like 182.50")
    if not reference.strip():
        errors["reference"] = _("Enter the agreement or the decision that sets this tariff.")
    return errors


def tariff_add(
    *,
    actor: Any,
    provider: Provider,
    service: Service | None,
    measure_type: MeasureType,
    unit: str,
    amount: Decimal,
    valid_from: dt.date,
    reference: str,
    http_request: HttpRequest | None = None,
) -> Tariff:
    """Adds a tariff from ``valid_from``: for the same provider, service, measure type and unit,
    it ends the one in force before that day."""
    require_finance(actor)
    errors = _tariff_errors(provider, service, measure_type, unit, amount, reference)
    if errors:
        raise ValidationError(errors)
    taken = ValidationError(
        {
            "valid_from": _(
                "A tariff for this measure type and unit already starts on this day. Choose another day, "
                "or remove that tariff first if no statement uses it."
            )
        }
    )
    with transaction.atomic():
        # The provider's row serialises additions: the database's own check of an empty service
        # (a unique constraint with nulls not distinct) does not exist on SQLite.
        Provider.objects.select_for_update().filter(pk=provider.pk).first()
        same_day = Tariff.objects.filter(
            provider=provider, service=service, measure_type=measure_type, unit=unit, valid_from=valid_from
        )
        if same_day.exists():
            raise taken
        try:
            with transaction.atomic():
                tariff = Tariff.objects.create(
                    provider=provider,
                    service=service,
                    measure_type=measure_type,
                    unit=unit,
                    amount=amount,
                    valid_from=valid_from,
                    reference=reference.strip(),
                    created_by=actor,
                )
        except IntegrityError:
            raise taken from None
        audit_record(actor=actor, action=AuditAction.CREATE, obj=tariff, fields=TARIFF_FIELDS, request=http_request)
    return tariff


def tariff_remove(*, actor: Any, tariff: Tariff, http_request: HttpRequest | None = None) -> None:
    """Removes a tariff typed by mistake, unless a statement line was priced with it."""
    require_finance(actor)
    with transaction.atomic():
        current = Tariff.objects.select_for_update().filter(pk=tariff.pk).first()
        if current is None:
            raise StaleVersion
        if StatementLine.objects.filter(tariff=current).exists():
            raise ValidationError(
                _("A statement was priced with this tariff: it cannot be removed. Add a new tariff from a new date instead.")
            )
        pk = current.pk
        current.delete()
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            object_type="finance.tariff",
            object_id=str(pk),
            fields=TARIFF_FIELDS,
            reason="removed",
            request=http_request,
        )


def payee_account_save(
    *,
    actor: Any,
    provider: Provider,
    holder: str,
    iban: str,
    bic: str,
    expected_version: int | None,
    http_request: HttpRequest | None = None,
) -> PayeeAccount:
    """Records where the provider is paid (``expected_version`` None: there was no account yet)."""
    require_finance(actor)
    errors = {}
    if not holder.strip():
        errors["holder"] = _("Enter the account holder's name.")
    if iban_error(iban):
        errors["iban"] = iban_error(iban)
    if bic and bic_error(bic):
        errors["bic"] = bic_error(bic)
    if errors:
        raise ValidationError(errors)
    values = {"holder": holder.strip(), "iban": normalise_iban(iban), "bic": normalise_bic(bic), "updated_by": actor}
    with transaction.atomic():
        account = PayeeAccount.objects.select_for_update().filter(provider=provider).first()
        if account is None:
            if expected_version is not None:
                raise StaleVersion
            try:
                with transaction.atomic():
                    account = PayeeAccount.objects.create(provider=provider, **values)
            except IntegrityError:
                raise StaleVersion from None
            action = AuditAction.CREATE
        else:
            if expected_version != account.version:
                raise StaleVersion
            PayeeAccount.objects.filter(pk=account.pk, version=expected_version).update(
                version=F("version") + 1, updated_at=timezone.now(), **values
            )
            account = PayeeAccount.objects.get(pk=account.pk)
            action = AuditAction.UPDATE
        audit_record(actor=actor, action=action, obj=account, fields=["holder", "iban", "bic"], request=http_request)
    return account


# ---------------------------------------------------------------- monthly statements


class StatementOutdated(Exception):
    """The activity recorded for the month changed since the statement was prepared."""

    message = gettext_lazy(
        "The activity recorded for this month changed since the statement was prepared. Prepare it again, check it, then send it."
    )


def require_provider(actor: Any, provider_id: int) -> None:
    if not actor.has_perm("finance.submit_statement") or provider_id not in provider_ids_of(actor):
        raise PermissionDenied


def _bump(pk: int, expected_version: int, values: dict[str, Any]) -> None:
    """UPDATE ... WHERE version = expected: a change based on an older read is refused."""
    updated = Statement.objects.filter(pk=pk, version=expected_version).update(
        version=F("version") + 1, updated_at=timezone.now(), **values
    )
    if updated != 1:
        raise StaleVersion


def _locked(statement: Statement, expected_version: int | None, target: str) -> Statement:
    current = Statement.objects.select_for_update().select_related("provider").get(pk=statement.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleVersion
    if not STATEMENT_MACHINE.can_transition(current.status, target):
        raise TransitionNotAllowed(current.status, target)
    return current


def _replace_lines(statement: Statement, built: Built) -> None:
    StatementLine.objects.filter(statement=statement).delete()
    for line in built.lines:
        line.statement = statement
    StatementLine.objects.bulk_create(built.lines)


def statement_prepare(
    *,
    actor: Any,
    provider_id: int,
    month: dt.date,
    expected_version: int | None = None,
    http_request: HttpRequest | None = None,
) -> tuple[Statement, Built]:
    """Builds (or builds again) the provider's statement for ``month`` from the activity
    recorded; only a draft or a statement sent back can be prepared."""
    require_provider(actor, provider_id)
    month = month.replace(day=1)
    # A month is billed once it has ended: sending it closes its activity to changes.
    if month >= timezone.localdate().replace(day=1):
        raise ValidationError({"month": _("A month's statement can be prepared once the month has ended.")})
    with transaction.atomic():
        statement = Statement.objects.select_for_update().filter(provider_id=provider_id, month=month).first()
        if statement is None:
            if expected_version is not None:
                raise StaleVersion
            try:
                with transaction.atomic():
                    statement = Statement.objects.create(provider_id=provider_id, month=month)
            except IntegrityError:
                raise StaleVersion from None
            action = AuditAction.CREATE
        else:
            if statement.status not in (StatementStatus.DRAFT, StatementStatus.RETURNED):
                raise TransitionNotAllowed(statement.status, "prepare")
            if expected_version is not None and expected_version != statement.version:
                raise StaleVersion
            action = AuditAction.UPDATE
        built = build_statement(provider_id, month)
        _replace_lines(statement, built)
        _bump(statement.pk, statement.version, {"total": built.total})
        statement = Statement.objects.get(pk=statement.pk)
        audit_record(actor=actor, action=action, obj=statement, fields=["lines", "total"], request=http_request)
    return statement, built


def statement_submit(
    *, actor: Any, statement: Statement, expected_version: int, http_request: HttpRequest | None = None
) -> Statement:
    """Sends the statement to finance. Its lines must still be what the activity says: a record
    changed since it was prepared makes it ``StatementOutdated``."""
    with transaction.atomic():
        current = _locked(statement, expected_version, StatementStatus.SUBMITTED)
        require_provider(actor, current.provider_id)
        lines = list(StatementLine.objects.filter(statement=current))
        if not lines:
            raise ValidationError(_("There is nothing to send: no activity was billed for this month."))
        if signature(build_statement(current.provider_id, current.month).lines) != signature(lines):
            raise StatementOutdated
        _bump(
            current.pk,
            current.version,
            {"status": StatementStatus.SUBMITTED, "submitted_at": timezone.now(), "submitted_by": actor},
        )
        _tell(current, NotificationKind.STATEMENT_SUBMITTED, finance_officers(), "billing_statement_detail")
        audit_record(actor=actor, action=AuditAction.TRANSITION, obj=current, fields=["status"], request=http_request)
    return Statement.objects.get(pk=statement.pk)


def _acknowledge(lines: list[StatementLine], notes: dict[int, str]) -> None:
    """Each flagged line needs finance's note; a line that cannot be priced stops the validation."""
    if any(set(line.flags) & BLOCKING_FLAGS for line in lines):
        raise ValidationError(
            _(
                "A line has no tariff in force. Record the tariff, then return the statement so that the provider prepares it again."
            )
        )
    missing = {
        f"note_{line.pk}": _("Say why this line can be paid despite what the checks found.")
        for line in lines
        if line.flags and not (notes.get(line.pk) or "").strip()
    }
    if missing:
        raise ValidationError(missing)
    for line in lines:
        if line.flags:
            StatementLine.objects.filter(pk=line.pk).update(finance_note=notes[line.pk].strip())


def statement_validate(
    *,
    actor: Any,
    statement: Statement,
    expected_version: int,
    notes: dict[int, str] | None = None,
    http_request: HttpRequest | None = None,
) -> Statement:
    """Finance validates a statement sent by a provider: it becomes owed to the provider
    (Dr 6100 cost of measures / Cr 4010 owed to providers, the statement's total)."""
    require_finance(actor)
    with transaction.atomic():
        current = _locked(statement, expected_version, StatementStatus.VALIDATED)
        lines = list(StatementLine.objects.select_for_update().filter(statement=current).order_by("id"))
        _acknowledge(lines, notes or {})
        total = sum((line.amount for line in lines), ZERO)
        today = timezone.localdate()
        _bump(
            current.pk,
            current.version,
            {"status": StatementStatus.VALIDATED, "validated_at": timezone.now(), "validated_by": actor, "total": total},
        )
        if total > 0:
            text = f"Activity statement {current.provider.code} {current.month:%Y-%m}"
            book(
                prefix="STM",
                on=today,
                text=text,
                moves=transfer(Account.MEASURE_COSTS, Account.PROVIDERS_PAYABLE, total, statement=current),
            )
        audit_record(actor=actor, action=AuditAction.TRANSITION, obj=current, fields=["status"], request=http_request)
    return Statement.objects.get(pk=statement.pk)


def finance_officers() -> list[Any]:
    return list(User.objects.filter(is_active=True, memberships__role=Role.FINANCE_OFFICER).distinct())


def _provider_staff(provider_id: int) -> list[Any]:
    return list(
        User.objects.filter(
            is_active=True, memberships__role=Role.PROVIDER_STAFF, memberships__provider_id=provider_id
        ).distinct()
    )


def _tell(statement: Statement, kind: str, users: list[Any], url_name: str) -> None:
    """No names: the provider's code and the month are enough to find the statement."""
    notify(
        users=users,
        kind=kind,
        url=reverse(f"backoffice:{url_name}", args=[statement.pk]),
        params={"reference": statement.provider.code, "month": statement.month.strftime("%Y-%m")},
    )


def statement_return(
    *, actor: Any, statement: Statement, expected_version: int, reason: str, http_request: HttpRequest | None = None
) -> Statement:
    """Finance sends a statement back to the provider, saying why; the provider prepares it again."""
    require_finance(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the statement is sent back, so that the provider can correct it.")})
    with transaction.atomic():
        current = _locked(statement, expected_version, StatementStatus.RETURNED)
        _bump(current.pk, current.version, {"status": StatementStatus.RETURNED, "return_reason": reason})
        _tell(current, NotificationKind.STATEMENT_RETURNED, _provider_staff(current.provider_id), "billing_portal_statement")
        audit_record(
            actor=actor,
            action=AuditAction.TRANSITION,
            obj=current,
            fields=["status", "return_reason"],
            reason=reason,
            request=http_request,
        )
    return Statement.objects.get(pk=statement.pk)
