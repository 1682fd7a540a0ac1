"""The tours in notebooks/ run top to bottom (at the smoke tier) in a fresh kernel."""

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))
# a notebook that runs a claim the tests of a group simulate at the same sizes runs on that
# group's worker, so that the programs one of them compiles the other loads from the folder the
# tests share (tests/conftest.py): paper_figure runs mba-newyorker-table at smoke, and own_claim
# the worked example of test_claim_file (check_a_bound gains little: 22.2 s cold, 19.0 s warm)
GROUPS = {"paper_figure": "test_mba_claims", "own_claim": "test_claim_file"}


def notebook_param(path: Path):
    group = GROUPS.get(path.stem)
    return pytest.param(path, id=path.stem,
                        marks=[pytest.mark.xdist_group(group)] if group else [])


def test_there_are_the_three_tours():
    assert {p.stem for p in NOTEBOOKS} == {"check_a_bound", "own_claim", "paper_figure"}


@pytest.mark.slow
@pytest.mark.parametrize("path", [notebook_param(path) for path in NOTEBOOKS])
def test_a_notebook_runs_top_to_bottom(path):
    """NotebookClient.execute raises CellExecutionError, naming the cell, when one fails."""
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=900, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
