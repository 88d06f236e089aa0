"""Which open invoices does each payment pay, and how sure are we?

:func:`match` takes payments and open items (domain objects or columns) and
returns one :class:`MatchDecision` per payment, in the order the payments
were given. The order that works, as issue 4 records it from practitioners
and measurements, and as Odoo's reconciliation models (partner, then
"label/note/reference" matching, then amount with a payment tolerance) and
ERPNext's Payment Reconciliation (allocate against the party's outstanding
invoices) apply it:

1. **duplicates** first: a repeat of an earlier payment (payer, amount,
   reference within ``duplicate_window_days``; or, without remittance, the
   same account, amount and day) is flagged, never applied
   (:mod:`receivables.cashapp.duplicates`);
2. **who paid**: customer id, else bank account, else payer name (exact key,
   then the references corroborating it, then fuzzily in one batch), else
   the references (:mod:`receivables.cashapp.identification`); when no rule
   names one customer, all the clues are weighed together and the best
   (customer, items) pair is taken only on a clear margin
   (:mod:`receivables.cashapp.evidence`); nobody found gives
   ``unidentified`` with suggestions, never a guess applied;
3. **which items**, among that customer's own open items only: references
   exactly, then normalised, then within one edit or truncated
   (:mod:`receivables.cashapp.byreference`); without a reference, the amount
   alone over a bounded meet-in-the-middle subset search
   (:mod:`receivables.cashapp.byamount`);
4. **the difference** once the items are chosen: earned discount, write-off,
   bank fee, deduction, partial payment, overpayment on account, FX
   difference (:mod:`receivables.cashapp.settling`, under
   :class:`~receivables.cashapp.policy.MatchPolicy`);
5. **apply automatically only when exactly one candidate set survives** and
   the confidence reaches ``auto_apply_confidence``; otherwise propose, with
   the ranked alternatives. Two invoices of the same amount and no reference
   is always a proposal: a fuzzy score decides who paid, never which
   invoice.

The stages share one index of the open items and what is left of them
(:mod:`receivables.cashapp.openitems`); the decisions are records of
:mod:`receivables.cashapp.decision`, gathered in a
:class:`~receivables.cashapp.result.CashApplicationResult`.

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
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from receivables.cashapp.byamount import by_amount, suggested_items
from receivables.cashapp.byreference import by_reference, near_referenced
from receivables.cashapp.columns import (
    PaymentTable,
    customer_table,
    day_number,
    item_table,
    minor_to_decimal,
    payment_table,
)
from receivables.cashapp.decision import (
    Candidate,
    Clue,
    CustomerSuggestion,
    DifferenceAction,
    Draft,
    MatchDecision,
    MatchLine,
    MatchOutcome,
    clue,
)
from receivables.cashapp.duplicates import duplicates, payer_key
from receivables.cashapp.evidence import summary
from receivables.cashapp.identification import Who, identify, weigh
from receivables.cashapp.memory import PayerMemory, Recall
from receivables.cashapp.openitems import OpenItems
from receivables.cashapp.payers import PayerIndex
from receivables.cashapp.policy import MatchPolicy
from receivables.cashapp.references import (
    Reference,
    extract_references,
    invalid_creditor_references,
)
from receivables.cashapp.result import CashApplicationResult
from receivables.cashapp.settling import Context
from receivables.errors import MissingRateError, ValidationError
from receivables.money import RateTable, currency_digits, from_minor, to_minor
from receivables.progress import Progress, reporter

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

IntArray = npt.NDArray[np.int64]


class _Run(NamedTuple):
    """One run's inputs and indexes, shared by the stages."""

    payments: PaymentTable
    items: OpenItems
    payers: PayerIndex
    policy: MatchPolicy
    rates: RateTable | None


