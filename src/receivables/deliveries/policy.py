"""How are unbilled deliveries aged, and which differences are let through?

The :class:`DeliveryPolicy` is frozen data with an ``id`` and a ``version``
that every finding records, buildable from JSON with
:func:`receivables.interop.structure`.

>>> DeliveryPolicy(ageing_bounds=[15, 45]).labels()
('0-15', '16-45', 'over 45')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Final

import attrs

from receivables.decisions import check_policy_identity
from receivables.errors import PolicyError
from receivables.money import Money

__all__ = ["DEFAULT_POLICY", "DeliveryPolicy"]


def _bounds(value: Iterable[int]) -> tuple[int, ...]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise PolicyError("delivery_policy.ageing_bounds", value, "a list of whole days")
    found = tuple(value)
    if not found:
        raise PolicyError("delivery_policy.ageing_bounds", found, "at least one bound")
    for index, bound in enumerate(found):
        if isinstance(bound, bool) or not isinstance(bound, int) or bound < 0:
            raise PolicyError(f"delivery_policy.ageing_bounds[{index}]", bound, "whole days, 0+")
        if index and bound <= found[index - 1]:
            raise PolicyError(
                f"delivery_policy.ageing_bounds[{index}]", bound, "bounds in increasing order"
            )
    return found


def _tolerances(value: Iterable[Money]) -> tuple[Money, ...]:
    if isinstance(value, Money | str | Mapping) or not isinstance(value, Iterable):
        raise PolicyError("delivery_policy.tolerances", value, "a list of Money")
    found = tuple(value)
    seen: set[str] = set()
    for index, amount in enumerate(found):
        field = f"delivery_policy.tolerances[{index}]"
        if not isinstance(amount, Money) or amount.amount < 0:
            raise PolicyError(field, amount, "a Money of zero or more")
        if amount.code in seen:
            raise PolicyError(field, amount, "one tolerance per currency")
        seen.add(amount.code)
    return found


def _quantity_tolerance(value: object) -> Decimal:
    if isinstance(value, bool | float) or not isinstance(value, int | str | Decimal):
        raise PolicyError("delivery_policy.quantity_tolerance", value, "a decimal of 0 or more")
    try:
        found = Decimal(value)
    except InvalidOperation:
        raise PolicyError(
            "delivery_policy.quantity_tolerance", value, "a decimal of 0 or more"
        ) from None
    if not found.is_finite() or found < 0:
        raise PolicyError("delivery_policy.quantity_tolerance", value, "a decimal of 0 or more")
    return found


def _identity(policy: DeliveryPolicy, attribute: attrs.Attribute[str], value: str) -> None:
    if attribute.name == "id":
        check_policy_identity(value, "1")
    else:
        check_policy_identity("policy", value)


@attrs.frozen(kw_only=True)
class DeliveryPolicy:
    """The ageing buckets of unbilled deliveries and the differences let through, as data.

    ``ageing_bounds`` are the upper bounds in days since delivery: ``(7, 30, 60)``
    gives 0-7, 8-30, 31-60 and over 60. ``tolerances`` (per currency) and
    ``quantity_tolerance`` are the largest differences still taken as agreed.

    >>> DeliveryPolicy(ageing_bounds=[30, 7])
    Traceback (most recent call last):
    ...
    receivables.errors.PolicyError: delivery_policy.ageing_bounds[1]: got 7; expected bounds in increasing order
    """

    id: str = attrs.field(default="delivery-notes", validator=_identity)
    version: str = attrs.field(default="1", validator=_identity)
    ageing_bounds: tuple[int, ...] = attrs.field(default=(7, 30, 60), converter=_bounds)
    tolerances: tuple[Money, ...] = attrs.field(default=(), converter=_tolerances)
    quantity_tolerance: Decimal = attrs.field(default=Decimal(0), converter=_quantity_tolerance)

    def labels(self) -> tuple[str, ...]:
        """The ageing bucket labels.

        >>> DeliveryPolicy().labels()
        ('0-7', '8-30', '31-60', 'over 60')
        """
        low = 0
        labels = []
        for bound in self.ageing_bounds:
            labels.append(f"{low}-{bound}")
            low = bound + 1
        return (*labels, f"over {self.ageing_bounds[-1]}")

    def bucket(self, days: int) -> str:
        """The label of the bucket ``days`` since delivery fall in.

        >>> DeliveryPolicy().bucket(7), DeliveryPolicy().bucket(8), DeliveryPolicy().bucket(90)
        ('0-7', '8-30', 'over 60')
        """
        labels = self.labels()
        for index, bound in enumerate(self.ageing_bounds):
            if days <= bound:
                return labels[index]
        return labels[-1]


DEFAULT_POLICY: Final = DeliveryPolicy()
"""Unbilled deliveries aged 0-7, 8-30, 31-60 and over 60 days; no tolerance."""
