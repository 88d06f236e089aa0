"""JSON in, JSON out: every type round trips, and bad input names every bad field's path."""

from __future__ import annotations

import datetime as dt
import enum
import json
from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from receivables.calendars import BusinessCalendar
from receivables.decisions import ReadOnlyMapping, Reason
from receivables.documents import (
    Adjustment,
    Application,
    CreditNote,
    Customer,
    Dispute,
    Document,
    Invoice,
    Payment,
    PromiseToPay,
    Reversal,
)
from receivables.errors import PolicyError, ReceivablesError, ValidationError
from receivables.interop import converter, from_json, structure, to_json, unstructure
from receivables.journal import AccountMap, JournalEntry, entry
from receivables.ledger import Balance, Ledger, OpenItem
from receivables.money import Money, Rate, RateTable, money
from receivables.samples import Portfolio, generate
from receivables.terms import PaymentTerms
from tests.strategies import (
    account_maps,
    adjustments,
    applications,
    business_calendars,
    credit_notes,
    currencies,
    customers,
    disputes,
    invoices,
    journal_entries,
    ledgers,
    open_items,
    payment_terms,
    payments,
    promises_to_pay,
    reasons,
    reversals,
)

# --- helpers --------------------------------------------------------------------------


def _is_json_safe(value: object) -> bool:
    """Only what json.dumps writes natively, and never a float."""
    if value is None or isinstance(value, bool | int | str):
        return True
    if isinstance(value, list):
        return all(_is_json_safe(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(key, str) and _is_json_safe(item) for key, item in value.items())
    return False


def _problems(data: object, cls: type[Any]) -> dict[str, ValidationError]:
    with pytest.raises(ValidationError) as caught:
        structure(data, cls)
    error = caught.value
    assert error.field == "$"
    assert error.problems, "a structuring error always lists its problems"
    return {problem.field: problem for problem in error.problems}


def _plain_cash_entry() -> Any:
    """A 10.00 USD cash receipt as a journal entry, unstructured to plain data."""
    accounts = AccountMap({"cash": "1100", "receivables": "1200"})
    journal = entry(
        dt.date(2026, 3, 1),
        "P1",
        accounts,
        debits=[("cash", money("10.00", "USD"))],
        credits=[("receivables", money("10.00", "USD"))],
    )
    return unstructure(journal)


def _payment_data(**changes: object) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "P1",
        "amount": {"amount": "250.00", "currency": "USD"},
        "received_date": "2026-03-02",
    }
    data.update(changes)
    return data


def _invoice_data(**changes: object) -> dict[str, Any]:
    data: dict[str, Any] = {
        "number": "INV-1",
        "customer_id": "C1",
        "issue_date": "2026-01-05",
        "due_date": "2026-02-04",
        "amount": {"amount": "1200.00", "currency": "USD"},
    }
    data.update(changes)
    return data


# --- round trips of every type (Hypothesis) ---------------------------------------------

EVERY_TYPE = [
    (Customer, customers),
    (Invoice, invoices()),
    (CreditNote, credit_notes),
    (Payment, payments()),
    (Application, applications()),
    (Adjustment, adjustments()),
    (Reversal, reversals),
    (PromiseToPay, promises_to_pay()),
    (Dispute, disputes()),
    (OpenItem, open_items()),
    (JournalEntry, journal_entries()),
    (AccountMap, account_maps),
]


@pytest.mark.parametrize(("cls", "strategy"), EVERY_TYPE, ids=[c.__name__ for c, _ in EVERY_TYPE])
def test_every_type_round_trips_through_json(cls: type[Any], strategy: Any) -> None:
    @given(strategy)
    def round_trip(value: Any) -> None:
        plain = unstructure(value)
        assert _is_json_safe(plain)
        assert structure(plain, cls) == value
        text = to_json(value)
        assert json.loads(text) == plain
        assert from_json(text, cls) == value
        assert to_json(from_json(text, cls)) == text  # stable: the same JSON again

    round_trip()


@given(reasons)
def test_reason_data_round_trips(reason: Reason) -> None:
    # Reason compares without its data, so the data is compared on its own.
    back = from_json(to_json(reason), Reason)
    assert back == reason
    assert dict(back.data) == dict(reason.data)
    assert isinstance(back.data, ReadOnlyMapping)


