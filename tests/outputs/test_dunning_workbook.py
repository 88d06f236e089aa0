"""The collector worklist and the dunning run as a workbook: words, numbers, dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from receivables.documents import Customer
from receivables.dunning import (
    CollectionStrategy,
    DunningAccount,
    DunningRun,
    DunningStep,
    Level,
    Outcome,
    Track,
    WorklistPolicy,
    run,
    worklist,
)
from receivables.errors import ValidationError
from receivables.ledger import ItemKind, OpenItem
from receivables.money import money
from receivables.outputs.dunning_workbook import RUN_COLUMNS, WORKLIST_COLUMNS, dunning_workbook
from receivables.outputs.labels import words
from tests.outputs import open_workbook

D = dt.date
STRATEGY = CollectionStrategy(
    id="collections",
    version="1",
    tracks=[
        Track(
            name="default",
            levels=[
                Level(action="email", days_overdue=1, template="reminder", min_interval_days=7),
                Level(action="call", days_overdue=15, template="call_script"),
                Level(action="letter", days_overdue=30, template="final", needs_approval=True),
            ],
        )
    ],
)


def _item(number: str, customer: str, due: dt.date, amount: str) -> OpenItem:
    return OpenItem(number=number, customer_id=customer, kind=ItemKind.INVOICE,
                    document_date=D(2026, 1, 1), due_date=due,
                    original=money(amount, "USD"), open=money(amount, "USD"))  # fmt: skip


@pytest.fixture
def dunning() -> DunningRun:
    """On 3 Feb 2026: C1 500.00 is 3 days late (level 1, email); C2 1,350.49 is 33 days late
    after an email and a call (level 3, a letter that needs approval); C3 owes nothing overdue.

    Worklist scores (default policy: log10(1 + amount) + days/30, 4 decimals each):
    C2 log10(1351.49) = 3.1308, 33/30 = 1.1000 → 4.2308; C1 log10(501) = 2.6998, 3/30 = 0.1000 → 2.7998.
    """
    accounts = [
        DunningAccount(customer=Customer(id="C1", name="Acme"),
                       items=[_item("INV-1", "C1", D(2026, 1, 31), "500.00")]),
        DunningAccount(customer=Customer(id="C2", name="Bolt"),
                       items=[_item("INV-2", "C2", D(2026, 1, 1), "1250.50"),
                              _item("INV-3", "C2", D(2026, 2, 1), "99.99")],
                       steps=[DunningStep(level=1, action="email", on=D(2026, 1, 5)),
                              DunningStep(level=2, action="call", on=D(2026, 1, 20))]),
        DunningAccount(customer=Customer(id="C3", name="Café"),
                       items=[_item("INV-4", "C3", D(2026, 3, 31), "10.00")]),
    ]  # fmt: skip
    return run(accounts, as_of=D(2026, 2, 3), strategy=STRATEGY)


def _rows(sheet: Any) -> list[dict[str, Any]]:
    header = [c.value for c in sheet[1]]
    return [
        dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)
    ]


def test_worklist_sheet_ranks_with_every_score_component(dunning: DunningRun) -> None:
    book = open_workbook(dunning_workbook(dunning, names={"C1": "Acme", "C2": "Bolt"}))
    assert book.sheetnames == ["Worklist", "Dunning run"]
    sheet = book["Worklist"]
    assert [c.value for c in sheet[1]] == [words("en_US")[key] for key in WORKLIST_COLUMNS]
    first, second = _rows(sheet)
    assert first == {
        "Rank": 1, "Customer": "C2", "Name": "Bolt", "Score": 4.2308, "Overdue": 1350.49,
        "Currency": "USD", "Days overdue": 33, "Outcome": "Act now", "Next action": "Letter",
        "Promise": "No promise", "Points: amount": 3.1308, "Points: age": 1.1,
        "Points: promise": 0.0, "Points: customer value": 0.0,
    }  # fmt: skip
    assert (second["Customer"], second["Score"], second["Next action"]) == ("C1", 2.7998, "Email")
    assert sheet["E2"].number_format == "#,##0.00;[Red]-#,##0.00"
    assert sheet.freeze_panes == "C2"
    assert sheet.auto_filter.ref == "A1:N3"


def test_run_sheet_has_every_customer_in_words(dunning: DunningRun) -> None:
    sheet = open_workbook(dunning_workbook(dunning))["Dunning run"]
    assert [c.value for c in sheet[1]] == [words("en_US")[key] for key in RUN_COLUMNS]
    c1, c2, c3 = _rows(sheet)
    assert (c1["Outcome"], c1["Next action"], c1["Level"], c1["Template"]) == (
        "Act now", "Email", 1, "reminder",
    )  # fmt: skip
    assert c2["Items"] == "INV-2, INV-3"
    assert c2["Needs approval"] == "Yes"
    assert c2["Overdue"] == 1350.49
    assert c2["Why"] == (
        "33 days and 1350.49 USD overdue reach level 3 (letter) of track 'default'. "
        "Level 3 (letter) needs approval."
    )
    assert (c3["Outcome"], c3["Next action"], c3["Overdue"]) == ("Nothing due", None, 0.0)


def test_spanish_and_a_waiting_step_with_its_date(dunning: DunningRun) -> None:
    import attrs

    waiting = attrs.evolve(
        dunning,
        decisions=(
            attrs.evolve(dunning.decisions[0], outcome=Outcome.WAIT, not_before=D(2026, 2, 9)),
        ),
    )
    book = open_workbook(dunning_workbook(waiting, locale="es_CO", entries=()))
    assert book.sheetnames == ["Lista de gestión", "Corrida de cobranza"]
    sheet = book["Corrida de cobranza"]
    (row,) = _rows(sheet)
    assert row["Resultado"] == "Pendiente, aún no permitido"
    assert row["Siguiente acción"] == "Correo electrónico"
    assert row["No antes del"].date() == D(2026, 2, 9)
    header = [c.value for c in sheet[1]]
    assert sheet.cell(2, header.index("No antes del") + 1).number_format == "d/mm/yyyy"
    assert row["Requiere aprobación"] == "No"


def test_a_worklist_of_your_own(dunning: DunningRun) -> None:
    entries = worklist(dunning, policy=WorklistPolicy(age_weight=0))
    sheet = open_workbook(dunning_workbook(dunning, entries=entries))["Worklist"]
    assert [r["Points: age"] for r in _rows(sheet)] == [0.0, 0.0]


def test_bad_input(dunning: DunningRun) -> None:
    with pytest.raises(ValidationError, match="a DunningRun"):
        dunning_workbook(dunning.decisions)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"entries\[0\]"):
        dunning_workbook(dunning, entries=dunning.decisions)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="names"):
        dunning_workbook(dunning, names=["Acme"])  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="locale"):
        dunning_workbook(dunning, locale="xx_YY")
