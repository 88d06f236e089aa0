"""Whom does each collector call first today, and what does the dunning run do with everyone?

:func:`dunning_workbook` writes a :class:`~receivables.dunning.DunningRun` and
its collector worklist (:func:`~receivables.dunning.worklist`) as an
``.xlsx`` file with two sheets:

- **Worklist**: the accounts to work, highest score first, with the amount
  overdue, the days, the next action and the promise status in words, and
  each component of the score in its own column, so the order explains
  itself;
- **Dunning run**: every customer's decision: outcome and action in words,
  level, template, the items dunned, the first day a waiting step may be
  taken, whether it needs approval, and the reasons.

Amounts are number cells in the currency's format, dates are date cells.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from receivables.dunning import DunningRun, WorklistEntry, worklist
from receivables.errors import ValidationError
from receivables.money import to_minor
from receivables.outputs.cells import (
    date_format,
    minor_cell,
    new_workbook,
    number_format,
    workbook_bytes,
)
from receivables.outputs.labels import words, yes_no

__all__ = ["RUN_COLUMNS", "WORKLIST_COLUMNS", "dunning_workbook"]

WORKLIST_COLUMNS: Final = (
    "rank", "customer", "name", "score", "overdue", "currency", "days_overdue", "outcome",
    "action", "promise", "points_amount", "points_age", "points_promise", "points_value",
)  # fmt: skip
"""The columns of the worklist sheet, by the key of their heading."""

RUN_COLUMNS: Final = (
    "customer", "name", "outcome", "action", "level", "template", "track", "currency",
    "overdue", "days_overdue", "items", "not_before", "needs_approval", "promise",
    "corrections", "reasons",
)  # fmt: skip
"""The columns of the dunning run sheet, by the key of their heading."""

_POINTS: Final = {
    "points_amount": "score_amount",
    "points_age": "score_age",
    "points_promise": "score_promise",
    "points_value": "score_value",
}


def _header(workbook: Any, sheet: Any, headings: Sequence[str]) -> None:
    fmt = workbook.add_format({"bold": True, "bg_color": "#D9D9D9", "border": 1, "text_wrap": True})
    sheet.write_row(0, 0, headings, fmt)
    sheet.set_row(0, 30)


def dunning_workbook(
    run: DunningRun,
    *,
    entries: Sequence[WorklistEntry] | None = None,
    locale: str = "en_US",
    names: Mapping[str, str] | None = None,
) -> bytes:
    """The worklist and the dunning run as an ``.xlsx`` file (see the module).

    ``entries`` is the worklist to show, by default ``worklist(run)`` (pass
    your own when it needs a policy, e.g. a reporting currency); ``names`` maps
    customer ids to names.

    >>> import datetime as dt
    >>> empty = DunningRun(as_of=dt.date(2026, 3, 2), strategy_id="s", strategy_version="1")
    >>> dunning_workbook(empty)[:2]
    b'PK'
    """
    if not isinstance(run, DunningRun):
        raise ValidationError("run", run, "a DunningRun")
    if names is not None and not isinstance(names, Mapping):
        raise ValidationError("names", names, "a mapping of customer id to name, or None")
    chosen = worklist(run) if entries is None else tuple(entries)
    for index, entry in enumerate(chosen):
        if not isinstance(entry, WorklistEntry):
            raise ValidationError(f"entries[{index}]", entry, "a WorklistEntry")
    workbook = new_workbook()
    formats = _Formats(workbook, locale)
    _worklist_sheet(formats, chosen, names or {})
    _run_sheet(formats, run, names or {})
    return workbook_bytes(workbook)


class _Formats:
    def __init__(self, workbook: Any, locale: str) -> None:
        self.workbook = workbook
        self.locale = locale
        self.words = words(locale)
        self.day = workbook.add_format({"num_format": date_format(locale)})
        self.points = workbook.add_format({"num_format": "0.0000"})
        self.wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
        self._money: dict[str, Any] = {}

    def money(self, currency: str) -> Any:
        if currency not in self._money:
            self._money[currency] = self.workbook.add_format(
                {"num_format": number_format(currency)}
            )
        return self._money[currency]


def _write(sheet: Any, row: int, column: int, value: object) -> None:
    if isinstance(value, int):
        sheet.write_number(row, column, value)
    elif value:
        sheet.write_string(row, column, str(value))


def _worklist_sheet(
    formats: _Formats, chosen: Sequence[WorklistEntry], known: Mapping[str, str]
) -> None:
    table = formats.words
    sheet = formats.workbook.add_worksheet(table["worklist"])
    _header(formats.workbook, sheet, [table[key] for key in WORKLIST_COLUMNS])
    for row, entry in enumerate(chosen, start=1):
        components = {reason.code: reason.data.get("points") for reason in entry.reasons}
        values: dict[str, Any] = {
            "rank": entry.rank,
            "customer": entry.customer_id,
            "name": known.get(entry.customer_id),
            "currency": entry.amount.code,
            "days_overdue": entry.days_overdue,
            "outcome": table[f"dunning_{entry.outcome.value}"],
            "action": table[f"action_{entry.action.value}"] if entry.action else None,
            "promise": table[f"promise_{entry.promise.value}"],
        }
        for column, key in enumerate(WORKLIST_COLUMNS):
            if key == "score":
                sheet.write_number(row, column, float(entry.score), formats.points)
            elif key == "overdue":
                amount = entry.amount
                field = f"{entry.customer_id}.amount"
                sheet.write_number(
                    row,
                    column,
                    minor_cell(to_minor(amount), amount.code, field=field),
                    formats.money(amount.code),
                )
            elif key in _POINTS:
                value = components.get(_POINTS[key])
                if value is not None:
                    sheet.write_number(row, column, float(value), formats.points)
            else:
                _write(sheet, row, column, values.get(key))
    sheet.freeze_panes(1, 2)
    sheet.autofilter(0, 0, max(len(chosen), 1), len(WORKLIST_COLUMNS) - 1)
    sheet.set_column(0, len(WORKLIST_COLUMNS) - 1, 14)


def _run_sheet(formats: _Formats, run: DunningRun, known: Mapping[str, str]) -> None:
    table = formats.words
    sheet = formats.workbook.add_worksheet(table["dunning_run"])
    _header(formats.workbook, sheet, [table[key] for key in RUN_COLUMNS])
    for row, decision in enumerate(run.decisions, start=1):
        values = {
            "customer": decision.customer_id,
            "name": known.get(decision.customer_id),
            "outcome": table[f"dunning_{decision.outcome.value}"],
            "action": table[f"action_{decision.action.value}"] if decision.action else None,
            "level": decision.level,
            "template": decision.template,
            "track": decision.track,
            "currency": decision.currency,
            "days_overdue": decision.days_overdue,
            "items": ", ".join(decision.items),
            "needs_approval": yes_no(decision.needs_approval, formats.locale),
            "promise": table[f"promise_{decision.promise.value}"],
            "corrections": ", ".join(decision.corrections),
            "reasons": " ".join(reason.message for reason in decision.reasons),
        }
        for column, key in enumerate(RUN_COLUMNS):
            if key == "overdue":
                amount = decision.overdue
                field = f"{decision.customer_id}.overdue"
                sheet.write_number(
                    row,
                    column,
                    minor_cell(to_minor(amount), amount.code, field=field),
                    formats.money(amount.code),
                )
            elif key == "not_before":
                if decision.not_before is not None:
                    sheet.write_datetime(row, column, decision.not_before, formats.day)
            else:
                _write(sheet, row, column, values.get(key))
    sheet.freeze_panes(1, 1)
    sheet.autofilter(0, 0, max(len(run.decisions), 1), len(RUN_COLUMNS) - 1)
    sheet.set_column(0, len(RUN_COLUMNS) - 2, 14)
    sheet.set_column(len(RUN_COLUMNS) - 1, len(RUN_COLUMNS) - 1, 60, formats.wrap)
