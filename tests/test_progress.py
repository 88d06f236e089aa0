"""Progress reporting: callables, tqdm-like objects, and a clear error for anything else."""

import pytest

from receivables.errors import ValidationError
from receivables.progress import Updatable, reporter


class Bar:
    def __init__(self) -> None:
        self.n = 0

    def update(self, n: int = 1) -> None:
        self.n += n


def test_an_object_with_update_is_told_through_update() -> None:
    bar = Bar()
    tick = reporter(bar)
    tick(1000)
    tick(0)
    tick(7)
    assert bar.n == 1007
    assert isinstance(bar, Updatable)


def test_a_callable_is_called_with_counts_but_never_zero() -> None:
    seen: list[int] = []
    tick = reporter(seen.append)
    for count in (3, 0, 4):
        tick(count)
    assert seen == [3, 4]


def test_none_reports_nothing() -> None:
    assert reporter(None)(10) is None


@pytest.mark.parametrize("bad", [42, "tqdm", object()])
def test_anything_else_is_refused_up_front(bad: object) -> None:
    with pytest.raises(ValidationError, match="progress"):
        reporter(bad)  # type: ignore[arg-type]