def _without_lines(
    run: _Run,
    position: int,
    outcome: MatchOutcome,
    customer: str | None,
    reasons: list[Clue],
    *,
    confidence: float,
    duplicate_of: int | None = None,
    suggestions: tuple[tuple[str, float], ...] = (),
    alternatives: tuple[tuple[tuple[int, ...], int, float, str | None], ...] = (),
) -> Draft:
    """A decision that applies nothing: the whole payment stays unapplied."""
    return Draft(
        position,
        outcome,
        customer,
        run.payments.currency[position],
        (),
        DifferenceAction.NONE,
        int(run.payments.amount[position]),
        round(confidence, 4),
        tuple(reasons),
        alternatives,
        suggestions,
        duplicate_of,
    )


def _weighed(
    run: _Run, position: int, who: Who, references: tuple[Reference, ...], reasons: list[Clue]
) -> Who:
    """No rule named the payer: the joint evidence may, on a clear margin."""
    chosen, weighed = weigh(
        run.payments, run.items, run.payers, run.policy, position, who, references
    )
    numbers = run.items.items.number
    if chosen is None:
        if any(e.points for e in weighed):
            reasons.append(
                clue(
                    "joint_evidence_inconclusive",
                    "Weighed together, no customer and items win clearly: "
                    + summary(weighed, numbers),
                    candidates=[e.customer for e in weighed],
                )
            )
        return who
    runner = max((e.points for e in weighed if e is not chosen), default=0)
    reasons.extend(chosen.reasons)
    reasons.append(
        clue(
            "customer_by_joint_evidence",
            f"Weighed together, the evidence points at {chosen.customer} "
            f"({chosen.points} points, the next {runner}): " + summary(weighed, numbers),
            customer=chosen.customer,
            points=chosen.points,
            runner_up=runner,
        )
    )
    return Who(chosen.customer, 0.9, (), who.suggestions)


def _converted(
    run: _Run,
    position: int,
    open_rows: IntArray,
    hits: list[tuple[int, str, str]],
    reasons: list[Clue],
) -> tuple[str, int] | None:
    """The customer has nothing open in the payment's currency: (currency, target) after conversion.

    None when no rate converts it (the reason says why).
    """
    payments, items, index = run.payments, run.items.items, run.items
    amount, currency = int(payments.amount[position]), payments.currency[position]
    other = sorted({items.currency[r] for r in open_rows.tolist()})
    referenced_currencies = sorted(
        {
            items.currency[r]
            for r, _, _ in hits
            if items.currency[r] != currency and index.remaining[r] > 0
        }
    )
    wanted = (referenced_currencies or other)[0]
    on = dt.date.fromordinal(int(payments.effective[position]) + dt.date(1970, 1, 1).toordinal())
    if run.rates is None:
        reasons.append(
            clue(
                "currency_needs_rate",
                f"The customer's open items are in {wanted}, the payment in {currency}, "
                "and no RateTable was given.",
                payment_currency=currency,
                item_currency=wanted,
            )
        )
        return None
    try:
        converted = run.rates.convert(from_minor(amount, currency), wanted, on)
    except MissingRateError:
        reasons.append(
            clue(
                "rate_missing",
                f"No {currency}->{wanted} rate on {on.isoformat()} in the RateTable.",
                payment_currency=currency,
                item_currency=wanted,
            )
        )
        return None
    reasons.append(
        clue(
            "currency_converted",
            f"{minor_to_decimal(amount, currency)} {currency} is {converted.amount} {wanted} "
            f"on {on.isoformat()}.",
            converted=str(converted.amount),
            currency=wanted,
        )
    )
    return wanted, to_minor(converted)


_HOW = {
    "exact": "reference_exact",
    "creditor": "reference_creditor",
    "part": "reference_part",
    "short": "reference_short_form",
}


