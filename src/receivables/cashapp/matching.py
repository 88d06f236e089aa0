"""Which open invoices does each payment pay, and how sure are we?

:func:`match` takes payments and open items (domain objects or columns) and
returns one :class:`MatchDecision` per payment, in the order the payments
were given. The order that works, as issue 4 records it from practitioners
and measurements, and as Odoo's reconciliation models (partner, then
"label/note/reference" matching, then amount with a payment tolerance) and
ERPNext's Payment Reconciliation (allocate against the party's outstanding
invoices) apply it:

1. **duplicates** first: a repeat of an earlier payment (payer, amount,
   reference within ``duplicate_window_days``) is flagged, never applied
   (:mod:`receivables.cashapp.duplicates`);
2. **who paid**: customer id, else bank account, else payer name (exact key,
   then the references corroborating it, then fuzzily in one batch), else
   the references (:mod:`receivables.cashapp.payers`); nobody found gives
   ``unidentified`` with suggestions, never a guess applied;
3. **which items**, among that customer's own open items only: references
   exactly, then normalised, then within one edit or truncated
   (:mod:`receivables.cashapp.references`); without a reference, the amount
   alone over a bounded meet-in-the-middle subset search
   (:mod:`receivables.cashapp.amounts`);
4. **the difference** once the items are chosen: earned discount, write-off,
   bank fee, deduction, partial payment, overpayment on account, FX
   difference (:class:`~receivables.cashapp.policy.MatchPolicy`);
5. **apply automatically only when exactly one candidate set survives** and
   the confidence reaches ``auto_apply_confidence``; otherwise propose, with
   the ranked alternatives. Two invoices of the same amount and no reference
   is always a proposal: a fuzzy score decides who paid, never which
   invoice.

Payments whose remittance names their customer's items are processed first,
then the others, each group by received date, then id, against the open
amount left by the payments before them (integer minor units): two payments
competing for one invoice never over-apply it, an amount-only match never
takes an invoice another payment names, and the result does not depend on
the order the inputs were given in.

>>> import datetime as dt
>>> from receivables.documents import Customer, Invoice, Payment
>>> from receivables.money import money
>>> invoices = [Invoice(number="INV-1001", customer_id="C1", issue_date=dt.date(2026, 1, 5),
...                     due_date=dt.date(2026, 2, 4), amount=money("1200.00", "USD"))]
>>> payments = [Payment(id="P1", amount=money("1200.00", "USD"),
...                     received_date=dt.date(2026, 2, 1), payer_name="ACME INC",
...                     remittance="pago factura inv 1001")]
>>> result = match(payments, invoices, customers=[Customer(id="C1", name="Acme, Inc.")],
...                as_of=dt.date(2026, 2, 2))
>>> decision = result.decisions[0]
>>> decision.outcome, decision.customer_id, [(l.item, l.amount) for l in decision.lines]
(<MatchOutcome.APPLIED: 'applied'>, 'C1', [('INV-1001', Money('1200.00', 'USD'))])
>>> [reason.code for reason in decision.reasons]
['customer_by_name', 'reference_exact', 'amount_exact']
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, cast

import attrs
import numpy as np

from receivables.cashapp.amounts import subsets_summing_to
from receivables.cashapp.columns import (
    CustomerTable,
    ItemTable,
    PaymentTable,
    customer_table,
    day_number,
    item_table,
    minor_to_decimal,
    payment_table,
)
from receivables.cashapp.duplicates import duplicates, payer_key
from receivables.cashapp.evidence import (
    AMOUNT,
    LEGAL_NAME,
    NAME_SHARED,
    REFERENCE_EXACT,
    REFERENCE_NEAR,
    REFERENCE_SHORT,
    Clue,
    Evidence,
    choose,
    pairs,
    resemblance,
    summary,
)
from receivables.cashapp.payers import PayerIndex, name_key
from receivables.cashapp.policy import MatchPolicy
from receivables.cashapp.references import (
    Reference,
    digits_key,
    extract_references,
    invalid_creditor_references,
    near_references,
    reference_key,
)
from receivables.decisions import Reason
from receivables.documents import Adjustment, Application, Direction, Payment
from receivables.errors import MissingRateError, OverApplicationError, ValidationError
from receivables.money import Money, RateTable, allocate, currency_digits, from_minor, to_minor
from receivables.progress import Progress, reporter

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Candidate",
    "CashApplicationResult",
    "CustomerSuggestion",
    "DifferenceAction",
    "MatchDecision",
    "MatchLine",
    "MatchOutcome",
    "match",
]


class MatchOutcome(enum.StrEnum):
    """What cash application did with a payment.

    >>> [member.value for member in MatchOutcome]
    ['applied', 'proposed', 'unidentified', 'duplicate', 'on_account']
    """

    APPLIED = "applied"
    PROPOSED = "proposed"
    UNIDENTIFIED = "unidentified"
    DUPLICATE = "duplicate"
    ON_ACCOUNT = "on_account"


class DifferenceAction(enum.StrEnum):
    """What was done with the difference between the chosen items and the payment.

    >>> [member.value for member in DifferenceAction]
    ['none', 'write_off', 'bank_fee', 'deduction', 'partial', 'fx_difference']
    """

    NONE = "none"
    WRITE_OFF = "write_off"
    BANK_FEE = "bank_fee"
    DEDUCTION = "deduction"
    PARTIAL = "partial"
    FX_DIFFERENCE = "fx_difference"


@attrs.frozen(kw_only=True)
class MatchLine:
    """One item a payment pays: ``amount`` applied and ``discount`` taken (item currency).

    ``difference`` is the part of the item's open amount settled without cash
    (written off, bank fee, FX) or left open (deduction, partial), as the
    decision's ``difference_action`` says; ``source_amount`` is what leaves
    the payment, in the payment's currency.

    >>> from receivables.money import money
    >>> line = MatchLine(item="INV-1", amount=money("98.00", "USD"),
    ...                  discount=money("2.00", "USD"), source_amount=money("98.00", "USD"))
    >>> line.cleared
    Money('100.00', 'USD')
    """

    item: str
    amount: Money
    source_amount: Money
    discount: Money | None = None
    difference: Money | None = None
    referenced: bool = False

    @property
    def cleared(self) -> Money:
        """The amount plus any discount, which this application clears from the item.

        >>> from receivables.money import money
        >>> MatchLine(item="INV-1", amount=money("49.00", "EUR"), source_amount=money("49.00", "EUR"),
        ...           discount=money("1.00", "EUR")).cleared
        Money('50.00', 'EUR')
        """
        return self.amount + self.discount if self.discount is not None else self.amount


@attrs.frozen(kw_only=True)
class Candidate:
    """A set of items that could be what a payment pays, with its score in [0, 1].

    >>> from receivables.money import money
    >>> Candidate(items=("INV-1",), total=money("10.00", "USD"), score=0.9).items
    ('INV-1',)
    """

    items: tuple[str, ...]
    total: Money
    score: float
    customer_id: str | None = None


@attrs.frozen
class CustomerSuggestion:
    """A customer who may have sent an unidentified payment, with its score in [0, 1].

    >>> CustomerSuggestion("C1", 0.82).customer_id
    'C1'
    """

    customer_id: str
    score: float


@attrs.frozen(kw_only=True)
class MatchDecision:
    """What was decided for one payment, why, how surely, and under which policy.

    ``lines`` are applied when ``outcome`` is ``applied``; for ``proposed``
    they are the best candidate, for a person to confirm. ``unapplied`` is
    what is left of the payment (on account, or all of it when nothing was
    applied): the lines' ``source_amount`` plus ``unapplied`` always equal
    ``amount``.

    >>> from receivables.money import money
    >>> MatchDecision(payment_id="P1", outcome="on_account", customer_id="C1",
    ...     amount=money("5.00", "USD"), unapplied=money("5.00", "USD"),
    ...     confidence=0.9, policy_id="p", policy_version="1").applied
    Money('0.00', 'USD')
    """

    payment_id: str
    outcome: MatchOutcome = attrs.field(converter=MatchOutcome)
    customer_id: str | None
    amount: Money
    unapplied: Money
    confidence: float
    policy_id: str
    policy_version: str
    lines: tuple[MatchLine, ...] = ()
    difference: Money | None = None
    difference_action: DifferenceAction = attrs.field(
        default=DifferenceAction.NONE, converter=DifferenceAction
    )
    reasons: tuple[Reason, ...] = ()
    alternatives: tuple[Candidate, ...] = ()
    suggestions: tuple[CustomerSuggestion, ...] = ()
    duplicate_of: str | None = None
    date: dt.date | None = None

    def __attrs_post_init__(self) -> None:
        if not 0.0 <= self.confidence <= 1.0:
            raise ValidationError(
                "match_decision.confidence", self.confidence, "a number in [0, 1]"
            )

    @property
    def applied(self) -> Money:
        """What the lines take from the payment, in the payment's currency.

        >>> from receivables.money import money
        >>> line = MatchLine(item="INV-1", amount=money("30.00", "USD"), source_amount=money("30.00", "USD"))
        >>> MatchDecision(payment_id="P1", outcome="applied", customer_id="C1", lines=(line,),
        ...     amount=money("50.00", "USD"), unapplied=money("20.00", "USD"), confidence=1.0,
        ...     policy_id="p", policy_version="1").applied
        Money('30.00', 'USD')
        """
        spent = from_minor(0, self.amount.code)
        for line in self.lines:
            spent = spent + line.source_amount
        return spent


# --- the engine's working records ---------------------------------------------------


class _Line(NamedTuple):
    row: int
    amount: int
    discount: int
    difference: int
    source: int
    referenced: bool


class _Draft(NamedTuple):
    payment: int
    outcome: MatchOutcome
    customer: str | None
    currency: str
    lines: tuple[_Line, ...]
    action: DifferenceAction
    unapplied: int
    confidence: float
    reasons: tuple[tuple[str, str, dict[str, Any]], ...]
    alternatives: tuple[tuple[tuple[int, ...], int, float, str | None], ...]
    suggestions: tuple[tuple[str, float], ...]
    duplicate_of: int | None


class _Who(NamedTuple):
    customer: str | None
    confidence: float
    reasons: tuple[tuple[str, str, dict[str, Any]], ...]
    suggestions: tuple[tuple[str, float], ...]


@attrs.frozen
class CashApplicationResult:
    """Every payment's :class:`MatchDecision`, in input order, and views for the ledger and notebooks.

    Decisions are built on first use from the engine's columnar records, so a
    bulk run that only needs :meth:`columns` never builds a million objects.

    >>> import datetime as dt
    >>> result = match({"id": ["P1", "P2"], "amount": [99940, 500], "currency": ["USD"] * 2,
    ...                 "received_date": ["2026-03-02"] * 2, "customer_id": ["C1", None],
    ...                 "remittance": ["INV-9009", ""]},
    ...                {"number": ["INV-9009"], "customer_id": ["C1"], "open": [100000],
    ...                 "currency": ["USD"], "due_date": ["2026-03-01"]},
    ...                as_of=dt.date(2026, 3, 2))
    >>> len(result), [o.value for o in result.outcomes()]
    (2, ['applied', 'unidentified'])
    """

    policy: MatchPolicy
    _payments: PaymentTable = attrs.field(repr=False)
    _items: ItemTable = attrs.field(repr=False)
    _drafts: tuple[Any, ...] = attrs.field(repr=False)  # the engine's records, one per payment
    _cache: dict[str, Any] = attrs.field(factory=dict, repr=False, eq=False)

    def __len__(self) -> int:
        return len(self._drafts)

    @property
    def decisions(self) -> tuple[MatchDecision, ...]:
        """One decision per payment, in the order the payments were given.

        >>> import datetime as dt
        >>> result = match({"id": ["P1", "P2"], "amount": [99940, 500], "currency": ["USD"] * 2,
        ...                 "received_date": ["2026-03-02"] * 2, "customer_id": ["C1", None],
        ...                 "remittance": ["INV-9009", ""]},
        ...                {"number": ["INV-9009"], "customer_id": ["C1"], "open": [100000],
        ...                 "currency": ["USD"], "due_date": ["2026-03-01"]},
        ...                as_of=dt.date(2026, 3, 2))
        >>> [d.payment_id for d in result.decisions]
        ['P1', 'P2']
        """
        cached = self._cache.get("decisions")
        if cached is None:
            cached = tuple(self._decision(draft) for draft in self._drafts)
            self._cache["decisions"] = cached
        return tuple(cached)

    def decision(self, index: int) -> MatchDecision:
        """The decision for the payment at ``index`` (input order), built alone.

        Cheaper than :attr:`decisions` when a bulk run needs only a few of them.

        >>> import datetime as dt
        >>> result = match({"id": ["P1", "P2"], "amount": [99940, 500], "currency": ["USD"] * 2,
        ...                 "received_date": ["2026-03-02"] * 2, "customer_id": ["C1", None],
        ...                 "remittance": ["INV-9009", ""]},
        ...                {"number": ["INV-9009"], "customer_id": ["C1"], "open": [100000],
        ...                 "currency": ["USD"], "due_date": ["2026-03-01"]},
        ...                as_of=dt.date(2026, 3, 2))
        >>> result.decision(1).outcome.value
        'unidentified'
        """
        cached = self._cache.get("decisions")
        if cached is not None:
            return cast(MatchDecision, cached[index])
        return self._decision(self._drafts[index])

    def outcomes(self) -> tuple[MatchOutcome, ...]:
        """The outcome of each payment, in input order, without building decisions.

        >>> import datetime as dt
        >>> result = match({"id": ["P1", "P2"], "amount": [99940, 500], "currency": ["USD"] * 2,
        ...                 "received_date": ["2026-03-02"] * 2, "customer_id": ["C1", None],
        ...                 "remittance": ["INV-9009", ""]},
        ...                {"number": ["INV-9009"], "customer_id": ["C1"], "open": [100000],
        ...                 "currency": ["USD"], "due_date": ["2026-03-01"]},
        ...                as_of=dt.date(2026, 3, 2))
        >>> result.outcomes()[0].value
        'applied'
        """
        return tuple(draft.outcome for draft in self._drafts)

    def _money(self, units: int, currency: str) -> Money:
        return from_minor(int(units), currency)

    def _decision(self, draft: _Draft) -> MatchDecision:
        payments, items = self._payments, self._items
        pay_currency = payments.currency[draft.payment]
        lines = tuple(
            MatchLine(
                item=items.number[line.row],
                amount=self._money(line.amount, draft.currency),
                source_amount=self._money(line.source, pay_currency),
                discount=self._money(line.discount, draft.currency) if line.discount else None,
                difference=(
                    self._money(line.difference, draft.currency) if line.difference else None
                ),
                referenced=line.referenced,
            )
            for line in draft.lines
        )
        difference = sum(line.difference for line in draft.lines)
        duplicate = None if draft.duplicate_of is None else payments.ids[draft.duplicate_of]
        return MatchDecision(
            payment_id=payments.ids[draft.payment],
            outcome=draft.outcome,
            customer_id=draft.customer,
            amount=self._money(int(payments.amount[draft.payment]), pay_currency),
            unapplied=self._money(draft.unapplied, pay_currency),
            confidence=draft.confidence,
            policy_id=self.policy.id,
            policy_version=self.policy.version,
            lines=lines,
            difference=self._money(difference, draft.currency) if difference else None,
            difference_action=draft.action,
            reasons=tuple(Reason(code, message, data) for code, message, data in draft.reasons),
            alternatives=tuple(
                Candidate(
                    items=tuple(items.number[row] for row in rows),
                    total=self._money(total, draft.currency),
                    score=score,
                    customer_id=customer,
                )
                for rows, total, score, customer in draft.alternatives
            ),
            suggestions=tuple(CustomerSuggestion(c, s) for c, s in draft.suggestions),
            duplicate_of=duplicate,
            date=dt.date.fromordinal(
                int(payments.received[draft.payment]) + dt.date(1970, 1, 1).toordinal()
            ),
        )

    def applications(self) -> tuple[Application, ...]:
        """The applied lines as ledger :class:`~receivables.documents.Application` s.

        Ids are ``"<payment id>/<line number>"``; proposals are not included.
        Each is dated the day the payment was received, or the day the item
        was issued if the payment came first (a prepayment naming it), so a
        ledger accepts it.

        >>> import datetime as dt
        >>> result = match({"id": ["P1", "P2"], "amount": [99940, 500], "currency": ["USD"] * 2,
        ...                 "received_date": ["2026-03-02"] * 2, "customer_id": ["C1", None],
        ...                 "remittance": ["INV-9009", ""]},
        ...                {"number": ["INV-9009"], "customer_id": ["C1"], "open": [100000],
        ...                 "currency": ["USD"], "due_date": ["2026-03-01"]},
        ...                as_of=dt.date(2026, 3, 2))
        >>> [(a.id, a.target_number, a.amount) for a in result.applications()]
        [('P1/1', 'INV-9009', Money('999.40', 'USD'))]
        """
        found: list[Application] = []
        for decision, draft in zip(self.decisions, self._drafts, strict=True):
            if decision.outcome is not MatchOutcome.APPLIED or decision.date is None:
                continue
            for number, (line, row) in enumerate(
                zip(decision.lines, draft.lines, strict=True), start=1
            ):
                if line.amount.amount == 0 and line.discount is None:
                    continue
                found.append(
                    Application(
                        id=f"{decision.payment_id}/{number}",
                        source_id=decision.payment_id,
                        target_number=line.item,
                        amount=line.amount,
                        discount=line.discount,
                        date=self._posting_date(decision.date, row.row),
                        source_amount=(
                            line.source_amount
                            if line.source_amount.code != line.amount.code
                            else None
                        ),
                    )
                )
        return tuple(found)

    def _posting_date(self, received: dt.date, row: int) -> dt.date:
        """The payment's date, or the item's issue date when the payment came first."""
        issued = int(self._items.document[row])
        day = received.toordinal() - dt.date(1970, 1, 1).toordinal()
        return received if issued <= day else received + dt.timedelta(days=issued - day)

    def adjustments(self) -> tuple[Adjustment, ...]:
        """Write-offs, absorbed bank fees and FX differences of applied payments.

        Deductions and partial payments stay open and give no adjustment; an FX
        gain (a negative difference) clears the items in full and needs none.

        >>> import datetime as dt
        >>> result = match({"id": ["P1", "P2"], "amount": [99940, 500], "currency": ["USD"] * 2,
        ...                 "received_date": ["2026-03-02"] * 2, "customer_id": ["C1", None],
        ...                 "remittance": ["INV-9009", ""]},
        ...                {"number": ["INV-9009"], "customer_id": ["C1"], "open": [100000],
        ...                 "currency": ["USD"], "due_date": ["2026-03-01"]},
        ...                as_of=dt.date(2026, 3, 2))
        >>> [(a.kind.value, a.amount) for a in result.adjustments()]
        [('write_off', Money('0.60', 'USD'))]
        """
        found: list[Adjustment] = []
        kinds = {
            DifferenceAction.WRITE_OFF: "write_off",
            DifferenceAction.BANK_FEE: "write_off",
            DifferenceAction.FX_DIFFERENCE: "fx_difference",
        }
        for decision, draft in zip(self.decisions, self._drafts, strict=True):
            kind = kinds.get(decision.difference_action)
            if decision.outcome is not MatchOutcome.APPLIED or kind is None:
                continue
            for number, (line, row) in enumerate(
                zip(decision.lines, draft.lines, strict=True), start=1
            ):
                if (
                    line.difference is None
                    or line.difference.amount <= 0
                    or decision.customer_id is None
                ):
                    continue  # an FX gain leaves nothing open on the item to adjust
                direction = Direction.CREDIT
                found.append(
                    Adjustment(
                        id=f"{decision.payment_id}/{number}/{decision.difference_action.value}",
                        customer_id=decision.customer_id,
                        kind=kind,
                        amount=abs(line.difference),
                        date=self._posting_date(decision.date or dt.date(1970, 1, 1), row.row),
                        target_number=line.item,
                        direction=direction,
                        reason=decision.difference_action.value,
                    )
                )
        return tuple(found)

    def identified_payments(self, payments: Sequence[Payment]) -> tuple[Payment, ...]:
        """The payments whose customer cash application identified, with that customer set.

        ``payments`` are the same :class:`~receivables.documents.Payment` s given to
        :func:`match`, in the same order. A payment is kept when its decision names a
        customer and is neither a duplicate nor unidentified; its ``customer_id`` is
        set from the decision, ready for a ledger. Others are left out.

        >>> import datetime as dt
        >>> from receivables.documents import Invoice, Payment
        >>> from receivables.money import money
        >>> invoice = Invoice(number="INV-9009", customer_id="C1",
        ...                   issue_date=dt.date(2026, 2, 1), due_date=dt.date(2026, 3, 1),
        ...                   amount=money("1000.00", "USD"))
        >>> paid = [Payment(id="P1", amount=money("1000.00", "USD"),
        ...                 received_date=dt.date(2026, 3, 2), remittance="INV-9009"),
        ...         Payment(id="P2", amount=money("5.00", "USD"), received_date=dt.date(2026, 3, 2))]
        >>> result = match(paid, [invoice], as_of=dt.date(2026, 3, 2))
        >>> [(p.id, p.customer_id) for p in result.identified_payments(paid)]
        [('P1', 'C1')]
        """
        given = tuple(payments)
        if len(given) != len(self):
            raise ValidationError(
                "payments", len(given), f"the {len(self)} payments given to match, in order"
            )
        found: list[Payment] = []
        for index, payment in enumerate(given):
            decision = self.decision(index)
            if payment.id != decision.payment_id:
                raise ValidationError(
                    f"payments[{index}].id",
                    payment.id,
                    f"{decision.payment_id!r}, the payment given to match at that position",
                )
            if decision.customer_id and decision.outcome not in (
                MatchOutcome.DUPLICATE,
                MatchOutcome.UNIDENTIFIED,
            ):
                found.append(attrs.evolve(payment, customer_id=decision.customer_id))
        return tuple(found)

    def columns(self) -> dict[str, list[Any]]:
        """A flat table as columns of plain values: one row per line, one per payment without lines.

        Amounts are integer minor units beside their currency, for bulk use.
        The table ties out to the bank statement (issue 15): every row
        carries its payment's ``payment_amount``, and the payment's last row
        carries what stayed ``unapplied`` (on account, or all of it when
        nothing was applied), so per payment, and over the whole table,
        ``source_amount`` plus ``unapplied`` sum to the payments' amounts.

        >>> import datetime as dt
        >>> result = match({"id": ["P1", "P2"], "amount": [99940, 500], "currency": ["USD"] * 2,
        ...                 "received_date": ["2026-03-02"] * 2, "customer_id": ["C1", None],
        ...                 "remittance": ["INV-9009", ""]},
        ...                {"number": ["INV-9009"], "customer_id": ["C1"], "open": [100000],
        ...                 "currency": ["USD"], "due_date": ["2026-03-01"]},
        ...                as_of=dt.date(2026, 3, 2))
        >>> table = result.columns()
        >>> table["item"], table["amount"], table["difference"]
        (['INV-9009', None], [99940, 0], [60, 0])
        >>> table["payment_amount"], table["unapplied"]
        ([99940, 500], [0, 500])
        """
        payments, items = self._payments, self._items
        table: dict[str, list[Any]] = {
            name: []
            for name in (
                "payment_id",
                "outcome",
                "customer_id",
                "item",
                "amount",
                "discount",
                "difference",
                "currency",
                "source_amount",
                "payment_currency",
                "difference_action",
                "confidence",
                "reasons",
                "payment_amount",
                "unapplied",
            )
        }
        for draft in self._drafts:
            codes = ";".join(code for code, _, _ in draft.reasons)
            rows = draft.lines or (None,)
            total = int(payments.amount[draft.payment])
            for number, line in enumerate(rows, start=1):
                table["payment_amount"].append(total)
                table["unapplied"].append(draft.unapplied if number == len(rows) else 0)
                table["payment_id"].append(payments.ids[draft.payment])
                table["outcome"].append(draft.outcome.value)
                table["customer_id"].append(draft.customer)
                table["item"].append(None if line is None else items.number[line.row])
                table["amount"].append(0 if line is None else line.amount)
                table["discount"].append(0 if line is None else line.discount)
                table["difference"].append(0 if line is None else line.difference)
                table["currency"].append(draft.currency)
                table["source_amount"].append(0 if line is None else line.source)
                table["payment_currency"].append(payments.currency[draft.payment])
                table["difference_action"].append(draft.action.value)
                table["confidence"].append(draft.confidence)
                table["reasons"].append(codes)
        return table

    def rows(self) -> list[dict[str, Any]]:
        """The flat table as a list of dicts with :class:`~decimal.Decimal` amounts.

        One row per line (applied or proposed), one for each payment without a
        line; ``payment_amount`` and ``unapplied`` make it tie out to the bank
        total (see :meth:`columns`).

        >>> import datetime as dt
        >>> result = match({"id": ["P1", "P2"], "amount": [99940, 500], "currency": ["USD"] * 2,
        ...                 "received_date": ["2026-03-02"] * 2, "customer_id": ["C1", None],
        ...                 "remittance": ["INV-9009", ""]},
        ...                {"number": ["INV-9009"], "customer_id": ["C1"], "open": [100000],
        ...                 "currency": ["USD"], "due_date": ["2026-03-01"]},
        ...                as_of=dt.date(2026, 3, 2))
        >>> row = result.rows()[0]
        >>> row["item"], row["amount"], row["difference_action"]
        ('INV-9009', Decimal('999.40'), 'write_off')
        >>> [(r["payment_amount"], r["unapplied"]) for r in result.rows()]
        [(Decimal('999.40'), Decimal('0.00')), (Decimal('5.00'), Decimal('5.00'))]
        """
        table = self.columns()
        names = list(table)
        money_columns = {
            "amount",
            "discount",
            "difference",
            "source_amount",
            "payment_amount",
            "unapplied",
        }
        in_payment_currency = {"source_amount", "payment_amount", "unapplied"}
        found = []
        for index in range(len(table["payment_id"])):
            row = {name: table[name][index] for name in names}
            for name in money_columns:
                currency = (
                    row["payment_currency"] if name in in_payment_currency else row["currency"]
                )
                row[name] = minor_to_decimal(int(row[name]), currency)
            found.append(row)
        return found

    def frame(self) -> pd.DataFrame:
        """The flat table as a pandas DataFrame (pandas is imported only here).

        >>> import datetime as dt
        >>> result = match({"id": ["P1", "P2"], "amount": [99940, 500], "currency": ["USD"] * 2,
        ...                 "received_date": ["2026-03-02"] * 2, "customer_id": ["C1", None],
        ...                 "remittance": ["INV-9009", ""]},
        ...                {"number": ["INV-9009"], "customer_id": ["C1"], "open": [100000],
        ...                 "currency": ["USD"], "due_date": ["2026-03-01"]},
        ...                as_of=dt.date(2026, 3, 2))
        >>> list(result.frame()["outcome"])
        ['applied', 'unidentified']
        """
        import pandas as pd  # optional dependency, imported on use

        return pd.DataFrame(self.rows())


# --- the engine ----------------------------------------------------------------------

_SHORT_FORM = re.compile(r"^[A-Z]{1,4}([0-9]+)$")


def _reason(code: str, message: str, **data: Any) -> tuple[str, str, dict[str, Any]]:
    return (code, message, data)


def _identified(
    reasons: list[tuple[str, str, dict[str, Any]]],
    customer: str,
    confidence: float,
    code: str,
    message: str,
    **data: Any,
) -> _Who:
    """``customer`` paid, found by the rule ``code``: the reasons so far, then this one."""
    return _Who(
        customer, confidence, (*reasons, _reason(code, message, customer=customer, **data)), ()
    )


class _Engine:
    """The state of one run: indexes built once, the open amount left per item."""

    def __init__(
        self,
        payments: PaymentTable,
        items: ItemTable,
        customers: CustomerTable,
        policy: MatchPolicy,
        rates: RateTable | None,
        as_of_day: int,
    ) -> None:
        self.payments = payments
        self.items = items
        self.policy = policy
        self.rates = rates
        self.remaining = items.open.copy()
        self.payers = PayerIndex(
            customers.ids,
            customers.names,
            aliases=customers.aliases,
            bank_accounts=customers.bank_accounts,
        )
        # Items in canonical order: customer, due date, document date, number. An
        # item issued after as_of does not exist yet for this run and is left out.
        order = sorted(
            (r for r in range(len(items)) if int(items.document[r]) <= as_of_day),
            key=lambda r: (
                items.customer_id[r],
                int(items.due[r]),
                int(items.document[r]),
                items.number[r],
            ),
        )
        count = len(order)
        self.by_customer: dict[str, np.ndarray] = {}
        start = 0
        for position in range(1, count + 1):
            if (
                position == count
                or items.customer_id[order[position]] != items.customer_id[order[start]]
            ):
                customer = items.customer_id[order[start]]
                self.by_customer[customer] = np.asarray(order[start:position], dtype=np.int64)
                start = position
        self.keys: list[str] = [reference_key(n) for n in items.number]
        self.reference_keys: list[str] = [reference_key(r) if r else "" for r in items.reference]
        self.digit_keys: list[str] = [digits_key(n) for n in items.number]
        index: dict[str, list[int]] = {}
        for row in order:
            for key in (self.keys[row], self.reference_keys[row], self.digit_keys[row]):
                if key:
                    bucket = index.setdefault(key, [])
                    if row not in bucket:
                        bucket.append(row)
        self.index = index
        self.known = set(customers.ids) | set(self.by_customer)
        self.currency_codes = sorted(set(items.currency))
        code_of = {c: i for i, c in enumerate(self.currency_codes)}
        self.item_currency = np.asarray([code_of[c] for c in items.currency], dtype=np.int64)
        self.code_of = code_of

    # --- references ----------------------------------------------------------------

    def hits(self, references: tuple[Reference, ...]) -> list[tuple[int, str, str]]:
        """Exact look-ups: (row, how, token) for every reference naming an item."""
        found: list[tuple[int, str, str]] = []
        skip = False
        shortest = self.policy.reference_min_length
        for position, reference in enumerate(references):
            if skip:
                skip = False
                continue
            if reference.joined:
                rows = self.index.get(reference.joined)
                if rows:
                    text = f"{reference.text} {reference.partner}"
                    found.extend((row, "exact", text) for row in rows)
                    following = references[position + 1] if position + 1 < len(references) else None
                    skip = following is not None and following.text == reference.partner
                    continue
            rows = self.index.get(reference.key) if len(reference.key) >= shortest else None
            if rows:
                how = "creditor" if reference.creditor else "exact"
                found.extend((row, how, reference.text) for row in rows)
                continue
            short = _SHORT_FORM.match(reference.key)
            if short is not None and len(short.group(1)) >= shortest:
                # "F5230" for FV-0005230: a letter or two and the number without zeros.
                rows = self.index.get(short.group(1).lstrip("0"))
                if rows:
                    found.extend((row, "short", reference.text) for row in rows)
                    continue
            for part in reference.parts:
                for row in self.index.get(part, ()):
                    found.append((row, "part", reference.text))
        return found

    # --- who paid ------------------------------------------------------------------

    def identify(self, references: list[tuple[Reference, ...]]) -> list[_Who]:
        payments, policy, payers = self.payments, self.policy, self.payers
        who: list[_Who | None] = [None] * len(payments)
        fuzzy_wanted: list[int] = []
        keys = [name_key(n) if n else "" for n in payments.payer_name]
        reference_customers: list[list[str]] = []
        for position in range(len(payments)):
            customers: list[str] = []
            found = self.hits(references[position])
            strong = [row for row, how, _ in found if how != "short"]
            if not strong:
                # A short form ("F5230") may name items of several schemes: only those
                # whose open amount is the payment's point at a customer.
                amount, code = int(payments.amount[position]), payments.currency[position]
                strong = [
                    row
                    for row, how, _ in found
                    if int(self.items.open[row]) == amount and self.items.currency[row] == code
                ]
            for row in strong:
                customer = self.items.customer_id[row]
                if customer not in customers:
                    customers.append(customer)
            reference_customers.append(customers)

        def on_behalf(
            position: int, payer: str, reasons: list[tuple[str, str, dict[str, Any]]]
        ) -> _Who | None:
            """The references name one other customer's items and the remittance its name."""
            by_reference = reference_customers[position]
            if len(by_reference) != 1 or by_reference[0] == payer:
                return None
            spot = payers.position.get(by_reference[0])
            if spot is None or not payers.named_in(payments.remittance[position], spot):
                return None
            return _identified(
                reasons,
                by_reference[0],
                0.85,
                "third_party_payer",
                f"Payer {payments.payer_name[position]!r} (customer {payer}) pays on behalf of "
                f"{by_reference[0]}: the remittance names it and its items.",
                payer_customer=payer,
            )

        for position in range(len(payments)):
            reasons: list[tuple[str, str, dict[str, Any]]] = []
            given = payments.customer_id[position]
            if given is not None:
                if given in self.known:
                    who[position] = _identified(
                        reasons, given, 1.0, "customer_given", f"The bank named customer {given}."
                    )
                    continue
                reasons.append(
                    _reason(
                        "customer_id_unknown",
                        f"The bank named customer {given}, who is not known.",
                        customer=given,
                    )
                )
            account_owners = payers.by_account(payments.payer_account[position])
            if len(account_owners) == 1:
                customer = payers.ids[account_owners[0]]
                who[position] = on_behalf(position, customer, reasons) or _identified(
                    reasons,
                    customer,
                    0.99,
                    "customer_by_bank_account",
                    f"Account {payments.payer_account[position]} belongs to {customer}.",
                )
                continue
            key = keys[position]
            named = payers.by_key(key)
            if len(account_owners) > 1:
                named = tuple(c for c in account_owners if c in named) or account_owners
            if len(named) == 1:
                customer = payers.ids[named[0]]
                who[position] = on_behalf(position, customer, reasons) or _identified(
                    reasons,
                    customer,
                    0.97,
                    "customer_by_name",
                    f"Payer name {payments.payer_name[position]!r} is customer {customer}.",
                )
                continue
            by_reference = reference_customers[position]
            if len(named) > 1:
                among = [c for c in by_reference if c in {payers.ids[n] for n in named}]
                if len(among) == 1:
                    who[position] = _identified(
                        reasons,
                        among[0],
                        0.95,
                        "customer_by_name_and_reference",
                        f"Several customers share the payer's name; the references name {among[0]}.",
                    )
                    continue
            if len(by_reference) == 1:
                customer = by_reference[0]
                spot = payers.position.get(customer)
                score = payers.score(key, spot) if key and spot is not None else None
                if score is None:
                    who[position] = _identified(
                        reasons,
                        customer,
                        0.9,
                        "customer_by_reference",
                        f"The remittance names items of customer {customer}.",
                    )
                    continue
                if score >= policy.reference_name_threshold:
                    who[position] = _identified(
                        reasons,
                        customer,
                        0.95,
                        "customer_by_reference",
                        f"The remittance names items of customer {customer}; the payer name agrees ({score}).",
                        name_score=score,
                    )
                    continue
                if spot is not None and payers.named_in(payments.remittance[position], spot):
                    who[position] = _identified(
                        reasons,
                        customer,
                        0.85,
                        "third_party_payer",
                        f"The remittance names customer {customer} and its items; payer "
                        f"{payments.payer_name[position]!r} pays on its behalf ({score}).",
                        name_score=score,
                    )
                    continue
                who[position] = _identified(
                    reasons,
                    customer,
                    0.7,
                    "customer_by_reference_name_differs",
                    f"The remittance names items of customer {customer}, but the payer name does not match it ({score}).",
                    name_score=score,
                )
                continue
            who[position] = _Who(None, 0.0, tuple(reasons), ())
            if key:
                fuzzy_wanted.append(position)
        if fuzzy_wanted:
            ranked = payers.fuzzy(
                [keys[p] for p in fuzzy_wanted],
                limit=max(3, policy.max_alternatives),
                score_cutoff=policy.suggestion_threshold,
                workers=policy.workers,
                keyed=True,
            )
            for position, candidates in zip(fuzzy_wanted, ranked, strict=True):
                previous = who[position]
                assert previous is not None
                reasons = list(previous.reasons)
                suggestions = tuple((payers.ids[c], s / 100) for c, s in candidates)
                by_reference = reference_customers[position]
                if candidates:
                    best, score = candidates[0]
                    runner = candidates[1][1] if len(candidates) > 1 else 0
                    if score >= policy.name_threshold and score - runner >= policy.name_margin:
                        customer = payers.ids[best]
                        reasons.append(
                            _reason(
                                "customer_by_fuzzy_name",
                                f"Payer name {payments.payer_name[position]!r} resembles customer {customer} ({score}).",
                                customer=customer,
                                score=score,
                                runner_up=runner,
                            )
                        )
                        who[position] = _Who(customer, score / 100, tuple(reasons), suggestions)
                        continue
                    among = [payers.ids[c] for c, _ in candidates if payers.ids[c] in by_reference]
                    if len(among) == 1:
                        reasons.append(
                            _reason(
                                "customer_by_fuzzy_name_and_reference",
                                f"The payer name resembles several customers; the references name {among[0]}.",
                                customer=among[0],
                            )
                        )
                        who[position] = _Who(among[0], 0.85, tuple(reasons), suggestions)
                        continue
                who[position] = _Who(None, 0.0, tuple(reasons), suggestions)
        return [w if w is not None else _Who(None, 0.0, (), ()) for w in who]

    # --- joint evidence ------------------------------------------------------------

    def _open_rows(self, customer: str, currency: str) -> list[int]:
        rows = self.by_customer.get(customer)
        code = self.code_of.get(currency)
        if rows is None or code is None:
            return []
        keep = (self.remaining[rows] > 0) & (self.item_currency[rows] == code)
        return [int(r) for r in rows[keep].tolist()]

    def joint(
        self, position: int, who: _Who, references: tuple[Reference, ...]
    ) -> tuple[Evidence | None, list[Evidence]]:
        """Weigh every clue about an unidentified payment (:mod:`receivables.cashapp.evidence`)."""
        payments, items, payers, policy = self.payments, self.items, self.payers, self.policy
        amount, currency = int(payments.amount[position]), payments.currency[position]
        name = payments.payer_name[position]
        customer_clues: dict[str, list[tuple[int, Clue]]] = {}
        shared = payers.by_key(name_key(name)) if name else ()
        if len(shared) > 1:
            for spot in shared:
                customer = payers.ids[spot]
                clues = customer_clues.setdefault(customer, [])
                clues.append(
                    (
                        NAME_SHARED,
                        _reason(
                            "payer_name_shared",
                            f"Payer name {name!r} is the trade name of {customer} and of "
                            f"{len(shared) - 1} other customer(s).",
                            customer=customer,
                        ),
                    )
                )
                if payers.legal_name_is(name, spot):
                    clues.append(
                        (
                            LEGAL_NAME,
                            _reason(
                                "payer_legal_name",
                                f"Payer name {name!r} is the full legal name of {customer}.",
                                customer=customer,
                            ),
                        )
                    )
        for customer, score in who.suggestions:
            if customer not in customer_clues:
                points = round(score * 100)
                customer_clues[customer] = [
                    (
                        resemblance(points),
                        _reason(
                            "payer_name_resembles",
                            f"Payer name {name!r} resembles customer {customer} ({points}).",
                            customer=customer,
                            score=points,
                        ),
                    )
                ]
        referenced: dict[str, dict[int, tuple[int, Clue]]] = {}
        for row, how, token in self.hits(references):
            if self.remaining[row] <= 0 or items.currency[row] != currency:
                continue
            points = {"short": REFERENCE_SHORT, "part": REFERENCE_NEAR}.get(how, REFERENCE_EXACT)
            code = "reference_short_form" if how == "short" else "reference_names_item"
            found = referenced.setdefault(items.customer_id[row], {})
            if row not in found:
                found[row] = (
                    points,
                    _reason(
                        code,
                        f"{token!r} names {items.number[row]}.",
                        token=token,
                        item=items.number[row],
                    ),
                )
        for customer in list(customer_clues):
            if customer in referenced:
                continue
            rows = self._open_rows(customer, currency)
            keys = [self.keys[r] for r in rows]
            for reference in references:
                if len(reference.key) < policy.fuzzy_reference_min_length:
                    continue
                near = near_references(
                    reference.key,
                    keys,
                    max_edits=policy.reference_max_edits,
                    min_length=policy.fuzzy_reference_min_length,
                )
                if len(near) == 1:
                    row = rows[near[0][0]]
                    code = "reference_typo" if near[0][1] == "edit" else "reference_truncated"
                    referenced.setdefault(customer, {})[row] = (
                        REFERENCE_NEAR,
                        _reason(
                            "reference_near",
                            f"{reference.text!r} is close to {items.number[row]} ({code}).",
                            token=reference.text,
                            item=items.number[row],
                        ),
                    )
        item_clues: dict[str, list[tuple[tuple[int, ...], int, list[Clue]]]] = {}
        for customer in sorted(set(customer_clues) | set(referenced)):
            named_rows = referenced.get(customer)
            if named_rows:
                rows = sorted(named_rows)
                points = max(p for p, _ in named_rows.values())
                notes = [clue for _, clue in named_rows.values()]
                total = sum(int(self.remaining[r]) for r in rows)
                if total == amount:
                    points += AMOUNT
                    notes.append(
                        _reason(
                            "amount_exact",
                            f"The payment is the open amount of {customer}'s named items.",
                            customer=customer,
                        )
                    )
                item_clues[customer] = [(tuple(rows), points, notes)]
                continue
            equal = [r for r in self._open_rows(customer, currency) if self.remaining[r] == amount]
            item_clues[customer] = [
                (
                    (row,),
                    AMOUNT,
                    [
                        _reason(
                            "amount_one_item",
                            f"The payment is the open amount of {customer}'s {items.number[row]}.",
                            customer=customer,
                            item=items.number[row],
                        )
                    ],
                )
                for row in equal[: policy.max_alternatives]
            ]
        weighed = pairs(customer_clues, item_clues)
        chosen = choose(weighed, threshold=policy.joint_threshold, margin=policy.joint_margin)
        return chosen, weighed

    # --- which items ---------------------------------------------------------------

    def decide(
        self, position: int, who: _Who, references: tuple[Reference, ...], duplicate: int | None
    ) -> _Draft:
        payments, items, policy = self.payments, self.items, self.policy
        amount = int(payments.amount[position])
        currency = payments.currency[position]
        reasons = list(who.reasons)
        for text in invalid_creditor_references(payments.remittance[position]):
            reasons.append(
                _reason(
                    "creditor_reference_invalid",
                    f"RF reference {text!r} fails its ISO 11649 check digits; ignored.",
                    reference=text,
                )
            )
        if duplicate is not None:
            reasons.append(
                _reason(
                    "duplicate_payment",
                    f"Same payer, amount and reference as payment {payments.ids[duplicate]} "
                    f"within {policy.duplicate_window_days} days.",
                    original=payments.ids[duplicate],
                )
            )
            return self._draft(
                position,
                MatchOutcome.DUPLICATE,
                who.customer,
                currency,
                reasons,
                confidence=1.0,
                duplicate_of=duplicate,
                suggestions=who.suggestions,
            )
        if who.customer is None:
            chosen, weighed = self.joint(position, who, references)
            if chosen is not None:
                runner = max((e.points for e in weighed if e is not chosen), default=0)
                reasons.extend(chosen.reasons)
                reasons.append(
                    _reason(
                        "customer_by_joint_evidence",
                        f"Weighed together, the evidence points at {chosen.customer} "
                        f"({chosen.points} points, the next {runner}): "
                        + summary(weighed, items.number),
                        customer=chosen.customer,
                        points=chosen.points,
                        runner_up=runner,
                    )
                )
                who = _Who(chosen.customer, 0.9, (), who.suggestions)
            elif any(e.points for e in weighed):
                reasons.append(
                    _reason(
                        "joint_evidence_inconclusive",
                        "Weighed together, no customer and items win clearly: "
                        + summary(weighed, items.number),
                        candidates=[e.customer for e in weighed],
                    )
                )
        if who.customer is None:
            reasons.append(
                _reason(
                    "customer_not_found",
                    "No customer was found for this payment; it waits for a person.",
                    suggestions=[c for c, _ in who.suggestions],
                )
            )
            alternatives = self._suggested_items(amount, currency, who.suggestions)
            return self._draft(
                position,
                MatchOutcome.UNIDENTIFIED,
                None,
                currency,
                reasons,
                confidence=0.0,
                suggestions=who.suggestions,
                alternatives=alternatives,
            )
        customer = who.customer
        rows = self.by_customer.get(customer, np.empty(0, dtype=np.int64))
        open_rows = rows[self.remaining[rows] > 0]
        match_currency, target = currency, amount
        fx = False
        code = self.code_of.get(currency)
        same = (
            open_rows[self.item_currency[open_rows] == code] if code is not None else open_rows[:0]
        )
        hits = [
            (row, how, token)
            for row, how, token in self.hits(references)
            if items.customer_id[row] == customer
        ]
        if same.size == 0 and open_rows.size:
            other = sorted({items.currency[r] for r in open_rows.tolist()})
            referenced_currencies = sorted(
                {
                    items.currency[r]
                    for r, _, _ in hits
                    if items.currency[r] != currency and self.remaining[r] > 0
                }
            )
            wanted = (referenced_currencies or other)[0]
            on = dt.date.fromordinal(
                int(payments.effective[position]) + dt.date(1970, 1, 1).toordinal()
            )
            no_rate: tuple[str, str] | None = None
            if self.rates is None:
                no_rate = (
                    "currency_needs_rate",
                    (
                        f"The customer's open items are in {wanted}, the payment in {currency}, "
                        "and no RateTable was given."
                    ),
                )
            else:
                try:
                    converted = self.rates.convert(from_minor(amount, currency), wanted, on)
                except MissingRateError:
                    no_rate = (
                        "rate_missing",
                        f"No {currency}->{wanted} rate on {on.isoformat()} in the RateTable.",
                    )
            if no_rate is not None:
                reasons.append(_reason(*no_rate, payment_currency=currency, item_currency=wanted))
                return self._draft(
                    position,
                    MatchOutcome.ON_ACCOUNT,
                    customer,
                    currency,
                    reasons,
                    confidence=who.confidence,
                )
            target = to_minor(converted)
            match_currency = wanted
            fx = True
            same = open_rows[self.item_currency[open_rows] == self.code_of[wanted]]
            reasons.append(
                _reason(
                    "currency_converted",
                    f"{minor_to_decimal(amount, currency)} {currency} is {converted.amount} {wanted} on {on.isoformat()}.",
                    converted=str(converted.amount),
                    currency=wanted,
                )
            )
        if same.size == 0:
            settled = sorted({items.number[r] for r, _, _ in hits})
            if settled:
                reasons.append(
                    _reason(
                        "referenced_item_settled",
                        f"The referenced item(s) {', '.join(settled)} have nothing left open.",
                        items=settled,
                    )
                )
            reasons.append(
                _reason(
                    "no_open_items",
                    f"Customer {customer} has nothing open in {match_currency}; the payment stays on account.",
                    customer=customer,
                )
            )
            return self._draft(
                position,
                MatchOutcome.ON_ACCOUNT,
                customer,
                currency,
                reasons,
                confidence=who.confidence,
            )
        candidate_set = set(same.tolist())
        referenced: list[int] = []
        fuzzy_reference = False
        for row, how, token in hits:
            if row in candidate_set and row not in referenced:
                referenced.append(row)
                code_name = {
                    "exact": "reference_exact",
                    "creditor": "reference_creditor",
                    "part": "reference_part",
                    "short": "reference_short_form",
                }[how]
                reasons.append(
                    _reason(
                        code_name,
                        f"{token!r} names {items.number[row]}.",
                        token=token,
                        item=items.number[row],
                    )
                )
        settled_hits = sorted(
            {
                items.number[r]
                for r, _, _ in hits
                if r not in candidate_set and self.remaining[r] <= 0
            }
        )
        elsewhere = sorted(
            {
                items.number[r]
                for r, _, _ in hits
                if r not in candidate_set and self.remaining[r] > 0
            }
        )
        if settled_hits:
            reasons.append(
                _reason(
                    "referenced_item_settled",
                    f"The referenced item(s) {', '.join(settled_hits)} have nothing left open.",
                    items=settled_hits,
                )
            )
        if elsewhere:
            reasons.append(
                _reason(
                    "referenced_item_other_currency",
                    f"The referenced item(s) {', '.join(elsewhere)} are open in another currency "
                    f"than {match_currency}.",
                    items=elsewhere,
                )
            )
        settled_hits += elsewhere
        if not referenced and not settled_hits:
            same_list = same.tolist()
            same_keys = [self.keys[r] for r in same_list]
            for reference in references:
                if len(reference.key) < policy.fuzzy_reference_min_length:
                    continue
                near = near_references(
                    reference.key,
                    same_keys,
                    max_edits=policy.reference_max_edits,
                    min_length=policy.fuzzy_reference_min_length,
                )
                if len(near) == 1:
                    row = same_list[near[0][0]]
                    if row not in referenced:
                        referenced.append(row)
                        fuzzy_reference = True
                        code_name = (
                            "reference_typo" if near[0][1] == "edit" else "reference_truncated"
                        )
                        reasons.append(
                            _reason(
                                code_name,
                                f"{reference.text!r} is close to {items.number[row]}.",
                                token=reference.text,
                                item=items.number[row],
                            )
                        )
        pay_day = int(payments.effective[position])
        digits = currency_digits(match_currency)
        context = _Context(
            position,
            customer,
            currency,
            match_currency,
            amount,
            target,
            fx,
            pay_day,
            digits,
            who.confidence,
            reasons,
            # The remittance names only items this payment cannot pay: an amount match
            # elsewhere contradicts the payer's own words, so it is only proposed.
            bool(settled_hits) and not referenced,
        )
        referenced.sort(key=lambda r: (int(items.due[r]), int(items.document[r]), items.number[r]))
        if referenced:
            return self._by_reference(context, referenced, same, fuzzy_reference)
        return self._by_amount(context, same)

    # --- settling a chosen set --------------------------------------------------------

    def _settle(
        self, ctx: _Context, rows: Sequence[int], referenced: set[int]
    ) -> tuple[list[_Line], DifferenceAction, int, list[tuple[str, str, dict[str, Any]]], float]:
        """Lines for ``rows`` paid with the target; the difference ladder of the policy."""
        items, policy = self.items, self.policy
        remaining = [int(self.remaining[r]) for r in rows]
        discounts = [
            items.discount_units(r, ctx.pay_day) if remaining[i] == int(items.original[r]) else 0
            for i, r in enumerate(rows)
        ]
        gross = sum(remaining)
        disc = sum(discounts)
        target = ctx.target
        cur = ctx.match_currency
        reasons: list[tuple[str, str, dict[str, Any]]] = []
        amounts = list(remaining)
        taken = [0] * len(rows)
        differences = [0] * len(rows)
        action = DifferenceAction.NONE
        over = 0
        fit = 1.0
        if ctx.fx and abs(gross - target) <= policy.fx_units(gross) and gross != target:
            # A loss (the converted payment falls short) is settled on the last item;
            # a gain (it exceeds the items) clears them in full and is recorded only
            # as the decision's negative difference: the whole payment is spent.
            differences[-1] = gross - target
            if gross > target:
                amounts[-1] -= gross - target
                if amounts[-1] < 0:
                    return self._partial(ctx, rows, referenced)
            action = DifferenceAction.FX_DIFFERENCE
            reasons.append(
                _reason(
                    "fx_difference",
                    f"An FX difference of {minor_to_decimal(gross - target, cur)} {cur} "
                    "between the converted payment and the items.",
                    difference=str(minor_to_decimal(gross - target, cur)),
                )
            )
            fit = 0.95
        elif target == gross:
            reasons.append(
                _reason(
                    "amount_exact",
                    "The payment equals the open amount.",
                    amount=str(minor_to_decimal(gross, cur)),
                )
            )
        elif disc and target == gross - disc:
            taken = discounts
            amounts = [a - d for a, d in zip(remaining, discounts, strict=True)]
            reasons.append(
                _reason(
                    "discount_taken",
                    f"An earned early-payment discount of {minor_to_decimal(disc, cur)} {cur} was taken.",
                    discount=str(minor_to_decimal(disc, cur)),
                )
            )
        elif target < gross:
            use_discount = bool(disc) and target < gross - disc
            base = gross - disc if use_discount else gross
            if use_discount:
                taken = discounts
                amounts = [a - d for a, d in zip(remaining, discounts, strict=True)]
                reasons.append(
                    _reason(
                        "discount_taken",
                        f"An earned early-payment discount of {minor_to_decimal(disc, cur)} {cur} was taken.",
                        discount=str(minor_to_decimal(disc, cur)),
                    )
                )
            short = base - target
            text = f"{minor_to_decimal(short, cur)} {cur}"
            if short <= policy.write_off_units(base, ctx.digits):
                action, fit = DifferenceAction.WRITE_OFF, 0.97
                reasons.append(
                    _reason(
                        "short_pay_written_off",
                        f"Short by {text}, inside the write-off tolerance.",
                        short=str(minor_to_decimal(short, cur)),
                    )
                )
            elif short <= policy.bank_fee_units(ctx.digits):
                action, fit = DifferenceAction.BANK_FEE, 0.95
                reasons.append(
                    _reason(
                        "bank_fee_deducted",
                        f"Short by {text}, inside the bank-fee allowance.",
                        short=str(minor_to_decimal(short, cur)),
                    )
                )
            elif short <= policy.deduction_units(base, ctx.digits):
                action, fit = DifferenceAction.DEDUCTION, 0.9
                reasons.append(
                    _reason(
                        "short_pay_deduction",
                        f"Short by {text}, kept open as a deduction to resolve.",
                        short=str(minor_to_decimal(short, cur)),
                    )
                )
            else:
                return self._partial(ctx, rows, referenced)
            left = short
            for index in range(len(rows) - 1, -1, -1):
                part = min(left, amounts[index])
                amounts[index] -= part
                differences[index] += part
                left -= part
                if not left:
                    break
        else:
            over = target - gross
            fit = 0.9
            reasons.append(
                _reason(
                    "overpayment_on_account",
                    f"{minor_to_decimal(over, cur)} {cur} more than the items; left on account.",
                    over=str(minor_to_decimal(over, cur)),
                )
            )
        lines = self._lines(ctx, rows, amounts, taken, differences, referenced, over)
        return lines, action, over, reasons, fit

    def _partial(
        self, ctx: _Context, rows: Sequence[int], referenced: set[int]
    ) -> tuple[list[_Line], DifferenceAction, int, list[tuple[str, str, dict[str, Any]]], float]:
        """Apply the target oldest first; the last item touched stays partly open."""
        left = ctx.target
        amounts: list[int] = []
        chosen: list[int] = []
        differences: list[int] = []
        for row in rows:
            if left <= 0:
                break
            part = min(left, int(self.remaining[row]))
            chosen.append(row)
            amounts.append(part)
            differences.append(int(self.remaining[row]) - part)
            left -= part
        cur = ctx.match_currency
        reasons = [
            _reason(
                "partial_payment",
                f"Pays {minor_to_decimal(ctx.target, cur)} {cur} of "
                f"{minor_to_decimal(sum(int(self.remaining[r]) for r in rows), cur)} {cur}; "
                "the rest stays open.",
                paid=str(minor_to_decimal(ctx.target, cur)),
            )
        ]
        lines = self._lines(ctx, chosen, amounts, [0] * len(chosen), differences, referenced, 0)
        return lines, DifferenceAction.PARTIAL, 0, reasons, 0.9

    def _lines(
        self,
        ctx: _Context,
        rows: Sequence[int],
        amounts: list[int],
        taken: list[int],
        differences: list[int],
        referenced: set[int],
        over: int,
    ) -> list[_Line]:
        if ctx.fx:
            spent = ctx.amount
            if over:
                # The excess's share of the payment, rounded half up on integers.
                spent = ctx.amount - (2 * ctx.amount * over + ctx.target) // (2 * ctx.target)
            weights = [a if a > 0 else 0 for a in amounts]
            if sum(weights) == 0 or spent <= 0:
                sources = [0] * len(rows)
            else:
                parts = allocate(from_minor(spent, ctx.currency), weights)
                sources = [to_minor(p) for p in parts]
        else:
            sources = list(amounts)
        return [
            _Line(row, amounts[i], taken[i], differences[i], sources[i], row in referenced)
            for i, row in enumerate(rows)
        ]

    def _commit(self, lines: Sequence[_Line], action: DifferenceAction) -> None:
        for line in lines:
            cleared = line.amount + line.discount
            if action in (
                DifferenceAction.WRITE_OFF,
                DifferenceAction.BANK_FEE,
                DifferenceAction.FX_DIFFERENCE,
            ):
                cleared += max(line.difference, 0)
            if cleared > self.remaining[line.row]:  # pragma: no cover - guarded by construction
                raise OverApplicationError(
                    self.items.number[line.row], cleared, int(self.remaining[line.row])
                )
            self.remaining[line.row] -= cleared

    def _finish(
        self,
        ctx: _Context,
        lines: list[_Line],
        action: DifferenceAction,
        extra: list[tuple[str, str, dict[str, Any]]],
        confidence: float,
        unique: bool,
        alternatives: tuple[tuple[tuple[int, ...], int, float, str | None], ...],
    ) -> _Draft:
        reasons = ctx.reasons + extra
        confidence = max(0.0, min(1.0, round(confidence, 4)))
        if unique and ctx.hold:
            outcome = MatchOutcome.PROPOSED
            reasons.append(
                _reason(
                    "named_item_not_payable",
                    "The remittance names only items this payment cannot pay; the amount "
                    "match is for a person to confirm.",
                )
            )
        elif unique and confidence >= float(self.policy.auto_apply_confidence):
            outcome = MatchOutcome.APPLIED
            self._commit(lines, action)
        else:
            outcome = MatchOutcome.PROPOSED
            if unique:
                reasons.append(
                    _reason(
                        "confidence_below_threshold",
                        f"Confidence {confidence:.2f} is below {self.policy.auto_apply_confidence}; proposed.",
                        confidence=confidence,
                    )
                )
        if outcome is MatchOutcome.PROPOSED and not alternatives and lines:
            rows = tuple(line.row for line in lines)
            total = sum(int(self.remaining[r]) for r in rows)
            alternatives = ((rows, total, confidence, ctx.customer),)
        spent = sum(line.source for line in lines)
        return _Draft(
            ctx.position,
            outcome,
            ctx.customer,
            ctx.match_currency,
            tuple(lines),
            action,
            ctx.amount - spent,
            confidence,
            tuple(reasons),
            alternatives,
            (),
            None,
        )

    def _score(
        self,
        ctx: _Context,
        rows: Sequence[int],
        total: int,
        referenced: set[int],
        ages: Mapping[int, float],
    ) -> float:
        policy = self.policy
        share = sum(1 for r in rows if r in referenced) / len(rows) if rows else 0.0
        closeness = 1.0 - min(1.0, abs(total - ctx.target) / max(ctx.target, 1))
        age = sum(ages.get(r, 0.0) for r in rows) / len(rows) if rows else 0.0
        return round(
            float(policy.reference_weight) * share
            + float(policy.amount_weight) * closeness
            + float(policy.age_weight) * age,
            4,
        )

    def _settle_because(
        self, ctx: _Context, rows: Sequence[int], refs: set[int], code: str, message: str
    ) -> tuple[list[_Line], DifferenceAction, list[tuple[str, str, dict[str, Any]]], float]:
        """:meth:`_settle` the ``rows``, the rule that chose them (``code``) as first reason."""
        lines, action, _, extra_reasons, fit = self._settle(ctx, rows, refs)
        extra_reasons.insert(0, _reason(code, message, items=[self.items.number[r] for r in rows]))
        return lines, action, extra_reasons, fit

    def _by_reference(
        self, ctx: _Context, referenced: list[int], same: np.ndarray, fuzzy: bool
    ) -> _Draft:
        refs = set(referenced)
        gross = sum(int(self.remaining[r]) for r in referenced)
        if ctx.target > gross:
            # More than the referenced items: is the excess exactly other items?
            others = [r for r in same.tolist() if r not in refs][: self.policy.max_search_items]
            extra = ctx.target - gross
            if others:
                found = subsets_summing_to(
                    self.remaining[others],
                    extra,
                    max_items=max(1, self.policy.max_items - len(referenced)),
                    max_work=self.policy.max_work,
                    limit=2,
                )
                if len(found.subsets) == 1 and found.complete:
                    rows = referenced + [others[i] for i in found.subsets[0]]
                    rows.sort(key=lambda r: (int(self.items.due[r]), self.items.number[r]))
                    lines, action, extra_reasons, fit = self._settle_because(
                        ctx,
                        rows,
                        refs,
                        "referenced_and_amount",
                        "The referenced items plus exactly one set of other items make the payment.",
                    )
                    return self._finish(
                        ctx,
                        lines,
                        action,
                        extra_reasons,
                        ctx.confidence * 0.95 * fit,
                        True,
                        (),
                    )
        lines, action, _, extra_reasons, fit = self._settle(ctx, referenced, refs)
        unique = True
        alternatives: tuple[tuple[tuple[int, ...], int, float, str | None], ...] = ()
        if action is DifferenceAction.PARTIAL and len(referenced) > 1:
            found = subsets_summing_to(
                self.remaining[referenced],
                ctx.target,
                max_items=self.policy.max_items,
                max_work=self.policy.max_work,
                limit=5,
            )
            if len(found.subsets) == 1 and found.complete:
                rows = [referenced[i] for i in found.subsets[0]]
                lines, action, extra_reasons, fit = self._settle_because(
                    ctx,
                    rows,
                    refs,
                    "referenced_subset",
                    "Exactly one set of the referenced items makes the payment.",
                )
            else:
                unique = False
                alternatives = tuple(
                    (tuple(referenced[i] for i in subset), total, 1.0, ctx.customer)
                    for subset, total in zip(found.subsets, found.totals, strict=True)
                )
                extra_reasons.append(
                    _reason(
                        "referenced_partial_ambiguous",
                        "The payment covers only part of the referenced items; which part is for a person to say.",
                        items=[self.items.number[r] for r in referenced],
                    )
                )
        return self._finish(
            ctx,
            lines,
            action,
            extra_reasons,
            ctx.confidence * (0.9 if fuzzy and fit < 1.0 else 1.0) * fit,
            unique,
            alternatives,
        )

    def _by_amount(self, ctx: _Context, same: np.ndarray) -> _Draft:
        """No usable reference: the amount alone, exact first, then within the tolerances."""
        policy, items = self.policy, self.items
        every = same.tolist()
        rows = every[: policy.max_search_items]
        truncated = len(every) > len(rows)
        ages = {r: 1.0 - i / max(len(every), 1) for i, r in enumerate(every)}
        values = self.remaining[rows]
        every_values = self.remaining[same]
        target = ctx.target

        def earned(candidates: list[int]) -> np.ndarray:
            chosen = np.asarray(candidates, dtype=np.int64)
            untouched = self.remaining[chosen] == items.original[chosen]
            units = np.where(
                untouched & (items.discount_until[chosen] >= ctx.pay_day),
                items.discount[chosen],
                0,
            )
            if items.tiers:
                for position, row in enumerate(candidates):
                    if row in items.tiers:
                        units[position] = (
                            items.discount_units(row, ctx.pay_day) if untouched[position] else 0
                        )
            return units

        # Stage 1: sets that make the payment exactly, gross or net of earned discounts.
        # Single items are checked among all the customer's items, sets among the oldest.
        found = subsets_summing_to(
            values, target, max_items=policy.max_items, max_work=policy.max_work, limit=20
        )
        complete = found.complete
        sets: dict[tuple[int, ...], int] = {
            tuple(rows[i] for i in subset): total
            for subset, total in zip(found.subsets, found.totals, strict=True)
        }
        for i in np.flatnonzero(every_values == target).tolist():
            sets[(every[i],)] = target
        discounts = earned(rows)
        if discounts.any():
            net = subsets_summing_to(
                values - discounts,
                target,
                max_items=policy.max_items,
                max_work=policy.max_work,
                limit=20,
            )
            complete = complete and net.complete
            for subset in net.subsets:
                if any(discounts[i] for i in subset):
                    sets[tuple(rows[i] for i in subset)] = int(values[list(subset)].sum())
        if truncated:
            every_discounts = earned(every)
            for i in np.flatnonzero(
                (every_discounts > 0) & (every_values - every_discounts == target)
            ).tolist():
                sets[(every[i],)] = int(every_values[i])
        if sets:
            only = next(iter(sets))
            unique = len(sets) == 1 and complete and (not truncated or len(only) == 1)
            return self._choose(ctx, sets, ages, unique, exact=True)
        # Stage 2: within the tolerances, narrowest window first; the fewest items decide.
        below = policy.overpayment_units(target, ctx.digits)
        windows = [policy.write_off_units(target, ctx.digits)]
        windows.append(
            max(policy.bank_fee_units(ctx.digits), policy.deduction_units(target, ctx.digits))
        )
        if ctx.fx:
            below = max(below, policy.fx_units(target))
            windows = [max(w, policy.fx_units(target)) for w in windows]
        tried: set[tuple[int, int]] = set()
        for above in windows:
            if (below, above) in tried or (below == 0 and above == 0):
                continue
            tried.add((below, above))
            found = subsets_summing_to(
                values,
                target,
                below=below,
                above=above,
                max_items=policy.max_items,
                max_work=policy.max_work,
                limit=20,
            )
            window_sets = {
                tuple(rows[i] for i in subset): total
                for subset, total in zip(found.subsets, found.totals, strict=True)
            }
            inside = (every_values >= target - below) & (every_values <= target + above)
            for i in np.flatnonzero(inside).tolist():
                window_sets[(every[i],)] = int(every_values[i])
            if not window_sets:
                continue
            # Within a tolerance, sums of several items meet by chance too often to be
            # trusted without a reference: only one single item in the narrowest
            # (write-off) window is applied; anything else is proposed.
            singles = [chosen for chosen in window_sets if len(chosen) == 1]
            unique = above == windows[0] and len(singles) == 1
            order = np.argsort(np.abs(every_values - target), kind="stable")[:3].tolist()
            near = [(every[i], int(every_values[i])) for i in order]
            return self._choose(ctx, window_sets, ages, unique, exact=False, nearest=near)
        total_open = int(every_values.sum())
        if target > total_open:
            lines, action, _, extra, fit = self._settle(ctx, every, set())
            extra.insert(
                0, _reason("all_items_paid", "The payment covers everything the customer has open.")
            )
            return self._finish(ctx, lines, action, extra, ctx.confidence * 0.9 * fit, True, ())
        lines, action, _, extra, _ = self._partial(ctx, rows, set())
        extra.insert(
            0,
            _reason(
                "no_amount_match",
                "No set of open items matches the amount; oldest first is proposed.",
            ),
        )
        # A partial payment or an overpayment of one item is the likeliest story:
        # the items nearest in amount come first, then the oldest-first allocation.
        distance = np.abs(every_values - target)
        nearest = np.argsort(distance, kind="stable")[: max(self.policy.max_alternatives - 1, 1)]
        alternatives = (
            *tuple(
                (
                    (every[i],),
                    int(every_values[i]),
                    round(0.5 * (1.0 - min(1.0, int(distance[i]) / max(target, 1))), 4),
                    ctx.customer,
                )
                for i in nearest.tolist()
            ),
            (tuple(line.row for line in lines), target, 0.25, ctx.customer),
        )
        return self._finish(ctx, lines, action, extra, ctx.confidence * 0.5, False, alternatives)

    def _choose(
        self,
        ctx: _Context,
        sets: Mapping[tuple[int, ...], int],
        ages: Mapping[int, float],
        unique: bool,
        *,
        exact: bool,
        nearest: Sequence[tuple[int, int]] = (),
    ) -> _Draft:
        """Settle the best of the candidate ``sets``; apply it only if it is the only one.

        ``nearest`` (row, open) are single items nearest in amount, interleaved
        with the sets among the alternatives when none of the sets is a single
        item: a partial payment or an overpayment of one invoice is as likely a
        story as a chance sum of several.
        """
        target = ctx.target
        ranked = sorted(
            sets.items(),
            key=lambda kv: (
                len(kv[0]),
                abs(kv[1] - target),
                -sum(ages[r] for r in kv[0]) / len(kv[0]),
                kv[0],
            ),
        )
        listed = ranked
        if nearest and all(len(chosen) > 1 for chosen, _ in ranked):
            singles = [((row,), total) for row, total in nearest if (row,) not in sets]
            listed = [
                candidate
                for pair in itertools.zip_longest(ranked, singles)
                for candidate in pair
                if candidate is not None
            ]
        alternatives = tuple(
            (chosen, total, self._score(ctx, chosen, total, set(), ages), ctx.customer)
            for chosen, total in listed[: self.policy.max_alternatives]
        )
        best = list(ranked[0][0])
        best.sort(key=lambda r: (int(self.items.due[r]), self.items.number[r]))
        lines, action, _, extra, fit = self._settle(ctx, best, set())
        names = [self.items.number[r] for r in best]
        if unique:
            extra.insert(
                0,
                _reason(
                    "amount_unique" if exact else "amount_unique_within_tolerance",
                    "Exactly one set of open items matches the amount"
                    + ("." if exact else ", within the tolerance."),
                    items=names,
                ),
            )
            factor = (0.95 if len(best) == 1 else 0.9) * (1.0 if exact else 0.95)
        elif len(ranked) == 1:
            # One set, but outside the write-off window, of several items within a
            # tolerance, or from a search that was cut short: a person confirms it.
            extra.insert(
                0,
                _reason(
                    "amount_match_unconfirmed",
                    "One set of open items matches the amount, not surely enough to apply "
                    "it; a person confirms.",
                    items=names,
                ),
            )
            factor = 0.6
        else:
            same_amount = len({total for _, total in ranked}) == 1 and all(
                len(chosen) == 1 for chosen, _ in ranked
            )
            extra.insert(
                0,
                _reason(
                    "same_amount_ambiguous" if same_amount else "amount_ambiguous",
                    f"{len(sets)} sets of open items match the amount; a person chooses.",
                    candidates=len(sets),
                ),
            )
            factor = 0.5
        return self._finish(
            ctx, lines, action, extra, ctx.confidence * factor * fit, unique, alternatives
        )

    def _suggested_items(
        self, amount: int, currency: str, suggestions: Sequence[tuple[str, float]]
    ) -> tuple[tuple[tuple[int, ...], int, float, str | None], ...]:
        found: list[tuple[tuple[int, ...], int, float, str | None]] = []
        for customer, score in suggestions[:3]:
            rows = self.by_customer.get(customer)
            if rows is None:
                continue
            for row in rows.tolist():
                if int(self.remaining[row]) == amount and self.items.currency[row] == currency:
                    found.append(((row,), amount, round(score, 4), customer))
        return tuple(found[: self.policy.max_alternatives])

    def _draft(
        self,
        position: int,
        outcome: MatchOutcome,
        customer: str | None,
        currency: str,
        reasons: list[tuple[str, str, dict[str, Any]]],
        *,
        confidence: float,
        duplicate_of: int | None = None,
        suggestions: tuple[tuple[str, float], ...] = (),
        alternatives: tuple[tuple[tuple[int, ...], int, float, str | None], ...] = (),
    ) -> _Draft:
        return _Draft(
            position,
            outcome,
            customer,
            currency,
            (),
            DifferenceAction.NONE,
            int(self.payments.amount[position]),
            round(confidence, 4),
            tuple(reasons),
            alternatives,
            suggestions,
            duplicate_of,
        )


