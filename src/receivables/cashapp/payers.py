"""Who sent this money?

A bank statement line names the payer the way the payer's bank spelled it:
``FERRETERIA EL TORNILLO SAS``, ``Tornillo, Ferretería El``, ``ACME INC.``.
Customers are found, in this order of trust (issue 4; the same order Odoo's
reconciliation models use when they look for the partner of a statement
line: the partner set on the line, then the bank account, then the name):

1. the customer id the bank or lockbox already gave;
2. the payer's bank account, mapped to the customer that owns it;
3. the payer's name, compared after :func:`name_key` has removed case,
   accents, punctuation, legal forms (S.A., S.A.S., Ltda, S. de R.L. de C.V.,
   Inc, LLC, Ltd, GmbH, ...) and word order: exactly first, then fuzzily with
   rapidfuzz's batch :func:`rapidfuzz.process.cdist` (``score_cutoff`` and
   ``workers``) over the customers' keys and aliases;
4. the references in the remittance (see :mod:`receivables.cashapp.references`).

A fuzzy score decides *who* paid, never *which* invoice was paid.

>>> name_key("Ferretería El Tornillo S.A.S."), name_key("TORNILLO FERRETERIA EL SAS")
('EL FERRETERIA TORNILLO', 'EL FERRETERIA TORNILLO')
>>> name_key("Grupo Andino S. de R.L. de C.V.")
'ANDINO GRUPO'
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

from receivables.cashapp.references import strip_accents
from receivables.errors import ValidationError

__all__ = ["LEGAL_FORMS", "PayerIndex", "legal_key", "name_key", "name_tokens", "written_words"]

LEGAL_FORMS: tuple[tuple[str, ...], ...] = tuple(
    sorted(
        (
            tuple(form.split())
            for form in (
                "S A S",
                "SAS",
                "S A",
                "SA",
                "SA DE CV",
                "S A DE C V",
                "SAB DE CV",
                "S DE RL DE CV",
                "S DE RL",
                "S DE R L",
                "DE CV",
                "LTDA",
                "LIMITADA",
                "CIA LTDA",
                "Y CIA",
                "SL",
                "SLU",
                "SRL",
                "SPA",
                "SAC",
                "EIRL",
                "SCS",
                "INC",
                "INCORPORATED",
                "LLC",
                "L L C",
                "LLP",
                "LP",
                "LTD",
                "LIMITED",
                "CORP",
                "CORPORATION",
                "CO",
                "PLC",
                "GMBH",
                "GMBH CO KG",
                "KG",
                "AG",
                "BV",
                "NV",
            )
        ),
        key=lambda form: (-len(form), form),
    )
)
"""Legal-form word sequences dropped from names, longest first (after dots are removed)."""

_FORMS_BY_FIRST_WORD: dict[str, tuple[tuple[str, ...], ...]] = {}
for _form in LEGAL_FORMS:
    _FORMS_BY_FIRST_WORD[_form[0]] = (*_FORMS_BY_FIRST_WORD.get(_form[0], ()), _form)

_BLOCK_BYTES = 32 * 1024 * 1024

_SEPARATORS = re.compile(r"[^A-Z0-9& ]+")
_DOTTED = re.compile(r"(?<=\b[A-Z])\.(?=[A-Z]\b)|\.")


def name_tokens(name: str) -> tuple[str, ...]:
    """The words of a payer or customer name without legal forms, in written order.

    >>> name_tokens("ACME, Inc.")
    ('ACME',)
    >>> name_tokens("Comercial Ñandú Ltda.")
    ('COMERCIAL', 'NANDU')
    """
    kept, words = _split(name)
    return kept if kept else words


def _split(name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The words kept after dropping legal forms, and all the words, in written order."""
    upper = strip_accents(name).replace("&", " Y ")
    upper = _DOTTED.sub("", upper)  # "S.A.S." -> "SAS", "S. de R.L." -> "S DE RL"
    words = tuple(_SEPARATORS.sub(" ", upper).split())
    kept: list[str] = []
    index = 0
    while index < len(words):
        for form in _FORMS_BY_FIRST_WORD.get(words[index], ()):
            if tuple(words[index : index + len(form)]) == form:
                index += len(form)
                break
        else:
            kept.append(words[index])
            index += 1
    return tuple(kept), words