def _named_items(
    run: _Run,
    hits: list[tuple[int, str, str]],
    same: IntArray,
    references: tuple[Reference, ...],
    match_currency: str,
    reasons: list[Clue],
) -> tuple[list[int], bool, bool, tuple[str, ...]]:
    """The open items the remittance names.

    Returns the rows, whether they were found only nearly, whether the
    remittance names only items this payment cannot pay, and the reference
    tokens that name nothing at all.
    """
    items, remaining = run.items.items, run.items.remaining
    candidate_set = set(same.tolist())
    referenced: list[int] = []
    for row, how, token in hits:
        if row in candidate_set and row not in referenced:
            referenced.append(row)
            reasons.append(
                clue(
                    _HOW[how],
                    f"{token!r} names {items.number[row]}.",
                    token=token,
                    item=items.number[row],
                )
            )
    outside = [r for r, _, _ in hits if r not in candidate_set]
    settled = sorted({items.number[r] for r in outside if remaining[r] <= 0})
    elsewhere = sorted({items.number[r] for r in outside if remaining[r] > 0})
    if settled:
        reasons.append(
            clue(
                "referenced_item_settled",
                f"The referenced item(s) {', '.join(settled)} have nothing left open.",
                items=settled,
            )
        )
    if elsewhere:
        reasons.append(
            clue(
                "referenced_item_other_currency",
                f"The referenced item(s) {', '.join(elsewhere)} are open in another currency "
                f"than {match_currency}.",
                items=elsewhere,
            )
        )
    fuzzy = False
    near_tokens: list[tuple[str, int]] = []
    if not referenced and not settled and not elsewhere:
        for row, code, token in near_referenced(run.items, run.policy, references, same.tolist()):
            near_tokens.append((token, row))
            referenced.append(row)
            fuzzy = True
            reasons.append(
                clue(
                    code,
                    f"{token!r} is close to {items.number[row]}.",
                    token=token,
                    item=items.number[row],
                )
            )
    referenced.sort(key=lambda r: (int(items.due[r]), int(items.document[r]), items.number[r]))
    # The remittance names only items this payment cannot pay: an amount match
    # elsewhere contradicts the payer's own words, so it is only proposed.
    hold = bool(settled or elsewhere) and not referenced
    # A hit's token is a reference's text, or two run together ("001 0000145").
    used = {text for _, _, token in hits for text in token.split()} | {
        text for token, _ in near_tokens for text in token.split()
    }
    shortest = run.policy.reference_min_length
    unresolved = tuple(
        reference.text
        for reference in references
        if len(reference.key) >= shortest
        and reference.text not in used
        and not run.items.hits((reference,), shortest)
    ) + tuple(
        part  # one number of a compound token ("FE1/FE2/FE3") that names nothing
        for reference in references
        for part in reference.parts
        if reference.text in used and part not in run.items.index
    )
    return referenced, fuzzy, hold, unresolved


