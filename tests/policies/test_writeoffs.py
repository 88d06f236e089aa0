"""Write-offs: small balances, bad debt by status, limitation and age, partial, recovery."""

from __future__ import annotations

import datetime as dt
import json

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables import interop
from receivables.decisions import Decision, Policy
from receivables.documents import Adjustment, Customer, CustomerStatus
from receivables.errors import CurrencyMismatchError, PolicyError, ValidationError
from receivables.journal import STANDARD_ROLES, AccountMap, JournalEntry
from receivables.ledger import ItemKind, OpenItem
from receivables.money import from_minor, money, total, zero
from receivables.policies.approvals import ApprovalPolicy, ApprovalTier, Authority
from receivables.policies.writeoffs import (
    DEFAULT_LIMITATION_PERIODS,
    LimitationPeriod,
    RecoveryOutcome,
    WriteOffMethod,
    WriteOffOutcome,
    WriteOffPolicy,
    bad_debt,
    recover,
    small_balances,
)
from tests.strategies import customer_open_items

ACCOUNTS = AccountMap({role: f"{1000 + index}" for index, role in enumerate(STANDARD_ROLES)})
AS_OF = dt.date(2026, 6, 30)


def _item(
    number: str,
    amount: str,
    due: dt.date,
    *,
    currency: str = "USD",
    customer_id: str = "C1",
    kind: ItemKind = ItemKind.INVOICE,
) -> OpenItem:
    value = money(amount, currency)
    return OpenItem(
        number=number,
        customer_id=customer_id,
        kind=kind,
        document_date=due - dt.timedelta(days=30),
        due_date=due,
        original=value,
        open=value,
    )


def _customer(status: str = "active", country: str = "US", currency: str = "USD") -> Customer:
    return Customer(id="C1", name="Acme", status=status, country=country, currency=currency)


def _codes(decision: object) -> list[str]:
    return [reason.code for reason in decision.reasons]  # type: ignore[attr-defined]


# --- small balances ------------------------------------------------------------------------


def test_small_balance_rules_one_item_each() -> None:
    old = AS_OF - dt.timedelta(days=90)
    items = [
        _item("A-written", "4.99", old),
        _item("B-at-limit", "5.00", old),  # the limit is inclusive
        _item("C-above", "5.01", old),
        _item("D-recent", "1.00", AS_OF - dt.timedelta(days=89)),
        _item("E-credit", "-0.40", old, kind=ItemKind.PAYMENT),
        _item("F-no-limit", "1", old, currency="JPY"),
    ]
    decisions = {d.number: d for d in small_balances(items, AS_OF)}
    expected = {
        "A-written": ("write_off", "small_balance_write_off"),
        "B-at-limit": ("write_off", "small_balance_write_off"),
        "C-above": ("keep", "above_small_balance_limit"),
        "D-recent": ("keep", "small_balance_too_recent"),
        "E-credit": ("keep", "small_credit_kept"),
        "F-no-limit": ("keep", "no_small_balance_limit"),
    }
    assert {n: (d.outcome.value, d.reasons[0].code) for n, d in decisions.items()} == expected
    assert all(d.policy_id == "write-offs" for d in decisions.values())


def test_small_credit_written_off_when_the_policy_says_so() -> None:
    policy = WriteOffPolicy(write_off_small_credits=True, small_balance_min_age_days=0)
    (decision,) = small_balances(
        [_item("P1", "-0.40", AS_OF, kind=ItemKind.PAYMENT)], AS_OF, policy
    )
    assert decision.outcome is WriteOffOutcome.WRITE_OFF
    journal = decision.journal_entry(ACCOUNTS)
    assert journal.total_debits("USD") == money("0.40", "USD")
    assert journal.lines[0].account == ACCOUNTS.code("receivables")
    assert journal.source == "write-offs@1"


def test_small_balance_journal_and_keep_has_none() -> None:
    old = AS_OF - dt.timedelta(days=200)
    written, kept = small_balances([_item("A", "3.00", old), _item("B", "30.00", old)], AS_OF)
    journal = written.journal_entry(ACCOUNTS, dt.date(2026, 7, 1))
    assert journal.date == dt.date(2026, 7, 1)
    assert journal.lines[0].account == ACCOUNTS.code("small_balance_write_off")
    with pytest.raises(ValidationError, match=r"small_balance_decision\.outcome"):
        kept.journal_entry(ACCOUNTS)


