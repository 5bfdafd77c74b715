"""Statements built from the activity recorded, with every check, and their workflow."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from openaef.core.errors import StaleVersion, TransitionNotAllowed
from openaef.finance import billing_checks as checks
from openaef.finance.billing_build import build_statement
from openaef.finance.ledger import balance
from openaef.finance.models import Account, LedgerEntry, Statement, StatementLine, Unit
from openaef.finance.selectors_billing import statement_locks_activity
from openaef.finance.services_billing import (
    StatementOutdated,
    statement_prepare,
    statement_return,
    statement_submit,
    statement_validate,
)
from openaef.finance.states import STATEMENT_MACHINE, StatementStatus
from openaef.measures.models import ActivityRecord, MeasureEvent, MeasureEventKind, ServiceCapacity
from tests.finance.factories_billing import *  # noqa: F403

pytestmark = pytest.mark.django_db

FEB, MAR = dt.date(2026, 2, 1), dt.date(2026, 3, 1)


@pytest.fixture
def measure(billing_service, coordinator, office):  # type: ignore[no-untyped-def]
    return make_running_measure(service=billing_service, coordinator=coordinator, office=office)  # noqa: F405


@pytest.fixture
def day_tariff(billing_service, finance_officer):  # type: ignore[no-untyped-def]
    return make_tariff(billing_service.provider, "AMB-SAF", Unit.DAY, "95.55", dt.date(2026, 1, 1), by=finance_officer)  # noqa: F405


def _lines(provider, month=FEB):  # type: ignore[no-untyped-def]
    return {(line.measure_id, line.unit): line for line in build_statement(provider.pk, month).lines}


# ---------------------------------------------------------------- building


def test_days_recorded_give_a_day_line_priced_to_the_cent(measure, day_tariff, nadia):  # type: ignore[no-untyped-def]
    make_activity(measure, FEB, days="12.5", by=nadia)  # noqa: F405
    line = _lines(measure.provider)[(measure.pk, Unit.DAY)]
    assert (line.quantity, line.unit_amount, line.tariff) == (Decimal("12.5"), Decimal("95.55"), day_tariff)
    assert line.amount == Decimal("1194.38")  # 12.5 x 95.55 = 1194.375, half up
    assert line.flags == []


def test_hours_recorded_give_an_hour_line(measure, billing_service, nadia, finance_officer):  # type: ignore[no-untyped-def]
    make_tariff(billing_service.provider, "AMB-SAF", Unit.HOUR, "80.00", dt.date(2026, 1, 1), by=finance_officer)  # noqa: F405
    make_activity(measure, FEB, hours="10", by=nadia)  # noqa: F405
    assert _lines(measure.provider)[(measure.pk, Unit.HOUR)].amount == Decimal("800.00")


def test_when_only_the_days_have_a_tariff_the_hours_are_information(measure, day_tariff, nadia):  # type: ignore[no-untyped-def]
    make_activity(measure, FEB, days="4", hours="12", by=nadia)  # noqa: F405
    assert list(_lines(measure.provider)) == [(measure.pk, Unit.DAY)]


def test_a_monthly_tariff_gives_one_month_whatever_was_recorded(measure, billing_service, nadia, finance_officer):  # type: ignore[no-untyped-def]
    make_tariff(billing_service.provider, "AMB-SAF", Unit.MONTH, "2400.00", dt.date(2026, 1, 1), by=finance_officer)  # noqa: F405
    lines = _lines(measure.provider)
    assert list(lines) == [(measure.pk, Unit.MONTH)]
    assert lines[(measure.pk, Unit.MONTH)].amount == Decimal("2400.00")
    assert build_statement(measure.provider.pk, FEB).silent == []


def test_a_line_without_a_tariff_is_flagged(measure, nadia):  # type: ignore[no-untyped-def]
    make_activity(measure, FEB, days="3", by=nadia)  # noqa: F405
    line = _lines(measure.provider)[(measure.pk, Unit.DAY)]
    assert (line.tariff, line.amount, line.flags) == (None, Decimal("0.00"), [checks.NO_TARIFF])


def test_activity_of_a_measure_not_under_way_that_month_is_flagged(billing_service, coordinator, office, day_tariff, nadia):  # type: ignore[no-untyped-def]
    ended = make_running_measure(  # noqa: F405
        service=billing_service,
        coordinator=coordinator,
        office=office,
        started_on=dt.date(2025, 6, 1),
        ended_on=dt.date(2026, 1, 20),
    )
    make_activity(ended, FEB, days="2", by=nadia)  # noqa: F405
    assert _lines(ended.provider)[(ended.pk, Unit.DAY)].flags == [checks.NOT_ACTIVE]


def test_more_days_than_the_measure_was_under_way_are_flagged(billing_service, coordinator, office, day_tariff, nadia):  # type: ignore[no-untyped-def]
    late = make_running_measure(service=billing_service, coordinator=coordinator, office=office, started_on=dt.date(2026, 2, 20))  # noqa: F405
    make_activity(late, FEB, days="10", by=nadia)  # noqa: F405 (9 days from the 20th)
    assert _lines(late.provider)[(late.pk, Unit.DAY)].flags == [checks.DAYS_ABOVE_ACTIVE]


def test_a_suspension_counts_against_the_days(measure, day_tariff, nadia):  # type: ignore[no-untyped-def]
    MeasureEvent.objects.create(measure=measure, kind=MeasureEventKind.SUSPENDED, on=dt.date(2026, 2, 1), actor=nadia)
    MeasureEvent.objects.create(measure=measure, kind=MeasureEventKind.RESUMED, on=dt.date(2026, 2, 15), actor=nadia)
    make_activity(measure, FEB, days="15", by=nadia)  # noqa: F405 (14 days under way)
    assert _lines(measure.provider)[(measure.pk, Unit.DAY)].flags == [checks.DAYS_ABOVE_ACTIVE]


def test_hours_above_the_services_capacity_are_flagged(measure, billing_service, coordinator, office, nadia, finance_officer):  # type: ignore[no-untyped-def]
    make_tariff(billing_service.provider, "AMB-SAF", Unit.HOUR, "80.00", dt.date(2026, 1, 1), by=finance_officer)  # noqa: F405
    ServiceCapacity.objects.create(service=billing_service, location=billing_service.locations.first(), hours_per_month=100)
    other = make_running_measure(service=billing_service, coordinator=coordinator, office=office, surname="Weber")  # noqa: F405
    make_activity(measure, FEB, hours="60", by=nadia)  # noqa: F405
    make_activity(other, FEB, hours="50", by=nadia)  # noqa: F405
    lines = _lines(measure.provider)
    assert lines[(measure.pk, Unit.HOUR)].flags == [checks.HOURS_ABOVE_CAPACITY]
    assert lines[(other.pk, Unit.HOUR)].flags == [checks.HOURS_ABOVE_CAPACITY]
    ActivityRecord.objects.filter(measure=other).update(hours=Decimal("40"))
    assert all(not line.flags for line in _lines(measure.provider).values())


def test_measures_under_way_with_nothing_recorded_are_warnings(measure, billing_service, coordinator, office, day_tariff, nadia):  # type: ignore[no-untyped-def]
    make_running_measure(service=billing_service, coordinator=coordinator, office=office, started_on=MAR)  # noqa: F405 (later)
    built = build_statement(measure.provider.pk, FEB)
    assert built.lines == []
    assert [m.pk for m in built.silent] == [measure.pk]


def test_building_costs_the_same_queries_whatever_the_number_of_measures(  # type: ignore[no-untyped-def]
    billing_service, coordinator, office, day_tariff, nadia, django_assert_max_num_queries
):
    for n in range(6):
        m = make_running_measure(service=billing_service, coordinator=coordinator, office=office, surname=f"Child{n}")  # noqa: F405
        make_activity(m, FEB, days="3", hours="2", by=nadia)  # noqa: F405
    with django_assert_max_num_queries(6):
        assert len(build_statement(billing_service.provider_id, FEB).lines) == 6


# ---------------------------------------------------------------- the workflow


def test_the_state_table():  # type: ignore[no-untyped-def]
    S = StatementStatus
    allowed = {(S.DRAFT, S.SUBMITTED), (S.RETURNED, S.SUBMITTED), (S.SUBMITTED, S.VALIDATED), (S.SUBMITTED, S.RETURNED)}
    for source in S.values:
        for target in S.values:
            if (source, target) in allowed:
                assert STATEMENT_MACHINE.can_transition(source, target)
    assert not STATEMENT_MACHINE.can_transition(S.DRAFT, S.VALIDATED)
    assert not STATEMENT_MACHINE.can_transition(S.RETURNED, S.VALIDATED)
    assert STATEMENT_MACHINE.needs(S.SUBMITTED, S.RETURNED)["reason"]


def test_a_statement_walks_from_draft_to_validated_through_a_return(measure, day_tariff, nadia, finance_officer):  # type: ignore[no-untyped-def]
    make_activity(measure, FEB, days="10", by=nadia)  # noqa: F405
    statement, built = statement_prepare(actor=nadia, provider_id=measure.provider_id, month=dt.date(2026, 2, 14))
    assert (statement.month, statement.status, statement.total) == (FEB, StatementStatus.DRAFT, Decimal("955.50"))
    statement = statement_submit(actor=nadia, statement=statement, expected_version=statement.version)
    assert statement.status == StatementStatus.SUBMITTED and statement.submitted_by == nadia
    with pytest.raises(TransitionNotAllowed):
        statement_prepare(actor=nadia, provider_id=measure.provider_id, month=FEB)
    with pytest.raises(ValidationError):
        statement_return(actor=finance_officer, statement=statement, expected_version=statement.version, reason=" ")
    statement = statement_return(
        actor=finance_officer, statement=statement, expected_version=statement.version, reason="Check the days."
    )
    assert (statement.status, statement.return_reason) == (StatementStatus.RETURNED, "Check the days.")
    ActivityRecord.objects.filter(measure=measure).update(days=Decimal("8"))
    statement, _ = statement_prepare(actor=nadia, provider_id=measure.provider_id, month=FEB, expected_version=statement.version)
    assert (statement.status, statement.total) == (StatementStatus.RETURNED, Decimal("764.40"))
    statement = statement_submit(actor=nadia, statement=statement, expected_version=statement.version)
    statement = statement_validate(actor=finance_officer, statement=statement, expected_version=statement.version)
    assert statement.status == StatementStatus.VALIDATED and statement.validated_by == finance_officer


def test_validation_books_the_total_balanced(measure, day_tariff, nadia, finance_officer):  # type: ignore[no-untyped-def]
    make_activity(measure, FEB, days="10", by=nadia)  # noqa: F405
    statement, _ = statement_prepare(actor=nadia, provider_id=measure.provider_id, month=FEB)
    statement = statement_submit(actor=nadia, statement=statement, expected_version=statement.version)
    statement_validate(actor=finance_officer, statement=statement, expected_version=statement.version)
    entries = list(LedgerEntry.objects.filter(statement=statement))
    assert len({e.booking for e in entries}) == 1
    assert balance(entries) == 0
    assert {(e.account, e.debit, e.credit) for e in entries} == {
        (Account.MEASURE_COSTS, Decimal("955.50"), Decimal("0.00")),
        (Account.PROVIDERS_PAYABLE, Decimal("0.00"), Decimal("955.50")),
    }


def test_a_flagged_line_needs_finances_note_and_a_line_without_tariff_cannot_be_validated(  # type: ignore[no-untyped-def]
    billing_service, coordinator, office, day_tariff, nadia, finance_officer
):
    late = make_running_measure(service=billing_service, coordinator=coordinator, office=office, started_on=dt.date(2026, 2, 20))  # noqa: F405
    make_activity(late, FEB, days="10", by=nadia)  # noqa: F405
    statement, _ = statement_prepare(actor=nadia, provider_id=late.provider_id, month=FEB)
    statement = statement_submit(actor=nadia, statement=statement, expected_version=statement.version)
    line = StatementLine.objects.get(statement=statement)
    with pytest.raises(ValidationError) as error:
        statement_validate(actor=finance_officer, statement=statement, expected_version=statement.version, notes={})
    assert f"note_{line.pk}" in error.value.message_dict
    assert not LedgerEntry.objects.filter(statement=statement).exists()
    note = "Started on the 19th: the agency's start date is wrong."
    statement_validate(actor=finance_officer, statement=statement, expected_version=statement.version, notes={line.pk: note})
    line.refresh_from_db()
    assert line.finance_note == note

    StatementLine.objects.filter(pk=line.pk).update(flags=[checks.NO_TARIFF])
    Statement.objects.filter(pk=statement.pk).update(status=StatementStatus.SUBMITTED)
    statement.refresh_from_db()
    with pytest.raises(ValidationError):
        statement_validate(actor=finance_officer, statement=statement, expected_version=statement.version, notes={line.pk: note})


def test_activity_changed_after_preparing_stops_the_sending(measure, day_tariff, nadia):  # type: ignore[no-untyped-def]
    make_activity(measure, FEB, days="10", by=nadia)  # noqa: F405
    statement, _ = statement_prepare(actor=nadia, provider_id=measure.provider_id, month=FEB)
    ActivityRecord.objects.filter(measure=measure).update(days=Decimal("11"))
    with pytest.raises(StatementOutdated):
        statement_submit(actor=nadia, statement=statement, expected_version=statement.version)


def test_an_empty_statement_is_not_sent(measure, nadia):  # type: ignore[no-untyped-def]
    statement, _ = statement_prepare(actor=nadia, provider_id=measure.provider_id, month=FEB)
    with pytest.raises(ValidationError):
        statement_submit(actor=nadia, statement=statement, expected_version=statement.version)


def test_a_stale_version_is_refused(measure, day_tariff, nadia, finance_officer):  # type: ignore[no-untyped-def]
    make_activity(measure, FEB, days="10", by=nadia)  # noqa: F405
    statement, _ = statement_prepare(actor=nadia, provider_id=measure.provider_id, month=FEB)
    statement_prepare(actor=nadia, provider_id=measure.provider_id, month=FEB)
    with pytest.raises(StaleVersion):
        statement_submit(actor=nadia, statement=statement, expected_version=statement.version)


def test_a_future_month_cannot_be_prepared(measure, nadia):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        statement_prepare(actor=nadia, provider_id=measure.provider_id, month=dt.date(2999, 1, 1))


def test_the_current_month_cannot_be_sent_before_it_ends(measure, nadia):  # type: ignore[no-untyped-def]
    from django.utils import timezone

    with pytest.raises(ValidationError) as refused:
        statement_prepare(actor=nadia, provider_id=measure.provider_id, month=timezone.localdate())
    assert "once the month has ended" in str(refused.value.message_dict["month"])


def test_only_the_providers_staff_and_finance_act(measure, day_tariff, nadia, paul, finance_officer, coordinator):  # type: ignore[no-untyped-def]
    make_activity(measure, FEB, days="10", by=nadia)  # noqa: F405
    with pytest.raises(PermissionDenied):
        statement_prepare(actor=paul, provider_id=measure.provider_id, month=FEB)
    statement, _ = statement_prepare(actor=nadia, provider_id=measure.provider_id, month=FEB)
    with pytest.raises(PermissionDenied):
        statement_submit(actor=paul, statement=statement, expected_version=statement.version)
    statement = statement_submit(actor=nadia, statement=statement, expected_version=statement.version)
    for someone in (nadia, coordinator):
        with pytest.raises(PermissionDenied):
            statement_validate(actor=someone, statement=statement, expected_version=statement.version)


def test_a_sent_statement_locks_the_months_activity(measure, day_tariff, nadia, finance_officer):  # type: ignore[no-untyped-def]
    make_activity(measure, FEB, days="10", by=nadia)  # noqa: F405
    statement, _ = statement_prepare(actor=nadia, provider_id=measure.provider_id, month=FEB)
    assert not statement_locks_activity(measure.pk, dt.date(2026, 2, 10))
    statement = statement_submit(actor=nadia, statement=statement, expected_version=statement.version)
    assert statement_locks_activity(measure.pk, dt.date(2026, 2, 10))
    assert not statement_locks_activity(measure.pk, MAR)
    statement = statement_return(actor=finance_officer, statement=statement, expected_version=statement.version, reason="No.")
    assert not statement_locks_activity(measure.pk, FEB)


def test_recording_activity_for_a_month_sent_to_finance_is_refused(measure, day_tariff, nadia, finance_officer):  # type: ignore[no-untyped-def]
    from openaef.measures.services_provider import activity_record

    record = make_activity(measure, FEB, days="10", by=nadia)  # noqa: F405
    statement, _ = statement_prepare(actor=nadia, provider_id=measure.provider_id, month=FEB)
    statement = statement_submit(actor=nadia, statement=statement, expected_version=statement.version)

    with pytest.raises(ValidationError) as refused:
        activity_record(actor=nadia, measure=measure, month=FEB, days=Decimal("12"), hours=None, expected_version=record.version)
    assert "sent to finance" in str(refused.value.message_dict["month"])
    assert ActivityRecord.objects.get(pk=record.pk).days == Decimal("10")

    statement_return(actor=finance_officer, statement=statement, expected_version=statement.version, reason="Check the days.")
    corrected = activity_record(
        actor=nadia, measure=measure, month=FEB, days=Decimal("12"), hours=None, expected_version=record.version
    )
    assert corrected.days == Decimal("12")