def _decide(
    run: _Run,
    position: int,
    who: Who,
    references: tuple[Reference, ...],
    duplicate: int | None,
    found: list[tuple[int, str, str]],
) -> Draft:
    """One payment through the stages: duplicate, who paid, which items, the difference."""
    payments, policy, index = run.payments, run.policy, run.items
    amount, currency = int(payments.amount[position]), payments.currency[position]
    reasons = list(who.reasons)
    for text in invalid_creditor_references(payments.remittance[position]):
        reasons.append(
            clue(
                "creditor_reference_invalid",
                f"RF reference {text!r} fails its ISO 11649 check digits; ignored.",
                reference=text,
            )
        )
    if duplicate is not None:
        reasons.append(
            clue(
                "duplicate_payment",
                f"Same payer, amount and reference as payment {payments.ids[duplicate]} "
                f"within {policy.duplicate_window_days} days (or, without remittance, the "
                "same account, amount and day).",
                original=payments.ids[duplicate],
            )
        )
        return _without_lines(
            run,
            position,
            MatchOutcome.DUPLICATE,
            who.customer,
            reasons,
            confidence=1.0,
            duplicate_of=duplicate,
            suggestions=who.suggestions,
        )
    if who.customer is None:
        who = _weighed(run, position, who, references, reasons)
    if who.customer is None:
        reasons.append(
            clue(
                "customer_not_found",
                "No customer was found for this payment; it waits for a person.",
                suggestions=[c for c, _ in who.suggestions],
            )
        )
        return _without_lines(
            run,
            position,
            MatchOutcome.UNIDENTIFIED,
            None,
            reasons,
            confidence=0.0,
            suggestions=who.suggestions,
            alternatives=suggested_items(index, policy, amount, currency, who.suggestions),
        )
    customer = who.customer
    rows = index.by_customer.get(customer, np.empty(0, dtype=np.int64))
    open_rows = rows[index.remaining[rows] > 0]
    code = index.code_of.get(currency)
    same = open_rows[index.item_currency[open_rows] == code] if code is not None else open_rows[:0]
    hits = [hit for hit in found if index.items.customer_id[hit[0]] == customer]
    match_currency, target, fx = currency, amount, False
    if same.size == 0 and open_rows.size:
        converted = _converted(run, position, open_rows, hits, reasons)
        if converted is None:
            return _without_lines(
                run,
                position,
                MatchOutcome.ON_ACCOUNT,
                customer,
                reasons,
                confidence=who.confidence,
            )
        match_currency, target = converted
        fx = True
        same = open_rows[index.item_currency[open_rows] == index.code_of[match_currency]]
    if same.size == 0:
        settled = sorted({index.items.number[r] for r, _, _ in hits})
        if settled:
            reasons.append(
                clue(
                    "referenced_item_settled",
                    f"The referenced item(s) {', '.join(settled)} have nothing left open.",
                    items=settled,
                )
            )
        reasons.append(
            clue(
                "no_open_items",
                f"Customer {customer} has nothing open in {match_currency}; the payment stays "
                "on account.",
                customer=customer,
            )
        )
        return _without_lines(
            run, position, MatchOutcome.ON_ACCOUNT, customer, reasons, confidence=who.confidence
        )
    referenced, fuzzy, hold, unresolved = _named_items(
        run, hits, same, references, match_currency, reasons
    )
    context = Context(
        position=position,
        customer=customer,
        currency=currency,
        match_currency=match_currency,
        amount=amount,
        target=target,
        fx=fx,
        pay_day=int(payments.effective[position]),
        digits=currency_digits(match_currency),
        confidence=who.confidence,
        reasons=reasons,
        open=index,
        policy=policy,
        hold=hold,
        unresolved=unresolved,
    )
    if referenced:
        return by_reference(context, referenced, same, fuzzy)
    return by_amount(context, same)


def match(
    payments: Any,
    open_items: Any,
    *,
    customers: Any = None,
    policy: MatchPolicy | None = None,
    as_of: dt.date,
    rates: RateTable | None = None,
    progress: Progress | None = None,
    memory: PayerMemory | None = None,
) -> CashApplicationResult:
    """Match ``payments`` to ``open_items`` under ``policy``; one decision per payment.

    ``payments``, ``open_items`` and ``customers`` are domain objects or
    columns (see :mod:`receivables.cashapp.columns`). Payments received after
    ``as_of`` are rejected and items issued after it are left out: the run
    must not see the future. ``rates``
    enables payments in a currency other than the items'. ``progress`` (a
    callable or an object with ``update(n)``, e.g. tqdm) hears about every
    thousand payments. ``memory`` is what analysts confirmed before
    (:func:`~receivables.cashapp.memory.learn`): payer names, accounts and
    remittance patterns per customer, consulted when the customer master
    cannot say who paid.

    >>> import datetime as dt
    >>> result = match({"id": ["P1"], "amount": [5000], "currency": ["USD"],
    ...                 "received_date": ["2026-03-02"], "customer_id": ["C1"]},
    ...                {"number": ["A-1", "A-2"], "customer_id": ["C1", "C1"],
    ...                 "open": [5000, 5000], "currency": ["USD", "USD"],
    ...                 "due_date": ["2026-02-01", "2026-03-01"]}, as_of=dt.date(2026, 3, 2))
    >>> result.decisions[0].outcome, [c.items for c in result.decisions[0].alternatives]
    (<MatchOutcome.PROPOSED: 'proposed'>, [('A-1',), ('A-2',)])
    """
    policy = _checked(policy, as_of, rates, memory)
    payment_rows, items = payment_table(payments), item_table(open_items)
    people = customer_table(customers)
    _refuse_the_future(payment_rows, as_of)
    index = OpenItems(items, day_number(as_of))
    payers = PayerIndex(
        people.ids, people.names, aliases=people.aliases, bank_accounts=people.bank_accounts
    )
    run = _Run(payment_rows, index, payers, policy, rates)
    references = [
        extract_references(text, min_length=policy.reference_min_length, exact=index.exact)
        for text in payment_rows.remittance
    ]
    hits = [index.hits(found, policy.reference_min_length) for found in references]
    who = identify(
        payment_rows, index, payers, policy, references, Recall(memory) if memory else None, hits
    )
    original_of = _copies(payment_rows, policy)
    tick = reporter(progress)
    drafts: list[Draft | None] = [None] * len(payment_rows)
    for step, position in enumerate(_serving_order(run, who, hits), start=1):
        drafts[position] = _decide(
            run,
            position,
            who[position],
            references[position],
            original_of.get(position),
            hits[position],
        )
        if step % 1000 == 0:
            tick(1000)
    tick(len(payment_rows) % 1000)
    return CashApplicationResult(
        policy, payment_rows, items, tuple(d for d in drafts if d is not None)
    )


