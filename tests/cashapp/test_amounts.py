"""Subset sums on integer minor units: exact, windowed, bounded, ordered."""

import itertools

from hypothesis import given
from hypothesis import strategies as st

from receivables.cashapp.amounts import SubsetSearch, subsets_summing_to


def brute_force(amounts: list[int], low: int, high: int, k: int) -> set[tuple[int, ...]]:
    found = set()
    for size in range(1, k + 1):
        for combo in itertools.combinations(range(len(amounts)), size):
            if low <= sum(amounts[i] for i in combo) <= high:
                found.add(combo)
    return found


def test_one_invoice_exactly() -> None:
    assert subsets_summing_to([1200, 500, 700], 500).subsets[0] == (1,)


def test_several_invoices_for_one_payment() -> None:
    found = subsets_summing_to([10000, 2550, 7450, 3000, 123], 10123)
    assert (0, 4) in found.subsets


def test_window_for_a_short_payment() -> None:
    found = subsets_summing_to([10000, 5000], 14990, above=20)
    assert found.subsets == ((0, 1),)
    assert found.totals == (15000,)


def test_unreachable_is_skipped() -> None:
    assert subsets_summing_to([10, 20], 1000) == SubsetSearch((), (), True)
    assert subsets_summing_to([500, 600], 100) == SubsetSearch((), (), True)
    assert subsets_summing_to([], 100) == SubsetSearch((), (), True)


def test_work_bound_shrinks_the_search_and_says_so() -> None:
    found = subsets_summing_to(list(range(1, 41)), 39 + 40, max_items=5, max_work=2000)
    assert not found.complete
    assert all(sum(i + 1 for i in subset) == 79 for subset in found.subsets)


def test_limit_cuts_and_says_so() -> None:
    found = subsets_summing_to([1] * 10, 2, limit=3)
    assert len(found.subsets) == 3
    assert not found.complete


def test_fewest_items_come_first() -> None:
    found = subsets_summing_to([300, 100, 200], 300)
    assert found.subsets == ((0,), (1, 2))


@given(
    st.lists(st.integers(1, 60), min_size=1, max_size=12),
    st.integers(1, 200),
    st.integers(0, 5),
    st.integers(1, 4),
)
def test_meet_in_the_middle_agrees_with_brute_force(
    amounts: list[int], target: int, above: int, k: int
) -> None:
    found = subsets_summing_to(amounts, target, above=above, max_items=k, limit=10_000)
    expected = brute_force(amounts, target, target + above, k)
    assert set(found.subsets) == expected
    for subset, total in zip(found.subsets, found.totals, strict=True):
        assert total == sum(amounts[i] for i in subset)
        assert len(subset) <= k
        assert list(subset) == sorted(set(subset))
