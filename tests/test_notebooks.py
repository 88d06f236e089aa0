"""The tutorial notebooks run from top to bottom on seeded data, each in a real Jupyter kernel.

Each notebook is executed with nbclient (the engine behind nbmake and ``jupyter nbconvert
--execute``) in a fresh ``python3`` kernel started from this environment, with ``src`` on the
path and matplotlib's non-interactive Agg backend. A cell that raises fails the test, and the
notebooks end their sections with ``assert`` statements, so a wrong figure fails it too.
About three seconds a notebook on a 2-core machine.

A notebook names the modules it needs in its metadata (``receivables.requires``); one whose
engine has not landed yet is skipped, and every engine that has landed must have a notebook.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "receivables"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
ENGINES = ("ledger", "statements", "aging", "cashapp", "plans", "dunning")
"""Modules (or packages) that get a tutorial notebook of the same name once they exist."""


def _requires(path: Path) -> list[str]:
    notebook = nbformat.read(path, as_version=4)
    return list(notebook.metadata.get("receivables", {}).get("requires", []))


def test_a_notebook_per_engine_that_exists() -> None:
    present = {e for e in ENGINES if (SRC / f"{e}.py").exists() or (SRC / e).is_dir()}
    assert {"ledger", "statements"} <= present
    assert present <= {path.stem for path in NOTEBOOKS}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = [m for m in _requires(path) if importlib.util.find_spec(m) is None]
    if missing:
        pytest.skip(f"{path.name} needs {', '.join(missing)}, not on this branch yet")
    monkeypatch.setenv("MPLBACKEND", "Agg")
    paths = [str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(p for p in paths if p))
    notebook = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()  # raises CellExecutionError naming the cell that failed
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code
    assert all(cell.execution_count for cell in code)
    errors = [o for cell in code for o in cell.outputs if o.output_type == "error"]
    assert errors == []


def test_notebooks_are_valid_and_stored_without_outputs() -> None:
    """Outputs are made by running them; stored outputs would go stale and bloat diffs."""
    for path in NOTEBOOKS:
        notebook = nbformat.read(path, as_version=4)
        nbformat.validate(notebook)
        assert _requires(path), f"{path.name} names the modules it needs"
        assert all(
            not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code"
        ), path.name


EXAMPLES = sorted((ROOT / "examples").glob("*.py"))


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_runs(path: Path) -> None:
    """Each example runs as a user would (``python examples/x.py``) in a fresh interpreter.

    The examples assert their own tie-outs (partitioned == single process, trial balance ties),
    so a wrong number exits non-zero; they must also print what they promise.
    """
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "MPLBACKEND": "Agg"}
    done = subprocess.run(
        [sys.executable, str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip(), f"{path.name} printed nothing"
    assert "Traceback" not in done.stderr


def test_there_are_examples() -> None:
    assert {p.stem for p in EXAMPLES} >= {"ar_month_end", "statements_on_dask"}
