"""Statements for a whole portfolio, partitioned by customer on a local Dask cluster.

The same unchanged engine runs on each partition; the associative merge of the parts equals
the single-process run, which this script checks before printing one statement.

Run: python examples/statements_on_dask.py
"""

import datetime as dt
import logging

import attrs
from distributed import Client, LocalCluster

from receivables.allocation import oldest_due_first
from receivables.ledger import Ledger
from receivables.partitions import split_ledger, with_dask
from receivables.samples import generate
from receivables.statements import merge, statements, to_text

D = dt.date
START, END = D(2026, 4, 1), D(2026, 6, 30)

sample = generate(seed=2026, customers=60, invoices_per_customer=6, as_of=END)
# Payments whose payer account is on file are identified; the rest wait for cash application.
owners = {account: c.id for c in sample.customers for account in c.bank_accounts}
identified = [
    attrs.evolve(p, customer_id=owners[p.payer_account])
    for p in sample.payments
    if p.payer_account in owners
]
ledger = Ledger.of([*sample.customers, *sample.invoices, *identified])
for payment in sorted(identified, key=lambda p: (p.received_date, p.id)):
    ledger = ledger.allocate(payment.id, oldest_due_first, on=payment.received_date)


def quarter(part: Ledger) -> tuple[object, ...]:
    """The engine, unchanged: every statement of one partition for the quarter."""
    return statements(part, start=START, end=END)


if __name__ == "__main__":
    # distributed logs its shutdown at INFO, sometimes with the traceback of a comm it had
    # already closed ("Batched Comm Closed"); warnings and errors still show.
    logging.getLogger("distributed").setLevel(logging.WARNING)
    single = statements(ledger, start=START, end=END)
    parts = split_ledger(ledger, partitions=8)
    with (
        LocalCluster(n_workers=2, processes=False, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        distributed = with_dask(quarter, parts, merge, scheduler=client)
    assert distributed == single, "the partitioned run must equal the single-process run"
    print(f"{len(single)} statements, {len(parts)} partitions: identical to one process")
    busiest = max(single, key=lambda s: len(s.lines))
    print()
    print(to_text(busiest))
