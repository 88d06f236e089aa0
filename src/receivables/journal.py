"""Which accounts move, by how much, when a receivable decision moves money?

A :class:`JournalEntry` is a balanced set of :class:`JournalLine` s: debits
equal credits to the last minor unit in each currency, checked on
construction. Account codes come from an :class:`AccountMap` the caller
provides (the chart of accounts is the host's, never ours), keyed by the
role an account plays (``receivables``, ``cash``, ``discounts_allowed``...).

The journal sits on the domain floor because several engines post entries
(provisions, late charges, write-offs, refunds, cash application); each engine
builds its entries with :func:`entry` and the roles it needs, or with one of
the posting builders below. The builders take plain amounts (never an
engine's decision, since the journal sits below the engines) and return a
balanced entry; a decision that moves money calls them from its own
``journal_entry`` method.

The entries are the textbook ones (Weygandt, Kimmel & Kieso, *Accounting
Principles*, ch. "Accounting for Receivables": the Hampson Furniture write-off
and recovery of R. A. Ware's $500; ch. "Accounting for Merchandising
Operations": the 2/10 n/30 sales discount)::

    cash application   Dr cash (net of bank fee), bank_fees, discounts_allowed,
                          short_pay_write_off          Cr receivables, customer_credits
    bad-debt write-off Dr allowance (and bad_debt_expense beyond it)  Cr receivables
    direct write-off   Dr bad_debt_expense             Cr receivables
    small balance      Dr small_balance_write_off      Cr receivables  (a credit residue: reversed)
    recovery           Dr receivables  Cr allowance;   Dr cash  Cr receivables
    credit offset      Dr customer_credits             Cr receivables
    refund             Dr customer_credits             Cr cash (or refunds_payable)
    FX difference      Dr receivables  Cr fx_gain      (a loss: Dr fx_loss  Cr receivables)
    interest and fees  Dr receivables                  Cr interest_income, fee_income

:func:`adjustment_entry` books any :class:`~receivables.documents.Adjustment`
document with the entry its kind calls for.

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

import attrs

from receivables.decisions import ReadOnlyMapping, Reason
from receivables.documents import Adjustment, AdjustmentKind, Direction
from receivables.errors import ValidationError
from receivables.money import Money, money, to_minor, zero
from receivables.validators import check_items, identifier

__all__ = [
    "STANDARD_ROLES",
    "AccountMap",
    "JournalEntry",
    "JournalLine",
    "adjustment_entry",
    "bad_debt_write_off",
    "cash_application",
    "credit_offset",
    "direct_write_off",
    "entry",
    "fx_difference",
    "interest_and_fees",
    "recovery",
    "refund",
    "small_balance_write_off",
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
    if not isinstance(value, Mapping):
        raise ValidationError("account_map.accounts", value, "a mapping of role to account code")
    accounts = dict(value)
    for role, code in accounts.items():
        if not isinstance(role, str) or not role:
            raise ValidationError("account_map.role", role, "a non-empty role name")
        if not isinstance(code, str) or not code.strip():
            raise ValidationError(f"account_map.{role}", code, "a non-empty account code")
    return ReadOnlyMapping(accounts)


def _text(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str):
        raise ValidationError(f"{_OWNER[type(instance)]}.{attribute.name}", value, "a string")


def _optional_text(instance: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    if value is not None and not isinstance(value, str):
        raise ValidationError(
            f"{_OWNER[type(instance)]}.{attribute.name}", value, "a string or None"
        )


def _money(instance: object, attribute: attrs.Attribute[Money], value: object) -> None:
    if not isinstance(value, Money):
        raise ValidationError(f"journal_line.{attribute.name}", value, "a receivables.money.Money")


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
        """The account code mapped to ``role``, or a clear error naming the missing role.

        >>> AccountMap({"cash": "1100"}).code("cash")
        '1100'
        >>> AccountMap({"cash": "1100"}).code("allowance")
        Traceback (most recent call last):
        ...
        receivables.errors.ValidationError: account_map.allowance: got None; expected an account code for role 'allowance' in the AccountMap
        """
        try:
            return self.accounts[role]
        except (KeyError, TypeError):
            raise ValidationError(
                f"account_map.{role}", None, f"an account code for role {role!r} in the AccountMap"
            ) from None

    def __hash__(self) -> int:
        return hash(tuple(sorted(self.accounts.items())))


@attrs.frozen(kw_only=True)
class JournalLine:
    """One line: an account, a debit or a credit (the other is zero), and a memo.

    >>> from receivables.money import money
    >>> JournalLine(account="1100", debit=money("5", "USD"), credit=money("0", "USD")).currency
    'USD'
    >>> JournalLine(account="1100", debit=money("5", "USD"), credit=money("5", "USD"))
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: journal_line: got (Money('5.00', 'USD'), Money('5.00', 'USD')); expected exactly one of debit or credit non-zero
    """

    account: str = attrs.field(validator=identifier("journal_line", "a non-empty account code"))
    debit: Money = attrs.field(validator=_money)
    credit: Money = attrs.field(validator=_money)
    memo: str = attrs.field(default="", validator=_text)
    customer_id: str | None = attrs.field(default=None, validator=_optional_text)
    document: str | None = attrs.field(default=None, validator=_optional_text)

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
        """The line's currency code.

        >>> from receivables.money import money
        >>> JournalLine(account="1200", debit=money("0", "JPY"), credit=money("1500", "JPY")).currency
        'JPY'
        """
        return self.debit.code


def _lines(value: Iterable[JournalLine]) -> tuple[JournalLine, ...]:
    lines = check_items("journal_entry.lines", value, expected="a list of JournalLine")
    for index, line in enumerate(lines):
        if not isinstance(line, JournalLine):
            raise ValidationError(f"journal_entry.lines[{index}]", line, "a JournalLine")
    return lines


def _reasons(value: Iterable[Reason]) -> tuple[Reason, ...]:
    reasons = check_items("journal_entry.reasons", value, expected="a list of Reason")
    for index, reason in enumerate(reasons):
        if not isinstance(reason, Reason):
            raise ValidationError(f"journal_entry.reasons[{index}]", reason, "a Reason")
    return reasons


@attrs.frozen(kw_only=True)
class JournalEntry:
    """A balanced double entry: per currency, total debits equal total credits.

    ``reasons`` carries the decision's reasons, so the entry explains itself.

    >>> from receivables.money import money
    >>> accounts = AccountMap({"cash": "1100", "receivables": "1200"})
    >>> e = entry(dt.date(2026, 3, 1), "Paid", accounts, debits=[("cash", money("5", "USD"))],
    ...           credits=[("receivables", money("5", "USD"))])
    >>> e.totals_units(), e.total_debits("USD"), e.total_credits("USD")
    ({'USD': (500, 500)}, Money('5.00', 'USD'), Money('5.00', 'USD'))
    """

    date: dt.date
    memo: str = attrs.field(validator=_text)
    lines: tuple[JournalLine, ...] = attrs.field(converter=_lines)
    reasons: tuple[Reason, ...] = attrs.field(default=(), converter=_reasons)
    source: str | None = attrs.field(default=None, validator=_optional_text)

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
        """Debits and credits per currency, in integer minor units.

        >>> from receivables.money import money
        >>> accounts = AccountMap({"cash": "1100", "receivables": "1200"})
        >>> entry(dt.date(2026, 3, 1), "Paid", accounts, debits=[("cash", money("5.25", "EUR"))],
        ...       credits=[("receivables", money("5.25", "EUR"))]).totals_units()
        {'EUR': (525, 525)}
        """
        totals: dict[str, tuple[int, int]] = {}
        for line in self.lines:
            debit, credit = totals.get(line.currency, (0, 0))
            totals[line.currency] = (debit + to_minor(line.debit), credit + to_minor(line.credit))
        return totals

    def total_debits(self, currency: str) -> Money:
        """The sum of debits in ``currency``.

        >>> from receivables.money import money
        >>> accounts = AccountMap({"cash": "1100", "fees": "6800", "receivables": "1200"})
        >>> e = entry(dt.date(2026, 3, 1), "Paid less a fee", accounts,
        ...           debits=[("cash", money("95", "USD")), ("fees", money("5", "USD"))],
        ...           credits=[("receivables", money("100", "USD"))])
        >>> e.total_debits("USD"), e.total_debits("EUR")
        (Money('100.00', 'USD'), Money('0.00', 'EUR'))
        """
        return sum((line.debit for line in self.lines if line.currency == currency), zero(currency))

    def total_credits(self, currency: str) -> Money:
        """The sum of credits in ``currency``.

        >>> from receivables.money import money
        >>> accounts = AccountMap({"cash": "1100", "receivables": "1200"})
        >>> entry(dt.date(2026, 3, 1), "Paid", accounts, debits=[("cash", money("5", "USD"))],
        ...       credits=[("receivables", money("5", "USD"))]).total_credits("USD")
        Money('5.00', 'USD')
        """
        return sum(
            (line.credit for line in self.lines if line.currency == currency), zero(currency)
        )


_OWNER = {JournalLine: "journal_line", JournalEntry: "journal_entry"}

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

    >>> from receivables.money import money
    >>> accounts = AccountMap({"cash": "1100", "receivables": "1200"})
    >>> e = entry(dt.date(2026, 3, 1), "Paid", accounts,
    ...           debits=[("cash", money("5", "USD")), ("bank_fees", money("0", "USD"))],
    ...           credits=[("receivables", money("5", "USD"))])
    >>> [line.account for line in e.lines]
    ['1100', '1200']
    >>> entry(dt.date(2026, 3, 1), "Paid", accounts, debits=[("cash", money("5", "USD"))],
    ...       credits=[("receivables", money("4", "USD"))])
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: journal_entry.lines: got 'USD debits 500 != credits 400 (minor units)'; expected balanced lines: debits equal credits in every currency
    """
    if not isinstance(accounts, AccountMap):
        raise ValidationError("accounts", accounts, "an AccountMap")
    lines: list[JournalLine] = []
    for side, postings in (("debit", debits), ("credit", credits)):
        for index, posting in enumerate(check_items(f"{side}s", postings)):
            if not isinstance(posting, tuple | list) or len(posting) != 2:
                raise ValidationError(f"{side}s[{index}]", posting, "a (role, Money) pair")
            role, amount = posting
            if not isinstance(amount, Money):
                raise ValidationError(f"{side}s[{role}]", amount, "a receivables.money.Money")
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
    return JournalEntry(date=date, memo=memo, lines=lines, reasons=reasons, source=source)


