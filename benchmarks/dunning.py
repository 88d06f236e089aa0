"""Dunning run over a seeded portfolio: the library against a pandas groupby-apply baseline.

    python benchmarks/dunning.py              # 100,000 customers
    python benchmarks/dunning.py --scale 0.01 # 1,000 customers, a smoke run

The baseline is what an analyst would otherwise write: one DataFrame of open
items, ``groupby("customer_id").apply`` with the core ladder rules (disputed
items left out, days overdue and amount thresholds, one level at a time, the
minimum interval). It covers fewer rules than the library (no contact hours,
holidays, frequency caps, promises, plans, bureau notices or corrections), so
the ratio understates what the library does per account.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import pandas as pd

from receivables.documents import Customer, Dispute, PromiseToPay
from receivables.dunning import (
    CollectionStrategy,
    ContactAttempt,
    DunningAccount,
    DunningStep,
    Level,
    Track,
    run,
    worklist,
)
from receivables.ledger import ItemKind, OpenItem
from receivables.money import from_minor

AS_OF = dt.date(2026, 3, 2)
PLACES = (
    ("US", "America/New_York"),
    ("CO", "America/Bogota"),
    ("MX", "America/Mexico_City"),
    ("DE", "Europe/Berlin"),
    ("GB", "Europe/London"),
)
LEVELS = (
    Level(action="email", days_overdue=1, template="reminder", min_interval_days=7),
    Level(action="call", days_overdue=15, template="call", min_interval_days=7),
    Level(action="letter", days_overdue=30, template="letter", min_amount=Decimal(100)),
    Level(action="pre_legal", days_overdue=45, template="pre_legal", skippable=True),
    Level(action="bureau_report", days_overdue=60, template="bureau"),
    Level(action="agency", days_overdue=90, template="agency", needs_approval=True),
)
STRATEGY = CollectionStrategy(
    id="benchmark",
    version="1",
    tracks=[
        Track(name="vip", segment="vip", levels=LEVELS[:3]),
        Track(name="default", levels=LEVELS),
    ],
)


def portfolio(customers: int, seed: int = 20260302) -> tuple[list[DunningAccount], pd.DataFrame]:
    """Seeded accounts, and the same items as one DataFrame for the baseline."""
    rng = random.Random(seed)
    accounts: list[DunningAccount] = []
    rows: list[tuple[str, str, int, int, bool, int, int]] = []
    for n in range(customers):
        cid = f"C{n:07d}"
        country, zone = PLACES[rng.randrange(len(PLACES))]
        customer = Customer(
            id=cid,
            name=cid,
            country=country,
            timezone=zone,
            segment="vip" if rng.random() < 0.1 else "default",
        )
        items: list[OpenItem] = []
        disputes: list[Dispute] = []
        for k in range(rng.randint(1, 5)):
            due = AS_OF - dt.timedelta(days=rng.randint(-30, 150))
            units = rng.randint(1_000, 2_000_000)
            amount = from_minor(units, "USD")
            number = f"{cid}-{k}"
            items.append(
                OpenItem(
                    number=number,
                    customer_id=cid,
                    kind=ItemKind.INVOICE,
                    document_date=due - dt.timedelta(days=30),
                    due_date=due,
                    original=amount,
                    open=amount,
                )
            )
            disputed = rng.random() < 0.05
            if disputed:
                disputes.append(
                    Dispute(
                        id=f"D-{number}",
                        customer_id=cid,
                        invoice_number=number,
                        opened_on=AS_OF - dt.timedelta(days=3),
                    )
                )
            rows.append((cid, number, (AS_OF - due).days, units, disputed, 0, 0))
        steps = [
            DunningStep(
                level=level, action=LEVELS[level - 1].action, on=AS_OF - dt.timedelta(days=d)
            )
            for level, d in enumerate(
                sorted(rng.sample(range(1, 60), rng.randint(0, 3)), reverse=True), 1
            )
        ]
        if steps:
            last = steps[-1]
            rows[-1] = (*rows[-1][:5], last.level, (AS_OF - last.on).days)
        attempts = [
            ContactAttempt(on=AS_OF - dt.timedelta(days=rng.randint(0, 9)), action="call")
            for _ in range(rng.randint(0, 8))
        ]
        promises = []
        if rng.random() < 0.05:
            promises.append(
                PromiseToPay(
                    id=f"P-{cid}",
                    customer_id=cid,
                    amount=from_minor(10_000, "USD"),
                    promised_date=AS_OF + dt.timedelta(days=rng.randint(-5, 5)),
                    taken_on=AS_OF - dt.timedelta(days=10),
                    taken_by="ana",
                )
            )
        accounts.append(
            DunningAccount(
                customer=customer,
                items=items,
                disputes=disputes,
                promises=promises,
                plan_status=rng.choice((None, None, None, "current", "in_arrears")),
                steps=steps,
                attempts=attempts,
                bureau_notices=[AS_OF - dt.timedelta(days=25)] if rng.random() < 0.3 else [],
                customer_value=Decimal(rng.randint(0, 10**6)),
            )
        )
    frame = pd.DataFrame(
        rows,
        columns=["customer_id", "number", "days", "units", "disputed", "last_level", "since"],
    )
    # every row of a customer carries its last step (the generator wrote it on the last row)
    frame["last_level"] = frame.groupby("customer_id")["last_level"].transform("max")
    frame["since"] = frame.groupby("customer_id")["since"].transform("max")
    return accounts, frame


def baseline(frame: pd.DataFrame) -> pd.Series:
    """The pandas groupby-apply an analyst would write for the core ladder."""
    thresholds = [
        (lv.days_overdue, int(lv.min_amount * 100), lv.min_interval_days) for lv in LEVELS
    ]

    def next_level(group: pd.DataFrame) -> int:
        live = group[(group["days"] > 0) & ~group["disputed"]]
        if live.empty:
            return 0
        days = int(live["days"].max())
        amount = int(live["units"].sum())
        done = int(group["last_level"].iloc[0])
        if done and int(group["since"].iloc[0]) < thresholds[done - 1][2]:
            return 0
        if done < len(thresholds):
            need_days, need_units, _ = thresholds[done]
            if days >= need_days and amount >= need_units:
                return done + 1
        return 0

    return frame.groupby("customer_id")[list(frame.columns[1:])].apply(next_level)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of 100,000 customers")
    args = parser.parse_args()
    customers = max(1, int(100_000 * args.scale))

    started = time.perf_counter()
    accounts, frame = portfolio(customers)
    built = time.perf_counter() - started
    items = len(frame)

    # warm-up: load the five countries' holiday calendars (a one-off, cached per process)
    started = time.perf_counter()
    run(accounts[:200], as_of=AS_OF, at=dt.time(10, 30), strategy=STRATEGY)
    warm = time.perf_counter() - started

    started, cpu = time.perf_counter(), time.process_time()
    result = run(accounts, as_of=AS_OF, at=dt.time(10, 30), strategy=STRATEGY)
    library, library_cpu = time.perf_counter() - started, time.process_time() - cpu

    started, cpu = time.perf_counter(), time.process_time()
    ranked = worklist(result)
    ranking, ranking_cpu = time.perf_counter() - started, time.process_time() - cpu

    half = len(accounts) // 2
    started = time.perf_counter()
    merged = run(accounts[:half], as_of=AS_OF, at=dt.time(10, 30), strategy=STRATEGY).merge(
        run(accounts[half:], as_of=AS_OF, at=dt.time(10, 30), strategy=STRATEGY)
    )
    split = time.perf_counter() - started
    assert merged == result, "split-and-merge must equal one run"

    started, cpu = time.perf_counter(), time.process_time()
    levels = baseline(frame)
    naive, naive_cpu = time.perf_counter() - started, time.process_time() - cpu

    print(f"customers {customers:,}, open items {items:,} (built in {built:.2f} s, not timed)")
    print(f"library  warm-up (200):    {warm:8.3f} s  (holiday calendars loaded once)")
    print(
        f"library  run():            {library:8.3f} s  (cpu {library_cpu:.3f} s)  {result.counts()}"
    )
    print(
        f"library  worklist():       {ranking:8.3f} s  (cpu {ranking_cpu:.3f} s)  ({len(ranked):,} ranked)"
    )
    print(f"library  two halves+merge: {split:8.3f} s  (equal to one run)")
    steps = int((levels > 0).sum())
    print(
        f"baseline pandas groupby:   {naive:8.3f} s  (cpu {naive_cpu:.3f} s)  ({steps:,} next steps)"
    )
    print(
        f"ratio baseline / library run(): {naive / library:.1f}x wall, {naive_cpu / library_cpu:.1f}x cpu"
    )


if __name__ == "__main__":
    main()
