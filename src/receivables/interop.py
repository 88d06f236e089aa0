"""How does a host system hand the library plain JSON and get plain JSON back?

One cattrs :data:`converter` turns every domain object, decision and policy
(any attrs class) into JSON-safe dicts and back:

- :class:`~receivables.money.Money` is ``{"amount": "12.30", "currency": "USD"}``:
  the amount a decimal *string* at the currency's minor unit, never a float;
- dates are ISO ``YYYY-MM-DD`` strings, :class:`~decimal.Decimal` a plain decimal
  string, enums their value, tuples lists, sets sorted lists, mappings
  (``MappingProxyType`` too) dicts, and ``X | None`` either ``null`` or ``X``;
  a union of attrs classes (``Document``) is told apart by the fields present.

Structuring is strict, so nothing is guessed: a ``str`` field takes only a
string, an ``int`` only an integer, a list field never a string, an amount never
a JSON number with a fraction (a float), and unknown keys are errors, so a typo
such as ``"amout"`` is reported rather than silently dropped.

Bad input raises one :class:`~receivables.errors.ValidationError` whose
``problems`` list every bad field at once, each with a JSONPath-like ``field``
(``$.lines[2].due_date``), the value found there and what is accepted. This is
cattrs' detailed validation (``cattrs.transform_error`` walks the same
exception groups); the walk is ours only so that each problem is a
``ValidationError`` carrying the value, and so that the checks the attrs classes
run on construction (their validators raise ``ValidationError`` naming a field
such as ``invoice.due_date``) are reported under their path too, every field's
validator being run so that all of them are reported, not just the first.

>>> from receivables.interop import from_json, structure, unstructure
>>> from receivables.money import money
>>> unstructure(money("12.3", "USD"))
{'amount': '12.30', 'currency': 'USD'}
>>> from receivables.documents import Payment
>>> payment = from_json('{"id": "P1", "amount": {"amount": "250.00", "currency": "USD"},'
...                     ' "received_date": "2026-03-02"}', Payment)
>>> payment.amount, payment.received_date
(Money('250.00', 'USD'), datetime.date(2026, 3, 2))
>>> structure({"id": "", "amount": {"amount": 1.5, "currency": "USD"},
...            "received_date": "02/03/2026"}, Payment)
Traceback (most recent call last):
...
receivables.errors.ValidationError: 3 invalid field(s):
  $.id: got ''; expected a non-empty string identifier
  $.amount.amount: got 1.5; expected a decimal string such as '12.30' (never a float)
  $.received_date: got '02/03/2026'; expected an ISO date 'YYYY-MM-DD'
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import json
import re
from collections.abc import (
    Callable,
    Iterable,
    Mapping,
    MutableSequence,
    MutableSet,
    Sequence,
)
from collections.abc import Set as AbstractSet
from decimal import Decimal, InvalidOperation
from types import GenericAlias
from typing import Any, Final, TypeVar, get_args, get_origin

import attrs
import cattrs
import moneyed
from cattrs.cols import homogenous_tuple_structure_factory, list_structure_factory
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)

from receivables.errors import ReceivablesError, ValidationError
from receivables.money import Money, currency_digits, money, plain_decimal

__all__ = [
    "MAX_DEPTH",
    "JSONValue",
    "converter",
    "from_json",
    "structure",
    "to_json",
    "unstructure",
]

JSONValue = dict[str, "JSONValue"] | list["JSONValue"] | str | int | bool | None
"""What :func:`unstructure` returns: JSON-safe dicts, lists, strings, ints, bools, None."""

_T = TypeVar("_T")


def _sorted_list(items: Iterable[Any]) -> list[Any]:
    """A set as a JSON list, sorted so that the same set always writes the same JSON."""
    values = list(items)
    try:
        return sorted(values)
    except TypeError:  # elements that do not compare (objects): JSON text order
        return sorted(values, key=lambda value: json.dumps(value, sort_keys=True, default=str))


converter: Final = cattrs.Converter(
    detailed_validation=True,
    forbid_extra_keys=True,
    unstruct_collection_overrides={
        Sequence: list,
        MutableSequence: list,
        tuple: list,
        AbstractSet: _sorted_list,
        MutableSet: _sorted_list,
        frozenset: _sorted_list,
        set: _sorted_list,
        Mapping: dict,
    },
)
"""The one cattrs converter, behind ``converter.unstructure(obj)`` and ``converter.structure(data, cls)``.

