"""Cash application on a second portfolio: bank files from Colombia, Mexico, Panama, Puerto Rico.

How well does :func:`receivables.cashapp.match` do on data it was not tuned
for? This portfolio was written from a description of real bank files, apart
from the project's first benchmark (``benchmarks/cashapp.py``) and without
reading the engine's internals, with other numbering schemes, names,
remittance habits and a noisier mix. It is scored envelope by envelope (the
payment fully right) and line by line, with a table per kind of noise, and
the first benchmark's portfolio is scored beside it in the same run.

The portfolio (seeded, deterministic)
-------------------------------------
Customers in Colombia (COP, whole pesos), Mexico (MXN), Panama and Puerto
Rico (USD): legal names with their legal form (S.A.S., Ltda., S.A. de C.V.,
S. de R.L. de C.V., S.A., Corp., Inc., LLC), sister companies sharing a
trade name under two legal forms, tax ids (Colombian NIT with its check
digit, Mexican RFC with its check character, Panamanian RUC, Puerto Rican
EIN), bank accounts on file (or not, or formatted with dashes), and a few
customers billed the same fixed amount every month. Invoice numbers as each
country's entity issues them: Colombian e-invoices ``SETP990000123`` and
``FE-123``, Mexican CFDI series and folio ``A-4512`` and ``F 000451``,
Panamanian ``001-0000045``, Puerto Rican ``INV2026-0045``. Amounts include
VAT (19 %, 16 %, 7 % ITBMS, 11.5 % IVU) on a base that is kept.

Bank lines are upper-cased, without accents, cut to the field width (35 or
40 characters), the payer name often after a channel word (``PAGO PSE``,
``TRANSF SPEI``, ``ACH CREDIT``), with the payer's own account. Kinds of
payment, in these proportions (default size 20,000 payments over 60,000 open
items and 8,000 customers):

==================  =====  ==================================================
kind                share  what the bank line carries
==================  =====  ==================================================
clean               35.5%  one invoice, its full number, the exact amount
short_ref            7 %   one invoice as ``451``, ``FACT 451``, ``FE451``
multi_ref            8 %   2-5 invoices: ``FACT 123 124 125``, ``FE123/FE124``
                           (cut by the field when the numbers are long)
multi_cut            2 %   a list longer than the field: the last ones cut
typo_ref             4 %   one digit wrong or two digits swapped
wrong_field          3 %   the reference in the bank-reference or name field
no_ref               7 %   one invoice, no remittance at all
no_ref_multi         2 %   2-3 invoices, no remittance at all
tax_id               3 %   the customer's NIT or RFC instead of an invoice
abono                4 %   ``ABONO``: part of one invoice (a quarter unnamed)
withholding          6 %   Colombia: net of retención en la fuente, 2.5 % or
                           4 % of the pre-tax base, on 1-3 invoices
bank_fee             3 %   short by a fixed bank fee
overpay              2 %   more than the invoice (rounded up)
third_party          4 %   a factor or parent ``PAGO POR CUENTA DE <customer>``
sister_pays          2 %   one sister company pays the other's invoice
same_amount          2 %   two or more open invoices of that amount, no remittance
duplicate            2.5%  re-sent by the bank: same account, amount and day,
                           another bank reference, no remittance
unidentified         3 %   cash deposits with no name
==================  =====  ==================================================

Ground truth and the rule for "should be auto-applied"
------------------------------------------------------
Each payment's truth is the set of lines ``(invoice, amount applied)`` a
careful analyst posts (amount applied = the cash put on that invoice, in
minor units: a payment net of withholding puts ``open - withheld`` on each
invoice, a bank fee or a partial payment puts the cash received, an
overpayment puts the open amount and leaves the rest on account), the
customer whose invoices they are, and a class:

- ``apply``: the bank line and the master data alone determine the customer
  and the lines, without a guess. The analyst here reads every field of the
  line as it reached the file (after truncation) and decides by these rules,
  computed by :func:`_analyst`:

  1. *Who*: a bank account on file; a tax id in the text; a payer-name
     fragment (channel words dropped, letters and digits only) that starts
     exactly one customer's legal name. A fragment that starts two or three
     names (a truncated or form-less sister name) gives *near* candidates.
  2. *Which*, by reference: a full or compact number names one invoice; a
     short form (``451``) names the open invoices it fits, restricted to the
     customers of step 1 (or of the list's other references) when that leaves
     any, then, for a lone reference, to those whose amount explains the
     payment; when a lone reference's invoices do not explain the amount, the
     invoices one substituted digit or one swap away that do (within the
     customers of step 1 when known). Every visible reference must resolve to one
     invoice, and the amount must be explained: equal to the total; the
     total less Colombian withholding at 2.5 % or 4 % of each base; one
     invoice less a bank fee of the currency's schedule; part of one invoice
     with ``ABONO``; or more than one invoice (the rest on account). A cut
     list may leave one invoice unnamed when exactly one open invoice of the
     customer equals the rest of the amount.
  3. *Which*, without a reference: one customer from step 1 (or the near
     candidates together) has exactly one open invoice that equals the
     amount (or explains it with ``ABONO`` or withholding), or else exactly
     one set of two to four open invoices adding up to it (searched when the
     customer has at most 16 open invoices). Open means not
     named by another payment of the same file.
- ``review``: the money is real but those rules do not settle it (a partial
  payment of one of several invoices with no reference, two open invoices of
  the same amount and no reference, a reference that fits two invoices, a
  payer nobody can name...). The right outcome is a proposal. The lines the
  generator knows are kept, so an application that happens to hit them counts
  as right, but it was not warranted, and the count of such applications is
  printed.
- ``none``: duplicates and unidentified cash deposits. Nothing may be
  applied; every application is wrong and must be zero.

When the rules' lines differ from the generator's (a coincidence of amounts
or numbers), the payment is demoted to ``review``; the count is printed.

The scores
----------
*Envelope*: a payment is right when it is applied, to the true customer,
with exactly the true set of lines (invoice and amount). *Line*: an applied
line is right when its invoice and amount are one of the payment's true
lines. Printed: the auto-applied share of the ``apply`` payments (right, and
in all), envelope and line precision of everything applied, line recall over
the ``apply`` payments, applications of duplicates and unidentified deposits,
proposals that name the true lines among their top three, and a table per
kind. ``match`` runs with the default :class:`~receivables.cashapp.MatchPolicy`
and is timed alone.

The first benchmark's portfolio is built by its own ``generate`` at the same
size (20,000 payments, ``--first-scale 0.2``) and matched with its own
policy. Its truth is the customer and the set of invoices, without amounts,
and no review class: every payment with invoices counts as ``apply`` and its
lines are scored on the invoice alone.

    python benchmarks/cashapp_latam.py               # 20,000 payments
    python benchmarks/cashapp_latam.py --scale 0.01  # a smoke run
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import importlib.util
import itertools
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
from stdnum.co import nit
from stdnum.mx import rfc

from receivables.cashapp import MatchPolicy, match
from receivables.documents import Customer
from receivables.money import currency_digits

AS_OF = dt.date(2026, 6, 30)
EPOCH = dt.date(1970, 1, 1)

KINDS: dict[str, float] = {
    "clean": 0.355,
    "short_ref": 0.07,
    "multi_ref": 0.08,
    "multi_cut": 0.02,
    "typo_ref": 0.04,
    "wrong_field": 0.03,
    "no_ref": 0.07,
    "no_ref_multi": 0.02,
    "tax_id": 0.03,
    "abono": 0.04,
    "withholding": 0.06,
    "bank_fee": 0.03,
    "overpay": 0.02,
    "third_party": 0.04,
    "sister_pays": 0.02,
    "same_amount": 0.02,
    "duplicate": 0.025,
    "unidentified": 0.03,
}


@dataclass(frozen=True)
class Country:
    """How one country bills and how its banks write a credit line."""

    code: str
    currency: str
    share: float
    forms: tuple[str, ...]
    vat_per_mille: int
    channels: tuple[str, ...]
    cash_words: tuple[str, ...]
    fees: tuple[int, ...]  # bank fees in cents of the currency
    widths: tuple[int, ...]  # field widths of this country's files
    median: int  # median invoice base, cents


COUNTRIES = (
    Country(
        "CO",
        "COP",
        0.40,
        ("S.A.S.", "S.A.S.", "Ltda.", "S.A.", "S. en C."),
        190,
        ("PAGO PSE", "ABONO ACH", "TRANSF", "PAGO INTERBANC"),
        ("DEP EFECTIVO", "CONSIGNACION EFECTIVO"),
        (450_000, 890_000, 1_260_000),
        (35, 40),
        350_000_000,
    ),
    Country(
        "MX",
        "MXN",
        0.30,
        ("S.A. de C.V.", "S. de R.L. de C.V.", "S.A.P.I. de C.V.", "S.C."),
        160,
        ("TRANSF SPEI", "SPEI RECIBIDO", "DEP CHEQUE"),
        ("DEP EFECTIVO", "DEPOSITO EN EFECTIVO"),
        (580, 870, 1_500),
        (40,),
        3_500_000,
    ),
    Country(
        "PA",
        "USD",
        0.15,
        ("S.A.", "S.A.", "Corp.", "Inc.", "S. de R.L."),
        70,
        ("ACH CREDIT", "TRANSF ACH", "TRANSFERENCIA"),
        ("DEP EFECTIVO", "CASH DEPOSIT"),
        (1_000, 1_500, 2_500),
        (35,),
        250_000,
    ),
    Country(
        "PR",
        "USD",
        0.15,
        ("Inc.", "Corp.", "LLC", "CSP"),
        115,
        ("ACH CREDIT", "ACH CR", "WIRE IN"),
        ("CASH DEPOSIT", "DEP EFECTIVO"),
        (1_500, 2_500, 3_500),
        (35, 40),
        180_000,
    ),
)

ACTIVITY = (
    "Distribuidora", "Comercializadora", "Inversiones", "Ferretería", "Droguería",
    "Transportes", "Agropecuaria", "Constructora", "Importadora", "Servicios Integrales",
    "Alimentos", "Laboratorios", "Textiles", "Papelería", "Suministros", "Industrias",
    "Logística", "Tecnología", "Farmacéutica", "Materiales", "Muebles", "Autopartes",
    "Productora", "Panificadora", "Clínica", "Editorial", "Grupo", "Corporación",
    "Almacenes", "Soluciones",
)  # fmt: skip
DISTINCT = (
    "La Esperanza", "El Progreso", "San José", "Santa Fe", "del Caribe", "Andina",
    "del Pacífico", "Los Andes", "La Sabana", "del Norte", "Monterrey", "del Istmo",
    "Borinquen", "Tropical", "La Montaña", "El Dorado", "San Cristóbal", "Santa Bárbara",
    "La Victoria", "El Roble", "Los Pinos", "Sol y Mar", "Valle del Cauca", "Antioquia",
    "del Bajío", "Aurora", "Bahía", "Cóndor", "Jaguar", "Colibrí", "Guadalupe",
    "Nueva Granada", "El Faro", "Las Palmas", "Río Grande", "Bella Vista", "Altamira",
    "Santa Clara", "Hermanos Gómez", "Restrepo & Cía", "Martínez Hermanos",
    "García y Asociados", "Rodríguez e Hijos", "Ortiz", "Vargas", "Herrera",
)  # fmt: skip
QUALIFIER = (
    "", "", "", "Express", "Global", "Integral", "Plus", "Internacional", "Mayorista",
    "Central", "Unida", "Moderna", "2000", "JR", "XXI",
)  # fmt: skip
PR_FIRST = (
    "Caribbean", "Island", "Atlantic", "Coquí", "San Juan", "Ponce", "Bayamón", "Metro",
    "Tropical", "Borinquen", "Mayagüez", "Eastern", "Sunrise", "Palm", "Harbor",
)  # fmt: skip
PR_SECOND = (
    "Medical Supply", "Distributors", "Foods", "Hardware", "Pharmacy", "Logistics",
    "Builders", "Auto Parts", "Office Products", "Technologies", "Wholesale", "Marine",
    "Energy", "Packaging", "Laboratories",
)  # fmt: skip
THIRD_PARTIES = (
    "Factor Andino S.A.S.", "Liquidez Inmediata S.A.S.", "Factoraje del Centro S.A. de C.V.",
    "Financiera del Istmo S.A.", "Island Finance Factoring LLC", "Holding Empresarial Quimera S.A.",
    "Tesorería Corporativa Nexo S.A. de C.V.", "Fiducia Occidente S.A.",
)  # fmt: skip
ABONO_WORDS = ("ABONO", "ABONO FACT", "ABONO A FACTURA", "PAGO PARCIAL ABONO")


def _plain(text: str) -> str:
    """Upper case without accents, as a bank writes it."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).upper()