# --- posting builders ------------------------------------------------------------------------


def _amount(field: str, value: object, *, allow_zero: bool = True) -> Money:
    """``value`` as a Money of zero or more (positive when ``allow_zero`` is False)."""
    if not isinstance(value, Money):
        raise ValidationError(field, value, "a receivables.money.Money")
    money(value.amount, value.code, field=field)  # no more decimals than the currency has
    if value.amount < 0 or (not allow_zero and value.amount == 0):
        raise ValidationError(
            field, value, "a positive amount" if not allow_zero else "zero or more"
        )
    return value


def _optional(field: str, value: Money | None, currency: str) -> Money:
    if value is None:
        return zero(currency)
    amount = _amount(field, value)
    if amount.code != currency:
        raise ValidationError(field, value, f"an amount in {currency}, the entry's currency")
    return amount


def _transfer(
    date: dt.date,
    memo: str,
    accounts: AccountMap,
    amount: Money,
    *,
    debits: Sequence[str],
    credits: Sequence[str],
    reasons: Sequence[Reason],
    source: str | None,
    customer_id: str | None,
    document: str | None,
) -> JournalEntry:
    """The same ``amount`` debited to each of ``debits`` and credited to each of ``credits``."""
    return entry(
        date,
        memo,
        accounts,
        debits=[(role, amount) for role in debits],
        credits=[(role, amount) for role in credits],
        reasons=reasons,
        source=source,
        customer_id=customer_id,
        document=document,
    )