@given(journal_entries())
def test_journal_entry_reasons_round_trip_with_their_data(journal: JournalEntry) -> None:
    back = from_json(to_json(journal), JournalEntry)
    assert [dict(r.data) for r in back.reasons] == [dict(r.data) for r in journal.reasons]


@given(st.lists(invoices(), max_size=4))
def test_a_list_of_documents_round_trips(batch: list[Invoice]) -> None:
    assert from_json(to_json(batch), list[Invoice]) == batch
    assert from_json(to_json(tuple(batch)), tuple[Invoice, ...]) == tuple(batch)


def test_rate_table_round_trips_without_its_index() -> None:
    table = RateTable(
        [
            Rate("EUR", "USD", Decimal("1.0850"), dt.date(2026, 1, 2)),
            Rate("USD", "COP", Decimal("3950.25"), dt.date(2026, 1, 2)),
        ]
    )
    plain = unstructure(table)
    assert set(plain) == {"rates"}
    back = structure(plain, RateTable)
    assert back == table
    assert back.convert(money("100.00", "EUR"), "USD", dt.date(2026, 2, 1)) == money(
        "108.50", "USD"
    )


# --- the JSON shapes --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "currency", "text"),
    [
        ("12.3", "USD", "12.30"),  # ISO 4217: USD has 2 minor digits
        ("-0.5", "COP", "-0.50"),  # COP 2
        ("1500", "JPY", "1500"),  # JPY 0
        ("7", "CLP", "7"),  # CLP 0
        ("1.25", "BHD", "1.250"),  # BHD 3
        ("0", "KWD", "0.000"),  # KWD 3
    ],
)
def test_money_is_an_amount_string_at_the_minor_unit_and_a_code(
    amount: str, currency: str, text: str
) -> None:
    assert unstructure(money(amount, currency)) == {"amount": text, "currency": currency}


def test_money_with_more_digits_than_its_currency_is_written_as_it_is() -> None:
    # Money itself may carry more digits (an intermediate); nothing is rounded away.
    assert unstructure(Money("1.005", "USD")) == {"amount": "1.005", "currency": "USD"}


def test_leaf_shapes() -> None:
    assert unstructure(dt.date(2026, 2, 28)) == "2026-02-28"
    assert unstructure(Decimal("1E+2")) == "100"  # plain notation, never an exponent
    assert unstructure(Decimal("0.0150")) == "0.0150"
    assert unstructure(MappingProxyType({"a": (1, 2)})) == {"a": [1, 2]}
    invoice = structure(_invoice_data(kind="debit_note"), Invoice)
    plain = unstructure(invoice)
    assert plain["kind"] == "debit_note"
    assert type(plain["kind"]) is str  # the value, not the StrEnum member


def test_to_json_keeps_unicode_and_can_indent() -> None:
    payment = structure(_payment_data(payer_name="Ferretería Ñandú"), Payment)
    assert "Ferretería Ñandú" in to_json(payment)
    assert to_json(payment, indent=2).startswith("{\n  ")


def test_defaults_fill_missing_optional_fields() -> None:
    adjustment = structure(
        {
            "id": "W1",
            "customer_id": "C1",
            "kind": "write_off",
            "amount": {"amount": "0.40", "currency": "USD"},
            "date": "2026-02-01",
        },
        Adjustment,
    )
    assert adjustment.direction.value == "credit"  # type: ignore[union-attr]


def test_structure_accepts_python_values_already_typed() -> None:
    data = _payment_data(amount=money("5.00", "USD"), received_date=dt.date(2026, 3, 2))
    assert structure(data, Payment).amount == money("5.00", "USD")


# --- bad input: every bad field, with its path ------------------------------------------


def test_float_amount_is_rejected_with_its_path() -> None:
    problems = _problems(_payment_data(amount={"amount": 12.3, "currency": "USD"}), Payment)
    assert list(problems) == ["$.amount.amount"]
    assert problems["$.amount.amount"].value == 12.3
    assert "never a float" in problems["$.amount.amount"].expected


def test_float_amount_deep_in_a_journal_entry_is_rejected_with_its_path() -> None:
    plain = _plain_cash_entry()
    plain["lines"][1]["credit"]["amount"] = 10.0
    assert list(_problems(plain, JournalEntry)) == ["$.lines[1].credit.amount"]