def _key(text: str) -> str:
    """Letters and digits only: how the analyst compares names and numbers."""
    return "".join(c for c in _plain(text) if c.isalnum())


@dataclass
class Client:
    """One customer of the portfolio."""

    id: str
    name: str
    country: Country
    tax_id: str
    accounts: tuple[str, ...]  # digits, as the bank writes them
    on_file: tuple[str, ...]  # as the master data holds them
    sister: int = -1
    fixed_fee: bool = False
    items: list[int] = field(default_factory=list)


@dataclass
class Item:
    """One open invoice."""

    number: str
    customer: int
    country: Country
    total: int  # cents of the currency
    base: int  # pre-tax base, cents
    issued: int  # day number
    due: int
    short: str
    compact: str


@dataclass
class Line:
    """One bank line and what the generator knows about it."""

    id: str
    kind: str
    country: Country
    amount: int  # cents
    day: int
    payer_name: str = ""
    remittance: str = ""
    bank_reference: str = ""
    payer_account: str = ""
    customer: int = -1  # the true customer, -1 for none
    lines: tuple[tuple[int, int], ...] = ()  # (item, cents applied)
    # the evidence that reached the file, for the analyst
    refs: list[tuple[int, str]] = field(default_factory=list)  # (item, visible text)
    lost_refs: int = 0
    name_fragments: list[str] = field(default_factory=list)
    tax_customer: int = -1
    abono: bool = False
    cls: str = "apply"


def _nit(rng: np.random.Generator) -> str:
    body = str(int(rng.integers(800_000_000, 902_000_000)))
    return f"{body}-{nit.calc_check_digit(body)}"