def written_words(text: str) -> tuple[str, ...]:
    """Every word of ``text`` as written (legal forms kept), upper case, without accents or dots.

    >>> written_words("Distribuidora La Esperanza Ltda.")
    ('DISTRIBUIDORA', 'LA', 'ESPERANZA', 'LTDA')
    """
    if not isinstance(text, str):
        raise ValidationError("name", text, "a payer or customer name (a string)")
    upper = strip_accents(text).replace("&", " Y ")
    return tuple(_SEPARATORS.sub(" ", _DOTTED.sub("", upper)).split())


def legal_key(name: str) -> str:
    """A name with its legal form kept: what tells sister companies apart.

    Two legal entities often share a trade name ("Distribuidora La Esperanza
    Ltda." and "... S.A."); :func:`name_key` makes them equal, this does not.

    >>> legal_key("Distribuidora La Esperanza Ltda."), legal_key("DISTRIBUIDORA LA ESPERANZA S.A.")
    ('DISTRIBUIDORA LA ESPERANZA LTDA', 'DISTRIBUIDORA LA ESPERANZA SA')
    """
    return " ".join(written_words(name))


@functools.lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """A name reduced for comparison: tokens without legal forms, sorted, space-joined.

    Cached: bank files repeat the same payer names. A name made only of
    legal-form words keeps them in written order: sorted, "SA DE CV" would
    read as "CV DE" plus the form "SA", and the key would change when keyed again.

    >>> name_key("Acme Holdings, LLC") == name_key("HOLDINGS ACME")
    True
    >>> name_key("SA:DE:CV"), name_key(name_key("SA:DE:CV"))
    ('SA DE CV', 'SA DE CV')
    """
    kept, words = _split(name)
    return " ".join(sorted(kept)) if kept else " ".join(words)


