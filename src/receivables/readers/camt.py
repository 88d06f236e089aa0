"""Which customer payments does the bank's ISO 20022 camt.053 or camt.054 file hold?

:func:`read_camt` reads a bank-to-customer statement (camt.053), a
debit/credit notification (camt.054) or an account report (camt.052), any
version ``001.02`` to ``001.08`` and later (the reader goes by local element
names, so a new version's namespace is read as the older ones). The element
names and their nesting are those of the ISO 20022 message definitions
(``BkToCstmrStmt/Stmt/Ntry/NtryDtls/TxDtls``), as the Swiss Payment Standards
and the German DFÜ camt implementation guides profile them:

- a booked (``Sts`` ``BOOK``) credit entry (``CdtDbtInd`` ``CRDT``) is a
  :class:`~receivables.documents.Payment`: one per ``TxDtls`` when the entry
  batches several transactions (their amounts must add up to the entry's,
  and their number to ``Btch/NbOfTxs``), else one for the entry;
- its amount and currency (``Amt/@Ccy``), booking date (``BookgDt``) as the
  received date and value date (``ValDt``), debtor name (``UltmtDbtr``,
  else ``Dbtr``, the party who owes us) and account (``DbtrAcct`` ``IBAN``
  or ``Othr/Id``), the end-to-end id as its bank reference, the
  unstructured remittance (``Ustrd``) and the structured one (``Strd``):
  every referred document (``RfrdDocInf/Nb``) becomes a
  :class:`~receivables.documents.RemittanceLine` with the amounts of
  ``RfrdDocAmt`` (remitted, discount applied, adjustment with its reason),
  and a creditor reference (``CdtrRefInf/Ref``) one too, an ISO 11649 ``RF``
  reference checked with :mod:`stdnum.iso11649` and a Swiss QR/ISR
  reference with :mod:`stdnum.ch.esr`;
- a booked debit entry marked as a reversal (``RvslInd`` true) takes back a
  credit: it is a :class:`~receivables.documents.Reversal` of the payment
  whose id it names (the same end-to-end id or bank reference), with the
  return reason of ``RtrInf``;
- anything else (debits, entries not booked, reversed debits, a creditor
  reference whose check digits fail) is a note in
  ``ReadResult.notes``, not an error.

The XML is parsed by the standard library through ``defusedxml``, which
refuses a document type declaration, entity expansion (the "billion laughs")
and external entities; the file is refused over a size limit before it is
parsed. ``defusedxml`` is a core dependency: it is small, pure Python and
without dependencies, and a safe parse must not hang on an optional install.

>>> xml = b'''<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08">
... <BkToCstmrDbtCdtNtfctn><Ntfctn><Ntry><Amt Ccy="EUR">250.00</Amt>
... <CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2026-03-02</Dt></BookgDt>
... <NtryDtls><TxDtls><Refs><EndToEndId>E2E-1</EndToEndId></Refs>
... <RmtInf><Strd><RfrdDocInf><Nb>INV-1001</Nb></RfrdDocInf>
... <RfrdDocAmt><RmtdAmt Ccy="EUR">250.00</RmtdAmt></RfrdDocAmt></Strd></RmtInf>
... </TxDtls></NtryDtls></Ntry></Ntfctn></BkToCstmrDbtCdtNtfctn></Document>'''
>>> payment = read_camt(xml, source="n.xml").payments[0]
>>> payment.id, payment.amount, payment.remittance_lines[0].document_number
('E2E-1', Money('250.00', 'EUR'), 'INV-1001')
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Final

import attrs
import defusedxml
import defusedxml.ElementTree as SafeET
from stdnum import iso11649
from stdnum.ch import esr

from receivables.decisions import Reason
from receivables.documents import (
    Payment,
    PaymentMethod,
    RemittanceLine,
    Reversal,
    ReversalKind,
)
from receivables.errors import ReceivablesError, ValidationError
from receivables.money import Money, money, total
from receivables.readers.results import MAX_BYTES, Problems, ReadResult, Source, read_bytes

__all__ = ["read_camt"]

_NAMESPACE: Final = re.compile(r"urn:iso:std:iso:20022:tech:xsd:camt\.05[234]\.001\.(\d\d)")
_CONTAINERS: Final = {
    "BkToCstmrStmt": ("Stmt", "camt053"),
    "BkToCstmrDbtCdtNtfctn": ("Ntfctn", "camt054"),
    "BkToCstmrAcctRpt": ("Rpt", "camt052"),
}
_METHODS: Final = {  # ISO 20022 bank transaction code families (ExternalBankTransactionFamily)
    "RCDT": PaymentMethod.TRANSFER,
    "ICDT": PaymentMethod.TRANSFER,
    "RDDT": PaymentMethod.DIRECT_DEBIT,
    "IDDT": PaymentMethod.DIRECT_DEBIT,
    "RCHQ": PaymentMethod.CHECK,
    "ICHQ": PaymentMethod.CHECK,
    "CCRD": PaymentMethod.CARD,
    "MCRD": PaymentMethod.CARD,
    "CNTR": PaymentMethod.CASH,
}
_NOT_PROVIDED: Final = {"", "NOTPROVIDED", "NONREF"}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return element.findall(name)  # the tags are local names once parsed (see _parse)


def _find(element: ET.Element | None, *names: str) -> ET.Element | None:
    for name in names:
        if element is None:
            return None
        element = element.find(name)
    return element


def _text(element: ET.Element | None, *names: str) -> str:
    found = _find(element, *names)
    return (found.text or "").strip() if found is not None else ""


@attrs.frozen
class _Node:
    """An element and its XPath (``/Document/BkToCstmrStmt/Stmt[1]/Ntry[3]``)."""

    element: ET.Element
    path: str

    def each(self, name: str) -> Iterator[_Node]:
        for index, child in enumerate(_children(self.element, name), start=1):
            yield _Node(child, f"{self.path}/{name}[{index}]")

    def at(self, *names: str) -> _Node | None:
        element: ET.Element | None = self.element
        path = self.path
        for name in names:
            element = _find(element, name)
            if element is None:
                return None
            path += f"/{name}"
        assert element is not None
        return _Node(element, path)

    def text(self, *names: str) -> str:
        return _text(self.element, *names)


@attrs.frozen
class _Amounts:
    """What a remittance says was paid on a document, and what it took off."""

    paid: Money | None = None
    discount: Money | None = None
    adjustment: Money | None = None
    reason: str = ""


class _Reader:
    """Walks one camt document, collecting payments, reversals, notes and problems."""

    def __init__(self, source: str) -> None:
        self.problems = Problems(source)
        self.payments: list[Payment] = []
        self.reversals: list[Reversal] = []
        self.notes: list[Reason] = []
        self.ids: dict[str, int] = {}

    # --- leaves ---------------------------------------------------------------------

    def amount(self, node: _Node | None, name: str = "Amt") -> Money | None:
        """The amount of ``node/name`` with its ``Ccy``, or None after recording a problem."""
        if node is None:
            return None
        found = node.at(name)
        if found is None:
            self.problems.add(node.path, name, None, "an amount with its Ccy attribute")
            return None
        currency = found.element.get("Ccy", "")
        text = (found.element.text or "").strip()
        try:
            code = money("0", currency).code
        except ValidationError:
            self.problems.add(found.path, "@Ccy", currency, "an ISO 4217 currency code")
            return None
        if not re.fullmatch(r"[0-9]{1,18}(\.[0-9]{1,5})?", text):
            self.problems.add(found.path, "", text, "a decimal amount such as 1234.50")
            return None
        try:
            return money(text, code)
        except ValidationError as error:
            self.problems.add(found.path, "", text, error.expected)
            return None

    def date(self, node: _Node, name: str) -> dt.date | None:
        found = node.at(name)
        if found is None:
            return None
        text = found.text("Dt") or found.text("DtTm")[:10]
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            self.problems.add(found.path, "Dt", text, "an ISO date YYYY-MM-DD")
            return None

    def unique(self, wanted: str) -> str:
        count = self.ids.get(wanted, 0) + 1
        self.ids[wanted] = count
        return wanted if count == 1 else f"{wanted}/{count}"

    def note(self, code: str, message: str, node: _Node, amount: Money | None) -> None:
        data = {"where": self.problems.field(node.path)}
        if amount is not None:
            data.update(amount=str(amount.amount), currency=amount.code)
        self.notes.append(Reason(code, message, data))

    # --- entries --------------------------------------------------------------------

    def statement(self, node: _Node) -> None:
        booked: list[Money] = []
        before = len(self.problems.errors)
        for entry in node.each("Ntry"):
            movement = self.entry(entry)
            if movement is not None:
                booked.append(movement)
        if len(self.problems.errors) == before:  # an unreadable entry already says why
            self.balances(node, booked)

    def balances(self, node: _Node, booked: list[Money]) -> None:
        """Opening balance plus booked entries must give the closing balance (a control total)."""
        found: dict[str, tuple[_Node, Money]] = {}
        for balance in node.each("Bal"):
            code = balance.text("Tp", "CdOrPrtry", "Cd")
            amount = self.amount(balance)
            if amount is None or code not in ("OPBD", "PRCD", "CLBD"):
                continue
            sign = -1 if balance.text("CdtDbtInd") == "DBIT" else 1
            found.setdefault("CLBD" if code == "CLBD" else "OPBD", (balance, amount * sign))
        if "OPBD" not in found or "CLBD" not in found:
            return
        opening, closing = found["OPBD"][1], found["CLBD"][1]
        if opening.code != closing.code or any(m.code != opening.code for m in booked):
            return
        expected = opening + total(booked, opening.code)
        if expected != closing:
            self.problems.add(
                found["CLBD"][0].path,
                "Amt",
                str(closing.amount),
                f"the opening balance {opening.amount} plus the booked entries "
                f"({total(booked, opening.code).amount}) = {expected.amount}: "
                "entries are missing or the file is altered",
            )

    def entry(self, entry: _Node) -> Money | None:
        """Read one entry; returns its signed amount when booked (for the balance check)."""
        amount = self.amount(entry)
        indicator = entry.text("CdtDbtInd")
        if indicator not in ("CRDT", "DBIT"):
            self.problems.add(entry.path, "CdtDbtInd", indicator, "CRDT or DBIT")
            return None
        status = entry.text("Sts", "Cd") or entry.text("Sts")
        reversal = entry.text("RvslInd").lower() in ("true", "1")
        booked_on = self.date(entry, "BookgDt")
        value_on = self.date(entry, "ValDt")
        if amount is None:
            return None
        signed = amount if indicator == "CRDT" else -amount
        if status not in ("BOOK", ""):
            self.note("entry_not_booked", f"A {status} entry is not booked yet.", entry, signed)
            return None
        received = booked_on or value_on
        if received is None:
            self.problems.add(entry.path, "BookgDt", None, "a booking (or value) date")
            return signed
        if indicator == "DBIT" and not reversal:
            self.note("debit_entry", "A debit is not a customer's payment.", entry, signed)
            return signed
        if indicator == "CRDT" and reversal:
            self.note(
                "reversed_debit", "A reversed debit is not a customer's payment.", entry, signed
            )
            return signed
        transactions = self.transactions(entry, amount)
        if transactions is None:
            return signed
        for transaction, tx_amount in transactions:
            if reversal:
                self.reversal(entry, transaction, received)
            else:
                self.payment(entry, transaction, tx_amount, received, value_on)
        return signed

    def transactions(self, entry: _Node, amount: Money) -> list[tuple[_Node | None, Money]] | None:
        """The entry's transactions with their amounts; None when they do not add up."""
        details = [tx for block in entry.each("NtryDtls") for tx in block.each("TxDtls")]
        if not details:
            return [(None, amount)]
        announced = entry.text("NtryDtls", "Btch", "NbOfTxs")
        if announced and announced.isdigit() and int(announced) != len(details):
            self.problems.add(
                entry.path,
                "NtryDtls/Btch/NbOfTxs",
                announced,
                f"the number of TxDtls in the entry ({len(details)})",
            )
            return None
        if len(details) == 1:
            own = self.tx_amount(details[0], required=False)
            return [(details[0], own if own is not None else amount)]
        amounts = [self.tx_amount(tx, required=True) for tx in details]
        if any(a is None for a in amounts):
            return None
        found = [a for a in amounts if a is not None]
        for tx, tx_amount in zip(details, found, strict=True):
            if tx_amount.code != amount.code:
                self.problems.add(
                    tx.path,
                    "Amt/@Ccy",
                    tx_amount.code,
                    f"the entry's currency {amount.code} (a batch books one currency)",
                )
                return None
        signed = [
            a if tx.text("CdtDbtInd") in ("", entry.text("CdtDbtInd")) else -a
            for tx, a in zip(details, found, strict=True)
        ]
        if total(signed, amount.code) != amount:
            self.problems.add(
                entry.path,
                "Amt",
                str(amount.amount),
                f"the sum of its {len(details)} TxDtls amounts, "
                f"{total(signed, amount.code).amount}",
            )
            return None
        kept: list[tuple[_Node | None, Money]] = []
        for tx, tx_amount, sign in zip(details, found, signed, strict=True):
            if sign.amount < 0:
                self.note("debit_transaction", "A debit in a credit batch.", tx, tx_amount)
            else:
                kept.append((tx, tx_amount))
        return kept

    def tx_amount(self, tx: _Node, *, required: bool) -> Money | None:
        if tx.at("Amt") is not None:
            return self.amount(tx)
        details = tx.at("AmtDtls", "TxAmt")
        if details is not None:
            return self.amount(details)
        if required:
            self.problems.add(tx.path, "Amt", None, "an amount for each transaction of a batch")
        return None

    # --- documents ------------------------------------------------------------------

    def reference(self, entry: _Node, tx: _Node | None) -> str:
        for names in (("Refs", "EndToEndId"), ("Refs", "AcctSvcrRef"), ("Refs", "TxId")):
            if tx is not None and tx.text(*names).upper() not in _NOT_PROVIDED:
                return tx.text(*names)
        for name in ("AcctSvcrRef", "NtryRef"):
            if entry.text(name).upper() not in _NOT_PROVIDED:
                return entry.text(name)
        return ""

    def payment(
        self,
        entry: _Node,
        tx: _Node | None,
        amount: Money,
        received: dt.date,
        value_on: dt.date | None,
    ) -> None:
        where = tx or entry
        reference = self.reference(entry, tx)
        parties = tx.at("RltdPties") if tx is not None else None
        name = ""
        account = ""
        if parties is not None:
            for party in ("UltmtDbtr", "Dbtr"):
                name = parties.text(party, "Nm") or parties.text(party, "Pty", "Nm")
                if name:
                    break
            account = parties.text("DbtrAcct", "Id", "IBAN") or parties.text(
                "DbtrAcct", "Id", "Othr", "Id"
            )
        texts: list[str] = []
        lines: list[RemittanceLine] = []
        info = tx.at("RmtInf") if tx is not None else None
        if info is not None:
            texts += [u.text() for u in info.each("Ustrd") if u.text()]
            for structured in info.each("Strd"):
                lines += self.structured(structured, amount.code, texts)
        if not texts and entry.text("AddtlNtryInf"):
            texts.append(entry.text("AddtlNtryInf"))
        family = entry.text("BkTxCd", "Domn", "Fmly", "Cd")
        if tx is not None and tx.text("BkTxCd", "Domn", "Fmly", "Cd"):
            family = tx.text("BkTxCd", "Domn", "Fmly", "Cd")
        wanted = reference or f"{self.problems.source}#{where.path}"
        try:
            self.payments.append(
                Payment(
                    id=self.unique(wanted),
                    amount=amount,
                    received_date=received,
                    value_date=value_on,
                    payer_name=name,
                    remittance=" ".join(texts),
                    bank_reference=reference,
                    method=_METHODS.get(family, PaymentMethod.TRANSFER),
                    payer_account=account or None,
                    remittance_lines=lines,
                )
            )
        except ReceivablesError as error:
            self.problems.add(where.path, "", None, str(error))

    def remitted(self, amounts: _Node | None, currency: str) -> _Amounts:
        """Paid, discount, adjustment and its reason from a RemittanceAmount block."""
        if amounts is None:
            return _Amounts()
        paid = self.optional(amounts, "RmtdAmt", currency)
        if amounts.at("DscntApldAmt", "Amt") is not None:  # 001.05 on: with its type
            discount = self.optional(amounts.at("DscntApldAmt"), "Amt", currency)
        else:
            discount = self.optional(amounts, "DscntApldAmt", currency)
        adjustment = None
        reason = ""
        adjusted = amounts.at("AdjstmntAmtAndRsn")
        if adjusted is not None:
            adjustment = self.optional(adjusted, "Amt", currency)
            if adjustment is not None and adjusted.text("CdtDbtInd") == "DBIT":
                adjustment = -adjustment
            reason = adjusted.text("Rsn")
        if discount is not None and discount.amount <= 0:
            discount = None
        return _Amounts(paid, discount, adjustment, reason)

    def structured(self, node: _Node, currency: str, texts: list[str]) -> list[RemittanceLine]:
        """The remittance lines of one ``Strd`` block (its free text goes to ``texts``).

        The block's ``RfrdDocAmt`` belongs to its document when it names one;
        from 001.05 on, each document may carry its own amounts in
        ``LineDtls/Amt``.
        """
        texts += [a.text() for a in node.each("AddtlRmtInf") if a.text()]
        block = self.remitted(node.at("RfrdDocAmt"), currency)
        documents = list(node.each("RfrdDocInf"))
        lines: list[RemittanceLine] = []
        for document in documents:
            number = document.text("Nb")
            if not number:
                continue
            kind = document.text("Tp", "CdOrPrtry", "Cd") or document.text(
                "Tp", "CdOrPrtry", "Prtry"
            )
            own = document.at("LineDtls", "Amt")
            amounts = self.remitted(own, currency) if own is not None else None
            if amounts is None:
                amounts = block if len(documents) == 1 else _Amounts()
            lines.append(self.line(document, number, amounts, kind.lower()))
        creditor = node.at("CdtrRefInf")
        if creditor is not None and creditor.text("Ref"):
            texts.append(creditor.text("Ref"))
            line = self.creditor_reference(creditor, block.paid if not lines else None)
            if line is not None:
                lines.append(line)
        # the numbers also go to the free text, which cash application reads today
        texts += [line.document_number for line in lines if line.document_number not in texts]
        return lines

    def line(self, node: _Node, number: str, amounts: _Amounts, kind: str) -> RemittanceLine:
        try:
            return RemittanceLine(
                document_number=number,
                amount_paid=amounts.paid,
                discount=amounts.discount,
                adjustment=amounts.adjustment,
                adjustment_reason=amounts.reason,
                reference_kind=kind,
            )
        except ReceivablesError as error:
            self.problems.add(node.path, "", number, str(error))
            return RemittanceLine(document_number=number)

    def creditor_reference(self, node: _Node, paid: Money | None) -> RemittanceLine | None:
        reference = re.sub(r"\s+", "", node.text("Ref"))
        kind = (
            node.text("Tp", "CdOrPrtry", "Cd")
            or node.text("Tp", "CdOrPrtry", "Prtry")
            or node.text("Tp", "Issr")
        ).upper()
        if reference.upper().startswith("RF") or kind == "SCOR":
            if not iso11649.is_valid(reference):
                self.notes.append(
                    Reason(
                        "creditor_reference_invalid",
                        f"The creditor reference {reference} fails its ISO 11649 check digits.",
                        {"where": self.problems.field(node.path, "Ref"), "reference": reference},
                    )
                )
                return None
            return RemittanceLine(
                document_number=iso11649.compact(reference)[4:],
                amount_paid=paid,
                reference_kind="iso11649",
            )
        if kind in ("QRR", "ISR REFERENCE", "ESR", "ISR"):
            if not esr.is_valid(reference):
                self.notes.append(
                    Reason(
                        "creditor_reference_invalid",
                        f"The QR/ISR reference {reference} fails its check digit.",
                        {"where": self.problems.field(node.path, "Ref"), "reference": reference},
                    )
                )
                return None
            return RemittanceLine(document_number=reference, amount_paid=paid, reference_kind="qrr")
        return RemittanceLine(
            document_number=reference, amount_paid=paid, reference_kind="creditor_reference"
        )

    def optional(self, node: _Node | None, name: str, currency: str) -> Money | None:
        if node is None or node.at(name) is None:
            return None
        value = self.amount(node, name)
        if value is not None and value.code != currency:
            self.problems.add(
                f"{node.path}/{name}", "@Ccy", value.code, f"the payment's currency {currency}"
            )
            return None
        return value

    def reversal(self, entry: _Node, tx: _Node | None, booked: dt.date) -> None:
        reference = self.reference(entry, tx)
        where = tx or entry
        if not reference:
            self.problems.add(
                where.path, "Refs", None, "the reversed payment's end-to-end id or reference"
            )
            return
        code = tx.text("RtrInf", "Rsn", "Cd") if tx is not None else ""
        extra = tx.text("RtrInf", "AddtlInf") if tx is not None else ""
        reason = " ".join(part for part in (code, extra) if part) or "reversed by the bank"
        self.reversals.append(
            Reversal(
                id=self.unique(f"{reference}-reversal"),
                kind=ReversalKind.RETURNED_PAYMENT,
                target_id=reference,
                date=booked,
                reason=reason,
            )
        )


