"""Which aging bucket does an item fall in, given how many days late it is?

An :class:`AgingBuckets` policy is an ordered tuple of :class:`Bucket` s, each a
closed range of days past due (or days since the document date), *upper bound
inclusive*: the default is ``current`` (not yet due, days <= 0), ``1-30``,
``31-60``, ``61-90``, ``91-120`` and ``over 120``, the columns of the aged
trial balance in SAP, Oracle, Odoo and ERPNext.

The buckets must cover every day exactly once: the first is open below, the
last is open above, and each bucket starts the day after the previous one
ends. Anything else is a :class:`~receivables.errors.PolicyError`.

The definition lives on the domain floor because the aging engine, the KPIs
(% current, % over 90 days) and the provision matrix all read the same
buckets, and engines never import each other.

>>> [bucket.label for bucket in DEFAULT_BUCKETS.buckets]
['current', '1-30', '31-60', '61-90', '91-120', 'over 120']
>>> DEFAULT_BUCKETS.index(0), DEFAULT_BUCKETS.index(30), DEFAULT_BUCKETS.index(31)
(0, 1, 2)
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence

import attrs

from receivables.decisions import check_policy_identity
from receivables.errors import PolicyError

__all__ = ["DEFAULT_BUCKETS", "AgingBuckets", "Bucket", "buckets_from_bounds"]


@attrs.frozen
class Bucket:
    """Days ``lower``..``upper``, both inclusive; ``None`` leaves that end open.

    >>> Bucket("31-60", 31, 60).contains(60), Bucket("31-60", 31, 60).contains(61)
    (True, False)
    """

    label: str
    lower: int | None = None
    upper: int | None = None

    def contains(self, days: int) -> bool:
        """Whether an item ``days`` late falls in this bucket.

        >>> Bucket("over 120", 121).contains(400), Bucket("current", None, 0).contains(-10)
        (True, True)
        """
        above = self.lower is None or days >= self.lower
        below = self.upper is None or days <= self.upper
        return above and below


def _as_buckets(value: Iterable[Bucket]) -> tuple[Bucket, ...]:
    given: object = value  # typed for callers; checked for dicts and data from outside
    if isinstance(given, str | bytes) or not isinstance(given, Iterable):
        raise PolicyError("buckets", given, "a sequence of Bucket")
    return tuple(value)


@attrs.frozen
class AgingBuckets:
    """The aging columns: contiguous, increasing, covering every day exactly once.

    >>> AgingBuckets((Bucket("current", None, 0), Bucket("late", 5, None)))
    Traceback (most recent call last):
    ...
    receivables.errors.PolicyError: buckets[1].lower: got 5; expected 1, the day after the previous bucket's upper bound 0
    """

    buckets: tuple[Bucket, ...] = attrs.field(converter=_as_buckets)
    id: str = "aging-buckets"
    version: str = "1"

    def __attrs_post_init__(self) -> None:
        check_policy_identity(self.id, self.version)
        buckets = self.buckets
        if not buckets:
            raise PolicyError("buckets", buckets, "at least one bucket")
        labels: set[str] = set()
        for position, bucket in enumerate(buckets):
            where = f"buckets[{position}]"
            if not isinstance(bucket, Bucket):
                raise PolicyError(where, bucket, "a Bucket")
            if not isinstance(bucket.label, str) or not bucket.label.strip():
                raise PolicyError(f"{where}.label", bucket.label, "a non-empty label")
            if bucket.label in labels:
                raise PolicyError(f"{where}.label", bucket.label, "a label used once")
            labels.add(bucket.label)
            for end in ("lower", "upper"):
                bound = getattr(bucket, end)
                if bound is not None and (isinstance(bound, bool) or not isinstance(bound, int)):
                    raise PolicyError(f"{where}.{end}", bound, "an int number of days or None")
            if position == 0 and bucket.lower is not None:
                raise PolicyError(
                    f"{where}.lower", bucket.lower, "None: the first bucket is open below"
                )
            if position == len(buckets) - 1 and bucket.upper is not None:
                raise PolicyError(
                    f"{where}.upper", bucket.upper, "None: the last bucket is open above"
                )
            if position < len(buckets) - 1 and bucket.upper is None:
                raise PolicyError(
                    f"{where}.upper", None, "an upper bound: only the last bucket is open above"
                )
            if (
                bucket.lower is not None
                and bucket.upper is not None
                and bucket.upper < bucket.lower
            ):
                raise PolicyError(
                    f"{where}.upper",
                    bucket.upper,
                    f"a bound at or above the lower bound {bucket.lower}",
                )
            if position > 0:
                previous = buckets[position - 1].upper
                assert previous is not None  # checked on the previous pass
                if bucket.lower != previous + 1:
                    raise PolicyError(
                        f"{where}.lower",
                        bucket.lower,
                        f"{previous + 1}, the day after the previous bucket's upper bound {previous}",
                    )

    @property
    def labels(self) -> tuple[str, ...]:
        """The bucket labels, in order.

        >>> DEFAULT_BUCKETS.labels[-1]
        'over 120'
        """
        return tuple(bucket.label for bucket in self.buckets)

    @property
    def uppers(self) -> tuple[int, ...]:
        """The inclusive upper bounds of every bucket but the last (for a sorted search).

        >>> DEFAULT_BUCKETS.uppers
        (0, 30, 60, 90, 120)
        """
        return tuple(bucket.upper for bucket in self.buckets[:-1] if bucket.upper is not None)

    def index(self, days: int) -> int:
        """The position of the bucket that holds an item ``days`` late.

        >>> DEFAULT_BUCKETS.index(-10), DEFAULT_BUCKETS.index(121)
        (0, 5)
        """
        return bisect.bisect_left(self.uppers, days)

    def bucket(self, days: int) -> Bucket:
        """The bucket that holds an item ``days`` late.

        >>> DEFAULT_BUCKETS.bucket(45).label
        '31-60'
        """
        return self.buckets[self.index(days)]

    def position(self, label: str) -> int:
        """The position of the bucket called ``label``.

        >>> DEFAULT_BUCKETS.position("61-90")
        3
        """
        try:
            return self.labels.index(label)
        except ValueError:
            raise PolicyError("bucket", label, f"one of {list(self.labels)}") from None

    def starting_after(self, days: int) -> tuple[int, ...]:
        """Positions of the buckets holding items more than ``days`` late.

        ``days`` must be a bucket boundary, so no bucket is split.

        >>> DEFAULT_BUCKETS.starting_after(90)
        (4, 5)
        >>> DEFAULT_BUCKETS.starting_after(45)
        Traceback (most recent call last):
        ...
        receivables.errors.PolicyError: days: got 45; expected a bucket boundary, one of [0, 30, 60, 90, 120]
        """
        if days not in self.uppers:
            raise PolicyError("days", days, f"a bucket boundary, one of {list(self.uppers)}")
        first = self.uppers.index(days) + 1
        return tuple(range(first, len(self.buckets)))


def buckets_from_bounds(
    uppers: Sequence[int],
    labels: Sequence[str] | None = None,
    *,
    id: str = "aging-buckets",
    version: str = "1",
) -> AgingBuckets:
    """Buckets from their inclusive upper bounds; the last bucket is open above.

    Labels default to ``current`` for a first bound of 0, ``a-b`` between
    bounds and ``over n`` for the last.

    >>> buckets_from_bounds([0, 15, 45]).labels
    ('current', '1-15', '16-45', 'over 45')
    >>> buckets_from_bounds([30, 60, 90]).labels
    ('0-30', '31-60', '61-90', 'over 90')
    """
    if isinstance(uppers, str | bytes) or not isinstance(uppers, Iterable):
        raise PolicyError("uppers", uppers, "a sequence of int upper bounds in days")
    if labels is not None and (isinstance(labels, str | bytes) or not isinstance(labels, Iterable)):
        raise PolicyError("labels", labels, "a sequence of labels, one per bucket")
    bounds = list(uppers)
    for position, bound in enumerate(bounds):
        if isinstance(bound, bool) or not isinstance(bound, int):
            raise PolicyError(f"uppers[{position}]", bound, "an int number of days")
        if position and bound <= bounds[position - 1]:
            raise PolicyError(f"uppers[{position}]", bound, f"a bound above {bounds[position - 1]}")
    if labels is None:
        made: list[str] = []
        for position, bound in enumerate(bounds):
            if position == 0:
                made.append(
                    "current" if bound == 0 else f"0-{bound}" if bound > 0 else f"<= {bound}"
                )
            else:
                made.append(f"{bounds[position - 1] + 1}-{bound}")
        made.append(f"over {bounds[-1]}" if bounds else "all")
        labels = made
    labels = list(labels)
    if len(labels) != len(bounds) + 1:
        raise PolicyError("labels", list(labels), f"{len(bounds) + 1} labels, one per bucket")
    buckets = []
    for position, label in enumerate(labels):
        lower = bounds[position - 1] + 1 if position else None
        upper = bounds[position] if position < len(bounds) else None
        buckets.append(Bucket(label, lower, upper))
    return AgingBuckets(tuple(buckets), id=id, version=version)


DEFAULT_BUCKETS = buckets_from_bounds([0, 30, 60, 90, 120])
"""current, 1-30, 31-60, 61-90, 91-120, over 120 (upper bounds inclusive)."""
