"""Does the cash in the till match the receipts of the day, and if not, why and what do we book?

A cash count ("arqueo de caja") counts the notes and coins of a till at the
end of a day, denomination by denomination, and compares the total with what
the till should hold: its opening fund plus the cash receipts recorded that
day for that till. The difference is

    difference = counted - (opening fund + receipts)

so ``difference + receipts + opening fund == counted`` always, to the minor
unit (integer minor units throughout). A positive difference is a cash
*over*, a negative one a cash *short*; within the policy's tolerance it is
booked without an investigation.

The difference is explained where the numbers allow it: equal to one
receipt (a receipt recorded and not collected, or collected twice), or to a whole
number of one denomination (the policy's, else those counted; a note miscounted or given as
change). Those are hints for the cashier's supervisor, carried as reasons.

Its journal entry moves the difference between the till's cash and the
cash-over-and-short account (Weygandt, Kimmel & Kieso, *Accounting
Principles*, ch. "Fraud, Internal Control, and Cash": "Cash Over and Short"):
a shortage is ``Dr cash_over_short  Cr cash``; an overage ``Dr cash  Cr
cash_over_short``.

>>> from receivables.money import money
>>> count = count_cash({"50000": 3, "20000": 2, "1000": 5}, "COP",
...                    expected_receipts=[money("185000", "COP")], till="T1",
...                    day=dt.date(2026, 3, 2), opening_fund=money("10000", "COP"))
>>> count.counted, count.expected, count.difference, count.outcome
(Money('195000.00', 'COP'), Money('195000.00', 'COP'), Money('0.00', 'COP'), <CountOutcome.BALANCED: 'balanced'>)
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import attrs

from receivables.decisions import Reason, check_policy_identity
from receivables.errors import CurrencyMismatchError, PolicyError, ValidationError
from receivables.journal import AccountMap, JournalEntry, entry
from receivables.money import Money, currency_digits, from_minor, money, to_minor

__all__ = ["CashCount", "CashCountPolicy", "CountOutcome", "count_cash"]


def _items(field: str, value: object, error: type[ValidationError] = ValidationError) -> list[Any]:
    """``value`` as a list, or ``error`` when it is not a list-like of items."""
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise error(field, value, "a list (or other iterable) of items")
    return list(value)


class CountOutcome(enum.StrEnum):
    """How the till came out.

    >>> [member.value for member in CountOutcome]
    ['balanced', 'over', 'short']
    """

    BALANCED = "balanced"
    OVER = "over"
    SHORT = "short"


def _denominations(value: Mapping[str, Iterable[object]]) -> Mapping[str, tuple[Decimal, ...]]:
    if not isinstance(value, Mapping):
        raise PolicyError(
            "cash_count_policy.denominations", value, "a mapping of currency to denominations"
        )
    result: dict[str, tuple[Decimal, ...]] = {}
    for currency, items in value.items():
        field = f"cash_count_policy.denominations.{currency}"
        if isinstance(items, str) or not isinstance(items, Iterable):
            raise PolicyError(field, items, "a list of denominations such as ['50000', '20000']")
        values = tuple(money(item, currency, field=field).amount for item in items)
        if not values or any(v <= 0 for v in values) or len(set(values)) != len(values):
            raise PolicyError(field, items, "distinct positive denominations, at least one")
        result[currency] = tuple(sorted(values, reverse=True))
    return result


def _tolerances(value: Iterable[Money]) -> tuple[Money, ...]:
    result = tuple(_items("cash_count_policy.tolerances", value, PolicyError))
    seen: set[str] = set()
    for index, amount in enumerate(result):
        field = f"cash_count_policy.tolerances[{index}]"
        if not isinstance(amount, Money) or amount.amount < 0:
            raise PolicyError(field, amount, "a Money of 0 or more")
        if amount.code in seen:
            raise PolicyError(field, amount, "one tolerance per currency")
        seen.add(amount.code)
    return result


@attrs.frozen(kw_only=True)
class CashCountPolicy:
    """Which notes and coins a till takes, and which difference passes without investigation.

    ``denominations`` per currency (a currency not listed takes any
    positive denomination); ``tolerances`` at most one per currency.

    >>> from receivables.interop import structure
    >>> structure({"denominations": {"COP": ["100000", "50000"]}}, CashCountPolicy).denominations
    {'COP': (Decimal('100000.00'), Decimal('50000.00'))}
    >>> CashCountPolicy(denominations={"COP": ["0"]})
    Traceback (most recent call last):
    ...
    receivables.errors.PolicyError: cash_count_policy.denominations.COP: got ['0']; expected distinct positive denominations, at least one
    """

    id: str = attrs.field(default="cash-counts")
    version: str = attrs.field(default="1")
    denominations: Mapping[str, tuple[Decimal, ...]] = attrs.field(
        factory=dict, converter=_denominations
    )
    tolerances: tuple[Money, ...] = attrs.field(default=(), converter=_tolerances)

    def __attrs_post_init__(self) -> None:
        check_policy_identity(self.id, self.version)

    def tolerance_for(self, currency: str) -> Money:
        """The largest difference in ``currency`` booked without investigation.

        >>> from receivables.money import money
        >>> CashCountPolicy(tolerances=[money("500", "COP")]).tolerance_for("COP")
        Money('500.00', 'COP')
        """
        return next((t for t in self.tolerances if t.code == currency), from_minor(0, currency))


@attrs.frozen(kw_only=True)
class CashCount:
    """A till counted: counted vs expected, the difference, its explanation and its entry.

    >>> CashCount.__name__
    'CashCount'
    """

    till: str
    day: dt.date
    counted: Money
    expected: Money
    opening_fund: Money
    receipts: Money
    difference: Money
    outcome: CountOutcome
    within_tolerance: bool
    by_denomination: tuple[tuple[Decimal, int, Money], ...]
    reasons: tuple[Reason, ...]
    policy_id: str
    policy_version: str

    def journal_entry(self, accounts: AccountMap) -> JournalEntry | None:
        """The over-and-short entry of the difference; None when the till balanced.

        >>> from receivables.money import money
        >>> short = count_cash({"1000": 9}, "COP", expected_receipts=[money("10000", "COP")],
        ...                    till="T1", day=dt.date(2026, 3, 2))
        >>> e = short.journal_entry(AccountMap({"cash": "1105", "cash_over_short": "5295"}))
        >>> [(line.account, str(line.debit.amount), str(line.credit.amount)) for line in e.lines]
        [('5295', '1000.00', '0.00'), ('1105', '0.00', '1000.00')]
        """
        if self.outcome is CountOutcome.BALANCED:
            return None
        amount = abs(self.difference)
        over = self.outcome is CountOutcome.OVER
        return entry(
            self.day,
            f"Cash count {self.till} {self.day.isoformat()}: {self.outcome.value}",
            accounts,
            debits=[("cash" if over else "cash_over_short", amount)],
            credits=[("cash_over_short" if over else "cash", amount)],
            reasons=self.reasons,
            source=f"cash_count:{self.till}:{self.day.isoformat()}",
        )


def _explain(
    difference: int, receipts: list[int], pieces: Iterable[Decimal], currency: str
) -> list[Reason]:
    """Hints: the difference equals one receipt, or a whole number of one denomination."""
    hints: list[Reason] = []
    gap = abs(difference)
    if gap == 0:
        return hints
    if gap in receipts:
        hints.append(
            Reason(
                "difference_equals_a_receipt",
                f"The difference equals receipt #{receipts.index(gap) + 1}: "
                "recorded and not collected, or collected twice?",
                {
                    "receipt_index": receipts.index(gap),
                    "amount": str(from_minor(gap, currency).amount),
                },
            )
        )
    scale = 10 ** currency_digits(currency)
    for value in sorted(pieces, reverse=True):
        unit = int(value * scale)
        if unit and gap % unit == 0:
            count = gap // unit
            hints.append(
                Reason(
                    "difference_is_denomination",
                    f"The difference is {count} x {value} {currency}: a miscount or wrong change?",
                    {"denomination": str(value), "pieces": count},
                )
            )
            break
    return hints


def count_cash(
    counted: Mapping[str, int],
    currency: str,
    *,
    expected_receipts: Iterable[Money],
    till: str,
    day: dt.date,
    opening_fund: Money | None = None,
    policy: CashCountPolicy | None = None,
) -> CashCount:
    """Count a till: ``counted`` maps each denomination to its pieces.

    ``expected_receipts`` are the cash receipts the till recorded that day
    (the host selects them by till and day); all amounts in ``currency``.

    >>> from receivables.money import money
    >>> over = count_cash({"50000": 2}, "COP", expected_receipts=[money("80000", "COP")],
    ...                   till="T1", day=dt.date(2026, 3, 2))
    >>> over.difference, [r.code for r in over.reasons]
    (Money('20000.00', 'COP'), ['cash_over', 'difference_over_tolerance'])
    >>> count_cash({"700": 1}, "COP", expected_receipts=[], till="T1", day=dt.date(2026, 3, 2),
    ...            policy=CashCountPolicy(denominations={"COP": ["1000", "500"]}))
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: counted.700: got '700'; expected a COP denomination of the policy: 1000.00, 500.00
    """
    chosen = policy if policy is not None else CashCountPolicy()
    if not isinstance(chosen, CashCountPolicy):
        raise ValidationError("policy", policy, "a CashCountPolicy")
    if not isinstance(till, str) or not till.strip():
        raise ValidationError("till", till, "a non-empty till id")
    if isinstance(day, dt.datetime) or not isinstance(day, dt.date):
        raise ValidationError("day", day, "a datetime.date")
    if not isinstance(counted, Mapping):
        raise ValidationError("counted", counted, "a mapping of denomination to pieces")
    allowed = chosen.denominations.get(currency)
    lines: list[tuple[Decimal, int, Money]] = []
    total = 0
    for key, pieces in counted.items():
        value = money(key, currency, field=f"counted.{key}").amount
        if value <= 0 or (allowed is not None and value not in allowed):
            shown = ", ".join(str(v) for v in allowed) if allowed else "a positive amount"
            raise ValidationError(
                f"counted.{key}", str(key), f"a {currency} denomination of the policy: {shown}"
            )
        if isinstance(pieces, bool) or not isinstance(pieces, int) or pieces < 0:
            raise ValidationError(f"counted.{key}", pieces, "a whole number of pieces, 0 or more")
        subtotal = to_minor(money(value, currency)) * pieces
        total += subtotal
        lines.append((value, pieces, from_minor(subtotal, currency)))
    lines.sort(key=lambda line: line[0], reverse=True)
    fund = opening_fund if opening_fund is not None else from_minor(0, currency)
    if not isinstance(fund, Money) or fund.amount < 0:
        raise ValidationError("opening_fund", opening_fund, "a Money of 0 or more")
    if fund.code != currency:
        raise CurrencyMismatchError("count a till with", currency, fund.code)
    receipts: list[int] = []
    for index, receipt in enumerate(_items("expected_receipts", expected_receipts)):
        if not isinstance(receipt, Money) or receipt.amount <= 0:
            raise ValidationError(f"expected_receipts[{index}]", receipt, "a positive Money")
        if receipt.code != currency:
            raise CurrencyMismatchError("count a till with", currency, receipt.code)
        receipts.append(to_minor(receipt))
    expected = to_minor(fund) + sum(receipts)
    difference = total - expected
    tolerance = to_minor(chosen.tolerance_for(currency))
    data = {
        "till": till,
        "day": day.isoformat(),
        "counted": str(from_minor(total, currency).amount),
        "expected": str(from_minor(expected, currency).amount),
        "difference": str(from_minor(difference, currency).amount),
        "tolerance": str(from_minor(tolerance, currency).amount),
    }
    if difference == 0:
        outcome = CountOutcome.BALANCED
        first = Reason("cash_balanced", f"Till {till} holds what it should on {day}.", data)
    elif difference > 0:
        outcome = CountOutcome.OVER
        first = Reason(
            "cash_over", f"Till {till} holds {data['difference']} more than expected.", data
        )
    else:
        outcome = CountOutcome.SHORT
        first = Reason("cash_short", f"Till {till} is short by {data['difference'][1:]}.", data)
    values = allowed if allowed is not None else tuple(line[0] for line in lines)
    reasons = [first, *_explain(difference, receipts, values, currency)]
    within = abs(difference) <= tolerance
    if difference and not within:
        reasons.append(
            Reason(
                "difference_over_tolerance",
                f"The difference exceeds the tolerance of {data['tolerance']}: investigate.",
                data,
            )
        )
    return CashCount(
        till=till,
        day=day,
        counted=from_minor(total, currency),
        expected=from_minor(expected, currency),
        opening_fund=fund,
        receipts=from_minor(sum(receipts), currency),
        difference=from_minor(difference, currency),
        outcome=outcome,
        within_tolerance=within,
        by_denomination=tuple(lines),
        reasons=tuple(reasons),
        policy_id=chosen.id,
        policy_version=chosen.version,
    )
