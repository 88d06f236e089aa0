"""What is open and available on a given day, after every event up to it?

The ledger's documents become dated *events*: adjustments, applications,
undone applications and payments returned by the bank. Replaying them in
order, in integer minor units, gives for any date how much of each invoice
is open and how much of each payment and credit note is still available.
On one day the order is: undos, adjustments, applications, then returned
payments; an undo dated the day of its application comes right after it.

Replaying with ``check`` is the ledger's guarantee that no application or
adjustment ever takes more than is open or available on any day
(:class:`~receivables.errors.OverApplicationError` otherwise).
``headroom`` is the room a new application dated on a day has without
breaking any later moment.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from receivables.documents import (
    Adjustment,
    Application,
    Reversal,
    ReversalKind,
    SourceKind,
)
from receivables.errors import OverApplicationError
from receivables.money import from_minor, to_minor

if TYPE_CHECKING:
    from receivables.ledger.book import Ledger

__all__: list[str] = []

_CACHE_SIZE = 64
"""Replayed states a ledger keeps, by date, before it starts over."""


@attrs.frozen
class _Event:
    date: dt.date
    order: int  # on one day: undos, adjustments, applications, then returned payments
    sequence: int
    after: int  # an undo dated the day of its application comes right after it
    document: Reversal | Adjustment | Application


@attrs.frozen
class _State:
    """Open and available amounts in minor units after replaying events up to a date."""

    open_units: dict[str, int]  # invoice number -> units still open
    available_units: dict[tuple[SourceKind, str], int]  # source -> units not yet taken
    active: frozenset[str]  # application ids in force
    returned: frozenset[str]  # payment ids returned by the bank
    on_account: tuple[Adjustment, ...]  # adjustments without a target, in force


def events(
    applications: Sequence[Application],
    adjustments: Sequence[Adjustment],
    reversals: Sequence[Reversal],
) -> tuple[_Event, ...]:
    """The dated events of a ledger, in the order they are replayed."""
    applied_on = {a.id: (a.date, n) for n, a in enumerate(applications)}
    found = [
        *(_Event(a.date, 1, n, 0, a) for n, a in enumerate(adjustments)),
        *(_Event(a.date, 2, n, 0, a) for n, a in enumerate(applications)),
    ]
    for n, reversal in enumerate(reversals):
        target = applied_on.get(reversal.target_id)
        if (
            reversal.kind is ReversalKind.APPLICATION_UNDONE
            and target is not None
            and target[0] == reversal.date
        ):
            # Undone the day it was made: replay it right after that application.
            found.append(_Event(reversal.date, 2, target[1], 1, reversal))
        else:
            # A payment returned by the bank takes back that day's applications too.
            returned_payment = reversal.kind is ReversalKind.RETURNED_PAYMENT
            found.append(_Event(reversal.date, 3 if returned_payment else 0, n, 0, reversal))
    found.sort(key=lambda e: (e.date, e.order, e.sequence, e.after))
    return tuple(found)


def replay(
    ledger: Ledger,
    as_of: dt.date | None,
    *,
    check: bool = False,
    low_after: dt.date | None = None,
) -> _State:
    """Replay the events up to ``as_of`` (all of them for None); states are cached per date.

    With ``low_after``, the whole ledger is replayed and the state holds, per
    invoice and source, the least amount open or available at any point after
    the applications of ``low_after``: where a new application on that day
    goes, and so the most it may take without breaking any later moment
    (a later application taken back by a same-day undo or return included).
    """
    if low_after is None:
        cached = ledger._cache.get(as_of)
        if cached is not None:
            return cached
    state = _Replay(ledger, as_of, check=check, low_after=low_after).run()
    if low_after is None:
        if len(ledger._cache) > _CACHE_SIZE:
            ledger._cache.clear()
        ledger._cache[as_of] = state
    return state


def headroom(ledger: Ledger, on: dt.date) -> _State:
    """What a new application dated ``on`` may take without breaking any later moment.

    Later events already in the ledger may use what is open on ``on``, and
    within a day an application may take what a same-day undo or returned
    payment gives back afterwards, so the room is the least open (and
    available) at any point from the new application onwards.
    """
    state = replay(ledger, on)
    low = replay(ledger, None, low_after=on)
    open_units = {number: low.open_units[number] for number in state.open_units}
    available = {key: low.available_units[key] for key in state.available_units}
    return attrs.evolve(state, open_units=open_units, available_units=available)


class _Replay:
    """One pass over a ledger's events, moving minor units between invoices and sources.

    Mutable on purpose, and private: it lives for one call of :func:`replay`.
    """

    def __init__(
        self, ledger: Ledger, as_of: dt.date | None, *, check: bool, low_after: dt.date | None
    ) -> None:
        def counts(day: dt.date) -> bool:
            return as_of is None or day <= as_of

        self.ledger, self.as_of, self.check, self.low_after = ledger, as_of, check, low_after
        self.open_units = {
            i.number: to_minor(i.amount) for i in ledger.invoices if counts(i.issue_date)
        }
        self.available: dict[tuple[SourceKind, str], int] = {
            (SourceKind.CREDIT_NOTE, c.number): to_minor(c.amount)
            for c in ledger.credit_notes
            if counts(c.issue_date)
        }
        self.available.update(
            {
                (SourceKind.PAYMENT, p.id): to_minor(p.amount)
                for p in ledger.payments
                if counts(p.received_date)
            }
        )
        self.applications = {a.id: a for a in ledger.applications}
        self.active: set[str] = set()
        self.returned: set[str] = set()
        self.on_account: list[Adjustment] = []
        self.low: tuple[dict[str, int], dict[tuple[SourceKind, str], int]] | None = None

    def run(self) -> _State:
        for event in self.ledger._events:
            if self.as_of is not None and event.date > self.as_of:
                break
            if (
                self.low is None
                and self.low_after is not None
                and (event.date, event.order) > (self.low_after, 2)
            ):
                self.low = (dict(self.open_units), dict(self.available))
            document = event.document
            if isinstance(document, Application):
                self.take(document, +1)
                self.active.add(document.id)
            elif isinstance(document, Adjustment):
                self.adjust(document)
            elif document.kind is ReversalKind.APPLICATION_UNDONE:
                self.undo(document)
            else:
                self.return_payment(document)
        open_units, available = self.open_units, self.available
        if self.low_after is not None:
            open_units, available = self.low or (dict(open_units), dict(available))
        return _State(
            open_units=open_units,
            available_units=available,
            active=frozenset(self.active),
            returned=frozenset(self.returned),
            on_account=tuple(self.on_account),
        )

    def lower_open(self, number: str) -> None:
        if self.low is not None:
            self.low[0][number] = min(self.low[0][number], self.open_units[number])

    def lower_available(self, key: tuple[SourceKind, str]) -> None:
        if self.low is not None:
            self.low[1][key] = min(self.low[1][key], self.available[key])

    def take(self, application: Application, sign: int) -> None:
        """Apply (+1) or take back (-1) an application: the invoice clears, the source gives."""
        number = application.target_number
        key = (application.source_kind, application.source_id)
        self.open_units[number] -= sign * to_minor(application.cleared)
        self.available[key] -= sign * to_minor(application.taken)
        self.lower_open(number)
        self.lower_available(key)
        if not self.check or sign < 0:
            return
        if self.open_units[number] < 0:
            raise OverApplicationError(
                f"invoice {number} (application {application.id})",
                application.cleared,
                from_minor(
                    self.open_units[number] + to_minor(application.cleared),
                    application.cleared.code,
                ),
            )
        if self.available[key] < 0:
            raise OverApplicationError(
                f"{application.source_kind.value} {application.source_id} "
                f"(application {application.id})",
                application.taken,
                from_minor(
                    self.available[key] + to_minor(application.taken), application.taken.code
                ),
            )

    def adjust(self, adjustment: Adjustment) -> None:
        """An adjustment on an invoice moves what is open; one on account is listed."""
        number = adjustment.target_number
        if number is None:
            self.on_account.append(adjustment)
            return
        self.open_units[number] += to_minor(adjustment.signed_amount)
        self.lower_open(number)
        if self.check and self.open_units[number] < 0:
            raise OverApplicationError(
                f"invoice {number} (adjustment {adjustment.id})",
                adjustment.amount,
                from_minor(
                    self.open_units[number] + to_minor(adjustment.amount),
                    adjustment.amount.code,
                ),
            )

    def undo(self, reversal: Reversal) -> None:
        if reversal.target_id in self.active:
            self.take(self.applications[reversal.target_id], -1)
            self.active.discard(reversal.target_id)

    def return_payment(self, reversal: Reversal) -> None:
        """The bank returned a payment: its applications in force go, and its cash."""
        for application_id in sorted(self.active):
            application = self.applications[application_id]
            if (
                application.source_kind is SourceKind.PAYMENT
                and application.source_id == reversal.target_id
            ):
                self.take(application, -1)
                self.active.discard(application_id)
        self.returned.add(reversal.target_id)
        key = (SourceKind.PAYMENT, reversal.target_id)
        self.available[key] = 0
        self.lower_available(key)
