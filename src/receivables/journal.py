"""Which accounts move, by how much, when a receivable decision moves money?

A :class:`JournalEntry` is a balanced set of :class:`JournalLine` s: debits
equal credits to the last minor unit in each currency, checked on
construction. Account codes come from an :class:`AccountMap` the caller
provides (the chart of accounts is the host's, never ours), keyed by the
role an account plays (``receivables``, ``cash``, ``discounts_allowed``...).

The journal sits on the domain floor because several engines post entries
(provisions, late charges, write-offs, refunds, cash application); each engine
builds its entries with :func:`entry` and the roles it needs.

>>> from receivables.money import money
>>> accounts = AccountMap({"cash": "1100", "receivables": "1200"})
>>> e = entry(dt.date(2026, 3, 1), "Payment P1 applied to INV-1", accounts,
...           debits=[("cash", money("100.00", "USD"))],
...           credits=[("receivables", money("100.00", "USD"))])
>>> [(line.account, line.debit, line.credit) for line in e.lines]
[('1100', Money('100.00', 'USD'), Money('0.00', 'USD')), ('1200', Money('0.00', 'USD'), Money('100.00', 'USD'))]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType

import attrs

from receivables.decisions import Reason
from receivables.errors import ValidationError
from receivables.money import Money, to_minor, zero

__all__ = [
    "STANDARD_ROLES",
    "AccountMap",
    "JournalEntry",
    "JournalLine",
    "entry",
]

STANDARD_ROLES: tuple[str, ...] = (
    "allowance",  # allowance for doubtful accounts (contra-asset)
    "bad_debt_expense",
    "bank_fees",
    "cash",
    "customer_credits",  # customer credit balances / unapplied cash (liability)
    "discounts_allowed",
    "fee_income",
    "fx_gain",
    "fx_loss",
    "interest_income",
    "receivables",
    "recoveries",
    "refunds_payable",
    "short_pay_write_off",
    "small_balance_write_off",
)
"""Roles the engines post to; a host maps the ones it uses to its own account codes."""


def _frozen_accounts(value: Mapping[str, str]) -> Mapping[str, str]:
    accounts = dict(value)
    for role, code in accounts.items():
        if not isinstance(role, str) or not role:
            raise ValidationError("account_map.role", role, "a non-empty role name")
        if not isinstance(code, str) or not code.strip():
            raise ValidationError(f"account_map.{role}", code, "a non-empty account code")
    return MappingProxyType(accounts)


@attrs.frozen
class AccountMap:
    """The host's account code for each role the engines post to.

    >>> AccountMap({"cash": "1100"}).code("receivables")
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: account_map.receivables: got None; expected an account code for role 'receivables' in the AccountMap
    """

    accounts: Mapping[str, str] = attrs.field(converter=_frozen_accounts)

    def code(self, role: str) -> str:
        """The account code mapped to ``role``, or a clear error naming the missing role."""
        try:
            return self.accounts[role]
        except KeyError:
            raise ValidationError(
                f"account_map.{role}", None, f"an account code for role {role!r} in the AccountMap"
            ) from None

    def __hash__(self) -> int:
        return hash(tuple(sorted(self.accounts.items())))


@attrs.frozen(kw_only=True)
class JournalLine:
    """One line: an account, a debit or a credit (the other is zero), and a memo."""

    account: str
    debit: Money
    credit: Money
    memo: str = ""
    customer_id: str | None = None
    document: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.debit.code != self.credit.code:
            raise ValidationError("journal_line.credit", self.credit, f"a {self.debit.code} amount")
        if self.debit.amount < 0 or self.credit.amount < 0:
            raise ValidationError(
                "journal_line", (self.debit, self.credit), "non-negative debit and credit"
            )
        if (self.debit.amount == 0) == (self.credit.amount == 0):
            raise ValidationError(
                "journal_line", (self.debit, self.credit), "exactly one of debit or credit non-zero"
            )

    @property
    def currency(self) -> str:
        """The line's currency code."""
        return self.debit.code


def _lines(value: Iterable[JournalLine]) -> tuple[JournalLine, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class JournalEntry:
    """A balanced double entry: per currency, total debits equal total credits.

    ``reasons`` carries the decision's reasons, so the entry explains itself.
    """

    date: dt.date
    memo: str
    lines: tuple[JournalLine, ...] = attrs.field(converter=_lines)
    reasons: tuple[Reason, ...] = ()
    source: str | None = None

    def __attrs_post_init__(self) -> None:
        if isinstance(self.date, dt.datetime) or not isinstance(self.date, dt.date):
            raise ValidationError("journal_entry.date", self.date, "a datetime.date")
        if len(self.lines) < 2:
            raise ValidationError("journal_entry.lines", len(self.lines), "at least two lines")
        for currency, (debits, credits) in self.totals_units().items():
            if debits != credits:
                raise ValidationError(
                    "journal_entry.lines",
                    f"{currency} debits {debits} != credits {credits} (minor units)",
                    "balanced lines: debits equal credits in every currency",
                )

    def totals_units(self) -> dict[str, tuple[int, int]]:
        """Debits and credits per currency, in integer minor units."""
        totals: dict[str, tuple[int, int]] = {}
        for line in self.lines:
            debit, credit = totals.get(line.currency, (0, 0))
            totals[line.currency] = (debit + to_minor(line.debit), credit + to_minor(line.credit))
        return totals

    def total_debits(self, currency: str) -> Money:
        """The sum of debits in ``currency``."""
        return sum((line.debit for line in self.lines if line.currency == currency), zero(currency))

    def total_credits(self, currency: str) -> Money:
        """The sum of credits in ``currency``."""
        return sum(
            (line.credit for line in self.lines if line.currency == currency), zero(currency)
        )


Posting = tuple[str, Money]
"""A role and a positive amount, as :func:`entry` takes them."""


def entry(
    date: dt.date,
    memo: str,
    accounts: AccountMap,
    *,
    debits: Sequence[Posting],
    credits: Sequence[Posting],
    reasons: Sequence[Reason] = (),
    source: str | None = None,
    customer_id: str | None = None,
    document: str | None = None,
) -> JournalEntry:
    """Build a balanced entry from (role, amount) debits and credits; zero amounts are dropped.

    Raises :class:`~receivables.errors.ValidationError` when the sides do not
    balance or a role has no account in ``accounts``.
    """
    lines: list[JournalLine] = []
    for side, postings in (("debit", debits), ("credit", credits)):
        for role, amount in postings:
            if amount.amount == 0:
                continue
            if amount.amount < 0:
                raise ValidationError(f"{side}s[{role}]", amount, "a positive amount")
            nothing = zero(amount.code)
            lines.append(
                JournalLine(
                    account=accounts.code(role),
                    debit=amount if side == "debit" else nothing,
                    credit=amount if side == "credit" else nothing,
                    memo=memo,
                    customer_id=customer_id,
                    document=document,
                )
            )
    return JournalEntry(date=date, memo=memo, lines=lines, reasons=tuple(reasons), source=source)
