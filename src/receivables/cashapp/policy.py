"""How sure must cash application be, and what may it do with a difference?

A :class:`MatchPolicy` is data: an ``id`` and ``version`` that every decision
records, the tolerances that decide what happens to a difference between a
payment and the invoices it pays, the thresholds for naming a customer from
a fuzzy name, the weights that rank candidates, and the bounds on the work
spent per payment.

The difference ladder, checked in this order once the invoices are chosen
(choose first, apply the tolerance after; issue 4):

1. an early-payment discount earned inside its window (the invoice's
   ``discounts``) is taken, as Odoo's *cash discount* reconciliation does;
2. a short payment up to ``write_off_amount`` and ``write_off_percent`` of
   the invoices (the smaller of the two) is written off, as Odoo's
   reconciliation-model "payment tolerance" (amount or percentage) allows;
3. a short payment up to ``bank_fee_amount`` is booked as a bank fee;
4. a short payment up to ``deduction_amount`` and ``deduction_percent`` is
   kept open on the invoice as a deduction, with a reason code, for the
   deductions team;
5. anything larger is a partial payment; the invoice stays open.

An overpayment up to ``overpayment_amount`` / ``overpayment_percent`` over a
set of invoices still lets the set be chosen by amount; the excess is left on
account. A payment in another currency is compared after conversion with the
caller's :class:`~receivables.money.RateTable`, and a difference up to
``fx_percent`` is an FX difference.

A remittance naming one customer's invoices identifies that customer when
the payer name, if any, scores at least ``reference_name_threshold`` against
it; a payer name that disagrees (someone paying on another's behalf, or a
mistyped reference that hit another customer's invoice) only proposes,
unless the remittance also writes that customer's name (a holding or a
factor paying "on behalf of" it): then it is applied and flagged.

When the rules above name nobody, the evidence is weighed jointly (see
:mod:`receivables.cashapp.evidence`): each (customer, items) pair gets points
from every clue, and the best is taken only when it has at least
``joint_threshold`` points and beats the runner-up by ``joint_margin``.

A payment without remittance from the same payer account, of the same
amount, on the same day as an earlier one is that payment sent twice
(``duplicate_same_day``), whatever their bank references say.

Amounts are major units of the payment's currency (``Decimal("5")`` is 5.00
USD or 5 JPY); percentages are of the invoices' open total.

>>> policy = MatchPolicy(write_off_amount=Decimal("2.50"))
>>> policy.write_off_units(100_000, 2)   # 1,000.00 open: min(2.50, 0.5 % = 5.00)
250
>>> MatchPolicy(max_items=9)
Traceback (most recent call last):
...
receivables.errors.PolicyError: match_policy.max_items: got 9; expected an int from 1 to 8
"""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal
from typing import Any

import attrs

from receivables.decisions import check_policy_identity
from receivables.errors import PolicyError

__all__ = ["MatchPolicy"]


def _check_decimal(name: str, value: object, low: Decimal, high: Decimal | None = None) -> None:
    expected = (
        f"a Decimal from {low} to {high}" if high is not None else f"a Decimal of {low} or more"
    )
    if isinstance(value, bool) or not isinstance(value, Decimal) or not value.is_finite():
        raise PolicyError(f"match_policy.{name}", value, expected)
    if value < low or (high is not None and value > high):
        raise PolicyError(f"match_policy.{name}", value, expected)