def cash_application(
    date: dt.date,
    accounts: AccountMap,
    *,
    applied: Money,
    discount: Money | None = None,
    short_pay: Money | None = None,
    bank_fee: Money | None = None,
    unapplied: Money | None = None,
    memo: str = "Cash applied",
    reasons: Sequence[Reason] = (),
    source: str | None = None,
    customer_id: str | None = None,
    document: str | None = None,
) -> JournalEntry:
    """Cash received and applied to invoices, with discount, short-pay write-off and bank fee.

    The customer paid ``applied + unapplied``; the bank kept ``bank_fee`` of it.
    The invoices clear ``applied + discount + short_pay``; ``unapplied`` waits
    on account as a customer credit. Weygandt's example (2/10 n/30 on $3,800):

    >>> from receivables.money import money
    >>> accounts = AccountMap({"cash": "1100", "receivables": "1200",
    ...                        "discounts_allowed": "4190"})
    >>> e = cash_application(dt.date(2026, 5, 12), accounts, applied=money("3724", "USD"),
    ...                      discount=money("76", "USD"))
    >>> [(line.account, str(line.debit.amount), str(line.credit.amount)) for line in e.lines]
    [('1100', '3724.00', '0.00'), ('4190', '76.00', '0.00'), ('1200', '0.00', '3800.00')]
    """
    applied = _amount("cash_application.applied", applied)
    currency = applied.code
    discount_ = _optional("cash_application.discount", discount, currency)
    short = _optional("cash_application.short_pay", short_pay, currency)
    fee = _optional("cash_application.bank_fee", bank_fee, currency)
    on_account = _optional("cash_application.unapplied", unapplied, currency)
    paid = applied + on_account
    if fee > paid:
        raise ValidationError(
            "cash_application.bank_fee", fee, f"at most the amount paid, {paid.amount} {currency}"
        )
    return entry(
        date,
        memo,
        accounts,
        debits=[
            ("cash", paid - fee),
            ("bank_fees", fee),
            ("discounts_allowed", discount_),
            ("short_pay_write_off", short),
        ],
        credits=[("receivables", applied + discount_ + short), ("customer_credits", on_account)],
        reasons=reasons,
        source=source,
        customer_id=customer_id,
        document=document,
    )


