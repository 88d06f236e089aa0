"""How much of a customer's credit balance can we refund, after what offset, and who approves?

A credit balance (an overpayment, an unapplied credit note, cash on account)
is refundable only after it has paid the customer's open overdue debt; a
company does not send money to a customer who owes it money. The rule, in
order:

1. A credit from a payment that was returned by the bank does not count
   (``payment_returned``).
2. A credit from a payment whose method waits for clearing (cheques, by
   default ``clearing_days = {"check": 10}`` calendar days after receipt) is
   not refundable until it clears (``cheque_not_cleared``); it may still
   offset debt, so it is used for offsets first.
3. Debt more than ``offset_after_days`` past due (and, with
   ``offset_not_yet_due``, debt not yet due too) is offset, oldest due date
   first (``offset_overdue_debt``).
4. What is left of the cleared credit is refundable, up to what the customer
   asked for (``refund_available``), unless under the minimum refund for its
   currency (``below_minimum_refund``).
5. The refund needs the approval tier of its amount (``approval_tier``).

Ten days for a cheque is a policy choice, not a law: US Regulation CC
(12 CFR 229.12-229.13) bounds how long a bank may hold deposited funds, but
a returned cheque can arrive later, so companies pick their own wait.

The entry is :func:`receivables.journal.refund` (offset and refund in one).

>>> import datetime as dt
>>> from receivables.ledger import ItemKind, OpenItem
>>> from receivables.money import money
>>> def item(number, kind, amount, due):
...     value = money(amount, "USD")
...     return OpenItem(number=number, customer_id="C1", kind=kind, document_date=due,
...                     due_date=due, original=value, open=value)
>>> items = [item("INV-1", ItemKind.INVOICE, "300.00", dt.date(2026, 1, 31)),
...          item("CN-1", ItemKind.CREDIT_NOTE, "-1000.00", dt.date(2026, 2, 10))]
>>> decision = evaluate_refund("C1", items, dt.date(2026, 3, 1))
>>> decision.outcome.value, decision.offset_total, decision.refund, decision.approval.authority.value
('refund', Money('300.00', 'USD'), Money('700.00', 'USD'), 'lead')
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping, Sequence

import attrs

from receivables.decisions import (
    ReadOnlyMapping,
    Reason,
    check_flag,
    check_policy_identity,
    check_whole_number,
)
from receivables.documents import Payment, PaymentMethod, Reversal, ReversalKind
from receivables.errors import (
    CurrencyMismatchError,
    DuplicateDocumentError,
    PolicyError,
    ValidationError,
)
from receivables.journal import AccountMap, JournalEntry, refund
from receivables.ledger import ItemKind, OpenItem
from receivables.money import Money, RateTable, money, total, zero
from receivables.policies.approvals import (
    Approval,
    ApprovalOutcome,
    ApprovalPolicy,
    ApprovalTier,
    Authority,
    check_ladder,
)
from receivables.validators import check_date, check_whole

__all__ = [
    "Offset",
    "RefundDecision",
    "RefundOutcome",
    "RefundPolicy",
    "evaluate_refund",
]


class RefundOutcome(enum.StrEnum):
    """What happens to the credit balance.

    >>> RefundOutcome("wait_for_clearing")
    <RefundOutcome.WAIT_FOR_CLEARING: 'wait_for_clearing'>
    """

    REFUND = "refund"
    OFFSET_ONLY = "offset_only"
    WAIT_FOR_CLEARING = "wait_for_clearing"
    BELOW_MINIMUM = "below_minimum"
    BEYOND_AUTHORITY = "beyond_authority"
    NO_CREDIT = "no_credit"


def _default_clearing() -> Mapping[str, int]:
    return {PaymentMethod.CHECK.value: 10}


def _clearing(value: Mapping[str, int]) -> Mapping[str, int]:
    if not isinstance(value, Mapping):
        raise PolicyError("refund_policy.clearing_days", value, "a mapping payment method → days")
    methods = {method.value for method in PaymentMethod}
    days: dict[str, int] = {}
    for method, wait in sorted(value.items()):
        key = str(method)
        if key not in methods:
            raise PolicyError(
                "refund_policy.clearing_days", method, f"a payment method, one of {sorted(methods)}"
            )
        check_whole(
            f"refund_policy.clearing_days.{key}",
            wait,
            0,
            expected="whole days, 0 or more",
            error=PolicyError,
        )
        days[key] = wait
    return ReadOnlyMapping(days)


def _minimums(value: Mapping[str, Money]) -> Mapping[str, Money]:
    if not isinstance(value, Mapping):
        raise PolicyError("refund_policy.minimum_refund", value, "a mapping currency → Money")
    minimums: dict[str, Money] = {}
    for currency, minimum in sorted(value.items()):
        if not isinstance(minimum, Money) or minimum.code != currency or minimum.amount <= 0:
            raise PolicyError(
                f"refund_policy.minimum_refund.{currency}",
                minimum,
                f"a positive Money in {currency}",
            )
        minimums[currency] = minimum
    return ReadOnlyMapping(minimums)


def _default_approvals() -> ApprovalPolicy:
    return ApprovalPolicy(
        id="refund-approvals",
        version="1",
        currency="USD",
        tiers=(
            ApprovalTier(authority=Authority.ANALYST, up_to=money("250.00", "USD")),
            ApprovalTier(authority=Authority.LEAD, up_to=money("2500.00", "USD")),
            ApprovalTier(authority=Authority.MANAGER, up_to=money("25000.00", "USD")),
            ApprovalTier(authority=Authority.CONTROLLER, up_to=None),
        ),
    )


@attrs.frozen(kw_only=True)
class RefundPolicy:
    """When a credit balance may be refunded, after which offsets, and who approves.

    >>> RefundPolicy().clearing_days["check"]
    10
    >>> RefundPolicy(offset_after_days=-1)
    Traceback (most recent call last):
    ...
    receivables.errors.PolicyError: refund_policy.offset_after_days: got -1; expected whole days, 0 or more
    """

    id: str = "refunds"
    version: str = "1"
    clearing_days: Mapping[str, int] = attrs.field(
        factory=_default_clearing, converter=_clearing, hash=False
    )
    offset_after_days: int = attrs.field(
        default=0, validator=check_whole_number("refund_policy", 0, "whole days, 0 or more")
    )
    offset_not_yet_due: bool = attrs.field(default=False, validator=check_flag("refund_policy"))
    minimum_refund: Mapping[str, Money] = attrs.field(factory=dict, converter=_minimums, hash=False)
    approvals: ApprovalPolicy = attrs.field(
        factory=_default_approvals, validator=check_ladder("refund_policy")
    )

    def __attrs_post_init__(self) -> None:
        check_policy_identity(self.id, self.version)


@attrs.frozen(kw_only=True)
class Offset:
    """``amount`` of credit ``credit`` settles debt ``debt``.

    >>> Offset(credit="CN-1", debt="INV-1", amount=money("30", "USD")).amount
    Money('30.00', 'USD')
    """

    credit: str
    debt: str
    amount: Money


@attrs.frozen(kw_only=True)
class RefundDecision:
    """What to offset, what to refund, what waits, and who must approve.

    ``credit_balance`` is every valid credit; it equals
    ``offset_total + refund + held + kept`` where ``held`` waits for cheques to
    clear (until ``held_until``) and ``kept`` stays on account (not asked
    for, or under the minimum).

    >>> decision = evaluate_refund("C1", [], dt.date(2026, 3, 1))
    >>> decision.outcome.value, decision.credit_balance
    ('no_credit', Money('0.00', 'USD'))
    """

    outcome: RefundOutcome
    customer_id: str
    as_of: dt.date
    credit_balance: Money
    offsets: tuple[Offset, ...]
    offset_total: Money
    refund: Money
    held: Money
    held_until: dt.date | None
    kept: Money
    approval: Approval | None
    reasons: tuple[Reason, ...]
    policy_id: str
    policy_version: str

    def journal_entry(
        self,
        accounts: AccountMap,
        *,
        credits_role: str = "customer_credits",
        paid: bool = True,
        date: dt.date | None = None,
    ) -> JournalEntry:
        """The offset and refund entry; ``credits_role`` is where the credit balance sits.

        >>> items = [OpenItem(number=n, customer_id="C1", kind=k, document_date=d, due_date=d,
        ...                   original=money(a, "USD"), open=money(a, "USD"))
        ...          for n, k, a, d in [("INV-1", ItemKind.INVOICE, "30.00", dt.date(2026, 1, 31)),
        ...                             ("CN-1", ItemKind.CREDIT_NOTE, "-100.00", dt.date(2026, 2, 1))]]
        >>> decision = evaluate_refund("C1", items, dt.date(2026, 3, 1))
        >>> accounts = AccountMap({"customer_credits": "2150", "receivables": "1200",
        ...                        "cash": "1100"})
        >>> [(line.account, str(line.debit.amount), str(line.credit.amount))
        ...  for line in decision.journal_entry(accounts).lines]
        [('2150', '100.00', '0.00'), ('1200', '0.00', '30.00'), ('1100', '0.00', '70.00')]
        """
        if self.refund.amount == 0 and (
            self.offset_total.amount == 0 or credits_role == "receivables"
        ):
            raise ValidationError(
                "refund_decision.refund", self.refund, "a refund or offset that moves an account"
            )
        return refund(
            date or self.as_of,
            accounts,
            amount=self.refund,
            offset=self.offset_total,
            credits_role=credits_role,
            paid=paid,
            memo=f"Credit balance of {self.customer_id}: offset and refund",
            reasons=self.reasons,
            source=f"{self.policy_id}@{self.policy_version}",
            customer_id=self.customer_id,
        )


@attrs.frozen
class _Credit:
    item: OpenItem
    available_on: dt.date | None  # None: cleared


def evaluate_refund(
    customer_id: str,
    items: Iterable[OpenItem],
    as_of: dt.date,
    policy: RefundPolicy | None = None,
    *,
    payments: Iterable[Payment] = (),
    reversals: Iterable[Reversal] = (),
    requested: Money | None = None,
    rates: RateTable | None = None,
) -> RefundDecision:
    """Decide the refund of ``customer_id``'s credit balance among its open ``items`` (one currency).

    ``payments`` tell which credits came from cheques (matched by the item
    number, the payment id); ``reversals`` which payments were returned.
    ``requested`` caps the refund (default: all that is refundable). ``rates``
    converts the refund for the approval ladder when it is in another currency.

    >>> credit = OpenItem(number="CN-1", customer_id="C1", kind=ItemKind.CREDIT_NOTE,
    ...     document_date=dt.date(2026, 2, 1), due_date=dt.date(2026, 2, 1),
    ...     original=money("-40.00", "USD"), open=money("-40.00", "USD"))
    >>> d = evaluate_refund("C1", [credit], dt.date(2026, 3, 1))
    >>> d.refund, d.approval.authority.value
    (Money('40.00', 'USD'), 'analyst')
    """
    policy = policy or RefundPolicy()
    check_date("as_of", as_of)
    checked = _checked_items(customer_id, items)
    currency = _currency(checked, requested)
    credits, void = _credits(checked, payments, reversals, as_of, policy)
    reasons = [_payment_returned(item, currency) for item in void]
    balance = total((-credit.item.open for credit in credits), currency)
    debts, not_offset = _debts(checked, as_of, policy)
    offsets, left = _offsets(debts, credits)
    offset_total = total((offset.amount for offset in offsets), currency)
    held_credits, held, held_until, refundable = _after_offsets(credits, left, currency)
    to_refund = requested if requested is not None and requested < refundable else refundable
    minimum = policy.minimum_refund.get(currency)
    below_minimum = minimum is not None and 0 < to_refund.amount < minimum.amount
    findings = (
        _offset_overdue_debt(offsets, offset_total, policy),
        _debt_not_offset(not_offset),
        _cheque_not_cleared(held_credits, held, held_until),
        _requested_above_available(requested, refundable),
        _below_minimum_refund(to_refund, minimum),
    )
    reasons.extend(reason for reason in findings if reason is not None)
    if below_minimum:
        to_refund = zero(currency)
    approval, approving = _approval(to_refund, policy, rates, as_of)
    reasons.extend(approving)
    kept = balance - offset_total - held - to_refund
    if balance.amount == 0:
        reasons.append(Reason("no_credit_balance", f"{customer_id} holds no credit to refund.", {}))
    outcome = _outcome(balance, approval, to_refund, held, below_minimum=below_minimum)
    return RefundDecision(
        outcome=outcome,
        customer_id=customer_id,
        as_of=as_of,
        credit_balance=balance,
        offsets=tuple(offsets),
        offset_total=offset_total,
        refund=to_refund,
        held=held,
        held_until=held_until,
        kept=kept,
        approval=approval,
        reasons=tuple(reasons),
        policy_id=policy.id,
        policy_version=policy.version,
    )


def _checked_items(customer_id: str, items: Iterable[OpenItem]) -> list[OpenItem]:
    """The customer's open items, each once, all in one currency."""
    checked: list[OpenItem] = []
    numbers: set[str] = set()
    for index, item in enumerate(items):
        if not isinstance(item, OpenItem):
            raise ValidationError(f"items[{index}]", item, "a receivables.ledger.OpenItem")
        if item.customer_id != customer_id:
            raise ValidationError(
                f"items[{index}].customer_id", item.customer_id, f"{customer_id!r}"
            )
        if item.number in numbers:
            raise DuplicateDocumentError("open item", item.number)
        numbers.add(item.number)
        checked.append(item)
    for item in checked:
        if item.currency != checked[0].currency:
            raise CurrencyMismatchError("refund together", checked[0].currency, item.currency)
    return checked


