"""Which balances may be written off, under which limitation periods, and how are they booked?

A :class:`WriteOffPolicy` holds the small-balance limits and ages, the
statuses and the age that make a debt bad, the limitation periods by
country (:data:`DEFAULT_LIMITATION_PERIODS`, cited), whether a write-off may
be partial, the booking method and the approval ladder.

>>> WriteOffPolicy().method
<WriteOffMethod.ALLOWANCE: 'allowance'>
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping

import attrs
from dateutil.relativedelta import relativedelta

from receivables.decisions import (
    ReadOnlyMapping,
    check_flag,
    check_policy_identity,
    check_whole_number,
)
from receivables.documents import (
    CustomerStatus,
    parse_member,
)
from receivables.errors import PolicyError
from receivables.money import Money, money
from receivables.policies.approvals import (
    ApprovalPolicy,
    ApprovalTier,
    Authority,
    check_ladder,
)
from receivables.validators import check_items, check_whole

__all__ = [
    "DEFAULT_LIMITATION_PERIODS",
    "LimitationPeriod",
    "WriteOffMethod",
    "WriteOffOutcome",
    "WriteOffPolicy",
]


class WriteOffMethod(enum.StrEnum):
    """How write-offs are booked: against an allowance already expensed, or straight to expense.

    >>> WriteOffMethod("direct")
    <WriteOffMethod.DIRECT: 'direct'>
    """

    ALLOWANCE = "allowance"
    DIRECT = "direct"


class WriteOffOutcome(enum.StrEnum):
    """What to do with a balance.

    >>> [outcome.value for outcome in WriteOffOutcome]
    ['write_off', 'partial_write_off', 'keep']
    """

    WRITE_OFF = "write_off"
    PARTIAL_WRITE_OFF = "partial_write_off"
    KEEP = "keep"


@attrs.frozen(kw_only=True)
class LimitationPeriod:
    """A country's limitation period for collecting a trade debt, with its legal source.

    >>> period = LimitationPeriod(country="DE", years=3, from_year_end=True, source="BGB §§195, 199")
    >>> period.expires_on(dt.date(2022, 3, 31))
    datetime.date(2026, 1, 1)
    >>> LimitationPeriod(country="Colombia", years=10)
    Traceback (most recent call last):
    ...
    receivables.errors.PolicyError: limitation_period.country: got 'Colombia'; expected an ISO 3166 alpha-2 code such as 'CO'
    """

    country: str
    years: int
    from_year_end: bool = False
    source: str = ""

    def __attrs_post_init__(self) -> None:
        country = self.country
        if not (isinstance(country, str) and len(country) == 2 and country.isalpha()):
            raise PolicyError(
                "limitation_period.country", country, "an ISO 3166 alpha-2 code such as 'CO'"
            )
        if not country.isupper():
            raise PolicyError(
                "limitation_period.country", country, "an ISO 3166 alpha-2 code such as 'CO'"
            )
        check_whole(
            "limitation_period.years",
            self.years,
            1,
            expected="a whole number of 1 or more",
            error=PolicyError,
        )
        if not isinstance(self.from_year_end, bool):
            raise PolicyError("limitation_period.from_year_end", self.from_year_end, "a bool")
        if not isinstance(self.source, str):
            raise PolicyError("limitation_period.source", self.source, "a string citing the law")

    def expires_on(self, due_date: dt.date) -> dt.date:
        """The first day the claim on a debt due on ``due_date`` is barred.

        The day the period starts from is not counted and its last day is
        (BGB §§187(1), 188(2); FRCP 6(a)(1)): the claim can still be enforced
        on the anniversary, ``years`` after the start, and is barred the day
        after. A German claim of 2022 lapses at the end of 31 December 2025.

        >>> LimitationPeriod(country="US", years=4).expires_on(dt.date(2020, 2, 29))
        datetime.date(2024, 3, 1)
        """
        start = dt.date(due_date.year, 12, 31) if self.from_year_end else due_date
        return start + relativedelta(years=self.years) + dt.timedelta(days=1)


DEFAULT_LIMITATION_PERIODS: tuple[LimitationPeriod, ...] = (
    LimitationPeriod(
        country="CO",
        years=10,
        source="Código Civil art. 2536 (Ley 791 de 2002 art. 8): acción ordinaria 10 años",
    ),
    LimitationPeriod(country="DE", years=3, from_year_end=True, source="BGB §195, §199(1)"),
    LimitationPeriod(country="US", years=4, source="UCC §2-725(1); states vary"),
)
"""Colombia, Germany and the United States; see the module docstring for the sources."""


def _default_small_limits() -> Mapping[str, Money]:
    return {"EUR": money("5.00", "EUR"), "USD": money("5.00", "USD")}


def _small_limits(value: Mapping[str, Money]) -> Mapping[str, Money]:
    if not isinstance(value, Mapping):
        raise PolicyError(
            "write_off_policy.small_balance_limits", value, "a mapping currency → Money"
        )
    limits = {}
    for currency, limit in sorted(value.items()):
        field = f"write_off_policy.small_balance_limits.{currency}"
        if not isinstance(limit, Money) or limit.code != currency or limit.amount <= 0:
            raise PolicyError(field, limit, f"a positive Money in {currency}")
        limits[currency] = limit
    return ReadOnlyMapping(limits)


def _statuses(value: Iterable[object]) -> tuple[CustomerStatus, ...]:
    return tuple(
        parse_member(
            CustomerStatus, status, f"write_off_policy.write_off_statuses[{index}]", PolicyError
        )
        for index, status in enumerate(
            check_items("write_off_policy.write_off_statuses", value, error=PolicyError)
        )
    )


def _periods(value: Iterable[LimitationPeriod]) -> tuple[LimitationPeriod, ...]:
    return check_items("write_off_policy.limitation_periods", value, error=PolicyError)


def _method(value: object) -> WriteOffMethod:
    return parse_member(WriteOffMethod, value, "write_off_policy.method", PolicyError)


def _default_statuses() -> tuple[CustomerStatus, ...]:
    return (
        CustomerStatus.BANKRUPT,
        CustomerStatus.DISSOLVED,
        CustomerStatus.DECEASED,
        CustomerStatus.DISPUTE_LOST,
        CustomerStatus.UNCOLLECTIBLE,
    )


def _default_approvals() -> ApprovalPolicy:
    return ApprovalPolicy(
        id="write-off-approvals",
        version="1",
        currency="USD",
        tiers=(
            ApprovalTier(authority=Authority.ANALYST, up_to=money("100.00", "USD")),
            ApprovalTier(authority=Authority.LEAD, up_to=money("1000.00", "USD")),
            ApprovalTier(authority=Authority.MANAGER, up_to=money("10000.00", "USD")),
            ApprovalTier(authority=Authority.CONTROLLER, up_to=money("100000.00", "USD")),
        ),
    )


@attrs.frozen(kw_only=True)
class WriteOffPolicy:
    """When balances are written off, and who approves.

    >>> WriteOffPolicy().limitation("CO").years
    10
    >>> WriteOffPolicy(bad_debt_min_age_days=-1)
    Traceback (most recent call last):
    ...
    receivables.errors.PolicyError: write_off_policy.bad_debt_min_age_days: got -1; expected a whole number of 1 or more
    """

    id: str = "write-offs"
    version: str = "1"
    small_balance_limits: Mapping[str, Money] = attrs.field(
        factory=_default_small_limits, converter=_small_limits, hash=False
    )
    small_balance_min_age_days: int = attrs.field(
        default=90,
        validator=check_whole_number("write_off_policy", 0, "a whole number of 0 or more"),
    )
    write_off_small_credits: bool = attrs.field(
        default=False, validator=check_flag("write_off_policy")
    )
    bad_debt_min_age_days: int = attrs.field(
        default=365,
        validator=check_whole_number("write_off_policy", 1, "a whole number of 1 or more"),
    )
    write_off_statuses: tuple[CustomerStatus, ...] = attrs.field(
        factory=_default_statuses, converter=_statuses
    )
    limitation_periods: tuple[LimitationPeriod, ...] = attrs.field(
        default=DEFAULT_LIMITATION_PERIODS, converter=_periods
    )
    method: WriteOffMethod = attrs.field(default=WriteOffMethod.ALLOWANCE, converter=_method)
    allow_partial: bool = attrs.field(default=True, validator=check_flag("write_off_policy"))
    approvals: ApprovalPolicy = attrs.field(
        factory=_default_approvals, validator=check_ladder("write_off_policy")
    )

    def __attrs_post_init__(self) -> None:
        check_policy_identity(self.id, self.version)

    @limitation_periods.validator
    def _check_periods(
        self,
        attribute: attrs.Attribute[tuple[LimitationPeriod, ...]],
        value: tuple[LimitationPeriod, ...],
    ) -> None:
        seen: set[str] = set()
        for index, period in enumerate(value):
            field = f"write_off_policy.limitation_periods[{index}]"
            if not isinstance(period, LimitationPeriod):
                raise PolicyError(field, period, "a LimitationPeriod")
            if period.country in seen:
                raise PolicyError(f"{field}.country", period.country, "one period per country")
            seen.add(period.country)

    def limitation(self, country: str) -> LimitationPeriod | None:
        """The limitation period for ``country``, or ``None`` when the table has none.

        >>> WriteOffPolicy().limitation("US").years, WriteOffPolicy().limitation("FR")
        (4, None)
        """
        for period in self.limitation_periods:
            if period.country == country:
                return period
        return None
