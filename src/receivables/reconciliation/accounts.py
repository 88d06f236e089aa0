"""Does the customer's own ledger agree with ours on the cut-off date, and if not, why not?

:func:`reconcile` is the engine: it checks its inputs, pairs the lines
(:mod:`~receivables.reconciliation.matching`), classes what disagrees
(:mod:`~receivables.reconciliation.differences`) and returns the
:class:`~receivables.reconciliation.statement.Reconciliation` that ties.
:func:`our_lines` gives our side from a :class:`~receivables.ledger.Ledger`.

>>> import datetime as dt
>>> from receivables.money import money
>>> line = AccountLine(document="FV-1", date=dt.date(2026, 6, 1), amount=money("5.00", "USD"))
>>> reconcile([line], [line], customer_id="C1", as_of=dt.date(2026, 6, 30)).differences
()
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, Final

from receivables.documents import Dispute
from receivables.errors import CurrencyMismatchError, ValidationError
from receivables.ledger import ItemKind, Ledger
from receivables.money import Money, from_minor, money, to_minor
from receivables.numbering import reference_key
from receivables.reconciliation.differences import (
    Context,
    counted,
    ours_only,
    pair_outcome,
    theirs_only,
)
from receivables.reconciliation.lines import AccountLine, LineKind, sort_key
from receivables.reconciliation.matching import pairs
from receivables.reconciliation.policy import DEFAULT_POLICY, ReconciliationPolicy
from receivables.reconciliation.statement import (
    Difference,
    DifferenceKind,
    Match,
    Reconciliation,
)

__all__ = ["our_lines", "reconcile"]


def our_lines(
    ledger: Ledger, customer_id: str, *, currency: str, as_of: dt.date
) -> tuple[AccountLine, ...]:
    """Our side from a ledger: the customer's open items in ``currency`` on ``as_of``.

    Reconcile these against the customer's open payables (items they have
    not paid) on the same date.

    >>> from receivables.documents import Invoice, Payment
    >>> ledger = Ledger.of([Invoice(number="FV-1", customer_id="C1", issue_date=dt.date(2026, 6, 1),
    ...     due_date=dt.date(2026, 7, 1), amount=money("100.00", "USD")),
    ...     Payment(id="P9", customer_id="C1", amount=money("30.00", "USD"),
    ...             received_date=dt.date(2026, 6, 20))])
    >>> [(l.document, l.kind.value, l.amount) for l in our_lines(ledger, "C1", currency="USD",
    ...                                                         as_of=dt.date(2026, 6, 30))]
    [('P9', 'payment', Money('-30.00', 'USD')), ('FV-1', 'invoice', Money('100.00', 'USD'))]
    """
    if not isinstance(ledger, Ledger):
        raise ValidationError("ledger", ledger, "a receivables.ledger.Ledger")
    if not isinstance(customer_id, str) or not customer_id.strip():
        raise ValidationError("customer_id", customer_id, "a non-empty customer id")
    kinds = {
        ItemKind.INVOICE: LineKind.INVOICE,
        ItemKind.DEBIT_NOTE: LineKind.DEBIT_NOTE,
        ItemKind.CREDIT_NOTE: LineKind.CREDIT_NOTE,
        ItemKind.PAYMENT: LineKind.PAYMENT,
        ItemKind.ADJUSTMENT: LineKind.ADJUSTMENT,
    }
    return tuple(
        AccountLine(
            document=item.number,
            date=item.document_date,
            amount=item.open,
            kind=kinds[item.kind],
            description=item.reference or "",
        )
        for item in ledger.open_items(as_of=as_of, customer_id=customer_id)
        if item.currency == currency and item.open.amount != 0
    )


def _lines(value: object, field: str, currency: str | None) -> tuple[list[AccountLine], str | None]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise ValidationError(field, value, "a sequence of AccountLine")
    lines = list(value)
    for index, line in enumerate(lines):
        if not isinstance(line, AccountLine):
            raise ValidationError(f"{field}[{index}]", line, "an AccountLine")
        if currency is None:
            currency = line.amount.code
        elif line.amount.code != currency:
            raise CurrencyMismatchError("reconcile", currency, line.amount.code)
    return sorted(lines, key=sort_key), currency


def _disputed(disputes: Iterable[Dispute], customer_id: str, as_of: dt.date) -> frozenset[str]:
    if isinstance(disputes, str | bytes | Mapping) or not isinstance(disputes, Iterable):
        raise ValidationError("disputes", disputes, "a sequence of receivables.documents.Dispute")
    keys = set()
    for index, dispute in enumerate(disputes):
        if not isinstance(dispute, Dispute):
            raise ValidationError(f"disputes[{index}]", dispute, "a receivables.documents.Dispute")
        if dispute.customer_id == customer_id and dispute.is_open(as_of):
            keys.add(reference_key(dispute.invoice_number))
    return frozenset(keys)


_SECTION: Final = {kind: position for position, kind in enumerate(DifferenceKind)}


def _statement_order(difference: Difference) -> tuple[Any, ...]:
    """By class, then by the line it holds (ours first), so any input order gives one order."""
    lines = [line for line in (difference.ours, difference.theirs) if line is not None]
    return (_SECTION[difference.kind], *(part for line in lines for part in sort_key(line)))


def _checked(
    customer_id: object, as_of: object, policy: ReconciliationPolicy | None
) -> ReconciliationPolicy:
    if isinstance(as_of, dt.datetime) or not isinstance(as_of, dt.date):
        raise ValidationError("as_of", as_of, "a datetime.date")
    if not isinstance(customer_id, str) or not customer_id.strip():
        raise ValidationError("customer_id", customer_id, "a non-empty customer id")
    policy = DEFAULT_POLICY if policy is None else policy
    if not isinstance(policy, ReconciliationPolicy):
        raise ValidationError("policy", policy, "a ReconciliationPolicy")
    return policy


def _classified(
    our: list[AccountLine], their: list[AccountLine], context: Context
) -> tuple[list[Match], list[Difference], list[AccountLine], list[AccountLine]]:
    """Matches and differences of the pairs, then of the lines left on either side."""
    matches: list[Match] = []
    differences: list[Difference] = []
    used_ours: set[int] = set()
    used_theirs: set[int] = set()
    for o, t, how in pairs(our, their, context.policy):
        used_ours.add(o)
        used_theirs.add(t)
        outcome = pair_outcome(our[o], their[t], how, context)
        if isinstance(outcome, Match):
            matches.append(outcome)
        else:
            differences.append(outcome)
    left_ours = [line for i, line in enumerate(our) if i not in used_ours]
    left_theirs = [line for i, line in enumerate(their) if i not in used_theirs]
    differences += [ours_only(line, context) for line in left_ours if line.date <= context.as_of]
    differences += [
        theirs_only(line, context) for line in left_theirs if line.date <= context.as_of
    ]
    return matches, differences, left_ours, left_theirs


def _unexplained(stated: int, lines: int, context: Context) -> Difference:
    said = from_minor(stated, context.currency).amount
    added = from_minor(lines, context.currency).amount
    return context.difference(
        DifferenceKind.UNEXPLAINED,
        stated - lines,
        None,
        None,
        f"They state {said}; their lines add up to {added}.",
        stated=str(said),
        lines=str(added),
    )


def reconcile(
    ours: Iterable[AccountLine],
    theirs: Iterable[AccountLine],
    *,
    customer_id: str,
    as_of: dt.date,
    currency: str | None = None,
    their_balance: Money | None = None,
    disputes: Iterable[Dispute] = (),
    policy: ReconciliationPolicy | None = None,
) -> Reconciliation:
    """Match their lines to ours and explain every cent between the two balances on ``as_of``.

    ``currency`` defaults to the first line's; every line must be in it.
    ``their_balance`` is the balance they state (a confirmation reply), when
    it is not simply the sum of their lines; the gap is ``unexplained``.
    The result depends on the lines, not on their order.

    >>> line = AccountLine(document="NC-7", date=dt.date(2026, 6, 10), amount=money("-50.00", "USD"),
    ...                    kind="credit_note")
    >>> reconcile([line], [], customer_id="C1", as_of=dt.date(2026, 6, 30)).worklist[0].kind.value
    'credit_not_applied'
    >>> reconcile([], [], customer_id="C1", as_of=dt.date(2026, 6, 30))
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: currency: got None; expected an ISO 4217 code (no line says it)
    """
    policy = _checked(customer_id, as_of, policy)
    if currency is not None:
        money(0, currency, field="currency")
    our, currency = _lines(ours, "ours", currency)
    their, currency = _lines(theirs, "theirs", currency)
    if currency is None:
        raise ValidationError("currency", None, "an ISO 4217 code (no line says it)")
    if their_balance is not None:
        if not isinstance(their_balance, Money):
            raise ValidationError("their_balance", their_balance, "a Money or None")
        if their_balance.code != currency:
            raise CurrencyMismatchError("reconcile", currency, their_balance.code)
    documents = {line.key: line.document for line in reversed(our) if line.key}
    context = Context(as_of, currency, policy, _disputed(disputes, customer_id, as_of), documents)
    matches, differences, left_ours, left_theirs = _classified(our, their, context)
    their_units = sum(counted(line, as_of) for line in their)
    stated = their_units if their_balance is None else to_minor(their_balance)
    if stated != their_units:
        differences.append(_unexplained(stated, their_units, context))
    differences.sort(key=_statement_order)
    return Reconciliation(
        customer_id=customer_id,
        currency=currency,
        as_of=as_of,
        our_balance=from_minor(sum(counted(line, as_of) for line in our), currency),
        their_balance=from_minor(stated, currency),
        matches=tuple(sorted(matches, key=lambda m: (sort_key(m.ours), sort_key(m.theirs)))),
        differences=tuple(differences),
        ours_after_cut_off=tuple(line for line in left_ours if line.date > as_of),
        theirs_after_cut_off=tuple(line for line in left_theirs if line.date > as_of),
        policy_id=policy.id,
        policy_version=policy.version,
    )
