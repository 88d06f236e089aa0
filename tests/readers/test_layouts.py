"""Fixed-width layouts are frozen policies built from JSON; every inconsistency is refused."""

from __future__ import annotations

import json
from typing import Any

import pytest

from receivables.errors import PolicyError, ValidationError
from receivables.interop import structure, unstructure
from receivables.readers.layouts import (
    SHIPPED,
    FieldFormat,
    FieldLayout,
    Layout,
    RecordLayout,
    RecordRole,
    Scope,
    load_layout,
)


@pytest.mark.parametrize("name", SHIPPED)
def test_the_shipped_layouts_round_trip_through_json(name: str) -> None:
    layout = load_layout(name)
    assert structure(unstructure(layout), Layout) == layout
    assert load_layout(json.dumps(unstructure(layout))) == layout
    assert layout.detail.role is RecordRole.DETAIL


def test_the_asobancaria_layout_has_the_2001_positions() -> None:
    # Estándar de recaudo Asobancaria 2001: detail 06 = reference 3-50, amount 51-64
    # (12 integers + 2 decimals), sequence 88-94; controls 08/09 = count 3-11, total 12-29.
    layout = load_layout("asobancaria-2001")
    detail = layout.record("06")
    assert detail is not None
    amount = detail.field("amount")
    assert amount is not None
    assert (amount.start, amount.end, amount.decimals) == (51, 64, 2)
    sequence = detail.field("sequence")
    assert sequence is not None
    assert (sequence.start, sequence.end) == (88, 94)
    control = layout.record("09")
    assert control is not None
    assert control.scope is Scope.FILE
    total = control.field("total")
    assert total is not None
    assert (total.start, total.end) == (12, 29)
    assert layout.record_length == 162


def test_the_lockbox_layout_has_the_bai_record_types() -> None:
    layout = load_layout("bai-lockbox")
    assert [r.code for r in layout.records] == ["1", "2", "5", "6", "4", "7", "8", "9"]
    assert [r.role.value for r in layout.records] == [
        "header",
        "other",
        "batch_header",
        "detail",
        "overflow",
        "control",
        "control",
        "control",
    ]


def _layout(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "test",
        "version": "1",
        "currency": "USD",
        "type_length": 1,
        "records": [
            {
                "code": "6",
                "role": "detail",
                "fields": [{"name": "amount", "start": 2, "length": 5, "format": "amount"}],
            },
            {
                "code": "9",
                "role": "control",
                "fields": [{"name": "count", "start": 2, "length": 3, "format": "number"}],
            },
        ],
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"currency": "XYZ"}, "an ISO 4217 code"),
        ({"records": []}, "exactly one record with the role 'detail'"),
        ({"record_length": 4}, "a field ending within the record length 4"),
        ({"record_length": -1}, "0 (any) or more"),
        ({"type_length": 0}, "a whole number of 1 or more"),
    ],
)
def test_layout_errors_name_what_is_accepted(changes: dict[str, Any], expected: str) -> None:
    with pytest.raises(ValidationError) as caught:
        structure(_layout(**changes), Layout)
    assert [p.expected for p in caught.value.problems] == [expected]


def test_records_refuse_overlaps_duplicates_and_missing_amounts() -> None:
    amount = FieldLayout(name="amount", start=2, length=5, format="amount")
    with pytest.raises(PolicyError, match="fields that do not overlap"):
        RecordLayout(
            code="6", role="detail", fields=(amount, FieldLayout(name="x", start=6, length=2))
        )
    with pytest.raises(PolicyError, match="each name once"):
        RecordLayout(
            code="6", role="detail", fields=(amount, FieldLayout(name="amount", start=9, length=2))
        )
    with pytest.raises(PolicyError, match="an 'amount' field"):
        RecordLayout(code="6", role="detail", fields=(FieldLayout(name="x", start=2, length=2),))
    with pytest.raises(PolicyError, match="'count', 'total' or 'records'"):
        RecordLayout(code="9", role="control", fields=(FieldLayout(name="x", start=2, length=2),))
    detail = RecordLayout(code="6", role="detail", fields=(amount,))
    other = RecordLayout(code="6", role="other")
    with pytest.raises(PolicyError, match="distinct codes of 1 character"):
        Layout(id="x", version="1", currency="USD", type_length=1, records=(detail, other))
    with pytest.raises(PolicyError, match="distinct codes of 2 character"):
        Layout(id="x", version="1", currency="USD", type_length=2, records=(detail,))


def test_fields_refuse_bad_names_positions_decimals_and_date_patterns() -> None:
    with pytest.raises(PolicyError, match="snake_case"):
        FieldLayout(name="a mount", start=1, length=2)
    with pytest.raises(PolicyError, match="1 or more"):
        FieldLayout(name="a", start=0, length=2)
    with pytest.raises(PolicyError, match="0 or more"):
        FieldLayout(name="a", start=1, length=2, format="amount", decimals=-1)
    with pytest.raises(PolicyError, match="as long as the field"):
        FieldLayout(name="d", start=1, length=6, format="date", pattern="%Y%m%d")
    with pytest.raises(ValueError, match="'money' is not a valid FieldFormat"):
        FieldLayout(name="d", start=1, length=6, format="money")
    assert (
        FieldLayout(name="d", start=1, length=6, format="date", pattern="%y%m%d").format
        is FieldFormat.DATE
    )


def test_load_layout_names_what_it_accepts() -> None:
    with pytest.raises(ValidationError, match="a shipped layout"):
        load_layout("lockbox-of-my-bank")