Prefer :func:`unstructure` and :func:`structure`, which turn cattrs' errors
into one :class:`~receivables.errors.ValidationError`; register hooks here for
a type of your own that is not an attrs class.
"""

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_EXACT: Final = decimal.Context(prec=decimal.MAX_PREC, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)

# --- leaf types -----------------------------------------------------------------------


def _decimal_text(value: Decimal) -> str:
    return format(value, "f")


def _structure_decimal(value: object, _: object = None) -> Decimal:
    if isinstance(value, bool | float):
        raise ValidationError("", value, "a decimal string such as '0.05' (never a float or bool)")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        if not value.strip() or value.strip().lower().lstrip("+-") in _NON_FINITE:
            raise ValidationError("", value, "a finite decimal (not NaN or infinity)")
        try:
            result = Decimal(plain_decimal(value, ""))
        except (InvalidOperation, ValidationError):
            raise ValidationError(
                "", value, "a plain decimal string such as '0.05' (no exponent or grouping)"
            ) from None
    else:
        raise ValidationError("", value, "a decimal string such as '0.05'")
    if not result.is_finite():
        raise ValidationError("", value, "a finite decimal (not NaN or infinity)")
    return result


_NON_FINITE: Final = ("nan", "snan", "inf", "infinity")


def _amount_text(amount: moneyed.Money) -> str:
    """The amount at its currency's minor unit when that loses nothing, else as it is."""
    exponent = Decimal(1).scaleb(-currency_digits(amount.currency.code))
    value: Decimal = amount.amount
    quantized = value.quantize(exponent, context=_EXACT)  # any size: Money is exact
    return _decimal_text(quantized if quantized == value else value)


def _unstructure_money(amount: moneyed.Money) -> dict[str, str]:
    return {"amount": _amount_text(amount), "currency": str(amount.currency.code)}


def _structure_money(value: object, _: object = None) -> Money:
    if isinstance(value, moneyed.Money):
        return Money(value.amount, value.currency.code)
    if not isinstance(value, Mapping):
        raise ValidationError("", value, 'an object such as {"amount": "12.30", "currency": "USD"}')
    errors: list[Exception] = [
        _noted(KeyError(key), key) for key in _MONEY_KEYS if key not in value
    ]
    extra = set(value) - set(_MONEY_KEYS)
    if extra:
        errors.append(ForbiddenExtraKeysError("", Money, {str(key) for key in extra}))
    currency: str | None = None
    currency_error: Exception | None = None
    if "currency" in value:
        try:
            currency = _currency(value["currency"])
        except ValidationError as error:
            currency_error = _noted(error, "currency")
    result: Money | None = None
    if "amount" in value:
        amount = value["amount"]
        try:
            if isinstance(amount, float):
                raise ValidationError(
                    "", amount, "a decimal string such as '12.30' (never a float)"
                )
            if isinstance(amount, str):
                _structure_decimal(amount)  # a plain decimal: no exponent, grouping or odd digits
            if currency is None:
                _structure_decimal(amount)
            else:
                result = money(amount, currency)
        except ValidationError as error:
            errors.append(_noted(error, "amount"))
    if currency_error is not None:
        errors.append(currency_error)
    if errors or result is None:
        raise ClassValidationError("While structuring Money", errors, Money)
    return result


_MONEY_KEYS: Final = ("amount", "currency")


def _currency(value: object) -> str:
    if not isinstance(value, str):
        raise ValidationError("", value, "an ISO 4217 code such as 'USD'")
    code = value.strip().upper()
    currency_digits(code)
    return code


def _noted(error: Exception, name: str) -> Exception:
    error.add_note(AttributeValidationNote(f"Structuring Money @ attribute {name}", name, str))
    return error


def _structure_date(value: object, _: object = None) -> dt.date:
    if isinstance(value, dt.datetime):
        raise ValidationError("", value, "a date, not a datetime")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValidationError("", value, "a real calendar date 'YYYY-MM-DD'") from None
    raise ValidationError("", value, "an ISO date 'YYYY-MM-DD'")


