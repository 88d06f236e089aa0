"""What does an AR team's day look like, run end to end on a sample portfolio?

``python -m receivables demo`` runs :func:`run_day` on a seeded portfolio from
:mod:`receivables.samples`: apply the cash, post it to the ledger, age the
open items, compute the collection KPIs, run the dunning strategy and build
the collectors' worklist, and returns a :class:`DaySummary` that
:func:`render` turns into text. Each step uses the library's public engines
exactly as a host would; policies are built from plain dicts through
:mod:`receivables.interop`, as a host reading configuration would.

>>> summary = run_day(seed=1, customers=12)
>>> summary.payments == sum(summary.cash_outcomes.values())
True
>>> summary.aging_total == summary.ledger_balance
True
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from receivables import aging, cashapp, dunning, metrics, plans
from receivables.documents import Adjustment, AdjustmentKind
from receivables.errors import ValidationError
from receivables.interop import structure
from receivables.ledger import ItemKind, Ledger, OpenItem
from receivables.money import Money, total
from receivables.policies import writeoffs
from receivables.progress import Progress
from receivables.samples import Portfolio, generate

__all__ = [
    "DEMO_PLAN_LIMITS",
    "DEMO_STRATEGY",
    "DEMO_WRITE_OFFS",
    "MAX_CUSTOMERS",
    "DaySummary",
    "render",
    "run_day",
]


DEMO_STRATEGY: Mapping[str, Any] = {
    "id": "demo-collections",
    "version": "2026-06",
    "tracks": [
        {
            "name": "standard",
            "levels": [
                {"action": "email", "days_overdue": 1, "template": "reminder-1"},
                {"action": "email", "days_overdue": 15, "template": "reminder-2"},
                {"action": "call", "days_overdue": 30, "template": "call-script"},
                {"action": "letter", "days_overdue": 45, "template": "formal-letter"},
                {
                    "action": "pre_legal",
                    "days_overdue": 75,
                    "template": "pre-legal",
                    "min_amount": "500",
                    "needs_approval": True,
                },
            ],
        }
    ],
}
"""The demo's collection strategy, as a host would keep it in configuration."""


DEMO_WRITE_OFFS: Mapping[str, Any] = {
    "id": "demo-write-offs",
    "version": "2026-06",
    "small_balance_limits": {
        "USD": {"amount": "5.00", "currency": "USD"},
        "MXN": {"amount": "100.00", "currency": "MXN"},
        "COP": {"amount": "20000.00", "currency": "COP"},
    },
    "small_balance_min_age_days": 30,
}
"""Residues under these amounts and more than 30 days past due are written off."""

DEMO_PLAN_LIMITS: Mapping[str, tuple[str, str, str]] = {
    "USD": ("5000.00", "25000.00", "100000.00"),
    "MXN": ("100000.00", "500000.00", "2000000.00"),
    "COP": ("20000000.00", "100000000.00", "400000000.00"),
}
"""What an analyst signs alone, then a team lead's and a credit manager's limits, per book."""


def _plan_policy(currency: str) -> plans.PlanPolicy:
    analyst, lead, manager = DEMO_PLAN_LIMITS[currency]
    return structure(
        {
            "id": f"demo-plans-{currency.lower()}",
            "version": "2026-06",
            "currency": currency,
            "analyst_limit": {"amount": analyst, "currency": currency},
            "approval_tiers": [
                {"level": "team_lead", "up_to": {"amount": lead, "currency": currency}},
                {"level": "credit_manager", "up_to": {"amount": manager, "currency": currency}},
                {"level": "cfo", "up_to": None},
            ],
        },
        plans.PlanPolicy,
    )


MAX_CUSTOMERS = 5_000
"""The largest sample portfolio the demo runs (40 customers take about a second)."""


@attrs.frozen(kw_only=True)
class DaySummary:
    """What the day produced, in numbers a collections lead reads first.

    >>> summary = run_day(customers=3)
    >>> summary.ledger_balance.currency.code == summary.currency == "USD"
    True
    """

    as_of: dt.date
    customers: int
    invoices: int
    payments: int
    cash_outcomes: Mapping[str, int]
    applied_lines: int
    cash_adjustments: int
    currency: str
    ledger_balance: Money
    aging_buckets: Mapping[str, Money]
    aging_unapplied: Money
    aging_total: Money
    dso_days: Decimal
    best_possible_dso_days: Decimal
    average_days_delinquent: Decimal
    plan: tuple[str, str, str, str] | None
    write_offs: int
    written_off: Money
    dunning_outcomes: Mapping[str, int]
    dunning_actions: Mapping[str, int]
    worklist: tuple[tuple[str, str, str], ...]