def test_json_number_with_a_fraction_is_a_float_and_rejected() -> None:
    text = '{"id": "P1", "amount": {"amount": 19.99, "currency": "USD"}, "received_date": "2026-03-02"}'
    with pytest.raises(ValidationError) as caught:
        from_json(text, Payment)
    assert [p.field for p in caught.value.problems] == ["$.amount.amount"]


def test_whole_json_number_is_an_exact_amount() -> None:
    text = (
        '{"id": "P1", "amount": {"amount": 1500, "currency": "JPY"}, "received_date": "2026-03-02"}'
    )
    assert from_json(text, Payment).amount == money("1500", "JPY")


def test_several_bad_fields_are_reported_at_once_in_field_order() -> None:
    data = _invoice_data(
        number="",
        customer_id=5,
        issue_date="05/01/2026",
        amount={"amount": "12.345", "currency": "USD"},
        kind="bill",
        discounts=[{"amount": {"amount": "1.00", "currency": "USD"}, "until": "2026-13-01"}],
        amout="typo",
    )
    problems = _problems(data, Invoice)
    assert list(problems) == [
        "$.number",
        "$.customer_id",
        "$.issue_date",
        "$.amount.amount",
        "$.kind",
        "$.discounts[0].until",
        "$.amout",
    ]
    assert problems["$.customer_id"].expected == "a string"
    assert "at most 2 decimal" in problems["$.amount.amount"].expected
    assert "'invoice', 'debit_note'" in problems["$.kind"].expected
    assert "no such field" in problems["$.amout"].expected


def test_the_error_message_lists_every_problem() -> None:
    with pytest.raises(ValidationError, match=r"\$\.number") as caught:
        structure(_invoice_data(number="", due_date="x"), Invoice)
    assert "2 invalid field(s)" in str(caught.value)
    assert "$.due_date: got 'x'" in str(caught.value)
    assert isinstance(caught.value, ReceivablesError)
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize("currency", ["XYZ", "usdollar", "", 840, None])
def test_unknown_currency_is_named_with_its_path(currency: object) -> None:
    problems = _problems(_payment_data(amount={"amount": "1.00", "currency": currency}), Payment)
    assert list(problems) == ["$.amount.currency"]
    assert problems["$.amount.currency"].value == currency
    assert "ISO 4217" in problems["$.amount.currency"].expected


def test_bad_amount_and_bad_currency_together() -> None:
    problems = _problems(_payment_data(amount={"amount": "ten", "currency": "XYZ"}), Payment)
    assert list(problems) == ["$.amount.amount", "$.amount.currency"]


@pytest.mark.parametrize(
    "amount",
    [
        {"amount": "1.00"},
        {"currency": "USD"},
        {"amount": "1.00", "currency": "USD", "rate": "1"},
        "1.00 USD",
        100,
        ["1.00", "USD"],
    ],
)
def test_money_must_be_an_object_with_amount_and_currency(amount: object) -> None:
    problems = _problems(_payment_data(amount=amount), Payment)
    assert all(field.startswith("$.amount") for field in problems)


@pytest.mark.parametrize(
    "amount", ["NaN", "Infinity", "-inf", True, "1,000.00", "", Decimal("NaN")]
)
def test_amounts_that_are_not_finite_decimals_are_rejected(amount: object) -> None:
    problems = _problems(_payment_data(amount={"amount": amount, "currency": "USD"}), Payment)
    assert list(problems) == ["$.amount.amount"]


@pytest.mark.parametrize(
    "value",
    ["2026-02-30", "02/03/2026", "2026-3-2", "20260302", "2026-03-02T00:00:00", "", 20260302, None],
)
def test_bad_date_strings_are_rejected_with_their_path(value: object) -> None:
    problems = _problems(_payment_data(received_date=value), Payment)
    assert list(problems) == ["$.received_date"]
    assert problems["$.received_date"].value == value
    assert "YYYY-MM-DD" in problems["$.received_date"].expected


def test_a_datetime_is_not_a_date() -> None:
    problems = _problems(
        _payment_data(received_date=dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC)), Payment
    )
    assert "not a datetime" in problems["$.received_date"].expected


def test_a_missing_required_field_is_named() -> None:
    data = _payment_data()
    del data["received_date"]
    problems = _problems(data, Payment)
    assert list(problems) == ["$.received_date"]
    assert "required" in problems["$.received_date"].expected


