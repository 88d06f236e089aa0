"""Has this payment already arrived?

Bank files get imported twice, lockbox batches are re-sent, a payer pushes
the same transfer again. A payment is a *duplicate* of an earlier one when
it has the same payer, the same amount and currency, and the same
reference (the remittance text, normalised; else the bank reference),
received within ``window_days`` of it or of its latest copy (a file re-sent
every few days stays one payment). Payments are taken by received date,
then id, so the first arrival is the original and every later copy is
flagged, never applied.

Without any reference a repeat may be a genuine second payment (the same
monthly fee), so by default it is not flagged (``needs_reference``); but a
payment without remittance from the same payer *account*, of the same amount
and currency, on the same *day* as an earlier one (with a remittance or not)
is that transfer re-sent, even when the bank gave it its own bank reference
(``same_day``, issue 13): the copy is flagged whatever became of the first.

The payer is the customer id when the bank gave one, else the payer's
account, else the payer's name key (:func:`receivables.cashapp.payers.name_key`).

>>> duplicates(["C1", "C1", "C1"], [1000, 1000, 1000], ["USD"] * 3, [0, 3, 20],
...            ["INV-7", "inv 7", "INV-7"], window_days=7)
(None, 0, None)
"""

from __future__ import annotations

from collections.abc import Sequence

from receivables.cashapp.payers import name_key
from receivables.cashapp.references import strip_accents
from receivables.errors import ValidationError

__all__ = ["duplicates", "payer_key", "remittance_key"]


def remittance_key(remittance: str, bank_reference: str = "") -> str:
    """The reference two copies of one payment share: remittance text, else bank reference.

    >>> remittance_key("Pago fact. 12"), remittance_key("", "TRX-9")
    ('PAGOFACT12', 'TRX9')
    """
    text = remittance if remittance.strip() else bank_reference
    return "".join(c for c in strip_accents(text) if c.isalnum())


def payer_key(customer_id: str | None, payer_account: str | None, payer_name: str) -> str:
    """Who sent a payment, as one comparable string.

    >>> payer_key(None, None, "Acme, Inc."), payer_key("C1", "ES12", "Acme")
    ('name:ACME', 'id:C1')
    """
    if customer_id:
        return f"id:{customer_id}"
    if payer_account:
        return "account:" + "".join(payer_account.split()).upper()
    return f"name:{name_key(payer_name)}"


def duplicates(
    payers: Sequence[str],
    amounts: Sequence[int],
    currencies: Sequence[str],
    days: Sequence[int],
    references: Sequence[str],
    *,
    window_days: int = 7,
    needs_reference: bool = True,
    same_day: Sequence[str] | None = None,
    bare: Sequence[bool] | None = None,
) -> tuple[int | None, ...]:
    """For each payment, in processing order, the position of the earlier one it repeats.

    ``references`` are raw texts; they are compared by :func:`remittance_key`.
    ``days`` must not decrease (payments in processing order). ``same_day``
    gives, per payment, its payer account (empty when unknown), and
    ``bare`` whether it came without remittance: a bare payment with the
    account, amount and currency of an earlier one on the same day is a
    copy of it, whatever their references.

    >>> duplicates(["name:ACME"] * 2, [500, 500], ["USD"] * 2, [1, 2], ["", ""])
    (None, None)
    >>> duplicates(["name:ACME"] * 2, [500, 500], ["USD"] * 2, [1, 2], ["", ""],
    ...            needs_reference=False)
    (None, 0)
    >>> duplicates(["C1"] * 3, [500] * 3, ["USD"] * 3, [0, 6, 12], ["X-9"] * 3, window_days=7)
    (None, 0, 0)
    >>> duplicates(["account:ES12"] * 4, [500] * 4, ["USD"] * 4, [4, 4, 4, 5],
    ...            ["FACT 12", "TRX-2", "TRX-3", "TRX-4"], same_day=["ES12"] * 4,
    ...            bare=[False, True, True, True])
    (None, 0, 0, None)
    """
    bare = [True] * len(payers) if bare is None else list(bare)
    for name, given in (("same_day", same_day), ("bare", bare)):
        if given is not None and len(given) != len(payers):
            raise ValidationError(name, len(given), f"one value per payment ({len(payers)})")
    seen: dict[tuple[str, int, str, str], tuple[int, int]] = {}
    today: dict[tuple[str, int, str, int], int] = {}
    found: list[int | None] = []
    previous_day: int | None = None
    for position, (payer, amount, currency, day, reference) in enumerate(
        zip(payers, amounts, currencies, days, references, strict=True)
    ):
        if previous_day is not None and day < previous_day:
            raise ValidationError(
                f"days[{position}]", day, f"a day on or after {previous_day} (processing order)"
            )
        previous_day = day
        account = same_day[position] if same_day is not None else ""
        if account:
            copy_of = today.setdefault((account, int(amount), currency, day), position)
            if copy_of != position and bare[position]:
                found.append(copy_of)
                continue
        key_text = remittance_key(reference)
        if not key_text and needs_reference:
            found.append(None)
            continue
        key = (payer, int(amount), currency, key_text)
        earlier = seen.get(key)
        if earlier is not None and day - earlier[0] <= window_days:
            found.append(earlier[1])
            seen[key] = (day, earlier[1])  # the window runs from the latest copy
            continue
        seen[key] = (day, position)
        found.append(None)
    return tuple(found)
