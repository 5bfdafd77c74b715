"""SEPA credit-transfer files (ISO 20022 pain.001) for the payment run, and a reader for them.

The format is pain.001.001.09 by default: the ABBL's Luxembourg implementation guidelines v3.0
(built on the EPC's SCT customer-to-bank guidelines, ISO 20022 2019) recommend it since
20 November 2023, and the ABBL kept the older pain.001.001.03 supported only until 21 November 2025
(abbl.lu, "XML Customer Credit Transfer Initiation Message ISO 20022: Guidelines"). This module
still writes and reads .03 (``schema=PAIN_001_001_03``) for a bank that asks for it.

The XML itself is written by sepaxml and checked against the schema it bundles (XSD);
this module refuses bad input first (amounts, IBANs, identifiers) with a ValueError, so that the
schema check only ever fails on a bug, which then stops the run (SepaFileError).
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET  # noqa: S405 - our own files, refused if they declare a DTD (see _parse)
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sepaxml import SepaTransfer
from sepaxml.validation import ValidationError as SchemaError
from text_unidecode import unidecode

from .banking import bic_error, iban_error, normalise_bic, normalise_iban

PAIN_001_001_03 = "pain.001.001.03"
PAIN_001_001_09 = "pain.001.001.09"
SCHEMAS = (PAIN_001_001_03, PAIN_001_001_09)
DEFAULT_SCHEMA = PAIN_001_001_09
_NAMESPACE_PREFIX = "urn:iso:std:iso:20022:tech:xsd:"

# The EPC's SEPA rulebook caps one credit transfer at 999 999 999.99 EUR.
MAX_AMOUNT = Decimal("999999999.99")
NAME_LENGTH = 70
REMITTANCE_LENGTH = 140
ID_LENGTH = 35

# The basic Latin character set every SEPA bank must accept (EPC SCT implementation guidelines,
# "Character set"). Anything else may be refused or garbled by the bank.
_SEPA_TEXT_REFUSED = re.compile(r"[^A-Za-z0-9/\-?:().,'+ ]")
# Identifiers (MsgId, EndToEndId): the same set without spaces, and per the guidelines they must
# neither start nor end with "/" nor contain "//".
_SEPA_ID = re.compile(r"^(?!/)(?!.*//)[A-Za-z0-9/\-?:().,'+]{1,35}(?<!/)$")
_SPACES = re.compile(r" {2,}")


class SepaFileError(Exception):
    """The file sepaxml wrote does not satisfy the pain.001 schema: a bug, never to be sent."""


@dataclass(frozen=True)
class Debtor:
    """The account the money leaves from (the Office's)."""

    name: str
    iban: str
    bic: str | None = None


@dataclass(frozen=True)
class Transfer:
    end_to_end_id: str
    name: str
    iban: str
    bic: str | None
    amount: Decimal
    remittance: str


@dataclass(frozen=True)
class CreditTransferFile:
    """What a stored pain.001 file contains, as the payment-run page shows it."""

    message_id: str
    created_at: str
    execution_date: dt.date
    debtor: Debtor
    number_of_transactions: int
    control_sum: Decimal
    transfers: list[Transfer]


def sepa_text(text: str, length: int) -> str:
    """``text`` in the SEPA character set (accents transliterated, other signs made spaces), cut
    to ``length`` characters."""
    latin = _SEPA_TEXT_REFUSED.sub(" ", unidecode(text or ""))
    return _SPACES.sub(" ", latin).strip()[:length].rstrip()


def amount_in_cents(amount: Decimal) -> int:
    """The exact number of cents; a ValueError for anything but a positive Decimal with exactly
    two decimal places (a float, or a third decimal, would mean rounding was forgotten upstream)."""
    if not isinstance(amount, Decimal):
        raise ValueError(f"An amount must be a Decimal, not {type(amount).__name__}.")
    if not amount.is_finite() or amount.as_tuple().exponent != -2:
        raise ValueError(f"An amount must have exactly two decimal places: {amount}.")
    if not Decimal("0.01") <= amount <= MAX_AMOUNT:
        raise ValueError(f"An amount must be between 0.01 and {MAX_AMOUNT}: {amount}.")
    return int(amount.scaleb(2))


def _check_id(value: str, what: str) -> str:
    if not isinstance(value, str) or not _SEPA_ID.match(value):
        raise ValueError(f"{what} must be 1 to {ID_LENGTH} characters among A-Z a-z 0-9 / - ? : ( ) . , ' +: {value!r}.")
    return value


def _check_account(iban: str, bic: str | None, who: str) -> tuple[str, str | None]:
    error = iban_error(iban)
    if error:
        raise ValueError(f"{who}: {error}")
    if bic:
        error = bic_error(bic)
        if error:
            raise ValueError(f"{who}: {error}")
        return normalise_iban(iban), normalise_bic(bic)
    return normalise_iban(iban), None


def _name(text: str, who: str) -> str:
    name = sepa_text(text, NAME_LENGTH)
    if not name:
        raise ValueError(f"{who}: the name has no character a bank accepts.")
    return name


class _Pain001(SepaTransfer):
    """sepaxml's transfer with our message id, and the payment information id taken from it,
    instead of sepaxml's random ones: the run's reference is then the one the bank reports."""

    def __init__(self, config: dict[str, object], message_id: str, schema: str) -> None:
        self._message_id = message_id
        # clean=False: names and texts are made SEPA-safe here (sepa_text), which sepaxml's own
        # cleaning (transliteration only) does not do completely.
        super().__init__(config, schema=schema, clean=False)

    def _create_header(self) -> None:
        self.msg_id = self._message_id
        super()._create_header()

    def _finalize_batch(self) -> None:
        super()._finalize_batch()
        for node in self._xml.iter("PmtInfId"):
            node.text = self._message_id


def credit_transfer_file(
    *,
    debtor: Debtor,
    transfers: Sequence[Transfer],
    execution_date: dt.date,
    message_id: str,
    schema: str = DEFAULT_SCHEMA,
) -> bytes:
    """One pain.001 file with one batch of SEPA credit transfers, checked against the schema.

    ValueError for any input a bank would refuse; SepaFileError if the written file is invalid."""
    if schema not in SCHEMAS:
        raise ValueError(f"Unknown payment file schema: {schema}.")
    _check_id(message_id, "The message id")
    if not transfers:
        raise ValueError("A payment file needs at least one transfer.")
    if not isinstance(execution_date, dt.date) or isinstance(execution_date, dt.datetime):
        raise ValueError("The execution date must be a date.")
    debtor_iban, debtor_bic = _check_account(debtor.iban, debtor.bic, "The debtor")
    config: dict[str, object] = {"name": _name(debtor.name, "The debtor"), "IBAN": debtor_iban, "currency": "EUR", "batch": True}
    if debtor_bic:
        config["BIC"] = debtor_bic
    payments = [_payment(transfer, execution_date) for transfer in transfers]
    sepa = _Pain001(config, message_id, schema)
    for payment in payments:
        sepa.add_payment(payment)
    try:
        xml = sepa.export(validate=True)
    except SchemaError as error:
        raise SepaFileError(str(error)) from error
    _check_totals(xml, transfers)
    return xml


def _payment(transfer: Transfer, execution_date: dt.date) -> dict[str, object]:
    who = f"Transfer {transfer.end_to_end_id}"
    _check_id(transfer.end_to_end_id, "The end-to-end id")
    iban, bic = _check_account(transfer.iban, transfer.bic, who)
    payment: dict[str, object] = {
        "name": _name(transfer.name, who),
        "IBAN": iban,
        "amount": amount_in_cents(transfer.amount),
        "execution_date": execution_date,
        "description": _remittance(transfer.remittance, who),
        "endtoend_id": transfer.end_to_end_id,
    }
    # sepaxml writes a creditor agent whenever the key exists: only give it when known (IBAN-only
    # transfers are the SEPA rule since 2016).
    if bic:
        payment["BIC"] = bic
    return payment


def _remittance(text: str, who: str) -> str:
    remittance = sepa_text(text, REMITTANCE_LENGTH)
    if not remittance:
        raise ValueError(f"{who}: the remittance information has no character a bank accepts.")
    return remittance


def _check_totals(xml: bytes, transfers: Sequence[Transfer]) -> None:
    """The control sum and count the bank checks the file against are those of what we asked
    for, to the cent: a wrong total makes the bank refuse the whole file."""
    written = read_credit_transfer(xml)
    expected = sum((t.amount for t in transfers), Decimal("0.00"))
    if written.control_sum != expected or written.number_of_transactions != len(transfers):
        raise SepaFileError("The control sum or the number of transactions of the file is wrong.")
    if sum((t.amount for t in written.transfers), Decimal("0.00")) != expected:
        raise SepaFileError("The transfers of the file do not add up to the control sum.")


def _parse(xml: bytes) -> tuple[ET.Element, dict[str, str]]:
    """The root element and the namespace map of a pain.001 file in one of SCHEMAS."""
    # No defusedxml in the venv. Expat does not fetch external entities, and a file that declares
    # a DTD at all (the only way to an entity-expansion bomb) is refused: pain.001 has none.
    if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
        raise ValueError("A payment file must not contain a DTD.")
    root = ET.fromstring(xml)  # noqa: S314 - see above
    for schema in SCHEMAS:
        if root.tag == f"{{{_NAMESPACE_PREFIX}{schema}}}Document":
            return root, {"p": _NAMESPACE_PREFIX + schema}
    raise ValueError("Not a pain.001.001.03 or pain.001.001.09 file.")


def _text(node: ET.Element, ns: dict[str, str], *paths: str) -> str:
    """The text at the first of ``paths`` that exists (.03 and .09 name a few elements differently)."""
    for path in paths:
        found = node.find(path, ns)
        if found is not None:
            return (found.text or "").strip()
    return ""


def read_credit_transfer(xml: bytes) -> CreditTransferFile:
    """What a pain.001 file we wrote contains (header, debtor, every transfer)."""
    root, ns = _parse(xml)
    header = root.find("p:CstmrCdtTrfInitn/p:GrpHdr", ns)
    batches = root.findall("p:CstmrCdtTrfInitn/p:PmtInf", ns)
    if header is None or len(batches) != 1:
        raise ValueError("A payment file of ours has one header and one batch.")
    batch = batches[0]
    transfers = [
        Transfer(
            end_to_end_id=_text(tx, ns, "p:PmtId/p:EndToEndId"),
            name=_text(tx, ns, "p:Cdtr/p:Nm"),
            iban=_text(tx, ns, "p:CdtrAcct/p:Id/p:IBAN"),
            bic=_text(tx, ns, "p:CdtrAgt/p:FinInstnId/p:BIC", "p:CdtrAgt/p:FinInstnId/p:BICFI") or None,
            amount=Decimal(_text(tx, ns, "p:Amt/p:InstdAmt")),
            remittance=_text(tx, ns, "p:RmtInf/p:Ustrd"),
        )
        for tx in batch.findall("p:CdtTrfTxInf", ns)
    ]
    return CreditTransferFile(
        message_id=_text(header, ns, "p:MsgId"),
        created_at=_text(header, ns, "p:CreDtTm"),
        execution_date=dt.date.fromisoformat(_text(batch, ns, "p:ReqdExctnDt/p:Dt", "p:ReqdExctnDt")),
        debtor=Debtor(
            name=_text(batch, ns, "p:Dbtr/p:Nm"),
            iban=_text(batch, ns, "p:DbtrAcct/p:Id/p:IBAN"),
            bic=_text(batch, ns, "p:DbtrAgt/p:FinInstnId/p:BIC", "p:DbtrAgt/p:FinInstnId/p:BICFI") or None,
        ),
        number_of_transactions=int(_text(header, ns, "p:NbOfTxs")),
        control_sum=Decimal(_text(header, ns, "p:CtrlSum")),
        transfers=transfers,
    )


def parse_credit_transfer(xml: bytes) -> list[Transfer]:
    """The transfers of a pain.001 file, in file order."""
    return read_credit_transfer(xml).transfers