@pytest.mark.parametrize("data", ["P1", 7, None, ["P1"]])
def test_a_document_must_be_an_object(data: object) -> None:
    problems = _problems(data, Payment)
    assert list(problems) == ["$"]
    assert "fields of Payment" in problems["$"].expected


def test_strict_scalars_never_guess() -> None:
    # cattrs' defaults would turn 5 into "5", "ACME" into ("A", "C", "M", "E").
    problems = _problems(
        {"id": "C1", "name": None, "aliases": "ACME", "bank_accounts": ["ES12", 7]}, Customer
    )
    assert problems["$.name"].expected == "a string"
    assert problems["$.aliases"].expected == "a JSON list"
    assert problems["$.bank_accounts[1]"].value == 7


def test_an_attrs_validator_is_reported_at_its_field() -> None:
    problems = _problems(_invoice_data(due_date="2026-01-01"), Invoice)
    assert list(problems) == ["$.due_date"]
    assert "on or after the issue date" in problems["$.due_date"].expected


def test_every_failing_validator_is_reported_not_only_the_first() -> None:
    data = _invoice_data(number=" ", amount={"amount": "-5.00", "currency": "USD"}, reference="")
    assert list(_problems(data, Invoice)) == ["$.number", "$.amount", "$.reference"]


def test_validators_run_beside_fields_that_failed_to_structure() -> None:
    data = _invoice_data(number="", issue_date="not a date")
    assert list(_problems(data, Invoice)) == ["$.number", "$.issue_date"]


def test_a_cross_field_rule_inside_a_list_gets_the_index() -> None:
    batch = [_invoice_data(), _invoice_data(), _invoice_data(due_date="2026-01-01")]
    assert list(_problems(batch, list[Invoice])) == ["$[2].due_date"]


def test_a_discount_rule_names_the_discount() -> None:
    data = _invoice_data(
        amount={"amount": "100.00", "currency": "USD"},
        discounts=[
            {"amount": {"amount": "2.00", "currency": "USD"}, "until": "2026-01-15"},
            {"amount": {"amount": "100.00", "currency": "USD"}, "until": "2026-01-20"},
        ],
    )
    problems = _problems(data, Invoice)
    assert list(problems) == ["$.discounts[1].amount"]
    assert "less than the invoice amount" in problems["$.discounts[1].amount"].expected


def test_adjustment_direction_rule_is_reported_at_direction() -> None:
    data = {
        "id": "R1",
        "customer_id": "C1",
        "kind": "rounding",
        "amount": {"amount": "0.01", "currency": "USD"},
        "date": "2026-02-01",
    }
    assert list(_problems(data, Adjustment)) == ["$.direction"]
    assert list(_problems({**data, "kind": "fee", "direction": "credit"}, Adjustment)) == [
        "$.direction"
    ]


def test_an_unbalanced_journal_entry_is_reported_at_its_lines() -> None:
    plain = _plain_cash_entry()
    plain["lines"][1]["credit"]["amount"] = "9.99"
    problems = _problems(plain, JournalEntry)
    assert list(problems) == ["$.lines"]
    assert "balanced" in problems["$.lines"].expected
    plain["lines"][1]["debit"]["amount"] = "1.00"
    assert list(_problems(plain, JournalEntry)) == ["$.lines[1]"]


def test_mapping_values_are_checked_per_key() -> None:
    problems = _problems({"accounts": {"cash": 1100, "receivables": "1200"}}, AccountMap)
    assert list(problems) == ["$.accounts['cash']"]


@given(invoices(), st.sampled_from(["number", "customer_id", "issue_date", "due_date", "amount"]))
def test_a_float_anywhere_is_reported_at_exactly_that_field(invoice: Invoice, name: str) -> None:
    plain = unstructure(invoice)
    plain[name] = 1.5
    with pytest.raises(ValidationError) as caught:
        structure(plain, Invoice)
    assert [problem.field for problem in caught.value.problems] == [f"$.{name}"]


@given(st.lists(invoices(), min_size=1, max_size=5), st.data())
def test_bad_items_in_a_list_are_all_reported_by_index(
    batch: list[Invoice], data: st.DataObject
) -> None:
    plain = unstructure(batch)
    bad = sorted(data.draw(st.sets(st.integers(0, len(batch) - 1), min_size=1)))
    for index in bad:
        plain[index]["issue_date"] = "yesterday"
    with pytest.raises(ValidationError) as caught:
        structure(plain, list[Invoice])
    assert [p.field for p in caught.value.problems] == [f"$[{i}].issue_date" for i in bad]


