"""The results store: tidy parquet files with provenance, resumable, never overwritten by a failure.

Layout under OUT/:
    cells/<cell id>.parquet   one compiled program's instances 0..n-1 (for resuming a sweep and
                              for extending it with more instances), shared by every claim and
                              seed: the id covers the program, its settings, the seed and the
                              code version, so claims that run the same cell simulate it once
    results/<claim>/<tier>[-T<horizon>]-seed<seed>/ (-T: a horizon of its own):
        results.parquet       the whole sweep at its last look, written only once it is done
        provenance.json       code version, packages, device, seed, sizes, looks, wall time
Files are written to a temporary name and renamed, so a crash never leaves half a file, and a
failed run leaves the previous results.parquet as it was.
"""

import json
import os
import tempfile
from pathlib import Path

import pandas as pd
import pyarrow

from testbed.errors import ResultsError

RESULTS, PROVENANCE, CELLS = "results.parquet", "provenance.json", "cells"


class RunStore:
    """Results of one (claim, tier, seed) under a root folder, and the cells under it."""

    def __init__(self, root: Path | str, claim_id: str, tier: str, seed: int):
        self.dir = Path(root) / "results" / claim_id / f"{tier}-seed{seed}"
        self.cells = Path(root) / CELLS

    def load_finished(self) -> tuple[pd.DataFrame, dict] | None:
        """(frame, provenance) of the finished sweep, or None if there is none."""
        results, provenance = self.dir / RESULTS, self.dir / PROVENANCE
        if not results.exists():
            return None
        if not provenance.exists():
            raise ResultsError(f"{results} has no {PROVENANCE} beside it; move the folder "
                               f"{self.dir} away to recompute")
        try:
            meta = json.loads(provenance.read_text())
        except (OSError, json.JSONDecodeError) as err:
            raise ResultsError(f"{provenance} is not readable JSON ({err}); move the folder "
                               f"{self.dir} away to recompute") from err
        return read_parquet(results), meta

    def load_cell(self, cell_id: str) -> pd.DataFrame | None:
        """A stored cell (its instances 0..n-1), or None."""
        path = self.cells / f"{cell_id}.parquet"
        return read_parquet(path) if path.exists() else None

    def save_cell(self, cell_id: str, frame: pd.DataFrame) -> None:
        """Keep one cell so that a sweep can resume from it or extend it."""
        write_atomically(self.cells / f"{cell_id}.parquet",
                         lambda path: frame.to_parquet(path, index=False))

    def drop_cells(self, cell_ids: list[str]) -> None:
        """Forget the stored cells ``cell_ids`` (a rerun simulates their instances again)."""
        for cell_id in cell_ids:
            (self.cells / f"{cell_id}.parquet").unlink(missing_ok=True)

    def finish(self, frame: pd.DataFrame, provenance: dict) -> None:
        """Store the whole sweep, replacing an older one only now (the cells stay, so that a
        later run can extend them)."""
        write_atomically(self.dir / RESULTS, lambda path: frame.to_parquet(path, index=False))
        write_atomically(self.dir / PROVENANCE,
                         lambda path: Path(path).write_text(json.dumps(provenance, indent=2)))


def read_parquet(path: Path) -> pd.DataFrame:
    """Read a parquet file, or raise ResultsError naming it."""
    try:
        return pd.read_parquet(path)
    except (OSError, pyarrow.ArrowException, ValueError) as err:
        raise ResultsError(f"{path} is not a readable parquet file ({err}); move it away or "
                           f"delete it to recompute") from err


def write_atomically(path: Path, write) -> None:
    """Call write(tmp) on a temporary file beside ``path``, then rename it to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