def _currency(checked: Sequence[OpenItem], requested: Money | None) -> str:
    """The items' currency, else the requested amount's, else USD (nothing to refund)."""
    currency = checked[0].currency if checked else None
    if requested is not None:
        if not isinstance(requested, Money) or requested.amount <= 0:
            raise ValidationError("requested", requested, "a positive Money")
        money(requested.amount, requested.code, field="requested")
        if currency is not None and requested.code != currency:
            raise CurrencyMismatchError("refund", currency, requested.code)
        currency = currency or requested.code
    return currency or "USD"


def _credits(
    checked: Sequence[OpenItem],
    payments: Iterable[Payment],
    reversals: Iterable[Reversal],
    as_of: dt.date,
    policy: RefundPolicy,
) -> tuple[list[_Credit], list[OpenItem]]:
    """The valid credits (oldest first, with the day an uncleared cheque clears) and the void ones.

    A credit from a payment the bank returned is void; one from a payment whose
    method waits for clearing is available only from its clearing day.
    """
    by_payment = {payment.id: payment for payment in payments}
    returned = {
        reversal.target_id
        for reversal in reversals
        if reversal.kind is ReversalKind.RETURNED_PAYMENT and reversal.date <= as_of
    }
    credits: list[_Credit] = []
    void: list[OpenItem] = []
    for item in sorted(checked, key=lambda i: (i.document_date, i.number)):
        if item.open.amount >= 0:
            continue
        payment = by_payment.get(item.number) if item.kind is ItemKind.PAYMENT else None
        if payment is not None and payment.id in returned:
            void.append(item)
            continue
        available_on = None
        if payment is not None:
            wait = policy.clearing_days.get(payment.method.value, 0)
            clears = payment.received_date + dt.timedelta(days=wait)
            if as_of < clears:
                available_on = clears
        credits.append(_Credit(item, available_on))
    return credits, void