def _rfc(rng: np.random.Generator, name: str) -> str:
    words = [w for w in _plain(name).replace(".", " ").split() if w.isalpha()]
    letters = ("".join(w[0] for w in words) + "XXX")[:3]
    born = dt.date(1980, 1, 1) + dt.timedelta(days=int(rng.integers(0, 15_000)))
    alphabet = "ABCDEFGHJKLMNPRSTUVWXYZ123456789"
    homoclave = "".join(alphabet[int(k)] for k in rng.integers(0, len(alphabet), 2))
    body = f"{letters}{born:%y%m%d}{homoclave}"
    return body + rfc.calc_check_digit(body)


def _clabe(rng: np.random.Generator) -> str:
    digits = [int(d) for d in rng.integers(0, 10, 17)]
    weights = itertools.cycle((3, 7, 1))
    check = (10 - sum(d * w % 10 for d, w in zip(digits, weights, strict=False)) % 10) % 10
    return "".join(map(str, digits)) + str(check)


def _tax_id(rng: np.random.Generator, country: Country, name: str) -> str:
    if country.code == "CO":
        return _nit(rng)
    if country.code == "MX":
        return _rfc(rng, name)
    if country.code == "PA":
        return f"155{int(rng.integers(100_000, 999_999))}-2-{int(rng.integers(2005, 2024))}"
    return f"66-0{int(rng.integers(100_000, 999_999))}"


def _account(rng: np.random.Generator, country: Country) -> str:
    if country.code == "MX":
        return _clabe(rng)
    size = {"CO": 11, "PA": 12, "PR": 10}[country.code]
    return "".join(str(int(d)) for d in rng.integers(0, 10, size))


def _formatted(account: str) -> str:
    """How a master file may hold an account: in groups with dashes."""
    return "-".join(account[i : i + 4] for i in range(0, len(account), 4))


def _customers(rng: np.random.Generator, count: int) -> list[Client]:
    shares = np.array([c.share for c in COUNTRIES])
    taken_names: set[str] = set()
    taken_accounts: set[str] = set()
    clients: list[Client] = []
    while len(clients) < count:
        country = COUNTRIES[int(rng.choice(len(COUNTRIES), p=shares))]
        if country.code == "PR" and rng.random() < 0.6:
            trade = (
                f"{PR_FIRST[rng.integers(len(PR_FIRST))]} {PR_SECOND[rng.integers(len(PR_SECOND))]}"
            )
        else:
            qualifier = QUALIFIER[rng.integers(len(QUALIFIER))]
            trade = " ".join(
                w
                for w in (
                    ACTIVITY[rng.integers(len(ACTIVITY))],
                    DISTINCT[rng.integers(len(DISTINCT))],
                    qualifier,
                )
                if w
            )
        if _key(trade) in taken_names:
            continue
        taken_names.add(_key(trade))
        sisters = 2 if rng.random() < 0.08 and len(clients) + 2 <= count else 1
        forms = rng.permutation(len(country.forms))
        seen_forms: list[str] = []
        for f in forms.tolist():
            if country.forms[f] not in seen_forms:
                seen_forms.append(country.forms[f])
        first = len(clients)
        for s in range(sisters):
            name = f"{trade} {seen_forms[s]}"
            accounts: list[str] = []
            for _ in range(int(rng.choice(3, p=[0.15, 0.75, 0.10]))):
                account = _account(rng, country)
                if account not in taken_accounts:
                    taken_accounts.add(account)
                    accounts.append(account)
            on_file = tuple(_formatted(a) if rng.random() < 0.3 else a for a in accounts)
            clients.append(
                Client(
                    id=f"CU{len(clients):05d}",
                    name=name,
                    country=country,
                    tax_id=_tax_id(rng, country, name),
                    accounts=tuple(accounts),
                    on_file=on_file,
                    fixed_fee=bool(rng.random() < 0.04),
                )
            )
        if sisters == 2:
            clients[first].sister = first + 1
            clients[first + 1].sister = first
    return clients


def _numbering(country: Country, rng: np.random.Generator) -> str:
    """The invoice series a customer is billed under."""
    if country.code == "CO":
        return "SETP" if rng.random() < 0.6 else "FE"
    if country.code == "MX":
        return str(rng.choice(["A", "B", "C"])) if rng.random() < 0.6 else "F"
    if country.code == "PA":
        return str(rng.choice(["001", "002", "003"]))
    return "INV"


def _number(series: str, serial: int, year: int) -> tuple[str, str, str]:
    """(number as issued, short form, compact form)."""
    if series == "SETP":
        consecutive = str(990_000_000 + serial)
        return f"SETP{consecutive}", consecutive, f"SETP{consecutive}"
    if series == "FE":
        return f"FE-{serial}", str(serial), f"FE{serial}"
    if series in ("A", "B", "C"):
        folio = 1000 + serial
        return f"{series}-{folio}", str(folio), f"{series}{folio}"
    if series == "F":
        return f"F {serial:06d}", str(serial), f"F{serial:06d}"
    if series == "INV":
        return f"INV{year}-{serial:04d}", str(serial), f"INV{year}{serial:04d}"
    return f"{series}-{serial:07d}", str(serial), f"{series}{serial:07d}"