def bad_debt_write_off(
    date: dt.date,
    accounts: AccountMap,
    *,
    amount: Money,
    allowance_available: Money | None = None,
    memo: str = "Bad debt written off against the allowance",
    reasons: Sequence[Reason] = (),
    source: str | None = None,
    customer_id: str | None = None,
    document: str | None = None,
) -> JournalEntry:
    """Write ``amount`` off against the allowance for doubtful accounts.

    When ``allowance_available`` is given and smaller than ``amount``, the
    allowance takes what it has and the rest is expensed as bad debt.
    Hampson Furniture writes off R. A. Ware's $500 (Weygandt, Kimmel & Kieso):

    >>> from receivables.money import money
    >>> accounts = AccountMap({"allowance": "1290", "receivables": "1200",
    ...                        "bad_debt_expense": "6100"})
    >>> e = bad_debt_write_off(dt.date(2026, 3, 1), accounts, amount=money("500", "USD"))
    >>> [(line.account, str(line.debit.amount), str(line.credit.amount)) for line in e.lines]
    [('1290', '500.00', '0.00'), ('1200', '0.00', '500.00')]
    >>> e = bad_debt_write_off(dt.date(2026, 3, 1), accounts, amount=money("500", "USD"),
    ...                        allowance_available=money("300", "USD"))
    >>> [(line.account, str(line.debit.amount)) for line in e.lines if line.debit.amount]
    [('1290', '300.00'), ('6100', '200.00')]
    """
    amount = _amount("bad_debt_write_off.amount", amount, allow_zero=False)
    from_allowance = amount
    if allowance_available is not None:
        available = _optional(
            "bad_debt_write_off.allowance_available", allowance_available, amount.code
        )
        from_allowance = min(available, amount)
    return entry(
        date,
        memo,
        accounts,
        debits=[("allowance", from_allowance), ("bad_debt_expense", amount - from_allowance)],
        credits=[("receivables", amount)],
        reasons=reasons,
        source=source,
        customer_id=customer_id,
        document=document,
    )


def direct_write_off(
    date: dt.date,
    accounts: AccountMap,
    *,
    amount: Money,
    memo: str = "Bad debt written off directly",
    reasons: Sequence[Reason] = (),
    source: str | None = None,
    customer_id: str | None = None,
    document: str | None = None,
) -> JournalEntry:
    """Write ``amount`` off straight to bad-debt expense (the direct write-off method).

    >>> from receivables.money import money
    >>> accounts = AccountMap({"receivables": "1200", "bad_debt_expense": "6100"})
    >>> e = direct_write_off(dt.date(2026, 3, 1), accounts, amount=money("10000", "USD"))
    >>> [(line.account, str(line.debit.amount), str(line.credit.amount)) for line in e.lines]
    [('6100', '10000.00', '0.00'), ('1200', '0.00', '10000.00')]
    """
    return _transfer(
        date,
        memo,
        accounts,
        _amount("direct_write_off.amount", amount, allow_zero=False),
        debits=("bad_debt_expense",),
        credits=("receivables",),
        reasons=reasons,
        source=source,
        customer_id=customer_id,
        document=document,
    )


