"""Reconciling a customer's account with the customer's own payables ledger."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables.documents import Dispute
from receivables.errors import ValidationError
from receivables.interop import structure, unstructure
from receivables.money import money
from receivables.reconciliation import (
    AccountLine,
    ColumnMapping,
    Difference,
    DifferenceKind,
    LineKind,
    MatchKind,
    Reconciliation,
    ReconciliationPolicy,
    reconcile,
)

CUT_OFF = dt.date(2026, 6, 30)


def usd(amount: str) -> object:
    return money(amount, "USD")


def line(document: str, day: str, amount: str, kind: str | None = None) -> AccountLine:
    found = AccountLine(
        document=document, date=dt.date.fromisoformat(day), amount=money(amount, "USD")
    )
    return found if kind is None else attrs.evolve(found, kind=kind)


# --- a worked example ------------------------------------------------------------------
#
# Ferretería El Tornillo (C1) answers our 30 June confirmation with its payables
# ledger. Our open items (receivables book, + raises what they owe):
#
#   FV-0005230  2026-05-10   1,000.00   they have it as "5230"              agreed
#   FV-0005231  2026-06-05   2,500.00   they have it, and paid it on 28 June
#                                       by TR-9911, which has not reached us -> in transit -2,500.00
#   FV-0005232  2026-06-29     800.00   not in their ledger                  -> not recorded  -800.00
#   NC-0000410  2026-06-15    -150.00   our credit note, not in theirs       -> credit        +150.00
#   FV-0005233  2026-06-01   1,200.00   disputed (D-1); they carry 1,000.00  -> disputed      -200.00
#   FV-0005234  2026-06-10   3,000.00   they carry 2,900.00 (withholding)    -> amount        -100.00
#   FV-0005235  2026-06-30     600.00   they booked it on 2 July             -> timing        -600.00
#   FV-0005236  2026-06-12     450.25   they carry 450.24 (tolerance 0.05)   -> rounding        -0.01
#
# and in their ledger only: TR-7001 of 15 March, 500.00 paid, naming nothing of
# ours (out of the 10-day transit window)                                 -> unknown to us  -500.00
#
# Our balance: 1000 + 2500 + 800 - 150 + 1200 + 3000 + 600 + 450.25 = 9,400.25
# Theirs (lines to 30 June): 1000 + 2500 - 2500 + 1000 + 2900 + 450.24 - 500 = 4,850.24
# Differences: -2500 - 800 + 150 - 200 - 100 - 600 - 500 - 0.01 = -4,550.01
# 9,400.25 - 4,550.01 = 4,850.24: the statement ties.

OURS = [
    line("FV-0005230", "2026-05-10", "1000.00"),
    line("FV-0005231", "2026-06-05", "2500.00"),
    line("FV-0005232", "2026-06-29", "800.00"),
    line("NC-0000410", "2026-06-15", "-150.00", "credit_note"),
    line("FV-0005233", "2026-06-01", "1200.00"),
    line("FV-0005234", "2026-06-10", "3000.00"),
    line("FV-0005235", "2026-06-30", "600.00"),
    line("FV-0005236", "2026-06-12", "450.25"),
]

THEIR_FILE = """document,date,debit,credit,currency,description
5230,2026-05-11,,1000.00,USD,Factura proveedor
fv 5231,2026-06-06,,2500.00,USD,Factura proveedor
TR-9911,2026-06-28,2500.00,,USD,Transferencia pago FV 5231
FACT. 5233,2026-06-02,,1000.00,USD,Factura (en disputa)
Fact No 0005234,2026-06-11,,2900.00,USD,Factura menos retención
5235,2026-07-02,,600.00,USD,Factura recibida en julio
FV5236,2026-06-12,,450.24,USD,Factura
TR-7001,2026-03-15,500.00,,USD,Pago anticipado
"""

DISPUTE = Dispute(
    id="D-1", customer_id="C1", invoice_number="FV-0005233", opened_on=dt.date(2026, 6, 20)
)
POLICY = ReconciliationPolicy(tolerances=[money("0.05", "USD")])


def theirs() -> list[AccountLine]:
    mapping = ColumnMapping()
    return [mapping.line(row) for row in csv.DictReader(io.StringIO(THEIR_FILE))]


def test_the_worked_example_ties_and_classes_every_difference() -> None:
    result = reconcile(
        OURS, theirs(), customer_id="C1", as_of=CUT_OFF, disputes=[DISPUTE], policy=POLICY
    )
    assert result.our_balance == usd("9400.25")
    assert result.their_balance == usd("4850.24")
    assert [(d.kind.value, d.document, d.amount) for d in result.differences] == [
        ("payment_in_transit", "TR-9911", usd("-2500.00")),
        ("not_recorded_by_them", "FV-0005232", usd("-800.00")),
        ("credit_not_applied", "NC-0000410", usd("150.00")),
        ("disputed", "FV-0005233", usd("-200.00")),
        ("amount_differs", "FV-0005234", usd("-100.00")),
        ("timing", "FV-0005235", usd("-600.00")),
        ("unknown_to_us", "TR-7001", usd("-500.00")),
        ("rounding", "FV-0005236", usd("-0.01")),
    ]
    assert [(m.ours.document, m.theirs.document, m.how) for m in result.matches] == [
        ("FV-0005230", "5230", MatchKind.DOCUMENT),
        ("FV-0005231", "fv 5231", MatchKind.DOCUMENT),
    ]
    assert result.totals()[DifferenceKind.TIMING] == usd("-600.00")
    assert dict(result.tie_out())["our_balance"] == usd("9400.25")
    assert [d.kind for d in result.worklist] == [
        d.kind for d in result.differences if d.kind is not DifferenceKind.ROUNDING
    ]
    assert result.ours_after_cut_off == ()
    assert result.theirs_after_cut_off == ()
    transit = result.differences[0]
    assert transit.reasons[0].code == "payment_in_transit"
    assert transit.reasons[0].data["days_before_cut_off"] == 2
    # their description "Transferencia pago FV 5231" names our invoice
    assert transit.reasons[0].data["names"] == ["FV-0005231"]
    assert transit.reasons[0].message.endswith("It names FV-0005231.")
    unknown = result.differences[6]
    assert (unknown.kind, unknown.reasons[0].data["names"]) == (DifferenceKind.UNKNOWN_TO_US, [])
    assert (transit.policy_id, transit.policy_version) == ("account-reconciliation", "1")
    amount = result.differences[4]
    assert [r.code for r in amount.reasons] == ["matched_by_document", "amount_differs"]
    assert amount.reasons[1].data["theirs_amount"] == "2900.00"


def test_a_stated_balance_beside_the_lines_leaves_the_gap_unexplained() -> None:
    # They confirm 4,900.24 while their lines add up to 4,850.24: 50.00 unexplained.
    result = reconcile(
        OURS,
        theirs(),
        customer_id="C1",
        as_of=CUT_OFF,
        disputes=[DISPUTE],
        policy=POLICY,
        their_balance=usd("4900.24"),
    )
    assert result.their_balance == usd("4900.24")
    assert result.differences[-1].kind is DifferenceKind.UNEXPLAINED
    assert result.differences[-1].amount == usd("50.00")
    assert result.differences[-1].reasons[0].data == {
        "document": "",
        "difference": "50.00",
        "currency": "USD",
        "stated": "4900.24",
        "lines": "4850.24",
    }


def test_rows_frame_and_json() -> None:
    result = reconcile(
        OURS, theirs(), customer_id="C1", as_of=CUT_OFF, disputes=[DISPUTE], policy=POLICY
    )
    rows = result.rows()
    assert len(rows) == len(OURS) + len(theirs()) - len(result.matches) - sum(
        1 for d in result.differences if d.ours is not None and d.theirs is not None
    )
    assert sum(row["difference"] for row in rows) == Decimal("-4550.01")
    assert rows[0]["policy"] == "account-reconciliation@1"
    assert list(result.frame()["status"])[:2] == ["payment_in_transit", "not_recorded_by_them"]
    data = unstructure(result)
    assert data["their_balance"] == {"amount": "4850.24", "currency": "USD"}
    assert structure(data, Reconciliation) == result


# --- error paths -----------------------------------------------------------------------


def test_a_statement_that_does_not_tie_cannot_be_built() -> None:
    result = reconcile(OURS, theirs(), customer_id="C1", as_of=CUT_OFF)
    with pytest.raises(ValidationError) as error:
        attrs.evolve(result, their_balance=usd("1.00"))
    assert error.value.field == "reconciliation.differences"
    assert isinstance(result.differences[0], Difference)


# --- properties ------------------------------------------------------------------------

DOCUMENTS = [
    "FV-0001",
    "1",
    "FV-0002",
    "fv 2",
    "0002",
    "NC-3",
    "TR-4",
    "FV-2026-0005",
    "5",
    "PAY-6",
]


@st.composite
def lines(draw: st.DrawFn) -> AccountLine:
    amount = draw(st.integers(-50_000, 50_000).filter(bool))
    kind = draw(st.sampled_from([None, *LineKind]))
    found = AccountLine(
        document=draw(st.sampled_from(DOCUMENTS)),
        date=CUT_OFF + dt.timedelta(days=draw(st.integers(-20, 5))),
        amount=money(Decimal(amount).scaleb(-2), "USD"),
    )
    return found if kind is None else attrs.evolve(found, kind=kind)


ledgers = st.lists(lines(), max_size=12)
balances = st.none() | st.integers(-100_000, 100_000).map(
    lambda u: money(Decimal(u).scaleb(-2), "USD")
)
policies = st.builds(
    ReconciliationPolicy,
    transit_days=st.integers(0, 15),
    date_tolerance_days=st.integers(0, 10),
    tolerances=st.sampled_from([(), (money("0.05", "USD"),)]),
    short_form_length=st.integers(0, 6),
    match_by_amount=st.booleans(),
)
disputes = st.lists(st.sampled_from(DOCUMENTS), max_size=2).map(
    lambda numbers: [
        Dispute(id=f"D{i}", customer_id="C1", invoice_number=n, opened_on=dt.date(2026, 6, 1))
        for i, n in enumerate(numbers)
    ]
)


def _reconcile(ours, theirs_, balance, policy, disputed):  # type: ignore[no-untyped-def]
    return reconcile(
        ours,
        theirs_,
        customer_id="C1",
        as_of=CUT_OFF,
        currency="USD",
        their_balance=balance,
        policy=policy,
        disputes=disputed,
    )


@given(ledgers, ledgers, balances, policies, disputes)
def test_any_pair_of_ledgers_ties_to_the_cent(ours, theirs_, balance, policy, disputed) -> None:  # type: ignore[no-untyped-def]
    result = _reconcile(ours, theirs_, balance, policy, disputed)
    counted_ours = sum((x.amount for x in ours if x.date <= CUT_OFF), usd("0"))
    counted_theirs = sum((x.amount for x in theirs_ if x.date <= CUT_OFF), usd("0"))
    assert result.our_balance == counted_ours
    assert result.their_balance == (counted_theirs if balance is None else balance)
    assert result.our_balance + sum((d.amount for d in result.differences), usd("0")) == (
        result.their_balance
    )
    assert all(d.amount.amount != 0 for d in result.differences)


@given(ledgers, ledgers, balances, policies, disputes)
def test_every_line_is_accounted_for_exactly_once(ours, theirs_, balance, policy, disputed) -> None:  # type: ignore[no-untyped-def]
    result = _reconcile(ours, theirs_, balance, policy, disputed)
    seen_ours = Counter(m.ours for m in result.matches)
    seen_theirs = Counter(m.theirs for m in result.matches)
    seen_ours.update(d.ours for d in result.differences if d.ours is not None)
    seen_theirs.update(d.theirs for d in result.differences if d.theirs is not None)
    seen_ours.update(result.ours_after_cut_off)
    seen_theirs.update(result.theirs_after_cut_off)
    assert seen_ours == Counter(ours)
    assert seen_theirs == Counter(theirs_)
    for match in result.matches:
        assert (match.ours.amount.amount > 0) == (match.theirs.amount.amount > 0)


@given(ledgers, ledgers, balances, policies, disputes, st.randoms(use_true_random=False))
def test_the_order_of_the_lines_does_not_matter(
    ours, theirs_, balance, policy, disputed, random
) -> None:  # type: ignore[no-untyped-def]
    first = _reconcile(ours, theirs_, balance, policy, disputed)
    shuffled_ours, shuffled_theirs = list(ours), list(theirs_)
    random.shuffle(shuffled_ours)
    random.shuffle(shuffled_theirs)
    again = _reconcile(shuffled_ours, shuffled_theirs, balance, policy, disputed)
    assert again == first
    assert again.rows() == first.rows()
    assert [d.reasons for d in again.differences] == [d.reasons for d in first.differences]


# --- the command line ------------------------------------------------------------------

# Our export holds another customer's lines too; --customer picks C1's.
OUR_FILE = """customer_id,document,date,amount,currency,kind
C1,FV-0005230,2026-05-10,1000.00,USD,invoice
C1,FV-0005231,2026-06-05,2500.00,USD,invoice
C2,FV-0009999,2026-06-05,7777.00,USD,invoice
C1,FV-0005232,2026-06-29,800.00,USD,invoice
C1,NC-0000410,2026-06-15,-150.00,USD,credit_note
C1,FV-0005233,2026-06-01,1200.00,USD,invoice
C1,FV-0005234,2026-06-10,3000.00,USD,invoice
C1,FV-0005235,2026-06-30,600.00,USD,invoice
C1,FV-0005236,2026-06-12,450.25,USD,invoice
"""


def _files(tmp_path):  # type: ignore[no-untyped-def]
    (tmp_path / "ours.csv").write_text(OUR_FILE, encoding="utf-8")
    (tmp_path / "theirs.csv").write_text(THEIR_FILE, encoding="utf-8")
    (tmp_path / "disputes.csv").write_text(
        "id,customer_id,invoice_number,opened_on,resolved_on\nD-1,C1,FV-0005233,2026-06-20,\n",
        encoding="utf-8",
    )
    (tmp_path / "policy.json").write_text(
        '{"tolerances": [{"amount": "0.05", "currency": "USD"}]}', encoding="utf-8"
    )
    return [
        "reconcile",
        str(tmp_path / "ours.csv"),
        str(tmp_path / "theirs.csv"),
        "--customer",
        "C1",
        "--as-of",
        "2026-06-30",
        "--disputes",
        str(tmp_path / "disputes.csv"),
        "--policy",
        str(tmp_path / "policy.json"),
    ]


def test_the_command_line_ties_the_worked_example(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from receivables.__main__ import main

    arguments = _files(tmp_path)
    assert main([*arguments, "--report", "tie-out", "--their-balance", "4900.24"]) == 0
    table = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {row["line"]: row["amount"] for row in table} == {
        "our_balance": "9400.25",
        "payment_in_transit": "-2500.00",
        "not_recorded_by_them": "-800.00",
        "credit_not_applied": "150.00",
        "disputed": "-200.00",
        "amount_differs": "-100.00",
        "timing": "-600.00",
        "unknown_to_us": "-500.00",
        "unknown_to_them": "0.00",
        "rounding": "-0.01",
        "unexplained": "50.00",
        "their_balance": "4900.24",
    }
    assert main(arguments) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [row["status"] for row in rows][:3] == [
        "payment_in_transit",
        "not_recorded_by_them",
        "credit_not_applied",
    ]
    assert main([*arguments, "--format", "json"]) == 0
    assert '"their_balance"' in capsys.readouterr().out


def test_the_command_line_reads_their_columns_through_a_mapping(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "ours.csv").write_text("document,date,amount,currency\nFV-1,2026-06-01,10.00,EUR\n")
    (tmp_path / "theirs.csv").write_text("Beleg,Datum,Betrag,currency\n1,01.06.2026,-10.00,EUR\n")
    (tmp_path / "mapping.json").write_text(
        '{"document": "Beleg", "date": "Datum", "amount": "Betrag", "date_format": "%d.%m.%Y"}'
    )
    code = main_(
        [
            "reconcile",
            str(tmp_path / "ours.csv"),
            str(tmp_path / "theirs.csv"),
            "--customer",
            "C1",
            "--as-of",
            "2026-06-30",
            "--mapping",
            str(tmp_path / "mapping.json"),
        ]
    )
    assert code == 0
    assert next(iter(csv.DictReader(io.StringIO(capsys.readouterr().out))))["status"] == "matched"


def main_(arguments: list[str]) -> int:
    from receivables.__main__ import main

    return main(arguments)


@pytest.mark.parametrize(
    ("theirs_text", "message"),
    [
        (
            "document,date,debit,credit,currency\n5230,2026-13-01,,1.00,USD\n",
            "row 2, column 'date'",
        ),
        ("document,date,debit,credit,currency\n5230,2026-06-01,,1.00,EUR\n", "cannot reconcile"),
        ("document,date,debit,credit,currency\n5230,2026-06-01,,,USD\n", "row 2, column 'amount'"),
    ],
)
def test_the_command_line_names_a_bad_row(tmp_path, capsys, theirs_text, message) -> None:  # type: ignore[no-untyped-def]
    arguments = _files(tmp_path)
    (tmp_path / "theirs.csv").write_text(theirs_text, encoding="utf-8")
    assert main_(arguments) == 2
    assert message in capsys.readouterr().err


def test_the_command_line_refuses_a_bad_policy_or_balance(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    arguments = _files(tmp_path)
    assert main_([*arguments, "--their-balance", "12,5"]) == 2
    assert "--their-balance" in capsys.readouterr().err
    (tmp_path / "policy.json").write_text('{"transit_days": -1}', encoding="utf-8")
    assert main_(arguments) == 2
    assert "$.transit_days" in capsys.readouterr().err
    (tmp_path / "policy.json").write_text("{", encoding="utf-8")
    assert main_(arguments) == 2
    assert "not valid JSON" in capsys.readouterr().err