# --- JSON text ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"id": "P1",', "valid JSON"),
        ("", "valid JSON"),
        ('{"id": "P1", "id": "P2"}', "each key once"),
        ('{"id": NaN}', "no NaN"),
        ('{"id": Infinity}', "no NaN"),
    ],
)
def test_bad_json_text(text: str, expected: str) -> None:
    with pytest.raises(ValidationError) as caught:
        from_json(text, Payment)
    assert [p.field for p in caught.value.problems] == ["$"]
    assert expected in caught.value.problems[0].expected


def test_from_json_takes_bytes() -> None:
    text = to_json(structure(_payment_data(), Payment)).encode()
    assert from_json(text, Payment).id == "P1"


# --- any attrs class: a policy another engineer writes later ----------------------------


class Level(enum.IntEnum):
    LOW = 1
    HIGH = 2


class Channel(enum.Enum):
    EMAIL = "email"
    LETTER = "letter"


@attrs.frozen
class Tier:
    days: int = attrs.field()
    rate: Decimal = attrs.field()

    @days.validator
    def _check_days(self, attribute: attrs.Attribute[int], value: int) -> None:
        if value < 0:
            raise PolicyError("tier.days", value, "zero or more days")


def _tiers(value: Any) -> tuple[Tier, ...]:
    return tuple(sorted(value, key=lambda tier: tier.days))


def _frozen(value: Mapping[str, Decimal]) -> Mapping[str, Decimal]:
    return MappingProxyType(dict(value))


@attrs.frozen(kw_only=True)
class LateChargePolicy:
    id: str = "late-charges"
    version: str = "1"
    tiers: tuple[Tier, ...] = attrs.field(default=(), converter=_tiers)
    caps: Mapping[str, Decimal] = attrs.field(factory=dict, converter=_frozen)
    minimum: Money | None = None
    effective: dt.date | None = None
    reviewed_at: dt.datetime | None = None
    level: Level = Level.LOW
    channel: Channel = Channel.EMAIL
    enabled: bool = True

    def __attrs_post_init__(self) -> None:
        if len(self.tiers) > 3:
            raise PolicyError("late_charge_policy.tiers", len(self.tiers), "at most 3 tiers")


def test_a_policy_round_trips() -> None:
    policy = LateChargePolicy(
        tiers=[Tier(30, Decimal("0.015")), Tier(0, Decimal("0"))],
        caps={"COP": Decimal("50000"), "USD": Decimal("25.00")},
        minimum=money("1000", "CLP"),
        effective=dt.date(2026, 1, 1),
        reviewed_at=dt.datetime(2026, 1, 1, 9, 30, tzinfo=dt.UTC),
        level=Level.HIGH,
        channel=Channel.LETTER,
        enabled=False,
    )
    plain = unstructure(policy)
    assert plain["level"] == 2
    assert plain["channel"] == "letter"
    assert plain["caps"] == {"COP": "50000", "USD": "25.00"}
    assert plain["reviewed_at"] == "2026-01-01T09:30:00+00:00"
    assert _is_json_safe(plain)
    assert from_json(to_json(policy), LateChargePolicy) == policy
    assert structure({}, LateChargePolicy) == LateChargePolicy()


def test_a_policy_reports_every_bad_field() -> None:
    data = {
        "tiers": [{"days": -1, "rate": "x"}, {"days": "3", "rate": 0.5}, {"days": -5, "rate": "1"}],
        "caps": {"USD": 1.5},
        "level": 7,
        "channel": "sms",
        "enabled": "yes",
        "effective": "2026-13-01",
        "reviewed_at": "soon",
    }
    problems = _problems(data, LateChargePolicy)
    assert list(problems) == [
        "$.tiers[0].days",
        "$.tiers[0].rate",
        "$.tiers[1].days",
        "$.tiers[1].rate",
        "$.tiers[2].days",
        "$.caps['USD']",
        "$.effective",
        "$.reviewed_at",
        "$.level",
        "$.channel",
        "$.enabled",
    ]
    assert problems["$.tiers[0].days"].expected == "zero or more days"
    assert problems["$.level"].expected == "one of 1, 2"
    assert problems["$.channel"].expected == "one of 'email', 'letter'"