def test_small_balances_sorted_and_validated() -> None:
    old = AS_OF - dt.timedelta(days=200)
    items = [_item("B", "1", old, customer_id="C2"), _item("Z", "1", old), _item("A", "1", old)]
    assert [(d.customer_id, d.number) for d in small_balances(items, AS_OF)] == [
        ("C1", "A"),
        ("C1", "Z"),
        ("C2", "B"),
    ]
    with pytest.raises(ValidationError, match=r"items\[0\]"):
        small_balances(["INV-1"], AS_OF)  # type: ignore[list-item]
    with pytest.raises(ValidationError, match="as_of"):
        small_balances([], dt.datetime(2026, 1, 1))  # noqa: DTZ001


# --- bad debt ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "status", ["bankrupt", "dissolved", "deceased", "dispute_lost", "uncollectible"]
)
def test_status_writes_off_every_open_item(status: str) -> None:
    items = [_item("INV-1", "100.00", AS_OF), _item("INV-2", "250.00", AS_OF + dt.timedelta(5))]
    decision = bad_debt(_customer(status), items, AS_OF)
    assert decision.outcome is WriteOffOutcome.WRITE_OFF
    assert decision.write_off == money("350.00", "USD")
    assert {i.rule for i in decision.items} == {"customer_status"}
    assert _codes(decision)[0] == "customer_status"
    assert decision.reasons[0].data["status"] == status
    # 350 USD: above the write-off ladder's analyst (100), within the lead's (1,000).
    assert decision.approval is not None
    assert decision.approval.authority is Authority.LEAD


def test_active_recent_customer_is_kept() -> None:
    decision = bad_debt(_customer(), [_item("INV-1", "100.00", AS_OF)], AS_OF)
    assert decision.outcome is WriteOffOutcome.KEEP
    assert decision.write_off == zero("USD")
    assert decision.approval is None
    assert _codes(decision) == ["not_due_for_write_off"]
    with pytest.raises(ValidationError, match=r"bad_debt_decision\.write_off"):
        decision.journal_entry(ACCOUNTS)


def test_age_rule_at_the_threshold() -> None:
    due = AS_OF - dt.timedelta(days=365)
    items = [_item("OLD", "80.00", due), _item("NEW", "20.00", due + dt.timedelta(days=1))]
    decision = bad_debt(_customer(), items, AS_OF)
    assert [(i.number, i.rule) for i in decision.items] == [("OLD", "age_beyond_threshold")]
    assert decision.write_off == money("80.00", "USD")
    assert decision.approval is not None
    assert decision.approval.authority is Authority.ANALYST


@pytest.mark.parametrize(
    ("country", "due", "barred_on"),
    [
        # Código Civil art. 2536: 10 years from the due date; the anniversary is the last
        # day the claim can be enforced (the start day is not counted, the last day is).
        ("CO", dt.date(2014, 1, 31), dt.date(2024, 2, 1)),
        # UCC §2-725(1): 4 years from the due date (the cause of action accrues); FRCP 6(a)(1).
        ("US", dt.date(2020, 2, 29), dt.date(2024, 3, 1)),
        # BGB §§195, 199(1), 188(2): a 2022 claim lapses at the end of 31 December 2025, so
        # it can still be collected on that day and is barred from 1 January 2026.
        ("DE", dt.date(2022, 3, 31), dt.date(2026, 1, 1)),
    ],
)
def test_statute_of_limitations(country: str, due: dt.date, barred_on: dt.date) -> None:
    policy = WriteOffPolicy(bad_debt_min_age_days=100_000)  # only the limitation rule can fire
    customer = _customer(country=country)
    item = _item("INV-1", "1000.00", due)
    before = bad_debt(customer, [item], barred_on - dt.timedelta(days=1), policy)
    on = bad_debt(customer, [item], barred_on, policy)
    assert before.outcome is WriteOffOutcome.KEEP
    assert on.outcome is WriteOffOutcome.WRITE_OFF
    assert _codes(on)[0] == "statute_of_limitations"
    assert on.reasons[0].data["country"] == country
    assert on.reasons[0].data["source"]


def test_country_without_a_period_says_so() -> None:
    decision = bad_debt(_customer(country="FR"), [_item("INV-1", "10.00", AS_OF)], AS_OF)
    assert "no_limitation_period" in _codes(decision)


