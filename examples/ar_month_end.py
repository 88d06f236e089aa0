"""A month end on a small seeded portfolio: apply cash, age, provision, post, tie out.

The controller's close for June 2026, one book per currency:

1. apply the month's bank lines to open invoices (``receivables.cashapp``) and
   post what was applied, with the short-pay write-offs, to the ledger;
2. age the open items at May's and June's month end (the ledger replays any
   date, so last month's figures come from the same documents);
3. provision with an IFRS 9 simplified-approach matrix (a loss rate per
   aging bucket, ``receivables.provisions``);
4. post the adjusting entry from May's allowance to June's;
5. print the trial numbers and assert that they tie out.

Run: python examples/ar_month_end.py
"""

import datetime as dt
from decimal import Decimal

from receivables.aging import AgingLine, age
from receivables.cashapp import MatchOutcome, match
from receivables.journal import AccountMap
from receivables.ledger import Ledger
from receivables.money import total, zero
from receivables.provisions import LossRate, ProvisionMatrix, adjust_allowance, provision
from receivables.samples import generate

PREVIOUS = dt.date(2026, 5, 31)
AS_OF = dt.date(2026, 6, 30)

# The host's chart of accounts, by role.
ACCOUNTS = AccountMap({"bad_debt_expense": "6100", "allowance": "1290"})
# Loss rates per aging bucket (in a real close: from roll_rates over the history).
MATRIX = ProvisionMatrix(
    id="ifrs9-trade",
    version="2026-06",
    rates=(
        LossRate("current", Decimal("0.003")),
        LossRate("1-30", Decimal("0.016")),
        LossRate("31-60", Decimal("0.036")),
        LossRate("61-90", Decimal("0.066")),
        LossRate("91-120", Decimal("0.15")),
        LossRate("over 120", Decimal("0.5")),
    ),
)

portfolio = generate(seed=2026, customers=12, as_of=AS_OF)

# 1. Cash application. A payment enters the ledger once its customer is known;
#    duplicates and unidentified deposits stay in the cash-application queue.
result = match(portfolio.payments, portfolio.invoices, customers=portfolio.customers, as_of=AS_OF)
identified = result.identified_payments(portfolio.payments)
queue = [d for d in result.decisions if d.outcome is not MatchOutcome.APPLIED]
ledger = Ledger.of([*portfolio.customers, *portfolio.invoices, *identified])
ledger = ledger.apply(*result.applications()).add(*result.adjustments())
print(
    f"Month end {AS_OF}: {len(portfolio.customers)} customers, {len(portfolio.invoices)} invoices"
)
print(
    f"  cash: {len(portfolio.payments)} bank lines, {len(result.applications())} applications, "
    f"{len(result.adjustments())} write-offs/fees, {len(queue)} left for the cash-app queue"
)


def aging_total(day: dt.date, currency: str) -> AgingLine:
    """The portfolio's aging in one currency on ``day``, replayed from the ledger."""
    items = [i for i in ledger.open_items(as_of=day) if i.currency == currency]
    return age(items, as_of=day).total(currency)


for currency in sorted({invoice.currency for invoice in portfolio.invoices}):
    # 2. Aging at both month ends, from the same ledger.
    opening, closing = aging_total(PREVIOUS, currency), aging_total(AS_OF, currency)

    # 3. Provisions on the gross balance per bucket (unapplied cash is not provisioned).
    before = provision(opening.by_bucket(), MATRIX)
    after = provision(closing.by_bucket(), MATRIX)

    # 4. The adjusting entry from last month's allowance to this month's.
    move = adjust_allowance(before.allowance, after.allowance, date=AS_OF, accounts=ACCOUNTS)

    # 5. Trial numbers.
    balances = [b for b in ledger.balances(as_of=AS_OF) if b.currency == currency]
    control = total((b.balance for b in balances), currency)
    net = closing.outstanding - after.allowance
    print(f"\n{currency} book")
    for line in after.lines:
        print(
            f"  {line.label:>9} {line.balance.amount:>16,} x {line.rate:<6} "
            f"= {line.allowance.amount:>13,}"
        )
    print(f"  {'gross receivables':<27} {closing.gross.amount:>16,}")
    print(f"  {'unapplied cash and credits':<27} {closing.unapplied.amount:>16,}")
    print(f"  {'AR per aging':<27} {closing.outstanding.amount:>16,}")
    print(f"  {'AR per ledger (control)':<27} {control.amount:>16,}")
    print(
        f"  {'allowance May -> June':<27} {before.allowance.amount:>16,} -> {after.allowance.amount:,}"
    )
    if move.entry is not None:
        for entry_line in move.entry.lines:
            print(
                f"    {entry_line.account}  Dr {entry_line.debit.amount:>13,}  "
                f"Cr {entry_line.credit.amount:>13,}"
            )
    print(f"  {'net receivables':<27} {net.amount:>16,}")

    # The trial ties out:
    assert closing.outstanding == control, "aging and ledger disagree"
    assert total(closing.buckets, currency) + closing.unapplied == closing.outstanding
    assert total((line.allowance for line in after.lines), currency) == after.allowance
    assert all(line.allowance <= line.balance for line in after.lines)
    for b in balances:  # the ledger's own identities, per customer
        assert b.open_invoices == b.invoiced - b.applied - b.discounts + b.adjustments_on_invoices
        assert b.unapplied_cash == b.received - b.taken_from_payments
    if move.entry is None:
        assert before.allowance == after.allowance
    else:
        debits = total((line.debit for line in move.entry.lines), currency)
        credits = total((line.credit for line in move.entry.lines), currency)
        assert debits == credits == move.amount
        signed = move.amount if move.outcome == "increase" else zero(currency) - move.amount
        assert before.allowance + signed == after.allowance