def _debts(
    checked: Sequence[OpenItem], as_of: dt.date, policy: RefundPolicy
) -> tuple[list[OpenItem], list[OpenItem]]:
    """The debt to offset (past the threshold, oldest due first) and the debt left open."""

    def key(item: OpenItem) -> tuple[dt.date, str]:
        return item.due_date, item.number

    owed = [item for item in checked if item.open.amount > 0]
    debts = [
        item
        for item in owed
        if policy.offset_not_yet_due or item.days_overdue(as_of) > policy.offset_after_days
    ]
    chosen = {item.number for item in debts}
    return sorted(debts, key=key), sorted((i for i in owed if i.number not in chosen), key=key)


def _offsets(
    debts: Sequence[OpenItem], credits: Sequence[_Credit]
) -> tuple[list[Offset], dict[str, Money]]:
    """Credits settle debts, uncleared credits first (they cannot be refunded yet); what is left."""
    order = sorted(
        credits,
        key=lambda c: (
            c.available_on is None,
            c.available_on or c.item.document_date,
            c.item.document_date,
            c.item.number,
        ),
    )
    left = {credit.item.number: -credit.item.open for credit in credits}
    offsets: list[Offset] = []
    for debt in debts:
        owed = debt.open
        for credit in order:
            if owed.amount == 0:
                break
            have = left[credit.item.number]
            if have.amount == 0:
                continue
            used = min(have, owed)
            offsets.append(Offset(credit=credit.item.number, debt=debt.number, amount=used))
            left[credit.item.number] = have - used
            owed = owed - used
    return offsets, left


