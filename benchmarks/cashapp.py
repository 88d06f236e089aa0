"""Cash application at volume: receivables.cashapp.match against the loop a user would write.

A seeded generator builds a realistic portfolio: customers with Spanish and
English legal names (S.A., S.A.S., Ltda, S. de R.L. de C.V., Inc, LLC,
GmbH...), invoices in several numbering schemes, and payments that carry the
noise of real bank files: references exact, re-formatted, listed in free
Spanish or English text, mistyped, truncated, or as ISO 11649 RF creditor
references; payer names in capitals, without accents, reordered, mistyped or
cut by the bank; one payment for several invoices, partial, short within
tolerance, with the early-payment discount, overpaid, duplicated,
unidentified, in another currency. The ground truth stays in the benchmark;
the engine never sees it.

At the default size (100,000 payments, 300,000 open items, 20,000
customers) it prints wall time, payments per second, the share
auto-applied, the precision of what was auto-applied and the top-3 recall
of proposals; then the baseline (exact reference join, then a rapidfuzz
``extractOne`` loop over customer names) on a sample, and the ratio.

    python benchmarks/cashapp.py              # the issue's size
    python benchmarks/cashapp.py --scale 0.01 # a quick smoke run
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import threading
import time
from decimal import Decimal

import numpy as np
from rapidfuzz import fuzz, process, utils
from stdnum import iso11649
from stdnum.iso7064 import mod_97_10

from receivables.cashapp import Confirmation, MatchPolicy, learn, match
from receivables.money import Rate, RateTable

AS_OF = dt.date(2026, 3, 31)
EPOCH = dt.date(1970, 1, 1)

ES_FIRST = [
    "Ferretería",
    "Distribuidora",
    "Comercializadora",
    "Inversiones",
    "Constructora",
    "Transportes",
    "Laboratorios",
    "Agropecuaria",
    "Industrias",
    "Servicios",
    "Importadora",
    "Farmacia",
    "Panadería",
    "Textiles",
    "Muebles",
    "Calzado",
    "Papelería",
    "Droguería",
    "Talleres",
    "Grupo",
    "Almacenes",
    "Representaciones",
    "Soluciones",
    "Alimentos",
]
ES_SECOND = [
    "El Tornillo",
    "Andina",
    "del Caribe",
    "San José",
    "La Esperanza",
    "Santa Fe",
    "del Norte",
    "Los Álamos",
    "Nueva Granada",
    "El Progreso",
    "del Pacífico",
    "Central",
    "La Montaña",
    "Bolívar",
    "del Valle",
    "Monterrey",
    "Guadalajara",
    "Antioquia",
    "La Sabana",
    "Oriente",
    "San Martín",
    "El Sol",
    "La Ceiba",
    "Los Andes",
    "Cafetera",
    "Santa Lucía",
    "El Dorado",
    "Mar Azul",
    "La Roca",
    "Tres Ríos",
]
ES_THIRD = [
    "Gómez",
    "Rodríguez",
    "Martínez",
    "Hernández",
    "López",
    "González",
    "Pérez",
    "Sánchez",
    "Ramírez",
    "Torres",
    "Flores",
    "Rivera",
    "Díaz",
    "Morales",
    "Jiménez",
    "Ruiz",
    "Vargas",
    "Castro",
    "Ortiz",
    "Núñez",
    "e Hijos",
    "Hermanos",
    "y Asociados",
    "Internacional",
    "de Colombia",
    "de México",
    "Express",
    "Plus",
    "Global",
    "Mayorista",
]
ES_FORMS = ["S.A.", "S.A.S.", "Ltda.", "S. de R.L. de C.V.", "S.A. de C.V.", "S.L.", "Cía. Ltda."]
EN_FIRST = [
    "Acme",
    "Summit",
    "Pioneer",
    "Evergreen",
    "Blue Ridge",
    "Northwind",
    "Silverline",
    "Harbor",
    "Granite",
    "Redwood",
    "Maple",
    "Atlas",
    "Beacon",
    "Cedar",
    "Falcon",
    "Liberty",
    "Oakmont",
    "Prairie",
    "Sterling",
    "Union",
    "Keystone",
    "Lakeside",
    "Ironwood",
    "Bright",
]
EN_SECOND = [
    "Supply",
    "Logistics",
    "Foods",
    "Hardware",
    "Industries",
    "Trading",
    "Holdings",
    "Medical",
    "Systems",
    "Partners",
    "Distributors",
    "Manufacturing",
    "Textiles",
    "Electric",
    "Packaging",
    "Brands",
    "Farms",
    "Labs",
    "Motors",
    "Outfitters",
]
EN_THIRD = [
    "Group",
    "International",
    "of Texas",
    "West",
    "East",
    "North America",
    "& Sons",
    "Direct",
    "Solutions",
    "Services",
    "Enterprises",
    "Works",
    "Company",
    "USA",
    "Pacific",
    "Atlantic",
    "Midwest",
    "Southern",
    "Global",
    "Worldwide",
]
EN_FORMS = ["Inc.", "LLC", "Ltd", "Corp.", "Co.", "GmbH", "Inc"]
NOISE_TEXT_ES = ["PAGO PROVEEDOR", "TRANSFERENCIA", "PAGO", "ABONO", ""]
NOISE_TEXT_EN = ["PAYMENT", "ACH CREDIT", "WIRE TRANSFER", "VENDOR PAYMENT", ""]


def _strip_accents(text: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _customers(rng: np.random.Generator, count: int) -> tuple[list[str], list[bool]]:
    names: list[str] = []
    spanish: list[bool] = []
    seen: set[str] = set()
    while len(names) < count:
        es = rng.random() < 0.6
        if es:
            parts = [ES_FIRST[rng.integers(len(ES_FIRST))], ES_SECOND[rng.integers(len(ES_SECOND))]]
            if rng.random() < 0.8:
                parts.append(ES_THIRD[rng.integers(len(ES_THIRD))])
            form = ES_FORMS[rng.integers(len(ES_FORMS))]
        else:
            parts = [EN_FIRST[rng.integers(len(EN_FIRST))], EN_SECOND[rng.integers(len(EN_SECOND))]]
            if rng.random() < 0.8:
                parts.append(EN_THIRD[rng.integers(len(EN_THIRD))])
            form = EN_FORMS[rng.integers(len(EN_FORMS))]
        base = " ".join(parts)
        if base in seen and rng.random() > 0.01:
            # a handful of customers share a name but for the legal form, as in real files
            continue
        seen.add(base)
        names.append(f"{base} {form}")
        spanish.append(es)
    return names, spanish


def _number(scheme: int, serial: int) -> str:
    if scheme == 0:
        return f"INV-{serial:06d}"
    if scheme == 1:
        return f"FAC-2026-{serial:05d}"
    if scheme == 2:
        return f"001-{serial:07d}"
    if scheme == 3:
        return f"F{serial:06d}"
    return f"{serial + 5_000_000}"


def _reference_variant(rng: np.random.Generator, number: str) -> str:
    """The invoice number as a payer writes it: re-formatted, but recognisable."""
    digits = "".join(c for c in number if c.isdigit())
    choice = rng.integers(5)
    if choice == 0:
        return number.lower()
    if choice == 1:
        return number.replace("-", " ")
    if choice == 2:
        return "fact " + digits.lstrip("0")
    if choice == 3:
        return "No. " + number.replace("-", "")
    return "#" + digits


def _typo(rng: np.random.Generator, number: str) -> str:
    positions = [i for i, c in enumerate(number) if c.isdigit()]
    if len(positions) < 3:
        return number
    tail = positions[-4:]
    i = tail[int(rng.integers(len(tail) - 1))]
    chars = list(number)
    if rng.random() < 0.5 and chars[i] != chars[i + 1] and chars[i + 1].isdigit():
        chars[i], chars[i + 1] = chars[i + 1], chars[i]
    else:
        chars[i] = str((int(chars[i]) + 1 + int(rng.integers(8))) % 10)
    return "".join(chars)


def _payer_variant(rng: np.random.Generator, name: str) -> str:
    roll = rng.random()
    if roll < 0.35:
        return name.upper()
    if roll < 0.55:
        return _strip_accents(name).upper().replace(".", "")
    if roll < 0.70:
        words = name.split()
        if len(words) > 2:
            words = words[1:] + words[:1]
        return " ".join(words)
    if roll < 0.82:
        chars = list(_strip_accents(name).upper())
        letters = [i for i, c in enumerate(chars) if c.isalpha()]
        i = letters[int(rng.integers(len(letters)))]
        chars[i] = "X" if chars[i] != "X" else "Y"
        return "".join(chars)
    if roll < 0.92:
        return _strip_accents(name).upper()[:35]
    return name


def generate(scale: float, seed: int = 20260331, *, habits: bool = False) -> dict[str, object]:
    """The portfolio, the payments and the ground truth, seeded.

    By default every payment draws its own noise. With ``habits`` payers keep
    their habits, as real ones do: each customer's bank spells its name one
    way every time, and one customer in twenty is always paid by the same
    third party (a holding or a factor) under the third party's name. The
    habits are drawn from their own generator after the payments, so the
    payments, amounts and remittances are the same as without.
    """
    rng = np.random.default_rng(seed)
    n_customers = max(20, int(20_000 * scale))
    n_items = max(60, int(300_000 * scale))
    n_payments = max(20, int(100_000 * scale))
    names, spanish = _customers(rng, n_customers)
    customer_ids = [f"C{i:06d}" for i in range(n_customers)]
    accounts = [f"ES{rng.integers(10**9, 10**10)}{i:06d}" for i in range(n_customers)]
    foreign = rng.random(n_customers) < 0.02  # customers billed in EUR
    # items: a skewed number per customer
    owner = np.sort(rng.choice(n_customers, size=n_items, p=_weights(rng, n_customers)))
    scheme = rng.integers(0, 5, size=n_items)
    serial = np.zeros(n_items, dtype=np.int64)
    counters = [0] * 5
    for i in rng.permutation(n_items).tolist():
        counters[scheme[i]] += 1
        serial[i] = counters[scheme[i]] + 10
    numbers = [_number(int(s), int(n)) for s, n in zip(scheme, serial, strict=True)]
    amount = np.round(np.exp(rng.normal(6.8, 1.0, size=n_items)) * 100).astype(np.int64) + 100
    issue = rng.integers(0, 120, size=n_items)  # days before AS_OF
    as_of_day = (AS_OF - EPOCH).days
    issue_day = as_of_day - 40 - issue
    due_day = issue_day + 30
    has_discount = rng.random(n_items) < 0.1
    discount = np.where(has_discount, amount * 2 // 100, 0)
    discount_until = issue_day + 10
    currency = np.where(foreign[owner], "EUR", "USD")
    items = {
        "number": numbers,
        "customer_id": [customer_ids[c] for c in owner.tolist()],
        "open": amount,
        "currency": currency.tolist(),
        "document_date": (issue_day).astype("datetime64[D]"),
        "due_date": (due_day).astype("datetime64[D]"),
        "discount": discount,
        "discount_until": (discount_until).astype("datetime64[D]"),
    }
    by_customer: dict[int, list[int]] = {}
    for row, c in enumerate(owner.tolist()):
        by_customer.setdefault(c, []).append(row)
    used = np.zeros(n_items, dtype=bool)
    rate = Decimal("1.0800")  # 1 EUR = 1.08 USD

    pay: dict[str, list[object]] = {
        k: []
        for k in (
            "id",
            "amount",
            "currency",
            "received_date",
            "payer_name",
            "remittance",
            "customer_id",
            "payer_account",
        )
    }
    truth_customer: list[str | None] = []
    truth_items: list[tuple[str, ...]] = []
    truth_kind: list[str] = []
    customers_with_items = sorted(by_customer)
    k = 0
    while len(pay["id"]) < n_payments:
        k += 1
        pid = f"P{k:07d}"
        roll = rng.random()
        if roll < 0.012 and pay["id"]:
            # a duplicate of an earlier payment, re-sent a few days later
            j = int(rng.integers(max(0, len(pay["id"]) - 200), len(pay["id"])))
            if truth_kind[j] == "duplicate":
                continue
            received = pay["received_date"][j] + int(rng.integers(1, 4))  # type: ignore[operator]
            if received > as_of_day:
                continue
            for key in pay:
                pay[key].append(pay[key][j])
            pay["id"][-1] = pid
            pay["received_date"][-1] = received
            truth_customer.append(truth_customer[j])
            truth_items.append(())
            truth_kind.append("duplicate")
            continue
        if roll < 0.022:
            # an unidentified deposit: a payer who is not a customer, nothing to go on
            pay["id"].append(pid)
            pay["amount"].append(int(rng.integers(1000, 200000)))
            pay["currency"].append("USD")
            pay["received_date"].append(as_of_day - int(rng.integers(0, 30)))
            pay["payer_name"].append(f"PERSONA NATURAL {rng.integers(10**6)}")
            pay["remittance"].append(str(NOISE_TEXT_ES[rng.integers(len(NOISE_TEXT_ES))]))
            pay["customer_id"].append(None)
            pay["payer_account"].append(None)
            truth_customer.append(None)
            truth_items.append(())
            truth_kind.append("unidentified")
            continue
        c = customers_with_items[int(rng.integers(len(customers_with_items)))]
        open_rows = [r for r in by_customer[c] if not used[r]]
        if not open_rows:
            continue
        scenario = rng.random()
        if scenario < 0.16 and len(open_rows) >= 2:
            count = int(rng.integers(2, min(4, len(open_rows)) + 1))
            chosen = sorted(rng.choice(open_rows, size=count, replace=False).tolist())
            kind = "several"
        else:
            chosen = [open_rows[int(rng.integers(len(open_rows)))]]
            kind = "one"
        total = int(amount[chosen].sum())
        received = int(max(issue_day[chosen].max() + 1, as_of_day - int(rng.integers(0, 40))))
        paid = total
        if kind == "one":
            r = chosen[0]
            s2 = rng.random()
            if s2 < 0.05:
                paid = max(1, total // int(rng.integers(2, 5)))
                kind = "partial"
            elif s2 < 0.09:
                paid = total - int(rng.integers(1, 100))
                kind = "short_write_off"
            elif s2 < 0.12 and total > 10000:
                paid = total - max(101, total // 100)
                kind = "short_deduction"
            elif s2 < 0.18 and discount[r] > 0:
                received = int(issue_day[r] + rng.integers(1, 10))
                paid = total - int(discount[r])
                kind = "discount"
            elif s2 < 0.20:
                paid = total + int(rng.integers(100, 5000))
                kind = "overpaid"
        received = min(received, as_of_day)
        pay_currency = "EUR" if foreign[c] else "USD"
        if not foreign[c] and rng.random() < 0.005:
            # a customer billed in USD pays in EUR at the day's rate
            pay_currency = "EUR"
            paid = int((Decimal(paid) / rate).to_integral_value())
            kind = "fx"
        used[chosen] = True
        chosen_numbers = tuple(numbers[r] for r in chosen)
        es = spanish[c]
        # the remittance text
        t = rng.random()
        if t < 0.38:
            text = " ".join(chosen_numbers)
            if rng.random() < 0.5:
                text = ("Pago factura " if es else "Invoice ") + text
        elif t < 0.55:
            text = " ".join(_reference_variant(rng, n) for n in chosen_numbers)
        elif t < 0.68:
            digits = ["".join(ch for ch in n if ch.isdigit()).lstrip("0") for n in chosen_numbers]
            if es:
                text = "PAGO FACTURAS " + (
                    ", ".join(digits[:-1]) + " Y " + digits[-1] if len(digits) > 1 else digits[0]
                )
            else:
                text = "Invoices " + (
                    ", ".join(digits[:-1]) + " and " + digits[-1] if len(digits) > 1 else digits[0]
                )
        elif t < 0.73:
            text = " ".join(_typo(rng, n) for n in chosen_numbers)
        elif t < 0.76:
            text = " ".join(n[: max(6, len(n) - 2)] for n in chosen_numbers)
        elif t < 0.79:
            body = "".join(ch for ch in chosen_numbers[0] if ch.isalnum())
            rf = _creditor(body)
            text = " ".join([rf[i : i + 4] for i in range(0, len(rf), 4)])
            if len(chosen) > 1:
                text += " " + " ".join(chosen_numbers[1:])
        else:
            pool = NOISE_TEXT_ES if es else NOISE_TEXT_EN
            text = str(pool[rng.integers(len(pool))])
        who = rng.random()
        pay["id"].append(pid)
        pay["amount"].append(int(paid))
        pay["currency"].append(pay_currency)
        pay["received_date"].append(received)
        pay["remittance"].append(text)
        if who < 0.10:
            pay["customer_id"].append(customer_ids[c])
            pay["payer_account"].append(None)
            pay["payer_name"].append(names[c].upper())
        elif who < 0.40:
            pay["customer_id"].append(None)
            pay["payer_account"].append(accounts[c])
            pay["payer_name"].append(_payer_variant(rng, names[c]))
        else:
            pay["customer_id"].append(None)
            pay["payer_account"].append(None)
            pay["payer_name"].append(_payer_variant(rng, names[c]))
        truth_customer.append(customer_ids[c])
        truth_items.append(chosen_numbers)
        truth_kind.append(kind)
    payments = dict(pay)
    payments["received_date"] = np.asarray(pay["received_date"], dtype="datetime64[D]")
    payments["amount"] = np.asarray(pay["amount"], dtype=np.int64)
    customers = {
        "id": customer_ids,
        "name": names,
        "bank_accounts": [accounts[i] if rng.random() < 0.9 else "" for i in range(n_customers)],
    }
    rates = RateTable([Rate("EUR", "USD", rate, dt.date(2026, 1, 1))])
    if habits:
        _keep_habits(np.random.default_rng(seed + 1), payments, names, customer_ids, truth_customer)
    return {
        "payments": payments,
        "items": items,
        "customers": customers,
        "rates": rates,
        "truth_customer": truth_customer,
        "truth_items": truth_items,
        "truth_kind": truth_kind,
    }


THIRD_PARTIES = [
    "Inversiones Cóndor Holding S.A.",
    "Atlas Capital Factoring LLC",
    "Grupo Financiero Meridiano",
    "Summit Receivables Finance Ltd",
    "Corporación Quetzal",
]


def _keep_habits(
    rng: np.random.Generator,
    payments: dict[str, object],
    names: list[str],
    customer_ids: list[str],
    truth_customer: list[str | None],
) -> None:
    """Each customer's payer spelling drawn once; one in twenty paid by a third party."""
    position = {c: i for i, c in enumerate(customer_ids)}
    spelling: dict[int, str] = {}
    payer_names = payments["payer_name"]
    accounts = payments["payer_account"]
    for i, customer in enumerate(truth_customer):
        if customer is None or payments["customer_id"][i] is not None:  # type: ignore[index]
            continue
        c = position[customer]
        if c not in spelling:
            if rng.random() < 0.05:
                spelling[c] = "3P:" + THIRD_PARTIES[int(rng.integers(len(THIRD_PARTIES)))]
            else:
                spelling[c] = _payer_variant(rng, names[c])
        said = spelling[c]
        if said.startswith("3P:"):
            payer_names[i] = said[3:].upper()  # type: ignore[index]
            accounts[i] = None  # type: ignore[index]
        else:
            payer_names[i] = said  # type: ignore[index]


