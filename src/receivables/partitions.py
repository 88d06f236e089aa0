"""My portfolio no longer fits one machine: how do I run the engines on many, and get the same answer?

The per-customer engines (statements, aging, dunning, matching once the
customer is known) only ever look at one customer's documents at a time. So a
portfolio can be cut *by customer* into partitions, the unchanged engine run
on each partition anywhere (threads, processes, a Dask cluster, Spark), and
the partial results merged.

The merge contract every partitionable engine documents beside its
``merge``::

    merge(*parts)                           one result from any number of partial results
    merge(a, merge(b, c)) == merge(merge(a, b), c) == merge(a, b, c)   (associative)
    merge(engine(p1), ..., engine(pn)) == engine(p1 ∪ ... ∪ pn)       (when p1..pn split by customer)
    merge() == engine(nothing)                                         (identity)

so the pieces can be combined in any grouping a distributed framework likes
(a tree reduce, a fold per worker). Engines whose results are per customer
usually merge by concatenation in a fixed order; :func:`sorted_merge` builds
such a merge from a sort key. Merges that also commute (such as
:func:`receivables.statements.merge`) let the framework combine in any order too.

Which partition a customer goes to is ``crc32(customer_id) mod n``: a stable
hash, the same in every process, machine and Python version (Python's own
``hash()`` of a string is salted per process, so it would scatter a customer
across runs). Within a partition, items keep their input order.

Dask and pandas are optional extras (``pip install 'receivables[dask]'``),
imported only by :func:`with_dask`.
"""

from __future__ import annotations

import importlib
import zlib
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol, TypeVar

from receivables.documents import Application, Reversal, ReversalKind
from receivables.errors import ValidationError
from receivables.frames import OptionalDependencyError
from receivables.ledger import Ledger
from receivables.progress import Progress, reporter

__all__ = [
    "Item",
    "Merge",
    "Part",
    "Progress",
    "Result",
    "partition_of",
    "run_partitioned",
    "sorted_merge",
    "split",
    "split_ledger",
    "with_dask",
]

Item = TypeVar("Item")
"""Whatever is split by customer: a document, a row, a record."""

Part = TypeVar("Part")
"""What an engine runs on: one partition (a Ledger, a tuple of items)."""

Result = TypeVar("Result")
"""What an engine returns for a partition, and what its merge returns."""


class Merge(Protocol[Result]):
    """An associative merge of partial results: ``merge(*parts) -> R``.

    >>> def merged(merge: Merge[int], parts: list[int]) -> int:
    ...     return merge(*parts)
    >>> merged(lambda *parts: sum(parts), [1, 2, 3])
    6
    """

    def __call__(self, *parts: Result) -> Result:
        """One result from the partial results, in any grouping."""
        ...


def _check_partitions(partitions: int) -> None:
    if isinstance(partitions, bool) or not isinstance(partitions, int) or partitions < 1:
        raise ValidationError("partitions", partitions, "a whole number of partitions, 1 or more")


def partition_of(customer_id: str, partitions: int) -> int:
    """The partition (0..partitions-1) of a customer: ``crc32(utf-8 id) mod partitions``.

    >>> [partition_of(c, 4) for c in ("C0001", "C0002", "Ferretería El Tornillo")]
    [0, 2, 2]
    """
    _check_partitions(partitions)
    if not isinstance(customer_id, str) or not customer_id:
        raise ValidationError("customer_id", customer_id, "a non-empty customer id string")
    return zlib.crc32(customer_id.encode("utf-8")) % partitions


def split(
    items: Iterable[Item], *, partitions: int, key: Callable[[Item], str]
) -> tuple[tuple[Item, ...], ...]:
    """``items`` cut into ``partitions`` groups by the customer ``key`` names, order kept.

    >>> split(["C1:a", "C4:b", "C1:c"], partitions=2, key=lambda s: s.split(":")[0])
    (('C4:b',), ('C1:a', 'C1:c'))
    """
    _check_partitions(partitions)
    groups: list[list[Item]] = [[] for _ in range(partitions)]
    for item in items:
        groups[partition_of(key(item), partitions)].append(item)
    return tuple(tuple(group) for group in groups)


