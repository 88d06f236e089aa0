"""Which reference should the customer quote, so that their payment comes back exact?

Two kinds of reference we issue, each per invoice or per customer, each
issued and verified by this module:

**ISO 11649 RF references** (the "structured creditor reference" of SEPA and
of many Latin American bank portals): ``RF``, two check digits, and up to 21
letters and digits of our own. The check digits are ISO 7064 MOD 97-10 over
the body followed by ``RF00``, as for an IBAN; python-stdnum computes them
(:mod:`stdnum.iso7064.mod_97_10`) and validates the result
(:mod:`stdnum.iso11649`). The standard's example: ``539007547034`` gives
``RF18 5390 0754 7034``. The body opens with a *marker* of the
:class:`ReferencePolicy` (``C`` customer, ``I`` invoice by default), so a
reference read back names what it was issued for.

**Deposit-slip references** with a bank's own check digit, described as data
by a :class:`DepositLayout` (a marker digit per kind, the key padded to a
width, a check digit): either the Luhn mod 10 algorithm (python-stdnum's
:mod:`stdnum.luhn`) or a weighted sum modulo 10 or 11 with the weights, the
digit-sum rule, the complement and the character a check of 10 prints as
(``X`` for ISBN-10, ``K`` for the Chilean RUT, ``0`` or ``1`` at some banks).

:data:`ALGORITMO_00` is BBVA México's "Algoritmo 00 (1 dígito verificador)"
for its CIE deposit references: "from right to left multiply each digit by 2
and 1, always starting with 2; when a product exceeds 9 add its digits; add
everything; subtract the sum from the next multiple of ten" (the bank's
published procedure, as transcribed in resuelve/cookbook
``AlgoritmoBancomer00.md``, with the worked example ``18000359700002387`` →
check digit ``1``; a reference of 1 to 19 digits plus the check). That is
Luhn's algorithm exactly (ISO/IEC 7812-1 annex B), so it is delegated to
python-stdnum. The weighted family is hand-written because python-stdnum has
no generic weighted-modulus function (each of its modules fixes its own
weights), and a bank's layout must be data, not code.

:func:`verify` and :func:`parse` read a reference back: which scheme, which
kind, which key, or why not; :func:`recognise` finds ours in free remittance
text. Cash application calls them first, before any fuzzy matching, so an
exact reference wins.

>>> issue("invoice", "INV-2026-0042").text
'RF20IINV20260042'
>>> issue("customer", "4217", scheme="deposit").text
'142174'
>>> parse("1 4217 4")
(<ReferenceKind.CUSTOMER: 'customer'>, '4217')
>>> verify("142175").outcome
<VerificationOutcome.INVALID: 'invalid'>
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterable, Mapping
from typing import Final

import attrs
from stdnum import iso11649, luhn
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.iso7064 import mod_97_10

from receivables.decisions import ReadOnlyMapping, Reason, check_flag, check_policy_identity
from receivables.errors import PolicyError, ValidationError

__all__ = [
    "ALGORITMO_00",
    "MAX_LENGTH",
    "Algorithm",
    "DepositLayout",
    "PaymentReference",
    "ReferenceKind",
    "ReferencePolicy",
    "Scheme",
    "Verification",
    "VerificationOutcome",
    "check_digit",
    "creditor_reference",
    "is_valid",
    "issue",
    "parse",
    "printed",
    "recognise",
    "statement_reference",
    "verify",
]

MAX_LENGTH: Final = 21
"""Letters and digits of the creditor's reference an RF reference carries (25 with ``RF`` and the check)."""

_BODY: Final = re.compile(r"^[0-9A-Z]{1,21}$")
_SEPARATORS: Final = re.compile(r"[\s\-./]")


class ReferenceKind(enum.StrEnum):
    """What a reference was issued for.

    >>> [member.value for member in ReferenceKind]
    ['customer', 'invoice']
    """

    CUSTOMER = "customer"
    INVOICE = "invoice"


class Scheme(enum.StrEnum):
    """Which family a reference belongs to: ISO 11649 RF, or a bank's deposit-slip layout.

    >>> [member.value for member in Scheme]
    ['rf', 'deposit']
    """

    RF = "rf"
    DEPOSIT = "deposit"


