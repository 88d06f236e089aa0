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

__all__ = ["LEGAL_FORMS", "PayerIndex", "name_key", "name_tokens"]

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

        One batch :func:`rapidfuzz.process.cdist` per ``chunk`` names, with
        ``score_cutoff`` and ``workers``; a customer's best spelling counts.
        ``keyed`` says the names already are :func:`name_key` keys.

        >>> PayerIndex(["C1", "C2"], ["Acme Inc", "Andina SA"]).fuzzy(["ACMEE"], workers=1)
        [[(0, 89)]]
        """
        queries = list(names) if keyed else [name_key(n) for n in names]
        result: list[list[tuple[int, int]]] = []
        if not self.keys:
            return [[] for _ in queries]
        width = min(len(self.keys), limit * 4)
        for start in range(0, len(queries), chunk):
            block = queries[start : start + chunk]
            scores = process.cdist(
                block,
                self.keys,
                scorer=fuzz.ratio,
                score_cutoff=score_cutoff,
                dtype=np.uint8,
                workers=workers,
            )
            if width < scores.shape[1]:
                top = np.argpartition(-scores.astype(np.int16), width - 1, axis=1)[:, :width]
            else:
                top = np.broadcast_to(np.arange(scores.shape[1]), scores.shape)
            for row in range(scores.shape[0]):
                if not block[row]:
                    result.append([])
                    continue
                best: dict[int, int] = {}
                for column in top[row]:
                    score = int(scores[row, column])
                    if score < score_cutoff or score == 0:
                        continue
                    owner = int(self.owners[column])
                    if score > best.get(owner, -1):
                        best[owner] = score
                ranked = sorted(best.items(), key=lambda item: (-item[1], self.ids[item[0]]))
                result.append(ranked[:limit])
        return result


def _account_key(account: str) -> str:
    return "".join(account.split()).upper()
