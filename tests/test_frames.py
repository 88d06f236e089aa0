"""DataFrames in and out: exact amounts both ways, clear errors, pandas optional."""

from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from receivables.documents import Invoice, Payment
from receivables.errors import ReceivablesError, ValidationError
from receivables.frames import (
    OPEN_ITEM_COLUMNS,
    OptionalDependencyError,
    frame_to_open_items,
    open_items_frame,
    records_frame,
    statement_frame,
)
from receivables.ledger import ItemKind, Ledger, OpenItem
from receivables.money import money, to_minor
from receivables.statements import statements
from tests.strategies import LEDGER_START, ledgers

D = dt.date


def item(number: str = "INV-1", open_: str = "40.00", currency: str = "USD") -> OpenItem:
    return OpenItem(
        number=number,
        customer_id="C1",
        kind=ItemKind.INVOICE,
        document_date=D(2026, 1, 1),
        due_date=D(2026, 1, 31),
        original=money("100", currency),
        open=money(open_, currency),
        reference="PO-7",
    )


def test_columns_and_types() -> None:
    frame = open_items_frame([item(), item("INV-2", "5", "JPY")])
    assert tuple(frame.columns) == OPEN_ITEM_COLUMNS
    assert frame["open"].tolist() == [Decimal("40.00"), Decimal("5")]
    assert frame["currency"].tolist() == ["USD", "JPY"]
    assert str(frame["due_date"].dtype) == "datetime64[s]"
    assert (frame["due_date"] < "2026-02-01").all()
    minor = open_items_frame([item(), item("INV-2", "5", "JPY")], money_as="minor")
    assert minor["open_minor"].tolist() == [4000, 5]
    assert str(minor["open_minor"].dtype) == "int64"
    assert "open" not in minor.columns


def test_empty_frames_keep_their_columns() -> None:
    assert tuple(open_items_frame([]).columns) == OPEN_ITEM_COLUMNS
    assert frame_to_open_items(open_items_frame([])) == ()
    assert list(records_frame([], columns=["id", "amount"]).columns) == ["id", "amount"]


def test_strings_and_plain_dates_are_read() -> None:
    frame = pd.DataFrame(
        {
            "number": ["A"],
            "customer_id": ["C1"],
            "kind": ["payment"],
            "document_date": ["2026-01-05"],
            "due_date": [D(2026, 1, 5)],
            "original": ["-10.50"],
            "open": ["-10.50"],
            "currency": ["USD"],
        }
    )
    (read,) = frame_to_open_items(frame)
    assert frame_to_open_items(frame.to_dict("list")) == (read,)
    assert read.open == money("-10.50", "USD")
    assert read.kind is ItemKind.PAYMENT
    assert read.reference is None


def test_errors_name_the_row_and_column() -> None:
    good = open_items_frame([item(), item("INV-2")])
    with pytest.raises(ValidationError, match=r"rows\[1\]\.open"):
        frame_to_open_items(good.assign(open=[Decimal("1.00"), 0.1]))
    with pytest.raises(ValidationError, match=r"rows\[0\]\.kind"):
        frame_to_open_items(good.assign(kind=["bill", "invoice"]))
    with pytest.raises(ValidationError, match=r"rows\[0\]\.due_date"):
        frame_to_open_items(good.assign(due_date=["31/01/2026", "2026-01-31"]))
    with pytest.raises(ValidationError, match=r"rows\[0\]\.due_date"):
        frame_to_open_items(
            good.assign(due_date=pd.to_datetime(["2026-01-31 10:00", "2026-01-31 00:00"]))
        )
    with pytest.raises(ValidationError, match=r"frame\.columns"):
        frame_to_open_items(good.drop(columns=["currency", "open"]))
    with pytest.raises(ValidationError, match=r"rows\[0\]\.open_minor"):
        frame_to_open_items(
            open_items_frame([item()], money_as="minor").astype({"open_minor": "float64"})
        )
    with pytest.raises(ValidationError, match="frame"):
        frame_to_open_items([item()])  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="money_as"):
        open_items_frame([item()], money_as="float")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="items"):
        open_items_frame(["INV-1"])  # type: ignore[list-item]
    with pytest.raises(ValidationError, match=r"objects\[0\]"):
        records_frame([{"id": 1}])
    with pytest.raises(ValidationError, match=r"objects\[0\]\.nope"):
        records_frame([item()], columns=["nope"])