def _structure_datetime(value: object, _: object = None) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            pass
    raise ValidationError(
        "", value, "an ISO 8601 date and time such as '2026-03-02T10:30:00+00:00'"
    )


def _structure_enum(value: object, kind: type[enum.Enum]) -> enum.Enum:
    try:
        return kind(value)
    except ValueError:
        raise ValidationError("", value, _one_of(kind)) from None


def _one_of(kind: type[enum.Enum]) -> str:
    return "one of " + ", ".join(repr(member.value) for member in kind)


def _structure_str(value: object, kind: Any = str) -> Any:
    if _is_enum(kind):  # a StrEnum reaches the str hook first (its MRO has str before Enum)
        return _structure_enum(value, kind)
    if not isinstance(value, str):
        raise ValidationError("", value, "a string")
    return value


def _structure_int(value: object, kind: Any = int) -> Any:
    if _is_enum(kind):
        return _structure_enum(value, kind)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError("", value, "an integer")
    return value


def _unstructure_scalar(value: Any) -> Any:
    return value.value if isinstance(value, enum.Enum) else value


def _structure_bool(value: object, _: object = None) -> bool:
    if not isinstance(value, bool):
        raise ValidationError("", value, "true or false")
    return value


def _is_enum(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, enum.Enum)


def _is_money(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, moneyed.Money)


def _is_list_like(kind: Any) -> bool:
    origin = get_origin(kind) or kind
    if origin is tuple:
        args = get_args(kind)
        return not args or (len(args) == 2 and args[1] is Ellipsis)
    return origin in (list, Sequence, MutableSequence)


def _is_set_like(kind: Any) -> bool:
    return (get_origin(kind) or kind) in (set, frozenset, AbstractSet, MutableSet)


def _list_like_factory(kind: Any, conv: cattrs.Converter) -> Callable[[object, object], Any]:
    """Structure a list, tuple or set from a JSON list, never from a string or an object."""
    origin = get_origin(kind) or kind
    args = get_args(kind)
    inner: Callable[[Any, Any], Any]
    target: Any
    if origin is tuple or origin is Sequence:
        target = GenericAlias(tuple, (args[0], ...)) if args else tuple
        inner = homogenous_tuple_structure_factory(target, conv)
    else:
        target = GenericAlias(list, args) if args else list
        inner = list_structure_factory(target, conv)
    if origin in (set, MutableSet):
        as_list, inner = inner, lambda value, kind: set(as_list(value, kind))
    elif origin in (frozenset, AbstractSet):
        as_list, inner = inner, lambda value, kind: frozenset(as_list(value, kind))

    def structure_list(value: object, kind: object = kind) -> Any:
        if isinstance(value, str | bytes | bytearray | Mapping) or not isinstance(value, Iterable):
            raise ValidationError("", value, "a JSON list")
        return inner(value, kind)

    return structure_list


converter.register_unstructure_hook(Decimal, _decimal_text)
converter.register_structure_hook(Decimal, _structure_decimal)
converter.register_unstructure_hook(dt.date, dt.date.isoformat)
converter.register_structure_hook(dt.date, _structure_date)
converter.register_unstructure_hook(dt.datetime, dt.datetime.isoformat)
converter.register_structure_hook(dt.datetime, _structure_datetime)
# Class hooks for str and int also receive StrEnum and IntEnum classes (str and int come
# before Enum in their MRO), so those hooks handle enums too.
converter.register_structure_hook(str, _structure_str)
converter.register_structure_hook(int, _structure_int)
converter.register_structure_hook(bool, _structure_bool)
converter.register_unstructure_hook(str, _unstructure_scalar)
converter.register_unstructure_hook(int, _unstructure_scalar)
converter.register_structure_hook_func(_is_enum, _structure_enum)
converter.register_unstructure_hook_func(_is_money, _unstructure_money)
converter.register_structure_hook_func(_is_money, _structure_money)
converter.register_unstructure_hook_func(_is_enum, lambda member: member.value)
converter.register_structure_hook_factory(
    lambda kind: _is_list_like(kind) or _is_set_like(kind), _list_like_factory
)
for _set_type in (set, frozenset):  # a set met at run time (in an Any field) too
    converter.register_unstructure_hook(
        _set_type, lambda value: _sorted_list(converter.unstructure(item) for item in value)
    )


