"""Readers' shared results: every problem at once, with where it is; sources of any kind."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from receivables.documents import Payment
from receivables.errors import ValidationError
from receivables.money import money
from receivables.readers.results import Problems, ReadResult, read_bytes, read_text


def test_problems_name_source_line_or_xpath_and_field() -> None:
    problems = Problems("lockbox.txt")
    assert not problems
    problems.add(4, "amount", "12x", "digits")
    problems.add("/Document/Stmt[1]", "Amt", "1,0", "a decimal amount")
    problems.absorb(9, "", ValidationError("payment.amount", "0", "a positive amount"))
    problems.add(0, "currency", "XYZ", "an ISO 4217 code")
    assert problems
    with pytest.raises(ValidationError) as caught:
        problems.raise_if_any()
    assert [p.field for p in caught.value.problems] == [
        "lockbox.txt:4:amount",
        "lockbox.txt:/Document/Stmt[1]/Amt",
        "lockbox.txt:9:payment.amount",
        "lockbox.txt:currency",
    ]
    assert caught.value.field == "lockbox.txt"
    Problems("empty").raise_if_any()  # nothing to report: no error


def test_sources_are_text_bytes_or_file_objects() -> None:
    assert read_bytes(io.BytesIO(b"abc"), "f") == b"abc"
    assert read_bytes(io.StringIO("é"), "f") == "é".encode()
    assert read_text(io.StringIO("\ufeffabc"), "f") == "abc"
    assert read_text(io.BytesIO(b"caf\xe9"), "f", encodings=("utf-8", "cp1252")) == "café"
    with pytest.raises(ValidationError, match="text, bytes or an open file"):
        read_bytes(12, "f")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="at most 2 bytes"):
        read_text(io.StringIO("abc"), "f", max_bytes=2)
    with pytest.raises(ValidationError, match=r"f:3: got '0xff'"):
        read_text(b"a\nb\n\xff", "f")


def test_totals_are_per_currency() -> None:
    day = dt.date(2026, 1, 2)
    result = ReadResult(
        source="s",
        format="mt940",
        payments=(
            Payment(id="1", amount=money("1.10", "USD"), received_date=day),
            Payment(id="2", amount=money("5", "EUR"), received_date=day),
            Payment(id="3", amount=money("2.20", "USD"), received_date=day),
        ),
    )
    assert result.totals() == {"EUR": money("5.00", "EUR"), "USD": money("3.30", "USD")}
