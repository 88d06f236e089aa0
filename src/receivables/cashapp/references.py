"""Which invoices does the payer's remittance text name?

Payers write invoice numbers the way they like: ``INV-000123``, ``inv 123``,
``FACT. No. 0045``, several in one line (``PAGO FACTURAS 1234, 1235 Y 1240``),
cut short by the bank, with a digit mistyped, or as an ISO 11649 structured
creditor reference (``RF18 5390 0754 7034``). This module turns both the
invoice numbers and the payer's text into the same *reference key*:

1. upper case, accents removed (Unicode NFKD);
2. leading document-type words dropped (INV, INVOICE, FAC, FACT, FACTURA, FV,
   FE, No., Nro., Num., REF, #) when a number follows them;
3. every character that is not a letter or digit dropped;
4. leading zeros dropped.

so ``"Fact. No. 001-0045"`` and invoice ``"001-0045"`` both become
``"10045"``. Look-ups then go exact first, then within one edit (a typo or two
transposed digits, optimal string alignment distance via rapidfuzz), then by
prefix or suffix (a truncated number), always among the identified customer's
own items, as the practitioners' order in issue 4 asks and as Odoo's
reconciliation models do when they match the "label, note or reference" of a
statement line against open invoices (Odoo 17 documentation, *Reconciliation
models*). RF references have their MOD 97-10 check digits verified with
python-stdnum's :mod:`stdnum.iso11649`; a reference whose check fails is
reported and not used.

The extraction is hand-written because no library parses free remittance
text in Spanish and English; the check digits and the edit distances come
from python-stdnum and rapidfuzz.

>>> reference_key("Fact. No. 001-0045")
'10045'
>>> [r.key for r in extract_references("PAGO FACTURAS 1234, 1235 Y 1240")]
['1234', '1235', '1240']
"""

from __future__ import annotations

import re
from collections.abc import Container, Sequence

import attrs
from rapidfuzz import process
from rapidfuzz.distance import OSA
from stdnum import iso11649

from receivables.errors import ValidationError
from receivables.numbering import digits_key, reference_key, strip_accents

__all__ = [
    "Reference",
    "creditor_reference",
    "digits_key",
    "exact_key",
    "extract_references",
    "invalid_creditor_references",
    "near_references",
    "reference_key",
    "strip_accents",
]

_NOT_ALNUM = re.compile(r"[^A-Z0-9]+")
_CHUNK = re.compile(r"[A-Z0-9#°](?:[A-Z0-9\-/.#°]*[A-Z0-9])?")
_DIGITS = re.compile(r"[0-9]+")
_RF = re.compile(r"RF[0-9]{2}(?:\s?[A-Z0-9]{1,4}){1,6}")


@attrs.frozen
class Reference:
    """One reference found in a remittance: the text as written, its key, its parts.

    ``parts`` are the digit groups of a compound token (``"1234/1235"`` gives
    ``("1234", "1235")``), tried when the whole token names nothing;
    ``creditor`` is true for a verified ISO 11649 RF reference; ``joined``
    is the key of this token run together with the next one, ``partner``,
    when only a space or dash separates them (``"001 0000145"``).

    >>> Reference("INV-12", "12").key
    '12'
    """

    text: str
    key: str
    parts: tuple[str, ...] = ()
    creditor: bool = False
    joined: str = ""
    partner: str = ""


def _ends_creditor(word: str) -> bool:
    return word.isalpha() and (len(word) != 4 or word in {"FACT", "PAGO", "PAID"})


def creditor_reference(text: str) -> str | None:
    """The reference inside a valid ISO 11649 ``RF`` creditor reference, else None.

    The check digits are verified by python-stdnum (MOD 97-10, ISO 7064).

    >>> creditor_reference("RF18 5390 0754 7034"), creditor_reference("RF19 5390 0754 7034")
    ('539007547034', None)
    """
    compact = _NOT_ALNUM.sub("", strip_accents(text))
    if not compact.startswith("RF") or not iso11649.is_valid(compact):
        return None
    return str(compact[4:])


def _creditor_references(text: str) -> tuple[list[Reference], list[tuple[int, int]], list[str]]:
    found: list[Reference] = []
    spans: list[tuple[int, int]] = []
    invalid: list[str] = []
    if "RF" not in text:
        return found, spans, invalid
    for match in _RF.finditer(text):
        groups = match.group(0).split()
        valid = None
        # The greedy pattern may have swallowed a following word; shorten until valid.
        for end in range(len(groups), 0, -1):
            candidate = " ".join(groups[:end])
            body = creditor_reference(candidate)
            if body is not None:
                valid = (candidate, body)
                break
        if valid is None:
            # Where a bad reference ends is unknown; a word without digits that is not
            # a four-character group ("INV" in "RF19 5390 0754 7034 INV 1234") starts
            # the next reference.
            words = list(re.finditer(r"\S+", match.group(0)))
            end = next(
                (i for i in range(1, len(words)) if _ends_creditor(words[i].group(0))),
                len(words),
            )
            text = match.group(0)[: words[end - 1].end()]
            invalid.append(text)
            spans.append((match.start(), match.start() + len(text)))
            continue
        candidate, body = valid
        found.append(Reference(candidate, reference_key(body), creditor=True))
        spans.append((match.start(), match.start() + len(candidate)))
    return found, spans, invalid


