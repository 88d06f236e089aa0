"""The tutorial notebooks run from top to bottom on seeded data, each in a real Jupyter kernel.

Each notebook is executed with nbclient (the engine behind nbmake and ``jupyter nbconvert
--execute``) in a fresh ``python3`` kernel started from this environment, with ``src`` on the
path and matplotlib's non-interactive Agg backend. A cell that raises fails the test, and the
notebooks end their sections with ``assert`` statements, so a wrong figure fails it too.
About three seconds a notebook on a 2-core machine.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_is_a_notebook_per_tutorial() -> None:
    names = {path.stem for path in NOTEBOOKS}
    assert {"ledger", "statements"} <= names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
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


def test_notebooks_are_stored_without_outputs() -> None:
    """Outputs are made by running them; stored outputs would go stale and bloat diffs."""
    for path in NOTEBOOKS:
        notebook = nbformat.read(path, as_version=4)
        assert all(
            not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code"
        ), path.name
