"""What went wrong, where, and what would have been accepted?

Every error the library raises on bad input is a :class:`ReceivablesError`.
It subclasses :class:`ValueError`, so a host that already catches
``ValueError`` keeps working; :class:`CurrencyMismatchError` is also a
:class:`TypeError`, the error Python and py-moneyed raise for mixed operands.

The hierarchy::

    ReceivablesError (ValueError)
    ├── ValidationError            field, value, expected; problems for many at once
    │   └── PolicyError            a policy that cannot be used as given
    ├── CurrencyMismatchError (TypeError)
    ├── MissingRateError           no exchange rate applies on that date
    ├── OverApplicationError       more applied than is open or available
    ├── UnknownDocumentError       a reference to a document that is not there
    └── DuplicateDocumentError     the same identifier twice

Outcomes of a decision (a hold, a rejected plan) are never errors: they are
data returned in a decision. Errors are for input the library cannot use.

>>> try:
...     raise ValidationError("invoice.amount", "-5", "a positive amount")
... except ReceivablesError as error:
...     print(error)
invoice.amount: got '-5'; expected a positive amount
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "CurrencyMismatchError",
    "DuplicateDocumentError",
    "MissingRateError",
    "OverApplicationError",
    "PolicyError",
    "ReceivablesError",
    "UnknownDocumentError",
    "ValidationError",
]


class ReceivablesError(ValueError):
    """The root of every error the library raises on input it cannot use.

    >>> issubclass(ReceivablesError, ValueError), issubclass(PolicyError, ReceivablesError)
    (True, True)
    """


class ValidationError(ReceivablesError):
    """A value that breaks a rule: names the field, the value and what is accepted.

    ``problems`` holds one :class:`ValidationError` per bad field when several
    were found at once (structuring a dict reports them all, each with its path).

    >>> error = ValidationError("$.amount", 1.5, "a decimal string, not a float")
    >>> (error.field, error.value, error.expected)
    ('$.amount', 1.5, 'a decimal string, not a float')
    """

    def __init__(
        self,
        field: str,
        value: object,
        expected: str,
        *,
        problems: Sequence[ValidationError] = (),
    ) -> None:
        self.field = field
        self.value = value
        self.expected = expected
        self.problems: tuple[ValidationError, ...] = tuple(problems)
        message = f"{field}: got {value!r}; expected {expected}"
        if self.problems:
            lines = "\n".join(f"  {problem}" for problem in self.problems)
            message = f"{len(self.problems)} invalid field(s):\n{lines}"
        super().__init__(message)

    def __reduce__(self) -> tuple[object, ...]:
        return (
            _rebuild_validation_error,
            (type(self), self.field, self.value, self.expected, self.problems),
        )


def _rebuild_validation_error(
    cls: type[ValidationError],
    field: str,
    value: object,
    expected: str,
    problems: tuple[ValidationError, ...],
) -> ValidationError:
    return cls(field, value, expected, problems=problems)


class PolicyError(ValidationError):
    """A policy whose values cannot work together (overlapping tiers, empty levels).

    >>> print(PolicyError("dunning_policy.levels", [], "at least one level"))
    dunning_policy.levels: got []; expected at least one level
    """


class CurrencyMismatchError(ReceivablesError, TypeError):
    """Two amounts in different currencies met where one currency is required.

    >>> print(CurrencyMismatchError("add", "USD", "EUR"))
    cannot add USD and EUR: convert one with an explicit RateTable first
    """

    def __init__(self, operation: str, left: str, right: str) -> None:
        self.operation = operation
        self.left = left
        self.right = right
        super().__init__(
            f"cannot {operation} {left} and {right}: convert one with an explicit RateTable first"
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.operation, self.left, self.right))


class MissingRateError(ReceivablesError):
    """No rate in the caller's table converts ``source`` to ``target`` on ``on``.

    >>> print(MissingRateError("EUR", "USD", "2026-03-31"))
    no exchange rate EUR->USD applies on 2026-03-31: add a rate dated on or before that day to the RateTable
    """

    def __init__(self, source: str, target: str, on: object) -> None:
        self.source = source
        self.target = target
        self.on = on
        super().__init__(
            f"no exchange rate {source}->{target} applies on {on}: "
            "add a rate dated on or before that day to the RateTable"
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.source, self.target, self.on))


class OverApplicationError(ReceivablesError):
    """An application would take more than a document has open or available.

    >>> print(OverApplicationError("INV-1", "120.00 USD", "100.00 USD"))
    INV-1: cannot apply 120.00 USD; only 100.00 USD is open or available
    """

    def __init__(self, document: str, requested: object, available: object) -> None:
        self.document = document
        self.requested = requested
        self.available = available
        super().__init__(
            f"{document}: cannot apply {requested}; only {available} is open or available"
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.document, self.requested, self.available))


class UnknownDocumentError(ReceivablesError):
    """A reference names a document the ledger does not hold.

    >>> print(UnknownDocumentError("invoice", "INV-404"))
    no invoice 'INV-404' in the ledger
    """

    def __init__(self, kind: str, identifier: str) -> None:
        self.kind = kind
        self.identifier = identifier
        super().__init__(f"no {kind} {identifier!r} in the ledger")

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.kind, self.identifier))


class DuplicateDocumentError(ReceivablesError):
    """Two documents of one kind share an identifier.

    >>> print(DuplicateDocumentError("payment", "P1"))
    payment 'P1' appears more than once; identifiers must be unique
    """

    def __init__(self, kind: str, identifier: str) -> None:
        self.kind = kind
        self.identifier = identifier
        super().__init__(
            f"{kind} {identifier!r} appears more than once; identifiers must be unique"
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.kind, self.identifier))