def small_balance_write_off(
    date: dt.date,
    accounts: AccountMap,
    *,
    residue: Money,
    memo: str = "Small balance written off",
    reasons: Sequence[Reason] = (),
    source: str | None = None,
    customer_id: str | None = None,
    document: str | None = None,
) -> JournalEntry:
    """Clear a small residue: a positive one (owed) is an expense, a negative one (held) income.

    >>> from receivables.money import money
    >>> accounts = AccountMap({"receivables": "1200", "small_balance_write_off": "6190"})
    >>> e = small_balance_write_off(dt.date(2026, 3, 1), accounts, residue=money("-0.40", "USD"))
    >>> [(line.account, str(line.debit.amount), str(line.credit.amount)) for line in e.lines]
    [('1200', '0.40', '0.00'), ('6190', '0.00', '0.40')]
    """
    if not isinstance(residue, Money) or residue.amount == 0:
        raise ValidationError("small_balance_write_off.residue", residue, "a non-zero Money")
    size = _amount("small_balance_write_off.residue", abs(residue))
    owed = residue.amount > 0
    return entry(
        date,
        memo,
        accounts,
        debits=[("small_balance_write_off" if owed else "receivables", size)],
        credits=[("receivables" if owed else "small_balance_write_off", size)],
        reasons=reasons,
        source=source,
        customer_id=customer_id,
        document=document,
    )


def recovery(
    date: dt.date,
    accounts: AccountMap,
    *,
    amount: Money,
    reinstate_to: str = "allowance",
    memo: str = "Recovery of an amount written off",
    reasons: Sequence[Reason] = (),
    source: str | None = None,
    customer_id: str | None = None,
    document: str | None = None,
) -> JournalEntry:
    """Reinstate ``amount`` written off, then collect it: four lines, one entry.

    ``reinstate_to`` is the role credited when reinstating: ``allowance``
    under the allowance method, ``recoveries`` (or ``bad_debt_expense``) under
    the direct method. R. A. Ware pays the $500 written off (Weygandt et al.):

    >>> from receivables.money import money
    >>> accounts = AccountMap({"allowance": "1290", "receivables": "1200", "cash": "1100"})
    >>> e = recovery(dt.date(2026, 7, 1), accounts, amount=money("500", "USD"))
    >>> [(line.account, str(line.debit.amount), str(line.credit.amount)) for line in e.lines]
    [('1200', '500.00', '0.00'), ('1100', '500.00', '0.00'), ('1290', '0.00', '500.00'), ('1200', '0.00', '500.00')]
    """
    return _transfer(
        date,
        memo,
        accounts,
        _amount("recovery.amount", amount, allow_zero=False),
        debits=("receivables", "cash"),
        credits=(reinstate_to, "receivables"),
        reasons=reasons,
        source=source,
        customer_id=customer_id,
        document=document,
    )


def credit_offset(
    date: dt.date,
    accounts: AccountMap,
    *,
    amount: Money,
    memo: str = "Customer credit offset against open debt",
    reasons: Sequence[Reason] = (),
    source: str | None = None,
    customer_id: str | None = None,
    document: str | None = None,
) -> JournalEntry:
    """Use a customer's credit balance (held as ``customer_credits``) to settle open debt.

    >>> from receivables.money import money
    >>> accounts = AccountMap({"customer_credits": "2150", "receivables": "1200"})
    >>> e = credit_offset(dt.date(2026, 3, 1), accounts, amount=money("120", "EUR"))
    >>> [(line.account, str(line.debit.amount), str(line.credit.amount)) for line in e.lines]
    [('2150', '120.00', '0.00'), ('1200', '0.00', '120.00')]
    """
    return _transfer(
        date,
        memo,
        accounts,
        _amount("credit_offset.amount", amount, allow_zero=False),
        debits=("customer_credits",),
        credits=("receivables",),
        reasons=reasons,
        source=source,
        customer_id=customer_id,
        document=document,
    )


