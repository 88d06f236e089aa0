"""Does the customer's own ledger agree with ours on the cut-off date, and if not, why not?

A customer sends its payables ledger for our account (or answers a balance
confirmation with another balance). :func:`reconcile` matches their lines to
ours and explains the difference between the two balances the way auditors
reconcile a confirmation exception (PCAOB AS 2310 *The Auditor's Use of
Confirmation* and ISA 505 *External Confirmations*: differences are
investigated and classed as timing, cash in transit, unrecorded items,
disputes or errors), in the classes Odoo, ERPNext and SAP users work a
customer's account reconciliation with:

====================  ===============================================================
class                 what happened
====================  ===============================================================
payment_in_transit    their payment, dated within ``transit_days`` of the cut-off,
                      that we have not received or applied
not_recorded_by_them  our invoice (or debit note) they have not received or recorded
credit_not_applied    our credit note they have not recorded
disputed              an invoice of ours under an open :class:`~receivables.documents.Dispute`
amount_differs        the same document with another amount (partial recording, tax, FX)
timing                the same document dated on the other side of the cut-off
unknown_to_us         their line names nothing of ours
unknown_to_them       our payment or adjustment they have not recorded
rounding              a matched difference within the policy's tolerance (closed)
unexplained           their stated balance less the sum of the lines they sent
====================  ===============================================================

Lines match by document number first, in their spelling: both sides become
:func:`~receivables.numbering.reference_key` keys, so ``"fv 5230"`` is our
``"FV-0005230"``; then by a short form (``"5230"`` for ``"FV-2026-0005230"``,
when one key ends the other and no other document of ours ends the same way);
then, for what is left, by exact amount and a date within
``date_tolerance_days``. A match always joins two lines of the same sign (an
invoice to an invoice, a payment to a payment).

The statement ties to the cent, and construction checks it::

    our balance + Σ differences = their balance

where each side's balance is the sum of its lines dated on or before
``as_of`` (their stated balance instead, when given), and each difference is
what their side counts less what ours counts for the lines it holds. Every
line of both sides is accounted for exactly once: in an agreed match, in a
difference, or as dated after the cut-off. Both sides must be on one basis:
open items against open items (:func:`our_lines` gives ours from a
:class:`~receivables.ledger.Ledger`), or movements against movements.

The matching is hand-written (a few dictionaries and sorted lists) rather
than a fuzzy matcher from rapidfuzz: a reconciliation must not guess, and an
exact key, an unambiguous short form or an exact amount is what an analyst
accepts without looking.

>>> import datetime as dt
>>> from receivables.money import money
>>> ours = [AccountLine(document="FV-0005230", date=dt.date(2026, 6, 2), amount=money("1000.00", "USD")),
...         AccountLine(document="FV-0005231", date=dt.date(2026, 6, 20), amount=money("400.00", "USD"))]
>>> theirs = [AccountLine(document="5230", date=dt.date(2026, 6, 3), amount=money("1000.00", "USD")),
...           AccountLine(document="TR-88", date=dt.date(2026, 6, 29), amount=money("-1000.00", "USD"))]
>>> result = reconcile(ours, theirs, customer_id="C1", as_of=dt.date(2026, 6, 30))
>>> result.our_balance, result.their_balance
(Money('1400.00', 'USD'), Money('0.00', 'USD'))
>>> [(d.kind.value, d.amount) for d in result.differences]
[('payment_in_transit', Money('-1000.00', 'USD')), ('not_recorded_by_them', Money('-400.00', 'USD'))]
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

import attrs

from receivables.decisions import Reason, check_policy_identity
from receivables.documents import Dispute, parse_member
from receivables.errors import CurrencyMismatchError, PolicyError, ValidationError
from receivables.ledger import ItemKind, Ledger
from receivables.money import Money, from_minor, money, to_minor
from receivables.numbering import reference_key

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DEFAULT_POLICY",
    "AccountLine",
    "Book",
    "ColumnMapping",
    "Difference",
    "DifferenceKind",
    "LineKind",
    "Match",
    "MatchKind",
    "Reconciliation",
    "ReconciliationPolicy",
    "our_lines",
    "reconcile",
]


class LineKind(enum.StrEnum):
    """What a line of either ledger is.

    >>> [member.value for member in LineKind]
    ['invoice', 'debit_note', 'credit_note', 'payment', 'adjustment']
    """

    INVOICE = "invoice"
    DEBIT_NOTE = "debit_note"
    CREDIT_NOTE = "credit_note"
    PAYMENT = "payment"
    ADJUSTMENT = "adjustment"


class Book(enum.StrEnum):
    """Whose book a file comes from, which says how its debits and credits read.

    In a *payables* ledger (the customer's) a credit raises what they owe us;
    in a *receivables* ledger (ours) a debit does. A signed amount column is
    read as ledgers export it, debits positive and credits negative.

    >>> [member.value for member in Book]
    ['payables', 'receivables']
    """

    PAYABLES = "payables"
    RECEIVABLES = "receivables"


class DifferenceKind(enum.StrEnum):
    """The class of a difference between the two ledgers, in the order a statement lists them.

    >>> DifferenceKind("payment_in_transit").is_open, DifferenceKind("rounding").is_open
    (True, False)
    """

    PAYMENT_IN_TRANSIT = "payment_in_transit"
    NOT_RECORDED_BY_THEM = "not_recorded_by_them"
    CREDIT_NOT_APPLIED = "credit_not_applied"
    DISPUTED = "disputed"
    AMOUNT_DIFFERS = "amount_differs"
    TIMING = "timing"
    UNKNOWN_TO_US = "unknown_to_us"
    UNKNOWN_TO_THEM = "unknown_to_them"
    ROUNDING = "rounding"
    UNEXPLAINED = "unexplained"

    @property
    def is_open(self) -> bool:
        """Whether a difference of this class goes on the worklist (all but rounding)."""
        return self is not DifferenceKind.ROUNDING


class MatchKind(enum.StrEnum):
    """How two lines were found to be one document.

    >>> [member.value for member in MatchKind]
    ['document', 'short_form', 'amount_and_date']
    """

    DOCUMENT = "document"
    SHORT_FORM = "short_form"
    AMOUNT_AND_DATE = "amount_and_date"


def _line_kind(value: object) -> LineKind:
    return parse_member(LineKind, value, "account_line.kind")


def _default_kind(line: AccountLine) -> LineKind:
    amount: object = line.amount
    positive = isinstance(amount, Money) and amount.amount > 0
    return LineKind.INVOICE if positive else LineKind.PAYMENT


@attrs.frozen(kw_only=True)
class AccountLine:
    """One line of either ledger, signed as it moves what the customer owes us.

    ``amount`` is positive for what raises the debt (an invoice) and negative
    for what lowers it (a payment, a credit note). Without a ``kind``, a
    positive line is an invoice and a negative one a payment.

    >>> from receivables.money import money
    >>> AccountLine(document="TR-1", date=dt.date(2026, 6, 1), amount=money("-5.00", "USD")).kind
    <LineKind.PAYMENT: 'payment'>
    >>> AccountLine(document="", date=dt.date(2026, 6, 1), amount=money("5.00", "USD"))
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: account_line.document: got ''; expected a non-empty document number
    """

    document: str = attrs.field()
    date: dt.date = attrs.field()
    amount: Money = attrs.field()
    kind: LineKind = attrs.field(
        default=attrs.Factory(_default_kind, takes_self=True), converter=_line_kind
    )
    description: str = attrs.field(default="")

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.document, str) or not self.document.strip():
            raise ValidationError(
                "account_line.document", self.document, "a non-empty document number"
            )
        if isinstance(self.date, dt.datetime) or not isinstance(self.date, dt.date):
            raise ValidationError("account_line.date", self.date, "a datetime.date")
        if not isinstance(self.amount, Money):
            raise ValidationError("account_line.amount", self.amount, "a receivables.money.Money")
        money(self.amount.amount, self.amount.code, field="account_line.amount")
        if self.amount.amount == 0:
            raise ValidationError(
                "account_line.amount", self.amount, "a non-zero amount (leave zero lines out)"
            )
        if not isinstance(self.description, str):
            raise ValidationError("account_line.description", self.description, "a string")

    @property
    def key(self) -> str:
        """The document number's :func:`~receivables.numbering.reference_key`.

        >>> from receivables.money import money
        >>> AccountLine(document="Fact. 0005230", date=dt.date(2026, 6, 1),
        ...             amount=money("5.00", "USD")).key
        '5230'
        """
        return reference_key(self.document)

    @classmethod
    def from_row(cls, row: Mapping[str, Any], mapping: ColumnMapping | None = None) -> AccountLine:
        """A line from a plain row of an export, read through ``mapping``.

        >>> line = AccountLine.from_row({"document": "FV-5230", "date": "2026-06-02",
        ...     "debit": "", "credit": "1000.00", "currency": "USD"})
        >>> line.amount, line.kind
        (Money('1000.00', 'USD'), <LineKind.INVOICE: 'invoice'>)
        >>> AccountLine.from_row({"document": "TR-1", "date": "2026-06-02", "currency": "USD"})
        Traceback (most recent call last):
        ...
        receivables.errors.ValidationError: account_line.amount: got None; expected a signed 'amount' or 'debit'/'credit' columns
        """
        return (mapping or ColumnMapping()).line(row)


def _column(owner: str) -> Any:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(f"{owner}.{attribute.name}", value, "a column name")

    return check


def _book(value: object) -> Book:
    return parse_member(Book, value, "column_mapping.book")


@attrs.frozen(kw_only=True)
class ColumnMapping:
    """Which columns of an export hold a line, and whose book it is.

    Defaults read a file with columns ``document, date, debit, credit`` (or
    a signed ``amount``), ``currency``, ``description`` and an optional
    ``kind`` (invoice, debit_note, credit_note, payment, adjustment), dates
    as ``date_format`` (ISO by default), ``.`` as the decimal point.
    Build it from JSON with :func:`receivables.interop.structure`.

    >>> from receivables.interop import structure
    >>> mapping = structure({"document": "Belegnummer", "amount": "Betrag", "book": "payables"},
    ...                     ColumnMapping)
    >>> mapping.line({"Belegnummer": "5230", "Betrag": "-1000.00", "date": "2026-06-02",
    ...               "currency": "EUR"}).amount
    Money('1000.00', 'EUR')
    """

    document: str = attrs.field(default="document", validator=_column("column_mapping"))
    date: str = attrs.field(default="date", validator=_column("column_mapping"))
    amount: str = attrs.field(default="amount", validator=_column("column_mapping"))
    debit: str = attrs.field(default="debit", validator=_column("column_mapping"))
    credit: str = attrs.field(default="credit", validator=_column("column_mapping"))
    currency: str = attrs.field(default="currency", validator=_column("column_mapping"))
    description: str = attrs.field(default="description", validator=_column("column_mapping"))
    kind: str = attrs.field(default="kind", validator=_column("column_mapping"))
    book: Book = attrs.field(default=Book.PAYABLES, converter=_book)
    date_format: str = attrs.field(default="%Y-%m-%d", validator=_column("column_mapping"))

    def _date(self, value: object) -> dt.date:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str):
            try:
                # only the calendar date is kept, so no time zone is involved
                parsed = dt.datetime.strptime(value.strip(), self.date_format)  # noqa: DTZ007
                return parsed.date()
            except ValueError:
                pass
        raise ValidationError("account_line.date", value, f"a date written {self.date_format}")

    def line(self, row: Mapping[str, Any]) -> AccountLine:
        """The :class:`AccountLine` a row holds, signed as it moves what the customer owes us.

        >>> ours = ColumnMapping(book="receivables")
        >>> ours.line({"document": "FV-1", "date": "2026-06-02", "amount": "250.00",
        ...            "currency": "USD"}).amount
        Money('250.00', 'USD')
        """
        if not isinstance(row, Mapping):
            raise ValidationError("account_line", row, "a mapping of column names to values")
        currency = row.get(self.currency)
        if not isinstance(currency, str) or not currency.strip():
            raise ValidationError("account_line.currency", currency, "an ISO 4217 code")
        signed = row.get(self.amount)
        if signed not in (None, ""):
            owed = money(signed, currency, field="account_line.amount")
        else:
            debit, credit = row.get(self.debit), row.get(self.credit)
            if debit in (None, "") and credit in (None, ""):
                raise ValidationError(
                    "account_line.amount", None, "a signed 'amount' or 'debit'/'credit' columns"
                )
            owed = money(debit or "0", currency, field="account_line.debit") - money(
                credit or "0", currency, field="account_line.credit"
            )
        if self.book is Book.PAYABLES:
            owed = -owed
        kind = row.get(self.kind)
        line = AccountLine(
            document=str(row.get(self.document) or "").strip(),
            date=self._date(row.get(self.date)),
            amount=owed,
            description=str(row.get(self.description) or ""),
        )
        if kind in (None, ""):
            return line
        return attrs.evolve(line, kind=str(kind).strip().lower())


def _whole(owner: str, what: str) -> Any:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise PolicyError(f"{owner}.{attribute.name}", value, what)

    return check


def _tolerances(value: Iterable[Money]) -> tuple[Money, ...]:
    if isinstance(value, Money | str | Mapping):
        raise PolicyError("reconciliation_policy.tolerances", value, "a list of Money")
    found = tuple(value)
    seen: set[str] = set()
    for index, amount in enumerate(found):
        field = f"reconciliation_policy.tolerances[{index}]"
        if not isinstance(amount, Money) or amount.amount < 0:
            raise PolicyError(field, amount, "a Money of zero or more")
        if amount.code in seen:
            raise PolicyError(field, amount, "one tolerance per currency")
        seen.add(amount.code)
    return found


def _identity(policy: ReconciliationPolicy, attribute: attrs.Attribute[str], value: str) -> None:
    if attribute.name == "id":
        check_policy_identity(value, "1")
    else:
        check_policy_identity("policy", value)


@attrs.frozen(kw_only=True)
class ReconciliationPolicy:
    """How near a date and how small a difference still count, as data.

    ``transit_days``: their payment dated this many days before the cut-off
    or fewer, unknown to us, is in transit. ``date_tolerance_days``: how far
    apart two lines of one amount may be dated to match when their numbers do
    not. ``tolerances``: per currency, the largest matched difference taken as
    rounding. ``short_form_length``: the fewest characters a short form needs.

    >>> ReconciliationPolicy(transit_days=-1)
    Traceback (most recent call last):
    ...
    receivables.errors.PolicyError: reconciliation_policy.transit_days: got -1; expected a whole number of days, 0 or more
    """

    id: str = attrs.field(default="account-reconciliation", validator=_identity)
    version: str = attrs.field(default="1", validator=_identity)
    transit_days: int = attrs.field(
        default=10, validator=_whole("reconciliation_policy", "a whole number of days, 0 or more")
    )
    date_tolerance_days: int = attrs.field(
        default=5, validator=_whole("reconciliation_policy", "a whole number of days, 0 or more")
    )
    tolerances: tuple[Money, ...] = attrs.field(default=(), converter=_tolerances)
    short_form_length: int = attrs.field(
        default=4, validator=_whole("reconciliation_policy", "a whole number of characters")
    )
    match_by_amount: bool = attrs.field(default=True)

    @match_by_amount.validator
    def _check_flag(self, attribute: attrs.Attribute[bool], value: object) -> None:
        if not isinstance(value, bool):
            raise PolicyError("reconciliation_policy.match_by_amount", value, "a bool")

    def tolerance(self, currency: str) -> int:
        """The rounding tolerance for ``currency`` in minor units (0 when none is set).

        >>> ReconciliationPolicy(tolerances=[money("1.00", "USD")]).tolerance("USD")
        100
        """
        return next((to_minor(t) for t in self.tolerances if t.code == currency), 0)


DEFAULT_POLICY: Final = ReconciliationPolicy()
"""Ten days in transit, five days to match by amount, no rounding tolerance."""


@attrs.frozen(kw_only=True)
class Match:
    """Two lines found to be one document and agreeing on what each side counts.

    >>> from receivables.money import money
    >>> line = AccountLine(document="FV-1", date=dt.date(2026, 6, 1), amount=money("5.00", "USD"))
    >>> Match(ours=line, theirs=line, how=MatchKind.DOCUMENT).how.value
    'document'
    """

    ours: AccountLine
    theirs: AccountLine
    how: MatchKind
    reasons: tuple[Reason, ...] = ()


@attrs.frozen(kw_only=True)
class Difference:
    """One difference between the ledgers: its class, its amount, the lines behind it and why.

    ``amount`` is what their side counts less what ours counts for these lines,
    so the differences added to our balance give theirs.

    >>> from receivables.money import money
    >>> line = AccountLine(document="FV-1", date=dt.date(2026, 6, 1), amount=money("5.00", "USD"))
    >>> Difference(kind=DifferenceKind.NOT_RECORDED_BY_THEM, amount=money("-5.00", "USD"),
    ...            ours=line, theirs=None, reasons=(), policy_id="p", policy_version="1").open
    True
    """

    kind: DifferenceKind
    amount: Money
    ours: AccountLine | None
    theirs: AccountLine | None
    reasons: tuple[Reason, ...]
    policy_id: str
    policy_version: str

    @property
    def open(self) -> bool:
        """Whether the difference is on the worklist (everything but rounding)."""
        return self.kind.is_open

    @property
    def document(self) -> str:
        """Our document number when we have the line, else theirs ('' for unexplained)."""
        line = self.ours or self.theirs
        return "" if line is None else line.document


_ZERO_DAYS: Final = dt.timedelta(0)


@attrs.frozen(kw_only=True)
class Reconciliation:
    """One customer's account in one currency reconciled on ``as_of``; it ties to the cent.

    ``matches`` agree; ``differences`` explain ``their_balance - our_balance``;
    ``after_cut_off`` holds the lines of either side dated after ``as_of``
    that match nothing and count in neither balance.
    """

    customer_id: str
    currency: str
    as_of: dt.date
    our_balance: Money
    their_balance: Money
    matches: tuple[Match, ...]
    differences: tuple[Difference, ...]
    ours_after_cut_off: tuple[AccountLine, ...]
    theirs_after_cut_off: tuple[AccountLine, ...]
    policy_id: str
    policy_version: str

    def __attrs_post_init__(self) -> None:
        explained = to_minor(self.our_balance) + sum(to_minor(d.amount) for d in self.differences)
        if explained != to_minor(self.their_balance):
            raise ValidationError(
                "reconciliation.differences",
                from_minor(explained, self.currency),
                f"differences that take our balance {self.our_balance.amount} "
                f"to theirs, {self.their_balance.amount}",
            )

    @property
    def worklist(self) -> tuple[Difference, ...]:
        """The open differences, to chase, in statement order."""
        return tuple(d for d in self.differences if d.open)

    def totals(self) -> dict[DifferenceKind, Money]:
        """Each class of difference summed, every class listed (zero when none).

        >>> result = reconcile([], [], customer_id="C1", as_of=dt.date(2026, 6, 30),
        ...                    currency="USD")
        >>> result.totals()[DifferenceKind.TIMING]
        Money('0.00', 'USD')
        """
        units = dict.fromkeys(DifferenceKind, 0)
        for difference in self.differences:
            units[difference.kind] += to_minor(difference.amount)
        return {kind: from_minor(value, self.currency) for kind, value in units.items()}

    def tie_out(self) -> tuple[tuple[str, Money], ...]:
        """The statement: our balance, each class of difference, their balance.

        >>> result = reconcile([], [], customer_id="C1", as_of=dt.date(2026, 6, 30),
        ...                    currency="USD", their_balance=money("12.00", "USD"))
        >>> result.tie_out()[0], result.tie_out()[-2:]
        (('our_balance', Money('0.00', 'USD')), (('unexplained', Money('12.00', 'USD')), ('their_balance', Money('12.00', 'USD'))))
        """
        return (
            ("our_balance", self.our_balance),
            *((kind.value, amount) for kind, amount in self.totals().items()),
            ("their_balance", self.their_balance),
        )

    def tie_out_rows(self) -> list[dict[str, Any]]:
        """:meth:`tie_out` as rows of ``line, amount, currency``, amounts as Decimal.

        >>> reconcile([], [], customer_id="C1", as_of=dt.date(2026, 6, 30),
        ...           currency="USD").tie_out_rows()[0]
        {'line': 'our_balance', 'amount': Decimal('0.00'), 'currency': 'USD'}
        """
        return [
            {"line": line, "amount": amount.amount, "currency": amount.code}
            for line, amount in self.tie_out()
        ]

    def rows(self) -> list[dict[str, Any]]:
        """One row per line accounted for (a difference, a match, a line after the cut-off).

        Amounts are :class:`~decimal.Decimal`; ``difference`` is zero for
        matches and lines after the cut-off.

        >>> line = AccountLine(document="FV-1", date=dt.date(2026, 6, 1), amount=money("5.00", "USD"))
        >>> row = reconcile([line], [], customer_id="C1", as_of=dt.date(2026, 6, 30)).rows()[0]
        >>> row["status"], row["our_document"], row["difference"], row["reasons"]
        ('not_recorded_by_them', 'FV-1', Decimal('-5.00'), 'not_recorded_by_them')
        """
        rows = [
            _row(d.kind.value, d.ours, d.theirs, d.amount.amount, d.reasons, self)
            for d in self.differences
        ]
        rows += [
            _row("matched", m.ours, m.theirs, Decimal(0), m.reasons, self) for m in self.matches
        ]
        rows += [
            _row("after_cut_off", o, None, Decimal(0), (), self) for o in self.ours_after_cut_off
        ]
        rows += [
            _row("after_cut_off", None, t, Decimal(0), (), self) for t in self.theirs_after_cut_off
        ]
        return rows

    def frame(self) -> pd.DataFrame:
        """:meth:`rows` as a pandas DataFrame (pandas is imported only here).

        >>> reconcile([], [], customer_id="C1", as_of=dt.date(2026, 6, 30), currency="USD").frame().shape
        (0, 0)
        """
        import pandas as pd  # optional dependency, imported on use

        return pd.DataFrame(self.rows())


def _row(
    status: str,
    ours: AccountLine | None,
    theirs: AccountLine | None,
    difference: Decimal,
    reasons: tuple[Reason, ...],
    result: Reconciliation,
) -> dict[str, Any]:
    return {
        "customer_id": result.customer_id,
        "status": status,
        "our_document": None if ours is None else ours.document,
        "our_date": None if ours is None else ours.date,
        "our_amount": None if ours is None else ours.amount.amount,
        "their_document": None if theirs is None else theirs.document,
        "their_date": None if theirs is None else theirs.date,
        "their_amount": None if theirs is None else theirs.amount.amount,
        "difference": difference,
        "currency": result.currency,
        "reasons": ";".join(r.code for r in reasons),
        "policy": f"{result.policy_id}@{result.policy_version}",
    }


def our_lines(
    ledger: Ledger, customer_id: str, *, currency: str, as_of: dt.date
) -> tuple[AccountLine, ...]:
    """Our side from a ledger: the customer's open items in ``currency`` on ``as_of``.

    Reconcile these against the customer's open payables (items they have
    not paid) on the same date.

    >>> from receivables.documents import Invoice, Payment
    >>> ledger = Ledger.of([Invoice(number="FV-1", customer_id="C1", issue_date=dt.date(2026, 6, 1),
    ...     due_date=dt.date(2026, 7, 1), amount=money("100.00", "USD")),
    ...     Payment(id="P9", customer_id="C1", amount=money("30.00", "USD"),
    ...             received_date=dt.date(2026, 6, 20))])
    >>> [(l.document, l.kind.value, l.amount) for l in our_lines(ledger, "C1", currency="USD",
    ...                                                         as_of=dt.date(2026, 6, 30))]
    [('P9', 'payment', Money('-30.00', 'USD')), ('FV-1', 'invoice', Money('100.00', 'USD'))]
    """
    kinds = {
        ItemKind.INVOICE: LineKind.INVOICE,
        ItemKind.DEBIT_NOTE: LineKind.DEBIT_NOTE,
        ItemKind.CREDIT_NOTE: LineKind.CREDIT_NOTE,
        ItemKind.PAYMENT: LineKind.PAYMENT,
        ItemKind.ADJUSTMENT: LineKind.ADJUSTMENT,
    }
    return tuple(
        AccountLine(
            document=item.number,
            date=item.document_date,
            amount=item.open,
            kind=kinds[item.kind],
            description=item.reference or "",
        )
        for item in ledger.open_items(as_of=as_of, customer_id=customer_id)
        if item.currency == currency and item.open.amount != 0
    )


# --- matching ------------------------------------------------------------------------


def _order(line: AccountLine) -> tuple[Any, ...]:
    return (
        line.date,
        line.key,
        line.document,
        to_minor(line.amount),
        line.kind.value,
        line.description,
    )


def _closest(
    line: AccountLine, candidates: Iterable[int], ours: Sequence[AccountLine]
) -> int | None:
    best = None
    best_key: tuple[int, int, int] | None = None
    for index in candidates:
        other = ours[index]
        key = (
            abs(to_minor(other.amount) - to_minor(line.amount)),
            abs((other.date - line.date).days),
            index,
        )
        if best_key is None or key < best_key:
            best, best_key = index, key
    return best


def _pairs(
    ours: Sequence[AccountLine], theirs: Sequence[AccountLine], policy: ReconciliationPolicy
) -> list[tuple[int, int, MatchKind]]:
    """Greedy, in sorted order: by key, then unambiguous short form, then amount and date."""
    free = set(range(len(ours)))
    pairs: list[tuple[int, int, MatchKind]] = []
    done: set[int] = set()
    by_key: dict[tuple[str, bool], list[int]] = {}
    for index, line in enumerate(ours):
        by_key.setdefault((line.key, line.amount.amount > 0), []).append(index)
    for t, line in enumerate(theirs):
        if not line.key:
            continue
        candidates = [o for o in by_key.get((line.key, line.amount.amount > 0), []) if o in free]
        chosen = _closest(line, candidates, ours)
        if chosen is not None:
            free.discard(chosen)
            done.add(t)
            pairs.append((chosen, t, MatchKind.DOCUMENT))
    shortest = max(policy.short_form_length, 1)
    for t, line in enumerate(theirs):
        if t in done or len(line.key) < shortest:
            continue
        sign = line.amount.amount > 0
        candidates = [
            o
            for o in sorted(free)
            if (ours[o].amount.amount > 0) == sign
            and len(ours[o].key) >= shortest
            and ours[o].key != line.key
            and (ours[o].key.endswith(line.key) or line.key.endswith(ours[o].key))
        ]
        if len({ours[o].key for o in candidates}) == 1:
            chosen = _closest(line, candidates, ours)
            if chosen is not None:
                free.discard(chosen)
                done.add(t)
                pairs.append((chosen, t, MatchKind.SHORT_FORM))
    if policy.match_by_amount:
        window = policy.date_tolerance_days
        for t, line in enumerate(theirs):
            if t in done:
                continue
            candidates = [
                o
                for o in sorted(free)
                if ours[o].amount == line.amount and abs((ours[o].date - line.date).days) <= window
            ]
            chosen = _closest(line, candidates, ours)
            if chosen is not None:
                free.discard(chosen)
                done.add(t)
                pairs.append((chosen, t, MatchKind.AMOUNT_AND_DATE))
    return pairs


# --- classifying ---------------------------------------------------------------------


@attrs.frozen
class _Context:
    as_of: dt.date
    currency: str
    policy: ReconciliationPolicy
    disputed: frozenset[str]

    def difference(
        self,
        kind: DifferenceKind,
        units: int,
        ours: AccountLine | None,
        theirs: AccountLine | None,
        message: str,
        **data: Any,
    ) -> Difference:
        amount = from_minor(units, self.currency)
        line = ours or theirs
        data = {
            "document": "" if line is None else line.document,
            "difference": str(amount.amount),
            "currency": self.currency,
            **data,
        }
        return Difference(
            kind=kind,
            amount=amount,
            ours=ours,
            theirs=theirs,
            reasons=(Reason(kind.value, message, data),),
            policy_id=self.policy.id,
            policy_version=self.policy.version,
        )


def _counted(line: AccountLine, as_of: dt.date) -> int:
    return to_minor(line.amount) if line.date <= as_of else 0


def _pair_outcome(
    ours: AccountLine, theirs: AccountLine, how: MatchKind, context: _Context
) -> Match | Difference:
    units = _counted(theirs, context.as_of) - _counted(ours, context.as_of)
    matched = Reason(
        f"matched_by_{how.value}",
        f"Their {theirs.document} is our {ours.document} ({how.value.replace('_', ' ')}).",
        {"ours": ours.document, "theirs": theirs.document},
    )
    if units == 0:
        return Match(ours=ours, theirs=theirs, how=how, reasons=(matched,))
    found: Difference
    if (ours.date <= context.as_of) != (theirs.date <= context.as_of):
        found = context.difference(
            DifferenceKind.TIMING,
            units,
            ours,
            theirs,
            f"{ours.document} is dated {ours.date} by us and {theirs.date} by them, "
            f"across the cut-off {context.as_of}.",
            our_date=ours.date.isoformat(),
            their_date=theirs.date.isoformat(),
        )
    elif ours.key in context.disputed:
        found = context.difference(
            DifferenceKind.DISPUTED,
            units,
            ours,
            theirs,
            f"{ours.document} is disputed; they carry {theirs.amount.amount}, "
            f"we carry {ours.amount.amount}.",
        )
    elif abs(units) <= context.policy.tolerance(context.currency):
        found = context.difference(
            DifferenceKind.ROUNDING,
            units,
            ours,
            theirs,
            f"{ours.document} differs by {abs(from_minor(units, context.currency).amount)}, "
            "within the tolerance.",
        )
    else:
        found = context.difference(
            DifferenceKind.AMOUNT_DIFFERS,
            units,
            ours,
            theirs,
            f"{ours.document}: they carry {theirs.amount.amount}, we carry {ours.amount.amount}.",
            ours_amount=str(ours.amount.amount),
            theirs_amount=str(theirs.amount.amount),
        )
    return attrs.evolve(found, reasons=(matched, *found.reasons))


def _ours_only(line: AccountLine, context: _Context) -> Difference:
    units = -to_minor(line.amount)
    if line.key in context.disputed:
        return context.difference(
            DifferenceKind.DISPUTED, units, line, None, f"{line.document} is disputed by them."
        )
    if line.kind is LineKind.CREDIT_NOTE:
        return context.difference(
            DifferenceKind.CREDIT_NOT_APPLIED,
            units,
            line,
            None,
            f"Our credit note {line.document} is not in their ledger.",
        )
    if line.kind in (LineKind.INVOICE, LineKind.DEBIT_NOTE):
        return context.difference(
            DifferenceKind.NOT_RECORDED_BY_THEM,
            units,
            line,
            None,
            f"Our {line.kind.value.replace('_', ' ')} {line.document} is not in their ledger.",
        )
    return context.difference(
        DifferenceKind.UNKNOWN_TO_THEM,
        units,
        line,
        None,
        f"Our {line.kind.value} {line.document} is not in their ledger.",
    )


def _theirs_only(line: AccountLine, context: _Context) -> Difference:
    days = (context.as_of - line.date).days
    if line.kind is LineKind.PAYMENT and days <= context.policy.transit_days:
        return context.difference(
            DifferenceKind.PAYMENT_IN_TRANSIT,
            to_minor(line.amount),
            None,
            line,
            f"Their payment {line.document} of {-line.amount.amount} on {line.date}, "
            f"{days} day(s) before the cut-off, has not reached us.",
            days_before_cut_off=days,
        )
    return context.difference(
        DifferenceKind.UNKNOWN_TO_US,
        to_minor(line.amount),
        None,
        line,
        f"Their {line.kind.value.replace('_', ' ')} {line.document} names nothing of ours.",
    )


# --- the engine ----------------------------------------------------------------------


def _lines(value: object, field: str, currency: str | None) -> tuple[list[AccountLine], str | None]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise ValidationError(field, value, "a sequence of AccountLine")
    lines = list(value)
    for index, line in enumerate(lines):
        if not isinstance(line, AccountLine):
            raise ValidationError(f"{field}[{index}]", line, "an AccountLine")
        if currency is None:
            currency = line.amount.code
        elif line.amount.code != currency:
            raise CurrencyMismatchError("reconcile", currency, line.amount.code)
    return sorted(lines, key=_order), currency


def _disputed(disputes: Iterable[Dispute], customer_id: str, as_of: dt.date) -> frozenset[str]:
    keys = set()
    for index, dispute in enumerate(disputes):
        if not isinstance(dispute, Dispute):
            raise ValidationError(f"disputes[{index}]", dispute, "a receivables.documents.Dispute")
        if dispute.customer_id == customer_id and dispute.is_open(as_of):
            keys.add(reference_key(dispute.invoice_number))
    return frozenset(keys)


_SECTION: Final = {kind: position for position, kind in enumerate(DifferenceKind)}


def _statement_order(difference: Difference) -> tuple[Any, ...]:
    """By class, then by the line it holds (ours first), so any input order gives one order."""
    lines = [line for line in (difference.ours, difference.theirs) if line is not None]
    return (_SECTION[difference.kind], *(part for line in lines for part in _order(line)))


def reconcile(
    ours: Iterable[AccountLine],
    theirs: Iterable[AccountLine],
    *,
    customer_id: str,
    as_of: dt.date,
    currency: str | None = None,
    their_balance: Money | None = None,
    disputes: Iterable[Dispute] = (),
    policy: ReconciliationPolicy | None = None,
) -> Reconciliation:
    """Match their lines to ours and explain every cent between the two balances on ``as_of``.

    ``currency`` defaults to the first line's; every line must be in it.
    ``their_balance`` is the balance they state (a confirmation reply), when
    it is not simply the sum of their lines; the gap is ``unexplained``.
    The result depends on the lines, not on their order.

    >>> line = AccountLine(document="NC-7", date=dt.date(2026, 6, 10), amount=money("-50.00", "USD"),
    ...                    kind="credit_note")
    >>> reconcile([line], [], customer_id="C1", as_of=dt.date(2026, 6, 30)).worklist[0].kind.value
    'credit_not_applied'
    >>> reconcile([], [], customer_id="C1", as_of=dt.date(2026, 6, 30))
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: currency: got None; expected an ISO 4217 code (no line says it)
    """
    if isinstance(as_of, dt.datetime) or not isinstance(as_of, dt.date):
        raise ValidationError("as_of", as_of, "a datetime.date")
    if not isinstance(customer_id, str) or not customer_id.strip():
        raise ValidationError("customer_id", customer_id, "a non-empty customer id")
    policy = DEFAULT_POLICY if policy is None else policy
    if not isinstance(policy, ReconciliationPolicy):
        raise ValidationError("policy", policy, "a ReconciliationPolicy")
    if currency is not None:
        money(0, currency, field="currency")
    our, currency = _lines(ours, "ours", currency)
    their, currency = _lines(theirs, "theirs", currency)
    if currency is None:
        raise ValidationError("currency", None, "an ISO 4217 code (no line says it)")
    if their_balance is not None:
        if not isinstance(their_balance, Money):
            raise ValidationError("their_balance", their_balance, "a Money or None")
        if their_balance.code != currency:
            raise CurrencyMismatchError("reconcile", currency, their_balance.code)
    context = _Context(as_of, currency, policy, _disputed(disputes, customer_id, as_of))
    matches: list[Match] = []
    differences: list[Difference] = []
    used_ours: set[int] = set()
    used_theirs: set[int] = set()
    for o, t, how in _pairs(our, their, policy):
        used_ours.add(o)
        used_theirs.add(t)
        outcome = _pair_outcome(our[o], their[t], how, context)
        if isinstance(outcome, Match):
            matches.append(outcome)
        else:
            differences.append(outcome)
    left_ours = [line for i, line in enumerate(our) if i not in used_ours]
    left_theirs = [line for i, line in enumerate(their) if i not in used_theirs]
    differences += [_ours_only(line, context) for line in left_ours if line.date <= as_of]
    differences += [_theirs_only(line, context) for line in left_theirs if line.date <= as_of]
    our_units = sum(_counted(line, as_of) for line in our)
    their_units = sum(_counted(line, as_of) for line in their)
    stated = their_units if their_balance is None else to_minor(their_balance)
    if stated != their_units:
        differences.append(
            context.difference(
                DifferenceKind.UNEXPLAINED,
                stated - their_units,
                None,
                None,
                f"They state {from_minor(stated, currency).amount}; their lines add up to "
                f"{from_minor(their_units, currency).amount}.",
                stated=str(from_minor(stated, currency).amount),
                lines=str(from_minor(their_units, currency).amount),
            )
        )
    differences.sort(key=_statement_order)
    return Reconciliation(
        customer_id=customer_id,
        currency=currency,
        as_of=as_of,
        our_balance=from_minor(our_units, currency),
        their_balance=from_minor(stated, currency),
        matches=tuple(sorted(matches, key=lambda m: (_order(m.ours), _order(m.theirs)))),
        differences=tuple(differences),
        ours_after_cut_off=tuple(line for line in left_ours if line.date > as_of),
        theirs_after_cut_off=tuple(line for line in left_theirs if line.date > as_of),
        policy_id=policy.id,
        policy_version=policy.version,
    )