class Algorithm(enum.StrEnum):
    """How a deposit layout computes its check digit.

    >>> [member.value for member in Algorithm]
    ['luhn', 'weighted']
    """

    LUHN = "luhn"
    WEIGHTED = "weighted"


class VerificationOutcome(enum.StrEnum):
    """Whether a reference read back is one of ours, with a right check.

    >>> [member.value for member in VerificationOutcome]
    ['valid', 'invalid']
    """

    VALID = "valid"
    INVALID = "invalid"


# --- RF references (ISO 11649) ---------------------------------------------------------


def _clean(text: str) -> str:
    return _SEPARATORS.sub("", text).upper()


def creditor_reference(reference: str) -> str:
    """The RF reference of ``reference`` (letters and digits; spaces and dashes are dropped).

    >>> creditor_reference("539007547034")
    'RF18539007547034'
    >>> creditor_reference("inv 2026-0042")
    'RF73INV20260042'
    >>> creditor_reference("ÑANDÚ")
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: reference: got 'ÑANDÚ'; expected 1 to 21 letters A-Z and digits (spaces and dashes are dropped)
    """
    if not isinstance(reference, str):
        raise ValidationError("reference", reference, "a str of letters and digits")
    body = _clean(reference)
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

    >>> statement_reference("C-1001", dt.date(2026, 3, 31))
    'RF72C1001202603'
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


# --- deposit-slip layouts --------------------------------------------------------------


def _algorithm(value: object) -> Algorithm:
    try:
        return Algorithm(str(value))
    except ValueError:
        raise PolicyError("deposit_layout.algorithm", value, "'luhn' or 'weighted'") from None