# --- from cattrs' exception groups to one ValidationError ------------------------------

_Segment = tuple[str, object]  # ("attr", name) | ("index", i) | ("key", k)
_MISSING: Final = object()
_TOKEN = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")


def _path(segments: Sequence[_Segment]) -> str:
    text = "$"
    for kind, name in segments:
        if kind == "attr":
            text += f".{name}"
        elif kind == "index":
            text += f"[{name}]"
        else:
            text += f"[{name!r}]"
    return text


def _lookup(data: object, segments: Sequence[_Segment]) -> object:
    node = data
    for kind, name in segments:
        node = _step(node, kind, name)
        if node is _MISSING:
            break
    return node


def _step(node: object, kind: str, name: object) -> object:
    if kind in ("attr", "key"):
        return node[name] if isinstance(node, Mapping) and name in node else _MISSING
    if (
        isinstance(node, Sequence)
        and not isinstance(node, str)
        and isinstance(name, int)
        and -len(node) <= name < len(node)
    ):
        return node[name]
    return _MISSING


def _describe(kind: Any) -> str | None:
    """What a value of type ``kind`` looks like in JSON, for an error message."""
    args = [arg for arg in get_args(kind) if arg is not type(None)]
    if len(args) < len(get_args(kind)) and len(args) == 1:
        inner = _describe(args[0])
        return f"{inner}, or null" if inner else None
    if len(args) > 1:
        names = ", ".join(getattr(arg, "__name__", repr(arg)) for arg in args)
        return f"a value of one of the types {names}" + (
            ", or null" if len(args) < len(get_args(kind)) else ""
        )
    if _is_enum(kind):
        return _one_of(kind)
    if attrs.has(kind):
        names = ", ".join(field.name for field in attrs.fields(kind) if field.init)
        return f"an object with the fields of {kind.__name__}: {names}"
    name = getattr(kind, "__name__", None)
    return f"a valid {name}" if name else None


def _expected(error: BaseException, kind: Any) -> str:
    if isinstance(error, ValidationError):
        return error.expected
    if isinstance(error, ReceivablesError):
        return f"a value the rules accept ({error})"
    if isinstance(error, KeyError):
        return "a value: the field is required"
    if isinstance(error, AttributeError) and "items" in str(error):
        return "an object (a JSON dict)"
    described = _describe(kind) if isinstance(error, ValueError | TypeError) else None
    return described or str(error) or type(error).__name__