def _checked(
    policy: MatchPolicy | None, as_of: object, rates: object, memory: object
) -> MatchPolicy:
    """The policy to use, once the options are known to be what they should be."""
    policy = MatchPolicy() if policy is None else policy
    if not isinstance(policy, MatchPolicy):
        raise ValidationError("policy", policy, "a MatchPolicy")
    if isinstance(as_of, dt.datetime) or not isinstance(as_of, dt.date):
        raise ValidationError("as_of", as_of, "a datetime.date")
    if rates is not None and not isinstance(rates, RateTable):
        raise ValidationError("rates", rates, "a receivables.money.RateTable or None")
    if memory is not None and not isinstance(memory, PayerMemory):
        raise ValidationError("memory", memory, "a receivables.cashapp.memory.PayerMemory or None")
    return policy


def _refuse_the_future(payments: PaymentTable, as_of: dt.date) -> None:
    late = np.flatnonzero(payments.received > day_number(as_of))
    if late.size:
        first = int(late[0])
        raise ValidationError(
            f"payments[{first}].received_date",
            payments.ids[first],
            f"a payment received on or before as_of {as_of.isoformat()}",
        )


def _arrival(payments: PaymentTable) -> list[int]:
    """Positions by received date, then id: the first copy to arrive is the original."""
    return sorted(range(len(payments)), key=lambda p: (int(payments.received[p]), payments.ids[p]))


def _copies(payments: PaymentTable, policy: MatchPolicy) -> dict[int, int]:
    """Position of each re-sent copy -> position of its original (:mod:`~receivables.cashapp.duplicates`)."""
    order = _arrival(payments)
    repeated = duplicates(
        [
            payer_key(payments.customer_id[p], payments.payer_account[p], payments.payer_name[p])
            for p in order
        ],
        [int(payments.amount[p]) for p in order],
        [payments.currency[p] for p in order],
        [int(payments.received[p]) for p in order],
        [payments.remittance[p] or payments.bank_reference[p] for p in order],
        window_days=policy.duplicate_window_days,
        needs_reference=policy.duplicate_needs_reference,
        same_day=[
            "".join((payments.payer_account[p] or "").split()).upper()
            if policy.duplicate_same_day
            else ""
            for p in order
        ],
        bare=[not payments.remittance[p].strip() for p in order],
    )
    return {order[step]: order[first] for step, first in enumerate(repeated) if first is not None}


def _serving_order(
    run: _Run, who: Sequence[Who], hits: Sequence[list[tuple[int, str, str]]]
) -> list[int]:
    """Payments naming their customer's items first, then the others, each by arrival.

    So an amount-only match never takes an invoice another payment names.
    """
    owner = run.items.items.customer_id
    named = [
        any(owner[row] == who[p].customer for row, _, _ in hits[p])
        for p in range(len(run.payments))
    ]
    return sorted(_arrival(run.payments), key=lambda p: not named[p])
