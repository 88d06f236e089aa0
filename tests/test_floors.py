"""The floors hold: an import only points down, engines never import each other,
and every module is listed on a floor.

Written as a short test rather than an import-linter contract because the
floors list modules that later issues add; a test reads whatever exists.
(beancount keeps the same kind of check in ``tools/dependency_constraints.py``,
which also fails on a module that no constraint names: a new module must say
where it lives.)

A package counts as its top-level unit: ``readers/camt.py`` and
``dunning/levels.py`` are on the floor of ``readers`` and ``dunning``, so a
new submodule of a listed package needs no line here; imports between the
submodules of one package are free.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "receivables"

GROUND = {"money", "errors", "decisions", "progress", "validators"}
DOMAIN = {
    "allocation",
    "buckets",
    "calendars",
    "daycount",
    "documents",
    "journal",
    "ledger",
    "numbering",
    "payment_references",
    "promise_status",
    "terms",
}
ENGINES = {
    "aging",
    "cashapp",
    "cashcount",
    "cheques",
    "contracts",
    "deliveries",
    "dunning",
    "guarantees",
    "latecharges",
    "metrics",
    "plans",
    "policies",
    "promises",
    "provisions",
    "receipts",
    "reconciliation",
    "targets",
}
EDGE = {
    "__main__",
    "cli",
    "demo",
    "formatting",
    "frames",
    "interop",
    "outputs",
    "partitions",
    "plots",
    "readers",
    "samples",
    # statements is an engine by concept, listed on the edge for now because it
    # renders (it imports formatting); issue 14 splits its rendering off to the
    # edge and files statements back among the engines.
    "statements",
}
FLOOR = {"ground": 0, "domain": 1, "engines": 2, "edge": 3}
FLOORS = {
    **dict.fromkeys(GROUND, FLOOR["ground"]),
    **dict.fromkeys(DOMAIN, FLOOR["domain"]),
    **dict.fromkeys(ENGINES, FLOOR["engines"]),
    **dict.fromkeys(EDGE, FLOOR["edge"]),
}


def _top(module: str) -> str:
    """The top-level unit of ``receivables.x.y`` is ``x``."""
    return module.split(".")[1] if module.count(".") >= 1 else ""


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in found if name.startswith("receivables.")}


def _units(src: Path) -> set[str]:
    """The top-level units under ``src``: modules and packages (``__init__`` excepted)."""
    return {
        path.name.removesuffix(".py")
        for path in src.iterdir()
        if (path.suffix == ".py" and path.name != "__init__.py")
        or (path.is_dir() and (path / "__init__.py").exists())
    }


def _violations(src: Path = SRC, floors: dict[str, int] = FLOORS) -> list[str]:
    units = _units(src)
    problems = [
        f"{unit}: on no floor (list it in tests/test_floors.py)"
        for unit in sorted(units)
        if unit not in floors
    ]
    for path in sorted(src.rglob("*.py")):
        if path == src / "__init__.py":
            continue
        unit = path.relative_to(src).parts[0].removesuffix(".py")
        if unit not in floors:
            continue
        for name in sorted(_imports(path)):
            target = _top(name)
            if target not in units or target == unit or target not in floors:
                continue
            if floors[target] > floors[unit]:
                problems.append(f"{path.relative_to(src)} imports {name}: points up a floor")
            elif floors[target] == floors[unit] == FLOOR["engines"]:
                problems.append(f"{path.relative_to(src)} imports {name}: engines are independent")
    return problems


def test_imports_only_point_down() -> None:
    assert _violations() == []


def test_every_module_is_on_one_floor() -> None:
    listed = [*GROUND, *DOMAIN, *ENGINES, *EDGE]
    assert len(listed) == len(set(listed)), "a module is listed on two floors"
    assert _units(SRC) <= set(listed)


def test_the_check_catches_upward_and_sideways_imports(tmp_path: Path) -> None:
    (tmp_path / "money.py").write_text("from receivables.aging import age\n")
    (tmp_path / "aging.py").write_text("import receivables.money\n")
    (tmp_path / "dunning.py").write_text(
        "from receivables import aging\nimport receivables.ledger\n"
    )
    (tmp_path / "ledger.py").write_text("from receivables.documents import Invoice\n")
    (tmp_path / "documents.py").write_text("")
    assert _violations(tmp_path) == [
        "dunning.py imports receivables.aging: engines are independent",
        "money.py imports receivables.aging: points up a floor",
        "money.py imports receivables.aging.age: points up a floor",
    ]


def test_an_unlisted_module_fails(tmp_path: Path) -> None:
    (tmp_path / "money.py").write_text("")
    (tmp_path / "forecasts.py").write_text("import receivables.money\n")
    (tmp_path / "hedging").mkdir()
    (tmp_path / "hedging" / "__init__.py").write_text("")
    assert _violations(tmp_path) == [
        "forecasts: on no floor (list it in tests/test_floors.py)",
        "hedging: on no floor (list it in tests/test_floors.py)",
    ]


def test_a_package_submodule_is_on_its_package_floor(tmp_path: Path) -> None:
    for package in ("readers", "dunning", "plans"):
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("")
    (tmp_path / "readers" / "camt.py").write_text("from receivables.dunning import run\n")
    (tmp_path / "dunning" / "levels.py").write_text(
        "from receivables.dunning.pauses import pause\nfrom receivables.plans import track\n"
    )
    (tmp_path / "dunning" / "pauses.py").write_text("import receivables.readers.camt\n")
    assert _violations(tmp_path) == [
        "dunning/levels.py imports receivables.plans: engines are independent",
        "dunning/levels.py imports receivables.plans.track: engines are independent",
        "dunning/pauses.py imports receivables.readers.camt: points up a floor",
    ]