def _creditor(body: str) -> str:
    reference = "RF" + mod_97_10.calc_check_digits(body + "RF") + body
    assert iso11649.is_valid(reference)
    return reference


def _rss() -> int:
    """This process's resident memory now, in bytes (Linux /proc; 0 elsewhere)."""
    try:
        with open("/proc/self/statm") as status:
            return int(status.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


class PeakMemory:
    """The peak resident memory above the start, sampled every 5 ms while the block runs."""

    def __init__(self) -> None:
        self.start = 0
        self.peak = 0
        self._done = threading.Event()

    def _watch(self) -> None:
        while not self._done.wait(0.005):
            self.peak = max(self.peak, _rss())

    def __enter__(self) -> PeakMemory:
        self.start = self.peak = _rss()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._done.set()
        self._thread.join()
        self.peak = max(self.peak, _rss())

    @property
    def above(self) -> float:
        """MB above the resident memory at the start."""
        return (self.peak - self.start) / 1e6


def _weights(rng: np.random.Generator, n: int) -> np.ndarray:
    raw = rng.pareto(2.0, size=n) + 1.0
    return raw / raw.sum()


def evaluate(result: object, data: dict[str, object]) -> dict[str, float]:
    """Share auto-applied, precision of the auto-applied, top-3 recall of proposals."""
    columns = result.columns()  # type: ignore[attr-defined]
    payments = data["payments"]
    ids = payments["id"]  # type: ignore[index]
    position = {pid: i for i, pid in enumerate(ids)}
    applied: dict[int, set[str]] = {}
    customer: dict[int, str | None] = {}
    outcome: dict[int, str] = {}
    for pid, out, cust, item in zip(
        columns["payment_id"],
        columns["outcome"],
        columns["customer_id"],
        columns["item"],
        strict=True,
    ):
        i = position[pid]
        outcome[i] = out
        customer[i] = cust
        if out == "applied" and item is not None:
            applied.setdefault(i, set()).add(item)
    truth_items = data["truth_items"]
    truth_customer = data["truth_customer"]
    n = len(ids)
    n_applied = sum(1 for o in outcome.values() if o == "applied")
    right = 0
    wrong_kinds: dict[str, int] = {}
    for i, o in outcome.items():
        if o != "applied":
            continue
        if customer[i] == truth_customer[i] and applied.get(i, set()) == set(truth_items[i]):  # type: ignore[index]
            right += 1
        else:
            kind = data["truth_kind"][i]  # type: ignore[index]
            wrong_kinds[kind] = wrong_kinds.get(kind, 0) + 1
    proposed = [i for i, o in outcome.items() if o == "proposed" and truth_items[i]]  # type: ignore[index]
    recalled = 0
    if proposed:
        by_id = {d.payment_id: d for d in (result.decision(i) for i in proposed)}  # type: ignore[attr-defined]
        for i in proposed:
            decision = by_id[ids[i]]  # type: ignore[index]
            want = set(truth_items[i])  # type: ignore[index]
            tops = [set(c.items) for c in decision.alternatives[:3]]
            if not tops:
                tops = [{line.item for line in decision.lines}]
            if want in tops:
                recalled += 1
    counts: dict[str, int] = {}
    for o in outcome.values():
        counts[o] = counts.get(o, 0) + 1
    # Payments that should be applied: a customer's payment naming items, not a copy.
    should = [
        i
        for i in range(n)
        if truth_items[i] and data["truth_kind"][i] not in ("duplicate", "unidentified")  # type: ignore[index]
    ]
    lines = right_lines = 0
    for i, found in applied.items():
        want = set(truth_items[i])  # type: ignore[index]
        lines += len(found)
        if customer[i] == truth_customer[i]:  # type: ignore[index]
            right_lines += len(found & want)
    return {
        "should_share": sum(1 for i in should if outcome.get(i) == "applied") / len(should)
        if should
        else 1.0,
        "line_precision": right_lines / lines if lines else 1.0,
        "auto_share": n_applied / n,
        "precision": right / n_applied if n_applied else 1.0,
        "recall3": recalled / len(proposed) if proposed else 1.0,
        "proposed": len(proposed),
        "counts": counts,  # type: ignore[dict-item]
        "wrong": wrong_kinds,  # type: ignore[dict-item]
    }


def baseline(data: dict[str, object], sample: int) -> tuple[float, int, float, float]:
    """What a user writes: exact reference join, then extractOne on the payer name."""
    items = data["items"]
    payments = data["payments"]
    customers = data["customers"]
    started = time.perf_counter()
    by_number = {n: i for i, n in enumerate(items["number"])}  # type: ignore[index]
    names = list(customers["name"])  # type: ignore[index]
    by_customer: dict[str, list[int]] = {}
    for i, c in enumerate(items["customer_id"]):  # type: ignore[index]
        by_customer.setdefault(c, []).append(i)
    amounts = items["open"]  # type: ignore[index]
    applied = 0
    right = 0
    for i in range(sample):
        remittance = str(payments["remittance"][i]).strip()  # type: ignore[index]
        row = by_number.get(remittance)
        chosen: tuple[str, ...] = ()
        if row is not None:
            chosen = (items["number"][row],)  # type: ignore[index]
        else:
            best = process.extractOne(
                payments["payer_name"][i],
                names,
                scorer=fuzz.WRatio,  # type: ignore[index]
                processor=utils.default_process,
                score_cutoff=85,
            )
            if best is not None:
                customer = customers["id"][best[2]]  # type: ignore[index]
                for r in by_customer.get(customer, []):
                    if int(amounts[r]) == int(payments["amount"][i]):  # type: ignore[index]
                        chosen = (items["number"][r],)  # type: ignore[index]
                        break
        if chosen:
            applied += 1
            if set(chosen) == set(data["truth_items"][i]):  # type: ignore[index]
                right += 1
    elapsed = time.perf_counter() - started
    return elapsed, applied, right / applied if applied else 1.0, applied / sample


def _subset(
    data: dict[str, object], keep: list[int], items: dict[str, object]
) -> dict[str, object]:
    """The same portfolio with only the payments at ``keep`` (and the given items)."""
    payments = data["payments"]
    picked = {
        name: (column[keep] if isinstance(column, np.ndarray) else [column[i] for i in keep])
        for name, column in payments.items()  # type: ignore[attr-defined]
    }
    found = dict(data)
    found["payments"] = picked
    found["items"] = items
    for name in ("truth_customer", "truth_items", "truth_kind"):
        found[name] = [data[name][i] for i in keep]  # type: ignore[index]
    return found


def learning(data: dict[str, object], policy: MatchPolicy) -> None:
    """Day one, an analyst confirms its proposals and unidentified payments, day two with memory.

    ``data`` should be generated with payers' ``habits`` (nothing recurs
    otherwise, and there is nothing to learn). Day one is the payments
    received up to the middle day, day two the rest, against the items day
    one did not pay. The analyst's word is the ground truth's customer for
    every day-one payment proposed or unidentified (a payment with no
    customer in the truth is left alone); the payments applied automatically
    are confirmed as they are.
    """
    payments = data["payments"]
    days = np.asarray(payments["received_date"], dtype="datetime64[D]").astype(np.int64)  # type: ignore[index]
    middle = int(np.median(days))
    one = [i for i in range(len(days)) if days[i] <= middle]
    two = [i for i in range(len(days)) if days[i] > middle]
    day_one = _subset(data, one, data["items"])  # type: ignore[arg-type]
    first = match(
        day_one["payments"],
        day_one["items"],
        customers=data["customers"],
        policy=policy,
        as_of=AS_OF,
        rates=data["rates"],  # type: ignore[arg-type]
    )
    columns = day_one["payments"]
    confirmations = []
    for position, outcome in enumerate(first.outcomes()):
        customer = day_one["truth_customer"][position]  # type: ignore[index]
        if outcome.value == "applied":
            customer = first.decision(position).customer_id
        elif outcome.value not in ("proposed", "unidentified"):
            continue
        if customer is None:
            continue
        confirmations.append(
            Confirmation(
                payment_id=columns["id"][position],  # type: ignore[index]
                customer_id=customer,
                payer_name=columns["payer_name"][position] or "",  # type: ignore[index]
                payer_account=columns["payer_account"][position],  # type: ignore[index]
                remittance=columns["remittance"][position] or "",  # type: ignore[index]
                items=day_one["truth_items"][position],  # type: ignore[index]
            )
        )
    memory = learn(confirmations)
    paid = {n for i in one for n in data["truth_items"][i]}  # type: ignore[index]
    items = data["items"]
    left = [r for r, n in enumerate(items["number"]) if n not in paid]  # type: ignore[index]
    remaining_items = {
        name: (column[left] if isinstance(column, np.ndarray) else [column[r] for r in left])
        for name, column in items.items()  # type: ignore[attr-defined]
    }
    day_two = _subset(data, two, remaining_items)
    print(
        f"learning (payers with habits): day one {len(one):,} payments, {len(confirmations):,} "
        f"confirmed; memory v{memory.version}: {len(memory.names):,} names, "
        f"{len(memory.accounts):,} accounts, {len(memory.patterns):,} remittance patterns"
    )
    for label, remembered in (("without memory", None), ("with memory", memory)):
        result = match(
            day_two["payments"],
            day_two["items"],
            customers=data["customers"],
            policy=policy,
            as_of=AS_OF,
            rates=data["rates"],  # type: ignore[arg-type]
            memory=remembered,
        )
        scores = evaluate(result, day_two)
        print(
            f"  day two ({len(two):,} payments) {label}: auto-applied {scores['auto_share']:.1%} "
            f"({scores['should_share']:.1%} of those that should be), "
            f"precision {scores['precision']:.2%}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the issue's size")
    parser.add_argument("--seed", type=int, default=20260331)
    parser.add_argument("--baseline-sample", type=int, default=500)
    parser.add_argument(
        "--no-learning", action="store_true", help="skip the day-one / day-two learning run"
    )
    arguments = parser.parse_args()
    started = time.perf_counter()
    data = generate(arguments.scale, arguments.seed)
    generated = time.perf_counter() - started
    n_pay = len(data["payments"]["id"])  # type: ignore[index]
    n_items = len(data["items"]["number"])  # type: ignore[index]
    n_customers = len(data["customers"]["id"])  # type: ignore[index]
    print(
        f"generated {n_pay:,} payments, {n_items:,} open items, {n_customers:,} customers "
        f"in {generated:.1f} s (seed {arguments.seed})"
    )
    policy = MatchPolicy(bank_fee_amount=Decimal("0"))
    started = time.perf_counter()
    cpu = time.process_time()
    with PeakMemory() as memory:
        result = match(
            data["payments"],
            data["items"],
            customers=data["customers"],
            policy=policy,
            as_of=AS_OF,
            rates=data["rates"],  # type: ignore[arg-type]
        )
    wall = time.perf_counter() - started
    cpu = time.process_time() - cpu
    scores = evaluate(result, data)
    print(
        f"receivables.cashapp.match: {wall:.2f} s wall ({cpu:.2f} s CPU, all threads), "
        f"{n_pay / wall:,.0f} payments/s, peak memory {memory.above:,.0f} MB above the inputs (load {os.getloadavg()[0]:.1f})"
    )
    print(f"  outcomes: {scores['counts']}")
    print(
        f"  auto-applied: {scores['auto_share']:.1%} of payments, "
        f"{scores['should_share']:.1%} of those that should be (not copies or unknown payers)"
    )
    print(
        f"  precision of auto-applied: {scores['precision']:.2%} of payments (wholly right), "
        f"{scores['line_precision']:.2%} of lines  (wrong payments by kind: {scores['wrong']})"
    )
    print(f"  top-3 recall of proposals: {scores['recall3']:.1%} of {scores['proposed']:,}")
    sample = min(arguments.baseline_sample, n_pay)
    elapsed, _, precision, share = baseline(data, sample)
    rate = sample / elapsed
    print(
        f"baseline (exact join + extractOne loop) on {sample:,} payments: {elapsed:.2f} s, "
        f"{rate:,.0f} payments/s, auto {share:.1%}, precision {precision:.2%}"
    )
    print(f"ratio: the library is {n_pay / wall / rate:,.1f}x the baseline's payments/s")
    if not arguments.no_learning:
        learning(generate(arguments.scale, arguments.seed, habits=True), policy)


if __name__ == "__main__":
    main()
