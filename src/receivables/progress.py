"""How far along is a long run?

Engines that see volume (cash application, aging, dunning, partitioned runs)
accept an optional ``progress``: a callable taking the number of items just
done, or a tqdm-like object with ``update(n)``. They never print; the host
decides how to show progress. :func:`reporter` checks what was given once and
returns a plain function the engine calls with counts.

>>> seen = []
>>> tick = reporter(seen.append)
>>> tick(1000); tick(0); tick(24)
>>> seen
[1000, 24]
>>> reporter(None)(5)  # no progress wanted: nothing happens
>>> reporter(42)
Traceback (most recent call last):
...
receivables.errors.ValidationError: progress: got 42; expected a callable taking a count, or an object with update(n) such as tqdm
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, runtime_checkable

from receivables.errors import ValidationError

__all__ = ["Progress", "Updatable", "reporter"]


@runtime_checkable
class Updatable(Protocol):
    """A tqdm-like progress bar: told how many more items are done.

    >>> class Bar:
    ...     def update(self, n=1):
    ...         print(f"+{n}")
    >>> isinstance(Bar(), Updatable), isinstance(print, Updatable)
    (True, False)
    """

    def update(self, n: int = 1) -> object:
        """Advance by ``n`` items.

        >>> class Bar:
        ...     def update(self, n=1):
        ...         print(f"+{n}")
        >>> reporter(Bar())(250)
        +250
        """


Progress = Callable[[int], object] | Updatable
"""What an engine's ``progress`` parameter accepts."""


def reporter(progress: Progress | None) -> Callable[[int], None]:
    """A function to call with each count done; checks ``progress`` once, up front.

    An object with ``update`` (tqdm) is told through ``update``; otherwise a
    callable is called. Counts of zero are not passed on.

    >>> class Bar:
    ...     total = 0
    ...     def update(self, n=1):
    ...         self.total += n
    >>> bar = Bar()
    >>> tick = reporter(bar)
    >>> tick(100); tick(0); tick(50)
    >>> bar.total
    150
    """
    if progress is None:
        return _nothing
    update = getattr(progress, "update", None)
    target: Callable[[int], object]
    if callable(update):
        target = update
    elif callable(progress):
        target = progress
    else:
        raise ValidationError(
            "progress",
            progress,
            "a callable taking a count, or an object with update(n) such as tqdm",
        )

    def tick(done: int) -> None:
        if done:
            target(done)

    return tick


def _nothing(done: int) -> None:
    return None