class _Walk:
    """Collects one ValidationError per bad field from cattrs' exception groups."""

    def __init__(self, data: object) -> None:
        self.data = data
        self.found: list[tuple[list[_Segment], ValidationError]] = []

    @property
    def problems(self) -> list[ValidationError]:
        """The problems found, in the order of the fields of each class."""
        return [problem for _, problem in self.found]

    def add(self, segments: Sequence[_Segment], value: object, expected: str) -> None:
        self.found.append((list(segments), ValidationError(_path(segments), value, expected)))

    def leaf(
        self,
        error: BaseException,
        segments: Sequence[_Segment],
        kind: Any,
        *,
        domain_value: bool = False,
    ) -> None:
        """One problem; ``domain_value``: report the value the class saw, not the raw input."""
        found = _lookup(self.data, segments)
        if isinstance(error, KeyError):
            value: object = None
        elif found is _MISSING or (domain_value and isinstance(error, ValidationError)):
            value = getattr(error, "value", None)
        else:
            value = found
        self.add(segments, value, _expected(error, kind))

    def walk(self, error: BaseException, segments: list[_Segment], kind: Any) -> None:
        node = _lookup(self.data, segments)
        if attrs.has(kind) and node is not _MISSING and not isinstance(node, Mapping):
            self.add(segments, node, _describe(kind) or "")
        elif isinstance(error, IterableValidationError):
            with_notes, without = error.group_exceptions()
            for sub, note in with_notes:
                step = "index" if isinstance(note.index, int) else "key"
                self.walk(sub, [*segments, (step, note.index)], note.type)
            for sub in without:
                self.walk(sub, segments, None)
        elif isinstance(error, ClassValidationError):
            self.walk_class(error, segments)
        elif isinstance(error, BaseExceptionGroup):
            for member in error.exceptions:
                self.walk(member, segments, kind)
        elif isinstance(error, ValidationError) and error.problems:
            # One of ours from a nested structure() (a hook of a host's own type):
            # its problems' paths continue this one.
            for problem in error.problems:
                self.leaf(problem, [*segments, *_tokens(problem.field.lstrip("$"))], kind)
        else:
            self.leaf(error, segments, kind)

    def walk_class(self, error: ClassValidationError, segments: list[_Segment]) -> None:
        cls = error.cl
        node = _lookup(self.data, segments)
        start = len(self.found)
        self.class_problems(error, segments, node)
        if attrs.has(cls):
            order = {field.name: index for index, field in enumerate(attrs.fields(cls))}
            depth = len(segments)

            def position(item: tuple[list[_Segment], ValidationError]) -> int:
                path = item[0]
                return order.get(str(path[depth][1]), len(order)) if len(path) > depth else -1

            self.found[start:] = sorted(self.found[start:], key=position)

    def class_problems(
        self, error: ClassValidationError, segments: list[_Segment], node: object
    ) -> None:
        cls = error.cl
        with_notes, without = error.group_exceptions()
        for sub, note in with_notes:
            self.walk(sub, [*segments, ("attr", note.name)], note.type)
        constructed = any(not isinstance(sub, ForbiddenExtraKeysError) for sub in without)
        if attrs.has(cls) and isinstance(node, Mapping) and not constructed:
            # Structuring stopped before the class ran its validators: run those of
            # the fields that did structure, so their problems are reported too.
            failed = {note.name for _, note in with_notes}
            for name, field_error in _field_errors(cls, node):
                if name not in failed:
                    where = _field_segments(cls, field_error, name)
                    self.leaf(field_error, [*segments, *where], None, domain_value=True)
        for sub in without:
            if isinstance(sub, ForbiddenExtraKeysError):
                allowed = [field.name for field in attrs.fields(cls)] if attrs.has(cls) else []
                for key in sorted(sub.extra_fields):
                    self.add(
                        [*segments, ("attr", key)],
                        _lookup(self.data, [*segments, ("attr", key)]),
                        f"no such field in {cls.__name__}"
                        + (f" (fields: {', '.join(allowed)})" if allowed else ""),
                    )
            elif attrs.has(cls) and isinstance(node, Mapping):
                self.construction(cls, node, sub, segments)
            else:
                self.walk(sub, segments, None)

    def construction(
        self,
        cls: type,
        node: Mapping[Any, Any],
        error: BaseException,
        segments: list[_Segment],
    ) -> None:
        """The class refused values that each structured: find every field it refuses."""
        if isinstance(error, BaseExceptionGroup):
            self.walk(error, segments, None)
            return
        before = len(self.found)
        for name, field_error in _field_errors(cls, node):
            where = _field_segments(cls, field_error, name)
            self.leaf(field_error, [*segments, *where], None, domain_value=True)
        if len(self.found) == before:
            where = _field_segments(cls, error, None)
            if where:
                self.leaf(error, [*segments, *where], None, domain_value=True)
            else:
                # a ledger-wide rule: name what it is about (the duplicated or unknown id)
                named = ("value", "identifier", "document")
                value = next((getattr(error, a) for a in named if hasattr(error, a)), None)
                self.add(segments, value, _expected(error, None))


def _tokens(field: str) -> list[_Segment]:
    """``invoice.discounts[0].amount`` as segments: attr invoice, attr discounts, index 0..."""
    tokens: list[_Segment] = []
    for match in _TOKEN.finditer(field):
        word, index = match.groups()
        tokens.append(("attr", word) if word is not None else ("index", int(index)))
    return tokens


def _field_segments(cls: type, error: BaseException, name: str | None) -> list[_Segment]:
    """Where under ``cls`` an error names: ``invoice.discounts[0].amount`` -> discounts[0].amount."""
    names = {field.name for field in attrs.fields(cls)}
    tokens = _tokens(str(getattr(error, "field", "")))
    for start in (0, 1):
        if (
            len(tokens) > start
            and tokens[start][0] == "attr"
            and tokens[start][1] in names
            and (name is None or tokens[start][1] == name)
        ):
            return tokens[start:]
    return [("attr", name)] if name is not None else []


