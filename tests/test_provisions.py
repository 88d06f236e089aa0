"""Provisions: IFRS 9's provision matrix example, roll-rate loss rates, the adjusting entry."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables.errors import CurrencyMismatchError, PolicyError, ValidationError
from receivables.journal import AccountMap
from receivables.money import Money, from_minor, money, to_minor
from receivables.provisions import (
    LossRate,
    ProvisionMatrix,
    adjust_allowance,
    provision,
    roll_rates,
)
from tests.strategies import amounts

IFRS9_LABELS = ("current", "1-30", "31-60", "61-90", "over 90")


def cu(value: str | int) -> Money:
    return money(value, "EUR")  # IFRS examples are in "currency units"; any 2-digit currency


def test_ifrs9_example_12_provision_matrix() -> None:
    # IFRS 9 Illustrative Examples IE183-IE186, Example 12 "Provision matrix": Company M has
    # CU30 million of trade receivables and this matrix of lifetime expected credit loss rates:
    #   current 0.3% x 15,000,000 = 45,000      1-30 days 1.6% x 7,500,000 = 120,000
    #   31-60   3.6% x  4,000,000 = 144,000     61-90     6.6% x 2,500,000 = 165,000
    #   >90    10.6% x  1,000,000 = 106,000     total allowance 580,000 on 30,000,000.
    # Recomputed here; the published figures are exact (no rounding involved).
    matrix = ProvisionMatrix(
        rates=[LossRate(label, Decimal(rate)) for label, rate in
               zip(IFRS9_LABELS, ("0.003", "0.016", "0.036", "0.066", "0.106"), strict=True)],
        id="ifrs9-ie-example-12",
    )  # fmt: skip
    balances = dict(
        zip(
            IFRS9_LABELS,
            (cu(15000000), cu(7500000), cu(4000000), cu(2500000), cu(1000000)),
            strict=True,
        )
    )
    result = provision(balances, matrix)
    assert [line.allowance for line in result.lines] == [
        cu(45000), cu(120000), cu(144000), cu(165000), cu(106000)
    ]  # fmt: skip
    assert result.allowance == cu(580000)
    assert result.balance == cu(30000000)
    assert result.outcome == result.allowance
    assert result.coverage.quantize(Decimal("0.0001")) == Decimal("0.0193")
    assert (result.policy_id, result.policy_version) == ("ifrs9-ie-example-12", "1")
    assert result.reasons[0].code == "provision_matrix_applied"


COHORT_LABELS = ["not overdue", "1-30", "31-60", "61-90", "91+"]


def test_loss_rates_from_migration_ifrscommunity_example() -> None:
    # IFRScommunity.com, "IFRS 9 example: lifetime ECL for trade receivables using a provision
    # matrix": January sales of 100,000; 50,000 still open when 1-30 days overdue, 23,000 at
    # 31-60, 8,000 at 61-90 and 2,000 at 91+ never paid. As snapshots one month apart, the roll
    # rates are 0.5, 0.46, 8/23, 0.25 and 1 (to write-off); the loss rates, products of the
    # rolls to write-off, are 2.0%, 4.0%, 8.7% (2/23 = 8.6957%), 25% and 100%.
    history = [
        {"not overdue": cu(100000)},
        {"1-30": cu(50000)},
        {"31-60": cu(23000)},
        {"61-90": cu(8000)},
        {"91+": cu(2000)},
        {},
    ]
    analysis = roll_rates(history, [cu(0)] * 4 + [cu(2000)], COHORT_LABELS)
    assert [r.rate for r in analysis.roll_rates][:2] == [Decimal("0.5"), Decimal("0.46")]
    assert [r.target for r in analysis.roll_rates][-1] == "write_off"
    rates = [rate.rate.quantize(Decimal("0.0001")) for rate in analysis.loss_rates]
    assert rates == [
        Decimal("0.0200"),
        Decimal("0.0400"),
        Decimal("0.0870"),
        Decimal("0.2500"),
        Decimal(1),
    ]
    assert analysis.periods == 5
    # Its allowance at 31 December: 300,000 / 140,000 / 60,000 / 23,000 / 5,000 in those buckets
    # -> 6,000 + 5,600 + 5,217.39 + 5,750 + 5,000 = 27,567.39. The publication shows 5,217 and
    # 27,567: the same figures rounded to whole units.
    balances = dict(
        zip(COHORT_LABELS, (cu(300000), cu(140000), cu(60000), cu(23000), cu(5000)), strict=True)
    )
    result = provision(balances, analysis.matrix(id="b2c", version="2025-12"))
    assert [line.allowance for line in result.lines] == [
        cu(6000), cu(5600), cu("5217.39"), cu(5750), cu(5000)
    ]  # fmt: skip
    assert result.allowance == cu("27567.39")


def test_forward_looking_adjustment_scales_and_caps() -> None:
    history = [{"a": cu(1000)}, {"a": cu(1000), "b": cu(400)}, {"a": cu(1000), "b": cu(400)}]
    base = roll_rates(history, [cu(0), cu(200)], ["a", "b"])
    # a -> b: (400 + 400) / (1000 + 1000) = 0.4; b -> write-off: 200 / (0 + 400) = 0.5
    assert [r.rate for r in base.loss_rates] == [Decimal("0.2"), Decimal("0.5")]
    worse = roll_rates(history, [cu(0), cu(200)], ["a", "b"], adjustment=Decimal("0.2"))
    assert [r.rate for r in worse.loss_rates] == [Decimal("0.24"), Decimal("0.6")]
    assert worse.historical == base.loss_rates
    capped = roll_rates(history, [cu(0), cu(200)], ["a", "b"], adjustment=Decimal(3))
    assert [r.rate for r in capped.loss_rates] == [Decimal("0.8"), Decimal(1)]


def test_roll_rates_above_one_are_capped_unless_asked() -> None:
    # balances arriving in "b" that did not come from "a" (e.g. a dispute reclassified)
    history = [{"a": cu(100)}, {"b": cu(300)}]
    capped = roll_rates(history, [cu(0)], ["a", "b"])
    assert capped.roll_rates[0].observed == 3
    assert capped.roll_rates[0].rate == 1
    raw = roll_rates(history, [cu(0)], ["a", "b"], cap=False)
    assert raw.roll_rates[0].rate == 3
    assert raw.roll_rates[1].rate == 0  # nothing was in "b" at the start: no base, rate 0


snapshot = st.fixed_dictionaries(
    {},
    optional={label: amounts("USD", min_units=0, max_units=10**9) for label in ("a", "b", "c")},
)


@given(st.lists(snapshot, min_size=2, max_size=8), st.data())
def test_loss_rates_are_rates_that_grow_with_age(history: list, data: st.DataObject) -> None:
    write_offs = data.draw(
        st.lists(amounts("USD", min_units=0, max_units=10**9), min_size=len(history) - 1,
                 max_size=len(history) - 1)
    )  # fmt: skip
    analysis = roll_rates(history, write_offs, ["a", "b", "c"])
    rates = [rate.rate for rate in analysis.loss_rates]
    assert all(0 <= rate <= 1 for rate in rates)
    assert rates == sorted(rates)  # each is its roll rate (<= 1) times the next one


@given(
    st.lists(st.integers(0, 10**12), min_size=1, max_size=8),
    st.lists(st.decimals(0, 1, places=6), min_size=8, max_size=8),
    st.sampled_from(["USD", "JPY", "BHD"]),
)
def test_bucket_allowances_sum_to_the_total(
    units: list[int], rates: list[Decimal], currency: str
) -> None:
    labels = [f"b{i}" for i in range(len(units))]
    matrix = ProvisionMatrix(
        rates=[LossRate(label, rate) for label, rate in zip(labels, rates, strict=False)]
    )
    result = provision(
        {label: from_minor(u, currency) for label, u in zip(labels, units, strict=True)}, matrix
    )
    parts = [to_minor(line.allowance) for line in result.lines]
    assert sum(parts) == to_minor(result.allowance)
    exact = sum((Decimal(u) * r for u, r in zip(units, rates, strict=False)), Decimal(0))
    assert abs(to_minor(result.allowance) - exact) <= Decimal("0.5")
    for part, u, r in zip(parts, units, rates, strict=False):
        product = Decimal(u) * r
        assert math.floor(product) <= part <= math.ceil(product)  # floor or ceiling of its product
        assert 0 <= part <= u


ACCOUNTS = AccountMap({"bad_debt_expense": "6100", "allowance": "1290"})
MARCH = dt.date(2026, 3, 31)


def test_allowance_increase_release_and_unchanged() -> None:
    up = adjust_allowance(cu(500000), cu(580000), date=MARCH, accounts=ACCOUNTS)
    assert (up.outcome, up.amount) == ("increase", cu(80000))
    assert up.entry is not None
    assert [(line.account, line.debit, line.credit) for line in up.entry.lines] == [
        ("6100", cu(80000), cu(0)),
        ("1290", cu(0), cu(80000)),
    ]
    assert up.reasons[0].code == "allowance_increase"
    down = adjust_allowance(cu(580000), cu("579999.99"), date=MARCH, accounts=ACCOUNTS)
    assert (down.outcome, down.amount) == ("release", cu("0.01"))
    assert down.entry is not None
    assert [(line.account, line.debit, line.credit) for line in down.entry.lines] == [
        ("1290", cu("0.01"), cu(0)),
        ("6100", cu(0), cu("0.01")),
    ]
    same = adjust_allowance(cu(1), cu(1), date=MARCH, accounts=ACCOUNTS)
    assert (same.outcome, same.entry, same.reasons[0].code) == (
        "unchanged",
        None,
        "allowance_unchanged",
    )


@given(amounts("USD", min_units=0), amounts("USD", min_units=0))
def test_adjusting_entry_moves_the_allowance_exactly(previous: Money, new: Money) -> None:
    result = adjust_allowance(previous, new, date=MARCH, accounts=ACCOUNTS)
    sign = {"increase": 1, "release": -1, "unchanged": 0}[result.outcome]
    assert to_minor(previous) + sign * to_minor(result.amount) == to_minor(new)
    if result.entry is not None:
        debits, credits = result.entry.totals_units()["USD"]
        assert debits == credits == to_minor(result.amount)


@pytest.mark.parametrize(
    ("rate", "field"),
    [(0.5, "loss_rate.rate"), ("1.01", "loss_rate.rate"), (-1, "loss_rate.rate"),
     ("NaN", "loss_rate.rate"), ("half", "loss_rate.rate"), (True, "loss_rate.rate")],
)  # fmt: skip
def test_bad_loss_rates(rate: object, field: str) -> None:
    with pytest.raises(PolicyError, match=field):
        LossRate("a", rate)  # type: ignore[arg-type]


def test_bad_matrices() -> None:
    with pytest.raises(PolicyError, match="rates"):
        ProvisionMatrix(rates=[])
    with pytest.raises(PolicyError, match=r"rates\[0\]"):
        ProvisionMatrix(rates=["a"])  # type: ignore[list-item]
    with pytest.raises(PolicyError, match=r"rates\[0\]\.label"):
        ProvisionMatrix(rates=[LossRate(" ", 0)])
    with pytest.raises(PolicyError, match=r"policy\.version"):
        ProvisionMatrix(rates=[LossRate("a", 0)], version="")
    matrix = ProvisionMatrix(rates=[LossRate("a", "0.1")])
    assert matrix.rate("a") == Decimal("0.1")
    with pytest.raises(ValidationError, match="label"):
        matrix.rate("b")


def test_bad_balances() -> None:
    matrix = ProvisionMatrix(rates=[LossRate("a", "0.1"), LossRate("b", "0.2")])
    with pytest.raises(ValidationError, match="balances"):
        provision({"a": cu(1)}, matrix)
    with pytest.raises(ValidationError, match="balances"):
        provision({"a": cu(1), "b": cu(1), "c": cu(1)}, matrix)
    with pytest.raises(ValidationError, match=r"balances\[b\]"):
        provision({"a": cu(1), "b": cu(-1)}, matrix)
    with pytest.raises(ValidationError, match=r"balances\[a\]"):
        provision({"a": "1", "b": cu(1)}, matrix)  # type: ignore[dict-item]
    with pytest.raises(CurrencyMismatchError):
        provision({"a": cu(1), "b": money(1, "USD")}, matrix)
    with pytest.raises(ValidationError, match="matrix"):
        provision({"a": cu(1)}, {"a": Decimal(1)})  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="balances"):
        provision([cu(1), cu(1)], matrix)  # type: ignore[arg-type]
    zero = provision({"a": cu(0), "b": cu("0.01")}, matrix)
    assert zero.allowance == cu(0)
    assert zero.coverage == 0
    assert provision({"a": cu(0), "b": cu(0)}, matrix).coverage == 0


def test_bad_histories() -> None:
    two = [{"a": cu(1)}, {"a": cu(1)}]
    with pytest.raises(ValidationError, match="labels"):
        roll_rates(two, [cu(0)], [])
    with pytest.raises(ValidationError, match="labels"):
        roll_rates(two, [cu(0)], ["a", "a"])
    with pytest.raises(ValidationError, match="snapshots"):
        roll_rates(two[:1], [], ["a"])
    with pytest.raises(ValidationError, match="write_offs"):
        roll_rates(two, [], ["a"])
    with pytest.raises(ValidationError, match="adjustment"):
        roll_rates(two, [cu(0)], ["a"], adjustment=0.1)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="adjustment"):
        roll_rates(two, [cu(0)], ["a"], adjustment=Decimal(-2))
    for endless in ("NaN", "Infinity", "-Infinity"):  # found in review: decimal.InvalidOperation
        with pytest.raises(ValidationError, match="adjustment"):
            roll_rates(two, [cu(0)], ["a"], adjustment=Decimal(endless))
    with pytest.raises(ValidationError, match=r"snapshots\[1\]"):
        roll_rates([{"a": cu(1)}, {"z": cu(1)}], [cu(0)], ["a"])
    with pytest.raises(ValidationError, match=r"snapshots\[0\]\[a\]"):
        roll_rates([{"a": cu(-1)}, {}], [cu(0)], ["a"])
    with pytest.raises(ValidationError, match=r"write_offs\[0\]"):
        roll_rates(two, [cu(-1)], ["a"])
    with pytest.raises(CurrencyMismatchError):
        roll_rates(two, [money(0, "USD")], ["a"])
    with pytest.raises(CurrencyMismatchError):
        roll_rates([{"a": cu(1)}, {"a": money(1, "USD")}], [cu(0)], ["a"])
    # Found in review: shapes other than sequences and mappings raised TypeError/AttributeError.
    with pytest.raises(ValidationError, match="cap"):
        roll_rates(two, [cu(0)], ["a"], cap="no")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="labels"):
        roll_rates(two, [cu(0)], "a")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="snapshots"):
        roll_rates(5, [cu(0)], ["a"])  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="write_offs"):
        roll_rates(two, cu(0), ["a"])  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"snapshots\[1\]"):
        roll_rates([{"a": cu(1)}, [cu(1)]], [cu(0)], ["a"])  # type: ignore[list-item]


def test_bad_allowances() -> None:
    with pytest.raises(ValidationError, match="previous"):
        adjust_allowance(cu(-1), cu(1), date=MARCH, accounts=ACCOUNTS)
    with pytest.raises(ValidationError, match="new"):
        adjust_allowance(cu(1), 2, date=MARCH, accounts=ACCOUNTS)  # type: ignore[arg-type]
    with pytest.raises(CurrencyMismatchError):
        adjust_allowance(cu(1), money(2, "USD"), date=MARCH, accounts=ACCOUNTS)
    with pytest.raises(ValidationError, match=r"account_map\.allowance"):
        adjust_allowance(
            cu(1), cu(2), date=MARCH, accounts=AccountMap({"bad_debt_expense": "6100"})
        )


def test_published_rounding_of_a_half_unit() -> None:
    # faqifrs.com / annualreporting.info, "Step 6 Apply the provision matrix" (Company T, a
    # EUR 30,000 portfolio): "61-90 days past due, 4.5%, 2,500 -> 112". Recomputed,
    # 2,500 x 4.5% = 112.50: the publication shows whole euros and drops the half (rounding
    # half to even, or truncating). In cents nothing is lost; in a whole-unit currency the
    # half rounds away from zero, to 113. The other rows recompute exactly:
    # 15,000 x 0.5% = 75, 7,500 x 2.2% = 165, 4,000 x 2.7% = 108.
    rows = {"current": "0.005", "1-30": "0.022", "31-60": "0.027", "61-90": "0.045"}
    matrix = ProvisionMatrix(rates=[LossRate(label, rate) for label, rate in rows.items()])
    amounts_ = dict(zip(rows, (15000, 7500, 4000, 2500), strict=True))
    in_cents = provision({k: cu(v) for k, v in amounts_.items()}, matrix)
    assert [line.allowance for line in in_cents.lines] == [cu(75), cu(165), cu(108), cu("112.50")]
    whole = provision({k: money(v, "JPY") for k, v in amounts_.items()}, matrix)
    assert whole.lines[3].allowance == money(113, "JPY")
    assert whole.allowance == money(461, "JPY")  # 460.5 rounded half away from zero


def test_a_matrix_is_plain_data_for_cattrs() -> None:
    import cattrs

    converter = cattrs.Converter()
    converter.register_structure_hook(Decimal, lambda value, _: Decimal(value))
    converter.register_unstructure_hook(Decimal, str)
    matrix = ProvisionMatrix(rates=[LossRate("current", "0.003"), LossRate("late", "0.5")], id="m")
    data = converter.unstructure(matrix)
    assert data == {
        "rates": [{"label": "current", "rate": "0.003"}, {"label": "late", "rate": "0.5"}],
        "id": "m",
        "version": "1",
    }
    assert converter.structure(data, ProvisionMatrix) == matrix


def test_a_bucket_with_no_history_has_a_zero_roll_rate_not_a_division_by_zero() -> None:
    # "31-60" holds nothing in the first two snapshots: its base is zero, so its roll rate
    # is defined as 0 (documented), and so is the loss rate of every bucket rolling through it.
    history = [{"current": cu(1000)}, {"1-30": cu(400)}, {"current": cu(1000), "31-60": cu(100)}]
    analysis = roll_rates(history, [cu(0), cu(0)], ["current", "1-30", "31-60"])
    by_source = {roll.source: roll for roll in analysis.roll_rates}
    assert by_source["current"].rate == Decimal("0.4")  # 400 / (1000 + 0)
    assert by_source["1-30"].rate == Decimal("0.25")  # 100 / (0 + 400)
    assert by_source["31-60"].base == cu(0)
    assert (by_source["31-60"].observed, by_source["31-60"].rate) == (0, 0)
    assert [rate.rate for rate in analysis.loss_rates] == [0, 0, 0]
    # all-zero history: every rate is 0, and the matrix still provisions (nothing)
    empty = roll_rates([{}, {}], [cu(0)], ["current", "late"])
    assert [rate.rate for rate in empty.loss_rates] == [0, 0]
    assert provision({"current": cu(5), "late": cu(5)}, empty.matrix()).allowance == cu(0)
