"""The results store: tidy parquet files with provenance, resumable, never overwritten by a failure.

Layout under OUT/:
    cells/<cell id>.parquet   one compiled program's instances 0..n-1 (for resuming a sweep and
                              for extending it with more instances), shared by every claim and
                              seed: the id covers the program, its settings, the seed and the
                              code version, so claims that run the same cell simulate it once
    results/<claim>/<tier>[-T<horizon>]-seed<seed>/ (-T: a horizon of its own):
        results.parquet       the whole sweep at its last look, written only once it is done
        provenance.json       code version, packages, device, seed, sizes, looks, wall time,
                              and the columns and row count of results.parquet
    results/<claim>/<run>@<code version>/  results of another code version, copied aside by
                              the run that replaced them
Files are written to a temporary name and renamed (readable by all, as the umask allows), so a
crash never leaves half a file, and a failed run leaves the previous results.parquet as it was.
"""

import json
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pyarrow

from testbed.errors import ResultsError

RESULTS, PROVENANCE, CELLS = "results.parquet", "provenance.json", "cells"
RUNS = "results"  # the folder of finished runs


class RunStore:
    """Results of one (claim, tier, seed) under a root folder, and the cells under it."""

    def __init__(self, root: Path | str, claim_id: str, tier: str, seed: int):
        self.dir = Path(root) / RUNS / claim_id / f"{tier}-seed{seed}"
        self.cells = Path(root) / CELLS

    def load_finished(self) -> tuple[pd.DataFrame, dict] | None:
        """(frame, provenance) of the finished sweep, or None if there is none."""
        results, provenance = self.dir / RESULTS, self.dir / PROVENANCE
        if not results.exists():
            return None
        if not provenance.exists():
            raise ResultsError(f"{results} has no {PROVENANCE} beside it; move the folder "
                               f"{self.dir} away to recompute")
        meta = self.provenance()
        frame = read_parquet(results)
        missing = [c for c in meta.get("columns", []) if c not in frame.columns]
        if missing or len(frame) == 0 or len(frame) != meta.get("rows", len(frame)):
            found = (f"lacks the columns {', '.join(missing)}" if missing else
                     f"has {len(frame)} rows" + (f", not {meta['rows']}" if "rows" in meta else ""))
            raise ResultsError(f"{results} {found}; move the folder {self.dir} away to recompute")
        return frame, meta

    def provenance(self) -> dict:
        """The stored provenance.json, or ResultsError naming it."""
        path = self.dir / PROVENANCE
        try:
            meta = json.loads(path.read_text())
        except (OSError, json.JSONDecodeError) as err:
            raise ResultsError(f"{path} is not readable JSON ({err}); move the folder "
                               f"{self.dir} away to recompute") from None
        if not isinstance(meta, dict):
            raise ResultsError(f"{path} is not a JSON object; move the folder {self.dir} away "
                               f"to recompute")
        return meta

    def stored_version(self) -> str | None:
        """The code version of the stored results ("unreadable" when their provenance cannot be
        read), or None when there are none."""
        if not (self.dir / RESULTS).exists():
            return None
        try:
            return str(self.provenance().get("code_version", "unknown"))
        except ResultsError:
            return "unreadable"

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

    def finish(self, frame: pd.DataFrame, provenance: dict) -> Path | None:
        """Store the whole sweep, replacing an older one of the same code version only now (the
        cells stay, so that a later run can extend them); results of another code version are
        first copied aside, to the folder returned (None when there were none)."""
        stored = self.stored_version()
        aside = None
        if stored is not None and stored != str(provenance.get("code_version", "unknown")):
            aside = free_name(self.dir.with_name(f"{self.dir.name}@{stored}"))
            shutil.copytree(self.dir, aside)
        meta = {**provenance, "columns": list(frame.columns), "rows": len(frame)}
        write_atomically(self.dir / RESULTS, lambda path: frame.to_parquet(path, index=False))
        write_atomically(self.dir / PROVENANCE,
                         lambda path: Path(path).write_text(json.dumps(meta, indent=2)))
        return aside


def free_name(path: Path) -> Path:
    """``path``, or ``path``.1, .2, ... : the first that does not exist."""
    candidate, k = path, 0
    while candidate.exists():
        k += 1
        candidate = path.with_name(f"{path.name}.{k}")
    return candidate


def umask() -> int:
    """The process's umask (read by setting it, so set back at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def read_parquet(path: Path) -> pd.DataFrame:
    """Read a parquet file, or raise ResultsError naming it."""
    try:
        return pd.read_parquet(path)
    except (OSError, pyarrow.ArrowException, ValueError) as err:
        raise ResultsError(f"{path} is not a readable parquet file ({err}); move it away or "
                           f"delete it to recompute") from err


def write_atomically(path: Path, write) -> None:
    """Call write(tmp) on a temporary file beside ``path``, then rename it to ``path``, readable
    by all as the umask allows (0644 under the usual 022)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, 0o666 & ~umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