def _items(rng: np.random.Generator, clients: list[Client], count: int) -> list[Item]:
    weights = rng.lognormal(0.0, 1.0, len(clients))
    owner = rng.choice(len(clients), size=count, p=weights / weights.sum())
    as_of = (AS_OF - EPOCH).days
    issued = as_of - 12 - rng.integers(0, 150, size=count)
    order = np.argsort(issued, kind="stable")
    series = [_numbering(c.country, rng) for c in clients]
    fixed: dict[int, tuple[int, int]] = {}
    counters: Counter[tuple[str, int]] = Counter()
    items: list[Item] = []
    for i in order.tolist():
        c = int(owner[i])
        client = clients[c]
        country = client.country
        day = int(issued[i])
        year = (EPOCH + dt.timedelta(days=day)).year
        key = (series[c], year if series[c] == "INV" else 0)
        counters[key] += 1
        number, short, compact = _number(series[c], counters[key], year)
        if client.fixed_fee and c in fixed:
            base, total = fixed[c]
        else:
            raw = rng.lognormal(np.log(country.median), 0.9)
            step = 10_000 if country.code == "CO" else 100  # whole hundreds of pesos, dollars
            base = max(step, int(raw // step) * step)
            tax = base * country.vat_per_mille // 1000
            if country.code == "CO":
                tax = tax // 100 * 100  # whole pesos
            total = base + tax
            if client.fixed_fee:
                fixed[c] = (base, total)
        terms = int(rng.choice([30, 45, 60, 90]))
        client.items.append(len(items))
        items.append(Item(number, c, country, total, base, day, day + terms, short, compact))
    return items


def _truncate(parts: list[str], width: int) -> tuple[str, list[bool], str]:
    """Join ``parts`` with spaces and cut at ``width``: the text, which parts survive whole,
    and the visible fragment of the part that was cut ('' when none was)."""
    text = " ".join(p for p in parts if p)
    cut = text[:width].rstrip()
    whole: list[bool] = []
    fragment = ""
    position = 0
    for part in parts:
        if not part:
            whole.append(False)
            continue
        end = position + len(part)
        whole.append(end <= len(cut))
        if position < len(cut) < end:
            fragment = cut[position:]
        position = end + 1
    return cut, whole, fragment


def _withheld(item: Item, per_mille: int) -> int:
    """Retención en la fuente on the item's pre-tax base, in whole pesos (cents)."""
    pesos = item.base // 100
    return (pesos * per_mille + 500) // 1000 * 100


def _explain(
    amount: int,
    chosen: list[int],
    items: list[Item],
    *,
    abono: bool,
    named: bool,
    over: bool = True,
) -> tuple[tuple[int, int], ...] | None:
    """The lines an analyst posts when ``chosen`` explain ``amount``, or None.

    ``named``: the invoices are named, so a bank fee or (with ``over``) an
    overpayment explains the difference; ``abono``: the text says it is partial.
    """
    total = sum(items[i].total for i in chosen)
    if amount == total:
        return tuple((i, items[i].total) for i in chosen)
    country = items[chosen[0]].country
    if country.code == "CO":
        for rate in (25, 40):
            withheld = [_withheld(items[i], rate) for i in chosen]
            if amount == total - sum(withheld):
                return tuple((i, items[i].total - w) for i, w in zip(chosen, withheld, strict=True))
    if len(chosen) == 1:
        i = chosen[0]
        if abono and 0 < amount < total:
            return ((i, amount),)
        if named and over and amount > total:
            return ((i, total),)  # the rest on account
        if named and total - amount in country.fees:
            return ((i, amount),)
    return None


class Analyst:
    """The careful analyst of the docstring: decides ``apply`` or ``review`` from the evidence."""

    def __init__(self, clients: list[Client], items: list[Item]) -> None:
        self.clients = clients
        self.items = items
        self.names = sorted((_key(c.name), n) for n, c in enumerate(clients))
        self.name_keys = [k for k, _ in self.names]
        self.accounts = {a: n for n, c in enumerate(clients) for a in c.accounts}
        self.by_number = {_key(it.number): i for i, it in enumerate(items)}
        self.by_short: dict[str, list[int]] = defaultdict(list)
        for i, it in enumerate(items):
            self.by_short[it.short].append(i)
        self.named: Counter[int] = Counter()

    def who(self, fragment: str) -> list[int]:
        """Customers whose legal name starts with the fragment (letters and digits)."""
        key = _key(fragment)
        if len(key) < 6:
            return []
        start = bisect.bisect_left(self.name_keys, key)
        found: list[int] = []
        for k, n in self.names[start : start + 4]:
            if not k.startswith(key):
                break
            found.append(n)
        return found

    def exact(self, text: str) -> list[int]:
        """Invoices a visible reference names as written: full, compact or short form."""
        key = _key(text)
        if key in self.by_number:
            return [self.by_number[key]]
        if key.isdigit():
            return list(self.by_short.get(key.lstrip("0"), []))
        return []

    def near(self, text: str) -> list[int]:
        """Invoices one substituted digit or one swap away from a visible reference."""
        key = _key(text)
        found = {self.by_number[v] for v in _one_edit(key) if v in self.by_number}
        if key.isdigit():
            for variant in _one_edit(key):
                found.update(self.by_short.get(variant, []))
        return sorted(found)

    def fits(self, line: Line, found: list[int], *, over: bool) -> list[int]:
        """The invoices of ``found`` that explain the payment alone."""
        items = self.items
        return [
            i
            for i in found
            if _explain(line.amount, [i], items, abono=line.abono, named=True, over=over)
        ]

    def lone(self, line: Line, text: str, scope: set[int]) -> int | None:
        """The invoice a lone reference names: as written, then one edit away, then overpaid."""
        items = self.items
        found = self.exact(text)
        found = [i for i in found if items[i].customer in scope] or found
        near = [i for i in self.near(text) if not scope or items[i].customer in scope]
        for pool, over in ((found, False), (near, False), (found, True)):
            fit = self.fits(line, pool, over=over)
            if len(fit) == 1:
                return fit[0]
            if fit:
                return None
        return None

    def by_reference(self, line: Line, scope: set[int]) -> tuple[str, tuple[tuple[int, int], ...]]:
        """Rule 2: every visible reference resolves, and the amount is explained."""
        items = self.items
        single = len(line.refs) == 1 and not line.lost_refs
        resolved: dict[int, int] = {}
        for _ in range(2):  # a second pass uses the owners the first one found
            owners = {items[i].customer for i in resolved.values()}
            for n, (_, text) in enumerate(line.refs):
                if n in resolved:
                    continue
                if single:
                    one = self.lone(line, text, scope)
                    found = [] if one is None else [one]
                else:
                    found = self.exact(text)
                    within = [i for i in found if items[i].customer in (owners or scope)]
                    found = within or found
                if len(found) == 1:
                    resolved[n] = found[0]
        chosen = sorted(set(resolved.values()))
        unresolved = len(line.refs) - len(resolved) + line.lost_refs
        if not chosen or len({items[i].customer for i in chosen}) != 1:
            return "review", ()
        if unresolved == 0:
            lines = _explain(line.amount, chosen, items, abono=line.abono, named=True)
            return ("apply", lines) if lines else ("review", ())
        if unresolved == 1:
            rest = line.amount - sum(items[i].total for i in chosen)
            owner = items[chosen[0]].customer
            others = [
                i
                for i in self.clients[owner].items
                if i not in chosen and not self.named[i] and items[i].total == rest
            ]
            if len(others) == 1:
                return "apply", tuple((i, items[i].total) for i in sorted([*chosen, others[0]]))
        return "review", ()

    def decide(self, line: Line) -> tuple[str, tuple[tuple[int, int], ...]]:
        """The class and the lines the rules reach (empty unless ``apply``)."""
        if line.kind in ("duplicate", "unidentified"):
            return "none", ()
        items = self.items
        sure: set[int] = set()
        near: set[int] = set()
        if line.payer_account in self.accounts:
            sure.add(self.accounts[line.payer_account])
        if line.tax_customer >= 0:
            sure.add(line.tax_customer)
        for fragment in line.name_fragments:
            found = self.who(fragment)
            if len(found) == 1:
                sure.add(found[0])
            elif 1 < len(found) <= 3:
                near.update(found)
        scope = sure or near
        if line.refs:
            return self.by_reference(line, scope)
        if not scope or len(sure) > 1:
            return "review", ()
        pool = [i for c in sorted(scope) for i in self.clients[c].items if not self.named[i]]
        single = [
            i for i in pool if _explain(line.amount, [i], items, abono=line.abono, named=False)
        ]
        if len(single) == 1:
            lines = _explain(line.amount, single, items, abono=line.abono, named=False)
            assert lines is not None
            return "apply", lines
        if single or len(pool) > 16:
            return "review", ()
        sets = [
            combo
            for size in (2, 3, 4)
            for combo in itertools.combinations(pool, size)
            if len({items[i].customer for i in combo}) == 1
            and sum(items[i].total for i in combo) == line.amount
        ]
        if len(sets) == 1:
            return "apply", tuple((i, items[i].total) for i in sets[0])
        return "review", ()


def _one_edit(key: str) -> list[str]:
    """Every string one substituted digit or one adjacent swap away from ``key``."""
    out: list[str] = []
    for p, ch in enumerate(key):
        if ch.isdigit():
            out.extend(key[:p] + d + key[p + 1 :] for d in "0123456789" if d != ch)
        if p + 1 < len(key) and key[p] != key[p + 1]:
            out.append(key[:p] + key[p + 1] + key[p] + key[p + 2 :])
    return out


def _typo(rng: np.random.Generator, text: str) -> str:
    """One digit changed or two adjacent digits swapped."""
    spots = [p for p, c in enumerate(text) if c.isdigit()]
    swaps = [
        p for p in spots if p + 1 < len(text) and text[p + 1].isdigit() and text[p] != text[p + 1]
    ]
    if swaps and rng.random() < 0.5:
        p = int(rng.choice(swaps))
        return text[:p] + text[p + 1] + text[p] + text[p + 2 :]
    p = int(rng.choice(spots[-4:]))
    digit = str((int(text[p]) + int(rng.integers(1, 10))) % 10)
    return text[:p] + digit + text[p + 1 :]


def _bank_name(rng: np.random.Generator, name: str, *, keep_form: float = 0.75) -> str:
    """The payer name as the bank writes it: capitals, no accents, form kept, bare or dropped."""
    plain = _plain(name)
    draw = rng.random()
    if draw < keep_form * 0.45:
        return plain
    if draw < keep_form:
        return " ".join(plain.replace(".", " ").replace(",", " ").split())
    for form in sorted({f for c in COUNTRIES for f in c.forms}, key=len, reverse=True):
        if plain.endswith(" " + _plain(form)):
            return plain[: -len(form) - 1]
    return plain


def _reference_text(rng: np.random.Generator, item: Item, form: str) -> str:
    if form == "full":
        return item.number
    if form == "compact":
        return item.compact
    return item.short


class Generator:
    """Builds the bank lines one kind at a time, drawing invoices without replacement."""

    def __init__(self, rng: np.random.Generator, clients: list[Client], items: list[Item]) -> None:
        self.rng = rng
        self.clients = clients
        self.items = items
        self.unpaid = list(range(len(items)))
        self.where = {i: p for p, i in enumerate(self.unpaid)}
        self.lines: list[Line] = []
        self.serial = 0

    def take(self, i: int) -> None:
        p = self.where.pop(i)
        last = self.unpaid.pop()
        if last != i:
            self.unpaid[p] = last
            self.where[last] = p

    def draw(self, test: Callable[[int], bool] | None = None, tries: int = 60) -> int | None:
        for _ in range(tries):
            if not self.unpaid:
                return None
            i = self.unpaid[int(self.rng.integers(len(self.unpaid)))]
            if test is None or test(i):
                return i
        return None

    def siblings(self, i: int) -> list[int]:
        owner = self.clients[self.items[i].customer]
        return [j for j in owner.items if j in self.where and j != i]

    def bank_reference(self, country: Country) -> str:
        self.serial += 1
        tail = int(self.rng.integers(10**7, 10**8))
        if country.code == "MX":
            return f"MBAN0100{tail}{self.serial:06d}"
        if country.code == "CO":
            return f"PSE{tail}{self.serial:05d}"
        return f"ACH{tail}{self.serial:05d}"

    def payer(self, line: Line, client: Client, *, reference: str = "", item: int = -1) -> None:
        """Payer name, account and width of a customer's own transfer."""
        rng = self.rng
        country = client.country
        width = int(rng.choice(country.widths))
        channel = str(rng.choice(country.channels)) if rng.random() < 0.55 else ""
        name = _bank_name(rng, client.name)
        parts = [reference, channel, name]
        text, whole, fragment = _truncate(parts, width)
        line.payer_name = text
        line.name_fragments.append(name if whole[2] else fragment)
        if reference and whole[0]:
            line.refs.append((item, reference))
        if client.accounts and rng.random() < 0.85:
            line.payer_account = str(rng.choice(client.accounts))
        elif rng.random() < 0.5:
            line.payer_account = _account(rng, country)  # an account not on file
        line.bank_reference = self.bank_reference(country)

    def remit(
        self, line: Line, parts: list[str], refs: list[int], width: int | None = None
    ) -> None:
        """Put ``parts`` in the remittance field; ``refs`` gives the invoice behind each part."""
        width = width or int(self.rng.choice(line.country.widths))
        text, whole, _ = _truncate(parts, width)
        line.remittance = text
        for part, survived, item in zip(parts, whole, refs, strict=True):
            if item < 0:
                continue
            if survived:
                line.refs.append((item, part))
            else:
                line.lost_refs += 1

    def new_line(self, kind: str, chosen: list[int], amount: int | None = None) -> Line:
        items = self.items
        owner = items[chosen[0]].customer
        client = self.clients[owner]
        for i in chosen:
            self.take(i)
        day = (AS_OF - EPOCH).days - int(self.rng.integers(0, 10))  # items are older
        total = sum(items[i].total for i in chosen)
        line = Line(
            id=f"BK{len(self.lines):07d}",
            kind=kind,
            country=client.country,
            amount=total if amount is None else amount,
            day=day,
            customer=owner,
            lines=tuple((i, items[i].total) for i in chosen),
        )
        self.lines.append(line)
        return line

    def single_words(self) -> str:
        return str(self.rng.choice(["", "PAGO", "FACT", "FACTURA", "PAGO FACT", "CANCELA FACT"]))

    def make(self, kind: str) -> None:
        """Add one bank line of ``kind`` (none when no invoice fits it)."""
        getattr(self, KIND_MAKERS[kind])(kind)

    def _pay_clean(self, kind: str) -> None:
        """One invoice, its full number, the exact amount."""
        items = self.items
        clients = self.clients
        i = self.draw()
        if i is None:
            return
        line = self.new_line(kind, [i])
        self.payer(line, clients[line.customer])
        self.remit(line, [self.single_words(), items[i].number], [-1, i])

    def _pay_reference(self, kind: str) -> None:
        """One invoice by a short form, or its number with one typo."""
        rng = self.rng
        items = self.items
        clients = self.clients
        i = self.draw()
        if i is None:
            return
        line = self.new_line(kind, [i])
        self.payer(line, clients[line.customer])
        form = str(rng.choice(["short", "compact"])) if kind == "short_ref" else "full"
        text = _reference_text(rng, items[i], form)
        if kind == "typo_ref":
            text = _typo(rng, text)
        words = str(rng.choice(["FACT", "FV", "FACTURA NO", "FOLIO", "INV", ""]))
        self.remit(line, [words, text], [-1, i])

    def _pay_list(self, kind: str) -> None:
        """Several invoices listed (cut by the field when long), or net of withholding."""
        rng = self.rng
        items = self.items
        clients = self.clients
        size = {"multi_ref": int(rng.integers(2, 6)), "multi_cut": int(rng.integers(5, 9))}.get(
            kind, int(rng.integers(1, 4))
        )
        colombian = kind == "withholding"
        i = self.draw(
            lambda j: (
                (not colombian or items[j].country.code == "CO")
                and len(self.siblings(j)) >= size - 1
            )
        )
        if i is None:
            return
        others = self.siblings(i)
        chosen = [i, *[int(j) for j in rng.permutation(others)[: size - 1]]]
        chosen.sort(key=lambda j: items[j].number)
        amount = None
        if kind == "withholding":
            rate = int(rng.choice([25, 40]))
            amount = sum(items[j].total - _withheld(items[j], rate) for j in chosen)
        line = self.new_line(kind, chosen, amount)
        if kind == "withholding":
            line.lines = tuple((j, items[j].total - _withheld(items[j], rate)) for j in chosen)
        self.payer(line, clients[line.customer])
        style = int(rng.integers(0, 3))
        if style == 0:  # FACT 123 124 125
            parts = [
                str(rng.choice(["FACT", "FACTS", "PAGO FACT"])),
                *[items[j].short for j in chosen],
            ]
            self.remit(line, parts, [-1, *chosen], width=None if kind != "multi_cut" else 35)
        elif style == 1:  # FE123/FE124
            joined = "/".join(items[j].compact for j in chosen)
            width = int(rng.choice(line.country.widths)) if kind != "multi_cut" else 35
            cut = joined[:width]
            line.remittance = cut
            position = 0
            for j in chosen:
                end = position + len(items[j].compact)
                if end <= len(cut):
                    line.refs.append((j, items[j].compact))
                else:
                    line.lost_refs += 1
                position = end + 1
        else:
            parts = [items[j].number + "," for j in chosen[:-1]] + [
                items[j].number for j in chosen[-1:]
            ]
            self.remit(line, parts, chosen)
            line.refs = [(j, t.rstrip(",")) for j, t in line.refs]

    def _pay_wrong_field(self, kind: str) -> None:
        """The reference in the bank-reference field or before the payer name."""
        rng = self.rng
        items = self.items
        clients = self.clients
        i = self.draw()
        if i is None:
            return
        line = self.new_line(kind, [i])
        text = items[i].short if rng.random() < 0.5 else items[i].compact
        if rng.random() < 0.5:
            self.payer(line, clients[line.customer])
            line.bank_reference = text  # the SPEI "referencia numerica" habit
            line.refs.append((i, text))
            line.remittance = str(rng.choice(["PAGO PROVEEDOR", "PAGO", ""]))
        else:
            self.payer(line, clients[line.customer], reference=text, item=i)

    def _pay_without_remittance(self, kind: str) -> None:
        """One or several invoices, or one of equal amounts, without remittance."""
        rng = self.rng
        items = self.items
        clients = self.clients
        if kind == "same_amount":
            i = self.draw(
                lambda j: (
                    clients[items[j].customer].fixed_fee
                    and any(items[k].total == items[j].total for k in self.siblings(j))
                ),
                tries=400,
            )
            if i is None:
                return
            chosen = [i]
        elif kind == "no_ref_multi":
            i = self.draw(lambda j: len(self.siblings(j)) >= 1)
            if i is None:
                return
            others = self.siblings(i)
            chosen = [i, *[int(j) for j in rng.permutation(others)[: int(rng.integers(1, 3))]]]
        else:
            i = self.draw()
            if i is None:
                return
            chosen = [i]
        line = self.new_line(kind, chosen)
        self.payer(line, clients[line.customer])

    def _pay_tax_id(self, kind: str) -> None:
        """The customer's NIT or RFC instead of an invoice number."""
        rng = self.rng
        items = self.items
        clients = self.clients
        i = self.draw(lambda j: clients[items[j].customer].country.code in ("CO", "MX"))
        if i is None:
            return
        line = self.new_line(kind, [i])
        client = clients[line.customer]
        self.payer(line, client)
        tax = client.tax_id
        if client.country.code == "CO":
            words = "NIT " + (tax if rng.random() < 0.5 else tax.replace("-", ""))
        else:
            words = "RFC " + tax
        line.remittance = words
        line.tax_customer = line.customer

    def _pay_abono(self, kind: str) -> None:
        """Part of one invoice, named three times in four."""
        rng = self.rng
        items = self.items
        clients = self.clients
        i = self.draw(lambda j: items[j].total >= 40_000)
        if i is None:
            return
        total = items[i].total
        step = 1_000_000 if clients[items[i].customer].country.code == "CO" else 10_000
        amount = max(step, int(total * rng.uniform(0.2, 0.8)) // step * step)
        if amount >= total:
            amount = total // 2
        line = self.new_line(kind, [i], amount)
        line.lines = ((i, amount),)
        line.abono = True
        self.payer(line, clients[line.customer])
        words = str(rng.choice(ABONO_WORDS))
        if rng.random() < 0.75:
            self.remit(
                line,
                [words, _reference_text(rng, items[i], str(rng.choice(["full", "short"])))],
                [-1, i],
            )
        else:
            line.remittance = words

    def _pay_bank_fee(self, kind: str) -> None:
        """One invoice short by the bank's fixed fee."""
        rng = self.rng
        items = self.items
        clients = self.clients
        i = self.draw(lambda j: items[j].total > 20 * max(clients[items[j].customer].country.fees))
        if i is None:
            return
        fee = int(rng.choice(clients[items[i].customer].country.fees))
        line = self.new_line(kind, [i], items[i].total - fee)
        line.lines = ((i, items[i].total - fee),)
        self.payer(line, clients[line.customer])
        self.remit(line, [self.single_words(), items[i].number], [-1, i])

    def _pay_overpay(self, kind: str) -> None:
        """More than the invoice, rounded up; the rest stays on account."""
        rng = self.rng
        items = self.items
        clients = self.clients
        i = self.draw()
        if i is None:
            return
        total = items[i].total
        step = 1_000_000 if clients[items[i].customer].country.code == "CO" else 1_000
        amount = (total // step + 1) * step + int(rng.integers(0, 3)) * step
        line = self.new_line(kind, [i], amount)
        self.payer(line, clients[line.customer])
        self.remit(line, [self.single_words(), items[i].number], [-1, i])

    def _pay_third_party(self, kind: str) -> None:
        """A factor or parent pays on the customer's behalf."""
        rng = self.rng
        items = self.items
        clients = self.clients
        i = self.draw()
        if i is None:
            return
        line = self.new_line(kind, [i])
        client = clients[line.customer]
        party = str(rng.choice(THIRD_PARTIES))
        width = int(rng.choice(client.country.widths))
        line.payer_name, _, _ = _truncate(
            [str(rng.choice(client.country.channels)), _plain(party)], width
        )
        line.payer_account = _account(rng, client.country)
        line.bank_reference = self.bank_reference(client.country)
        name = _bank_name(rng, client.name)
        ref = _reference_text(rng, items[i], str(rng.choice(["full", "full", "short"])))
        style = int(rng.integers(0, 3))
        if style == 0:
            parts, refs = ["PAGO POR CUENTA DE", name, "FACT", ref], [-1, -2, -1, i]
        elif style == 1:
            parts, refs = ["FACT", ref, "POR CUENTA DE", name], [-1, i, -1, -2]
        else:
            parts, refs = ["PAGO POR CUENTA DE", name], [-1, -2]
        text, whole, fragment = _truncate(parts, width)
        line.remittance = text
        for part, survived, item in zip(parts, whole, refs, strict=True):
            if item == -2:
                line.name_fragments.append(part if survived else fragment)
            elif item >= 0:
                if survived:
                    line.refs.append((item, part))
                else:
                    line.lost_refs += 1

    def _pay_sister(self, kind: str) -> None:
        """A sister company pays the other sister's invoice."""
        items = self.items
        clients = self.clients
        i = self.draw(lambda j: clients[items[j].customer].sister >= 0)
        if i is None:
            return
        line = self.new_line(kind, [i])
        payer = clients[clients[line.customer].sister]
        self.payer(line, payer)
        self.remit(line, [self.single_words(), items[i].number], [-1, i])

    def _pay_unidentified(self, kind: str) -> None:
        """A cash deposit with no name, sometimes of an open invoice's amount."""
        rng = self.rng
        items = self.items
        country = COUNTRIES[int(rng.choice(len(COUNTRIES), p=[c.share for c in COUNTRIES]))]
        as_of = (AS_OF - EPOCH).days
        if rng.random() < 0.4 and self.unpaid:  # the amount of some open invoice
            twin = items[self.unpaid[int(rng.integers(len(self.unpaid)))]]
            amount, country = twin.total, twin.country
        else:
            step = 5_000_000 if country.code == "CO" else 10_000
            amount = int(rng.integers(1, 60)) * step
        words = str(rng.choice(country.cash_words))
        branch = f" OF {int(rng.integers(1, 400)):03d}" if rng.random() < 0.5 else ""
        self.lines.append(
            Line(
                id=f"BK{len(self.lines):07d}",
                kind=kind,
                country=country,
                amount=amount,
                day=as_of - int(rng.integers(0, 10)),
                payer_name=words + branch,
                bank_reference=self.bank_reference(country),
            )
        )

    def _pay_duplicate(self, kind: str) -> None:
        """An earlier line re-sent by the bank, without remittance."""
        rng = self.rng
        originals = [
            x for x in self.lines if x.payer_account and x.kind not in ("duplicate", "unidentified")
        ]
        if not originals:
            return
        first = originals[int(rng.integers(len(originals)))]
        self.lines.append(
            Line(
                id=f"BK{len(self.lines):07d}",
                kind=kind,
                country=first.country,
                amount=first.amount,
                day=first.day,
                payer_name=first.payer_name,
                payer_account=first.payer_account,
                bank_reference=self.bank_reference(first.country),
            )
        )


KIND_MAKERS = {
    "clean": "_pay_clean",
    "short_ref": "_pay_reference",
    "typo_ref": "_pay_reference",
    "multi_ref": "_pay_list",
    "multi_cut": "_pay_list",
    "withholding": "_pay_list",
    "wrong_field": "_pay_wrong_field",
    "no_ref": "_pay_without_remittance",
    "no_ref_multi": "_pay_without_remittance",
    "same_amount": "_pay_without_remittance",
    "tax_id": "_pay_tax_id",
    "abono": "_pay_abono",
    "bank_fee": "_pay_bank_fee",
    "overpay": "_pay_overpay",
    "third_party": "_pay_third_party",
    "sister_pays": "_pay_sister",
    "unidentified": "_pay_unidentified",
    "duplicate": "_pay_duplicate",
}


def generate(scale: float, seed: int = 20260630) -> dict[str, Any]:
    """The portfolio, the bank lines, and the truth per line, seeded."""
    rng = np.random.default_rng(seed)
    n_customers = max(40, int(8_000 * scale))
    n_items = max(200, int(60_000 * scale))
    n_payments = max(60, int(20_000 * scale))
    clients = _customers(rng, n_customers)
    items = _items(rng, clients, n_items)
    maker = Generator(rng, clients, items)
    kinds = list(KINDS)
    shares = np.array(list(KINDS.values()))
    drawn = rng.choice(len(kinds), size=n_payments, p=shares / shares.sum())
    for k in drawn.tolist():
        maker.make(kinds[k])
    lines = maker.lines
    analyst = Analyst(clients, items)
    for line in lines:
        for item, _ in line.refs:
            if item >= 0:
                analyst.named[item] += 1
    demoted = 0
    for line in lines:
        for item, _ in line.refs:
            if item >= 0:
                analyst.named[item] -= 1
        cls, found = analyst.decide(line)
        for item, _ in line.refs:
            if item >= 0:
                analyst.named[item] += 1
        if cls == "apply" and sorted(found) != sorted(line.lines):
            cls = "review"
            demoted += 1
        line.cls = cls
    return {"clients": clients, "items": items, "lines": lines, "demoted": demoted}


def _units(cents: int, currency: str) -> int:
    """Cents of a major unit to the library's minor units (COP may have 0 or 2 digits)."""
    digits = currency_digits(currency)
    return int(cents * 10**digits) // 100


def engine_inputs(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], list[Customer]]:
    """Payments and open items as columns, customers as objects (they carry the tax id)."""
    clients: list[Client] = data["clients"]
    items: list[Item] = data["items"]
    lines: list[Line] = data["lines"]
    payments = {
        "id": [x.id for x in lines],
        "amount": np.array([_units(x.amount, x.country.currency) for x in lines], dtype=np.int64),
        "currency": [x.country.currency for x in lines],
        "received_date": np.array([x.day for x in lines], dtype="datetime64[D]"),
        "payer_name": [x.payer_name for x in lines],
        "remittance": [x.remittance for x in lines],
        "bank_reference": [x.bank_reference for x in lines],
        "payer_account": [x.payer_account or None for x in lines],
    }
    open_items = {
        "number": [it.number for it in items],
        "customer_id": [clients[it.customer].id for it in items],
        "open": np.array(
            [_units(it.total, clients[it.customer].country.currency) for it in items],
            dtype=np.int64,
        ),
        "currency": [clients[it.customer].country.currency for it in items],
        "document_date": np.array([it.issued for it in items], dtype="datetime64[D]"),
        "due_date": np.array([it.due for it in items], dtype="datetime64[D]"),
    }
    customers = [
        Customer(
            id=c.id,
            name=c.name,
            country=c.country.code,
            currency=c.country.currency,
            bank_accounts=c.on_file,
            tax_id=c.tax_id,
        )
        for c in clients
    ]
    return payments, open_items, customers


@dataclass
class Truth:
    """What scoring needs per payment, for either portfolio."""

    ids: list[str]
    kind: list[str]
    cls: list[str]  # apply / review / none
    customer: list[str | None]
    lines: list[frozenset[tuple[str, int | None]]]  # (invoice, amount) or (invoice, None)


def latam_truth(data: dict[str, Any]) -> Truth:
    clients: list[Client] = data["clients"]
    items: list[Item] = data["items"]
    lines: list[Line] = data["lines"]
    return Truth(
        ids=[x.id for x in lines],
        kind=[x.kind for x in lines],
        cls=[x.cls for x in lines],
        customer=[clients[x.customer].id if x.customer >= 0 else None for x in lines],
        lines=[
            frozenset((items[i].number, _units(c, x.country.currency)) for i, c in x.lines)
            if x.cls != "none"
            else frozenset()
            for x in lines
        ],
    )


def score(result: Any, truth: Truth) -> dict[str, Any]:
    """Envelope- and line-level figures, and the table per kind."""
    columns = result.columns()
    position = {pid: n for n, pid in enumerate(truth.ids)}
    n = len(truth.ids)
    outcome = [""] * n
    customer: list[str | None] = [None] * n
    applied: list[set[tuple[str, int]]] = [set() for _ in range(n)]
    for pid, out, cust, item, amount in zip(
        columns["payment_id"],
        columns["outcome"],
        columns["customer_id"],
        columns["item"],
        columns["amount"],
        strict=True,
    ):
        k = position[pid]
        outcome[k] = out
        customer[k] = cust
        if out == "applied" and item is not None:
            applied[k].add((item, int(amount)))
    with_amounts = any(a is not None for lines in truth.lines for _, a in lines)

    def line_right(k: int, line: tuple[str, int]) -> bool:
        if with_amounts:
            return line in truth.lines[k]
        return (line[0], None) in truth.lines[k]

    def envelope_right(k: int) -> bool:
        if outcome[k] != "applied" or not truth.lines[k] or customer[k] != truth.customer[k]:
            return False
        if with_amounts:
            return applied[k] == set(truth.lines[k])
        return {i for i, _ in applied[k]} == {i for i, _ in truth.lines[k]}

    def invoices_right(k: int) -> bool:
        return (
            outcome[k] == "applied"
            and bool(truth.lines[k])
            and {i for i, _ in applied[k]} == {i for i, _ in truth.lines[k]}
        )

    table: dict[str, Counter[str]] = defaultdict(Counter)
    totals: Counter[str] = Counter()
    for k in range(n):
        row = table[truth.kind[k]]
        for counter in (row, totals):
            counter["payments"] += 1
            counter[truth.cls[k]] += 1
            counter[outcome[k]] += 1
            if outcome[k] == "applied":
                right = envelope_right(k)
                counter["env_right" if right else "env_wrong"] += 1
                counter["inv_right"] += invoices_right(k)
                counter[f"applied_{truth.cls[k]}"] += 1
                counter[f"right_{truth.cls[k]}"] += right
                for line in applied[k]:
                    counter["lines_applied"] += 1
                    counter["lines_right"] += line_right(k, line)
            if truth.cls[k] == "apply":
                counter["truth_lines"] += len(truth.lines[k])
                if outcome[k] == "applied":
                    counter["truth_lines_found"] += sum(
                        1 for line in applied[k] if line_right(k, line)
                    )
    recalled = 0
    proposals = [k for k in range(n) if outcome[k] == "proposed" and truth.lines[k]]
    for k in proposals:
        decision = result.decision(k)
        want = {i for i, _ in truth.lines[k]}
        tops = [set(c.items) for c in decision.alternatives[:3]] or [
            {line.item for line in decision.lines}
        ]
        recalled += want in tops
    return {
        "table": table,
        "totals": totals,
        "recall3": (recalled, len(proposals)),
        "with_amounts": with_amounts,
    }


def _share(part: int, whole: int, digits: int = 1) -> str:
    return f"{part / whole:.{digits}%}" if whole else "-"


def report(title: str, scores: dict[str, Any], wall: float, n: int) -> None:
    t: Counter[str] = scores["totals"]
    applied = t["applied"]
    print(f"\n== {title}: {n:,} payments; match {wall:.2f} s wall, {n / wall:,.0f} payments/s")
    print(
        f"  truth: apply {t['apply']:,} · review {t['review']:,} · none {t['none']:,};"
        f"  outcomes: applied {t['applied']:,} · proposed {t['proposed']:,} · "
        f"unidentified {t['unidentified']:,} · duplicate {t['duplicate']:,} · "
        f"on account {t['on_account']:,}"
    )
    print("  envelope level (the payment fully right: customer and every line)")
    print(
        f"    auto-applied and right, of payments that should be applied: "
        f"{_share(t['right_apply'], t['apply'])} ({t['right_apply']:,} of {t['apply']:,});"
        f" applied at all: {_share(t['applied_apply'], t['apply'])}"
    )
    print(
        f"    precision of applied envelopes: {_share(t['env_right'], applied, 2)} "
        f"({t['env_wrong']:,} wrong of {applied:,}); invoices right whatever the amounts: "
        f"{_share(t['inv_right'], applied, 2)}"
    )
    print(
        f"    applied though they should stay for review: {t['applied_review']:,} "
        f"(of which the payer's true lines: {t['right_review']:,})"
    )
    print(f"    applied duplicates and unidentified deposits (must be 0): {t['applied_none']:,}")
    recalled, proposals = scores["recall3"]
    print(
        f"    proposals with the true invoices in their top 3: {_share(recalled, proposals)} of {proposals:,}"
    )
    what = (
        "invoice and amount"
        if scores["with_amounts"]
        else "invoice only (no amounts in this truth)"
    )
    print(f"  line level ({what})")
    print(
        f"    precision of applied lines: {_share(t['lines_right'], t['lines_applied'], 2)} "
        f"({t['lines_applied'] - t['lines_right']:,} wrong of {t['lines_applied']:,})"
    )
    print(
        f"    recall of the lines of payments that should be applied: "
        f"{_share(t['truth_lines_found'], t['truth_lines'])} of {t['truth_lines']:,}"
    )
    header = (
        f"  {'kind':<16}{'payments':>9}{'apply':>7}{'review':>7}{'none':>6}"
        f"{'applied':>9}{'right':>7}{'wrong':>7}{'auto%':>8}{'prop':>6}{'unid':>6}{'dup':>5}"
        f"{'onacc':>6}{'line prec':>10}"
    )
    print(header)
    for kind, row in sorted(scores["table"].items(), key=lambda kv: -kv[1]["payments"]):
        print(
            f"  {kind:<16}{row['payments']:>9,}{row['apply']:>7,}{row['review']:>7,}{row['none']:>6,}"
            f"{row['applied']:>9,}{row['env_right']:>7,}{row['env_wrong']:>7,}"
            f"{_share(row['right_apply'], row['apply']):>8}{row['proposed']:>6,}"
            f"{row['unidentified']:>6,}{row['duplicate']:>5,}{row['on_account']:>6,}"
            f"{_share(row['lines_right'], row['lines_applied']):>10}"
        )


def first_portfolio(scale: float) -> tuple[Any, dict[str, Any], Truth, MatchPolicy] | None:
    """The first benchmark's ``generate`` and truth, through its public names only."""
    path = Path(__file__).with_name("cashapp.py")
    spec = importlib.util.spec_from_file_location("cashapp_first_benchmark", path)
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    data = module.generate(scale)
    payments = data["payments"]
    truth = Truth(
        ids=list(payments["id"]),
        kind=list(data["truth_kind"]),
        cls=["apply" if items else "none" for items in data["truth_items"]],
        customer=list(data["truth_customer"]),
        lines=[frozenset((i, None) for i in items) for items in data["truth_items"]],
    )
    return module, data, truth, MatchPolicy(bank_fee_amount=Decimal("0"))


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of 20,000 payments")
    parser.add_argument("--seed", type=int, default=20260630)
    parser.add_argument(
        "--first-scale",
        type=float,
        default=0.2,
        help="size of the first benchmark's portfolio, times --scale (0.2: 20,000 payments)",
    )
    parser.add_argument("--no-first", action="store_true", help="score this portfolio alone")
    arguments = parser.parse_args()
    started = time.perf_counter()
    data = generate(arguments.scale, arguments.seed)
    payments, open_items, customers = engine_inputs(data)
    truth = latam_truth(data)
    n = len(truth.ids)
    print(
        f"generated {n:,} payments, {len(data['items']):,} open items, {len(customers):,} "
        f"customers in {time.perf_counter() - started:.1f} s (seed {arguments.seed}); "
        f"{data['demoted']} payments demoted to review where the rules and the generator disagree"
    )
    started = time.perf_counter()
    result = match(payments, open_items, customers=customers, policy=MatchPolicy(), as_of=AS_OF)
    wall = time.perf_counter() - started
    report(
        "Latin American bank files (this script), default MatchPolicy()",
        score(result, truth),
        wall,
        n,
    )
    if arguments.no_first:
        return
    first = first_portfolio(arguments.first_scale * arguments.scale)
    if first is None:
        print("the first benchmark's portfolio could not be loaded")
        return
    module, fdata, ftruth, policy = first
    started = time.perf_counter()
    fresult = match(
        fdata["payments"],
        fdata["items"],
        customers=fdata["customers"],
        policy=policy,
        as_of=module.AS_OF,
        rates=fdata["rates"],
    )
    fwall = time.perf_counter() - started
    report(
        "first benchmark's portfolio (benchmarks/cashapp.py generate), its own policy",
        score(fresult, ftruth),
        fwall,
        len(ftruth.ids),
    )


if __name__ == "__main__":
    main()