def _after_offsets(
    credits: Sequence[_Credit], left: Mapping[str, Money], currency: str
) -> tuple[list[_Credit], Money, dt.date | None, Money]:
    """What the offsets leave: the credits still waiting to clear, their sum and clearing day,
    and the cleared credit that is refundable now."""
    held_credits = [c for c in credits if c.available_on is not None and left[c.item.number]]
    held = total((left[c.item.number] for c in held_credits), currency)
    held_until = max((c.available_on for c in held_credits if c.available_on), default=None)
    refundable = total((left[c.item.number] for c in credits if c.available_on is None), currency)
    return held_credits, held, held_until, refundable


def _approval(
    to_refund: Money, policy: RefundPolicy, rates: RateTable | None, as_of: dt.date
) -> tuple[Approval | None, list[Reason]]:
    """Who must approve the refund (None when there is nothing to refund), and why."""
    if to_refund.amount <= 0:
        return None, []
    approval = policy.approvals.required(to_refund, rates=rates, on=as_of)
    available = Reason(
        "refund_available",
        f"{to_refund.amount} {to_refund.code} of cleared credit is refundable.",
        {"refund": str(to_refund.amount), "currency": to_refund.code},
    )
    return approval, [available, *approval.reasons]


# --- the findings: each returns its Reason, or None when it does not apply --------------------