def refund(
    date: dt.date,
    accounts: AccountMap,
    *,
    amount: Money,
    offset: Money | None = None,
    credits_role: str = "customer_credits",
    paid: bool = True,
    memo: str = "Customer credit refunded",
    reasons: Sequence[Reason] = (),
    source: str | None = None,
    customer_id: str | None = None,
    document: str | None = None,
) -> JournalEntry:
    """Refund ``amount`` of a credit balance, after ``offset`` of it settled open debt.

    The credit balance sits under ``credits_role`` (``customer_credits``, or
    ``receivables`` where the ledger keeps credits as negative receivables:
    then the offset needs no lines). Paid out now: credit ``cash``; approved
    but paid later: credit ``refunds_payable``.

    >>> from receivables.money import money
    >>> accounts = AccountMap({"customer_credits": "2150", "receivables": "1200",
    ...                        "cash": "1100"})
    >>> e = refund(dt.date(2026, 3, 1), accounts, amount=money("80", "USD"),
    ...            offset=money("120", "USD"))
    >>> [(line.account, str(line.debit.amount), str(line.credit.amount)) for line in e.lines]
    [('2150', '200.00', '0.00'), ('1200', '0.00', '120.00'), ('1100', '0.00', '80.00')]
    """
    amount = _amount("refund.amount", amount)
    offset_ = _optional("refund.offset", offset, amount.code)
    if amount.amount == 0 and offset_.amount == 0:
        raise ValidationError("refund.amount", amount, "a positive refund or offset")
    if credits_role == "receivables":
        if amount.amount == 0:
            raise ValidationError(
                "refund.amount",
                amount,
                "a positive refund: credits kept in receivables offset without an entry",
            )
        offset_ = zero(amount.code)  # credits held in receivables: offsetting moves no account
    return entry(
        date,
        memo,
        accounts,
        debits=[(credits_role, amount + offset_)],
        credits=[("receivables", offset_), ("cash" if paid else "refunds_payable", amount)],
        reasons=reasons,
        source=source,
        customer_id=customer_id,
        document=document,
    )


def fx_difference(
    date: dt.date,
    accounts: AccountMap,
    *,
    booked: Money,
    settled: Money,
    memo: str = "Realised exchange difference",
    reasons: Sequence[Reason] = (),
    source: str | None = None,
    customer_id: str | None = None,
    document: str | None = None,
) -> JournalEntry:
    """The realised exchange difference when a foreign receivable settles (IAS 21 §28).

    ``booked`` is the receivable at the rate it was recorded, ``settled`` the
    same receivable at the settlement rate, both in the functional currency.
    More at settlement is a gain (the receivable is written up before it
    clears); less is a loss. Equal amounts have no difference to post.

    >>> from receivables.money import money
    >>> accounts = AccountMap({"receivables": "1200", "fx_gain": "7100", "fx_loss": "7200"})
    >>> e = fx_difference(dt.date(2026, 3, 1), accounts, booked=money("1085.00", "USD"),
    ...                   settled=money("1072.50", "USD"))
    >>> [(line.account, str(line.debit.amount), str(line.credit.amount)) for line in e.lines]
    [('7200', '12.50', '0.00'), ('1200', '0.00', '12.50')]
    """
    booked = _amount("fx_difference.booked", booked)
    settled = _optional("fx_difference.settled", settled, booked.code)
    difference = settled - booked
    if difference.amount == 0:
        raise ValidationError(
            "fx_difference.settled", settled, "an amount different from the booked one"
        )
    gain = difference.amount > 0
    size = abs(difference)
    return entry(
        date,
        memo,
        accounts,
        debits=[("receivables" if gain else "fx_loss", size)],
        credits=[("fx_gain" if gain else "receivables", size)],
        reasons=reasons,
        source=source,
        customer_id=customer_id,
        document=document,
    )


