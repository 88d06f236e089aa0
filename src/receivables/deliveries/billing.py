"""Which delivery note does each invoice line bill, and what does that leave to chase?

:func:`reconcile_deliveries` is the engine: it links each invoice line to the
note it bills, then runs the rules of each finding, one small function each.

>>> import datetime as dt
>>> from receivables.money import money
>>> note = DeliveryNote(number="RM-1", customer_id="C1", date=dt.date(2026, 6, 2), quantity=1,
...                     amount=money("10.00", "USD"))
>>> [f.kind.value for f in reconcile_deliveries([note], [], as_of=dt.date(2026, 6, 30)).findings]
['delivered_not_invoiced']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from receivables.decisions import Reason
from receivables.deliveries.notes import DeliveryNote, InvoiceLine, line_order, note_order
from receivables.deliveries.policy import DEFAULT_POLICY, DeliveryPolicy
from receivables.deliveries.report import (
    DeliveryFinding,
    DeliveryReconciliation,
    FindingKind,
    finding_order,
)
from receivables.errors import CurrencyMismatchError, ValidationError
from receivables.money import from_minor, money, to_minor
from receivables.numbering import digits_key, reference_key

__all__ = ["reconcile_deliveries"]


def _checked(
    value: object, field: str, kind: type[Any], currency: str | None
) -> tuple[list[Any], str | None]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise ValidationError(field, value, f"a sequence of {kind.__name__}")
    found = list(value)
    for index, item in enumerate(found):
        if not isinstance(item, kind):
            raise ValidationError(f"{field}[{index}]", item, f"a {kind.__name__}")
        if currency is None:
            currency = item.amount.code
        elif item.amount.code != currency:
            raise CurrencyMismatchError("reconcile deliveries in", currency, item.amount.code)
    return found, currency


def _billing_reasons(
    note: DeliveryNote, lines: list[InvoiceLine], policy: DeliveryPolicy, data: dict[str, Any]
) -> list[Reason]:
    """The rules for a billed note, each a finding or nothing, in report order."""
    currency = note.amount.code
    invoiced = from_minor(sum(to_minor(line.amount) for line in lines), currency)
    quantity = sum((line.quantity for line in lines), Decimal(0))
    tolerance = next((to_minor(t) for t in policy.tolerances if t.code == currency), 0)
    reasons = []
    if abs(to_minor(invoiced) - to_minor(note.amount)) > tolerance:
        reasons.append(
            Reason(
                "amount_differs",
                f"{note.number}: {note.amount.amount} delivered, {invoiced.amount} invoiced.",
                data,
            )
        )
    if abs(quantity - note.quantity) > policy.quantity_tolerance:
        reasons.append(
            Reason(
                "quantity_differs",
                f"{note.number}: {note.quantity} delivered, {quantity} invoiced.",
                data,
            )
        )
    if not note.signed:
        reasons.append(
            Reason("not_signed", f"{note.number} is invoiced but not signed by the customer.", data)
        )
    return reasons


def _note_finding(
    note: DeliveryNote, lines: list[InvoiceLine], as_of: dt.date, policy: DeliveryPolicy
) -> DeliveryFinding:
    currency = note.amount.code
    units = sum(to_minor(line.amount) for line in lines) - to_minor(note.amount)
    quantity = sum((line.quantity for line in lines), Decimal(0)) - note.quantity
    data: dict[str, Any] = {
        "delivery_note": note.number,
        "difference": str(from_minor(units, currency).amount),
        "quantity_difference": str(quantity),
        "currency": currency,
    }
    days = (as_of - note.date).days if not lines else None
    bucket = policy.bucket(days) if days is not None else None
    if days is None:
        reasons = _billing_reasons(note, lines, policy, data) or [
            Reason("matched", f"{note.number} is invoiced in full on a signed note.", data)
        ]
    else:
        reasons = [
            Reason(
                "delivered_not_invoiced",
                f"{note.number} delivered {days} day(s) ago is not invoiced.",
                {**data, "days": days, "bucket": bucket},
            )
        ]
    return DeliveryFinding(
        kind=FindingKind(reasons[0].code),
        note=note,
        lines=tuple(lines),
        difference=from_minor(units, currency),
        quantity_difference=quantity,
        days=days,
        bucket=bucket,
        reasons=tuple(reasons),
        policy_id=policy.id,
        policy_version=policy.version,
    )


def _line_finding(line: InvoiceLine, policy: DeliveryPolicy) -> DeliveryFinding:
    data = {
        "invoice": line.invoice,
        "delivery_note": line.delivery_note or "",
        "difference": str(line.amount.amount),
        "currency": line.amount.code,
    }
    if line.delivery_note is None:
        reason = Reason(
            "no_note", f"{line.invoice} bills {line.amount.amount} naming no delivery note.", data
        )
    else:
        reason = Reason(
            "note_missing",
            f"{line.invoice} names delivery note "
            f"{line.delivery_note}, which is not on file: chase it.",
            data,
        )
    return DeliveryFinding(
        kind=FindingKind(reason.code),
        note=None,
        lines=(line,),
        difference=line.amount,
        quantity_difference=line.quantity,
        days=None,
        bucket=None,
        reasons=(reason,),
        policy_id=policy.id,
        policy_version=policy.version,
    )


def _link(
    notes: list[DeliveryNote], lines: list[InvoiceLine]
) -> tuple[dict[int, list[InvoiceLine]], list[InvoiceLine]]:
    """Each line to the note it names, else to the only note naming its invoice.

    A named note is found by its key, else by its digits when only one of the
    customer's notes has them (``"rm-0102"`` for ``"RM-102"``).
    """
    by_number: dict[tuple[str, str], int] = {}
    by_digits: dict[tuple[str, str], list[int]] = {}
    by_invoice: dict[tuple[str, str], list[int]] = {}
    for index, note in enumerate(notes):
        by_number.setdefault((note.customer_id, reference_key(note.number)), index)
        by_digits.setdefault((note.customer_id, digits_key(note.number)), []).append(index)
        if note.invoice:
            by_invoice.setdefault((note.customer_id, reference_key(note.invoice)), []).append(index)
    billed: dict[int, list[InvoiceLine]] = {index: [] for index in range(len(notes))}
    unlinked: list[InvoiceLine] = []
    for line in lines:
        target: int | None
        if line.delivery_note is not None:
            target = by_number.get((line.customer_id, reference_key(line.delivery_note)))
            if target is None and digits_key(line.delivery_note):
                same = by_digits.get((line.customer_id, digits_key(line.delivery_note)), [])
                target = same[0] if len(same) == 1 else None
        else:
            naming = by_invoice.get((line.customer_id, reference_key(line.invoice)), [])
            target = naming[0] if len(naming) == 1 else None
        if target is None:
            unlinked.append(line)
        else:
            billed[target].append(line)
    return billed, unlinked


def reconcile_deliveries(
    notes: Iterable[DeliveryNote],
    lines: Iterable[InvoiceLine],
    *,
    as_of: dt.date,
    currency: str | None = None,
    policy: DeliveryPolicy | None = None,
) -> DeliveryReconciliation:
    """Set delivery notes against the invoice lines billing them, on ``as_of``.

    ``currency`` defaults to the first note's or line's; all must be in it.
    The result depends on the notes and lines, not on their order.

    >>> reconcile_deliveries([], [], as_of=dt.date(2026, 6, 30))
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: currency: got None; expected an ISO 4217 code (no note or line says it)
    """
    if isinstance(as_of, dt.datetime) or not isinstance(as_of, dt.date):
        raise ValidationError("as_of", as_of, "a datetime.date")
    policy = DEFAULT_POLICY if policy is None else policy
    if not isinstance(policy, DeliveryPolicy):
        raise ValidationError("policy", policy, "a DeliveryPolicy")
    if currency is not None:
        money(0, currency, field="currency")
    all_notes, currency = _checked(notes, "notes", DeliveryNote, currency)
    all_lines, currency = _checked(lines, "lines", InvoiceLine, currency)
    if currency is None:
        raise ValidationError("currency", None, "an ISO 4217 code (no note or line says it)")
    numbers: set[tuple[str, str]] = set()
    for index, note in enumerate(all_notes):
        key = (note.customer_id, reference_key(note.number))
        if key in numbers:
            raise ValidationError(
                f"notes[{index}].number", note.number, "one note per number and customer"
            )
        numbers.add(key)
    current_notes = sorted((n for n in all_notes if n.date <= as_of), key=note_order)
    current_lines = sorted((x for x in all_lines if x.date <= as_of), key=line_order)
    billed, unlinked = _link(current_notes, current_lines)
    findings = [
        _note_finding(note, billed[i], as_of, policy) for i, note in enumerate(current_notes)
    ]
    findings += [_line_finding(line, policy) for line in unlinked]
    findings.sort(key=finding_order)
    return DeliveryReconciliation(
        as_of=as_of,
        currency=currency,
        delivered=from_minor(sum(to_minor(n.amount) for n in current_notes), currency),
        invoiced=from_minor(sum(to_minor(x.amount) for x in current_lines), currency),
        findings=tuple(findings),
        notes_after_cut_off=tuple(sorted((n for n in all_notes if n.date > as_of), key=note_order)),
        lines_after_cut_off=tuple(sorted((x for x in all_lines if x.date > as_of), key=line_order)),
        ageing_labels=policy.labels(),
        policy_id=policy.id,
        policy_version=policy.version,
    )
