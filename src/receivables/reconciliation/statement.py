"""What explains the difference between their balance and ours, to the cent?

A :class:`Reconciliation` starts from both balances and lists every
:class:`Difference` between them, each with its class, amount, lines,
reasons and policy; agreed lines are :class:`Match` es. Construction checks
that ``our balance + Σ differences = their balance``.

>>> DifferenceKind("timing").is_open
True
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from receivables.decisions import Reason
from receivables.errors import ValidationError
from receivables.money import Money, from_minor, to_minor
from receivables.reconciliation.lines import AccountLine

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Difference", "DifferenceKind", "Match", "MatchKind", "Reconciliation"]


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

        >>> from receivables.reconciliation import reconcile
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

        >>> from receivables.money import money
        >>> from receivables.reconciliation import reconcile
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

        >>> from receivables.reconciliation import reconcile
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

        >>> from receivables.money import money
        >>> from receivables.reconciliation import reconcile
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

        >>> from receivables.reconciliation import reconcile
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
