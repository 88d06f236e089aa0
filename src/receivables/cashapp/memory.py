"""What have our analysts already told us about who pays with this name, account or text?

Every day an analyst confirms or corrects the payments cash application
proposed or could not identify: "this payer is customer C-104". Commercial
products sell this as "learns from your team's corrections"; here it is
explicit, reviewable data. :func:`learn` turns :class:`Confirmation` s into a
:class:`PayerMemory`, versioned policy data (an ``id`` and a ``version`` that
every decision using it records) that round-trips through JSON with
:func:`receivables.interop.unstructure` and
:func:`receivables.interop.structure`; ``match(..., memory=...)`` consults it
when the customer master alone cannot say who paid.

Three things are remembered per customer, each with how many confirmations
back it: the payer's **name** as the bank spelled it (its
:func:`~receivables.cashapp.payers.name_key`), the payer's **account**, and
the **remittance pattern** (the remittance without its numbers, as
:func:`remittance_pattern` writes it, such as ``ACH CREDIT ANDES HOLDING
VENDOR PMT``). A key is used only while it is *distinctive*: the customer it
names has more confirmations than all others together, so a generic text
("PAGO FACTURA") or a holding paying for several subsidiaries names nobody.
A remittance pattern needs two confirmations at least (one payment's text
says little), and it is the last thing consulted: after the fuzzy name.
Confirm the payments applied automatically too (their customer is known):
that is how a generic text is seen to be generic.

Hand-written: a dictionary of counts, nothing a library would add to.

>>> day_one = [Confirmation(payment_id="P1", customer_id="C1", payer_name="ANDES HOLDING SAS",
...                         payer_account="CO99 0001", remittance="PAGO 5230")]
>>> memory = learn(day_one)
>>> memory.version, [(r.key, r.customer_id) for r in memory.names]
('1', [('ANDES HOLDING', 'C1')])
>>> recall = Recall(memory)
>>> recall.by_name("Andes Holding S.A.S."), recall.by_account("co990001")
('C1', 'C1')
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import attrs

from receivables.cashapp.payers import name_key
from receivables.cashapp.references import strip_accents
from receivables.decisions import check_policy_identity
from receivables.documents import Payment
from receivables.errors import ValidationError
from receivables.validators import check_items

__all__ = [
    "Confirmation",
    "PayerMemory",
    "Recall",
    "Remembered",
    "learn",
    "remittance_pattern",
]

_WORDS = re.compile(r"[A-Z]{2,}")


def remittance_pattern(text: str) -> str:
    """A remittance without its numbers: the words a payer repeats payment after payment.

    Fewer than two words (or under eight letters) is no pattern.

    >>> remittance_pattern("ACH CREDIT 20260301 ANDES HOLDING VENDOR PMT INV-5230")
    'ACH CREDIT ANDES HOLDING VENDOR PMT INV'
    >>> remittance_pattern("F5230"), remittance_pattern("pago 1234")
    ('', '')
    """
    if not isinstance(text, str):
        raise ValidationError("remittance", text, "the remittance text (a string)")
    words = _WORDS.findall(re.sub(r"[A-Z]*[0-9][A-Z0-9]*", " ", strip_accents(text)))
    if len(words) < 2 or sum(len(w) for w in words) < 8:
        return ""
    return " ".join(words)


def _account_key(account: str | None) -> str:
    return "".join((account or "").split()).upper()


def _texts(values: Iterable[str]) -> tuple[str, ...]:
    items = check_items("confirmation.items", values, expected="a list of item numbers")
    for item in items:
        if not isinstance(item, str) or not item.strip():
            raise ValidationError("confirmation.items", item, "an item number (a non-empty string)")
    return items


@attrs.frozen
class Remembered:
    """One remembered key (a name key, account or pattern), the customer, the confirmations.

    >>> Remembered("ANDES HOLDING", "C1", 2).confirmations
    2
    """

    key: str
    customer_id: str
    confirmations: int = 1


@attrs.frozen(kw_only=True)
class Confirmation:
    """A person's word on one payment: which customer paid it (and, if said, which items).

    Plain values, so confirmations can be built from columns as well as from
    :class:`~receivables.documents.Payment` s (:meth:`of`).

    >>> Confirmation(payment_id="P1", customer_id="").customer_id
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: confirmation.customer_id: got ''; expected the id of the customer who paid
    """

    payment_id: str
    customer_id: str
    payer_name: str = ""
    payer_account: str | None = None
    remittance: str = ""
    items: tuple[str, ...] = attrs.field(default=(), converter=_texts)

    def __attrs_post_init__(self) -> None:
        for name in ("payment_id", "customer_id"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                expected = (
                    "the id of the customer who paid" if name == "customer_id" else "a payment id"
                )
                raise ValidationError(f"confirmation.{name}", value, expected)
        for name in ("payer_name", "remittance"):
            if not isinstance(getattr(self, name), str):
                raise ValidationError(f"confirmation.{name}", getattr(self, name), "a string")
        if self.payer_account is not None and not isinstance(self.payer_account, str):
            raise ValidationError(
                "confirmation.payer_account", self.payer_account, "a string or None"
            )

    @classmethod
    def of(cls, payment: object, customer_id: str, items: Iterable[str] = ()) -> Confirmation:
        """The confirmation of a :class:`~receivables.documents.Payment`.

        >>> import datetime as dt
        >>> from receivables.documents import Payment
        >>> from receivables.money import money
        >>> paid = Payment(id="P1", amount=money("5.00", "USD"), received_date=dt.date(2026, 3, 2),
        ...                payer_name="ANDES HOLDING")
        >>> Confirmation.of(paid, "C1").payer_name
        'ANDES HOLDING'
        """
        if not isinstance(payment, Payment):
            raise ValidationError("payment", payment, "a receivables.documents.Payment")
        return cls(
            payment_id=payment.id,
            customer_id=customer_id,
            payer_name=payment.payer_name,
            payer_account=payment.payer_account,
            remittance=payment.remittance,
            items=tuple(items),
        )


def _check_remembered(
    _: object, attribute: attrs.Attribute[tuple[Remembered, ...]], value: object
) -> None:
    if not isinstance(value, tuple) or not all(isinstance(r, Remembered) for r in value):
        raise ValidationError(f"payer_memory.{attribute.name}", value, "a tuple of Remembered")


@attrs.frozen(kw_only=True)
class PayerMemory:
    """What confirmations taught: names, accounts and remittance patterns per customer.

    Policy data: ``id`` and ``version`` are recorded by every decision that
    used it; :func:`learn` returns the next version.

    >>> from receivables.interop import structure, unstructure
    >>> memory = PayerMemory(names=(Remembered("ANDES HOLDING", "C1"),))
    >>> structure(unstructure(memory), PayerMemory) == memory
    True
    """

    id: str = "payer-memory"
    version: str = "0"
    names: tuple[Remembered, ...] = attrs.field(default=(), validator=_check_remembered)
    accounts: tuple[Remembered, ...] = attrs.field(default=(), validator=_check_remembered)
    patterns: tuple[Remembered, ...] = attrs.field(default=(), validator=_check_remembered)

    def __attrs_post_init__(self) -> None:
        check_policy_identity(self.id, self.version)


def _merge(
    known: tuple[Remembered, ...], taught: dict[tuple[str, str], int]
) -> tuple[Remembered, ...]:
    counts = {(r.key, r.customer_id): r.confirmations for r in known}
    for pair, count in taught.items():
        counts[pair] = counts.get(pair, 0) + count
    return tuple(Remembered(key, customer, n) for (key, customer), n in sorted(counts.items()))


def _next_version(version: str) -> str:
    return str(int(version) + 1) if version.isdigit() else f"{version}+1"


def learn(confirmations: Iterable[Confirmation], memory: PayerMemory | None = None) -> PayerMemory:
    """The memory after ``confirmations``: counts added, the version moved on; the old one unchanged.

    >>> first = learn([Confirmation(payment_id="P1", customer_id="C1", payer_name="ZETA SA")])
    >>> second = learn([Confirmation(payment_id="P9", customer_id="C1", payer_name="Zeta")], first)
    >>> second.version, second.names
    ('2', (Remembered(key='ZETA', customer_id='C1', confirmations=2),))
    >>> first.names[0].confirmations
    1
    """
    memory = PayerMemory() if memory is None else memory
    if not isinstance(confirmations, Iterable):  # a str's items fail the Confirmation check
        raise ValidationError("confirmations", confirmations, "a list of Confirmation")
    if not isinstance(memory, PayerMemory):
        raise ValidationError("memory", memory, "a PayerMemory or None")
    names: dict[tuple[str, str], int] = {}
    accounts: dict[tuple[str, str], int] = {}
    patterns: dict[tuple[str, str], int] = {}
    for index, confirmation in enumerate(confirmations):
        if not isinstance(confirmation, Confirmation):
            raise ValidationError(f"confirmations[{index}]", confirmation, "a Confirmation")
        customer = confirmation.customer_id
        for found, key in (
            (names, name_key(confirmation.payer_name) if confirmation.payer_name else ""),
            (accounts, _account_key(confirmation.payer_account)),
            (patterns, remittance_pattern(confirmation.remittance)),
        ):
            if key:
                found[(key, customer)] = found.get((key, customer), 0) + 1
    return attrs.evolve(
        memory,
        version=_next_version(memory.version),
        names=_merge(memory.names, names),
        accounts=_merge(memory.accounts, accounts),
        patterns=_merge(memory.patterns, patterns),
    )


def _distinctive(remembered: tuple[Remembered, ...], at_least: int = 1) -> dict[str, str]:
    """Key -> customer, for keys whose leading customer outweighs all the others together.

    ``at_least`` confirmations are needed for the leader.
    """
    by_key: dict[str, dict[str, int]] = {}
    for entry in remembered:
        counts = by_key.setdefault(entry.key, {})
        counts[entry.customer_id] = counts.get(entry.customer_id, 0) + entry.confirmations
    found: dict[str, str] = {}
    for key, counts in by_key.items():
        customer, best = max(counts.items(), key=lambda item: (item[1], item[0]))
        if best >= at_least and best > sum(counts.values()) - best:
            found[key] = customer
    return found


class Recall:
    """A :class:`PayerMemory` indexed for look-ups during one run.

    >>> def said(n, customer):
    ...     return Confirmation(payment_id=f"P{n}", customer_id=customer, remittance="PAGO FACT")
    >>> Recall(learn([said(1, "C1"), said(2, "C2")])).by_pattern("PAGO FACT 77") is None
    True
    >>> Recall(learn([said(1, "C1")])).by_pattern("PAGO FACT 77") is None   # once is not enough
    True
    >>> Recall(learn([said(1, "C1"), said(2, "C1")])).by_pattern("PAGO FACT 77")
    'C1'
    """

    def __init__(self, memory: PayerMemory) -> None:
        self.memory = memory
        self._names = _distinctive(memory.names)
        self._accounts = _distinctive(memory.accounts)
        self._patterns = _distinctive(memory.patterns, at_least=2)
        self._paid_for: dict[tuple[str, str], set[str]] = {}
        for kind, remembered in (("name", memory.names), ("account", memory.accounts)):
            for entry in remembered:
                self._paid_for.setdefault((kind, entry.key), set()).add(entry.customer_id)

    def paid_for(self, name: str, account: str | None) -> set[str]:
        """Every customer this payer (by name or account) was confirmed paying for.

        A holding or a factor pays for several customers: then the references
        say which one, and the memory that it pays for that one before agrees.

        >>> memory = learn([Confirmation(payment_id="P1", customer_id="C1", payer_name="ATLAS"),
        ...                 Confirmation(payment_id="P2", customer_id="C2", payer_name="ATLAS")])
        >>> sorted(Recall(memory).paid_for("Atlas LLC", None))
        ['C1', 'C2']
        """
        found: set[str] = set()
        if name:
            found |= self._paid_for.get(("name", name_key(name)), set())
        key = _account_key(account)
        if key:
            found |= self._paid_for.get(("account", key), set())
        return found

    def by_name(self, name: str) -> str | None:
        """The customer remembered for a payer name (compared by name key)."""
        return self._names.get(name_key(name)) if name else None

    def by_account(self, account: str | None) -> str | None:
        """The customer remembered for a payer account (spaces and case do not count)."""
        key = _account_key(account)
        return self._accounts.get(key) if key else None

    def by_pattern(self, remittance: str) -> str | None:
        """The customer remembered for a remittance pattern."""
        key = remittance_pattern(remittance)
        return self._patterns.get(key) if key else None
