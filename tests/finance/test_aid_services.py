"""Proposing, deciding, stopping and repaying financial help (CASF L222-3, L222-4)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from openaef.audit.models import AuditEvent
from openaef.core.errors import StaleVersion, TransitionNotAllowed
from openaef.core.models import ParameterValue
from openaef.core.parameters import invalidate
from openaef.finance import services_aid
from openaef.finance.models import AidKind, AidRepayment, FinancialAid, LedgerEntry, Payment, PaymentRun
from openaef.finance.states import AidStatus
from tests.finance.factories_aid import *  # noqa: F403
from tests.finance.factories_aid import GOOD_IBAN, grant, propose, unpaid_invoice
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _errors(call):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as info:
        call()
    return info.value.message_dict


# Proposing -----------------------------------------------------------------------------------


def test_a_coordinator_proposes_a_grant_for_a_parent(case_access, coordinator, mother):
    aid = propose(case_access, coordinator, mother)
    assert aid.status == AidStatus.PROPOSED
    assert aid.iban == "FR7630006000011234567890189"
    assert aid.months is None and aid.pack == "fr"
    assert AuditEvent.objects.filter(object_type="finance.financialaid", object_id=str(aid.pk), action="create").exists()


def test_the_holder_may_be_written_in_another_case_without_accents_and_surname_first(case_access, coordinator, mother):
    aid = propose(case_access, coordinator, mother, holder="DUPRE marie")
    assert aid.holder == "DUPRE marie"


def test_it_refuses_an_account_in_another_persons_name(case_access, coordinator, mother):
    errors = _errors(lambda: propose(case_access, coordinator, mother, holder="Jean Martin"))
    assert "cannot be assigned" in errors["holder"][0]


def test_it_requires_the_confirmation_that_the_account_is_the_beneficiarys_own(case_access, coordinator, mother):
    errors = _errors(lambda: propose(case_access, coordinator, mother, own_account_confirmed=False))
    assert list(errors) == ["own_account_confirmed"]


def test_it_refuses_a_wrong_iban(case_access, coordinator, mother):
    errors = _errors(lambda: propose(case_access, coordinator, mother, iban="FR76 3000 6000 0112 3456 7890 188"))
    assert "iban" in errors


@pytest.mark.parametrize("amount", ["0", "-5", "10.001"])
def test_it_refuses_an_amount_that_is_not_positive_in_cents(case_access, coordinator, mother, amount):
    errors = _errors(lambda: propose(case_access, coordinator, mother, amount=Decimal(amount)))
    assert list(errors) == ["amount"]


def test_it_refuses_someone_who_is_not_a_parent_in_the_case(case_access, coordinator, mother):
    stranger = PersonFactory(surname="Martin", first_names="Jean")
    errors = _errors(lambda: propose(case_access, coordinator, stranger))
    assert list(errors) == ["beneficiary"]


def test_a_minor_is_not_a_beneficiary_but_a_young_adult_is(case_access, coordinator, mother, aid_case):
    errors = _errors(lambda: propose(case_access, coordinator, aid_case.child))
    assert list(errors) == ["beneficiary"]
    aid_case.child.birth_date = dt.date(2006, 1, 1)
    aid_case.child.save(update_fields=["birth_date"])
    assert propose(case_access, coordinator, aid_case.child).beneficiary == aid_case.child


def test_an_allowance_needs_its_months(case_access, coordinator, mother):
    errors = _errors(lambda: propose(case_access, coordinator, mother, kind=AidKind.ALLOWANCE))
    assert list(errors) == ["months"]


def test_a_repayable_help_needs_its_schedule(case_access, coordinator, mother):
    errors = _errors(lambda: propose(case_access, coordinator, mother, repayable=True))
    assert set(errors) == {"repayment_months", "repayment_starts_on"}
    errors = _errors(
        lambda: propose(
            case_access, coordinator, mother, repayable=True, repayment_months=5, repayment_starts_on=dt.date(2026, 3, 1)
        )
    )
    assert list(errors) == ["repayment_starts_on"]


def test_it_refuses_more_repayments_than_cents(case_access, coordinator, mother):
    errors = _errors(
        lambda: propose(
            case_access,
            coordinator,
            mother,
            amount=Decimal("0.05"),
            repayable=True,
            repayment_months=6,
            repayment_starts_on=dt.date(2026, 5, 1),
        )
    )
    assert list(errors) == ["repayment_months"]


def test_the_departements_maximum_applies_when_it_is_known(case_access, coordinator, mother, settings):
    settings.OPENAEF_DEPARTEMENT = "59"
    assert propose(case_access, coordinator, mother, amount=Decimal("900.00"))  # null in the YAML: no maximum
    ParameterValue.objects.create(
        pack="fr", name="aid.departements.59.max_exceptional_grant", start=dt.date(2026, 1, 1), value="500.00"
    )
    invalidate("fr")
    errors = _errors(lambda: propose(case_access, coordinator, mother, amount=Decimal("500.01")))
    assert "500.00" in errors["amount"][0]
    assert propose(case_access, coordinator, mother, amount=Decimal("500.00"))


def test_the_departements_number_of_helps_a_year_applies(case_access, coordinator, mother, settings):
    settings.OPENAEF_DEPARTEMENT = "17"  # Charente-Maritime: 4 a year
    for number in range(4):
        propose(case_access, coordinator, mother, purpose=f"Help number {number}")
    errors = _errors(lambda: propose(case_access, coordinator, mother))
    assert list(errors) == ["starts_on"]
    assert propose(case_access, coordinator, mother, starts_on=dt.date(2027, 1, 4))


def test_only_someone_who_may_change_the_case_proposes(aid_case, coordinator, mother):
    from openaef.cases.selectors import CaseAccess

    with pytest.raises(PermissionDenied):
        propose(CaseAccess(case=aid_case, can_edit=False), coordinator, mother)


def test_a_luxembourg_case_has_no_financial_help(case_access, coordinator, mother, aid_case):
    aid_case.pack = "lu"
    aid_case.save(update_fields=["pack"])
    with pytest.raises(PermissionDenied):
        propose(case_access, coordinator, mother)


# Deciding ------------------------------------------------------------------------------------


def test_granting_a_grant_plans_one_payment(case_access, coordinator, mother, finance_officer):
    aid = grant(propose(case_access, coordinator, mother), finance_officer)
    assert aid.status == AidStatus.GRANTED and aid.decided_by == finance_officer
    assert [(i.due_on, i.amount) for i in aid.instalments.all()] == [(dt.date(2026, 4, 1), Decimal("300.00"))]
    assert not aid.repayments.exists()


def test_granting_an_allowance_plans_one_payment_a_month(case_access, coordinator, mother, finance_officer):
    aid = propose(case_access, coordinator, mother, kind=AidKind.ALLOWANCE, amount=Decimal("120.50"), months=3)
    aid = grant(aid, finance_officer)
    rows = [(i.due_on, i.amount) for i in aid.instalments.all()]
    assert rows == [(dt.date(2026, m, 1), Decimal("120.50")) for m in (4, 5, 6)]


def test_granting_a_repayable_help_draws_a_schedule_that_sums_to_what_is_paid(case_access, coordinator, mother, finance_officer):
    aid = propose(
        case_access,
        coordinator,
        mother,
        kind=AidKind.ALLOWANCE,
        amount=Decimal("100.00"),
        months=3,
        repayable=True,
        repayment_months=7,
        repayment_starts_on=dt.date(2026, 9, 15),
    )
    aid = grant(aid, finance_officer)
    lines = list(aid.repayments.all())
    assert len(lines) == 7 and sum(line.amount for line in lines) == Decimal("300.00")
    assert [line.amount for line in lines] == [Decimal("42.85")] * 6 + [Decimal("42.90")]
    assert lines[0].due_on == dt.date(2026, 9, 15)


def test_refusing_needs_a_reason(case_access, coordinator, mother, finance_officer):
    aid = propose(case_access, coordinator, mother)
    errors = _errors(lambda: services_aid.aid_decide(actor=finance_officer, aid=aid, grant=False, reason=" "))
    assert list(errors) == ["reason"]
    aid = services_aid.aid_decide(actor=finance_officer, aid=aid, grant=False, reason="Resources sufficient.")
    assert aid.status == AidStatus.REFUSED and not aid.instalments.exists()


def test_only_a_finance_officer_decides(case_access, coordinator, mother, office_head):
    aid = propose(case_access, coordinator, mother)
    for user in (coordinator, office_head):
        with pytest.raises(PermissionDenied):
            services_aid.aid_decide(actor=user, aid=aid, grant=True)


def test_a_decision_on_a_stale_version_is_refused(case_access, coordinator, mother, finance_officer):
    aid = propose(case_access, coordinator, mother)
    with pytest.raises(StaleVersion):
        services_aid.aid_decide(actor=finance_officer, aid=aid, grant=True, expected_version=aid.version + 1)


def test_a_help_is_decided_once(case_access, coordinator, mother, finance_officer):
    aid = grant(propose(case_access, coordinator, mother), finance_officer)
    with pytest.raises(TransitionNotAllowed):
        services_aid.aid_decide(actor=finance_officer, aid=aid, grant=False, reason="Changed my mind")


# The help is never set off against what the family owes (L222-4) ----------------------------------


def test_a_beneficiary_with_unpaid_invoices_still_gets_every_instalment_in_full(
    case_access, coordinator, mother, finance_officer, aid_case
):
    unpaid_invoice(aid_case, mother, "250.00")
    aid = propose(case_access, coordinator, mother, kind=AidKind.ALLOWANCE, amount=Decimal("180.00"), months=4)
    aid = grant(aid, finance_officer)
    assert [i.amount for i in aid.instalments.all()] == [Decimal("180.00")] * 4
    assert not LedgerEntry.objects.filter(aid=aid).exists()


# Stopping ------------------------------------------------------------------------------------


def _repayable_allowance(case_access, coordinator, mother, finance_officer):  # type: ignore[no-untyped-def]
    aid = propose(
        case_access,
        coordinator,
        mother,
        kind=AidKind.ALLOWANCE,
        amount=Decimal("100.00"),
        months=3,
        repayable=True,
        repayment_months=4,
        repayment_starts_on=dt.date(2026, 7, 1),
    )
    return grant(aid, finance_officer)


def test_stopping_cancels_what_is_unpaid_and_shortens_the_schedule_to_what_was_paid(
    case_access, coordinator, mother, finance_officer
):
    aid = _repayable_allowance(case_access, coordinator, mother, finance_officer)
    first = aid.instalments.first()
    first.paid_on = dt.date(2026, 4, 2)
    first.save(update_fields=["paid_on"])
    aid = services_aid.aid_stop(actor=finance_officer, aid=aid, reason="The family moved away.", expected_version=aid.version)
    assert aid.status == AidStatus.STOPPED
    assert [i.cancelled for i in aid.instalments.all()] == [False, True, True]
    assert [line.amount for line in aid.repayments.all()] == [Decimal("75.00"), Decimal("25.00")]


def test_stopping_before_anything_was_paid_leaves_nothing_to_repay(case_access, coordinator, mother, finance_officer):
    aid = _repayable_allowance(case_access, coordinator, mother, finance_officer)
    aid = services_aid.aid_stop(actor=finance_officer, aid=aid, reason="Not needed any more.")
    assert not aid.repayments.exists()


def test_stopping_needs_a_reason(case_access, coordinator, mother, finance_officer):
    aid = grant(propose(case_access, coordinator, mother), finance_officer)
    assert list(_errors(lambda: services_aid.aid_stop(actor=finance_officer, aid=aid, reason=""))) == ["reason"]


def test_stopping_waits_for_a_payment_run_being_prepared(case_access, coordinator, mother, finance_officer):
    aid = grant(propose(case_access, coordinator, mother), finance_officer)
    run = PaymentRun.objects.create(execution_date=dt.date(2026, 4, 1), message_id="RUN-AID-1", created_by=finance_officer)
    Payment.objects.create(
        run=run,
        instalment=aid.instalments.get(),
        payee=aid.holder,
        iban=aid.iban,
        amount=aid.amount,
        end_to_end_id="E2E-AID-1",
        remittance="Aid",
    )
    with pytest.raises(ValidationError, match="payment run"):
        services_aid.aid_stop(actor=finance_officer, aid=aid, reason="Moved.")
    assert not aid.instalments.filter(cancelled=True).exists()


# Repayments and completion -------------------------------------------------------------------


def _paid_repayable_grant(case_access, coordinator, mother, finance_officer):  # type: ignore[no-untyped-def]
    aid = propose(case_access, coordinator, mother, repayable=True, repayment_months=3, repayment_starts_on=dt.date(2026, 5, 1))
    aid = grant(aid, finance_officer)
    aid.instalments.update(paid_on=dt.date(2026, 4, 1))
    return aid


def test_a_repayment_is_recorded_and_booked_to_the_bank(case_access, coordinator, mother, finance_officer):
    aid = _paid_repayable_grant(case_access, coordinator, mother, finance_officer)
    line = aid.repayments.first()
    services_aid.aid_repayment_record(
        actor=finance_officer,
        repayment=line,
        amount=Decimal("60.00"),
        received_on=dt.date(2026, 5, 2),
        expected_version=aid.version,
    )
    line.refresh_from_db()
    assert line.received == Decimal("60.00") and line.received_on == dt.date(2026, 5, 2)
    booked = {(e.account, e.debit, e.credit) for e in LedgerEntry.objects.filter(aid=aid)}
    assert booked == {("5120", Decimal("60.00"), Decimal("0.00")), ("4120", Decimal("0.00"), Decimal("60.00"))}


def test_a_repayment_is_never_more_than_what_is_due_on_the_line(case_access, coordinator, mother, finance_officer):
    aid = _paid_repayable_grant(case_access, coordinator, mother, finance_officer)
    line = aid.repayments.first()  # 100.00
    errors = _errors(
        lambda: services_aid.aid_repayment_record(
            actor=finance_officer, repayment=line, amount=Decimal("100.01"), received_on=dt.date(2026, 5, 2)
        )
    )
    assert "100.00" in errors["amount"][0]


def test_a_waived_line_takes_no_money_and_is_booked_as_help_granted(case_access, coordinator, mother, finance_officer):
    aid = _paid_repayable_grant(case_access, coordinator, mother, finance_officer)
    line = aid.repayments.first()
    services_aid.aid_repayment_waive(actor=finance_officer, repayment=line, reason="Hardship.")
    booked = {(e.account, e.debit, e.credit) for e in LedgerEntry.objects.filter(aid=aid)}
    assert booked == {("6500", Decimal("100.00"), Decimal("0.00")), ("4120", Decimal("0.00"), Decimal("100.00"))}
    with pytest.raises(ValidationError):
        services_aid.aid_repayment_record(
            actor=finance_officer, repayment=line, amount=Decimal("1"), received_on=dt.date(2026, 5, 2)
        )


def test_nothing_is_waived_before_the_help_is_paid_out(case_access, coordinator, mother, finance_officer):
    aid = propose(case_access, coordinator, mother, repayable=True, repayment_months=3, repayment_starts_on=dt.date(2026, 5, 1))
    aid = grant(aid, finance_officer)
    with pytest.raises(ValidationError):
        services_aid.aid_repayment_waive(actor=finance_officer, repayment=aid.repayments.first(), reason="Hardship.")
    assert not LedgerEntry.objects.filter(aid=aid).exists()


def test_the_help_is_completed_once_paid_and_repaid_or_waived(case_access, coordinator, mother, finance_officer):
    aid = _paid_repayable_grant(case_access, coordinator, mother, finance_officer)
    first, second, third = AidRepayment.objects.filter(aid=aid)
    services_aid.aid_repayment_record(
        actor=finance_officer, repayment=first, amount=Decimal("100.00"), received_on=dt.date(2026, 5, 2)
    )
    services_aid.aid_repayment_waive(actor=finance_officer, repayment=second, reason="Hardship.")
    assert FinancialAid.objects.get(pk=aid.pk).status == AidStatus.GRANTED
    services_aid.aid_repayment_record(
        actor=finance_officer, repayment=third, amount=Decimal("100.00"), received_on=dt.date(2026, 5, 2)
    )
    assert FinancialAid.objects.get(pk=aid.pk).status == AidStatus.COMPLETED


def test_an_outright_help_is_completed_when_the_payment_run_paid_it(case_access, coordinator, mother, finance_officer):
    aid = grant(propose(case_access, coordinator, mother), finance_officer)
    assert services_aid.aid_complete_if_done(actor=finance_officer, aid=aid) is False
    aid.instalments.update(paid_on=dt.date(2026, 4, 1))
    assert services_aid.aid_complete_if_done(actor=finance_officer, aid=aid) is True
    assert FinancialAid.objects.get(pk=aid.pk).status == AidStatus.COMPLETED


def test_iban_constant_is_valid():
    from openaef.finance.banking import iban_error

    assert iban_error(GOOD_IBAN) is None


def test_stopping_books_back_a_waiver_the_shorter_schedule_no_longer_needs(case_access, coordinator, mother, finance_officer):
    aid = propose(
        case_access,
        coordinator,
        mother,
        kind=AidKind.ALLOWANCE,
        amount=Decimal("100.00"),
        months=3,
        repayable=True,
        repayment_months=3,
        repayment_starts_on=dt.date(2026, 8, 1),
    )
    aid = grant(aid, finance_officer)
    first = aid.instalments.order_by("due_on").first()
    aid.instalments.filter(pk=first.pk).update(paid_on=dt.date(2026, 4, 1))
    last_line = aid.repayments.order_by("due_on").last()
    services_aid.aid_repayment_waive(actor=finance_officer, repayment=last_line, reason="Hardship.")

    services_aid.aid_stop(actor=finance_officer, aid=FinancialAid.objects.get(pk=aid.pk), reason="The family moved.")

    receivable = LedgerEntry.objects.filter(aid=aid, account="4120")
    assert sum(e.debit - e.credit for e in receivable) == Decimal("0.00")
    assert sum(line.amount for line in AidRepayment.objects.filter(aid=aid)) == Decimal("100.00")


def test_a_proposal_sent_twice_gives_one_help(case_access, coordinator, mother):
    first = propose(case_access, coordinator, mother)
    again = propose(case_access, coordinator, mother)
    assert again.pk == first.pk and FinancialAid.objects.count() == 1