def test_records_frame_for_any_attrs_value() -> None:
    payments = [
        Payment(id="P1", amount=money("10.50", "USD"), received_date=D(2026, 1, 5), method="check"),
        Payment(id="P2", amount=money("1.250", "BHD"), received_date=D(2026, 1, 6)),
    ]
    frame = records_frame(payments)
    assert frame["amount"].tolist() == [Decimal("10.50"), Decimal("1.250")]
    assert frame["amount_currency"].tolist() == ["USD", "BHD"]
    assert frame["method"].tolist() == ["check", "transfer"]
    assert str(frame["received_date"].dtype) == "datetime64[s]"
    assert frame["value_date"].isna().all()
    minor = records_frame(payments, money_as="minor")
    assert minor["amount_minor"].tolist() == [1050, 1250]
    invoices = [
        Invoice(
            number="I",
            customer_id="C",
            issue_date=D(2026, 1, 1),
            due_date=D(2026, 1, 2),
            amount=money("3", "USD"),
        )
    ]
    assert records_frame(invoices, columns=["number", "amount"]).columns.tolist() == [
        "number",
        "amount",
        "amount_currency",
    ]


def test_statement_frame_ties() -> None:
    ledger = Ledger.of(
        [
            Invoice(
                number="I1",
                customer_id="C1",
                issue_date=D(2026, 1, 5),
                due_date=D(2026, 2, 4),
                amount=money("100.00", "USD"),
            ),
            Payment(
                id="P1", customer_id="C1", amount=money("30.00", "USD"), received_date=D(2026, 1, 9)
            ),
        ]
    )
    (s,) = statements(ledger, start=D(2026, 1, 1), end=D(2026, 1, 31))
    frame = statement_frame(s)
    assert frame.attrs["opening"] + sum(frame["amount"]) == frame.attrs["closing"]
    assert frame["balance"].tolist() == [Decimal("100.00"), Decimal("70.00")]
    minor = statement_frame(s, money_as="minor")
    assert minor["amount_minor"].sum() == to_minor(s.closing - s.opening)
    assert minor["kind"].tolist() == ["invoice", "payment"]


def test_without_pandas_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(OptionalDependencyError, match=r"receivables\[pandas\]") as caught:
        open_items_frame([item()])
    assert isinstance(caught.value, ReceivablesError)
    assert isinstance(caught.value, ImportError)
    with pytest.raises(OptionalDependencyError):
        records_frame([])


# Fewer examples than the CI profile's 150: each example builds a random ledger and round-trips it through pandas DataFrames.
@settings(max_examples=20)
@given(ledgers(), st.sampled_from(["decimal", "minor"]), st.integers(0, 120))
def test_round_trip_is_exact(case: tuple[Ledger, list[D]], money_as: str, offset: int) -> None:
    ledger, _ = case
    items = ledger.open_items(as_of=LEDGER_START + dt.timedelta(days=offset))
    frame = open_items_frame(items, money_as=money_as)  # type: ignore[arg-type]
    assert len(frame) == len(items)
    assert frame_to_open_items(frame) == items
    # Sums by customer agree with the ledger's open amounts to the minor unit.
    if money_as == "minor" and items:
        by_customer = frame.groupby("customer_id")["open_minor"].sum().to_dict()
        for customer, units in by_customer.items():
            assert units == sum(to_minor(i.open) for i in items if i.customer_id == customer)


@pytest.mark.parametrize(
    "column", ["number", "customer_id", "kind", "document_date", "due_date", "currency"]
)
def test_a_missing_required_cell_is_an_error_not_the_text_none(column: str) -> None:
    # Found in review: a missing customer_id or number came back as the string "None".
    good = open_items_frame([item(), item("INV-2")])
    for missing in (None, float("nan"), pd.NA):
        broken = good.astype({column: object})
        broken.loc[1, column] = missing
        with pytest.raises(ValidationError, match=rf"rows\[1\]\.{column}"):
            frame_to_open_items(broken)
        assert good.loc[1, column] is not None  # the caller's frame is untouched


def test_a_missing_reference_is_none_whatever_pandas_calls_it() -> None:
    good = open_items_frame([item(), item("INV-2")])
    for missing in (None, float("nan"), pd.NA):
        frame = good.assign(reference=pd.Series(["R-1", missing], dtype=object))
        assert [i.reference for i in frame_to_open_items(frame)] == ["R-1", None]


@pytest.mark.parametrize("nan", [Decimal("NaN"), Decimal("sNaN")])
def test_a_decimal_nan_amount_is_a_validation_error(nan: Decimal) -> None:
    # Found in review: a signalling NaN raised decimal.InvalidOperation, not a ReceivablesError.
    frame = open_items_frame([item(), item("INV-2")]).astype({"open": object})
    frame.loc[1, "open"] = nan
    with pytest.raises(ValidationError, match=r"rows\[1\]\.open"):
        frame_to_open_items(frame)


def test_wrong_types_are_validation_errors() -> None:
    # Found in review: these raised TypeError / AttributeError.
    with pytest.raises(ValidationError, match="items"):
        open_items_frame(None)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="statement"):
        statement_frame(3)  # type: ignore[arg-type]