def test_credits_offset_first_then_expected_recovery_kept() -> None:
    # A bankrupt customer owes 600 + 400 and holds 100 of unapplied cash; the trustee expects
    # a 20% dividend on the 900 net claim, 180. Write off 1,000 - 100 - 180 = 720, spread over
    # the invoices 600:400 -> 432 and 288.
    items = [
        _item("INV-1", "600.00", AS_OF),
        _item("INV-2", "400.00", AS_OF + dt.timedelta(days=1)),
        _item("PAY-1", "-100.00", AS_OF, kind=ItemKind.PAYMENT),
    ]
    net = money("900.00", "USD")
    decision = bad_debt(_customer("bankrupt"), items, AS_OF, expected_recovery=net * 20 / 100)
    assert decision.outcome is WriteOffOutcome.PARTIAL_WRITE_OFF
    assert (decision.selected, decision.offset, decision.kept) == (
        money("1000.00", "USD"),
        money("100.00", "USD"),
        money("180.00", "USD"),
    )
    assert decision.write_off == money("720.00", "USD")
    assert [i.write_off for i in decision.items] == [money("432.00", "USD"), money("288.00", "USD")]
    assert _codes(decision) == [
        "customer_status",
        "credits_offset_first",
        "expected_recovery_kept",
        "approval_tier",
    ]


def test_partial_not_allowed_keeps_everything() -> None:
    policy = WriteOffPolicy(allow_partial=False)
    decision = bad_debt(
        _customer("bankrupt"),
        [_item("INV-1", "600.00", AS_OF)],
        AS_OF,
        policy,
        expected_recovery=money("60.00", "USD"),
    )
    assert decision.outcome is WriteOffOutcome.KEEP
    assert decision.kept == money("600.00", "USD")
    assert "partial_write_off_not_allowed" in _codes(decision)


def test_credits_covering_the_debt_leave_nothing_to_write_off() -> None:
    items = [_item("INV-1", "50.00", AS_OF), _item("PAY-1", "-80.00", AS_OF, kind=ItemKind.PAYMENT)]
    decision = bad_debt(_customer("deceased"), items, AS_OF)
    assert decision.outcome is WriteOffOutcome.KEEP
    assert decision.offset == money("50.00", "USD")


def test_journal_entries_follow_the_method() -> None:
    items = [_item("INV-1", "500.00", AS_OF)]
    allowance = bad_debt(_customer("bankrupt"), items, AS_OF)
    journal = allowance.journal_entry(ACCOUNTS, allowance_available=money("200.00", "USD"))
    debits = {line.account: line.debit for line in journal.lines if line.debit.amount}
    assert debits == {
        ACCOUNTS.code("allowance"): money("200.00", "USD"),
        ACCOUNTS.code("bad_debt_expense"): money("300.00", "USD"),
    }
    direct = bad_debt(_customer("bankrupt"), items, AS_OF, WriteOffPolicy(method="direct"))
    assert direct.method is WriteOffMethod.DIRECT
    lines = direct.journal_entry(ACCOUNTS).lines
    assert lines[0].account == ACCOUNTS.code("bad_debt_expense")
    assert lines[0].customer_id == "C1"


def test_bad_debt_input_errors() -> None:
    customer = _customer("bankrupt")
    with pytest.raises(ValidationError, match=r"items\[0\]\.customer_id"):
        bad_debt(customer, [_item("X", "1", AS_OF, customer_id="C2")], AS_OF)
    with pytest.raises(CurrencyMismatchError):
        bad_debt(customer, [_item("X", "1", AS_OF), _item("Y", "1", AS_OF, currency="EUR")], AS_OF)
    with pytest.raises(ValidationError, match="expected_recovery"):
        bad_debt(customer, [], AS_OF, expected_recovery=money("-1", "USD"))
    with pytest.raises(CurrencyMismatchError):
        bad_debt(customer, [], AS_OF, expected_recovery=money("1", "EUR"))
    with pytest.raises(ValidationError, match="customer"):
        bad_debt("C1", [], AS_OF)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"items\[0\]"):
        bad_debt(customer, [None], AS_OF)  # type: ignore[list-item]