def run_day(
    *,
    seed: int = 2026,
    customers: int = 40,
    as_of: dt.date = dt.date(2026, 6, 30),
    currency: str = "USD",
    progress: Progress | None = None,
) -> DaySummary:
    """Generate a portfolio and run the day on it; the same seed gives the same summary.

    Figures in money are for the customers billed in ``currency`` (the sample
    bills in USD, COP and MXN; each currency is a separate book). Another
    currency is an error, not an all-zero report.

    >>> summary = run_day(customers=3)
    >>> summary.customers, summary.currency, summary == run_day(customers=3)
    (3, 'USD', True)
    >>> sum(summary.cash_outcomes.values()) == summary.payments
    True
    """
    if not isinstance(currency, str) or currency not in DEMO_PLAN_LIMITS:
        raise ValidationError(
            "currency",
            currency,
            f"one of {', '.join(sorted(DEMO_PLAN_LIMITS))}, the books of the sample portfolio",
        )
    if isinstance(customers, bool) or not isinstance(customers, int) or customers > MAX_CUSTOMERS:
        raise ValidationError(
            "customers", customers, f"a whole number of customers, at most {MAX_CUSTOMERS:,}"
        )
    if isinstance(progress, Mapping | str | bytes | list | tuple | set):  # .update is no bar
        raise ValidationError("progress", progress, "None, a callable or a tqdm-like bar")
    portfolio = generate(seed=seed, customers=customers, as_of=as_of)
    result = cashapp.match(
        portfolio.payments,
        portfolio.invoices,
        customers=portfolio.customers,
        as_of=as_of,
        progress=progress,
    )
    ledger = Ledger.of(
        [*portfolio.customers, *portfolio.invoices, *result.identified_payments(portfolio.payments)]
    )
    ledger = ledger.apply(*result.applications()).add(*result.adjustments())

    items = [i for i in ledger.open_items(as_of=as_of) if i.currency == currency]
    report = aging.age(items, as_of=as_of)
    line = report.total(currency)
    balances = [b for b in ledger.balances(as_of=as_of) if b.currency == currency]

    # KPIs over the last 90 days: sales are the invoices issued in the window.
    window = 90
    start = as_of - dt.timedelta(days=window)
    sales = total(
        (
            i.amount
            for i in portfolio.invoices
            if i.currency == currency and start < i.issue_date <= as_of
        ),
        currency,
    )
    owed = total((i.open for i in items if not i.is_credit), currency)
    current = total(
        (i.open for i in items if not i.is_credit and i.days_overdue(as_of) <= 0), currency
    )
    dso = metrics.dso(owed, sales, window)
    best = metrics.best_possible_dso(current, sales, window)

    plan = _offer_plan(portfolio, items, as_of)
    review = [
        d
        for d in writeoffs.small_balances(
            items, as_of, structure(DEMO_WRITE_OFFS, writeoffs.WriteOffPolicy)
        )
        if d.outcome is writeoffs.WriteOffOutcome.WRITE_OFF
    ]
    # Post the write-offs: the ledger then holds nothing below the threshold.
    ledger = ledger.add(
        *(
            Adjustment(
                id=f"WO-{d.number}",
                customer_id=d.customer_id,
                kind=AdjustmentKind.WRITE_OFF,
                amount=d.residue,
                date=as_of,
                target_number=d.number,
                reason=d.reasons[0].code,
            )
            for d in review
        )
    )

    strategy = structure(DEMO_STRATEGY, dunning.CollectionStrategy)
    run = _dunning_quarter(ledger, portfolio, strategy, as_of)
    acting = Counter(
        d.action.value for d in run.decisions if d.outcome is dunning.Outcome.ACT and d.action
    )
    # The worklist ranks one currency at a time unless given rates to convert.
    book = attrs.evolve(run, decisions=tuple(d for d in run.decisions if d.currency == currency))
    top = dunning.worklist(book)[:5]

    return DaySummary(
        as_of=as_of,
        customers=len(portfolio.customers),
        invoices=len(portfolio.invoices),
        payments=len(portfolio.payments),
        cash_outcomes=dict(sorted(Counter(d.outcome.value for d in result.decisions).items())),
        applied_lines=len(result.applications()),
        cash_adjustments=len(result.adjustments()),
        currency=currency,
        ledger_balance=total((b.balance for b in balances), currency),
        aging_buckets=line.by_bucket(),
        aging_unapplied=line.unapplied,
        aging_total=line.outstanding,
        dso_days=dso,
        best_possible_dso_days=best,
        average_days_delinquent=metrics.average_days_delinquent(dso, best),
        plan=plan,
        write_offs=len(review),
        written_off=total((d.residue for d in review), currency),
        dunning_outcomes=dict(sorted(Counter(d.outcome.value for d in run.decisions).items())),
        dunning_actions=dict(sorted(acting.items())),
        worklist=tuple(
            (entry.customer_id, str(entry.score), entry.reasons[0].message if entry.reasons else "")
            for entry in top
        ),
    )