def _weights(value: object) -> tuple[int, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise PolicyError("deposit_layout.weights", value, "a list of whole numbers")
    return tuple(value)


def _markers(value: Mapping[str, str]) -> Mapping[str, str]:
    if not isinstance(value, Mapping):
        raise PolicyError("markers", value, "a mapping of kind ('customer', 'invoice') to marker")
    return ReadOnlyMapping(value)


def _deposit_markers() -> dict[str, str]:
    return {"customer": "1", "invoice": "2"}


def _rf_markers() -> dict[str, str]:
    return {"customer": "C", "invoice": "I"}


def _check_markers(owner: str, markers: Mapping[str, str], alphabet: str, what: str) -> None:
    field = f"{owner}.markers"
    if not markers:
        raise PolicyError(field, dict(markers), "a marker for 'customer', 'invoice' or both")
    lengths = set()
    for kind, marker in markers.items():
        if kind not in {member.value for member in ReferenceKind}:
            raise PolicyError(f"{field}.{kind}", marker, "a kind of 'customer' or 'invoice'")
        if not isinstance(marker, str) or not marker or any(c not in alphabet for c in marker):
            raise PolicyError(f"{field}.{kind}", marker, what)
        lengths.add(len(marker))
    if len(lengths) > 1 or len(set(markers.values())) != len(markers):
        raise PolicyError(
            field, dict(markers), "distinct markers of one length, so each reads back"
        )


def _mapped_digit(digit: int, weight: int, modulus: int, digit_sum: bool) -> int:
    product = digit * weight
    if digit_sum:
        product = sum(int(char) for char in str(product))
    return product % modulus


@attrs.frozen(kw_only=True)
class DepositLayout:
    """A bank's deposit-slip reference as data: marker, key, check digit.

    A reference is ``marker + key (zero-padded to width) + check``, all
    digits but a check of 10 printed as ``ten``. ``weights`` apply from the
    rightmost digit before the check, cycled; ``digit_sum`` adds the digits of
    each product (Luhn's rule); ``complement`` takes ``(modulus - sum %
    modulus) % modulus`` rather than the remainder. ``ten`` is what a check
    of 10 prints as under modulus 11 (empty: such keys cannot be issued).

    >>> from receivables.interop import structure
    >>> rut = structure({"id": "mod11-rut", "algorithm": "weighted", "weights": [2, 3, 4, 5, 6, 7],
    ...                  "modulus": 11, "ten": "K"}, DepositLayout)
    >>> check_digit("12345678", rut)
    '5'
    >>> DepositLayout(algorithm="weighted", weights=[])
    Traceback (most recent call last):
    ...
    receivables.errors.PolicyError: deposit_layout.weights: got (); expected whole numbers of 1 or more for a weighted layout
    """

    id: str = attrs.field(default="algoritmo-00")
    version: str = attrs.field(default="1")
    algorithm: Algorithm = attrs.field(default=Algorithm.LUHN, converter=_algorithm)
    weights: tuple[int, ...] = attrs.field(default=(), converter=_weights)
    modulus: int = attrs.field(default=10)
    digit_sum: bool = attrs.field(default=False, validator=check_flag("deposit_layout"))
    complement: bool = attrs.field(default=True, validator=check_flag("deposit_layout"))
    ten: str = attrs.field(default="")
    markers: Mapping[str, str] = attrs.field(factory=_deposit_markers, converter=_markers)
    width: int = attrs.field(default=0)
    max_length: int = attrs.field(default=20)

    def __attrs_post_init__(self) -> None:
        check_policy_identity(self.id, self.version)
        owner = "deposit_layout"
        if isinstance(self.modulus, bool) or self.modulus not in (10, 11):
            raise PolicyError(f"{owner}.modulus", self.modulus, "10 or 11")
        if self.algorithm is Algorithm.LUHN:
            if self.weights:
                raise PolicyError(f"{owner}.weights", self.weights, "no weights for Luhn (2, 1)")
            if self.modulus != 10:
                raise PolicyError(f"{owner}.modulus", self.modulus, "10 for Luhn")
        elif not self.weights or any(
            isinstance(w, bool) or not isinstance(w, int) or w < 1 for w in self.weights
        ):
            raise PolicyError(
                f"{owner}.weights", self.weights, "whole numbers of 1 or more for a weighted layout"
            )
        if not isinstance(self.ten, str) or len(self.ten) > 1 or (self.ten and self.modulus != 11):
            raise PolicyError(
                f"{owner}.ten", self.ten, "one character (modulus 11 only), or '' to refuse a 10"
            )
        if self.ten and not (self.ten.isdigit() or "A" <= self.ten <= "Z"):
            raise PolicyError(f"{owner}.ten", self.ten, "a digit or a capital letter A-Z")
        _check_markers(owner, self.markers, "0123456789", "one or more digits")
        for name in ("width", "max_length"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise PolicyError(f"{owner}.{name}", value, "a whole number, 0 or more")
        shortest = self.marker_length + max(self.width, 1) + 1
        if self.max_length < shortest:
            raise PolicyError(
                f"{owner}.max_length",
                self.max_length,
                f"{shortest} or more (the marker, the padded key and the check)",
            )

    @property
    def marker_length(self) -> int:
        """How many digits the kind marker takes.

        >>> ALGORITMO_00.marker_length
        1
        """
        return len(next(iter(self.markers.values())))

    @property
    def catches_every_single_digit_error(self) -> bool:
        """Whether changing any one digit of a reference always breaks its check.

        True when every weight maps the ten digits to ten different residues
        and a check of 10 does not print as a digit that a check of 0 or 1
        already uses. Luhn is (the doubling with digit sum is a permutation).

        >>> ALGORITMO_00.catches_every_single_digit_error
        True
        >>> DepositLayout(id="w", algorithm="weighted", weights=[2, 5]).catches_every_single_digit_error
        False
        """
        if self.algorithm is Algorithm.LUHN:
            return True
        for weight in set(self.weights):
            if (
                len({_mapped_digit(d, weight, self.modulus, self.digit_sum) for d in range(10)})
                < 10
            ):
                return False
        return not self.ten.isdigit()


ALGORITMO_00: Final = DepositLayout()
"""BBVA México's Algoritmo 00, which is Luhn mod 10 over marker and key (19 digits and the check)."""


def check_digit(digits: str, layout: DepositLayout | None = None) -> str:
    """The check character ``layout`` (:data:`ALGORITMO_00` unless given) appends to ``digits``.

    BBVA México's published example of its Algoritmo 00 (see the module
    docstring): ``18000359700002387`` → ``1``.

    >>> check_digit("18000359700002387")
    '1'
    >>> isbn10 = DepositLayout(id="isbn", algorithm="weighted", weights=range(2, 11),
    ...                        modulus=11, ten="X")
    >>> check_digit("030640615", isbn10), check_digit("080442957", isbn10)
    ('2', 'X')
    >>> check_digit("12A4")
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: digits: got '12A4'; expected one or more digits 0-9
    """
    if layout is None:
        layout = ALGORITMO_00
    if not isinstance(layout, DepositLayout):
        raise ValidationError("layout", layout, "a DepositLayout")
    if not isinstance(digits, str) or not digits.isascii() or not digits.isdigit():
        raise ValidationError("digits", digits, "one or more digits 0-9")
    if layout.algorithm is Algorithm.LUHN:
        return str(luhn.calc_check_digit(digits))
    total = 0
    for index, char in enumerate(reversed(digits)):
        product = int(char) * layout.weights[index % len(layout.weights)]
        total += sum(int(d) for d in str(product)) if layout.digit_sum else product
    remainder = total % layout.modulus
    check = (layout.modulus - remainder) % layout.modulus if layout.complement else remainder
    if check < 10:
        return str(check)
    if not layout.ten:
        raise ValidationError(
            "digits", digits, f"digits whose check under layout {layout.id!r} is not 10"
        )
    return layout.ten


# --- the policy, issuing and reading back ----------------------------------------------


@attrs.frozen(kw_only=True)
class ReferencePolicy:
    """Which markers our RF references open with, and the bank's deposit layout.

    >>> from receivables.interop import structure
    >>> policy = structure({"rf_markers": {"customer": "CU", "invoice": "FV"}}, ReferencePolicy)
    >>> issue("invoice", "1234", policy=policy).text
    'RF16FV1234'
    >>> ReferencePolicy(rf_markers={"invoice": "I", "customer": "I"})
    Traceback (most recent call last):
    ...
    receivables.errors.PolicyError: reference_policy.markers: got {'invoice': 'I', 'customer': 'I'}; expected distinct markers of one length, so each reads back
    """

    id: str = attrs.field(default="payment-references")
    version: str = attrs.field(default="1")
    rf_markers: Mapping[str, str] = attrs.field(factory=_rf_markers, converter=_markers)
    deposit: DepositLayout = attrs.field(factory=DepositLayout)

    def __attrs_post_init__(self) -> None:
        check_policy_identity(self.id, self.version)
        _check_markers(
            "reference_policy",
            self.rf_markers,
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
            "one or more capital letters A-Z or digits",
        )
        if not isinstance(self.deposit, DepositLayout):
            raise PolicyError("reference_policy.deposit", self.deposit, "a DepositLayout")


_DEFAULT_POLICY: Final = ReferencePolicy()


@attrs.frozen(kw_only=True)
class PaymentReference:
    """A reference issued: the text to print, what it stands for, and under which policy.

    >>> reference = issue("customer", "C-1001")
    >>> reference.text, reference.printed, reference.key
    ('RF16CC1001', 'RF16 CC10 01', 'C1001')
    """

    text: str
    printed: str
    scheme: Scheme
    kind: ReferenceKind
    key: str
    reasons: tuple[Reason, ...]
    policy_id: str
    policy_version: str
    layout_id: str | None = None


@attrs.frozen(kw_only=True)
class Verification:
    """A reference read back: valid or not, and when valid, its scheme, kind and key.

    ``kind`` is None for a valid RF reference that opens with none of our
    markers (someone else's, or issued before markers): ``key`` is then its
    whole body, for cash application to look up as it would any reference.

    >>> verify("RF18 5390 0754 7034").kind is None, verify("RF18 5390 0754 7034").key
    (True, '539007547034')
    """

    text: str
    outcome: VerificationOutcome
    scheme: Scheme | None
    kind: ReferenceKind | None
    key: str | None
    reasons: tuple[Reason, ...]
    policy_id: str
    policy_version: str


def _kind(value: object) -> ReferenceKind:
    try:
        return ReferenceKind(str(value))
    except ValueError:
        raise ValidationError("kind", value, "'customer' or 'invoice'") from None


def _policy(policy: object) -> ReferencePolicy:
    if policy is None:
        return _DEFAULT_POLICY
    if not isinstance(policy, ReferencePolicy):
        raise ValidationError("policy", policy, "a ReferencePolicy")
    return policy


def _marker(markers: Mapping[str, str], kind: ReferenceKind, field: str) -> str:
    try:
        return markers[kind.value]
    except KeyError:
        raise ValidationError(
            field, kind.value, f"a kind the policy marks: {sorted(markers)}"
        ) from None


def _issue_rf(kind: ReferenceKind, key: str, policy: ReferencePolicy) -> PaymentReference:
    marker = _marker(policy.rf_markers, kind, "kind")
    body = _clean(key)
    room = MAX_LENGTH - len(marker)
    if not re.fullmatch(rf"[0-9A-Z]{{1,{room}}}", body):
        raise ValidationError(
            "key",
            key,
            f"1 to {room} letters A-Z and digits (spaces, dashes, dots, slashes dropped)",
        )
    text = creditor_reference(marker + body)
    reason = Reason(
        "rf_reference_issued",
        f"ISO 11649 reference for {kind.value} {body}, marker {marker!r}.",
        {"kind": kind.value, "key": body, "marker": marker, "check": text[2:4]},
    )
    return PaymentReference(
        text=text,
        printed=printed(text),
        scheme=Scheme.RF,
        kind=kind,
        key=body,
        reasons=(reason,),
        policy_id=policy.id,
        policy_version=policy.version,
    )


def _issue_deposit(kind: ReferenceKind, key: str, policy: ReferencePolicy) -> PaymentReference:
    layout = policy.deposit
    marker = _marker(layout.markers, kind, "kind")
    digits = _clean(key)
    if not digits.isascii() or not digits.isdigit():
        raise ValidationError("key", key, "digits 0-9 (spaces, dashes, dots, slashes dropped)")
    if layout.width:
        digits = str(int(digits))  # leading zeros are padding in a fixed-width layout
        if len(digits) > layout.width:
            raise ValidationError("key", key, f"at most {layout.width} digits for {layout.id!r}")
        body = digits.zfill(layout.width)
    else:
        body = digits
    payload = marker + body
    if len(payload) + 1 > layout.max_length:
        raise ValidationError(
            "key", key, f"a reference of at most {layout.max_length} characters for {layout.id!r}"
        )
    check = check_digit(payload, layout)
    text = payload + check
    reason = Reason(
        "deposit_reference_issued",
        f"Deposit reference for {kind.value} {digits} under layout {layout.id}.",
        {"kind": kind.value, "key": digits, "marker": marker, "check": check, "layout": layout.id},
    )
    return PaymentReference(
        text=text,
        printed=text,
        scheme=Scheme.DEPOSIT,
        kind=kind,
        key=digits,
        reasons=(reason,),
        policy_id=policy.id,
        policy_version=policy.version,
        layout_id=layout.id,
    )


def issue(
    kind: ReferenceKind | str,
    key: str,
    *,
    scheme: Scheme | str = Scheme.RF,
    policy: ReferencePolicy | None = None,
) -> PaymentReference:
    """Issue the reference of a customer or an invoice, RF or for a deposit slip.

    >>> issue("invoice", "FV-2026/0042").printed
    'RF84 IFV2 0260 042'
    >>> issue("invoice", "00042", scheme="deposit").text
    '2000420'
    >>> issue("invoice", "FV-42", scheme="deposit")
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: key: got 'FV-42'; expected digits 0-9 (spaces, dashes, dots, slashes dropped)
    """
    chosen = _policy(policy)
    kind = _kind(kind)
    try:
        scheme = Scheme(scheme)
    except ValueError:
        raise ValidationError("scheme", scheme, "'rf' or 'deposit'") from None
    if not isinstance(key, str):
        raise ValidationError("key", key, "a str: the customer id or the invoice number")
    if scheme is Scheme.RF:
        return _issue_rf(kind, key, chosen)
    return _issue_deposit(kind, key, chosen)


def _invalid(
    text: str, policy: ReferencePolicy, reason: Reason, scheme: Scheme | None
) -> Verification:
    return Verification(
        text=text,
        outcome=VerificationOutcome.INVALID,
        scheme=scheme,
        kind=None,
        key=None,
        reasons=(reason,),
        policy_id=policy.id,
        policy_version=policy.version,
    )


def _verify_rf(text: str, clean: str, policy: ReferencePolicy) -> Verification:
    if not is_valid(clean):
        reason = Reason(
            "rf_check_digits_wrong",
            f"{clean} is not a valid ISO 11649 reference (MOD 97-10 check fails or bad format).",
            {"reference": clean},
        )
        return _invalid(text, policy, reason, Scheme.RF)
    body = clean[4:]
    found = [
        (k, m) for k, m in policy.rf_markers.items() if body.startswith(m) and len(body) > len(m)
    ]
    kind = ReferenceKind(found[0][0]) if found else None
    key = body[len(found[0][1]) :] if found else body
    reason = Reason(
        "rf_reference_valid" if kind else "rf_reference_unmarked",
        f"Valid RF reference for {kind.value} {key}."
        if kind
        else f"Valid RF reference {clean} with none of our markers.",
        {"kind": kind.value if kind else None, "key": key},
    )
    return Verification(
        text=text,
        outcome=VerificationOutcome.VALID,
        scheme=Scheme.RF,
        kind=kind,
        key=key,
        reasons=(reason,),
        policy_id=policy.id,
        policy_version=policy.version,
    )


def _verify_deposit(text: str, clean: str, policy: ReferencePolicy) -> Verification:
    layout = policy.deposit
    payload, check = clean[:-1], clean[-1]
    shortest = layout.marker_length + max(layout.width, 1) + 1
    longest = shortest if layout.width else layout.max_length
    if not shortest <= len(clean) <= longest or not payload.isdigit():
        reason = Reason(
            "deposit_reference_malformed",
            f"{clean} does not fit layout {layout.id} ({shortest} to {longest} digits).",
            {"reference": clean, "layout": layout.id},
        )
        return _invalid(text, policy, reason, Scheme.DEPOSIT)
    try:
        expected = check_digit(payload, layout)
    except ValidationError:
        expected = ""
    if expected != check:
        reason = Reason(
            "deposit_check_digit_wrong",
            f"{clean}: the check under layout {layout.id} is {expected or 'not issuable'}, not {check}.",
            {"reference": clean, "expected": expected, "got": check, "layout": layout.id},
        )
        return _invalid(text, policy, reason, Scheme.DEPOSIT)
    marker, body = payload[: layout.marker_length], payload[layout.marker_length :]
    kinds = [k for k, m in layout.markers.items() if m == marker]
    if not kinds:
        reason = Reason(
            "deposit_reference_unknown_marker",
            f"{clean}: check digit right, but marker {marker} is none of layout {layout.id}'s.",
            {"reference": clean, "marker": marker, "layout": layout.id},
        )
        return _invalid(text, policy, reason, Scheme.DEPOSIT)
    kind = ReferenceKind(kinds[0])
    key = str(int(body)) if layout.width else body
    reason = Reason(
        "deposit_reference_valid",
        f"Valid deposit reference for {kind.value} {key} under layout {layout.id}.",
        {"kind": kind.value, "key": key, "layout": layout.id},
    )
    return Verification(
        text=text,
        outcome=VerificationOutcome.VALID,
        scheme=Scheme.DEPOSIT,
        kind=kind,
        key=key,
        reasons=(reason,),
        policy_id=policy.id,
        policy_version=policy.version,
    )


def verify(text: str, *, policy: ReferencePolicy | None = None) -> Verification:
    """Read a reference back: RF or deposit, the check, the kind and the key, with reasons.

    Spaces, dashes, dots and slashes are ignored; ``RF`` opens an RF
    reference, digits (and the layout's ``ten`` last) a deposit one. A wrong reference is an outcome, not an
    error: cash application meets them in remittance text every day.

    >>> verify("RF20 IINV 2026 0042").key, verify("2000420").kind
    ('INV20260042', <ReferenceKind.INVOICE: 'invoice'>)
    >>> verify("PAGO").reasons[0].code
    'not_a_reference'
    """
    chosen = _policy(policy)
    if not isinstance(text, str):
        raise ValidationError("text", text, "a str")
    clean = _clean(text)
    if clean.startswith("RF") and clean[2:].isalnum() and clean.isascii():
        return _verify_rf(text, clean, chosen)
    ten = chosen.deposit.ten
    head, last = clean[:-1], clean[-1:]
    if clean.isascii() and (head.isdigit() or not head) and (last.isdigit() or last == ten != ""):
        return _verify_deposit(text, clean, chosen)
    reason = Reason(
        "not_a_reference",
        f"{text!r} is neither an RF reference nor digits of a deposit reference.",
        {"text": text},
    )
    return _invalid(text, chosen, reason, None)


def parse(text: str, *, policy: ReferencePolicy | None = None) -> tuple[ReferenceKind | None, str]:
    """``(kind, key)`` of a valid reference, or a :class:`~receivables.errors.ValidationError` saying why not.

    ``kind`` is None for a valid RF reference without our markers.

    >>> parse("RF16CC1001")
    (<ReferenceKind.CUSTOMER: 'customer'>, 'C1001')
    >>> parse("RF17CC1001")
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: reference: got 'RF17CC1001'; expected a reference of ours with a right check (rf_check_digits_wrong)
    """
    verdict = verify(text, policy=policy)
    if verdict.outcome is VerificationOutcome.INVALID or verdict.key is None:
        raise ValidationError(
            "reference",
            text,
            f"a reference of ours with a right check ({verdict.reasons[0].code})",
        )
    return verdict.kind, verdict.key


_RF_START: Final = re.compile(r"\bRF[0-9]{2}")
_GROUP: Final = re.compile(r"[\s\-.]*([0-9A-Z]+)")


def _rf_candidates(upper: str) -> list[tuple[Verification, tuple[int, int]]]:
    """Valid RF references and their spans: groups as printed (4, 4, ..., the last shorter)."""
    found: list[tuple[Verification, tuple[int, int]]] = []
    for start in _RF_START.finditer(upper):
        groups: list[tuple[str, int]] = []
        position = start.end()
        while len("".join(g for g, _ in groups)) < MAX_LENGTH:
            group = _GROUP.match(upper, position)
            if group is None:
                break
            position = group.end()
            groups.append((group.group(1), position))
            if len(group.group(1)) != 4:  # a printed reference ends with its short group
                break
        for cut in range(len(groups), 0, -1):  # the longest run of groups that verifies
            text = start.group(0) + "".join(g for g, _ in groups[:cut])
            if len(text) <= MAX_LENGTH + 4 and is_valid(text):
                found.append((verify(text), (start.start(), groups[cut - 1][1])))
                break
    return found


def recognise(text: str, *, policy: ReferencePolicy | None = None) -> tuple[Verification, ...]:
    """Every reference of ours in free remittance text, in order, each once.

    RF references may be printed in groups of four (the last shorter; a
    reference whose last group has four characters and is followed by
    another word or number is read as long as it verifies, so end it with
    punctuation or a line); deposit references are runs of digits outside
    RF references (the layout's ``ten`` may end one). Only valid references are
    returned: cash application matches on them before anything fuzzy.
    A deposit reference read from free text is only as safe as its layout:
    a one-digit check lets one run of random digits in ten through (times
    the share of markers that are ours), so use a padded ``width`` (only
    runs of exactly that length are read) and prefer the bank's own
    reference field when the statement has one.

    >>> [(v.kind.value, v.key) for v in recognise("PAGO RF20 IINV 2026 0042 Y REF 142174")]
    [('invoice', 'INV20260042'), ('customer', '4217')]
    >>> recognise("PAGO FACTURA 45")
    ()
    """
    chosen = _policy(policy)
    if not isinstance(text, str):
        raise ValidationError("text", text, "a str")
    upper = text.upper()
    rf = _rf_candidates(upper)
    found = [verdict for verdict, _ in rf if verdict.kind is not None]
    spans = [span for _, span in rf]
    ten = re.escape(chosen.deposit.ten) if chosen.deposit.ten else ""
    digits = re.compile(rf"\b[0-9]+{'[' + ten + ']?' if ten else ''}\b")
    for match in digits.finditer(upper):
        if any(low <= match.start() < high for low, high in spans):
            continue  # digits printed inside an RF reference
        verdict = verify(match.group(0), policy=chosen)
        if verdict.outcome is VerificationOutcome.VALID:
            found.append(verdict)
    unique: dict[tuple[object, object, object], Verification] = {}
    for verdict in found:
        unique.setdefault((verdict.scheme, verdict.kind, verdict.key), verdict)
    return tuple(unique.values())