def test_failing_evaluation_leaves_inputs_unchanged() -> None:
    items = [_item("X", "1", AS_OF), _item("Y", "1", AS_OF, currency="EUR")]
    before = list(items)
    with pytest.raises(CurrencyMismatchError):
        bad_debt(_customer("bankrupt"), items, AS_OF)
    assert items == before


@given(customer_open_items())
def test_bad_debt_conserves_money_and_is_deterministic(items: list[OpenItem]) -> None:
    customer = _customer("active")
    hope = money("1000.00", "USD")
    first = bad_debt(customer, items, AS_OF, expected_recovery=hope)
    assert first == bad_debt(customer, list(reversed(items)), AS_OF, expected_recovery=hope)
    assert first.selected == first.offset + first.kept + first.write_off
    assert total((i.write_off for i in first.items), "USD") == first.write_off
    assert all(zero("USD") <= i.write_off <= i.open for i in first.items)
    assert all(reason.code for reason in first.reasons)
    assert (first.policy_id, first.policy_version) == ("write-offs", "1")


# --- recovery -------------------------------------------------------------------------------


def _write_off(amount: str = "500.00") -> Adjustment:
    return Adjustment(
        id="WO-1",
        customer_id="C1",
        kind="write_off",
        amount=money(amount, "USD"),
        date=dt.date(2026, 3, 1),
    )


def test_full_recovery_hampson_furniture() -> None:
    # Weygandt, Kimmel & Kieso: R. A. Ware pays the $500 written off on March 1, on July 1.
    decision = recover(_write_off(), money("500.00", "USD"), dt.date(2026, 7, 1))
    assert decision.outcome is RecoveryOutcome.RECOVER
    assert (decision.reinstated, decision.remaining, decision.excess) == (
        money("500.00", "USD"),
        zero("USD"),
        zero("USD"),
    )
    assert _codes(decision) == ["recovery_of_write_off"]
    journal = decision.journal_entry(ACCOUNTS)
    credits = [line.account for line in journal.lines if line.credit.amount]
    assert credits == [ACCOUNTS.code("allowance"), ACCOUNTS.code("receivables")]


def test_partial_then_excess_recovery() -> None:
    decision = recover(
        _write_off(),
        money("450.00", "USD"),
        dt.date(2026, 8, 1),
        WriteOffPolicy(method="direct"),
        previously_recovered=money("200.00", "USD"),
    )
    assert decision.reinstated == money("300.00", "USD")
    assert decision.excess == money("150.00", "USD")
    assert _codes(decision) == ["recovery_of_write_off", "recovery_exceeds_write_off"]
    credits = [
        line.account for line in decision.journal_entry(ACCOUNTS).lines if line.credit.amount
    ]
    assert credits[0] == ACCOUNTS.code("recoveries")


def test_nothing_left_to_recover() -> None:
    decision = recover(
        _write_off(),
        money("10.00", "USD"),
        dt.date(2026, 8, 1),
        previously_recovered=money("500.00", "USD"),
    )
    assert decision.outcome is RecoveryOutcome.NOTHING_TO_RECOVER
    assert _codes(decision) == ["already_recovered", "recovery_exceeds_write_off"]
    with pytest.raises(ValidationError, match=r"recovery_decision\.reinstated"):
        decision.journal_entry(ACCOUNTS)


def test_recovery_input_errors() -> None:
    fee = Adjustment(
        id="F1", customer_id="C1", kind="fee", amount=money("5", "USD"), date=dt.date(2026, 1, 1)
    )
    day = dt.date(2026, 7, 1)
    with pytest.raises(ValidationError, match="write_off"):
        recover(fee, money("1", "USD"), day)
    with pytest.raises(ValidationError, match="received"):
        recover(_write_off(), zero("USD"), day)
    with pytest.raises(CurrencyMismatchError):
        recover(_write_off(), money("1", "EUR"), day)
    with pytest.raises(ValidationError, match="previously_recovered"):
        recover(_write_off(), money("1", "USD"), day, previously_recovered=money("501", "USD"))
    with pytest.raises(ValidationError, match="previously_recovered"):
        recover(_write_off(), money("1", "USD"), day, previously_recovered=money("1", "EUR"))
    with pytest.raises(ValidationError, match="as_of"):
        recover(_write_off(), money("1", "USD"), dt.date(2026, 2, 1))


# --- the policy ------------------------------------------------------------------------------


