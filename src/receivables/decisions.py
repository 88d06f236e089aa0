"""Why did the library decide what it decided, and under which policy?

Every engine returns decisions (a match, a hold, a dunning step, a write-off
verdict) that carry their ``reasons``: a tuple of :class:`Reason` with a
stable machine-readable ``code``, a sentence for a person, and the numbers
behind it in ``data``. Policies carry an ``id`` and a ``version`` that the
decision records, so an auditor can replay it from its inputs and the policy.

The shapes every engine follows are named here as protocols, the way
python-stdnum names the little interface each of its modules share.

>>> reason = Reason("short_pay_within_tolerance", "Short by 0.40 USD, inside 1.00 USD.",
...                 {"short": "0.40", "tolerance": "1.00"})
>>> reason.code
'short_pay_within_tolerance'
>>> print(reason)
[short_pay_within_tolerance] Short by 0.40 USD, inside 1.00 USD.
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Protocol, TypeVar, runtime_checkable

import attrs

from receivables.errors import PolicyError, ValidationError
from receivables.validators import flag, whole_number

__all__ = [
    "Decision",
    "Engine",
    "Policy",
    "ReadOnlyMapping",
    "Reason",
    "check_flag",
    "check_policy_identity",
    "check_whole_number",
    "engine_departures",
]

_CODE = re.compile(r"^[a-z][a-z0-9_]*$")

_K = TypeVar("_K")
_V = TypeVar("_V")
_Inputs = TypeVar("_Inputs", contravariant=True)
_Policy = TypeVar("_Policy", contravariant=True)
_Result = TypeVar("_Result", covariant=True)


class ReadOnlyMapping(Mapping[_K, _V]):
    """A mapping nobody can change, that pickles and deep-copies (``MappingProxyType`` does not).

    Policies and reasons hold their tables in one, so a decision or a policy
    can be shipped to another process (Dask, multiprocessing) and replayed.

    >>> import pickle
    >>> limits = ReadOnlyMapping({"USD": 5, "EUR": 5})
    >>> limits["USD"], pickle.loads(pickle.dumps(limits)) == limits
    (5, True)
    >>> limits["USD"] = 6
    Traceback (most recent call last):
    ...
    TypeError: 'ReadOnlyMapping' object does not support item assignment
    """

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[_K, _V] | None = None) -> None:
        try:
            self._data: dict[_K, _V] = dict(data or {})
        except (TypeError, ValueError):
            raise ValidationError("data", data, "a mapping (or None)") from None

    def __getitem__(self, key: _K) -> _V:
        return self._data[key]

    def __iter__(self) -> Iterator[_K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return repr(self._data)

    def __hash__(self) -> int:
        return hash(frozenset(self._data.items()))

    def __reduce__(self) -> tuple[object, ...]:
        return (ReadOnlyMapping, (self._data,))


def _frozen_data(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    if value is None:
        return ReadOnlyMapping()
    if not isinstance(value, Mapping) or not all(isinstance(key, str) for key in value):
        raise ValidationError("reason.data", value, "a mapping of str keys to JSON-friendly values")
    return ReadOnlyMapping(value)


@attrs.frozen
class Reason:
    """One reason behind a decision: a stable ``code``, a sentence, and its numbers.

    ``code`` is snake_case and never changes meaning between versions; hosts
    key on it. ``data`` holds JSON-friendly values (strings for amounts).

    >>> Reason("over_limit", "Over the limit.", {"limit": "5000.00"}).data["limit"]
    '5000.00'
    >>> Reason("Over limit", "Over the limit.")
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: reason.code: got 'Over limit'; expected a snake_case code such as 'over_limit'
    """

    code: str = attrs.field()
    message: str = attrs.field()
    data: Mapping[str, Any] = attrs.field(factory=dict, converter=_frozen_data, eq=False)

    @code.validator
    def _check_code(self, attribute: attrs.Attribute[str], value: str) -> None:
        if not isinstance(value, str) or not _CODE.fullmatch(value):
            raise ValidationError("reason.code", value, "a snake_case code such as 'over_limit'")

    @message.validator
    def _check_message(self, attribute: attrs.Attribute[str], value: str) -> None:
        if not isinstance(value, str):
            raise ValidationError("reason.message", value, "a sentence (str)")

    def __reduce__(self) -> tuple[object, ...]:
        """Pickled (and deep-copied) through a plain dict: the read-only view cannot be.

        >>> import pickle
        >>> pickle.loads(pickle.dumps(Reason("over_limit", "Over.", {"limit": "5.00"}))).data
        {'limit': '5.00'}
        """
        return (Reason, (self.code, self.message, dict(self.data)))

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"

    def __hash__(self) -> int:
        return hash((self.code, self.message))


@runtime_checkable
class Policy(Protocol):
    """What every policy has: who it is and which version of it decided.

    >>> @attrs.frozen
    ... class RebatePolicy:
    ...     id: str = "rebates"
    ...     version: str = "1"
    >>> isinstance(RebatePolicy(), Policy)
    True
    """

    @property
    def id(self) -> str:
        """Which policy decided, e.g. ``"write-offs"``."""
        ...

    @property
    def version(self) -> str:
        """Which version of it, e.g. ``"2026-01"``."""
        ...


@runtime_checkable
class Decision(Protocol):
    """What every decision has: an outcome and the reasons for it.

    >>> @attrs.frozen
    ... class Verdict:
    ...     outcome: str = "hold"
    ...     reasons: tuple[Reason, ...] = (Reason("over_limit", "Over the limit."),)
    >>> isinstance(Verdict(), Decision)
    True
    """

    @property
    def outcome(self) -> Any:
        """What was decided, as an enum member of the deciding engine."""
        ...

    @property
    def reasons(self) -> tuple[Reason, ...]:
        """Why it was decided, one :class:`Reason` per rule that fired."""
        ...


class Engine(Protocol[_Inputs, _Policy, _Result]):
    """The one shape of an engine: ``verb(inputs, *, as_of, policy=None) -> decision or report``.

    ``as_of`` is the day the engine judges (never a clock); ``policy`` is
    optional and its default is documented on the engine; ``rates=None`` (a
    :class:`~receivables.money.RateTable`) and ``progress=None`` (a
    tqdm-compatible callback) follow where an engine converts currencies or
    runs long. The result is a frozen value carrying ``reasons`` and the
    policy's ``id`` and ``version``. Engines written before the shape also
    take ``as_of`` and ``policy`` by position, which keeps working;
    :func:`engine_departures` says where a function differs from the shape.

    >>> @attrs.frozen
    ... class Verdict:
    ...     outcome: str
    ...     reasons: tuple[Reason, ...] = ()
    >>> def judge(items: list[int], *, as_of: dt.date, policy: int | None = None) -> Verdict:
    ...     return Verdict("hold" if sum(items) > (policy or 10) else "release")
    >>> engine: Engine[list[int], int, Verdict] = judge
    >>> engine([4, 9], as_of=dt.date(2026, 3, 1)).outcome
    'hold'
    """

    def __call__(
        self, inputs: _Inputs, /, *, as_of: dt.date, policy: _Policy | None = None
    ) -> _Result:
        """Judge ``inputs`` on ``as_of`` under ``policy`` (its documented default when None)."""
        ...


def engine_departures(function: Callable[..., Any]) -> tuple[str, ...]:
    """Where ``function``'s signature departs from the :class:`Engine` shape (empty: none).

    Checked: an ``as_of`` that can be given by keyword; a ``policy``, ``rates``
    or ``progress`` (when there is one) that can be given by keyword and
    defaults to None.

    >>> def age(items, as_of, policy=None): ...
    >>> engine_departures(age)
    ()
    >>> def bucket(items, on, policy): ...
    >>> engine_departures(bucket)
    ('no as_of parameter', 'policy has no default of None')
    """
    try:
        parameters = inspect.signature(function).parameters
    except (TypeError, ValueError):
        raise ValidationError("function", function, "a Python function or class") from None
    keyword = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    found: list[str] = []
    as_of = parameters.get("as_of")
    if as_of is None:
        found.append("no as_of parameter")
    elif as_of.kind not in keyword:
        found.append("as_of cannot be given by keyword")
    for name in ("policy", "rates", "progress"):
        parameter = parameters.get(name)
        if parameter is None:
            continue
        if parameter.kind not in keyword:
            found.append(f"{name} cannot be given by keyword")
        if parameter.default is not None:
            found.append(f"{name} has no default of None")
    return tuple(found)


def check_policy_identity(policy_id: object, version: object) -> None:
    """Validate a policy's ``id`` and ``version``: non-empty strings.

    >>> check_policy_identity("write-offs", "2026-01")
    >>> check_policy_identity("", "1")
    Traceback (most recent call last):
    ...
    receivables.errors.PolicyError: policy.id: got ''; expected a non-empty string identifying the policy
    """
    if not isinstance(policy_id, str) or not policy_id.strip():
        raise PolicyError("policy.id", policy_id, "a non-empty string identifying the policy")
    if not isinstance(version, str) or not version.strip():
        raise PolicyError("policy.version", version, "a non-empty version string such as '1'")


def check_whole_number(
    owner: str, low: int, what: str
) -> Callable[[Any, attrs.Attribute[Any], Any], None]:
    """A policy field validator: an int (not a bool) of ``low`` or more.

    The same as :func:`receivables.validators.whole_number`, kept under this name.

    A bad value raises :class:`~receivables.errors.PolicyError` naming
    ``owner.<field>`` and ``what`` is accepted.

    >>> @attrs.frozen
    ... class Reminder:
    ...     days: int = attrs.field(validator=check_whole_number("reminder", 0, "days, 0 or more"))
    >>> Reminder(7).days
    7
    >>> Reminder(-1)
    Traceback (most recent call last):
    ...
    receivables.errors.PolicyError: reminder.days: got -1; expected days, 0 or more
    """

    return whole_number(owner, low, what)


def check_flag(owner: str) -> Callable[[Any, attrs.Attribute[Any], Any], None]:
    """A policy field validator: a bool (not 0/1, not "yes"); :func:`receivables.validators.flag`.

    >>> @attrs.frozen
    ... class Reminder:
    ...     enabled: bool = attrs.field(validator=check_flag("reminder"))
    >>> Reminder("yes")
    Traceback (most recent call last):
    ...
    receivables.errors.PolicyError: reminder.enabled: got 'yes'; expected a bool
    """

    return flag(owner)
