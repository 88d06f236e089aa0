"""Who sent this money, by the rules in order, and by all the evidence when no rule can say?

The rules, in the order of trust Odoo's reconciliation models use to find the
partner of a statement line (issue 4): the customer id the bank gave, the
payer's bank account, the payer's name (exactly, then with the references
among customers sharing it), the references alone, then the name fuzzily
(:mod:`receivables.cashapp.payers`). A payer whose remittance names another
customer and that customer's items pays on its behalf (a holding or a
factor): that customer paid, and the decision says so (``third_party_payer``).
When no rule names one customer, :func:`weigh` scores every (customer, items)
pair with all the clues at once (:mod:`receivables.cashapp.evidence`).

A fuzzy score decides *who* paid, never *which* invoice was paid.

>>> identified([], "C1", 0.97, "customer_by_name", "Payer name is C1.").customer
'C1'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from receivables.cashapp.byreference import near_referenced
from receivables.cashapp.columns import PaymentTable
from receivables.cashapp.decision import Clue, clue
from receivables.cashapp.evidence import (
    AMOUNT,
    LEGAL_NAME,
    NAME_SHARED,
    REFERENCE_EXACT,
    REFERENCE_NEAR,
    REFERENCE_SHORT,
    Evidence,
    choose,
    pairs,
    resemblance,
)
from receivables.cashapp.memory import Recall
from receivables.cashapp.openitems import OpenItems
from receivables.cashapp.payers import PayerIndex, name_key
from receivables.cashapp.policy import MatchPolicy
from receivables.cashapp.references import Reference

__all__ = ["Who", "identified", "identify", "weigh"]

_TRUST = {"account": 0.97, "name": 0.95, "remittance pattern": 0.9}


def _from_memory(
    recall: Recall, reasons: Sequence[Clue], remembered: tuple[str, str, float]
) -> Who:
    customer, how, confidence = remembered
    return identified(
        reasons,
        customer,
        confidence,
        "customer_by_memory",
        f"Analysts confirmed this payer's {how} as customer {customer} before "
        f"(payer memory {recall.memory.id} v{recall.memory.version}).",
        remembered=how,
        memory_id=recall.memory.id,
        memory_version=recall.memory.version,
    )


def _remembered(
    recall: Recall,
    payments: PaymentTable,
    position: int,
    by_reference: Sequence[str],
    known: set[str],
    *,
    pattern: bool = False,
) -> tuple[str, str, float] | None:
    """(customer, what was remembered, confidence) from the payer memory, if it agrees.

    The account and the name, or (``pattern``) the remittance pattern. A
    remembered customer whom the references contradict (they name only other
    customers' items) is not used: the payer may pay for several.
    """
    found = (
        (("remittance pattern", recall.by_pattern(payments.remittance[position])),)
        if pattern
        else (
            ("account", recall.by_account(payments.payer_account[position])),
            ("name", recall.by_name(payments.payer_name[position])),
        )
    )
    for how, customer in found:
        if customer is None or customer not in known:
            continue
        if by_reference and customer not in by_reference:
            continue
        return customer, how, _TRUST[how]
    if not pattern and by_reference:
        # A payer who pays for several customers (a holding, a factor): the
        # references name one of those it was confirmed paying for before.
        paid_for = recall.paid_for(payments.payer_name[position], payments.payer_account[position])
        among = [c for c in by_reference if c in paid_for and c in known]
        if len(among) == 1:
            return among[0], "payments for this customer", _TRUST["name"]
    return None


class Who(NamedTuple):
    """Who paid (None: nobody yet), how surely, the reasons, and customers suggested by name."""

    customer: str | None
    confidence: float
    reasons: tuple[Clue, ...]
    suggestions: tuple[tuple[str, float], ...]


def identified(
    reasons: Sequence[Clue],
    customer: str,
    confidence: float,
    code: str,
    message: str,
    **data: Any,
) -> Who:
    """``customer`` paid, found by the rule ``code``: the reasons so far, then this one."""
    return Who(customer, confidence, (*reasons, clue(code, message, customer=customer, **data)), ())


def identify(
    payments: PaymentTable,
    index: OpenItems,
    payers: PayerIndex,
    policy: MatchPolicy,
    references: Sequence[tuple[Reference, ...]],
    recall: Recall | None = None,
    found_hits: Sequence[list[tuple[int, str, str]]] | None = None,
) -> list[Who]:
    """Who paid each payment, by the rules in order; nobody when no rule names one customer.

    Customer id, bank account, exact name key (or the references among the
    customers sharing it), the references alone (the payer name agreeing,
    absent, or written as "on behalf of" in the remittance), then the payer
    name fuzzily in one batch. A payer paying on behalf of another customer
    whose items and name the remittance gives is a third party: that customer paid.
    When the customer master cannot say, what analysts confirmed before
    (``recall``, a :class:`~receivables.cashapp.memory.PayerMemory`) is
    consulted before the references alone and the fuzzy name. ``found_hits``
    are :meth:`~receivables.cashapp.openitems.OpenItems.hits` per payment,
    when the caller already has them.
    """
    known = set(payers.ids) | set(index.by_customer)
    who: list[Who | None] = [None] * len(payments)
    fuzzy_wanted: list[int] = []
    keys = [name_key(n) if n else "" for n in payments.payer_name]
    reference_customers: list[list[str]] = []
    for position in range(len(payments)):
        customers: list[str] = []
        found = (
            found_hits[position]
            if found_hits is not None
            else index.hits(references[position], policy.reference_min_length)
        )
        strong = [row for row, how, _ in found if how != "short"]
        if not strong:
            # A short form ("F5230") may name items of several schemes: only those
            # whose open amount is the payment's point at a customer.
            amount, code = int(payments.amount[position]), payments.currency[position]
            strong = [
                row
                for row, how, _ in found
                if int(index.items.open[row]) == amount and index.items.currency[row] == code
            ]
        for row in strong:
            customer = index.items.customer_id[row]
            if customer not in customers:
                customers.append(customer)
        reference_customers.append(customers)

    def names(position: int, spot: int) -> bool:
        """Whether the remittance writes the customer's name (whole, or cut by the field)."""
        text = payments.remittance[position]
        return payers.named_in(text, spot) or payers.by_fragment(text, trailing=True) == (spot,)

    def on_behalf(position: int, payer: str, reasons: list[Clue]) -> Who | None:
        """The references name one other customer's items, and the remittance its name
        or the payer is its sister company (the same trade name, another legal entity)."""
        by_reference = reference_customers[position]
        if len(by_reference) != 1 or by_reference[0] == payer:
            return None
        spot, own = payers.position.get(by_reference[0]), payers.position.get(payer)
        if spot is None:
            return None
        sister = own is not None and payers.customer_keys[own] == payers.customer_keys[spot]
        if not sister and not names(position, spot):
            return None
        return identified(
            reasons,
            by_reference[0],
            0.85,
            "third_party_payer",
            f"Payer {payments.payer_name[position]!r} (customer {payer}) pays on behalf of "
            + (
                f"its sister company {by_reference[0]}: the references name its items."
                if sister
                else f"{by_reference[0]}: the remittance names it and its items."
            ),
            payer_customer=payer,
            sister=sister,
        )

    for position in range(len(payments)):
        reasons: list[Clue] = []
        given = payments.customer_id[position]
        if given is not None:
            if given in known:
                who[position] = identified(
                    reasons, given, 1.0, "customer_given", f"The bank named customer {given}."
                )
                continue
            reasons.append(
                clue(
                    "customer_id_unknown",
                    f"The bank named customer {given}, who is not known.",
                    customer=given,
                )
            )
        account_owners = payers.by_account(payments.payer_account[position])
        if len(account_owners) == 1:
            customer = payers.ids[account_owners[0]]
            who[position] = on_behalf(position, customer, reasons) or identified(
                reasons,
                customer,
                0.99,
                "customer_by_bank_account",
                f"Account {payments.payer_account[position]} belongs to {customer}.",
            )
            continue
        key = keys[position]
        named = payers.by_key(key)
        fragment = False
        if not named and key:
            # The bank may have cut the name and put words of its own before it.
            named = payers.by_fragment(payments.payer_name[position])
            fragment = bool(named)
        if len(account_owners) > 1:
            named = tuple(c for c in account_owners if c in named) or account_owners
        if len(named) == 1:
            customer = payers.ids[named[0]]
            who[position] = on_behalf(position, customer, reasons) or identified(
                reasons,
                customer,
                0.95 if fragment else 0.97,
                "customer_by_name_fragment" if fragment else "customer_by_name",
                f"Payer name {payments.payer_name[position]!r} is customer {customer}"
                + (" (its name, cut, after other words)." if fragment else "."),
            )
            continue
        by_reference = reference_customers[position]
        if recall is not None:
            remembered = _remembered(recall, payments, position, by_reference, known)
            if remembered is not None:
                who[position] = _from_memory(recall, reasons, remembered)
                continue
        if len(named) > 1:
            among = [c for c in by_reference if c in {payers.ids[n] for n in named}]
            if len(among) == 1:
                who[position] = identified(
                    reasons,
                    among[0],
                    0.95,
                    "customer_by_name_and_reference",
                    f"Several customers share the payer's name; the references name {among[0]}.",
                )
                continue
        if len(by_reference) == 1:
            customer = by_reference[0]
            spot = payers.position.get(customer)
            score = payers.score(key, spot) if key and spot is not None else None
            if score is None:
                who[position] = identified(
                    reasons,
                    customer,
                    0.9,
                    "customer_by_reference",
                    f"The remittance names items of customer {customer}.",
                )
                continue
            if score >= policy.reference_name_threshold:
                who[position] = identified(
                    reasons,
                    customer,
                    0.95,
                    "customer_by_reference",
                    f"The remittance names items of customer {customer}; the payer name agrees ({score}).",
                    name_score=score,
                )
                continue
            if spot is not None and names(position, spot):
                who[position] = identified(
                    reasons,
                    customer,
                    0.85,
                    "third_party_payer",
                    f"The remittance names customer {customer} and its items; payer "
                    f"{payments.payer_name[position]!r} pays on its behalf ({score}).",
                    name_score=score,
                )
                continue
            who[position] = identified(
                reasons,
                customer,
                0.7,
                "customer_by_reference_name_differs",
                f"The remittance names items of customer {customer}, but the payer name does not match it ({score}).",
                name_score=score,
            )
            continue
        written = (
            payers.by_fragment(payments.remittance[position], trailing=True)
            if not by_reference
            else ()
        )
        if len(written) == 1 and not named:
            customer = payers.ids[written[0]]
            who[position] = identified(
                reasons,
                customer,
                0.85,
                "third_party_payer" if key else "customer_named_in_remittance",
                f"The remittance names customer {customer}"
                + (
                    f"; payer {payments.payer_name[position]!r} pays on its behalf." if key else "."
                ),
            )
            continue
        who[position] = Who(None, 0.0, tuple(reasons), ())
        if key:
            fuzzy_wanted.append(position)
    if fuzzy_wanted:
        ranked = payers.fuzzy(
            [keys[p] for p in fuzzy_wanted],
            limit=max(3, policy.max_alternatives),
            score_cutoff=policy.suggestion_threshold,
            workers=policy.workers,
            keyed=True,
        )
        for position, candidates in zip(fuzzy_wanted, ranked, strict=True):
            previous = who[position]
            assert previous is not None
            reasons = list(previous.reasons)
            suggestions = tuple((payers.ids[c], s / 100) for c, s in candidates)
            by_reference = reference_customers[position]
            if candidates:
                best, score = candidates[0]
                runner = candidates[1][1] if len(candidates) > 1 else 0
                if score >= policy.name_threshold and score - runner >= policy.name_margin:
                    customer = payers.ids[best]
                    reasons.append(
                        clue(
                            "customer_by_fuzzy_name",
                            f"Payer name {payments.payer_name[position]!r} resembles customer {customer} ({score}).",
                            customer=customer,
                            score=score,
                            runner_up=runner,
                        )
                    )
                    who[position] = Who(customer, score / 100, tuple(reasons), suggestions)
                    continue
                among = [payers.ids[c] for c, _ in candidates if payers.ids[c] in by_reference]
                if len(among) == 1:
                    reasons.append(
                        clue(
                            "customer_by_fuzzy_name_and_reference",
                            f"The payer name resembles several customers; the references name {among[0]}.",
                            customer=among[0],
                        )
                    )
                    who[position] = Who(among[0], 0.85, tuple(reasons), suggestions)
                    continue
            who[position] = Who(None, 0.0, tuple(reasons), suggestions)
    result = [w if w is not None else Who(None, 0.0, (), ()) for w in who]
    if recall is not None:
        # Last of all, a remittance pattern analysts confirmed for one customer.
        for position, nobody in enumerate(result):
            if nobody.customer is not None:
                continue
            remembered = _remembered(
                recall, payments, position, reference_customers[position], known, pattern=True
            )
            if remembered is not None:
                result[position] = _from_memory(recall, nobody.reasons, remembered)._replace(
                    suggestions=nobody.suggestions
                )
    return result


def weigh(
    payments: PaymentTable,
    index: OpenItems,
    payers: PayerIndex,
    policy: MatchPolicy,
    position: int,
    who: Who,
    references: tuple[Reference, ...],
) -> tuple[Evidence | None, list[Evidence]]:
    """Weigh every clue about a payment no rule identified (:mod:`receivables.cashapp.evidence`).

    Candidates come from the payer's name (a trade name shared by sister
    companies, the full legal name, fuzzy resemblance), the references
    looked up across the portfolio (exactly, as short forms) or near the
    name candidates' own items, and the amount (the named items' total, or
    one open item equal to the payment). Returns the chosen pair, if one
    wins by the policy's margin, and every pair weighed.
    """
    items = index.items
    amount, currency = int(payments.amount[position]), payments.currency[position]
    name = payments.payer_name[position]
    customer_clues: dict[str, list[tuple[int, Clue]]] = {}
    shared = payers.by_key(name_key(name)) if name else ()
    if len(shared) < 2 and name:
        shared = payers.by_fragment(name)
    if len(shared) > 1:
        for spot in shared:
            customer = payers.ids[spot]
            clues = customer_clues.setdefault(customer, [])
            clues.append(
                (
                    NAME_SHARED,
                    clue(
                        "payer_name_shared",
                        f"Payer name {name!r} is the trade name of {customer} and of "
                        f"{len(shared) - 1} other customer(s).",
                        customer=customer,
                    ),
                )
            )
            if payers.legal_name_is(name, spot):
                clues.append(
                    (
                        LEGAL_NAME,
                        clue(
                            "payer_legal_name",
                            f"Payer name {name!r} is the full legal name of {customer}.",
                            customer=customer,
                        ),
                    )
                )
    written = payers.by_fragment(payments.remittance[position], trailing=True)
    for spot in written if len(written) > 1 else ():
        # The remittance writes a trade name several customers share ("on behalf of").
        customer = payers.ids[spot]
        customer_clues.setdefault(customer, []).append(
            (
                NAME_SHARED,
                clue(
                    "remittance_names_customer",
                    f"The remittance writes the trade name of {customer} and of "
                    f"{len(written) - 1} other customer(s).",
                    customer=customer,
                ),
            )
        )
    for customer, score in who.suggestions:
        if customer not in customer_clues:
            points = round(score * 100)
            customer_clues[customer] = [
                (
                    resemblance(points),
                    clue(
                        "payer_name_resembles",
                        f"Payer name {name!r} resembles customer {customer} ({points}).",
                        customer=customer,
                        score=points,
                    ),
                )
            ]
    referenced: dict[str, dict[int, tuple[int, Clue]]] = {}
    for row, how, token in index.hits(references, policy.reference_min_length):
        if index.remaining[row] <= 0 or items.currency[row] != currency:
            continue
        points = {"short": REFERENCE_SHORT, "part": REFERENCE_NEAR}.get(how, REFERENCE_EXACT)
        code = "reference_short_form" if how == "short" else "reference_names_item"
        found = referenced.setdefault(items.customer_id[row], {})
        if row not in found:
            found[row] = (
                points,
                clue(
                    code,
                    f"{token!r} names {items.number[row]}.",
                    token=token,
                    item=items.number[row],
                ),
            )
    for customer in list(customer_clues):
        if customer in referenced:
            continue
        rows = index.open_rows(customer, currency)
        for row, code, token in near_referenced(index, policy, references, rows):
            referenced.setdefault(customer, {})[row] = (
                REFERENCE_NEAR,
                clue(
                    "reference_near",
                    f"{token!r} is close to {items.number[row]} ({code}).",
                    token=token,
                    item=items.number[row],
                ),
            )
    item_clues: dict[str, list[tuple[tuple[int, ...], int, list[Clue]]]] = {}
    for customer in sorted(set(customer_clues) | set(referenced)):
        named_rows = referenced.get(customer)
        if named_rows:
            rows = sorted(named_rows)
            points = max(p for p, _ in named_rows.values())
            notes = [note for _, note in named_rows.values()]
            total = sum(int(index.remaining[r]) for r in rows)
            if total == amount:
                points += AMOUNT
                notes.append(
                    clue(
                        "amount_exact",
                        f"The payment is the open amount of {customer}'s named items.",
                        customer=customer,
                    )
                )
            item_clues[customer] = [(tuple(rows), points, notes)]
            continue
        equal = [r for r in index.open_rows(customer, currency) if index.remaining[r] == amount]
        item_clues[customer] = [
            (
                (row,),
                AMOUNT,
                [
                    clue(
                        "amount_one_item",
                        f"The payment is the open amount of {customer}'s {items.number[row]}.",
                        customer=customer,
                        item=items.number[row],
                    )
                ],
            )
            for row in equal[: policy.max_alternatives]
        ]
    weighed = pairs(customer_clues, item_clues)
    chosen = choose(weighed, threshold=policy.joint_threshold, margin=policy.joint_margin)
    return chosen, weighed
