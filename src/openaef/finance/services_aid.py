"""Writes on financial help (France, CASF L222-3: exceptional grant or monthly allowance,
outright or repayable; L222-4: it cannot be assigned or seized).

Because the help cannot be assigned, it is paid only to the beneficiary's own account: the
account holder must be the beneficiary, and the person proposing it confirms that the account
is theirs. Because it cannot be seized, nothing here (nor in the payment run) sets it off against
what the family owes: every instalment is paid in full.

Each service runs in one transaction, checks ``AID_MACHINE``, compares the version the person
saw, and writes the audit entry last (it takes the chain lock).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F as DbF
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from openaef.audit.models import AuditAction
from openaef.audit.services import audit_record
from openaef.cases.models import CaseEventKind, CaseFile
from openaef.cases.selectors import CaseAccess
from openaef.cases.timeline import case_event_record
from openaef.core.errors import StaleVersion, TransitionNotAllowed
from openaef.notifications.models import NotificationKind
from openaef.notifications.services import notify
from openaef.people.models import Person

from . import aid_rules, ledger
from .aid_schedule import ScheduleError, repayment_schedule, shortened
from .models import Account, AidInstalment, AidKind, AidRepayment, FinancialAid, Payment
from .selectors_aid import aid_beneficiaries, aid_offered, is_finance
from .services_billing import finance_officers
from .states import AID_MACHINE, AidStatus, PaymentRunStatus

ST = AidStatus
# The case timeline tells financial help once the lead adds its kind (CaseEventKind.AID).
_EVENT_KIND = getattr(CaseEventKind, "AID", None)


def _record(
    *,
    actor: Any,
    aid: FinancialAid,
    action: str,
    fields: list[str],
    data: dict[str, Any],
    http_request: HttpRequest | None,
    reason: str = "",
) -> None:
    if _EVENT_KIND is not None:
        case_event_record(case=aid.case, actor=actor, kind=_EVENT_KIND, summary=aid.kind, data={"aid": aid.pk, **data})
    audit_record(
        actor=actor,
        action=action,
        obj=aid,
        fields=fields,
        request=http_request,
        reason=reason,
        persons=[aid.case.child_id, aid.beneficiary_id],
    )


def _locked(aid: FinancialAid, expected_version: int | None) -> FinancialAid:
    current = FinancialAid.objects.select_for_update().select_related("case").get(pk=aid.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleVersion
    return current


def _save(aid: FinancialAid, fields: list[str]) -> None:
    aid.version += 1
    aid.save(update_fields=[*fields, "version", "updated_at"])


def _check_move(current: str, target: str, reason: str = "") -> None:
    if not AID_MACHINE.can_transition(current, target):
        raise TransitionNotAllowed(current, target)
    if AID_MACHINE.needs(current, target)["reason"] and not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason.")})


def _require_finance(actor: Any) -> None:
    if not is_finance(actor):
        raise PermissionDenied


# Proposing ----------------------------------------------------------------------------------


# How long a proposal sent again unchanged is taken for the same one (a double submit).
RESUBMIT_WINDOW = dt.timedelta(minutes=10)


def aid_propose(
    *,
    actor: Any,
    access: CaseAccess,
    beneficiary: Person | None,
    kind: str,
    amount: Decimal | None,
    months: int | None,
    starts_on: dt.date | None,
    purpose: str,
    repayable: bool,
    repayment_months: int | None,
    repayment_starts_on: dt.date | None,
    holder: str,
    iban: str,
    bic: str,
    own_account_confirmed: bool,
    http_request: HttpRequest | None = None,
) -> FinancialAid:
    """Proposes a help for the finance officers' decision (the coordinator or office head of
    the case). Every rule is checked here; the form only parses."""
    case = access.case
    if not access.can_edit or not actor.has_perm("finance.propose_aid") or not aid_offered(case.pack):
        raise PermissionDenied
    proposal = aid_rules.Proposal(
        beneficiary=beneficiary,
        kind=kind,
        amount=amount,
        months=months if kind == AidKind.ALLOWANCE else None,
        starts_on=starts_on,
        purpose=(purpose or "").strip(),
        repayable=bool(repayable),
        repayment_months=repayment_months if repayable else None,
        repayment_starts_on=repayment_starts_on if repayable else None,
        holder=" ".join((holder or "").split()),
        iban=iban,
        bic=bic,
        own_account_confirmed=bool(own_account_confirmed),
    )
    aid_rules.check(proposal, case=case, candidates=aid_beneficiaries(case))
    assert beneficiary is not None and amount is not None and starts_on is not None
    with transaction.atomic():
        # A form sent twice (a double click, a reload) gives one proposal: the case is locked
        # and the same proposal by the same person a few minutes earlier is returned.
        CaseFile.objects.select_for_update().filter(pk=case.pk).first()
        same = FinancialAid.objects.filter(
            case=case,
            beneficiary=beneficiary,
            kind=kind,
            amount=amount,
            months=proposal.months,
            starts_on=starts_on,
            purpose=proposal.purpose,
            status=ST.PROPOSED,
            proposed_by=actor,
            created_at__gte=timezone.now() - RESUBMIT_WINDOW,
        ).first()
        if same is not None:
            return same
        aid = FinancialAid.objects.create(
            case=case,
            beneficiary=beneficiary,
            pack=case.pack,
            kind=kind,
            repayable=proposal.repayable,
            amount=amount,
            months=proposal.months,
            starts_on=starts_on,
            purpose=proposal.purpose,
            holder=proposal.holder,
            iban=proposal.iban_normalised,
            bic=proposal.bic_normalised,
            repayment_months=proposal.repayment_months,
            repayment_starts_on=proposal.repayment_starts_on,
            proposed_by=actor,
        )
        notify(
            users=finance_officers(),
            kind=NotificationKind.AID_PROPOSED,
            url=reverse("backoffice:aid_detail", args=[aid.pk]),
            params={"reference": f"AID-{aid.pk}"},
        )
        _record(
            actor=actor,
            aid=aid,
            action=AuditAction.CREATE,
            fields=["beneficiary", "kind", "amount", "months", "starts_on", "purpose", "repayable", "iban"],
            data={"from": "", "to": ST.PROPOSED},
            http_request=http_request,
        )
    return aid


# Deciding -----------------------------------------------------------------------------------


def _instalments(aid: FinancialAid) -> list[AidInstalment]:
    count = aid.months if aid.kind == AidKind.ALLOWANCE else 1
    return [AidInstalment(aid=aid, due_on=aid.starts_on + relativedelta(months=i), amount=aid.amount) for i in range(count or 1)]


def aid_decide(
    *,
    actor: Any,
    aid: FinancialAid,
    grant: bool,
    reason: str = "",
    expected_version: int | None = None,
    http_request: HttpRequest | None = None,
) -> FinancialAid:
    """Grants the help (its instalments and, when repayable, its repayment schedule adding up
    exactly to what will be paid) or refuses it with a reason (a finance officer)."""
    _require_finance(actor)
    target = ST.GRANTED if grant else ST.REFUSED
    with transaction.atomic():
        current = _locked(aid, expected_version)
        _check_move(current.status, target, reason)
        current.status, current.decision_reason = target, (reason or "").strip()
        current.decided_at, current.decided_by = timezone.now(), actor
        if grant:
            rows = AidInstalment.objects.bulk_create(_instalments(current))
            if current.repayable:
                total = sum((row.amount for row in rows), Decimal("0.00"))
                try:
                    lines = repayment_schedule(
                        pack=current.pack,
                        total=total,
                        count=current.repayment_months or 1,
                        first_due=current.repayment_starts_on or current.starts_on,
                    )
                except ScheduleError as error:
                    raise ValidationError(_("The repayment schedule cannot be drawn: choose fewer repayments.")) from error
                AidRepayment.objects.bulk_create(
                    [AidRepayment(aid=current, due_on=line.due_on, amount=line.amount) for line in lines]
                )
        _save(current, ["status", "decision_reason", "decided_at", "decided_by"])
        _record(
            actor=actor,
            aid=current,
            action=AuditAction.TRANSITION,
            fields=["status", "decision_reason"],
            data={"from": ST.PROPOSED, "to": target, "reason": current.decision_reason},
            reason=current.decision_reason,
            http_request=http_request,
        )
    return current


# Stopping -----------------------------------------------------------------------------------


def aid_stop(
    *, actor: Any, aid: FinancialAid, reason: str, expected_version: int | None = None, http_request: HttpRequest | None = None
) -> FinancialAid:
    """Stops a granted help: the instalments not yet paid are cancelled and the repayment
    schedule is cut to what was actually paid, exactly."""
    _require_finance(actor)
    with transaction.atomic():
        current = _locked(aid, expected_version)
        _check_move(current.status, ST.STOPPED, reason)
        if Payment.objects.filter(instalment__aid=current, run__status=PaymentRunStatus.DRAFT).exists():
            raise ValidationError(
                _("An instalment is in a payment run being prepared. Take it out of the run, or cancel the run, first.")
            )
        current.instalments.filter(paid_on__isnull=True, cancelled=False).update(cancelled=True)
        if current.repayable:
            _shorten_schedule(current)
        current.status, current.decision_reason = ST.STOPPED, reason.strip()
        _save(current, ["status", "decision_reason"])
        _record(
            actor=actor,
            aid=current,
            action=AuditAction.TRANSITION,
            fields=["status"],
            data={"from": ST.GRANTED, "to": ST.STOPPED, "reason": reason.strip()},
            reason=reason.strip(),
            http_request=http_request,
        )
    return current


def _shorten_schedule(aid: FinancialAid) -> None:
    paid = sum((i.amount for i in aid.instalments.filter(paid_on__isnull=False, cancelled=False)), Decimal("0.00"))
    lines = list(aid.repayments.select_for_update().order_by("due_on", "id"))
    amounts = shortened([line.amount for line in lines], paid)
    for line, amount in zip(lines, amounts, strict=True):
        if line.received > amount:
            raise ValidationError(
                _("More was repaid than was paid out: record the refund of the difference before stopping the help.")
            )
    for line, amount in zip(lines, amounts, strict=True):
        if line.waived and amount < line.amount:
            # The part of a waiver that the shorter schedule no longer asks for was booked as help
            # granted: book it back, or 4120 would stay credited for money never due.
            ledger.book(
                prefix="aid-waiver",
                on=timezone.localdate(),
                text=f"Aid {aid.pk} repayment {line.pk} waiver reduced by the stop",
                moves=ledger.transfer(Account.AID_RECEIVABLE, Account.AID_EXPENSE, line.amount - amount, aid=aid),
            )
        if amount == 0:
            line.delete()
        elif amount != line.amount:
            line.amount = amount
            line.save(update_fields=["amount"])


def _receivable(aid: FinancialAid) -> Decimal:
    """What the family owes back now: the repayable help paid out, less what was repaid or waived."""
    paid = sum((i.amount for i in aid.instalments.filter(paid_on__isnull=False, cancelled=False)), Decimal("0.00"))
    settled = Decimal("0.00")
    for line in aid.repayments.all():
        settled += line.amount if line.waived else line.received
    return paid - settled


# Repayments ---------------------------------------------------------------------------------


def _repayment_target(repayment: AidRepayment, expected_version: int | None) -> tuple[FinancialAid, AidRepayment]:
    aid = _locked(repayment.aid, expected_version)
    if not aid.repayable or aid.status not in (ST.GRANTED, ST.STOPPED):
        raise TransitionNotAllowed(aid.status, "repayment")
    line = AidRepayment.objects.select_for_update().get(pk=repayment.pk, aid=aid)
    if line.waived:
        raise ValidationError(_("This repayment was waived: nothing more is due on it."))
    return aid, line


def aid_repayment_record(
    *,
    actor: Any,
    repayment: AidRepayment,
    amount: Decimal | None,
    received_on: dt.date | None,
    expected_version: int | None = None,
    http_request: HttpRequest | None = None,
) -> AidRepayment:
    """Money received on one line of the schedule: never more than is still due on it."""
    _require_finance(actor)
    errors: dict[str, str] = {}
    if received_on is None:
        errors["received_on"] = _("Enter the date the money was received.")
    elif received_on > timezone.localdate():
        errors["received_on"] = _("The date must be today or in the past.")
    aid_rules.check_money(errors, "amount", amount)
    if errors:
        raise ValidationError(errors)
    assert amount is not None and received_on is not None
    with transaction.atomic():
        aid, line = _repayment_target(repayment, expected_version)
        due = line.amount - line.received
        if amount > due:
            raise ValidationError({"amount": _("At most %(due)s EUR is still due on this repayment.") % {"due": due}})
        line.received += amount
        line.received_on = received_on
        line.save(update_fields=["received", "received_on"])
        ledger.book(
            prefix="aid-repayment",
            on=received_on,
            text=f"Aid {aid.pk} repayment {line.pk}",
            moves=ledger.transfer(Account.BANK, Account.AID_RECEIVABLE, amount, aid=aid),
        )
        _save(aid, [])
        _complete_if_done(aid)
        _record(
            actor=actor,
            aid=aid,
            action=AuditAction.UPDATE,
            fields=["repayments.received"],
            data={"repayment": line.pk, "received": str(amount), "on": received_on.isoformat()},
            http_request=http_request,
        )
    return line


def aid_repayment_waive(
    *,
    actor: Any,
    repayment: AidRepayment,
    reason: str,
    expected_version: int | None = None,
    http_request: HttpRequest | None = None,
) -> AidRepayment:
    """Gives up what is still due on one line, with a reason (the amount given up is booked as
    help granted: Dr 6500 / Cr 4120)."""
    _require_finance(actor)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason.")})
    with transaction.atomic():
        aid, line = _repayment_target(repayment, expected_version)
        given_up = line.amount - line.received
        if given_up > _receivable(aid):
            raise ValidationError(
                _("Only what was paid out and not yet repaid can be waived: wait until the help is paid, or stop it.")
            )
        line.waived = True
        line.save(update_fields=["waived"])
        if given_up > 0:
            ledger.book(
                prefix="aid-waiver",
                on=timezone.localdate(),
                text=f"Aid {aid.pk} repayment {line.pk} waived",
                moves=ledger.transfer(Account.AID_EXPENSE, Account.AID_RECEIVABLE, given_up, aid=aid),
            )
        _save(aid, [])
        _complete_if_done(aid)
        _record(
            actor=actor,
            aid=aid,
            action=AuditAction.UPDATE,
            fields=["repayments.waived"],
            data={"repayment": line.pk, "waived": str(given_up)},
            reason=reason.strip(),
            http_request=http_request,
        )
    return line


# Completion ---------------------------------------------------------------------------------


def _is_done(aid: FinancialAid) -> bool:
    if aid.instalments.filter(paid_on__isnull=True, cancelled=False).exists():
        return False
    if not aid.instalments.filter(paid_on__isnull=False, cancelled=False).exists():
        return False
    return not aid.repayments.filter(waived=False, received__lt=DbF("amount")).exists()


def _complete_if_done(aid: FinancialAid) -> bool:
    if aid.status != ST.GRANTED or not _is_done(aid):
        return False
    _check_move(aid.status, ST.COMPLETED)
    aid.status = ST.COMPLETED
    _save(aid, ["status"])
    return True


def aid_complete_if_done(*, actor: Any, aid: FinancialAid, http_request: HttpRequest | None = None) -> bool:
    """Completes a granted help once every instalment is paid and, if repayable, every line is
    repaid or waived. The payment run calls it after marking instalments paid."""
    with transaction.atomic():
        current = _locked(aid, None)
        if not _complete_if_done(current):
            return False
        _record(
            actor=actor,
            aid=current,
            action=AuditAction.TRANSITION,
            fields=["status"],
            data={"from": ST.GRANTED, "to": ST.COMPLETED},
            http_request=http_request,
        )
    return True