def test_default_policy_and_limitation_table() -> None:
    policy = WriteOffPolicy()
    assert {p.country for p in DEFAULT_LIMITATION_PERIODS} == {"CO", "DE", "US"}
    assert all(p.source for p in DEFAULT_LIMITATION_PERIODS)
    assert policy.limitation("FR") is None
    assert policy.write_off_statuses == (
        CustomerStatus.BANKRUPT,
        CustomerStatus.DISSOLVED,
        CustomerStatus.DECEASED,
        CustomerStatus.DISPUTE_LOST,
        CustomerStatus.UNCOLLECTIBLE,
    )
    # strings are accepted where enums are expected, so a dict builds the policy
    built = WriteOffPolicy(write_off_statuses=["bankrupt"], method="direct")
    assert built.write_off_statuses == (CustomerStatus.BANKRUPT,)
    assert attrs.evolve(policy, version="2").version == "2"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"id": ""}, r"policy\.id"),
        ({"small_balance_min_age_days": -1}, "small_balance_min_age_days"),
        ({"small_balance_min_age_days": 1.5}, "small_balance_min_age_days"),
        ({"bad_debt_min_age_days": 0}, "bad_debt_min_age_days"),
        ({"write_off_small_credits": "yes"}, "write_off_small_credits"),
        ({"allow_partial": 1}, "allow_partial"),
        ({"write_off_statuses": ["broke"]}, r"write_off_statuses\[0\]"),
        ({"method": "cash"}, "method"),
        ({"small_balance_limits": {"USD": money("5", "EUR")}}, r"small_balance_limits\.USD"),
        ({"small_balance_limits": {"USD": money("0", "USD")}}, r"small_balance_limits\.USD"),
        ({"small_balance_limits": ["USD"]}, "small_balance_limits"),
        ({"limitation_periods": ["CO"]}, r"limitation_periods\[0\]"),
        (
            {"limitation_periods": [LimitationPeriod(country="CO", years=3)] * 2},
            r"limitation_periods\[1\]\.country",
        ),
        ({"approvals": None}, "approvals"),
    ],
)
def test_policy_errors_name_the_field(changes: dict[str, object], field: str) -> None:
    with pytest.raises(PolicyError, match=field):
        WriteOffPolicy(**changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"country": "co"}, "country"),
        ({"country": "COL"}, "country"),
        ({"years": 0}, "years"),
        ({"from_year_end": "no"}, "from_year_end"),
        ({"source": None}, "source"),
    ],
)
def test_limitation_period_errors(changes: dict[str, object], field: str) -> None:
    values: dict[str, object] = {"country": "CO", "years": 10, **changes}
    with pytest.raises(PolicyError, match=rf"limitation_period\.{field}"):
        LimitationPeriod(**values)  # type: ignore[arg-type]


def test_decisions_and_policy_have_the_shared_shape() -> None:
    old = AS_OF - dt.timedelta(days=400)
    decisions = [
        *small_balances([_item("A", "1.00", old)], AS_OF),
        bad_debt(_customer("bankrupt"), [_item("B", "10.00", old)], AS_OF),
        recover(_write_off(), money("1.00", "USD"), AS_OF),
    ]
    assert isinstance(WriteOffPolicy(), Policy)
    for decision in decisions:
        assert isinstance(decision, Decision)
        json.dumps([dict(reason.data) for reason in decision.reasons])  # JSON-friendly data


# --- JSON ----------------------------------------------------------------------------------


def test_policy_round_trips_through_json() -> None:
    policy = WriteOffPolicy(
        id="write-offs-latam",
        version="2026-07",
        small_balance_limits={"COP": money("20000", "COP")},
        write_off_statuses=["bankrupt", "dissolved"],
        limitation_periods=[
            LimitationPeriod(country="CO", years=3, source="Código de Comercio art. 789")
        ],
        method="direct",
        allow_partial=False,
    )
    assert interop.from_json(interop.to_json(policy), WriteOffPolicy) == policy
    assert interop.from_json(interop.to_json(WriteOffPolicy()), WriteOffPolicy) == WriteOffPolicy()