class PayerIndex:
    """Customers indexed once by bank account, exact name key and alias, for fuzzy search.

    ``ids[i]`` is a customer id; ``keys`` holds one entry per name or alias
    with ``owners[j]`` the position of its customer.

    >>> index = PayerIndex(["C1", "C2"], ["Ferretería El Tornillo S.A.S.", "Acme Inc"],
    ...                    aliases=[("Tornillo",), ()], bank_accounts=[("ES12",), ()])
    >>> index.by_account("ES12"), index.by_name("ferreteria el tornillo"), index.by_name("TORNILLO")
    ((0,), (0,), (0,))
    >>> [(index.ids[c], s) for c, s in index.fuzzy(["ACMEE"], limit=1)[0]]
    [('C2', 89)]
    """

    def __init__(
        self,
        ids: Sequence[str],
        names: Sequence[str],
        *,
        aliases: Sequence[Sequence[str]] = (),
        bank_accounts: Sequence[Sequence[str]] = (),
    ) -> None:
        self.ids: tuple[str, ...] = tuple(ids)
        self.names: tuple[str, ...] = tuple(names)
        self.aliases: tuple[tuple[str, ...], ...] = tuple(tuple(a) for a in aliases)
        self.position: dict[str, int] = {c: i for i, c in enumerate(self.ids)}
        keys: list[str] = []
        owners: list[int] = []
        exact: dict[str, list[int]] = {}
        for position, name in enumerate(names):
            spelled = [name, *(aliases[position] if position < len(aliases) else ())]
            for spelling in spelled:
                key = name_key(spelling)
                if not key:
                    continue
                keys.append(key)
                owners.append(position)
                bucket = exact.setdefault(key, [])
                if position not in bucket:
                    bucket.append(position)
        self.keys: tuple[str, ...] = tuple(keys)
        self.owners: npt.NDArray[np.int64] = np.asarray(owners, dtype=np.int64)
        self.customer_keys: tuple[str, ...] = tuple(name_key(n) for n in names)
        self._exact = {k: tuple(v) for k, v in exact.items()}
        accounts: dict[str, list[int]] = {}
        for position, owned in enumerate(bank_accounts):
            for account in owned:
                bucket = accounts.setdefault(_account_key(account), [])
                if position not in bucket:
                    bucket.append(position)
        self._accounts = {k: tuple(v) for k, v in accounts.items()}
        self._starts: dict[tuple[str, str], list[tuple[int, tuple[str, ...]]]] | None = None

    def _starts_index(self) -> dict[tuple[str, str], list[tuple[int, tuple[str, ...]]]]:
        """Spellings (legal form kept) by their first two words, built on first use."""
        if self._starts is None:
            starts: dict[tuple[str, str], list[tuple[int, tuple[str, ...]]]] = {}
            for position in range(len(self.ids)):
                for spelling in self.spellings(position):
                    words = written_words(spelling)
                    if len(words) >= 2:
                        starts.setdefault((words[0], words[1]), []).append((position, words))
            self._starts = starts
        return self._starts

    def by_fragment(self, text: str, *, trailing: bool = False) -> tuple[int, ...]:
        """Customers whose name starts with a run of the words of ``text``, the last maybe cut.

        Banks cut the payer's name to the width of a field and put words of
        their own before it; remittances write "on behalf of" a name cut the
        same way. A run of at least two words and eight letters that begins a
        customer's name (legal form included), its last word possibly
        truncated, names that customer; words before the run do not count,
        and words after it only when ``trailing`` (a remittance goes on with
        invoice numbers; a payer-name field ends with the name, or its legal
        form).

        >>> index = PayerIndex(["C1", "C2", "C3"], ["Industrias Santa Clara S.A.P.I. de C.V.",
        ...     "Distribuidora La Esperanza Ltda.", "Distribuidora La Esperanza S.A."])
        >>> index.by_fragment("TRANSF SPEI INDUSTRIAS SANTA CLARA S.A.P")
        (0,)
        >>> index.by_fragment("POR CUENTA DE DISTRIBUIDORA LA ESPER")
        (1, 2)
        >>> text = "ON BEHALF OF DISTRIBUIDORA LA ESPERANZA LTDA INV 7"
        >>> index.by_fragment("PAGO SANTA"), index.by_fragment(text, trailing=True)
        ((), (1,))
        >>> index.by_fragment("DISTRIBUIDORA LA ESPERANZA NORTE")   # another name goes on
        ()
        """
        words = written_words(text)
        starts = self._starts_index()
        for offset in range(max(len(words) - 1, 0)):
            run = words[offset:]
            best, found = 0, set()
            for position, name in starts.get((run[0], run[1]), ()):
                matched = _run_length(name, run, trailing)
                if matched > best:
                    best, found = matched, {position}
                elif matched == best and matched:
                    found.add(position)
            if found:
                return tuple(sorted(found))
        return ()

    def by_account(self, account: str | None) -> tuple[int, ...]:
        """Customers owning ``account`` (spaces and case do not count).

        >>> PayerIndex(["C1"], ["Acme"], bank_accounts=[("ES12 34",)]).by_account("es1234")
        (0,)
        """
        if not account:
            return ()
        return self._accounts.get(_account_key(account), ())

    def by_name(self, name: str) -> tuple[int, ...]:
        """Customers whose name or an alias has exactly the key of ``name``.

        >>> PayerIndex(["C1"], ["Acme Inc"]).by_name("ACME, LLC")
        (0,)
        """
        key = name_key(name) if name else ""
        return self._exact.get(key, ()) if key else ()

    def by_key(self, key: str) -> tuple[int, ...]:
        """Customers whose name or an alias has exactly the name key ``key``.

        >>> PayerIndex(["C1"], ["Acme Inc"]).by_key("ACME")
        (0,)
        """
        return self._exact.get(key, ()) if key else ()

    def spellings(self, customer: int) -> tuple[str, ...]:
        """A customer's name and aliases.

        >>> PayerIndex(["C1"], ["Acme Inc"], aliases=[("ACME",)]).spellings(0)
        ('Acme Inc', 'ACME')
        """
        extra = self.aliases[customer] if customer < len(self.aliases) else ()
        return (self.names[customer], *extra)

    def legal_name_is(self, payer: str, customer: int) -> bool:
        """Whether ``payer`` is a customer's name or alias exactly, legal form included.

        >>> index = PayerIndex(["E1", "E2"], ["La Esperanza Ltda.", "La Esperanza S.A."])
        >>> index.legal_name_is("LA ESPERANZA LTDA", 0), index.legal_name_is("LA ESPERANZA LTDA", 1)
        (True, False)
        """
        key = legal_key(payer)
        return bool(key) and any(legal_key(n) == key for n in self.spellings(customer))

    def named_in(self, text: str, customer: int) -> bool:
        """Whether ``text`` (a remittance) writes a customer's name or alias.

        Every word of the name without its legal form must appear, and the
        words must hold at least six letters together, so that a short name
        ("SOL") is not found by chance.

        >>> index = PayerIndex(["C5"], ["Harbor Foods LLC"])
        >>> index.named_in("ON BEHALF OF HARBOR FOODS INV 77001", 0), index.named_in("HARBOR", 0)
        (True, False)
        """
        words = set(written_words(text))
        if not words:
            return False
        for spelling in self.spellings(customer):
            tokens = name_tokens(spelling)
            if sum(len(t) for t in tokens) >= 6 and all(t in words for t in tokens):
                return True
        return False

    def score(self, key: str, customer: int) -> int:
        """The best similarity (0-100) of name key ``key`` to a customer's name or aliases.

        >>> PayerIndex(["C1"], ["Acme Inc"]).score("ACME", 0)
        100
        """
        best = 0
        for position in np.flatnonzero(self.owners == customer):
            best = max(best, round(fuzz.ratio(key, self.keys[int(position)])))
        return best

    def fuzzy(
        self,
        names: Sequence[str],
        *,
        limit: int = 3,
        score_cutoff: int = 60,
        workers: int = -1,
        chunk: int = 2000,
        keyed: bool = False,
    ) -> list[list[tuple[int, int]]]:
        """For each name, up to ``limit`` customers by descending score, ties by position.

        One batch :func:`rapidfuzz.process.cdist` per ``chunk`` names (fewer
        when the customers' spellings are many: a block of scores stays under
        32 MB), with ``score_cutoff`` and ``workers``; only the scores above
        the cutoff are kept, best first. A customer's best spelling counts.
        ``keyed`` says the names already are :func:`name_key` keys.

        >>> PayerIndex(["C1", "C2"], ["Acme Inc", "Andina SA"]).fuzzy(["ACMEE"], workers=1)
        [[(0, 89)]]
        """
        queries = list(names) if keyed else [name_key(n) for n in names]
        result: list[list[tuple[int, int]]] = []
        if not self.keys:
            return [[] for _ in queries]
        width = limit * 4
        # A block of scores is rows x keys bytes: bound it, whatever ``chunk`` asks.
        rows_per_block = max(1, min(chunk, _BLOCK_BYTES // len(self.keys)))
        for start in range(0, len(queries), rows_per_block):
            block = queries[start : start + rows_per_block]
            scores = process.cdist(
                block,
                self.keys,
                scorer=fuzz.ratio,
                score_cutoff=score_cutoff,
                dtype=np.uint8,
                workers=workers,
            )
            # Only the scores above the cutoff (the rest are 0): memory grows with the
            # hits, not with rows x keys, and no index matrix is built.
            hit_rows, hit_columns = np.nonzero(scores)
            hit_scores = scores[hit_rows, hit_columns].astype(np.int16)
            del scores
            order = np.lexsort((hit_columns, -hit_scores, hit_rows))
            hit_rows, hit_columns, hit_scores = (
                hit_rows[order],
                hit_columns[order],
                hit_scores[order],
            )
            bounds = np.searchsorted(hit_rows, np.arange(len(block) + 1))
            for row in range(len(block)):
                if not block[row]:
                    result.append([])
                    continue
                low, high = int(bounds[row]), int(bounds[row + 1])
                best: dict[int, int] = {}
                for column, score in zip(
                    hit_columns[low : min(high, low + width)].tolist(),
                    hit_scores[low : min(high, low + width)].tolist(),
                    strict=True,
                ):
                    owner = int(self.owners[column])
                    if score > best.get(owner, -1):
                        best[owner] = score
                ranked = sorted(best.items(), key=lambda item: (-item[1], self.ids[item[0]]))
                result.append(ranked[:limit])
        return result


_FORMS = frozenset(LEGAL_FORMS)


def _run_length(name: tuple[str, ...], run: tuple[str, ...], trailing: bool) -> int:
    """How many words of ``run`` begin ``name``, or 0 when that does not name it.

    The run must stop where the text stops (the field cut it, maybe inside a
    word), or where the name stops or only its legal form is left, and then
    the text must stop too or only its legal form be left (unless
    ``trailing``); it must hold two words and eight letters at least, so
    "PAGO SANTA" names nobody.
    """
    count = 0
    while count < min(len(name), len(run)) and name[count] == run[count]:
        count += 1
    if count < len(name) and count == len(run) - 1 and name[count].startswith(run[count]):
        count += 1  # the field cut the last word
    rest = tuple(run[count:])
    ends = count == len(name) or tuple(name[count:]) in _FORMS
    complete = not rest or (ends and (trailing or rest in _FORMS))
    letters = sum(len(w) for w in run[:count])
    return count if complete and count >= 2 and letters >= 8 else 0


def _account_key(account: str) -> str:
    return "".join(account.split()).upper()
