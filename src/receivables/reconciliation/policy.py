"""How near a date and how small a difference still count when reconciling an account?

The :class:`ReconciliationPolicy` is frozen data with an ``id`` and a
``version`` that every difference records, buildable from JSON with
:func:`receivables.interop.structure`.

>>> from receivables.interop import structure
>>> structure({"transit_days": 5}, ReconciliationPolicy).transit_days
5
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

import attrs

from receivables.decisions import check_policy_identity
from receivables.errors import PolicyError
from receivables.money import Money, to_minor

__all__ = ["DEFAULT_POLICY", "ReconciliationPolicy"]


def _whole(owner: str, what: str) -> Any:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise PolicyError(f"{owner}.{attribute.name}", value, what)

    return check


def _tolerances(value: Iterable[Money]) -> tuple[Money, ...]:
    if isinstance(value, Money | str | Mapping) or not isinstance(value, Iterable):
        raise PolicyError("reconciliation_policy.tolerances", value, "a list of Money")
    found = tuple(value)
    seen: set[str] = set()
    for index, amount in enumerate(found):
        field = f"reconciliation_policy.tolerances[{index}]"
        if not isinstance(amount, Money) or amount.amount < 0:
            raise PolicyError(field, amount, "a Money of zero or more")
        if amount.code in seen:
            raise PolicyError(field, amount, "one tolerance per currency")
        seen.add(amount.code)
    return found


def _identity(policy: ReconciliationPolicy, attribute: attrs.Attribute[str], value: str) -> None:
    if attribute.name == "id":
        check_policy_identity(value, "1")
    else:
        check_policy_identity("policy", value)


@attrs.frozen(kw_only=True)
class ReconciliationPolicy:
    """How near a date and how small a difference still count, as data.

    ``transit_days``: their payment dated this many days before the cut-off
    or fewer, unknown to us, is in transit. ``date_tolerance_days``: how far
    apart two lines of one amount may be dated to match when their numbers do
    not. ``tolerances``: per currency, the largest matched difference taken as
    rounding. ``short_form_length``: the fewest characters a short form needs.

    >>> ReconciliationPolicy(transit_days=-1)
    Traceback (most recent call last):
    ...
    receivables.errors.PolicyError: reconciliation_policy.transit_days: got -1; expected a whole number of days, 0 or more
    """

    id: str = attrs.field(default="account-reconciliation", validator=_identity)
    version: str = attrs.field(default="1", validator=_identity)
    transit_days: int = attrs.field(
        default=10, validator=_whole("reconciliation_policy", "a whole number of days, 0 or more")
    )
    date_tolerance_days: int = attrs.field(
        default=5, validator=_whole("reconciliation_policy", "a whole number of days, 0 or more")
    )
    tolerances: tuple[Money, ...] = attrs.field(default=(), converter=_tolerances)
    short_form_length: int = attrs.field(
        default=4, validator=_whole("reconciliation_policy", "a whole number of characters")
    )
    match_by_amount: bool = attrs.field(default=True)

    @match_by_amount.validator
    def _check_flag(self, attribute: attrs.Attribute[bool], value: object) -> None:
        if not isinstance(value, bool):
            raise PolicyError("reconciliation_policy.match_by_amount", value, "a bool")

    def tolerance(self, currency: str) -> int:
        """The rounding tolerance for ``currency`` in minor units (0 when none is set).

        >>> from receivables.money import money
        >>> ReconciliationPolicy(tolerances=[money("1.00", "USD")]).tolerance("USD")
        100
        """
        return next((to_minor(t) for t in self.tolerances if t.code == currency), 0)


DEFAULT_POLICY: Final = ReconciliationPolicy()
"""Ten days in transit, five days to match by amount, no rounding tolerance."""
