"""What did cash application decide, as objects, ledger documents and tables?

A :class:`CashApplicationResult` holds every payment's decision in input
order and the views a host needs: the :class:`~receivables.cashapp.decision.MatchDecision`
objects, the ledger's :class:`~receivables.documents.Application` s and
:class:`~receivables.documents.Adjustment` s, the payments identified, and
a flat table (:meth:`~CashApplicationResult.columns`,
:meth:`~CashApplicationResult.rows`, :meth:`~CashApplicationResult.frame`)
that ties out to the bank total: every row carries its payment's amount and
what stayed unapplied.

>>> import datetime as dt
>>> from receivables.cashapp import match
>>> result = match({"id": ["P1"], "amount": [500], "currency": ["USD"],
...                 "received_date": ["2026-03-02"]}, {"number": [], "customer_id": [],
...                 "open": [], "currency": [], "due_date": []}, as_of=dt.date(2026, 3, 2))
>>> result.columns()["unapplied"]
[500]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

import attrs

from receivables.cashapp.columns import ItemTable, PaymentTable, minor_to_decimal
from receivables.cashapp.decision import (
    Candidate,
    CustomerSuggestion,
    DifferenceAction,
    Draft,
    MatchDecision,
    MatchLine,
    MatchOutcome,
)
from receivables.cashapp.policy import MatchPolicy
from receivables.decisions import Reason
from receivables.documents import Adjustment, Application, Direction, Payment
from receivables.errors import ValidationError
from receivables.money import Money, from_minor

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CashApplicationResult"]


@attrs.frozen
class CashApplicationResult:
    """Every payment's :class:`~receivables.cashapp.decision.MatchDecision`, in input order, and views for the ledger and notebooks.

    Decisions are built on first use from the engine's columnar records, so a
    bulk run that only needs :meth:`columns` never builds a million objects.

    >>> import datetime as dt
    >>> from receivables.cashapp import match
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
        >>> from receivables.cashapp import match
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
        >>> from receivables.cashapp import match
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
        >>> from receivables.cashapp import match
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

    def _decision(self, draft: Draft) -> MatchDecision:
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
        >>> from receivables.cashapp import match
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
        >>> from receivables.cashapp import match
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
        :func:`~receivables.cashapp.matching.match`, in the same order. A payment is kept when its decision names a
        customer and is neither a duplicate nor unidentified; its ``customer_id`` is
        set from the decision, ready for a ledger. Others are left out.

        >>> import datetime as dt
        >>> from receivables.cashapp import match
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
        >>> from receivables.cashapp import match
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
        >>> from receivables.cashapp import match
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
        >>> from receivables.cashapp import match
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
