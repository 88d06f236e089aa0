"""Which collection strategy applies to a customer, and which track of it?

A :class:`CollectionStrategy` is data: per segment or risk class a *track* of
dunning levels (:mod:`receivables.dunning.levels`), the contact rules
(:mod:`receivables.dunning.contact`) and the bureau rules
(:mod:`receivables.dunning.bureau`), with an ``id`` and a ``version`` that
every decision records. It is buildable from a plain dict or JSON through
:func:`receivables.interop.structure`.

>>> from receivables.dunning.levels import Level, Track
>>> s = CollectionStrategy(id="collections", version="1", tracks=[
...     Track(name="default", levels=[Level(action="email", days_overdue=1, template="t")])])
>>> s.contact.latest_hour, s.bureau.notice_days
(21, 20)
"""

from __future__ import annotations

import attrs

from receivables.decisions import check_policy_identity
from receivables.documents import Customer
from receivables.dunning.bureau import BureauRules
from receivables.dunning.contact import ContactRules
from receivables.dunning.levels import Track, _tuple_of
from receivables.errors import PolicyError

__all__ = ["CollectionStrategy"]

_tracks = _tuple_of(Track, "strategy.tracks")


def _c_strategy_tracks(value: object) -> tuple[Track, ...]:
    return _tracks(value)


@attrs.frozen(kw_only=True)
class CollectionStrategy:
    """Tracks of dunning levels, contact rules and bureau rules, with an ``id`` and ``version``.

    The first track that matches a customer (in the order listed) applies.

    >>> CollectionStrategy(id="s", version="1", tracks=[])
    Traceback (most recent call last):
    ...
    receivables.errors.PolicyError: strategy.tracks: got (); expected at least one track
    """

    id: str
    version: str
    tracks: tuple[Track, ...] = attrs.field(converter=_c_strategy_tracks)
    contact: ContactRules = attrs.field(factory=ContactRules)
    bureau: BureauRules = attrs.field(factory=BureauRules)

    def __attrs_post_init__(self) -> None:
        check_policy_identity(self.id, self.version)
        if not self.tracks:
            raise PolicyError("strategy.tracks", self.tracks, "at least one track")
        seen: dict[tuple[str | None, str | None], int] = {}
        names: set[str] = set()
        for index, track in enumerate(self.tracks):
            key = (track.segment, track.risk_class)
            if key in seen:
                raise PolicyError(
                    f"strategy.tracks[{index}]",
                    track.name,
                    f"a segment/risk class not already covered by tracks[{seen[key]}]",
                )
            if track.name in names:
                raise PolicyError(f"strategy.tracks[{index}].name", track.name, "a unique name")
            seen[key] = index
            names.add(track.name)
        if not isinstance(self.contact, ContactRules):
            raise PolicyError("strategy.contact", self.contact, "a ContactRules")
        if not isinstance(self.bureau, BureauRules):
            raise PolicyError("strategy.bureau", self.bureau, "a BureauRules")

    def track_for(self, customer: Customer) -> Track | None:
        """The first track matching ``customer``, or None.

        >>> from receivables.documents import Customer
        >>> from receivables.dunning.levels import Level
        >>> level = Level(action="email", days_overdue=1, template="t")
        >>> s = CollectionStrategy(id="s", version="1", tracks=[
        ...     Track(name="vip", segment="vip", levels=[level]),
        ...     Track(name="all", levels=[level])])
        >>> s.track_for(Customer(id="C1", name="N", segment="vip")).name
        'vip'
        """
        for track in self.tracks:
            if track.matches(customer):
                return track
        return None
