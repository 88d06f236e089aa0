"""The floors hold: an import only points down, and engines never import each other.

Written as a short test rather than an import-linter contract because the
floors list modules that later issues add; a test reads whatever exists.
(beancount keeps the same kind of check in ``tools/dependency_constraints.py``.)
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "receivables"

GROUND = {"money", "errors", "decisions", "progress"}
DOMAIN = {
    "documents",
    "ledger",
    "terms",
    "calendars",
    "allocation",
    "journal",
    "buckets",
    "payment_references",
}
EDGE = {
    "__main__",
    "interop",
    "formatting",
    "statements",
    "frames",
    "plots",
    "partitions",
    "demo",
    "cli",
    "samples",
    "readers",
    "outputs",
}
FLOOR = {"ground": 0, "domain": 1, "engines": 2, "edge": 3}


def _top(module: str) -> str:
    """The top-level unit of ``receivables.x.y`` is ``x``."""
    return module.split(".")[1] if module.count(".") >= 1 else ""


def _floor(unit: str) -> int:
    if unit in GROUND:
        return FLOOR["ground"]
    if unit in DOMAIN:
        return FLOOR["domain"]
    if unit in EDGE:
        return FLOOR["edge"]
    return FLOOR["engines"]


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


def _violations(src: Path = SRC) -> list[str]:
    problems = []
    units = {p.name.removesuffix(".py") for p in src.iterdir() if p.name != "__init__.py"}
    for path in sorted(src.rglob("*.py")):
        if path == src / "__init__.py":
            continue
        unit = path.relative_to(src).parts[0].removesuffix(".py")
        for name in sorted(_imports(path)):
            target = _top(name)
            if target not in units or target == unit:
                continue
            if _floor(target) > _floor(unit):
                problems.append(f"{path.relative_to(src)} imports {name}: points up a floor")
            elif _floor(target) == _floor(unit) == FLOOR["engines"]:
                problems.append(f"{path.relative_to(src)} imports {name}: engines are independent")
    return problems


def test_imports_only_point_down() -> None:
    assert _violations() == []


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