def _check_int(name: str, value: object, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise PolicyError(f"match_policy.{name}", value, f"an int from {low} to {high}")


def _decimal(value: Any) -> Any:
    if isinstance(value, (int, str)) and not isinstance(value, bool):
        try:
            return Decimal(value)
        except ArithmeticError:
            return value
    return value


@attrs.frozen(kw_only=True)
class MatchPolicy:
    """The tolerances, thresholds, weights and search limits of cash application.

    Every field is a plain value so the policy round-trips through JSON
    (``receivables.interop``); ints and numeric strings are accepted for the
    Decimal fields, floats are not.

    >>> MatchPolicy(write_off_amount="2.50").write_off_amount
    Decimal('2.50')
    >>> MatchPolicy(write_off_amount=0.5)
    Traceback (most recent call last):
    ...
    receivables.errors.PolicyError: match_policy.write_off_amount: got 0.5; expected a Decimal of 0 or more
    """

    id: str = "cash-application"
    version: str = "1"
    write_off_amount: Decimal = attrs.field(default=Decimal("1.00"), converter=_decimal)
    write_off_percent: Decimal = attrs.field(default=Decimal("0.5"), converter=_decimal)
    bank_fee_amount: Decimal = attrs.field(default=Decimal("0"), converter=_decimal)
    deduction_amount: Decimal = attrs.field(default=Decimal("50"), converter=_decimal)
    deduction_percent: Decimal = attrs.field(default=Decimal("2"), converter=_decimal)
    overpayment_amount: Decimal = attrs.field(default=Decimal("0"), converter=_decimal)
    overpayment_percent: Decimal = attrs.field(default=Decimal("0"), converter=_decimal)
    fx_percent: Decimal = attrs.field(default=Decimal("2"), converter=_decimal)
    name_threshold: int = 88
    name_margin: int = 4
    suggestion_threshold: int = 60
    reference_name_threshold: int = 75
    auto_apply_confidence: Decimal = attrs.field(default=Decimal("0.80"), converter=_decimal)
    reference_weight: Decimal = attrs.field(default=Decimal("0.6"), converter=_decimal)
    amount_weight: Decimal = attrs.field(default=Decimal("0.3"), converter=_decimal)
    age_weight: Decimal = attrs.field(default=Decimal("0.1"), converter=_decimal)
    max_items: int = 5
    max_search_items: int = 24
    max_work: int = 200_000
    max_alternatives: int = 5
    reference_min_length: int = 3
    fuzzy_reference_min_length: int = 5
    reference_max_edits: int = 1
    duplicate_window_days: int = 7
    duplicate_needs_reference: bool = True
    duplicate_same_day: bool = True
    joint_threshold: int = 80
    joint_margin: int = 25
    workers: int = -1

    def __attrs_post_init__(self) -> None:
        check_policy_identity(self.id, self.version)
        zero = Decimal(0)
        hundred = Decimal(100)
        for name in (
            "write_off_amount",
            "bank_fee_amount",
            "deduction_amount",
            "overpayment_amount",
        ):
            _check_decimal(name, getattr(self, name), zero)
        for name in ("write_off_percent", "deduction_percent", "overpayment_percent", "fx_percent"):
            _check_decimal(name, getattr(self, name), zero, hundred)
        _check_decimal("auto_apply_confidence", self.auto_apply_confidence, zero, Decimal(1))
        for name in ("reference_weight", "amount_weight", "age_weight"):
            _check_decimal(name, getattr(self, name), zero, Decimal(1))
        if self.reference_weight + self.amount_weight + self.age_weight != 1:
            raise PolicyError(
                "match_policy.weights",
                (self.reference_weight, self.amount_weight, self.age_weight),
                "reference_weight + amount_weight + age_weight == 1",
            )
        _check_int("name_threshold", self.name_threshold, 1, 100)
        _check_int("name_margin", self.name_margin, 0, 100)
        _check_int("suggestion_threshold", self.suggestion_threshold, 1, 100)
        if self.suggestion_threshold > self.name_threshold:
            raise PolicyError(
                "match_policy.suggestion_threshold",
                self.suggestion_threshold,
                f"at most name_threshold ({self.name_threshold})",
            )
        _check_int("reference_name_threshold", self.reference_name_threshold, 0, 100)
        _check_int("max_items", self.max_items, 1, 8)
        _check_int("max_search_items", self.max_search_items, 1, 64)
        _check_int("max_work", self.max_work, 100, 10_000_000)
        _check_int("max_alternatives", self.max_alternatives, 1, 50)
        _check_int("reference_min_length", self.reference_min_length, 1, 20)
        _check_int("fuzzy_reference_min_length", self.fuzzy_reference_min_length, 2, 40)
        _check_int("reference_max_edits", self.reference_max_edits, 0, 2)
        _check_int("duplicate_window_days", self.duplicate_window_days, 0, 366)
        if not isinstance(self.duplicate_needs_reference, bool):
            raise PolicyError(
                "match_policy.duplicate_needs_reference",
                self.duplicate_needs_reference,
                "True or False",
            )
        if not isinstance(self.duplicate_same_day, bool):
            raise PolicyError(
                "match_policy.duplicate_same_day", self.duplicate_same_day, "True or False"
            )
        _check_int("joint_threshold", self.joint_threshold, 1, 300)
        _check_int("joint_margin", self.joint_margin, 0, 300)
        _check_int("workers", self.workers, -1, 1024)
        if self.workers == 0:
            raise PolicyError("match_policy.workers", 0, "-1 (all cores) or a positive count")

    def _units(self, amount: Decimal, percent: Decimal, open_units: int, digits: int) -> int:
        absolute = int((amount.scaleb(digits)).to_integral_value(rounding=ROUND_FLOOR))
        relative = int(
            (Decimal(open_units) * percent / 100).to_integral_value(rounding=ROUND_FLOOR)
        )
        return min(absolute, relative)

    def write_off_units(self, open_units: int, digits: int) -> int:
        """Largest short payment written off, in minor units, on ``open_units`` open.

        >>> MatchPolicy().write_off_units(10_000, 2)   # min(1.00, 0.5 % of 100.00)
        50
        """
        return self._units(self.write_off_amount, self.write_off_percent, open_units, digits)

    def deduction_units(self, open_units: int, digits: int) -> int:
        """Largest short payment kept as a deduction, in minor units.

        >>> MatchPolicy().deduction_units(100_000, 2)   # min(50.00, 2 % of 1,000.00)
        2000
        """
        return self._units(self.deduction_amount, self.deduction_percent, open_units, digits)

    def bank_fee_units(self, digits: int) -> int:
        """Largest short payment booked as a bank fee, in minor units.

        >>> MatchPolicy(bank_fee_amount=Decimal("25")).bank_fee_units(2)
        2500
        """
        return int(self.bank_fee_amount.scaleb(digits).to_integral_value(rounding=ROUND_FLOOR))

    def overpayment_units(self, open_units: int, digits: int) -> int:
        """Largest excess over the chosen invoices still matched by amount, in minor units.

        >>> MatchPolicy(overpayment_amount=Decimal("10"), overpayment_percent=Decimal("1")).overpayment_units(50_000, 2)
        500
        """
        return self._units(self.overpayment_amount, self.overpayment_percent, open_units, digits)

    def fx_units(self, open_units: int) -> int:
        """Largest FX difference accepted on ``open_units`` converted, in minor units.

        >>> MatchPolicy().fx_units(100_000)
        2000
        """
        return int((Decimal(open_units) * self.fx_percent / 100).to_integral_value(ROUND_FLOOR))