def split_ledger(ledger: Ledger, *, partitions: int) -> tuple[Ledger, ...]:
    """A ledger cut by customer into ``partitions`` ledgers; every document goes with its customer.

    Applications follow their invoice's customer, undos their application's,
    returned payments their payment's.

    >>> import datetime as dt
    >>> from receivables.documents import Invoice
    >>> from receivables.money import money
    >>> ledger = Ledger.of([Invoice(number=f"I{n}", customer_id=f"C{n}",
    ...     issue_date=dt.date(2026, 1, 1), due_date=dt.date(2026, 1, 31),
    ...     amount=money("10.00", "USD")) for n in range(5)])
    >>> [[i.customer_id for i in part.invoices] for part in split_ledger(ledger, partitions=2)]
    [['C4'], ['C0', 'C1', 'C2', 'C3']]
    """
    _check_partitions(partitions)
    if not isinstance(ledger, Ledger):
        raise ValidationError("ledger", ledger, "a receivables.ledger.Ledger")
    owner: dict[tuple[str, str], str] = {}
    for invoice in ledger.invoices:
        owner[("number", invoice.number)] = invoice.customer_id
    for note in ledger.credit_notes:
        owner[("number", note.number)] = note.customer_id
    for payment in ledger.payments:
        owner[("payment", payment.id)] = payment.customer_id or ""
    for application in ledger.applications:
        owner[("application", application.id)] = owner[("number", application.target_number)]

    def customer_of(document: object) -> str:
        if isinstance(document, Application):
            return owner[("application", document.id)]
        if isinstance(document, Reversal):
            kind = "payment" if document.kind is ReversalKind.RETURNED_PAYMENT else "application"
            return owner[(kind, document.target_id)]
        return str(getattr(document, "customer_id", None) or getattr(document, "id", ""))

    groups: list[list[object]] = [[] for _ in range(partitions)]
    for document in ledger.documents():
        groups[partition_of(customer_of(document), partitions)].append(document)
    return tuple(Ledger.of(group) for group in groups)  # type: ignore[arg-type]


def sorted_merge(key: Callable[[Item], Any]) -> Callable[..., tuple[Item, ...]]:
    """A merge for per-customer results: concatenate the parts, then a stable sort by ``key``.

    Associative (and, when ``key`` tells any two results apart, commutative),
    with ``()`` as identity. Giving the engine's own sort key makes the merged
    result equal the single-process one.

    >>> by_customer = sorted_merge(lambda pair: pair[0])
    >>> by_customer((("B", 2),), (("A", 1), ("C", 3)))
    (('A', 1), ('B', 2), ('C', 3))
    """

    def merge(*parts: Iterable[Item]) -> tuple[Item, ...]:
        return tuple(sorted((item for part in parts for item in part), key=key))

    merge.__doc__ = f"Concatenate and sort by {getattr(key, '__name__', 'a key')}."
    return merge


def run_partitioned(
    engine: Callable[[Part], Result],
    parts: Sequence[Part],
    merge: Callable[..., Result],
    *,
    progress: Progress | None = None,
) -> Result:
    """Run ``engine`` on each partition in this process, then ``merge(*results)``.

    The reference the distributed paths must equal; ``progress`` is told of
    each partition done.

    >>> parts = split([("C1", 5), ("C2", 7), ("C1", 1)], partitions=3, key=lambda r: r[0])
    >>> totals = lambda rows: tuple(sorted({c: sum(v for k, v in rows if k == c)
    ...                                     for c, _ in rows}.items()))
    >>> run_partitioned(totals, parts, sorted_merge(lambda pair: pair[0]))
    (('C1', 6), ('C2', 7))
    """
    if not callable(engine) or not callable(merge):
        raise ValidationError("engine", engine, "a callable engine and a callable merge")
    tick = reporter(progress)
    results = []
    for part in parts:
        results.append(engine(part))
        tick(1)
    return merge(*results)


def with_dask(
    engine: Callable[[Part], Result],
    parts: Sequence[Part],
    merge: Callable[..., Result],
    *,
    scheduler: object = "threads",
    split_every: int = 8,
) -> Result:
    """Run ``engine`` on each partition as a ``dask.delayed`` task and merge in a tree.

    ``scheduler`` is any scheduler ``dask.compute`` accepts: ``"threads"``,
    ``"processes"``, ``"synchronous"``, or a ``distributed.Client`` (a local or
    remote cluster). The merge runs as a tree of at most ``split_every`` parts
    per node, which the associative contract allows; the result equals
    :func:`run_partitioned`'s.

    >>> parts = split(range(10), partitions=3, key=str)
    >>> with_dask(sum, parts, lambda *xs: sum(xs), scheduler="synchronous")
    45
    """
    try:
        dask: Any = importlib.import_module("dask")
    except ImportError:
        raise OptionalDependencyError("dask", "dask") from None
    if not callable(engine) or not callable(merge):
        raise ValidationError("engine", engine, "a callable engine and a callable merge")
    if isinstance(split_every, bool) or not isinstance(split_every, int) or split_every < 2:
        raise ValidationError("split_every", split_every, "a whole number, 2 or more")
    level = [dask.delayed(engine, pure=True)(part) for part in parts]
    combine = dask.delayed(merge, pure=True)
    if not level:
        return merge()
    while True:  # a single part is still merged once, as run_partitioned does
        level = [
            combine(*level[start : start + split_every])
            for start in range(0, len(level), split_every)
        ]
        if len(level) == 1:
            break
    (result,) = dask.compute(level[0], scheduler=scheduler)
    return result  # type: ignore[no-any-return]
