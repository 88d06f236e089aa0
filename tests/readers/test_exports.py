"""ERP open-item exports in: SAP FBL5N, Odoo and ERPNext samples, every amount, every refusal.

The samples under ``data/`` follow each ERP's documented layout:

- ``fbl5n_de.txt``: SAP FBL5N (Customer Line Item Display) exported as an
  "unconverted" list (List > Export > Local File), German user settings
  (``1.234,56``, the minus after the number, ``DD.MM.YYYY``), cp1252, with the
  report title, ``|``-framed cells, dashed rules, ``*`` customer subtotals and
  the ``**`` grand total the ALV list prints. Column headings are SAP's German
  ALV headings for BSID fields (Konto, Zuordnung, Belegnummer, Belegart,
  Belegdatum, Nettofälligkeit, Betrag in Hauswährung, Hauswährung, Text).
- ``fbl5n_en.txt``: the same report, English headings, exported as "Text with
  tabs" by a US user (``1,234.56``, ``MM/DD/YYYY``), UTF-8 with the byte-order
  mark, CRLF lines, a baseline date plus net days where the net due date is
  empty, a credit memo in parentheses, ``*`` subtotals and a blank line.
- ``odoo_journal_items.csv``: Odoo's journal items list exported to CSV
  (Odoo quotes every field and writes Python floats) with the field labels of
  ``account.move.line``: Date, Journal Entry, Partner, Label, Due Date, Debit,
  Credit, Residual Amount (``amount_residual``), Company Currency and
  Journal Entry/Type (``move_type`` labels).
- ``erpnext_accounts_receivable.csv``: ERPNext's Accounts Receivable report
  (columns as ``accounts_receivable.py`` ``get_columns`` defines them) with
  "Group By Customer": a subtotal line per party, an empty line after it, and
  the Total line; dates in ERPNext's default ``dd-mm-yyyy``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables.__main__ import main
from receivables.aging import age, age_columns
from receivables.errors import PolicyError, ValidationError
from receivables.interop import to_json
from receivables.readers import exports as module
from receivables.readers.exports import SKIP_REASONS, ExportRead, read_export
from receivables.readers.profiles import PROFILES, ColumnMap, ExportProfile

DATA = Path(__file__).parent / "data"
AS_OF = dt.date(2026, 6, 30)


def _read(name: str, profile: str) -> ExportRead:
    return read_export((DATA / name).read_bytes(), profile=profile, source=name)


def _items(read: ExportRead) -> list[tuple[str, str, str, dt.date, dt.date, str, str]]:
    return [
        (
            i.number,
            i.customer_id,
            i.kind.value,
            i.document_date,
            i.due_date,
            str(i.open.amount),
            i.currency,
        )
        for i in read.open_items()
    ]


def _accounted(read: ExportRead) -> None:
    """Every row is the header, an item or a skipped row with its reason; each row once."""
    rows = [*read.columns.row.tolist(), read.header_row, *(s.row for s in read.skipped)]
    assert sorted(rows) == list(range(1, read.rows + 1))
    assert read.rows == 1 + len(read.columns) + len(read.skipped)


# --- SAP FBL5N -----------------------------------------------------------------------------


def test_fbl5n_german_unconverted_list() -> None:
    read = _read("fbl5n_de.txt", "sap-fbl5n")
    d = dt.date
    assert _items(read) == [
        ("1800000012", "1000", "invoice", d(2026, 5, 2), d(2026, 6, 1), "1190.00", "EUR"),
        ("1800000031", "1000", "invoice", d(2026, 3, 15), d(2026, 4, 14), "2380.50", "EUR"),
        ("1600000004", "1000", "credit_note", d(2026, 5, 20), d(2026, 5, 20), "-119.00", "EUR"),
        ("1400000007", "1000", "payment", d(2026, 6, 20), d(2026, 6, 20), "-500.00", "EUR"),
        ("1800000044", "1001", "invoice", d(2026, 6, 10), d(2026, 7, 10), "12345.67", "EUR"),
        ("1800000002", "1001", "invoice", d(2026, 1, 5), d(2026, 2, 4), "850.00", "EUR"),
    ]
    assert (read.encoding, read.delimiter, read.decimal, read.date_format) == (
        "cp1252",
        "|",
        ",",
        "DD.MM.YYYY",
    )
    assert read.skipped_by_reason() == {"preamble": 4, "rule": 6, "subtotal": 3}
    assert [s.row for s in read.skipped if s.reason == "subtotal"] == [12, 17, 19]
    assert read.header_row == 5
    _accounted(read)
    # SAP's own subtotals (2.951,50 and 13.195,67; 16.147,17 in all) equal the items' sums
    units = read.columns.open_units
    customers = read.columns.customer_id
    assert int(units[customers == "1000"].sum()) == 295150
    assert int(units[customers == "1001"].sum()) == 1319567
    assert int(units.sum()) == 1614717
    assert [i.reference for i in read.open_items()][:2] == ["4500012345", "4500012377"]


def test_fbl5n_english_text_with_tabs() -> None:
    read = _read("fbl5n_en.txt", "sap-fbl5n")
    d = dt.date
    assert _items(read) == [
        ("1800001001", "100200", "invoice", d(2026, 4, 15), d(2026, 5, 15), "4250.00", "USD"),
        # no net due date: baseline 06/01/2026 + 45 days net
        ("1800001002", "100200", "invoice", d(2026, 6, 1), d(2026, 7, 16), "1234567.89", "USD"),
        ("1400001003", "100200", "payment", d(2026, 6, 25), d(2026, 6, 25), "-1000.00", "USD"),
        ("1700001004", "100300", "credit_note", d(2026, 5, 2), d(2026, 5, 2), "-200.00", "USD"),
        ("1800001005", "100300", "invoice", d(2026, 2, 10), d(2026, 3, 12), "99.99", "USD"),
    ]
    assert (read.encoding, read.delimiter, read.decimal, read.date_format) == (
        "utf-8-sig",
        "\t",
        ".",
        "MM/DD/YYYY",
    )
    assert read.skipped_by_reason() == {"blank": 1, "subtotal": 3}
    _accounted(read)
    assert int(read.columns.open_units.sum()) == 123771788  # the ** line: 1,237,717.88


def test_fbl5n_ages_to_the_cent() -> None:
    read = _read("fbl5n_de.txt", "sap-fbl5n")
    report = age_columns(read.columns.mapping(), as_of=AS_OF)
    line = report.line("1000")
    # 1.190,00 due 01.06 is 29 days late; 2.380,50 due 14.04 is 77 days; credits beside
    assert {k: str(v.amount) for k, v in line.by_bucket().items()} == {
        "current": "0.00",
        "1-30": "1190.00",
        "31-60": "0.00",
        "61-90": "2380.50",
        "91-120": "0.00",
        "over 120": "0.00",
    }
    assert str(line.unapplied.amount) == "-619.00"
    other = report.line("1001")
    assert str(other.amount("current").amount) == "12345.67"
    assert str(other.amount("over 120").amount) == "850.00"  # due 04.02: 146 days
    # the object path agrees with the columns path
    assert age(list(read.open_items()), as_of=AS_OF).line("1000") == line


# --- Odoo ------------------------------------------------------------------------------------


def test_odoo_journal_items() -> None:
    read = _read("odoo_journal_items.csv", "odoo")
    d = dt.date
    assert _items(read) == [
        (
            "INV/2026/00012",
            "Deco Addict",
            "invoice",
            d(2026, 5, 4),
            d(2026, 6, 3),
            "1190.00",
            "EUR",
        ),
        # 2,875.00 invoiced, 875.00 still open: the residual, not the debit, is what ages
        (
            "INV/2026/00007",
            "Deco Addict",
            "invoice",
            d(2026, 4, 10),
            d(2026, 4, 10),
            "875.00",
            "EUR",
        ),
        (
            "RINV/2026/00002",
            "Deco Addict",
            "credit_note",
            d(2026, 5, 20),
            d(2026, 5, 20),
            "-238.00",
            "EUR",
        ),
        (
            "PBNK1/2026/00031",
            "Azure Interior",
            "payment",
            d(2026, 6, 15),
            d(2026, 6, 15),
            "-1500.00",
            "EUR",
        ),
        (
            "INV/2026/00019",
            "Azure Interior",
            "invoice",
            d(2026, 6, 20),
            d(2026, 7, 20),
            "4600.50",
            "EUR",
        ),
    ]
    assert (read.delimiter, read.decimal, read.date_format) == (",", ".", "YYYY-MM-DD")
    assert read.skipped == ()
    _accounted(read)


def test_odoo_debit_minus_credit_when_there_is_no_residual_column() -> None:
    text = (DATA / "odoo_journal_items.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    dropped = [[cell for i, cell in enumerate(row) if i != 7] for row in rows]  # no Residual Amount
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL).writerows(dropped)
    read = read_export(out.getvalue(), profile="odoo", source="odoo.csv")
    assert [str(i.open.amount) for i in read.open_items()] == [
        "1190.00",
        "2875.00",
        "-238.00",
        "-1500.00",
        "4600.50",
    ]


def test_odoo_saved_again_by_a_german_excel() -> None:
    # The same export opened in Excel (German locale) and saved as CSV: ';', '1.190,00',
    # dates as 04.05.2026, cp1252, quotes gone.
    text = (DATA / "odoo_journal_items.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    german = []
    for row in rows[1:]:
        cells = list(row)
        for i in (0, 4):
            year, month, day = cells[i].split("-")
            cells[i] = f"{day}.{month}.{year}"
        for i in (5, 6, 7):
            value = Decimal(cells[i]).quantize(Decimal("0.01"))
            cells[i] = f"{value:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
        cells[3] = cells[3].replace("€", "EUR ")
        german.append(cells)
    data = "\r\n".join(";".join(row) for row in [rows[0], *german]).encode("cp1252")
    read = read_export(data, profile="odoo", source="odoo-de.csv")
    assert (read.encoding, read.delimiter, read.decimal, read.date_format) == (
        "utf-8",
        ";",
        ",",
        "DD.MM.YYYY",
    )  # plain ASCII bytes decode as UTF-8
    assert _items(read) == _items(_read("odoo_journal_items.csv", "odoo"))


# --- ERPNext ---------------------------------------------------------------------------------


def test_erpnext_accounts_receivable_grouped_by_customer() -> None:
    read = _read("erpnext_accounts_receivable.csv", "erpnext")
    d = dt.date
    assert _items(read) == [
        (
            "ACC-SINV-2026-00001",
            "Grant Plastics Ltd.",
            "invoice",
            d(2026, 5, 4),
            d(2026, 6, 3),
            "1180.00",
            "USD",
        ),
        (
            "ACC-SINV-2026-00004",
            "Grant Plastics Ltd.",
            "invoice",
            d(2026, 5, 18),
            d(2026, 6, 17),
            "1360.00",
            "USD",
        ),
        # a return (credit note) is a Sales Invoice with a negative outstanding amount
        (
            "ACC-SINV-2026-00006",
            "Grant Plastics Ltd.",
            "credit_note",
            d(2026, 5, 25),
            d(2026, 5, 25),
            "-236.00",
            "USD",
        ),
        (
            "ACC-PAY-2026-00003",
            "West View Software Ltd.",
            "payment",
            d(2026, 6, 12),
            d(2026, 6, 12),
            "-500.00",
            "USD",
        ),
        (
            "ACC-JV-2026-00001",
            "West View Software Ltd.",
            "adjustment",
            d(2026, 1, 2),
            d(2026, 2, 1),
            "300.00",
            "USD",
        ),
    ]
    assert read.skipped_by_reason() == {"blank": 2, "subtotal": 3}
    assert read.date_format == "DD-MM-YYYY"
    _accounted(read)
    assert int(read.columns.open_units.sum()) == 210400  # the report's Total line: 2104.0


# --- sniffing ----------------------------------------------------------------------------


HEADER = "number;customer_id;document_date;due_date;open;currency"
ROWS = [
    "I-1;Café Müller;01.03.2026;31.03.2026;1.234,56;EUR",
    "I-2;Café Müller;05.03.2026;04.04.2026;99,90-;EUR",
]


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("cp1252", "cp1252"),
        ("utf-16", "utf-16"),
    ],
)
def test_encodings_are_sniffed(encoding: str, expected: str) -> None:
    data = "\n".join([HEADER, *ROWS]).encode(encoding)
    read = read_export(data, profile="generic")
    assert read.encoding == expected
    assert read.columns.customer_id.tolist() == ["Café Müller", "Café Müller"]
    assert read.columns.open_units.tolist() == [123456, -9990]


def test_latin1_when_cp1252_cannot_decode() -> None:
    data = "\n".join([HEADER, *ROWS]).encode("latin-1").replace(b"Caf\xe9", b"Caf\x81")
    read = read_export(data, profile="generic")
    assert read.encoding == "latin-1"
    assert read.columns.customer_id.tolist()[0] == "Caf\x81 Müller"


@pytest.mark.parametrize("delimiter", [";", ",", "\t", "|"])
def test_delimiters_are_sniffed(delimiter: str) -> None:
    out = io.StringIO()
    writer = csv.writer(
        out, delimiter=delimiter, lineterminator="\n"
    )  # quotes '1.234,56' in a ',' file
    writer.writerows(row.split(";") for row in [HEADER, *ROWS])
    read = read_export(out.getvalue(), profile="generic")
    assert read.delimiter == delimiter
    assert read.columns.open_units.tolist() == [123456, -9990]


def test_a_file_object_and_text_read_like_bytes() -> None:
    text = "\n".join([HEADER, *ROWS])
    from_bytes = read_export(io.BytesIO(text.encode()), profile="generic")
    from_text = read_export(io.StringIO(text), profile="generic")
    assert from_bytes.columns.open_units.tolist() == from_text.columns.open_units.tolist()
    assert from_text.encoding == "text"


def test_quoted_cells_read_the_same_as_plain_ones() -> None:
    plain = read_export("\n".join([HEADER, *ROWS]), profile="generic")
    quoted = "\n".join([HEADER, *(";".join(f'"{c}"' for c in row.split(";")) for row in ROWS)])
    read = read_export(quoted, profile="generic")
    assert _items(read) == _items(plain)
    assert read.columns.row.tolist() == plain.columns.row.tolist() == [2, 3]


def test_a_quoted_line_break_keeps_row_numbers_right() -> None:
    text = "\n".join(
        [HEADER, 'I-1;"Café\nMüller";01.03.2026;31.03.2026;1,00;EUR', ROWS[1], "Total;;;;;"]
    )
    read = read_export(text, profile="generic")
    assert read.columns.customer_id.tolist()[0] == "Café\nMüller"
    assert read.columns.row.tolist() == [2, 4]  # a record's row is the line it starts on
    assert [s.row for s in read.skipped] == [5]


def test_header_after_a_report_title_and_repeated_on_each_page() -> None:
    text = "\n".join(["Open items", "as of 30.06.2026", "", HEADER, ROWS[0], HEADER, ROWS[1]])
    read = read_export(text, profile="generic")
    assert read.header_row == 4
    assert read.skipped_by_reason() == {"preamble": 3, "header": 1}
    _accounted(read)


def test_profile_settings_are_used_instead_of_sniffing() -> None:
    profile = attrs.evolve(
        PROFILES["generic"], delimiter=";", decimal=",", date_formats=("DD.MM.YYYY",)
    )
    read = read_export(
        "\n".join([HEADER, "I-1;C1;01.03.2026;31.03.2026;1.234;EUR"]), profile=profile
    )
    assert read.columns.open_units.tolist() == [123400]  # '.' groups when ',' is the decimal
    assert read.decimal == ","
    # sniffing alone could not tell 1.234 from 1234 (see test_a_decimal_mark_that_cannot_be_told)


def test_a_shipped_profile_can_be_named_or_given() -> None:
    text = "\n".join([HEADER, *ROWS])
    assert _items(read_export(text, profile="generic")) == _items(
        read_export(text, profile=PROFILES["generic"])
    )


def test_a_currency_for_files_without_one() -> None:
    text = "number;customer_id;due_date;open\nI-1;C1;2026-03-31;1.000"
    read = read_export(text, profile=attrs.evolve(PROFILES["generic"], decimal=","), currency="JPY")
    assert read.columns.open_units.tolist() == [1000]
    assert read.columns.currency.tolist() == ["JPY"]
    # an empty currency cell takes the given one; a filled one wins
    text = "number;customer_id;due_date;open;currency\nI-1;C1;2026-03-31;10,00;\nI-2;C1;2026-03-31;10,00;usd"
    read = read_export(text, profile="generic", currency="EUR")
    assert read.columns.currency.tolist() == ["EUR", "USD"]


def test_empty_debit_or_credit_cells_count_as_nothing() -> None:
    profile = ExportProfile(
        id="dc",
        name="debit/credit",
        columns=ColumnMap(
            number=("Doc",), customer_id=("Cust",), due_date=("Due",), debit=("Dr",), credit=("Cr",)
        ),
        currency="EUR",
    )
    read = read_export(
        "Doc;Cust;Due;Dr;Cr\nA;C;2026-01-01;10,00;\nB;C;2026-01-01;;2,50", profile=profile
    )
    assert read.columns.open_units.tolist() == [1000, -250]
    assert read.columns.kind.tolist() == ["invoice", "payment"]


def test_unknown_types_by_sign_when_the_profile_says_so() -> None:
    text = "number;customer_id;due_date;open;currency;kind\nA;C;2026-01-01;5,00;EUR;ZZ\nB;C;2026-01-01;5,00-;EUR;"
    read = read_export(text, profile="generic")
    assert read.columns.kind.tolist() == ["invoice", "payment"]


def test_a_customer_named_like_a_marker_is_not_a_subtotal() -> None:
    text = "number;customer_id;due_date;open;currency\nA;TotalEnergies SE;2026-01-01;5,00;EUR\nTotal;;;5,00;EUR"
    read = read_export(text, profile="generic")
    assert read.columns.customer_id.tolist() == ["TotalEnergies SE"]
    assert read.skipped_by_reason() == {"subtotal": 1}


# --- refusals: every rule, every bad cell at once ---------------------------------------


def _problems(
    text: str | bytes, profile: ExportProfile | str = "generic"
) -> list[tuple[str, str, str]]:
    with pytest.raises(ValidationError) as error:
        read_export(text, profile=profile, source="in.csv")
    found = error.value.problems or (error.value,)
    return [(p.field, str(p.value), p.expected) for p in found]


def test_every_bad_cell_is_reported_at_once() -> None:
    text = "\n".join(
        [
            HEADER + ";kind",
            "I-1;;01.03.2026;31.03.2026;1.23457E+11;EUR;invoice",
            "I-2;C1;31.02.2026;04.04.2026;12,345;EUR;invoice",
            "I-3;C1;01.03.2026;04.04.2026;5,00;EURO;invoice",
            "I-4;C1;01.03.2026;04.04.2026;5,00;EUR;invoice;extra",
        ]
    )
    problems = _problems(text)
    fields = [field for field, _, _ in problems]
    assert fields == [
        "in.csv:row 2.customer_id",
        "in.csv:row 2.open",
        "in.csv:row 3.document_date",
        "in.csv:row 3.open",
        "in.csv:row 4.currency",
        "in.csv:row 5.number",
    ]
    expected = {f: e for f, _, e in problems}
    assert "scientific notation" in expected["in.csv:row 2.open"]
    assert (
        expected["in.csv:row 3.open"] == "no more decimals than the currency has (its minor unit)"
    )
    assert "ISO 4217" in expected["in.csv:row 4.currency"]
    assert "at most 7 cells" in expected["in.csv:row 5.number"]


def test_no_header_names_what_the_profile_looks_for() -> None:
    [(field, _, expected)] = _problems("a;b;c\n1;2;3", "sap-fbl5n")
    assert field == "in.csv:header"
    assert "'Belegnummer'" in expected
    assert "'Amount in local currency'" in expected


def test_no_currency_anywhere() -> None:
    [(field, _, expected)] = _problems("number;customer_id;due_date;open\nI;C;2026-01-01;5,00")
    assert field == "in.csv:header"
    assert "currency" in expected


def test_a_bad_currency_argument() -> None:
    with pytest.raises(ValidationError, match="ISO 4217"):
        read_export("\n".join([HEADER, *ROWS]), profile="generic", currency="EURO")


def test_unknown_document_type() -> None:
    text = "\n".join([ROW_FBL5N_HEADER, "1000;1800000001;XX;01.03.2026;31.03.2026;5,00;EUR"])
    [(field, value, expected)] = _problems(text, "sap-fbl5n")
    assert (field, value) == ("in.csv:row 2.Type", "XX")
    assert "'DZ'" in expected


ROW_FBL5N_HEADER = "Account;DocumentNo;Type;Doc. Date;Net due dt;Amount in LC;LCurr"


def test_dates_that_read_two_ways_are_refused() -> None:
    text = "\n".join(
        [
            "Posting Date,Voucher No,Party,Due Date,Outstanding Amount,Currency",
            "04-05-2026,S-1,C,03-06-2026,10.0,USD",
        ]
    )
    [(field, _, expected)] = _problems(text, "erpnext")
    assert field == "in.csv:Posting Date"
    assert "DD-MM-YYYY and MM-DD-YYYY" in expected
    one = attrs.evolve(PROFILES["erpnext"], date_formats=("DD-MM-YYYY",))
    assert read_export(text, profile=one).columns.due_date.tolist() == [dt.date(2026, 6, 3)]


def test_a_decimal_mark_that_cannot_be_told() -> None:
    [(field, value, expected)] = _problems(
        "\n".join([HEADER, "I;C;01.03.2026;31.03.2026;1.234;EUR"])
    )
    assert (field, value) == ("in.csv:open", "1.234")
    assert "set the profile's decimal" in expected


def test_missing_dates_and_bad_net_days() -> None:
    profile = attrs.evolve(
        PROFILES["generic"],
        columns=attrs.evolve(
            PROFILES["generic"].columns, baseline_date=("base",), net_days=("days",)
        ),
    )
    text = "\n".join(
        [
            "number;customer_id;document_date;due_date;base;days;open;currency",
            "A;C;;;;;5,00;EUR",
            "B;C;01.03.2026;;01.03.2026;x;5,00;EUR",
            "C;C;01.03.2026;;01.03.2026;30;5,00;EUR",
        ]
    )
    problems = _problems(text, profile)
    assert [(f, e) for f, _, e in problems] == [
        ("in.csv:row 2.due_date", "a due date or a document date"),
        ("in.csv:row 3.days", "a whole number of days"),
    ]
    text = text.replace(";x;", ";30;").replace("A;C;;;;;", "A;C;;31.03.2026;;;")
    read = read_export(text, profile=profile)
    assert read.columns.due_date.tolist() == [
        dt.date(2026, 3, 31),
        dt.date(2026, 3, 31),
        dt.date(2026, 3, 31),
    ]
    assert read.columns.document_date.tolist()[0] == dt.date(2026, 3, 31)


def test_a_wrong_encoding_in_the_profile() -> None:
    profile = attrs.evolve(PROFILES["generic"], encoding="utf-8")
    [(field, _, expected)] = _problems("\n".join([HEADER, *ROWS]).encode("cp1252"), profile)
    assert field == "in.csv:row 2"
    assert "encoding 'utf-8'" in expected


def test_input_that_is_not_text() -> None:
    with pytest.raises(ValidationError, match="text, bytes or an open file"):
        read_export(123, profile="generic")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="an ExportProfile"):
        read_export("", profile=PROFILES["generic"].columns)  # type: ignore[arg-type]
    with pytest.raises(PolicyError, match="one of"):
        read_export("", profile="no-such")


def test_an_empty_item_list_is_fine() -> None:
    read = read_export(HEADER + "\n\nTotal;;;;0,00;EUR\n", profile="generic")
    assert len(read.columns) == 0
    assert read.open_items() == ()
    _accounted(read)


# --- properties ------------------------------------------------------------------------------

_cents = st.integers(min_value=-(10**11), max_value=10**11)
_days = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31))
_rows = st.lists(
    st.tuples(
        st.sampled_from(["C1", "C2", "Café Ñu"]),
        _days,
        _days,
        _cents,
        st.sampled_from(["USD", "EUR", "JPY"]),
    ),
    max_size=25,
)


def _library_csv(rows: list[tuple[str, dt.date, dt.date, int, str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["number", "customer_id", "document_date", "due_date", "open", "currency"])
    for index, (customer, document, due, cents, currency) in enumerate(rows):
        places = 0 if currency == "JPY" else 2
        amount = Decimal(cents).scaleb(-places)
        writer.writerow(
            [f"N{index}", customer, document.isoformat(), due.isoformat(), f"{amount:f}", currency]
        )
    return out.getvalue()


@given(_rows)
def test_reading_the_librarys_csv_loses_no_cent(
    rows: list[tuple[str, dt.date, dt.date, int, str]],
) -> None:
    read = read_export(_library_csv(rows), profile=attrs.evolve(PROFILES["generic"], decimal="."))
    assert read.columns.open_units.tolist() == [cents for *_, cents, _ in rows]
    assert read.columns.currency.tolist() == [currency for *_, currency in rows]
    # written back as the library's CSV and read again: the same items, to the cent
    items = read.open_items()
    again = _library_csv(
        [
            (
                i.customer_id,
                i.document_date,
                i.due_date,
                int(i.open.amount.scaleb(0 if i.currency == "JPY" else 2)),
                i.currency,
            )
            for i in items
        ]
    )
    assert _items(read_export(again, profile="generic")) == _items(read)


_noise = st.sampled_from(["", ";;;;;", "Total;;;;9,99;EUR", "*;;;;1,00;EUR", "-----------", HEADER])


@given(
    st.lists(
        st.one_of(
            st.tuples(_cents.map(lambda c: ("item", c))),
            st.tuples(_noise.map(lambda n: ("noise", n))),
        ),
        max_size=30,
    )
)
def test_skipped_rows_and_items_account_for_every_row(
    lines: list[tuple[tuple[str, object]]],
) -> None:
    text_lines = [HEADER]
    cents = []
    for ((kind, value),) in lines:
        if kind == "item":
            assert isinstance(value, int)
            cents.append(value)
            amount = f"{abs(value) // 100}.{abs(value) % 100:02d}".replace(".", ",") + (
                "-" if value < 0 else ""
            )
            text_lines.append(f"N{len(cents)};C1;01.03.2026;31.03.2026;{amount};EUR")
        else:
            assert isinstance(value, str)
            text_lines.append(value)
    profile = attrs.evolve(PROFILES["generic"], decimal=",", subtotal_markers=("*", "Total"))
    read = read_export("\n".join(text_lines) + "\n", profile=profile)
    assert read.columns.open_units.tolist() == cents
    assert len(read.columns) + len(read.skipped) + 1 == read.rows == len(text_lines)
    assert {s.reason for s in read.skipped} <= set(SKIP_REASONS)
    _accounted(read)


# --- the command line: one command from export to aging ---------------------------------


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize(
    ("name", "profile", "customer", "buckets", "unapplied"),
    [
        ("fbl5n_de.txt", "sap-fbl5n", "1000", {"1-30": "1190.00", "61-90": "2380.50"}, "-619.00"),
        (
            "fbl5n_en.txt",
            "sap-fbl5n",
            "100200",
            {"current": "1234567.89", "31-60": "4250.00"},
            "-1000.00",
        ),
        (
            "odoo_journal_items.csv",
            "odoo",
            "Deco Addict",
            {"1-30": "1190.00", "61-90": "875.00"},
            "-238.00",
        ),
        (
            "erpnext_accounts_receivable.csv",
            "erpnext",
            "Grant Plastics Ltd.",
            {"1-30": "2540.00"},
            "-236.00",
        ),
    ],
)
def test_each_export_ages_with_one_command(
    name: str,
    profile: str,
    customer: str,
    buckets: dict[str, str],
    unapplied: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = _run(
        [
            "age",
            str(DATA / name),
            "--profile",
            profile,
            "--as-of",
            "2026-06-30",
            "--format",
            "json",
        ],
        capsys,
    )
    assert code == 0, err
    lines = {row["customer_id"]: row for row in json.loads(out)}
    line = lines[customer]
    for label in ("current", "1-30", "31-60", "61-90", "91-120", "over 120"):
        assert line[label] == buckets.get(label, "0.00" if line["currency"] != "JPY" else "0")
    assert line["unapplied"] == unapplied
    assert "open item(s)" in err  # what was read and skipped, on stderr
    assert name in err


def test_age_with_a_profile_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    profile = attrs.evolve(PROFILES["erpnext"], id="our-erpnext", date_formats=("DD-MM-YYYY",))
    (tmp_path / "ours.json").write_text(to_json(profile), encoding="utf-8")
    code, out, err = _run(
        [
            "age",
            str(DATA / "erpnext_accounts_receivable.csv"),
            "--profile",
            str(tmp_path / "ours.json"),
            "--as-of",
            "2026-06-30",
        ],
        capsys,
    )
    assert code == 0, err
    assert out.splitlines()[-1].startswith("TOTAL,USD,")
    assert out.splitlines()[-1].endswith(",2104.00")
    assert "profile our-erpnext 1" in err


def test_kpis_and_match_take_the_profile(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(
        [
            "kpis",
            str(DATA / "fbl5n_de.txt"),
            "--profile",
            "sap-fbl5n",
            "--as-of",
            "2026-06-30",
            "--sales",
            "90000",
            "--format",
            "json",
        ],
        capsys,
    )
    assert code == 0, err
    [row] = json.loads(out)
    assert row["receivables"] == "16766.17"  # the four invoices; credits are not receivables
    assert row["items"] == 4
    payments = tmp_path / "payments.csv"
    payments.write_text(
        "id,amount,currency,received_date,payer_name,remittance,customer_id\n"
        "P1,1190.00,EUR,2026-06-28,Mueller,RE 1800000012,1000\n"
    )
    code, out, err = _run(
        [
            "match",
            str(payments),
            str(DATA / "fbl5n_de.txt"),
            "--profile",
            "sap-fbl5n",
            "--as-of",
            "2026-06-30",
        ],
        capsys,
    )
    assert code == 0, err
    assert "1800000012" in out


def test_a_bad_export_names_each_cell_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "fbl5n.csv"
    bad.write_text(
        "Account;Document Number;Type;Document Date;Net Due Date;Amount in local currency;LCurr\n"
        "1000;1800000012;RV;02.05.2026;01.06.2026;1.23457E+11;EUR\n"
        "1000;1800000013;RV;31.02.2026;01.06.2026;5,00;EUR\n",
        encoding="utf-8",
    )
    code, out, err = _run(
        ["age", str(bad), "--profile", "sap-fbl5n", "--as-of", "2026-06-30"], capsys
    )
    assert code == 2
    assert out == ""
    assert f"{bad}:row 2.Amount in local currency: got '1.23457E+11'" in err
    assert f"{bad}:row 3.Document Date: got '31.02.2026'" in err


def test_missing_export_and_bad_profile(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(
        ["age", str(tmp_path / "none.csv"), "--profile", "odoo", "--as-of", "2026-06-30"], capsys
    )
    assert code == 2
    assert "no such file" in err
    code, _, err = _run(
        ["age", str(DATA / "fbl5n_de.txt"), "--profile", "sap", "--as-of", "2026-06-30"], capsys
    )
    assert code == 2
    assert "sap-fbl5n" in err
    (tmp_path / "p.json").write_text('{"id": "x"}')
    code, _, err = _run(
        [
            "age",
            str(DATA / "fbl5n_de.txt"),
            "--profile",
            str(tmp_path / "p.json"),
            "--as-of",
            "2026-06-30",
        ],
        capsys,
    )
    assert code == 2
    assert "$.columns" in err
    code, _, err = _run(
        [
            "age",
            str(DATA / "fbl5n_de.txt"),
            "--profile",
            str(tmp_path / "q.json"),
            "--as-of",
            "2026-06-30",
        ],
        capsys,
    )
    assert code == 2
    assert "no such file" in err


def test_bytes_are_never_guessed_into_money() -> None:
    # a cp1252 file whose amount column holds a euro sign: refused, not stripped
    data = "\n".join([HEADER, "I-1;C;01.03.2026;31.03.2026;€ 5,00;EUR"]).encode("cp1252")
    [(field, value, _)] = _problems(data)
    assert (field, value) == ("in.csv:row 2.open", "€ 5,00")  # cp1252 read the euro sign


def test_ids_excel_turned_into_scientific_notation_are_refused() -> None:
    text = "\n".join(
        [
            HEADER,
            "1,8E+09;C1;01.03.2026;31.03.2026;5,00;EUR",
            "I-2;1.00002E+11;01.03.2026;31.03.2026;5,00;EUR",
        ]
    )
    problems = _problems(text)
    assert [(f, v) for f, v, _ in problems] == [
        ("in.csv:row 2.number", "1,8E+09"),
        ("in.csv:row 3.customer_id", "1.00002E+11"),
    ]
    assert all("scientific notation" in e for _, _, e in problems)


_junk = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=300),
    st.lists(
        st.sampled_from([HEADER, *ROWS, "", ";;;", "Total;;;;1,00;EUR", '"a;b"', "x;y"]), max_size=8
    ).map("\n".join),
)


@given(_junk, st.sampled_from(sorted(PROFILES)))
def test_junk_in_gets_only_the_librarys_errors_out(data: str | bytes, profile: str) -> None:
    try:
        read = read_export(data, profile=profile)
    except ValidationError:
        return
    _accounted(read)


def test_the_currency_of_an_export_without_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "fbl5n.txt"
    export.write_text(
        "Account;Document Number;Type;Document Date;Net Due Date;Amount in local currency\n"
        "1000;1800000012;RV;02.05.2026;01.06.2026;1.190,00\n",
        encoding="utf-8",
    )
    code, _, err = _run(
        ["age", str(export), "--profile", "sap-fbl5n", "--as-of", "2026-06-30"], capsys
    )
    assert code == 2
    assert "a currency column" in err
    code, out, err = _run(
        [
            "age",
            str(export),
            "--profile",
            "sap-fbl5n",
            "--currency",
            "CHF",
            "--as-of",
            "2026-06-30",
        ],
        capsys,
    )
    assert code == 0, err
    assert out.splitlines()[1] == "1000,CHF,0.00,1190.00,0.00,0.00,0.00,0.00,0.00,1190.00"


@given(
    st.lists(
        st.sampled_from([*ROWS, "", "Total;;;;1,00;EUR", "I-9;C;01.03.2026;;2,00;EUR"]), max_size=12
    ),
    st.integers(min_value=1, max_value=40),
    st.booleans(),
)
def test_lines_read_a_chunk_at_a_time_read_the_same(
    lines: list[str], chunk: int, final_break: bool
) -> None:
    text = "\n".join([HEADER, *lines]) + ("\n" if final_break else "")
    whole = read_export(text, profile="generic")
    saved = module._CHUNK
    module._CHUNK = chunk  # a file of many chunks, each cut at a line break
    try:
        pieces = read_export(text, profile="generic")
    finally:
        module._CHUNK = saved
    assert _items(pieces) == _items(whole)
    assert pieces.skipped == whole.skipped
    # a final line break ends the last line; it does not start an empty one
    assert pieces.rows == whole.rows == len(text.split("\n")) - text.endswith("\n")


def test_fbl5n_with_s4hana_labels() -> None:
    # S/4HANA names the same BSID fields Journal Entry, Journal Entry Type,
    # Amount in Company Code Currency and Company Code Currency.
    text = "\n".join(
        [
            (
                "Customer,Journal Entry,Journal Entry Type,Document Date,Net Due Date,"
                "Amount in Company Code Currency,Company Code Currency"
            ),
            "1000,1800000012,RV,05/02/2026,06/01/2026,1190.00,USD",
            "1000,1400000007,DZ,06/20/2026,06/20/2026,500.00-,USD",
        ]
    )
    read = read_export(text, profile="sap-fbl5n")
    assert read.columns.open_units.tolist() == [119000, -50000]
    assert read.columns.kind.tolist() == ["invoice", "payment"]
    assert read.columns.due_date.tolist() == [dt.date(2026, 6, 1), dt.date(2026, 6, 20)]