def _field_errors(cls: type, node: Mapping[Any, Any]) -> list[tuple[str, BaseException]]:
    """Run each field's converter and validator on its own, as ``__init__`` would, in order.

    ``__init__`` stops at the first failing validator; this finds them all. It
    runs only after construction failed, on values that all structured.
    """
    instance: Any = object.__new__(cls)
    errors: list[tuple[str, BaseException]] = []
    hints = attrs.resolve_types(cls)
    for field in attrs.fields(hints):
        if not field.init:
            continue
        try:
            if field.name in node:
                value = node[field.name]
                if field.type is not None:  # an un-annotated attrs.field takes the value as is
                    value = converter.structure(value, field.type)
            elif isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
                factory = field.default
                value = factory.factory(instance) if factory.takes_self else factory.factory()
            elif field.default is not attrs.NOTHING:
                value = field.default
            else:
                continue
        except Exception:  # the failure is reported where it starts, by cattrs
            continue
        try:
            if isinstance(field.converter, attrs.Converter):
                extra: list[object] = []
                if field.converter.takes_self:  # type: ignore[attr-defined]
                    extra.append(instance)
                if field.converter.takes_field:  # type: ignore[attr-defined]
                    extra.append(field)
                value = field.converter.converter(value, *extra)  # type: ignore[attr-defined]
            elif field.converter is not None:
                value = field.converter(value)
            object.__setattr__(instance, field.name, value)
            if field.validator is not None:
                field.validator(instance, field, value)
        except (ValueError, TypeError) as error:
            errors.append((field.name, error))
        except Exception:  # a validator reading a field that failed to structure
            continue
    return errors


def _invalid(data: object, cls: object, problems: Sequence[ValidationError]) -> ValidationError:
    name = getattr(cls, "__name__", None) or repr(cls)
    return ValidationError("$", data, f"a valid {name}", problems=problems)


# --- the public functions -------------------------------------------------------------


def unstructure(obj: object) -> JSONValue:
    """``obj`` as JSON-safe dicts, lists, strings, ints, bools and None.

    >>> import datetime as dt
    >>> from decimal import Decimal
    >>> from receivables.decisions import Reason
    >>> from receivables.interop import unstructure
    >>> unstructure([dt.date(2026, 1, 31), Decimal("0.0150"), Reason("ok", "Fine.", {"n": 1})])
    ['2026-01-31', '0.0150', {'code': 'ok', 'message': 'Fine.', 'data': {'n': 1}}]
    """
    result: JSONValue = converter.unstructure(obj)
    return result


def structure(data: object, cls: type[_T]) -> _T:
    """Build a ``cls`` from JSON-safe ``data``, or raise one error listing every bad field.

    >>> from receivables.documents import Customer
    >>> from receivables.errors import ValidationError
    >>> from receivables.interop import structure
    >>> structure({"id": "C1", "name": "Acme", "currency": "COP", "country": "CO"}, Customer).currency
    'COP'
    >>> try:
    ...     structure({"id": "C1", "name": 7, "country": "co", "segmnt": "x"}, Customer)
    ... except ValidationError as error:
    ...     for problem in error.problems:
    ...         print(problem.field, "|", problem.expected)
    $.name | a string
    $.country | an ISO 3166 alpha-2 code such as 'CO'
    $.segmnt | no such field in Customer (fields: id, name, country, currency, locale, status, risk_class, segment, bank_accounts, aliases, tax_id, credit_limit, timezone)
    """
    _check_depth(data)
    kind: object = cls
    if not isinstance(kind, type | GenericAlias) and get_origin(kind) is None:
        raise ValidationError("cls", cls, "a class to build, such as Payment or list[Invoice]")
    try:
        return converter.structure(data, cls)
    except cattrs.StructureHandlerNotFoundError:
        raise ValidationError(
            "cls", cls, "a class the converter can build (an attrs class, or one with a hook)"
        ) from None
    except (cattrs.BaseValidationError, ValueError, TypeError, KeyError, AttributeError) as error:
        walk = _Walk(data)
        walk.walk(error, [], cls)
        raise _invalid(data, cls, walk.problems) from error