class _Context(NamedTuple):
    position: int
    customer: str
    currency: str
    match_currency: str
    amount: int
    target: int
    fx: bool
    pay_day: int
    digits: int
    confidence: float
    reasons: list[tuple[str, str, dict[str, Any]]]
    hold: bool = False


def match(
    payments: Any,
    open_items: Any,
    *,
    customers: Any = None,
    policy: MatchPolicy | None = None,
    as_of: dt.date,
    rates: RateTable | None = None,
    progress: Progress | None = None,
) -> CashApplicationResult:
    """Match ``payments`` to ``open_items`` under ``policy``; one decision per payment.

    ``payments``, ``open_items`` and ``customers`` are domain objects or
    columns (see :mod:`receivables.cashapp.columns`). Payments received after
    ``as_of`` are rejected and items issued after it are left out: the run
    must not see the future. ``rates``
    enables payments in a currency other than the items'. ``progress`` (a
    callable or an object with ``update(n)``, e.g. tqdm) hears about every
    thousand payments.

    >>> import datetime as dt
    >>> result = match({"id": ["P1"], "amount": [5000], "currency": ["USD"],
    ...                 "received_date": ["2026-03-02"], "customer_id": ["C1"]},
    ...                {"number": ["A-1", "A-2"], "customer_id": ["C1", "C1"],
    ...                 "open": [5000, 5000], "currency": ["USD", "USD"],
    ...                 "due_date": ["2026-02-01", "2026-03-01"]}, as_of=dt.date(2026, 3, 2))
    >>> result.decisions[0].outcome, [c.items for c in result.decisions[0].alternatives]
    (<MatchOutcome.PROPOSED: 'proposed'>, [('A-1',), ('A-2',)])
    """
    policy = MatchPolicy() if policy is None else policy
    if not isinstance(policy, MatchPolicy):
        raise ValidationError("policy", policy, "a MatchPolicy")
    if isinstance(as_of, dt.datetime) or not isinstance(as_of, dt.date):
        raise ValidationError("as_of", as_of, "a datetime.date")
    if rates is not None and not isinstance(rates, RateTable):
        raise ValidationError("rates", rates, "a receivables.money.RateTable or None")
    payment_rows = payment_table(payments)
    items = item_table(open_items)
    people = customer_table(customers)
    late = np.flatnonzero(payment_rows.received > day_number(as_of))
    if late.size:
        first = int(late[0])
        raise ValidationError(
            f"payments[{first}].received_date",
            payment_rows.ids[first],
            f"a payment received on or before as_of {as_of.isoformat()}",
        )
    tick = reporter(progress)
    engine = _Engine(payment_rows, items, people, policy, rates, day_number(as_of))
    order = sorted(
        range(len(payment_rows)), key=lambda p: (int(payment_rows.received[p]), payment_rows.ids[p])
    )
    references = [
        extract_references(text, min_length=policy.reference_min_length)
        for text in payment_rows.remittance
    ]
    who = engine.identify(references)
    repeated = duplicates(
        [
            payer_key(
                payment_rows.customer_id[p],
                payment_rows.payer_account[p],
                payment_rows.payer_name[p],
            )
            for p in order
        ],
        [int(payment_rows.amount[p]) for p in order],
        [payment_rows.currency[p] for p in order],
        [int(payment_rows.received[p]) for p in order],
        [payment_rows.remittance[p] or payment_rows.bank_reference[p] for p in order],
        window_days=policy.duplicate_window_days,
        needs_reference=policy.duplicate_needs_reference,
        same_day=[
            "".join((payment_rows.payer_account[p] or "").split()).upper()
            if policy.duplicate_same_day and not payment_rows.remittance[p].strip()
            else ""
            for p in order
        ],
    )
    original_of = {
        order[step]: order[earlier] for step, earlier in enumerate(repeated) if earlier is not None
    }
    # Payments whose remittance names their customer's items exactly go first, so
    # an amount-only match never takes an invoice another payment names.
    named = [
        any(items.customer_id[row] == who[p].customer for row, _, _ in engine.hits(references[p]))
        for p in range(len(payment_rows))
    ]
    drafts: list[_Draft | None] = [None] * len(payment_rows)
    pending = 0
    for position in sorted(order, key=lambda p: not named[p]):
        drafts[position] = engine.decide(
            position, who[position], references[position], original_of.get(position)
        )
        pending += 1
        if pending == 1000:
            tick(pending)
            pending = 0
    tick(pending)
    return CashApplicationResult(
        policy, payment_rows, items, tuple(d for d in drafts if d is not None)
    )
