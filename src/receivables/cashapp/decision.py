"""What was decided for each payment, how surely, and why?

The records of cash application: a :class:`MatchDecision` per payment with
its :class:`MatchOutcome`, the :class:`MatchLine` s it applies or proposes,
what was done with the difference (:class:`DifferenceAction`), the
:class:`Candidate` sets and :class:`CustomerSuggestion` s a person chooses
from, and the compact :class:`Draft` the engine keeps until a decision is
asked for (a bulk run of a million payments never builds a million objects).

>>> MatchOutcome("applied") is MatchOutcome.APPLIED
True
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any, NamedTuple

import attrs

from receivables.decisions import Reason
from receivables.errors import ValidationError
from receivables.money import Money, from_minor

__all__ = [
    "Candidate",
    "Clue",
    "CustomerSuggestion",
    "DifferenceAction",
    "Draft",
    "DraftLine",
    "MatchDecision",
    "MatchLine",
    "MatchOutcome",
    "clue",
]

Clue = tuple[str, str, dict[str, Any]]
"""A reason as the engine keeps it: (code, message, data)."""


def clue(code: str, message: str, **data: Any) -> Clue:
    """A reason as the engine keeps it until a :class:`~receivables.decisions.Reason` is built.

    >>> clue("amount_exact", "The payment equals the open amount.", amount="5.00")
    ('amount_exact', 'The payment equals the open amount.', {'amount': '5.00'})
    """
    return (code, message, data)


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


class DraftLine(NamedTuple):
    """One line of a draft: item row, applied, discount, difference, source units, referenced."""

    row: int
    amount: int
    discount: int
    difference: int
    source: int
    referenced: bool


class Draft(NamedTuple):
    """What the engine decided for one payment, as plain values (:class:`MatchDecision` is built from it)."""

    payment: int
    outcome: MatchOutcome
    customer: str | None
    currency: str
    lines: tuple[DraftLine, ...]
    action: DifferenceAction
    unapplied: int
    confidence: float
    reasons: tuple[Clue, ...]
    alternatives: tuple[tuple[tuple[int, ...], int, float, str | None], ...]
    suggestions: tuple[tuple[str, float], ...]
    duplicate_of: int | None