def exact_key(text: str) -> str:
    """A document number as written, compared whole: upper case, accents, spaces and punctuation gone.

    Unlike :func:`reference_key` it keeps the words and the leading zeros, so
    it is equal only for a number written in full.

    >>> exact_key("inv-00003"), exact_key("FV/2026.0045"), reference_key("INV-00003")
    ('INV00003', 'FV20260045', '3')
    >>> exact_key(3)
    Traceback (most recent call last):
    ...
    receivables.errors.ValidationError: exact_key.text: got 3; expected a string
    """
    if not isinstance(text, str):
        raise ValidationError("exact_key.text", text, "a string")
    return _NOT_ALNUM.sub("", strip_accents(text))


def extract_references(
    text: str, *, min_length: int = 1, exact: Container[str] = frozenset()
) -> tuple[Reference, ...]:
    """Every reference token in free remittance text, in the order written, once each.

    A token is a run of letters and digits (with inner ``-``, ``/``, ``.``)
    holding at least one digit; words such as ``PAGO``, ``FACTURAS`` or
    ``and`` are left out. Verified RF creditor references come first.
    Keys shorter than ``min_length`` are dropped, unless the token's
    :func:`exact_key` is in ``exact`` (an open item's number written in full).

    >>> [(r.text, r.key) for r in extract_references("abono fact 001-0045")]
    [('001-0045', '10045')]
    >>> [r.key for r in extract_references("Invoices INV-77 and inv 78 / RF18 5390 0754 7034")]
    ['539007547034', '77', '78']
    >>> extract_references("INV 1234/1235")[0].parts
    ('1234', '1235')
    >>> [(r.key, r.joined) for r in extract_references("001 0000145", min_length=3)]
    [('1', '10000145'), ('145', '')]
    >>> [r.text for r in extract_references("paid INV-00003", min_length=3, exact={"INV00003"})]
    ['INV-00003']
    """
    upper = strip_accents(text)
    creditor, spans, _ = _creditor_references(upper)
    if spans:
        pieces = []
        last = 0
        for start, end in spans:
            pieces.append(upper[last:start])
            pieces.append(" ")
            last = end
        pieces.append(upper[last:])
        upper = "".join(pieces)
    seen: set[tuple[str, str]] = set()
    found: list[Reference] = []
    for reference in creditor:
        if reference.key and (reference.key, "") not in seen:
            seen.add((reference.key, ""))
            found.append(reference)
    chunks = [
        (m.group(0), m.start(), m.end())
        for m in _CHUNK.finditer(upper)
        if any(c.isdigit() for c in m.group(0))
    ]
    shortest = max(min_length, 1)
    for index, (token, _, end) in enumerate(chunks):
        key = reference_key(token)
        joined = partner = ""
        if index + 1 < len(chunks):
            following, start, _ = chunks[index + 1]
            if not upper[end:start].strip(" -"):
                joined = reference_key(token + following)
                partner = following
        short = len(key) < shortest and not joined and exact_key(token) not in exact
        if short or (key, joined) in seen:
            continue
        groups = _DIGITS.findall(token)
        parts = tuple(g.lstrip("0") for g in groups) if len(groups) > 1 else ()
        parts = tuple(p for p in parts if len(p) >= shortest)
        seen.add((key, joined))
        found.append(Reference(token, key, parts, joined=joined, partner=partner))
    return tuple(found)


def invalid_creditor_references(text: str) -> tuple[str, ...]:
    """RF-shaped tokens in ``text`` whose check digits fail.

    >>> invalid_creditor_references("pago RF19 5390 0754 7034")
    ('RF19 5390 0754 7034',)
    """
    return tuple(_creditor_references(strip_accents(text))[2])


def near_references(
    key: str,
    keys: Sequence[str],
    *,
    max_edits: int = 1,
    min_length: int = 5,
) -> tuple[tuple[int, str], ...]:
    """Positions in ``keys`` within ``max_edits`` of ``key``, or of which it is a truncation.

    Each hit says how it matched: ``"edit"`` (one typo or two transposed
    digits, optimal string alignment distance) or ``"truncated"`` (``key``
    is a prefix or suffix of the item's key). Keys shorter than
    ``min_length`` match nothing, so short numbers never match loosely.

    >>> near_references("20240145", ["20240154", "20240999", "2024014599"])
    ((0, 'edit'), (2, 'truncated'))
    """
    if len(key) < min_length:
        return ()
    hits: dict[int, str] = {}
    if max_edits > 0:
        for _, _, index in process.extract(
            key, keys, scorer=OSA.distance, score_cutoff=max_edits, limit=None
        ):
            if keys[index] != key and len(keys[index]) >= min_length:
                hits[index] = "edit"
    for index, other in enumerate(keys):
        if index not in hits and other != key and (other.startswith(key) or other.endswith(key)):
            hits[index] = "truncated"
    return tuple(sorted(hits.items()))