def test_a_policy_wide_rule_is_reported_at_its_field() -> None:
    data = {"tiers": [{"days": day, "rate": "0.01"} for day in range(4)]}
    problems = _problems(data, LateChargePolicy)
    assert list(problems) == ["$.tiers"]
    assert problems["$.tiers"].value == 4


def test_the_converter_is_the_one_shared_cattrs_converter() -> None:
    assert converter.detailed_validation
    assert converter.structure({"days": 1, "rate": "2"}, Tier) == Tier(1, Decimal(2))


# --- the ledger and the sample portfolio ------------------------------------------------


def _sample_ledger() -> tuple[Portfolio, Ledger]:
    portfolio = generate(customers=4, invoices_per_customer=4)
    identified = [payment for payment in portfolio.payments if payment.customer_id]
    return portfolio, Ledger.of([*portfolio.customers, *portfolio.invoices, *identified])


def test_a_sample_portfolio_round_trips() -> None:
    portfolio, _ = _sample_ledger()
    assert from_json(to_json(portfolio), Portfolio) == portfolio


def test_a_ledger_round_trips_and_answers_the_same() -> None:
    portfolio, ledger = _sample_ledger()
    back = from_json(to_json(ledger), Ledger)
    assert back == ledger
    assert back.open_items(as_of=portfolio.as_of) == ledger.open_items(as_of=portfolio.as_of)
    balances = ledger.balances(as_of=portfolio.as_of)
    assert from_json(to_json(balances), tuple[Balance, ...]) == balances


def test_a_ledger_rule_is_reported_at_the_document_it_names() -> None:
    portfolio, ledger = _sample_ledger()
    plain = unstructure(ledger)
    unidentified = next(p for p in portfolio.payments if p.customer_id is None)
    plain["payments"] = [unstructure(unidentified)]  # the bank did not say who paid
    problems = _problems(plain, Ledger)
    assert list(problems) == ["$.payments[0].customer_id"]


# --- mixed documents: the Document union ----------------------------------------------


@given(
    st.lists(
        st.one_of(invoices(), credit_notes, payments(), applications(), adjustments(), reversals),
        max_size=6,
    )
)
def test_a_mixed_batch_of_documents_round_trips_as_the_document_union(
    batch: list[Document],
) -> None:
    # cattrs tells the attrs classes of a union apart by the fields each one has.
    back = from_json(to_json(batch), list[Document])
    assert back == batch
    assert [type(item) for item in back] == [type(item) for item in batch]


def test_an_object_that_is_no_document_is_named_in_a_mixed_batch() -> None:
    problems = _problems([{"memo": "X"}], list[Document])
    assert list(problems) == ["$[0]"]
    assert "Invoice, CreditNote, Payment" in problems["$[0]"].expected


@pytest.mark.parametrize("value", ["2026-03-02\n", "٢٠٢٦-03-02", " 2026-03-02"])
def test_a_date_is_exactly_ten_ascii_characters(value: str) -> None:
    assert list(_problems(_payment_data(received_date=value), Payment)) == ["$.received_date"]


# --- policies other engineers wrote: payment terms, business calendars -----------------


@given(currencies.flatmap(payment_terms))
def test_payment_terms_round_trip(terms: PaymentTerms) -> None:
    plain = unstructure(terms)
    assert _is_json_safe(plain)
    assert from_json(to_json(terms), PaymentTerms) == terms


def test_payment_terms_written_by_hand_in_json() -> None:
    parsed = PaymentTerms.parse("30% now, balance end of following month")
    assert from_json(to_json(parsed), PaymentTerms) == parsed


@given(business_calendars())
def test_business_calendars_round_trip(calendar: BusinessCalendar) -> None:
    assert from_json(to_json(calendar), BusinessCalendar) == calendar


def test_a_set_is_a_sorted_json_list() -> None:
    calendar = BusinessCalendar(
        "CO", extra_holidays=frozenset({dt.date(2026, 12, 31), dt.date(2026, 12, 24)})
    )
    assert unstructure(calendar)["extra_holidays"] == ["2026-12-24", "2026-12-31"]
    assert unstructure({"codes": {"USD", "COP", "JPY"}}) == {"codes": ["COP", "JPY", "USD"]}
    assert structure(["b", "a"], frozenset[str]) == frozenset({"a", "b"})
    assert structure([1, 2, 2], set[int]) == {1, 2}
    problems = _problems({"country": "CO", "extra_holidays": "2026-12-24"}, BusinessCalendar)
    assert problems["$.extra_holidays"].expected == "a JSON list"
    problems = _problems(
        {"country": "CO", "extra_holidays": ["2026-12-24", "24/12/2026"]}, BusinessCalendar
    )
    assert list(problems) == ["$.extra_holidays[1]"]