def _payment_returned(item: OpenItem, currency: str) -> Reason:
    return Reason(
        "payment_returned",
        f"Payment {item.number} was returned by the bank; its credit cannot be refunded.",
        {"payment": item.number, "amount": str(-item.open.amount), "currency": currency},
    )


def _offset_overdue_debt(
    offsets: Sequence[Offset], offset_total: Money, policy: RefundPolicy
) -> Reason | None:
    if not offsets:
        return None
    debts = sorted({offset.debt for offset in offsets})
    return Reason(
        "offset_overdue_debt",
        f"{offset_total.amount} {offset_total.code} of credit settles open debt "
        f"({', '.join(debts)}) before any refund.",
        {
            "offset": str(offset_total.amount),
            "currency": offset_total.code,
            "debts": debts,
            "offset_after_days": policy.offset_after_days,
        },
    )


def _debt_not_offset(not_offset: Sequence[OpenItem]) -> Reason | None:
    if not not_offset:
        return None
    return Reason(
        "debt_not_offset",
        f"Debt not yet past the offset threshold is left open: "
        f"{', '.join(item.number for item in not_offset)}.",
        {"items": [item.number for item in not_offset]},
    )


def _cheque_not_cleared(
    held_credits: Sequence[_Credit], held: Money, held_until: dt.date | None
) -> Reason | None:
    if held.amount <= 0:
        return None
    return Reason(
        "cheque_not_cleared",
        f"{held.amount} {held.code} from cheques waits until {held_until} to clear.",
        {
            "held": str(held.amount),
            "currency": held.code,
            "until": None if held_until is None else held_until.isoformat(),
            "payments": [c.item.number for c in held_credits],
        },
    )


def _requested_above_available(requested: Money | None, refundable: Money) -> Reason | None:
    if requested is None or requested <= refundable:
        return None
    return Reason(
        "requested_above_available",
        f"{requested.amount} {refundable.code} was asked for; {refundable.amount} is refundable now.",
        {"requested": str(requested.amount), "refundable": str(refundable.amount)},
    )


def _below_minimum_refund(to_refund: Money, minimum: Money | None) -> Reason | None:
    if minimum is None or not 0 < to_refund.amount < minimum.amount:
        return None
    return Reason(
        "below_minimum_refund",
        f"{to_refund.amount} {to_refund.code} is under the minimum refund {minimum.amount}; "
        "it stays on account.",
        {"refund": str(to_refund.amount), "minimum": str(minimum.amount)},
    )


def _outcome(
    balance: Money,
    approval: Approval | None,
    to_refund: Money,
    held: Money,
    *,
    below_minimum: bool,
) -> RefundOutcome:
    """The first that holds: no credit, beyond authority, refund, wait, below minimum, offset."""
    if balance.amount == 0:
        return RefundOutcome.NO_CREDIT
    if approval is not None and approval.outcome is ApprovalOutcome.BEYOND_AUTHORITY:
        return RefundOutcome.BEYOND_AUTHORITY
    if to_refund.amount > 0:
        return RefundOutcome.REFUND
    if held.amount > 0:
        return RefundOutcome.WAIT_FOR_CLEARING
    if below_minimum:
        return RefundOutcome.BELOW_MINIMUM
    return RefundOutcome.OFFSET_ONLY