def _dunning_quarter(
    ledger: Ledger, portfolio: Portfolio, strategy: dunning.CollectionStrategy, as_of: dt.date
) -> dunning.DunningRun:
    """Today's run after a quarter of weekly runs, each one's steps fed to the next.

    The team runs dunning every week; the steps it took are the history that
    the minimum intervals and the "never skip a level" rule read.
    """
    history: dict[str, list[dunning.DunningStep]] = {c.id: [] for c in portfolio.customers}
    run = None
    for weeks_ago in range(12, -1, -1):
        day = as_of - dt.timedelta(days=7 * weeks_ago)
        by_customer: dict[str, list[OpenItem]] = {}
        for item in ledger.open_items(as_of=day, include_credits=False):
            if item.kind in (ItemKind.INVOICE, ItemKind.DEBIT_NOTE):
                by_customer.setdefault(item.customer_id, []).append(item)
        accounts = [
            dunning.DunningAccount(
                customer=customer,
                items=tuple(by_customer.get(customer.id, ())),
                steps=tuple(history[customer.id]),
            )
            for customer in portfolio.customers
        ]
        run = dunning.run(accounts, as_of=day, strategy=strategy)
        if weeks_ago:
            for decision in run.decisions:
                if decision.outcome is dunning.Outcome.ACT and decision.action and decision.level:
                    history[decision.customer_id].append(
                        dunning.DunningStep(level=decision.level, action=decision.action, on=day)
                    )
    assert run is not None
    return run


def _offer_plan(
    portfolio: Portfolio, items: list[OpenItem], as_of: dt.date
) -> tuple[str, str, str, str] | None:
    """A six-month plan for the customer with the most money over 60 days late.

    Returns (customer, plan total, outcome, the first reason) or None if nobody is that late.
    """
    late: dict[str, list[OpenItem]] = {}
    for item in items:
        if not item.is_credit and item.days_overdue(as_of) > 60:
            late.setdefault(item.customer_id, []).append(item)
    if not late:
        return None
    customer_id = max(sorted(late), key=lambda c: sum(i.open.amount for i in late[c]))
    customer = next(c for c in portfolio.customers if c.id == customer_id)
    terms = plans.PlanTerms(
        first_due_date=as_of + dt.timedelta(days=30),
        installments=6,
        down_payment_percent=Decimal(20),
        interest=plans.InterestMethod.AMORTIZING,
        annual_rate_percent=Decimal(12),
    )
    plan = plans.build_plan(
        late[customer_id],
        terms,
        plan_id=f"PP-{customer_id}",
        customer_id=customer_id,
        plan_date=as_of,
    )
    decision = plans.evaluate(plan, customer, _plan_policy(plan.total.code))
    first = decision.reasons[0].message if decision.reasons else ""
    return customer_id, f"{plan.total.amount:,} {plan.total.code}", decision.outcome.value, first


def render(summary: DaySummary) -> str:
    """The summary as a short text report.

    >>> print(render(run_day(seed=1, customers=6)).splitlines()[0])
    AR day on 2026-06-30: 6 customers, ... invoices, ... payments
    """
    if not isinstance(summary, DaySummary):
        raise ValidationError("summary", summary, "a DaySummary from run_day")
    lines = [
        (
            f"AR day on {summary.as_of.isoformat()}: {summary.customers} customers, "
            f"{summary.invoices} invoices, {summary.payments} payments"
        ),
        "",
        "Cash application",
        *(f"  {outcome:<13}{count:>6}" for outcome, count in summary.cash_outcomes.items()),
        f"  applications posted to the ledger: {summary.applied_lines}",
        f"  short-pay write-offs and bank fees posted: {summary.cash_adjustments}",
        "",
        f"Aging ({summary.currency}, by due date)",
        *(f"  {label:<13}{money.amount:>16,}" for label, money in summary.aging_buckets.items()),
        f"  {'unapplied':<13}{summary.aging_unapplied.amount:>16,}",
        (
            f"  {'outstanding':<13}{summary.aging_total.amount:>16,}"
            f"   (ledger balance {summary.ledger_balance.amount:,})"
        ),
        "",
        "Collection KPIs (last 90 days)",
        (
            f"  DSO {summary.dso_days:.1f} days, best possible "
            f"{summary.best_possible_dso_days:.1f}, average days delinquent "
            f"{summary.average_days_delinquent:.1f}"
        ),
        "",
        "Payment plan offered to the most overdue customer",
        (
            f"  {summary.plan[0]}: {summary.plan[1]} over 6 months, {summary.plan[2]}: "
            f"{summary.plan[3]}"
            if summary.plan
            else "  nobody is more than 60 days late"
        ),
        "",
        "Write-off review (small balances)",
        f"  {summary.write_offs} residue(s) to write off, {summary.written_off.amount:,} in all",
        "",
        "Dunning run (after twelve weekly runs)",
        "  "
        + ", ".join(f"{count} {outcome}" for outcome, count in summary.dunning_outcomes.items()),
        *(f"  {action:<13}{count:>6}" for action, count in summary.dunning_actions.items()),
        "  worklist, top 5:",
        *(f"    {customer}  score {score}  {why}" for customer, score, why in summary.worklist),
    ]
    return "\n".join(lines)
