"""Which balances do we write off, how much of each, and who signs?

Three rules, each a policy field, each firing with its own reason code:

- **Small balances** (``small_balance_write_off``): a residue whose size is
  at most the policy's limit for its currency and whose age (days since its
  due date; for a credit, since it arose) is at least
  ``small_balance_min_age_days`` is written off without approval. Credit
  residues (overpayments) are kept unless ``write_off_small_credits``: many
  jurisdictions treat unclaimed customer credits as unclaimed property.
- **Bad debt** (``customer_status``, ``statute_of_limitations``,
  ``age_beyond_threshold``): every open item of a customer whose status is one
  of ``write_off_statuses`` (bankrupt, dissolved, deceased, dispute lost,
  returned uncollectible by the agency); any item whose legal claim has
  expired under the customer's country's limitation period; any item at least
  ``bad_debt_min_age_days`` past due. The customer's credits are offset first
  and an expected recovery (a trustee's dividend, collateral) is kept, so the
  write-off may be partial; it is spread over the items in proportion to
  their open amounts (largest remainder, :func:`receivables.money.allocate`).
- **Recovery** (``recovery_of_write_off``): cash received on an amount written
  off reinstates it, up to what is still written off, and is collected.

The limitation periods shipped as defaults, few and cited (a host replaces or
extends the table; the period runs from the due date, the day the claim
could first be enforced, or from the end of that year where the law says so):

======= ===== ==========================================================================
country years source
======= ===== ==========================================================================
CO      10    Código Civil art. 2536 (as amended by Ley 791 de 2002, art. 8): the ordinary
              action prescribes in 10 years, the executive action in 5; the *acción
              cambiaria* on an invoice that is a título valor in 3 (Código de Comercio art.
              789). The default is the last remedy to lapse.
US      4     UCC §2-725(1), adopted by most states for contracts for the sale of goods;
              states vary (and services follow each state's contract statute), so a
              host selling services or in a state with another period overrides it.
DE      3     BGB §195 (regular period, 3 years), running from the end of the year in
              which the claim arose, §199(1).
======= ===== ==========================================================================

The journal entries are :func:`receivables.journal.bad_debt_write_off` (the
allowance method) or :func:`~receivables.journal.direct_write_off`,
:func:`~receivables.journal.small_balance_write_off` and
:func:`~receivables.journal.recovery`.

>>> import datetime as dt
>>> from receivables.documents import Customer
>>> from receivables.ledger import ItemKind, OpenItem
>>> from receivables.money import money
>>> item = OpenItem(number="INV-7", customer_id="C1", kind=ItemKind.INVOICE,
...     document_date=dt.date(2025, 1, 2), due_date=dt.date(2025, 2, 1),
...     original=money("900.00", "USD"), open=money("900.00", "USD"))
>>> customer = Customer(id="C1", name="Acme", status="bankrupt")
>>> decision = bad_debt(customer, [item], dt.date(2026, 1, 15),
...                     expected_recovery=money("90.00", "USD"))
>>> decision.outcome, decision.write_off, [reason.code for reason in decision.reasons]
(<WriteOffOutcome.PARTIAL_WRITE_OFF: 'partial_write_off'>, Money('810.00', 'USD'), ['customer_status', 'expected_recovery_kept', 'approval_tier'])
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta

from receivables.decisions import (
    ReadOnlyMapping,
    Reason,
    check_flag,
    check_policy_identity,
    check_whole_number,
)
from receivables.documents import (
    Adjustment,
    AdjustmentKind,
    Customer,
    CustomerStatus,
    parse_member,
)
from receivables.errors import CurrencyMismatchError, PolicyError, ValidationError
from receivables.journal import (
    AccountMap,
    JournalEntry,
    bad_debt_write_off,
    direct_write_off,
    recovery,
    small_balance_write_off,
)
from receivables.ledger import OpenItem
from receivables.money import Money, RateTable, allocate, money, total, zero
from receivables.policies.approvals import (
    Approval,
    ApprovalPolicy,
    ApprovalTier,
    Authority,
    check_ladder,
)
from receivables.validators import check_date, check_whole

__all__ = [
    "DEFAULT_LIMITATION_PERIODS",
    "BadDebtDecision",
    "ItemWriteOff",
    "LimitationPeriod",
    "RecoveryDecision",
    "RecoveryOutcome",
    "SmallBalanceDecision",
    "WriteOffMethod",
    "WriteOffOutcome",
    "WriteOffPolicy",
    "bad_debt",
    "recover",
    "small_balances",
]


class WriteOffMethod(enum.StrEnum):
    """How write-offs are booked: against an allowance already expensed, or straight to expense.

    >>> WriteOffMethod("direct")
    <WriteOffMethod.DIRECT: 'direct'>
    """

    ALLOWANCE = "allowance"
    DIRECT = "direct"


class WriteOffOutcome(enum.StrEnum):
    """What to do with a balance.

    >>> [outcome.value for outcome in WriteOffOutcome]
    ['write_off', 'partial_write_off', 'keep']
    """

    WRITE_OFF = "write_off"
    PARTIAL_WRITE_OFF = "partial_write_off"
    KEEP = "keep"


class RecoveryOutcome(enum.StrEnum):
    """Whether cash received reinstates an amount written off.

    >>> RecoveryOutcome("recover")
    <RecoveryOutcome.RECOVER: 'recover'>
    """

    RECOVER = "recover"
    NOTHING_TO_RECOVER = "nothing_to_recover"


@attrs.frozen(kw_only=True)
class LimitationPeriod:
    """A country's limitation period for collecting a trade debt, with its legal source.

    >>> period = LimitationPeriod(country="DE", years=3, from_year_end=True, source="BGB §§195, 199")
    >>> period.expires_on(dt.date(2022, 3, 31))
    datetime.date(2026, 1, 1)
    >>> LimitationPeriod(country="Colombia", years=10)
    Traceback (most recent call last):
    ...
    receivables.errors.PolicyError: limitation_period.country: got 'Colombia'; expected an ISO 3166 alpha-2 code such as 'CO'
    """

    country: str
    years: int
    from_year_end: bool = False
    source: str = ""

    def __attrs_post_init__(self) -> None:
        country = self.country
        if not (isinstance(country, str) and len(country) == 2 and country.isalpha()):
            raise PolicyError(
                "limitation_period.country", country, "an ISO 3166 alpha-2 code such as 'CO'"
            )
        if not country.isupper():
            raise PolicyError(
                "limitation_period.country", country, "an ISO 3166 alpha-2 code such as 'CO'"
            )
        check_whole(
            "limitation_period.years",
            self.years,
            1,
            expected="a whole number of 1 or more",
            error=PolicyError,
        )
        if not isinstance(self.from_year_end, bool):
            raise PolicyError("limitation_period.from_year_end", self.from_year_end, "a bool")
        if not isinstance(self.source, str):
            raise PolicyError("limitation_period.source", self.source, "a string citing the law")

    def expires_on(self, due_date: dt.date) -> dt.date:
        """The first day the claim on a debt due on ``due_date`` is barred.

        The day the period starts from is not counted and its last day is
        (BGB §§187(1), 188(2); FRCP 6(a)(1)): the claim can still be enforced
        on the anniversary, ``years`` after the start, and is barred the day
        after. A German claim of 2022 lapses at the end of 31 December 2025.

        >>> LimitationPeriod(country="US", years=4).expires_on(dt.date(2020, 2, 29))
        datetime.date(2024, 3, 1)
        """
        start = dt.date(due_date.year, 12, 31) if self.from_year_end else due_date
        return start + relativedelta(years=self.years) + dt.timedelta(days=1)


DEFAULT_LIMITATION_PERIODS: tuple[LimitationPeriod, ...] = (
    LimitationPeriod(
        country="CO",
        years=10,
        source="Código Civil art. 2536 (Ley 791 de 2002 art. 8): acción ordinaria 10 años",
    ),
    LimitationPeriod(country="DE", years=3, from_year_end=True, source="BGB §195, §199(1)"),
    LimitationPeriod(country="US", years=4, source="UCC §2-725(1); states vary"),
)
"""Colombia, Germany and the United States; see the module docstring for the sources."""


def _default_small_limits() -> Mapping[str, Money]:
    return {"EUR": money("5.00", "EUR"), "USD": money("5.00", "USD")}


def _small_limits(value: Mapping[str, Money]) -> Mapping[str, Money]:
    if not isinstance(value, Mapping):
        raise PolicyError(
            "write_off_policy.small_balance_limits", value, "a mapping currency → Money"
        )
    limits = {}
    for currency, limit in sorted(value.items()):
        field = f"write_off_policy.small_balance_limits.{currency}"
        if not isinstance(limit, Money) or limit.code != currency or limit.amount <= 0:
            raise PolicyError(field, limit, f"a positive Money in {currency}")
        limits[currency] = limit
    return ReadOnlyMapping(limits)


def _statuses(value: Iterable[object]) -> tuple[CustomerStatus, ...]:
    return tuple(
        parse_member(
            CustomerStatus, status, f"write_off_policy.write_off_statuses[{index}]", PolicyError
        )
        for index, status in enumerate(value)
    )


def _periods(value: Iterable[LimitationPeriod]) -> tuple[LimitationPeriod, ...]:
    return tuple(value)


def _method(value: object) -> WriteOffMethod:
    return parse_member(WriteOffMethod, value, "write_off_policy.method", PolicyError)


def _default_statuses() -> tuple[CustomerStatus, ...]:
    return (
        CustomerStatus.BANKRUPT,
        CustomerStatus.DISSOLVED,
        CustomerStatus.DECEASED,
        CustomerStatus.DISPUTE_LOST,
        CustomerStatus.UNCOLLECTIBLE,
    )


def _default_approvals() -> ApprovalPolicy:
    return ApprovalPolicy(
        id="write-off-approvals",
        version="1",
        currency="USD",
        tiers=(
            ApprovalTier(authority=Authority.ANALYST, up_to=money("100.00", "USD")),
            ApprovalTier(authority=Authority.LEAD, up_to=money("1000.00", "USD")),
            ApprovalTier(authority=Authority.MANAGER, up_to=money("10000.00", "USD")),
            ApprovalTier(authority=Authority.CONTROLLER, up_to=money("100000.00", "USD")),
        ),
    )


@attrs.frozen(kw_only=True)
class WriteOffPolicy:
    """When balances are written off, and who approves.

    >>> WriteOffPolicy().limitation("CO").years
    10
    >>> WriteOffPolicy(bad_debt_min_age_days=-1)
    Traceback (most recent call last):
    ...
    receivables.errors.PolicyError: write_off_policy.bad_debt_min_age_days: got -1; expected a whole number of 1 or more
    """

    id: str = "write-offs"
    version: str = "1"
    small_balance_limits: Mapping[str, Money] = attrs.field(
        factory=_default_small_limits, converter=_small_limits, hash=False
    )
    small_balance_min_age_days: int = attrs.field(
        default=90,
        validator=check_whole_number("write_off_policy", 0, "a whole number of 0 or more"),
    )
    write_off_small_credits: bool = attrs.field(
        default=False, validator=check_flag("write_off_policy")
    )
    bad_debt_min_age_days: int = attrs.field(
        default=365,
        validator=check_whole_number("write_off_policy", 1, "a whole number of 1 or more"),
    )
    write_off_statuses: tuple[CustomerStatus, ...] = attrs.field(
        factory=_default_statuses, converter=_statuses
    )
    limitation_periods: tuple[LimitationPeriod, ...] = attrs.field(
        default=DEFAULT_LIMITATION_PERIODS, converter=_periods
    )
    method: WriteOffMethod = attrs.field(default=WriteOffMethod.ALLOWANCE, converter=_method)
    allow_partial: bool = attrs.field(default=True, validator=check_flag("write_off_policy"))
    approvals: ApprovalPolicy = attrs.field(
        factory=_default_approvals, validator=check_ladder("write_off_policy")
    )

    def __attrs_post_init__(self) -> None:
        check_policy_identity(self.id, self.version)

    @limitation_periods.validator
    def _check_periods(
        self,
        attribute: attrs.Attribute[tuple[LimitationPeriod, ...]],
        value: tuple[LimitationPeriod, ...],
    ) -> None:
        seen: set[str] = set()
        for index, period in enumerate(value):
            field = f"write_off_policy.limitation_periods[{index}]"
            if not isinstance(period, LimitationPeriod):
                raise PolicyError(field, period, "a LimitationPeriod")
            if period.country in seen:
                raise PolicyError(f"{field}.country", period.country, "one period per country")
            seen.add(period.country)

    def limitation(self, country: str) -> LimitationPeriod | None:
        """The limitation period for ``country``, or ``None`` when the table has none.

        >>> WriteOffPolicy().limitation("US").years, WriteOffPolicy().limitation("FR")
        (4, None)
        """
        for period in self.limitation_periods:
            if period.country == country:
                return period
        return None


# --- small balances ----------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class SmallBalanceDecision:
    """Whether one open item's residue is written off automatically.

    >>> from receivables.ledger import ItemKind
    >>> item = OpenItem(number="INV-3", customer_id="C1", kind=ItemKind.INVOICE,
    ...     document_date=dt.date(2026, 1, 1), due_date=dt.date(2026, 1, 31),
    ...     original=money("100.00", "USD"), open=money("7.00", "USD"))
    >>> (decision,) = small_balances([item], dt.date(2026, 6, 1))
    >>> decision.outcome.value, decision.reasons[0].code
    ('keep', 'above_small_balance_limit')
    """

    outcome: WriteOffOutcome
    number: str
    customer_id: str
    residue: Money
    as_of: dt.date
    reasons: tuple[Reason, ...]
    policy_id: str
    policy_version: str

    def journal_entry(self, accounts: AccountMap, date: dt.date | None = None) -> JournalEntry:
        """The entry clearing the residue, dated ``as_of`` unless ``date`` is given.

        >>> from receivables.ledger import ItemKind
        >>> residue = OpenItem(number="INV-3", customer_id="C1", kind=ItemKind.INVOICE,
        ...     document_date=dt.date(2026, 1, 1), due_date=dt.date(2026, 1, 31),
        ...     original=money("100", "BHD"), open=money("0.125", "BHD"))
        >>> policy = WriteOffPolicy(small_balance_limits={"BHD": money("1.000", "BHD")})
        >>> (decision,) = small_balances([residue], dt.date(2026, 6, 1), policy)
        >>> accounts = AccountMap({"receivables": "1200", "small_balance_write_off": "6190"})
        >>> decision.journal_entry(accounts).totals_units()
        {'BHD': (125, 125)}
        """
        if self.outcome is WriteOffOutcome.KEEP:
            raise ValidationError(
                "small_balance_decision.outcome", self.outcome.value, "'write_off'"
            )
        return small_balance_write_off(
            date or self.as_of,
            accounts,
            residue=self.residue,
            memo=f"Small balance on {self.number} written off",
            reasons=self.reasons,
            source=f"{self.policy_id}@{self.policy_version}",
            customer_id=self.customer_id,
            document=self.number,
        )


def _small(item: OpenItem, as_of: dt.date, policy: WriteOffPolicy) -> SmallBalanceDecision:
    residue = item.open
    age = item.days_overdue(as_of)
    limit = policy.small_balance_limits.get(residue.code)
    data: dict[str, Any] = {
        "number": item.number,
        "residue": str(residue.amount),
        "currency": residue.code,
        "age_days": age,
        "min_age_days": policy.small_balance_min_age_days,
        "limit": None if limit is None else str(limit.amount),
    }
    outcome = WriteOffOutcome.KEEP
    if residue.amount == 0:
        reason = Reason("nothing_open", f"{item.number} has nothing open.", data)
    elif limit is None:
        reason = Reason(
            "no_small_balance_limit",
            f"The policy sets no small-balance limit in {residue.code}.",
            data,
        )
    elif abs(residue.amount) > limit.amount:
        reason = Reason(
            "above_small_balance_limit",
            f"{item.number}: {residue.amount} {residue.code} is above the limit {limit.amount}.",
            data,
        )
    elif age < policy.small_balance_min_age_days:
        reason = Reason(
            "small_balance_too_recent",
            f"{item.number}: {age} day(s) old, under {policy.small_balance_min_age_days}.",
            data,
        )
    elif residue.amount < 0 and not policy.write_off_small_credits:
        reason = Reason(
            "small_credit_kept",
            f"{item.number}: a credit of {-residue.amount} {residue.code} is kept for the customer.",
            data,
        )
    else:
        outcome = WriteOffOutcome.WRITE_OFF
        reason = Reason(
            "small_balance_write_off",
            f"{item.number}: {residue.amount} {residue.code}, at most {limit.amount} and "
            f"{age} day(s) old, is written off without approval.",
            data,
        )
    return SmallBalanceDecision(
        outcome=outcome,
        number=item.number,
        customer_id=item.customer_id,
        residue=residue,
        as_of=as_of,
        reasons=(reason,),
        policy_id=policy.id,
        policy_version=policy.version,
    )


def small_balances(
    items: Iterable[OpenItem], as_of: dt.date, policy: WriteOffPolicy | None = None
) -> tuple[SmallBalanceDecision, ...]:
    """One decision per open item, ordered by customer then item number.

    >>> from receivables.ledger import ItemKind
    >>> residue = OpenItem(number="INV-3", customer_id="C1", kind=ItemKind.INVOICE,
    ...     document_date=dt.date(2026, 1, 1), due_date=dt.date(2026, 1, 31),
    ...     original=money("100.00", "USD"), open=money("0.40", "USD"))
    >>> [(d.outcome.value, d.reasons[0].code) for d in small_balances([residue], dt.date(2026, 6, 1))]
    [('write_off', 'small_balance_write_off')]
    """
    policy = policy or WriteOffPolicy()
    check_date("as_of", as_of)
    checked = []
    for index, item in enumerate(items):
        if not isinstance(item, OpenItem):
            raise ValidationError(f"items[{index}]", item, "a receivables.ledger.OpenItem")
        checked.append(item)
    checked.sort(key=lambda item: (item.customer_id, item.number))
    return tuple(_small(item, as_of, policy) for item in checked)


# --- bad debt ------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ItemWriteOff:
    """How much of one item is written off, and the rule that selected it.

    >>> ItemWriteOff(number="INV-1", open=money("50", "USD"), write_off=money("40", "USD"),
    ...              rule="customer_status").write_off
    Money('40.00', 'USD')
    """

    number: str
    open: Money
    write_off: Money
    rule: str


@attrs.frozen(kw_only=True)
class BadDebtDecision:
    """A customer's bad-debt recommendation: what is written off, from which items, who approves.

    ``selected`` is what the rules picked; ``offset`` the customer's credits
    used against it first; ``kept`` the expected recovery left open;
    ``write_off = selected - offset - kept``, spread over ``items``.

    >>> decision = bad_debt(Customer(id="C1", name="Acme"), [], dt.date(2026, 3, 1))
    >>> decision.outcome.value, decision.write_off
    ('keep', Money('0.00', 'USD'))
    """

    outcome: WriteOffOutcome
    customer_id: str
    as_of: dt.date
    selected: Money
    offset: Money
    kept: Money
    write_off: Money
    items: tuple[ItemWriteOff, ...]
    approval: Approval | None
    method: WriteOffMethod
    reasons: tuple[Reason, ...]
    policy_id: str
    policy_version: str

    def journal_entry(
        self,
        accounts: AccountMap,
        *,
        allowance_available: Money | None = None,
        date: dt.date | None = None,
    ) -> JournalEntry:
        """The write-off entry (against the allowance or direct, as the policy's method).

        >>> from receivables.ledger import ItemKind
        >>> item = OpenItem(number="INV-7", customer_id="C1", kind=ItemKind.INVOICE,
        ...     document_date=dt.date(2025, 1, 2), due_date=dt.date(2025, 2, 1),
        ...     original=money("900.00", "USD"), open=money("900.00", "USD"))
        >>> decision = bad_debt(Customer(id="C1", name="Acme", status="bankrupt"), [item],
        ...                     dt.date(2026, 1, 15))
        >>> accounts = AccountMap({"allowance": "1290", "receivables": "1200",
        ...                        "bad_debt_expense": "6100"})
        >>> entry = decision.journal_entry(accounts, allowance_available=money("600.00", "USD"))
        >>> [(line.account, str(line.debit.amount), str(line.credit.amount)) for line in entry.lines]
        [('1290', '600.00', '0.00'), ('6100', '300.00', '0.00'), ('1200', '0.00', '900.00')]
        """
        if self.write_off.amount == 0:
            raise ValidationError(
                "bad_debt_decision.write_off", self.write_off, "a positive write-off to post"
            )
        common: dict[str, Any] = {
            "amount": self.write_off,
            "reasons": self.reasons,
            "source": f"{self.policy_id}@{self.policy_version}",
            "customer_id": self.customer_id,
            "memo": f"Bad debt of {self.customer_id} written off",
        }
        if self.method is WriteOffMethod.DIRECT:
            return direct_write_off(date or self.as_of, accounts, **common)
        return bad_debt_write_off(
            date or self.as_of, accounts, allowance_available=allowance_available, **common
        )


def _customer_items(customer: Customer, items: Iterable[OpenItem]) -> tuple[list[OpenItem], str]:
    checked: list[OpenItem] = []
    for index, item in enumerate(items):
        if not isinstance(item, OpenItem):
            raise ValidationError(f"items[{index}]", item, "a receivables.ledger.OpenItem")
        if item.customer_id != customer.id:
            raise ValidationError(
                f"items[{index}].customer_id", item.customer_id, f"{customer.id!r}, the customer's"
            )
        checked.append(item)
    currency = checked[0].currency if checked else customer.currency
    for item in checked:
        if item.currency != currency:
            raise CurrencyMismatchError("write off together", currency, item.currency)
    checked.sort(key=lambda item: (item.due_date, item.number))
    return checked, currency


def bad_debt(
    customer: Customer,
    items: Iterable[OpenItem],
    as_of: dt.date,
    policy: WriteOffPolicy | None = None,
    *,
    expected_recovery: Money | None = None,
    rates: RateTable | None = None,
) -> BadDebtDecision:
    """Recommend a write-off of ``customer``'s open ``items`` (one currency) on ``as_of``.

    ``expected_recovery`` is what the caller still expects to collect (a
    trustee's dividend, collateral); it stays open, so the write-off is
    partial. ``rates`` converts the write-off for the approval ladder when it
    is in another currency.

    >>> from receivables.documents import Customer
    >>> from receivables.ledger import ItemKind
    >>> old = OpenItem(number="INV-1", customer_id="C9", kind=ItemKind.INVOICE,
    ...     document_date=dt.date(2014, 1, 1), due_date=dt.date(2014, 1, 31),
    ...     original=money("5000000", "COP"), open=money("5000000", "COP"))
    >>> from decimal import Decimal
    >>> from receivables.money import Rate, RateTable
    >>> rates = RateTable([Rate("USD", "COP", Decimal("4000"), dt.date(2024, 1, 1))])
    >>> decision = bad_debt(Customer(id="C9", name="Tienda", country="CO", currency="COP"),
    ...                     [old], dt.date(2024, 2, 1), WriteOffPolicy(bad_debt_min_age_days=9999),
    ...                     rates=rates)
    >>> decision.reasons[0].code, decision.approval.authority.value
    ('statute_of_limitations', 'manager')
    """
    policy = policy or WriteOffPolicy()
    check_date("as_of", as_of)
    if not isinstance(customer, Customer):
        raise ValidationError("customer", customer, "a receivables.documents.Customer")
    checked, currency = _customer_items(customer, items)
    hope = _expected_recovery(expected_recovery, currency)
    period = policy.limitation(customer.country)
    picked = _picked(checked, customer, as_of, policy, period)
    credits = total((-item.open for item in checked if item.open.amount < 0), currency)
    selected = total((item.open for item, _ in picked), currency)
    offset = min(credits, selected)
    kept, keeping = _kept(hope, selected - offset, policy)
    reasons = _rule_reasons(picked, customer, as_of, policy, period)
    findings = (
        _not_due_for_write_off(picked, customer, as_of, policy),
        _no_limitation_period(period, customer),
        _credits_offset_first(offset),
        keeping,
    )
    reasons.extend(reason for reason in findings if reason is not None)
    write_off = selected - offset - kept
    item_write_offs: tuple[ItemWriteOff, ...] = ()
    approval: Approval | None = None
    outcome = WriteOffOutcome.KEEP
    if write_off.amount > 0:
        item_write_offs = _item_write_offs(write_off, picked)
        approval = policy.approvals.required(write_off, rates=rates, on=as_of)
        reasons.extend(approval.reasons)
        full = write_off == selected
        outcome = WriteOffOutcome.WRITE_OFF if full else WriteOffOutcome.PARTIAL_WRITE_OFF
    return BadDebtDecision(
        outcome=outcome,
        customer_id=customer.id,
        as_of=as_of,
        selected=selected,
        offset=offset,
        kept=kept,
        write_off=write_off,
        items=item_write_offs,
        approval=approval,
        method=policy.method,
        reasons=tuple(reasons),
        policy_id=policy.id,
        policy_version=policy.version,
    )


def _rule_reasons(
    picked: Sequence[tuple[OpenItem, str]],
    customer: Customer,
    as_of: dt.date,
    policy: WriteOffPolicy,
    period: LimitationPeriod | None,
) -> list[Reason]:
    """One reason per write-off rule that picked items, in the rules' order."""
    return [
        _rule_reason(
            rule, [item for item, fired in picked if fired == rule], customer, as_of, policy, period
        )
        for rule in ("customer_status", "statute_of_limitations", "age_beyond_threshold")
        if any(fired == rule for _, fired in picked)
    ]


def _item_write_offs(
    write_off: Money, picked: Sequence[tuple[OpenItem, str]]
) -> tuple[ItemWriteOff, ...]:
    """The write-off spread over the picked items in proportion to what is open (largest remainder)."""
    parts = allocate(write_off, [item.open for item, _ in picked])
    return tuple(
        ItemWriteOff(number=item.number, open=item.open, write_off=part, rule=rule)
        for (item, rule), part in zip(picked, parts, strict=True)
    )


def _expected_recovery(expected_recovery: Money | None, currency: str) -> Money:
    """What the caller still expects to collect (zero when not said), in the items' currency."""
    if expected_recovery is None:
        return zero(currency)
    if not isinstance(expected_recovery, Money) or expected_recovery.amount < 0:
        raise ValidationError("expected_recovery", expected_recovery, "a Money of zero or more")
    if expected_recovery.code != currency:
        raise CurrencyMismatchError("keep a recovery of", currency, expected_recovery.code)
    return expected_recovery


def _picked(
    checked: Sequence[OpenItem],
    customer: Customer,
    as_of: dt.date,
    policy: WriteOffPolicy,
    period: LimitationPeriod | None,
) -> list[tuple[OpenItem, str]]:
    """Each open debit that meets a write-off rule, with the first rule it meets.

    The rules, in order: the customer's status (every item), the statute of
    limitations of the customer's country, the age threshold.
    """
    picked: list[tuple[OpenItem, str]] = []
    for item in checked:
        if item.open.amount <= 0:
            continue
        rule = None
        if customer.status in policy.write_off_statuses:
            rule = "customer_status"
        elif period is not None and as_of >= period.expires_on(item.due_date):
            rule = "statute_of_limitations"
        elif item.days_overdue(as_of) >= policy.bad_debt_min_age_days:
            rule = "age_beyond_threshold"
        if rule is not None:
            picked.append((item, rule))
    return picked


def _kept(hope: Money, after_offset: Money, policy: WriteOffPolicy) -> tuple[Money, Reason | None]:
    """What stays open for an expected recovery (everything when partial write-offs are barred)."""
    kept = min(hope, after_offset)
    if kept.amount <= 0:
        return kept, None
    data = {"expected_recovery": str(kept.amount), "currency": kept.code}
    if not policy.allow_partial:
        return after_offset, Reason(
            "partial_write_off_not_allowed",
            f"A recovery of {kept.amount} {kept.code} is expected and the policy writes off "
            "only in full: the balance is kept until the recovery is known.",
            data,
        )
    return kept, Reason(
        "expected_recovery_kept",
        f"{kept.amount} {kept.code} expected to be recovered stays open.",
        data,
    )


def _not_due_for_write_off(
    picked: Sequence[tuple[OpenItem, str]],
    customer: Customer,
    as_of: dt.date,
    policy: WriteOffPolicy,
) -> Reason | None:
    if picked:
        return None
    return Reason(
        "not_due_for_write_off",
        f"No open item of {customer.id} meets a write-off rule on {as_of.isoformat()}.",
        {"status": customer.status.value, "min_age_days": policy.bad_debt_min_age_days},
    )


def _no_limitation_period(period: LimitationPeriod | None, customer: Customer) -> Reason | None:
    if period is not None:
        return None
    return Reason(
        "no_limitation_period",
        f"The policy has no limitation period for {customer.country}; that rule was skipped.",
        {"country": customer.country},
    )


def _credits_offset_first(offset: Money) -> Reason | None:
    if offset.amount <= 0:
        return None
    return Reason(
        "credits_offset_first",
        f"{offset.amount} {offset.code} of the customer's credits is offset before writing off.",
        {"offset": str(offset.amount), "currency": offset.code},
    )


def _rule_reason(
    rule: str,
    items: Sequence[OpenItem],
    customer: Customer,
    as_of: dt.date,
    policy: WriteOffPolicy,
    period: LimitationPeriod | None,
) -> Reason:
    numbers = [item.number for item in items]
    amount = total((item.open for item in items), items[0].currency)
    data: dict[str, Any] = {"items": numbers, "amount": str(amount.amount), "currency": amount.code}
    listed = ", ".join(numbers)
    if rule == "customer_status":
        data["status"] = customer.status.value
        message = f"{customer.id} is {customer.status.value}: every open item qualifies ({listed})."
    elif rule == "statute_of_limitations":
        assert period is not None
        data.update(country=period.country, years=period.years, source=period.source)
        message = (
            f"The claim on {listed} is barred after {period.years} year(s) in {period.country} "
            f"({period.source})."
        )
    else:
        data["min_age_days"] = policy.bad_debt_min_age_days
        message = f"{listed}: at least {policy.bad_debt_min_age_days} days past due on {as_of.isoformat()}."
    return Reason(rule, message, data)


# --- recovery ------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class RecoveryDecision:
    """Cash received on a written-off amount: how much is reinstated and collected.

    ``excess`` is cash beyond what is still written off; it is ordinary cash,
    applied (or held as a credit) through cash application, not a recovery.

    >>> w = Adjustment(id="WO-1", customer_id="C1", kind="write_off",
    ...                amount=money("80.00", "USD"), date=dt.date(2026, 3, 1))
    >>> d = recover(w, money("100.00", "USD"), dt.date(2026, 4, 1))
    >>> d.reinstated, d.excess
    (Money('80.00', 'USD'), Money('20.00', 'USD'))
    """

    outcome: RecoveryOutcome
    customer_id: str
    write_off_id: str
    as_of: dt.date
    written_off: Money
    previously_recovered: Money
    received: Money
    reinstated: Money
    excess: Money
    remaining: Money
    method: WriteOffMethod
    reasons: tuple[Reason, ...]
    policy_id: str
    policy_version: str

    def journal_entry(self, accounts: AccountMap, date: dt.date | None = None) -> JournalEntry:
        """Reinstate and collect: credit the allowance, or ``recoveries`` under the direct method.

        >>> w = Adjustment(id="WO-1", customer_id="C1", kind="write_off",
        ...                amount=money("500", "JPY"), date=dt.date(2026, 3, 1))
        >>> accounts = AccountMap({"allowance": "1290", "receivables": "1200", "cash": "1100"})
        >>> recover(w, money("200", "JPY"), dt.date(2026, 4, 1)).journal_entry(
        ...     accounts).totals_units()
        {'JPY': (400, 400)}
        """
        if self.reinstated.amount == 0:
            raise ValidationError(
                "recovery_decision.reinstated", self.reinstated, "a positive amount to post"
            )
        return recovery(
            date or self.as_of,
            accounts,
            amount=self.reinstated,
            reinstate_to="allowance" if self.method is WriteOffMethod.ALLOWANCE else "recoveries",
            memo=f"Recovery of write-off {self.write_off_id}",
            reasons=self.reasons,
            source=f"{self.policy_id}@{self.policy_version}",
            customer_id=self.customer_id,
            document=self.write_off_id,
        )


def recover(
    write_off: Adjustment,
    received: Money,
    as_of: dt.date,
    policy: WriteOffPolicy | None = None,
    *,
    previously_recovered: Money | None = None,
) -> RecoveryDecision:
    """Cash ``received`` on the amount written off by ``write_off`` (an adjustment of that kind).

    >>> from receivables.documents import Adjustment
    >>> w = Adjustment(id="WO-1", customer_id="C1", kind="write_off",
    ...                amount=money("500.00", "USD"), date=dt.date(2026, 3, 1))
    >>> d = recover(w, money("200.00", "USD"), dt.date(2026, 7, 1))
    >>> d.reinstated, d.remaining, d.reasons[0].code
    (Money('200.00', 'USD'), Money('300.00', 'USD'), 'partial_recovery')
    """
    policy = policy or WriteOffPolicy()
    before = _check_recovery(write_off, received, as_of, previously_recovered)
    currency = write_off.amount.code
    outstanding = write_off.amount - before
    reinstated = min(received, outstanding)
    excess = received - reinstated
    remaining = outstanding - reinstated
    data = {
        "write_off": write_off.id,
        "written_off": str(write_off.amount.amount),
        "previously_recovered": str(before.amount),
        "received": str(received.amount),
        "reinstated": str(reinstated.amount),
        "currency": currency,
    }
    outcome = (
        RecoveryOutcome.NOTHING_TO_RECOVER if outstanding.amount == 0 else RecoveryOutcome.RECOVER
    )
    reasons = [_recovery_reason(write_off, reinstated, remaining, data)]
    if excess.amount > 0:
        reasons.append(
            Reason(
                "recovery_exceeds_write_off",
                f"{excess.amount} {currency} received beyond the amount written off is ordinary "
                "cash for cash application.",
                data,
            )
        )
    return RecoveryDecision(
        outcome=outcome,
        customer_id=write_off.customer_id,
        write_off_id=write_off.id,
        as_of=as_of,
        written_off=write_off.amount,
        previously_recovered=before,
        received=received,
        reinstated=reinstated,
        excess=excess,
        remaining=remaining,
        method=policy.method,
        reasons=tuple(reasons),
        policy_id=policy.id,
        policy_version=policy.version,
    )


def _check_recovery(
    write_off: Adjustment,
    received: Money,
    as_of: dt.date,
    previously_recovered: Money | None,
) -> Money:
    """Validate a recovery's inputs; what was recovered before (zero when not said)."""
    check_date("as_of", as_of)
    if not isinstance(write_off, Adjustment) or write_off.kind is not AdjustmentKind.WRITE_OFF:
        raise ValidationError("write_off", write_off, "an Adjustment of kind 'write_off'")
    currency = write_off.amount.code
    if not isinstance(received, Money) or received.amount <= 0:
        raise ValidationError("received", received, "a positive Money")
    if received.code != currency:
        raise CurrencyMismatchError("recover", currency, received.code)
    money(received.amount, currency, field="received")
    before = previously_recovered if previously_recovered is not None else zero(currency)
    if not isinstance(before, Money) or before.amount < 0 or before.code != currency:
        raise ValidationError(
            "previously_recovered", previously_recovered, f"a Money of zero or more in {currency}"
        )
    if before > write_off.amount:
        raise ValidationError(
            "previously_recovered",
            before,
            f"at most the amount written off, {write_off.amount.amount} {currency}",
        )
    if as_of < write_off.date:
        raise ValidationError("as_of", as_of, f"on or after the write-off, {write_off.date}")
    return before


def _recovery_reason(
    write_off: Adjustment, reinstated: Money, remaining: Money, data: dict[str, str]
) -> Reason:
    if reinstated.amount == 0 and remaining.amount == 0:
        return Reason(
            "already_recovered", f"{write_off.id} has been recovered in full already.", data
        )
    code = "recovery_of_write_off" if remaining.amount == 0 else "partial_recovery"
    return Reason(
        code,
        f"{reinstated.amount} {reinstated.code} of {write_off.id} is reinstated and collected; "
        f"{remaining.amount} {remaining.code} stays written off.",
        data,
    )