def test_a_decision_replays_from_the_json_policy() -> None:
    policy = WriteOffPolicy(version="7", bad_debt_min_age_days=180)
    stored = interop.to_json(policy)
    items = [_item("INV-1", "250.00", AS_OF - dt.timedelta(days=200))]
    first = bad_debt(_customer(), items, AS_OF, policy)
    again = bad_debt(_customer(), items, AS_OF, interop.from_json(stored, WriteOffPolicy))
    assert first == again
    record = json.loads(interop.to_json(first))  # the audit record of the decision
    assert (record["policy_id"], record["policy_version"]) == ("write-offs", "7")
    assert [reason["code"] for reason in record["reasons"]] == _codes(first)


def test_bad_json_policy_reports_every_field() -> None:
    data = interop.unstructure(WriteOffPolicy())
    data["bad_debt_min_age_days"] = 0
    data["method"] = "cash"
    with pytest.raises(ValidationError) as caught:
        interop.structure(data, WriteOffPolicy)
    fields = {problem.field for problem in caught.value.problems}
    assert {"$.bad_debt_min_age_days", "$.method"} <= fields


# --- every decision's entry balances, in zero- and three-decimal currencies ------------------


def _ladder(currency: str) -> ApprovalPolicy:
    return ApprovalPolicy(currency=currency, tiers=[ApprovalTier(authority="controller")])


def _balanced(journal: JournalEntry, currency: str) -> None:
    debits, credits = journal.totals_units()[currency]
    assert debits == credits > 0


@given(
    st.sampled_from(["JPY", "BHD"]).flatmap(
        lambda currency: st.tuples(
            st.just(currency), customer_open_items(currency=currency, min_size=1)
        )
    ),
    st.integers(0, 10**7),
)
def test_write_off_entries_balance_in_jpy_and_bhd_and_decisions_repeat(
    case: tuple[str, list[OpenItem]], hope_units: int
) -> None:
    currency, items = case
    policy = WriteOffPolicy(
        small_balance_limits={currency: from_minor(10**6, currency)},
        write_off_small_credits=True,
        approvals=_ladder(currency),
    )
    small = small_balances(items, AS_OF, policy)
    assert small == small_balances(list(reversed(items)), AS_OF, policy)
    for decision in small:
        assert decision.reasons[0].code
        if decision.outcome is WriteOffOutcome.WRITE_OFF:
            _balanced(decision.journal_entry(ACCOUNTS), currency)
    hope = from_minor(hope_units, currency)
    customer = _customer("bankrupt", currency=currency)
    bad = bad_debt(customer, items, AS_OF, policy, expected_recovery=hope)
    assert bad == bad_debt(customer, list(reversed(items)), AS_OF, policy, expected_recovery=hope)
    assert bad.reasons[0].code == "customer_status" or bad.selected.amount == 0
    if bad.write_off.amount > 0:
        for method in WriteOffMethod:
            journal = attrs.evolve(bad, method=method).journal_entry(
                ACCOUNTS, allowance_available=from_minor(hope_units // 3, currency)
            )
            _balanced(journal, currency)
            assert journal.total_credits(currency) == bad.write_off
        written = Adjustment(
            id="WO-9",
            customer_id="C1",
            kind="write_off",
            amount=bad.write_off,
            date=AS_OF,
        )
        back = recover(written, from_minor(hope_units + 1, currency), AS_OF, policy)
        assert back == recover(written, from_minor(hope_units + 1, currency), AS_OF, policy)
        assert back.reasons[0].code in {"recovery_of_write_off", "partial_recovery"}
        _balanced(back.journal_entry(ACCOUNTS), currency)


@given(
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31)),
    st.integers(1, 30),
    st.booleans(),
)
def test_a_claim_is_alive_on_its_anniversary_and_barred_the_day_after(
    due: dt.date, years: int, from_year_end: bool
) -> None:
    period = LimitationPeriod(country="CO", years=years, from_year_end=from_year_end)
    policy = WriteOffPolicy(bad_debt_min_age_days=100_000, limitation_periods=[period])
    barred = period.expires_on(due)
    start = dt.date(due.year, 12, 31) if from_year_end else due
    assert (barred - start).days in range(365 * years + 1, 366 * years + 2)
    customer = _customer(country="CO")
    item = _item("INV-1", "10.00", due)
    alive = bad_debt(customer, [item], barred - dt.timedelta(days=1), policy)
    assert alive.outcome is WriteOffOutcome.KEEP
    gone = bad_debt(customer, [item], barred, policy)
    assert [i.rule for i in gone.items] == ["statute_of_limitations"]