def test_a_calendar_rule_is_reported_at_its_field() -> None:
    assert list(_problems({"country": "XX"}, BusinessCalendar)) == ["$.country"]
    assert list(_problems({"country": "CO", "weekend": [7]}, BusinessCalendar)) == ["$.weekend"]


def _zero_or_more(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 0:
        raise PolicyError(f"counts.{attribute.name}", value, "zero or more")


@attrs.frozen
class Counts:  # written without annotations, the older attrs style
    low = attrs.field(validator=_zero_or_more)
    high = attrs.field(default=0, validator=_zero_or_more)


def test_an_attrs_class_without_annotations_works_too() -> None:
    assert structure({"low": 1}, Counts) == Counts(1)
    assert list(_problems({"low": -1, "high": -2}, Counts)) == ["$.low", "$.high"]


@attrs.frozen
class Envelope:
    """A host's own wrapper type, not an attrs class to cattrs' eyes once a hook is set."""

    payments: tuple[Payment, ...]


def test_a_hook_that_calls_structure_keeps_the_inner_paths() -> None:
    converter.register_structure_hook(
        Envelope, lambda value, _: Envelope(structure(value["batch"], tuple[Payment, ...]))
    )
    data = {"wrapper": {"batch": [_payment_data(), _payment_data(received_date="soon")]}}

    @attrs.frozen
    class Request:
        wrapper: Envelope

    assert list(_problems(data, Request)) == ["$.wrapper[1].received_date"]


def test_a_currency_mismatch_inside_a_document_is_reported() -> None:
    data = _invoice_data(
        discounts=[{"amount": {"amount": "2.00", "currency": "EUR"}, "until": "2026-01-15"}]
    )
    problems = _problems(data, Invoice)
    assert list(problems) == ["$"]
    assert "USD and EUR" in problems["$"].expected


# --- review round 2: random ledgers, their balances and open items round trip ----------


# Fewer examples than the CI profile's 150: each example round-trips a random ledger through JSON and compares it at every date.
@settings(max_examples=25)
@given(ledgers())
def test_a_random_ledger_round_trips_with_its_open_items_and_balances(
    case: tuple[Ledger, list[dt.date]],
) -> None:
    # Undos (same-day too), returned payments, discounts, write-offs, a euro payment
    # settling a dollar invoice: all of it survives JSON, and answers the same after.
    ledger, days = case
    text = to_json(ledger)
    back = from_json(text, Ledger)
    assert back == ledger
    assert to_json(back) == text
    for as_of in days:
        items = ledger.open_items(as_of=as_of)
        balances = ledger.balances(as_of=as_of)
        assert back.open_items(as_of=as_of) == items
        assert back.balances(as_of=as_of) == balances
        assert from_json(to_json(items), tuple[OpenItem, ...]) == items
        assert from_json(to_json(balances), tuple[Balance, ...]) == balances


@given(currencies, st.integers(-(10**15), 10**15))
def test_money_and_rates_round_trip(currency: str, units: int) -> None:
    from receivables.money import from_minor

    amount = from_minor(units, currency)
    assert from_json(to_json(amount), Money) == amount
    if currency != "EUR":
        table = RateTable([Rate("EUR", currency, Decimal("1.0837"), dt.date(2026, 1, 1))])
        assert from_json(to_json(table), RateTable) == table


def test_a_rate_to_its_own_currency_is_reported_at_its_target() -> None:
    data = {"rates": [{"source": "EUR", "target": "EUR", "rate": "2", "on": "2026-01-01"}]}
    assert list(_problems(data, RateTable)) == ["$.rates[0].target"]


def test_a_ledger_wide_rule_names_the_identifier_it_is_about() -> None:
    invoice = unstructure(
        Invoice(
            number="INV-7",
            customer_id="C1",
            issue_date=dt.date(2026, 1, 1),
            due_date=dt.date(2026, 1, 31),
            amount=money("10.00", "USD"),
        )
    )
    problems = _problems({"invoices": [invoice, invoice]}, Ledger)
    assert problems["$"].value == "INV-7"
    assert "more than once" in problems["$"].expected
