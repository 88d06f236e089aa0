"""Which facts about a customer's history weigh against more credit?

The rules both an order hold and a credit-limit request apply, each a small
function returning its :class:`~receivables.decisions.Reason` or nothing
(the way beancount's validations return a finding or nothing): a broken
payment plan, payments returned in the last months, an adverse bureau report
or a score under the minimum; and the counting behind them
(:func:`returned_payments`, open disputes).

>>> returned_payments([], dt.date(2026, 3, 1), 6)
0
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from dateutil.relativedelta import relativedelta

from receivables.decisions import (
    Reason,
)
from receivables.documents import (
    Customer,
    Dispute,
    Payment,
    PaymentMethod,
    Reversal,
    ReversalKind,
    parse_member,
)
from receivables.errors import ValidationError
from receivables.policies.credit.facts import CreditFacts, PlanStanding
from receivables.policies.credit.policy import CreditPolicy
from receivables.validators import check_date, check_items, check_whole

__all__ = [
    "returned_payments",
]


def returned_payments(
    reversals: Iterable[Reversal],
    as_of: dt.date,
    months: int,
    *,
    methods: Iterable[PaymentMethod | str] = (),
    payments: Iterable[Payment] = (),
) -> int:
    """How many payments were returned in the ``months`` before ``as_of`` (exclusive start).

    With ``methods`` (e.g. ``["check"]``), only returned payments made by one
    of them count; a returned payment missing from ``payments`` counts, since
    its method is unknown and a credit check errs on the careful side.

    >>> bounce = Reversal(id="R1", kind="returned_payment", target_id="P1",
    ...                   date=dt.date(2025, 9, 2))
    >>> returned_payments([bounce], dt.date(2026, 3, 1), 6), returned_payments(
    ...     [bounce], dt.date(2026, 3, 2), 6)
    (1, 0)
    """
    check_date("as_of", as_of)
    check_whole("months", months, 0, 1200)
    wanted = {
        parse_member(PaymentMethod, method, f"methods[{index}]", ValidationError)
        for index, method in enumerate(check_items("methods", methods))
    }
    method_of = {}
    for index, payment in enumerate(check_items("payments", payments)):
        if not isinstance(payment, Payment):
            raise ValidationError(f"payments[{index}]", payment, "a receivables.documents.Payment")
        method_of[payment.id] = payment.method
    try:
        start = as_of - relativedelta(months=months)
    except OverflowError:
        start = dt.date.min
    count = 0
    for index, reversal in enumerate(check_items("reversals", reversals)):
        if not isinstance(reversal, Reversal):
            raise ValidationError(
                f"reversals[{index}]", reversal, "a receivables.documents.Reversal"
            )
        if reversal.kind is not ReversalKind.RETURNED_PAYMENT:
            continue
        if not start < reversal.date <= as_of:
            continue
        method = method_of.get(reversal.target_id)
        if wanted and method is not None and method not in wanted:
            continue
        count += 1
    return count


def _open_disputes(disputes: Iterable[Dispute], as_of: dt.date) -> set[str]:
    numbers: set[str] = set()
    for index, dispute in enumerate(disputes):
        if not isinstance(dispute, Dispute):
            raise ValidationError(f"disputes[{index}]", dispute, "a receivables.documents.Dispute")
        if dispute.is_open(as_of):
            numbers.add(dispute.invoice_number)
    return numbers


def _broken_plan(customer: Customer, facts: CreditFacts) -> Reason | None:
    if facts.plan_standing is not PlanStanding.BROKEN:
        return None
    return Reason("broken_plan", f"{customer.id} broke a payment plan.", {})


def _returned_cheques(
    reversals: Iterable[Reversal],
    payments: Iterable[Payment],
    as_of: dt.date,
    policy: CreditPolicy,
) -> Reason | None:
    bounced = returned_payments(
        reversals,
        as_of,
        policy.returned_cheque_months,
        methods=policy.returned_methods,
        payments=payments,
    )
    if bounced < policy.returned_cheque_limit:
        return None
    return Reason(
        "returned_cheques",
        f"{bounced} payment(s) returned in the last {policy.returned_cheque_months} months.",
        {"returned": bounced, "months": policy.returned_cheque_months},
    )


def _bureau(facts: CreditFacts, policy: CreditPolicy) -> Reason | None:
    low = (
        policy.min_bureau_score is not None
        and facts.bureau_score is not None
        and facts.bureau_score < policy.min_bureau_score
    )
    if not facts.bureau_adverse and not low:
        return None
    detail = "an adverse bureau report" if facts.bureau_adverse else "a bureau score"
    return Reason(
        "bureau_report",
        f"{detail.capitalize()} ({facts.bureau_score}, minimum {policy.min_bureau_score}).",
        {
            "adverse": facts.bureau_adverse,
            "score": facts.bureau_score,
            "min_score": policy.min_bureau_score,
        },
    )
