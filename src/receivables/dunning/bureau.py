"""May we report this account to a credit bureau yet, and which reports must we correct?

Credit-bureau reporting is eligible only when the amount is at least
``BureauRules.min_amount`` and a prior notice was sent at least
``notice_days`` before (``bureau_notice_period``); without a notice the step
is the notice itself (``bureau_notice_required``). Colombia's Ley 1266 de 2008,
art. 12, allows the negative report only 20 calendar days after the notice was
sent to the debtor; the period runs from the latest notice on file (in
``bureau_notices``, or a step whose action is ``bureau_notice``, which never
counts as the level itself). Items reported before and now paid produce a
correction (``bureau_correction_due``), whatever the outcome, until a
correction dated on or after the item's latest report is on file.

>>> BureauRules(notice_days=-1)
Traceback (most recent call last):
...
receivables.errors.PolicyError: bureau_rules.notice_days: got -1; expected a whole number of 0 or more
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any

import attrs

from receivables.decisions import Reason, check_whole_number
from receivables.dunning.levels import Action, _decimal, _name
from receivables.errors import ValidationError

__all__ = ["BureauReport", "BureauRules"]

_min_amount = _decimal("bureau_rules.min_amount", amount=True)


def _c_bureau_rules_min_amount(value: object) -> Decimal:
    return _min_amount(value)


@attrs.frozen(kw_only=True)
class BureauRules:
    """A credit-bureau report needs ``min_amount`` (major units) overdue and a notice
    sent ``notice_days`` before; 20 days is Colombia's Ley 1266 de 2008, art. 12.

    >>> BureauRules().notice_days
    20
    """

    notice_days: int = attrs.field(
        default=20, validator=check_whole_number("bureau_rules", 0, "a whole number of 0 or more")
    )
    min_amount: Decimal = attrs.field(default=Decimal(0), converter=_c_bureau_rules_min_amount)
    notice_template: str = attrs.field(
        default="bureau_notice", validator=_name("bureau_rules.notice_template")
    )


def date_check(field: str) -> Callable[[object, attrs.Attribute[Any], object], None]:
    """An attrs validator: ``field`` is a ``datetime.date`` (not a datetime)."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            raise ValidationError(field, value, "a datetime.date")

    return check


_corrected_on = date_check("bureau_report.corrected_on")


@attrs.frozen(kw_only=True)
class BureauReport:
    """Item ``item`` reported to a credit bureau on ``reported_on``; ``corrected_on`` once fixed.

    >>> BureauReport(item="INV-1", reported_on=dt.date(2026, 1, 5)).corrected_on is None
    True
    """

    item: str = attrs.field()
    reported_on: dt.date = attrs.field(validator=date_check("bureau_report.reported_on"))
    corrected_on: dt.date | None = attrs.field(default=None)

    @item.validator
    def _check_item(self, attribute: attrs.Attribute[str], value: object) -> None:
        if not isinstance(value, str) or not value.strip():
            raise ValidationError("bureau_report.item", value, "an item number")

    @corrected_on.validator
    def _check_corrected(self, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            _corrected_on(self, attribute, value)
            if value < self.reported_on:  # type: ignore[operator]
                raise ValidationError(
                    "bureau_report.corrected_on",
                    value,
                    f"None or a date on or after reported_on {self.reported_on.isoformat()}",
                )


# --- the bureau rules -----------------------------------------------------------------------


def corrections(
    reported: Sequence[BureauReport], open_numbers: set[str], as_of: dt.date
) -> tuple[str, ...]:
    """Paid items whose latest report on file has no correction on or after it.

    Judged per item, not per record: one correction made after the item's
    latest report settles every record of it, so a paid item is corrected once.
    """
    latest: dict[str, dt.date] = {}
    corrected: dict[str, dt.date] = {}
    for report in reported:
        if report.reported_on > as_of or report.item in open_numbers:
            continue
        if report.item not in latest or report.reported_on > latest[report.item]:
            latest[report.item] = report.reported_on
        fixed = report.corrected_on
        if fixed is not None and fixed <= as_of and fixed > corrected.get(report.item, dt.date.min):
            corrected[report.item] = fixed
    return tuple(
        sorted(
            number
            for number, on in latest.items()
            if number not in corrected or corrected[number] < on
        )
    )


def correction_due(items: tuple[str, ...]) -> Reason | None:
    """Reported items now paid: their correction is due."""
    if not items:
        return None
    return Reason(
        "bureau_correction_due",
        f"Reported item(s) {', '.join(items)} are paid: report the correction.",
        {"items": list(items)},
    )


def below_minimum(
    rules: BureauRules, units: int, minimum: Decimal, currency: str, base: dict[str, Any]
) -> Reason | None:
    """The amount overdue is below the bureau's minimum (``minimum`` in minor units)."""
    if units >= minimum:
        return None
    return Reason(
        "bureau_below_minimum",
        f"A bureau report needs {rules.min_amount} {currency} overdue; the account "
        f"has {base['overdue']}.",
        {**base, "min_amount": str(rules.min_amount)},
    )


def notices_on_file(
    notices: Iterable[dt.date], steps: Iterable[Any], as_of: dt.date
) -> list[dt.date]:
    """The notices sent on or before ``as_of``: dates on file and ``bureau_notice`` steps."""
    return [day for day in notices if day <= as_of] + [
        step.on for step in steps if step.action is Action.BUREAU_NOTICE and step.on <= as_of
    ]


def notice_rule(
    rules: BureauRules, sent: Sequence[dt.date], as_of: dt.date
) -> tuple[Reason, dt.date | None]:
    """Whether the notice period has run: the reason, and the day a report is allowed if later.

    Without a notice on file the reason is ``bureau_notice_required`` (the step
    becomes the notice); a notice too recent gives ``bureau_notice_period`` and
    the day the report becomes eligible; an old enough one ``bureau_notice_given``.
    """
    if not sent:
        return (
            Reason(
                "bureau_notice_required",
                f"A bureau report needs a notice {rules.notice_days} days before; send it.",
                {"notice_days": rules.notice_days},
            ),
            None,
        )
    last = max(sent)
    eligible = last + dt.timedelta(days=rules.notice_days)
    if as_of < eligible:
        return (
            Reason(
                "bureau_notice_period",
                f"The notice sent on {last.isoformat()} allows a report from "
                f"{eligible.isoformat()}.",
                {"notice_sent": last.isoformat(), "eligible_on": eligible.isoformat()},
            ),
            eligible,
        )
    return (
        Reason(
            "bureau_notice_given",
            f"Notice sent on {last.isoformat()}, {rules.notice_days}+ days ago.",
            {"notice_sent": last.isoformat()},
        ),
        None,
    )