def _parse(raw: bytes, source: str) -> ET.Element:
    try:
        root: ET.Element = SafeET.fromstring(raw, forbid_dtd=True)
    except defusedxml.DTDForbidden:
        raise ValidationError(
            source, "<!DOCTYPE ...>", "a camt document without a DTD (entities are refused)"
        ) from None
    except defusedxml.EntitiesForbidden as error:
        raise ValidationError(
            source, f"<!ENTITY {error.name} ...>", "a camt document without entities"
        ) from None
    except defusedxml.ExternalReferenceForbidden as error:
        raise ValidationError(
            source, error.sysid, "a camt document without external references"
        ) from None
    except ET.ParseError as error:
        line, column = error.position
        lines = raw.splitlines()
        excerpt = lines[line - 1][:60].decode("utf-8", "replace") if 0 < line <= len(lines) else ""
        raise ValidationError(
            f"{source}:{line}:{column}",
            excerpt,
            f"well-formed XML (the file is truncated or broken: {error})",
        ) from None
    return root


def read_camt(data: Source, *, source: str = "camt.xml", max_bytes: int = MAX_BYTES) -> ReadResult:
    """The payments, returned payments and notes of a camt.053, camt.054 or camt.052 file.

    ``source`` names the file in error messages; ``max_bytes`` refuses a
    larger file before it is parsed. A file with bad values raises one
    :class:`~receivables.errors.ValidationError` listing each, by XPath.

    >>> read_camt(b'<!DOCTYPE d [<!ENTITY a "aaaa">]><Document>&a;</Document>', source="s.xml")
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: s.xml: got '<!DOCTYPE ...>'; expected a camt document without a DTD (entities are refused)
    """
    raw = read_bytes(data, source, max_bytes=max_bytes)
    root = _parse(raw, source)
    namespace = root.tag[1:].split("}", 1)[0] if root.tag.startswith("{") else ""
    for element in root.iter():  # local names: the reader goes by them, whatever the version
        if isinstance(element.tag, str):
            element.tag = _local(element.tag)
    if root.tag != "Document" or (namespace and not _NAMESPACE.fullmatch(namespace)):
        raise ValidationError(
            source,
            f"{root.tag} in {namespace or 'no namespace'}",
            "an ISO 20022 camt.052, camt.053 or camt.054 Document "
            "(namespace urn:iso:std:iso:20022:tech:xsd:camt.05x.001.NN)",
        )
    document = _Node(root, "/Document")
    reader = _Reader(source)
    kind = ""
    for container, (child, name) in _CONTAINERS.items():
        message = document.at(container)
        if message is None:
            continue
        kind = name
        for statement in message.each(child):
            reader.statement(statement)
    if not kind:
        raise ValidationError(
            f"{source}:/Document",
            [c.tag for c in root][:3],
            "BkToCstmrStmt, BkToCstmrDbtCdtNtfctn or BkToCstmrAcctRpt",
        )
    reader.problems.raise_if_any(f"a {kind} file whose every value can be read")
    return ReadResult(
        source=source,
        format=kind,
        payments=tuple(reader.payments),
        reversals=tuple(reader.reversals),
        notes=tuple(reader.notes),
    )
