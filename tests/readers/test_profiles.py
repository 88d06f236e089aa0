"""Export profiles are frozen data: shipped ones round-trip through JSON, bad ones say what is wrong."""

from __future__ import annotations

import json
from typing import Any

import attrs
import pytest

from receivables.errors import PolicyError, ValidationError
from receivables.interop import to_json, unstructure
from receivables.ledger import ItemKind
from receivables.readers.profiles import (
    PROFILES,
    ColumnMap,
    ExportProfile,
    export_profile,
    profile_from_json,
)


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_shipped_profiles_round_trip_through_json(name: str) -> None:
    profile = PROFILES[name]
    assert profile_from_json(to_json(profile)) == profile
    assert export_profile(name) is profile


def test_shipped_ids() -> None:
    assert sorted(PROFILES) == ["erpnext", "generic", "odoo", "sap-fbl5n"]


def test_sap_document_types_follow_the_sap_defaults() -> None:
    # SAP's default document types (transaction OBA7): RV billing document transfer,
    # DR customer invoice, DG customer credit memo, DZ customer payment, DA customer document.
    kinds = PROFILES["sap-fbl5n"].document_types
    assert kinds["RV"] == kinds["DR"] == ItemKind.INVOICE
    assert kinds["DG"] == ItemKind.CREDIT_NOTE
    assert kinds["DZ"] == ItemKind.PAYMENT
    assert kinds["DA"] == ItemKind.ADJUSTMENT


def test_sap_reads_english_and_german_headings() -> None:
    columns = PROFILES["sap-fbl5n"].columns
    assert {"Amount in local currency", "Betrag in Hauswährung"} <= set(columns.open)
    assert {"Document Number", "Belegnummer"} <= set(columns.number)
    assert {"Net Due Date", "Nettofälligkeit"} <= set(columns.due_date)


def test_odoo_and_erpnext_codes() -> None:
    odoo = PROFILES["odoo"].document_types
    assert odoo["out_refund"] == odoo["Customer Credit Note"] == ItemKind.CREDIT_NOTE
    assert odoo["out_invoice"] == odoo["Customer Invoice"] == ItemKind.INVOICE
    erpnext = PROFILES["erpnext"].document_types
    assert erpnext["Payment Entry"] == ItemKind.PAYMENT
    assert PROFILES["erpnext"].columns.open == ("Outstanding Amount",)


def test_unknown_shipped_profile() -> None:
    with pytest.raises(PolicyError, match="or a JSON file of an ExportProfile"):
        export_profile("sap")


def _data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = unstructure(PROFILES["generic"])  # type: ignore[assignment]
    data.update(changes)
    return data


def test_a_users_profile_from_json() -> None:
    profile = profile_from_json(
        json.dumps(
            {
                "id": "acme-erp",
                "version": "2026-06",
                "name": "ACME ERP open items",
                "columns": {
                    "number": ["Doc"],
                    "customer_id": ["Cust"],
                    "due_date": ["Due"],
                    "debit": ["Dr"],
                    "credit": ["Cr"],
                },
                "delimiter": ";",
                "decimal": ",",
                "date_formats": ["DD.MM.YYYY"],
                "currency": "EUR",
                "document_types": {"INV": "invoice", "PAY": "payment"},
            }
        )
    )
    assert profile.columns.debit == ("Dr",)
    assert profile.document_types["PAY"] == ItemKind.PAYMENT


def test_json_with_many_bad_fields_reports_them_all() -> None:
    data = _data(delimiter=":", decimal=";", currency="EURO", unknown_types="guess", speling=1)
    with pytest.raises(ValidationError) as error:
        profile_from_json(json.dumps(data))
    fields = {problem.field for problem in error.value.problems}
    assert {"$.delimiter", "$.decimal", "$.currency", "$.unknown_types", "$.speling"} <= fields


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"id": ""}, "policy.id"),
        ({"version": ""}, "policy.version"),
        ({"name": " "}, "name"),
        ({"delimiter": ":"}, "delimiter"),
        ({"encoding": "no-such-codec"}, "encoding"),
        ({"decimal": ";"}, "decimal"),
        ({"date_formats": ()}, "date_formats"),
        ({"date_formats": ("DD.MM.YY",)}, "date_formats[0]"),
        ({"currency": "EURO"}, "currency"),
        ({"unknown_types": "guess"}, "unknown_types"),
        ({"subtotal_markers": ("",)}, "subtotal_markers[0]"),
        ({"subtotal_markers": "Total"}, "profile"),
        ({"no_number_is_subtotal": "yes"}, "no_number_is_subtotal"),
        ({"document_types": {"RV": "bill"}}, "document_types['RV']"),
        ({"document_types": {"": "invoice"}}, "document_types"),
        ({"document_types": {"rv": "invoice", "RV": "payment"}}, "document_types"),
        ({"document_types": ["RV"]}, "document_types"),
        ({"columns": "number"}, "columns"),
    ],
)
def test_every_profile_rule(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(PolicyError) as error:
        attrs.evolve(PROFILES["generic"], **changes)
    assert error.value.field == field


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"number": ()}, "columns.number"),
        ({"customer_id": ()}, "columns.customer_id"),
        ({"open": (), "debit": ("Dr",)}, "columns.open"),
        ({"document_date": (), "due_date": ()}, "columns.due_date"),
        ({"baseline_date": ("Base",)}, "columns.net_days"),
        ({"number": ("",)}, "columns.number[0]"),
        ({"number": "Doc"}, "columns"),
    ],
)
def test_every_column_map_rule(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(PolicyError) as error:
        attrs.evolve(PROFILES["generic"].columns, **changes)
    assert error.value.field == field


def test_debit_and_credit_stand_in_for_the_open_amount() -> None:
    columns = ColumnMap(
        number=("Doc",), customer_id=("C",), due_date=("D",), debit=("Dr",), credit=("Cr",)
    )
    assert columns.open == ()


def test_profiles_are_frozen_and_hashable() -> None:
    profile = PROFILES["odoo"]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        profile.delimiter = ";"  # type: ignore[misc]
    assert isinstance(profile, ExportProfile)
