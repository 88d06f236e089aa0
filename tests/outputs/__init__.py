"""Tests of the outputs: each opens what was written with a reader (openpyxl, pypdf).

The helpers here evaluate the two formulas the workbooks write the way a
spreadsheet does (doubles summed in order, then ``ROUND`` half away from zero),
so a test checks what Excel or LibreOffice would show, not only the formula text.
"""

from __future__ import annotations

import io
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import openpyxl

_ROUNDED_SUM = re.compile(r"^=ROUND\(SUM\(([A-Z]+)(\d+):([A-Z]+)(\d+)\),(\d+)\)$")


def open_workbook(data: bytes, *, data_only: bool = False) -> Any:
    """The workbook ``data`` holds, read by openpyxl."""
    return openpyxl.load_workbook(io.BytesIO(data), data_only=data_only)


def evaluate(sheet: Any, formula: str) -> Decimal:
    """``=ROUND(SUM(range), n)`` or ``=0`` as a spreadsheet computes it, as a Decimal."""
    if formula == "=0":
        return Decimal(0)
    found = _ROUNDED_SUM.match(formula)
    assert found, formula
    first, top, last, bottom, digits = found.groups()
    total = 0.0
    for row in sheet[f"{first}{top}:{last}{bottom}"]:
        for cell in row:
            value = cell.value
            if value is None:  # SUM skips blank cells
                continue
            if isinstance(value, str) and value.startswith("="):
                value = float(evaluate(sheet, value))  # a formula's result, as a double
            assert isinstance(value, int | float), (cell.coordinate, value)
            total += value
    return Decimal(repr(total)).quantize(Decimal(1).scaleb(-int(digits)), rounding=ROUND_HALF_UP)


def exact(value: float, digits: int) -> Decimal:
    """A number cell's value as the decimal it stands for, at ``digits`` decimals."""
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-digits))
