"""SEPA credit-transfer files (pure functions: no database)."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal

import pytest
import sepaxml
import xmlschema
from hypothesis import given, settings
from hypothesis import strategies as st

from openaef.finance import sepa
from openaef.finance.sepa import (
    PAIN_001_001_03,
    PAIN_001_001_09,
    Debtor,
    SepaFileError,
    Transfer,
    credit_transfer_file,
    parse_credit_transfer,
    read_credit_transfer,
)

OFFICE = Debtor(name="Office national de l'enfance", iban="LU12 0010 0012 3456 7891", bic="BCEELULL")
EXECUTION = dt.date(2026, 2, 5)
IBANS = ["LU28 0019 4006 4475 0000", "FR14 2004 1010 0505 0001 3M02 606", "BE71 0961 2345 6769", "DE89 3704 0044 0532 0130 00"]


def transfer(n: int = 1, *, amount: Decimal = Decimal("1250.40"), **fields: object) -> Transfer:
    values: dict[str, object] = {
        "end_to_end_id": f"PR-2026-02-{n:04d}",
        "name": "Kannerhaff asbl",
        "iban": IBANS[n % len(IBANS)],
        "bic": None,
        "amount": amount,
        "remittance": f"Statement 2026-01 no {n}",
    }
    values.update(fields)
    return Transfer(**values)  # type: ignore[arg-type]


def build(transfers: list[Transfer], **kwargs: object) -> bytes:
    arguments: dict[str, object] = {
        "debtor": OFFICE,
        "transfers": transfers,
        "execution_date": EXECUTION,
        "message_id": "PR-2026-02",
    }
    arguments.update(kwargs)
    return credit_transfer_file(**arguments)  # type: ignore[arg-type]


def schema(name: str) -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(os.path.join(os.path.dirname(sepaxml.__file__), "schemas", f"{name}.xsd"))


def test_the_file_is_valid_against_the_pain_001_001_09_schema_by_default():
    xml = build([transfer(1), transfer(2, bic="COBADEFFXXX")])
    schema(PAIN_001_001_09).validate(xml.decode())
    assert b"urn:iso:std:iso:20022:tech:xsd:pain.001.001.09" in xml


def test_the_file_can_be_written_in_pain_001_001_03_for_a_bank_that_asks_for_it():
    xml = build([transfer(1), transfer(2, bic="COBADEFFXXX")], schema=PAIN_001_001_03)
    schema(PAIN_001_001_03).validate(xml.decode())
    contents = read_credit_transfer(xml)
    assert contents.execution_date == EXECUTION
    assert contents.debtor.bic == "BCEELULL"
    assert [t.bic for t in contents.transfers] == [None, "COBADEFFXXX"]


def test_the_header_counts_the_transfers_and_sums_them_exactly():
    amounts = [Decimal("0.10"), Decimal("0.20"), Decimal("1250.40"), Decimal("99999.99")]
    contents = read_credit_transfer(build([transfer(n, amount=a) for n, a in enumerate(amounts, 1)]))
    assert contents.number_of_transactions == 4
    assert contents.control_sum == Decimal("101250.69")
    assert [t.amount for t in contents.transfers] == amounts


def test_the_file_carries_our_message_id_debtor_and_execution_date_in_one_batch():
    xml = build([transfer(1), transfer(2)])
    contents = read_credit_transfer(xml)
    assert contents.message_id == "PR-2026-02"
    assert contents.execution_date == EXECUTION
    assert contents.debtor == Debtor(name="Office national de l'enfance", iban="LU120010001234567891", bic="BCEELULL")
    assert xml.count(b"<PmtInf>") == 1
    assert b"<PmtInfId>PR-2026-02</PmtInfId>" in xml


def test_it_gives_back_each_transfer_with_normalised_account_numbers():
    sent = transfer(7, bic="cobadeffxxx", iban="de89 3704 0044 0532 0130 00")
    assert parse_credit_transfer(build([sent])) == [
        Transfer(
            end_to_end_id="PR-2026-02-0007",
            name="Kannerhaff asbl",
            iban="DE89370400440532013000",
            bic="COBADEFFXXX",
            amount=Decimal("1250.40"),
            remittance="Statement 2026-01 no 7",
        )
    ]


def test_it_transliterates_names_and_remittance_to_the_sepa_character_set():
    sent = transfer(name="Kannerhaff asbl — Maison d'accueil Éischt", remittance="Décompte janvier & février: Zoé Müller")
    (received,) = parse_credit_transfer(build([sent]))
    assert received.name == "Kannerhaff asbl -- Maison d'accueil Eischt"
    assert received.remittance == "Decompte janvier fevrier: Zoe Muller"


def test_it_cuts_names_to_70_and_remittance_to_140_characters():
    (received,) = parse_credit_transfer(build([transfer(name="É" * 100, remittance="x" * 200)]))
    assert received.name == "E" * 70
    assert received.remittance == "x" * 140


@pytest.mark.parametrize("amount", [Decimal("10.005"), Decimal("10.0"), Decimal("10"), Decimal("1E+2")])
def test_it_refuses_an_amount_without_exactly_two_decimals(amount):
    with pytest.raises(ValueError, match="exactly two decimal places"):
        build([transfer(amount=amount)])


@pytest.mark.parametrize("amount", [10.5, 10, "10.50"])
def test_it_refuses_an_amount_that_is_not_a_decimal(amount):
    with pytest.raises(ValueError, match="must be a Decimal"):
        build([transfer(amount=amount)])


@pytest.mark.parametrize("amount", [Decimal("0.00"), Decimal("-5.00"), Decimal("1000000000.00"), Decimal("NaN")])
def test_it_refuses_an_amount_that_is_not_positive_or_too_large(amount):
    with pytest.raises(ValueError, match="amount"):
        build([transfer(amount=amount)])


def test_it_refuses_a_wrong_iban_before_building_the_file(monkeypatch):
    def must_not_build(*args, **kwargs):
        raise AssertionError("the file was built")

    monkeypatch.setattr(sepa, "_Pain001", must_not_build)
    with pytest.raises(ValueError, match="check digits are wrong"):
        build([transfer(1), transfer(2, iban="LU29 0019 4006 4475 0000")])


def test_it_refuses_a_wrong_bic_and_a_wrong_debtor_iban():
    with pytest.raises(ValueError, match="BIC"):
        build([transfer(bic="BCEELU")])
    with pytest.raises(ValueError, match="The debtor"):
        build([transfer()], debtor=Debtor(name="Office", iban="LU13 0010 0012 3456 7891", bic=None))


@pytest.mark.parametrize("identifier", ["", "x" * 36, "PR 2026", "/PR-1", "PR-1/", "PR//1", "PR_1", "PRé"])
def test_it_refuses_identifiers_outside_35_characters_of_the_allowed_set(identifier):
    with pytest.raises(ValueError, match="must be 1 to 35 characters"):
        build([transfer()], message_id=identifier)
    with pytest.raises(ValueError, match="must be 1 to 35 characters"):
        build([transfer(end_to_end_id=identifier)])


def test_it_refuses_an_empty_run_a_datetime_and_a_name_with_no_latin_character():
    with pytest.raises(ValueError, match="at least one transfer"):
        build([])
    with pytest.raises(ValueError, match="must be a date"):
        build([transfer()], execution_date=dt.datetime(2026, 2, 5, 10, 0))  # noqa: DTZ001
    with pytest.raises(ValueError, match="no character a bank accepts"):
        build([transfer(name="«»")])


def test_a_file_that_breaks_the_schema_is_never_returned(monkeypatch):
    # Texts are cut (70/140 characters, the EPC's limits) before sepaxml sees them; the schema's own
    # limit is 140: past it, the schema check must stop the file.
    monkeypatch.setattr(sepa, "sepa_text", lambda text, length: "x" * 141)
    with pytest.raises(SepaFileError):
        build([transfer()])


def test_a_file_whose_totals_differ_from_the_transfers_is_never_returned(monkeypatch):
    monkeypatch.setattr(sepa, "amount_in_cents", lambda amount: 1)
    with pytest.raises(SepaFileError, match="control sum"):
        build([transfer(1), transfer(2)])


def test_the_reader_refuses_a_file_with_a_dtd():
    xml = build([transfer()])
    bomb = xml.replace(b"?>", b'?><!DOCTYPE Document [<!ENTITY a "aaaaaaaaaa">]>', 1)
    with pytest.raises(ValueError, match="DTD"):
        parse_credit_transfer(bomb)


def test_the_reader_refuses_another_kind_of_xml():
    with pytest.raises(ValueError, match="Not a pain.001"):
        parse_credit_transfer(b'<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.008.001.02"/>')


amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=25, deadline=None)
@given(st.lists(amounts, min_size=1, max_size=50))
def test_any_run_gives_back_its_amounts_and_a_control_sum_equal_to_their_sum(values):
    contents = read_credit_transfer(build([transfer(n, amount=a) for n, a in enumerate(values, 1)]))
    assert [t.amount for t in contents.transfers] == values
    assert contents.control_sum == sum(values, Decimal("0.00"))
    assert contents.number_of_transactions == len(values)