def interest_and_fees(
    date: dt.date,
    accounts: AccountMap,
    *,
    interest: Money | None = None,
    fees: Money | None = None,
    memo: str = "Debit note: interest and fees",
    reasons: Sequence[Reason] = (),
    source: str | None = None,
    customer_id: str | None = None,
    document: str | None = None,
) -> JournalEntry:
    """A debit note charging late interest and fees: receivables up, income credited.

    >>> from receivables.money import money
    >>> accounts = AccountMap({"receivables": "1200", "interest_income": "4810",
    ...                        "fee_income": "4820"})
    >>> e = interest_and_fees(dt.date(2026, 3, 1), accounts, interest=money("12.34", "USD"),
    ...                       fees=money("25", "USD"))
    >>> [(line.account, str(line.debit.amount), str(line.credit.amount)) for line in e.lines]
    [('1200', '37.34', '0.00'), ('4810', '0.00', '12.34'), ('4820', '0.00', '25.00')]
    """
    given = [value for value in (interest, fees) if value is not None]
    if not given:
        raise ValidationError("interest_and_fees", None, "interest, fees or both")
    currency = given[0].code if isinstance(given[0], Money) else ""
    interest_ = _optional("interest_and_fees.interest", interest, currency)
    fees_ = _optional("interest_and_fees.fees", fees, currency)
    charged = interest_ + fees_
    if charged.amount == 0:
        raise ValidationError("interest_and_fees", charged, "a positive interest or fee")
    return entry(
        date,
        memo,
        accounts,
        debits=[("receivables", charged)],
        credits=[("interest_income", interest_), ("fee_income", fees_)],
        reasons=reasons,
        source=source,
        customer_id=customer_id,
        document=document,
    )


_ADJUSTMENT_ROLES: dict[AdjustmentKind, tuple[str, str]] = {
    # kind: (role debited when the balance goes down, role credited when it goes up)
    AdjustmentKind.WRITE_OFF: ("allowance", ""),
    AdjustmentKind.DISCOUNT: ("discounts_allowed", ""),
    AdjustmentKind.FEE: ("", "fee_income"),
    AdjustmentKind.INTEREST: ("", "interest_income"),
    AdjustmentKind.ROUNDING: ("small_balance_write_off", "small_balance_write_off"),
    AdjustmentKind.FX_DIFFERENCE: ("fx_loss", "fx_gain"),
}


def adjustment_entry(
    adjustment: Adjustment,
    accounts: AccountMap,
    *,
    write_off_role: str = "allowance",
    reasons: Sequence[Reason] = (),
    source: str | None = None,
) -> JournalEntry:
    """The entry for an :class:`~receivables.documents.Adjustment` document, by its kind.

    A credit adjustment lowers receivables against an expense (write-off:
    ``write_off_role``, the allowance unless told otherwise; discount;
    rounding; FX loss); a debit raises them against income (fee, interest,
    rounding, FX gain).

    >>> from receivables.money import money
    >>> accounts = AccountMap({"receivables": "1200", "fee_income": "4820"})
    >>> fee = Adjustment(id="F1", customer_id="C1", kind="fee", amount=money("25", "USD"),
    ...                  date=dt.date(2026, 3, 1), target_number="INV-9")
    >>> [(line.account, str(line.debit.amount), line.document)
    ...  for line in adjustment_entry(fee, accounts).lines]
    [('1200', '25.00', 'INV-9'), ('4820', '0.00', 'INV-9')]
    """
    if not isinstance(adjustment, Adjustment):
        raise ValidationError("adjustment", adjustment, "a receivables.documents.Adjustment")
    lowers, raises = _ADJUSTMENT_ROLES[adjustment.kind]
    if adjustment.kind is AdjustmentKind.WRITE_OFF:
        lowers = write_off_role
    amount = adjustment.amount
    memo = f"{adjustment.kind.value.replace('_', ' ').capitalize()} {adjustment.id}"
    if adjustment.reason:
        memo = f"{memo}: {adjustment.reason}"
    if adjustment.direction is Direction.CREDIT:
        debits, credits = [(lowers, amount)], [("receivables", amount)]
    else:
        debits, credits = [("receivables", amount)], [(raises, amount)]
    return entry(
        adjustment.date,
        memo,
        accounts,
        debits=debits,
        credits=credits,
        reasons=reasons,
        source=source or adjustment.id,
        customer_id=adjustment.customer_id,
        document=adjustment.target_number or adjustment.id,
    )
