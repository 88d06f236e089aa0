"""Charts from plain data: right bars, exact localized labels, clear errors (Agg, no display)."""

from __future__ import annotations

import datetime as dt
import io
import sys
from decimal import Decimal

import matplotlib
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from receivables.errors import ValidationError
from receivables.formatting import format_money
from receivables.frames import OptionalDependencyError
from receivables.money import money
from receivables.plots import aging_chart, dso_chart, outcomes_chart

matplotlib.use("Agg")

D = dt.date


def heights(ax: object) -> list[float]:
    return [patch.get_height() for patch in ax.patches]  # type: ignore[attr-defined]


def test_aging_from_a_mapping_of_money() -> None:
    buckets = {
        "current": money("1234567.89", "COP"),
        "1-30": money("250000", "COP"),
        "over 90": money("0", "COP"),
    }
    ax = aging_chart(buckets, currency="COP", locale="es_CO", title="Cartera")
    assert heights(ax) == [1234567.89, 250000.0, 0.0]
    assert [t.get_text() for t in ax.texts] == [format_money(v, "es_CO") for v in buckets.values()]
    assert [t.get_text() for t in ax.get_xticklabels()] == list(buckets)
    assert ax.get_title() == "Cartera"
    ax.figure.savefig(io.BytesIO(), format="png")  # it renders


def test_aging_from_a_frame_and_without_currency() -> None:
    frame = pd.DataFrame({"bucket": ["current", "1-30"], "amount": [Decimal("10.5"), 3]})
    ax = aging_chart(frame, locale="es_CO")
    assert [t.get_text() for t in ax.texts] == ["10,5", "3"]


def test_drawing_on_a_given_axes() -> None:
    from matplotlib.figure import Figure

    figure = Figure()
    left, right = figure.subplots(1, 2)
    assert aging_chart({"current": 1}, ax=left) is left
    assert outcomes_chart({"matched": 1}, ax=right) is right


def test_dso_trend_sorted_by_date_with_target() -> None:
    frame = pd.DataFrame(
        {
            "date": pd.to_datetime(["2026-03-31", "2026-01-31", "2026-02-28"]),
            "dso": [Decimal("41.2"), 48, 45.0],
        }
    )
    ax = dso_chart(frame, target=45, locale="en_US")
    line, target = ax.lines
    assert list(line.get_ydata()) == [48.0, 45.0, 41.2]
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "Jan 31, 2026",
        "Feb 28, 2026",
        "Mar 31, 2026",
    ]
    assert list(target.get_ydata()) == [45.0, 45.0]
    assert len(dso_chart({D(2026, 1, 31): 40}).lines) == 1


def test_outcomes_counts_and_cash() -> None:
    ax = outcomes_chart(
        pd.DataFrame({"outcome": ["matched", "suggested", "unmatched"], "value": [7, 2, 1]}),
        locale="es_MX",
    )
    assert [t.get_text() for t in ax.texts] == ["7 (70.0%)", "2 (20.0%)", "1 (10.0%)"]
    assert [p.get_width() for p in ax.patches] == [7.0, 2.0, 1.0]
    cash = outcomes_chart(
        [("matched", money("750.00", "USD")), ("unmatched", money("250.00", "USD"))],
        currency="USD",
        locale="es_PR",
    )
    assert [t.get_text() for t in cash.texts] == ["$750.00 (75.0%)", "$250.00 (25.0%)"]
    zero = outcomes_chart({"matched": 0})
    assert [t.get_text() for t in zero.texts] == ["0 (0.0%)"]


def test_errors() -> None:
    with pytest.raises(ValidationError, match="buckets"):
        aging_chart({})
    with pytest.raises(ValidationError, match="buckets"):
        aging_chart("current")
    with pytest.raises(ValidationError, match=r"buckets\.columns"):
        aging_chart(pd.DataFrame({"label": ["a"], "amount": [1]}))
    with pytest.raises(ValidationError, match=r"buckets\['current'\]"):
        aging_chart({"current": 1.5})
    with pytest.raises(ValidationError, match=r"buckets\['current'\]"):
        aging_chart({"current": Decimal("1.005")}, currency="USD")
    with pytest.raises(ValidationError, match=r"buckets\['current'\]\.currency"):
        aging_chart({"current": money("1", "EUR")}, currency="USD")
    with pytest.raises(ValidationError, match="locale"):
        aging_chart({"current": 1}, locale="xx")
    with pytest.raises(ValidationError, match="points"):
        dso_chart([])
    with pytest.raises(ValidationError, match=r"points\[0\]\.date"):
        dso_chart([("2026-01-31", 40)])
    with pytest.raises(ValidationError, match=r"points\[0\]\.dso"):
        dso_chart([(D(2026, 1, 31), "40")])
    with pytest.raises(ValidationError, match="target"):
        dso_chart([(D(2026, 1, 31), 40)], target=45.0)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="outcomes"):
        outcomes_chart({"matched": -1})
    with pytest.raises(ValidationError, match="outcomes"):
        outcomes_chart({"matched": Decimal("1.5")})
    with pytest.raises(ValidationError, match="outcomes"):
        outcomes_chart([])


def test_without_matplotlib_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    with pytest.raises(OptionalDependencyError, match=r"receivables\[plot\]"):
        aging_chart({"current": 1})


@pytest.mark.parametrize("value", [Decimal("NaN"), "nan", Decimal("Infinity"), "-inf"])
def test_a_non_finite_amount_is_rejected(value: object) -> None:
    with pytest.raises(ValidationError, match=r"buckets\['current'\]"):
        aging_chart({"current": value})


# Fewer examples than the CI profile's 150: each example draws a matplotlib figure.
@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text("abcdefghij-0123456789 ", min_size=1, max_size=8),
            st.decimals(0, 10**9, places=2, allow_nan=False),
        ),
        min_size=1,
        max_size=6,
        unique_by=lambda pair: pair[0],
    )
)
def test_bars_and_labels_are_the_input(pairs: list[tuple[str, Decimal]]) -> None:
    buckets = {label: money(amount, "USD") for label, amount in pairs}
    ax = aging_chart(buckets, currency="USD", locale="es_CO")
    assert heights(ax) == [float(amount) for _, amount in pairs]
    assert [t.get_text() for t in ax.get_xticklabels()] == [label for label, _ in pairs]
    assert [t.get_text() for t in ax.texts] == [format_money(m, "es_CO") for m in buckets.values()]
    ax.figure.clear()


def test_charts_never_touch_pyplot(monkeypatch: pytest.MonkeyPatch) -> None:
    """No plt.show(), no global figure: pyplot may not even be importable."""
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    assert heights(aging_chart({"current": 5})) == [5.0]
    assert len(dso_chart({D(2026, 1, 31): 40}).lines) == 1
    assert [p.get_width() for p in outcomes_chart({"applied": 3}).patches] == [3.0]


def test_money_in_two_currencies_never_shares_a_chart() -> None:
    # Found in review: without currency=, USD and COP bars were drawn (and summed) together.
    mixed = {"current": money("10.00", "USD"), "1-30": money("5000", "COP")}
    with pytest.raises(ValidationError, match=r"buckets\.currency"):
        aging_chart(mixed)
    with pytest.raises(ValidationError, match=r"outcomes\.currency"):
        outcomes_chart(mixed)
    # one currency is read from the Money itself
    ax = aging_chart({"current": money("1200.50", "USD")})
    assert [t.get_text() for t in ax.texts] == ["$1,200.50"]
