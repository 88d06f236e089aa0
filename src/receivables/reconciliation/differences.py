"""Which class of difference is each unmatched or disagreeing line, and why?

The rules auditors use to reconcile a confirmation exception (PCAOB AS 2310,
ISA 505), each returning a :class:`~receivables.reconciliation.statement.Match`
or a :class:`~receivables.reconciliation.statement.Difference` with its reason:

- a matched pair that agrees on what each side counts is a match; their
  payment that reached us after the cut-off is *payment_in_transit* (a
  subsequent receipt); other lines dated on either side of it are *timing*; on a disputed invoice *disputed*;
  within the tolerance *rounding*; else *amount_differs*;
- our line alone: *disputed*, *credit_not_applied* (a credit note),
  *not_recorded_by_them* (an invoice or debit note), else *unknown_to_them*;
- their line alone: a payment within ``transit_days`` of the cut-off is
  *payment_in_transit*, anything else *unknown_to_us*.

>>> import datetime as dt
>>> from receivables.money import money
>>> from receivables.reconciliation.policy import ReconciliationPolicy
>>> context = Context(dt.date(2026, 6, 30), "USD", ReconciliationPolicy(), frozenset())
>>> line = AccountLine(document="TR-1", date=dt.date(2026, 6, 28), amount=money("-5", "USD"))
>>> theirs_only(line, context).kind.value
'payment_in_transit'
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

import attrs

from receivables.decisions import Reason
from receivables.money import from_minor, to_minor
from receivables.numbering import reference_key
from receivables.reconciliation.lines import AccountLine, LineKind
from receivables.reconciliation.policy import ReconciliationPolicy
from receivables.reconciliation.statement import (
    Difference,
    DifferenceKind,
    Match,
    MatchKind,
)

__all__ = ["Context", "counted", "ours_only", "pair_outcome", "theirs_only"]

_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-/.]*")


@attrs.frozen
class Context:
    as_of: dt.date
    currency: str
    policy: ReconciliationPolicy
    disputed: frozenset[str]
    documents: Mapping[str, str] = attrs.field(factory=dict)
    """Our document numbers by key, to name what their descriptions name."""

    def named(self, line: AccountLine) -> list[str]:
        """Our documents that their line's description names (``"pago FV 5231"``)."""
        keys = {reference_key(token) for token in _TOKEN.findall(line.description)}
        return sorted({self.documents[key] for key in keys if key in self.documents})

    def difference(
        self,
        kind: DifferenceKind,
        units: int,
        ours: AccountLine | None,
        theirs: AccountLine | None,
        message: str,
        **data: Any,
    ) -> Difference:
        amount = from_minor(units, self.currency)
        line = ours or theirs
        data = {
            "document": "" if line is None else line.document,
            "difference": str(amount.amount),
            "currency": self.currency,
            **data,
        }
        return Difference(
            kind=kind,
            amount=amount,
            ours=ours,
            theirs=theirs,
            reasons=(Reason(kind.value, message, data),),
            policy_id=self.policy.id,
            policy_version=self.policy.version,
        )


def counted(line: AccountLine, as_of: dt.date) -> int:
    return to_minor(line.amount) if line.date <= as_of else 0


def pair_outcome(
    ours: AccountLine, theirs: AccountLine, how: MatchKind, context: Context
) -> Match | Difference:
    units = counted(theirs, context.as_of) - counted(ours, context.as_of)
    matched = Reason(
        f"matched_by_{how.value}",
        f"Their {theirs.document} is our {ours.document} ({how.value.replace('_', ' ')}).",
        {"ours": ours.document, "theirs": theirs.document},
    )
    if units == 0:
        return Match(ours=ours, theirs=theirs, how=how, reasons=(matched,))
    found: Difference
    in_transit = theirs.kind is LineKind.PAYMENT and ours.date > context.as_of >= theirs.date
    if in_transit:
        found = context.difference(
            DifferenceKind.PAYMENT_IN_TRANSIT,
            units,
            ours,
            theirs,
            f"Their payment {theirs.document} of {theirs.date} reached us as {ours.document} "
            f"on {ours.date}, after the cut-off {context.as_of}.",
            days_before_cut_off=(context.as_of - theirs.date).days,
            received_on=ours.date.isoformat(),
        )
    elif (ours.date <= context.as_of) != (theirs.date <= context.as_of):
        found = context.difference(
            DifferenceKind.TIMING,
            units,
            ours,
            theirs,
            f"{ours.document} is dated {ours.date} by us and {theirs.date} by them, "
            f"across the cut-off {context.as_of}.",
            our_date=ours.date.isoformat(),
            their_date=theirs.date.isoformat(),
        )
    elif ours.key in context.disputed:
        found = context.difference(
            DifferenceKind.DISPUTED,
            units,
            ours,
            theirs,
            f"{ours.document} is disputed; they carry {theirs.amount.amount}, "
            f"we carry {ours.amount.amount}.",
        )
    elif abs(units) <= context.policy.tolerance(context.currency):
        found = context.difference(
            DifferenceKind.ROUNDING,
            units,
            ours,
            theirs,
            f"{ours.document} differs by {abs(from_minor(units, context.currency).amount)}, "
            "within the tolerance.",
        )
    else:
        found = context.difference(
            DifferenceKind.AMOUNT_DIFFERS,
            units,
            ours,
            theirs,
            f"{ours.document}: they carry {theirs.amount.amount}, we carry {ours.amount.amount}.",
            ours_amount=str(ours.amount.amount),
            theirs_amount=str(theirs.amount.amount),
        )
    return attrs.evolve(found, reasons=(matched, *found.reasons))


def ours_only(line: AccountLine, context: Context) -> Difference:
    units = -to_minor(line.amount)
    if line.key in context.disputed:
        return context.difference(
            DifferenceKind.DISPUTED, units, line, None, f"{line.document} is disputed by them."
        )
    if line.kind is LineKind.CREDIT_NOTE:
        return context.difference(
            DifferenceKind.CREDIT_NOT_APPLIED,
            units,
            line,
            None,
            f"Our credit note {line.document} is not in their ledger.",
        )
    if line.kind in (LineKind.INVOICE, LineKind.DEBIT_NOTE):
        return context.difference(
            DifferenceKind.NOT_RECORDED_BY_THEM,
            units,
            line,
            None,
            f"Our {line.kind.value.replace('_', ' ')} {line.document} is not in their ledger.",
        )
    return context.difference(
        DifferenceKind.UNKNOWN_TO_THEM,
        units,
        line,
        None,
        f"Our {line.kind.value} {line.document} is not in their ledger.",
    )


def theirs_only(line: AccountLine, context: Context) -> Difference:
    days = (context.as_of - line.date).days
    names = context.named(line)
    naming = f" It names {', '.join(names)}." if names else ""
    if line.kind is LineKind.PAYMENT and days <= context.policy.transit_days:
        return context.difference(
            DifferenceKind.PAYMENT_IN_TRANSIT,
            to_minor(line.amount),
            None,
            line,
            f"Their payment {line.document} of {-line.amount.amount} on {line.date}, "
            f"{days} day(s) before the cut-off, has not reached us.{naming}",
            days_before_cut_off=days,
            names=names,
        )
    return context.difference(
        DifferenceKind.UNKNOWN_TO_US,
        to_minor(line.amount),
        None,
        line,
        f"Their {line.kind.value.replace('_', ' ')} {line.document} is no document of ours."
        + naming,
        names=names,
    )
