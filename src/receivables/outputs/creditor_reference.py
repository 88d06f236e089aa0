"""Which reference should the customer quote, so that their payment finds its statement?

An ISO 11649 *structured creditor reference* (the "RF reference" of SEPA and
of many Latin American bank portals): ``RF``, two check digits, and up to 21
letters and digits of the creditor's own reference. The check digits are
ISO 7064 MOD 97-10 over the reference followed by ``RF00``, as for an IBAN;
python-stdnum computes them (:mod:`stdnum.iso7064.mod_97_10`) and validates
the result (:mod:`stdnum.iso11649`). Printed in groups of four.

The standard's own example: reference ``539007547034`` gives ``RF18 5390 0754 7034``.

Cash application reads these references back from remittance text
(:mod:`receivables.cashapp`), so a statement that carries one is matched by
reference, not by amount.

>>> creditor_reference("539007547034")
'RF18539007547034'
>>> printed(creditor_reference("539007547034"))
'RF18 5390 0754 7034'
>>> statement_reference("C-1001", dt.date(2026, 3, 31))
'RF72C1001202603'
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

from stdnum import iso11649
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.iso7064 import mod_97_10

from receivables.errors import ValidationError

__all__ = ["MAX_LENGTH", "creditor_reference", "is_valid", "printed", "statement_reference"]

MAX_LENGTH: Final = 21
"""Letters and digits of the creditor's reference an RF reference carries (25 with ``RF`` and the check)."""

_BODY: Final = re.compile(r"^[0-9A-Z]{1,21}$")


def creditor_reference(reference: str) -> str:
    """The RF reference of ``reference`` (letters and digits; spaces and dashes are dropped).

    >>> creditor_reference("inv 2026-0042")
    'RF73INV20260042'
    >>> creditor_reference("ÑANDÚ")
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: reference: got 'ÑANDÚ'; expected 1 to 21 letters A-Z and digits (spaces and dashes are dropped)
    """
    if not isinstance(reference, str):
        raise ValidationError("reference", reference, "a str of letters and digits")
    body = re.sub(r"[\s\-./]", "", reference).upper()
    if not _BODY.match(body):
        raise ValidationError(
            "reference", reference, "1 to 21 letters A-Z and digits (spaces and dashes are dropped)"
        )
    result = "RF" + str(mod_97_10.calc_check_digits(body + "RF")) + body
    return str(iso11649.validate(result))  # python-stdnum checks what it computed


def is_valid(reference: str) -> bool:
    """Whether ``reference`` is a valid RF reference (spaces allowed).

    >>> is_valid("RF18 5390 0754 7034"), is_valid("RF19 5390 0754 7034")
    (True, False)
    """
    try:
        iso11649.validate(reference)
    except (StdnumError, TypeError, AttributeError):
        return False
    return True


def printed(reference: str) -> str:
    """An RF reference in groups of four, as it is printed for people.

    >>> printed("RF73INV20260042")
    'RF73 INV2 0260 042'
    >>> printed("RF00X")
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: reference: got 'RF00X'; expected a valid ISO 11649 RF reference
    """
    if not is_valid(reference):
        raise ValidationError("reference", reference, "a valid ISO 11649 RF reference")
    return str(iso11649.format(reference))


def statement_reference(customer_id: str, period_end: dt.date) -> str:
    """The RF reference of a customer's statement: the id's letters and digits and ``YYYYMM``.

    A customer id with more than 15 letters and digits leaves no room for the
    month: pass a reference of your own to :func:`creditor_reference` then.

    >>> statement_reference("ACME-CORPORATION-LTD", dt.date(2026, 3, 31))
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: reference: got 'ACME-CORPORATION-LTD202603'; expected 1 to 21 letters A-Z and digits (spaces and dashes are dropped)
    """
    if isinstance(period_end, dt.datetime) or not isinstance(period_end, dt.date):
        raise ValidationError("period_end", period_end, "a datetime.date")
    if not isinstance(customer_id, str):
        raise ValidationError("customer_id", customer_id, "a str")
    return creditor_reference(f"{customer_id}{period_end:%Y%m}")
