"""Stored results as one tidy DataFrame, across claims, tiers and seeds: ``testbed.load``."""

import re
import warnings
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from testbed.errors import InputError
from testbed.provenance import code_version, source_hash
from testbed.store import RESULTS, RUNS, RunStore

RUN_FOLDER = re.compile(r"(?P<tier>[a-z]+(?:-T\d+)?)-seed(?P<seed>\d+)")


def load(out: Path | str = "paper", claim: str | Iterable[str] | None = None,
         tier: str | Iterable[str] | None = None, seeds: int | Iterable[int] | None = None,
         versions: str = "current") -> pd.DataFrame:
    """Every finished run stored under ``out`` (what `testbed check --out` wrote), one row per
    (claim, setting, instance, checkpoint t): the columns claim, tier (with -T<horizon> when
    --horizon was given), seed and code_version, the setting's labels (learner, problem, alpha,
    ...), instance, t and the metrics (regret, labels, ...), which are nan in the rows of claims
    that do not record them.

    ``claim``, ``tier`` and ``seeds`` keep only the runs named (one or several; None: all).
    ``versions`` is "current" (runs made by this code; those of other code versions are left out
    with a warning naming them) or "all". InputError when nothing matches; ResultsError (naming
    the file) when a matching run is damaged.
    """
    if versions not in ("current", "all"):
        raise InputError(f"versions {versions!r} is neither 'current' nor 'all'")
    wanted = (as_set(claim), as_set(tier), as_set(seeds))
    runs = [(name, match) for name, match in stored_runs(Path(out))
            if all(w is None or v in w for w, v in zip(
                wanted, (name, match["tier"], int(match["seed"]))))]
    if not runs:
        stored = sorted({name for name, _ in stored_runs(Path(out))})
        raise InputError(f"no finished results under {out} match claim={claim}, tier={tier}, "
                         f"seeds={seeds}; stored claims: {', '.join(stored) or 'none'}")
    frames, other = [], []
    for name, match in runs:
        frame, meta = RunStore(out, name, match["tier"], int(match["seed"])).load_finished()
        version = meta.get("code_version", "unknown")
        if versions == "current" and version != code_version(meta.get("claim_file")):
            other.append(f"{name} {match[0]} ({version})")
            continue
        frames.append(frame.assign(tier=match["tier"], code_version=version))
    if other:
        warnings.warn(f"left out {len(other)} run(s) made by another code version than this "
                      f"one ({source_hash()}): {'; '.join(other)}; load(..., versions='all') "
                      f"keeps them", stacklevel=2)
    if not frames:
        raise InputError(f"the runs under {out} that match were all made by another code "
                         f"version; load(..., versions='all') keeps them")
    return pd.concat(frames, ignore_index=True)


def stored_runs(out: Path) -> list[tuple[str, re.Match]]:
    """(claim id, match of the run folder's name) of every finished run under ``out``; copies
    kept aside (``<run>@<version>``) are not runs."""
    runs = []
    for results in sorted((out / RUNS).glob(f"*/*/{RESULTS}")):
        match = RUN_FOLDER.fullmatch(results.parent.name)
        if match:
            runs.append((results.parent.parent.name, match))
    return runs


def as_set(value) -> set | None:
    """None, or the set of one value or of several."""
    if value is None:
        return None
    return {value} if isinstance(value, (str, int)) else set(value)