MAX_DEPTH: Final = 100
"""How deep JSON data may nest; no policy or document nests more than a few levels."""


def _check_depth(data: object) -> None:
    """Refuse data nested deeper than :data:`MAX_DEPTH`, without recursing into it."""
    stack: list[tuple[object, int]] = [(data, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, Mapping):
            children: Iterable[object] = node.values()
        elif isinstance(node, list | tuple):
            children = node
        else:
            continue
        if depth >= MAX_DEPTH:
            raise ValidationError(
                "$", f"data nested more than {MAX_DEPTH} levels", f"at most {MAX_DEPTH} levels"
            )
        stack.extend((child, depth + 1) for child in children)


def to_json(obj: object, *, indent: int | None = None) -> str:
    """``obj`` as a JSON text (UTF-8 characters kept as they are).

    >>> from receivables.interop import to_json
    >>> from receivables.money import money
    >>> to_json({"limit": money("5000000", "COP")})
    '{"limit": {"amount": "5000000.00", "currency": "COP"}}'
    """
    if indent is not None and (
        isinstance(indent, bool) or not isinstance(indent, int) or not 0 <= indent <= 16
    ):
        raise ValidationError("indent", indent, "None or a whole number of spaces, 0 to 16")
    try:
        return json.dumps(unstructure(obj), ensure_ascii=False, indent=indent, allow_nan=False)
    except (TypeError, ValueError, RecursionError) as error:
        raise ValidationError(
            "obj", type(obj).__name__, f"values that have a JSON form ({error})"
        ) from None


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValidationError("$", key, "each key once per JSON object")
        result[key] = value
    return result


def _bounded_int(digits: str) -> int:
    if len(digits.lstrip("-")) > _MAX_INT_DIGITS:
        shown = digits if len(digits) <= 40 else digits[:37] + "..."
        raise ValidationError("$", shown, f"numbers of at most {_MAX_INT_DIGITS} digits")
    return int(digits)


_MAX_INT_DIGITS: Final = 100


def _no_constant(name: str) -> object:
    raise ValidationError("$", name, "standard JSON (no NaN or Infinity)")


def from_json(text: str | bytes, cls: type[_T]) -> _T:
    """Parse JSON ``text`` into a ``cls``; bad JSON or bad fields raise one ValidationError.

    >>> from receivables.documents import Reversal
    >>> from receivables.interop import from_json
    >>> from_json('{"id": "R1", "kind": "returned_payment", "target_id": "P1",'
    ...           ' "date": "2026-03-09", "reason": "NSF"}', Reversal).kind
    <ReversalKind.RETURNED_PAYMENT: 'returned_payment'>
    >>> from_json('{"id": "R1",', Reversal)
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: 1 invalid field(s):
      $: got '{"id": "R1",'; expected valid JSON (Expecting property name enclosed in double quotes at line 1 column 13)
    """
    given: object = text
    if isinstance(given, bytes | bytearray):
        raw = bytes(given)
        try:
            given = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            problem = ValidationError(
                "$", raw[error.start : error.start + 8], "UTF-8 text (JSON is UTF-8)"
            )
            raise _invalid(None, cls, [problem]) from None
    if not isinstance(given, str):
        problem = ValidationError("$", type(given).__name__, "JSON text, a str or UTF-8 bytes")
        raise _invalid(None, cls, [problem])
    text = given
    try:
        data = json.loads(
            text,
            object_pairs_hook=_no_duplicate_keys,
            parse_constant=_no_constant,
            parse_int=_bounded_int,
        )
    except RecursionError:
        problem = ValidationError(
            "$", f"{text[:20]}...", f"JSON nested at most {MAX_DEPTH} levels deep"
        )
        raise _invalid(None, cls, [problem]) from None
    except json.JSONDecodeError as error:
        excerpt = text if len(text) <= 80 else text[:77] + "..."
        problem = ValidationError(
            "$", excerpt, f"valid JSON ({error.msg} at line {error.lineno} column {error.colno})"
        )
        raise _invalid(text, cls, [problem]) from error
    except ValidationError as error:
        raise _invalid(text, cls, [error]) from error
    return structure(data, cls)
