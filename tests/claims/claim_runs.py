"""Helpers of the claim tests: run a claim at its smoke tier, its verdicts by check name, and
whether its scoped checks read only their rows."""

import dataclasses
import functools
from collections.abc import Callable

import numpy as np
import pandas as pd

from testbed.claims import get
from testbed.settle import default_budget, in_scopes, look_tiers
from testbed.sweep import Cell, Experiment, run_experiment


def smoke(claim_id: str, look: int = 0):
    """(claim, tier, frame) of a registered claim run with seed 0 at its smoke tier's settling
    look ``look`` (0: the first; testbed.settle): the tier holds that look's instances and its
    share of alpha. Simulated once per test process (a copy of the frame each call), whatever
    module asks and in whatever order a worker runs the tests."""
    claim, tier, frame = simulated(claim_id, look)
    return claim, tier, frame.copy()


@functools.cache
def simulated(claim_id: str, look: int):
    claim = get(claim_id)
    sizes = claim.tier("smoke")
    tier = look_tiers(sizes, default_budget(sizes.n_instances))[look] if look else sizes
    return claim, tier, run_experiment(claim.experiment(tier), seed=0, code_version="test")


def rerun_cells(frame: pd.DataFrame, experiment: Experiment, keep: Callable[[Cell], bool],
                code_version: str) -> pd.DataFrame:
    """``frame`` with the rows of the cells of ``experiment`` that ``keep`` selects replaced by a
    run of those cells alone (seed 0, ``experiment``'s instances): a wrong learner in the cells
    a check reads, beside the other cells as they were."""
    cells = tuple(c for c in experiment.cells if keep(c))
    assert cells, "keep selects no cell"
    rerun = run_experiment(dataclasses.replace(experiment, cells=cells), seed=0,
                           code_version=code_version)
    stale = in_scopes(frame, tuple(cell.labels for cell in cells))
    assert stale.sum() == len(rerun), "the cells' rows in frame are not what their run gives"
    return pd.concat([frame[~stale], rerun], ignore_index=True)


def outcomes(claim, frame, tier) -> dict[str, str]:
    """Check name -> outcome of the claim's checks on ``frame``."""
    return {v.check: v.outcome for v in claim.check(frame, tier)}


def assert_scoped_checks_read_only_their_rows(claim, frame, tier, metrics: list[str]) -> int:
    """Each verdict with a scope (Verdict.scope, what settling extends) stays the same when the
    other rows' ``metrics`` are tripled and those rows keep half of their instances; the count
    of scoped verdicts."""
    verdicts = [v for v in claim.check(frame, tier) if v.scope is not None]
    for verdict in verdicts:
        inside = in_scopes(frame, verdict.scope)
        assert inside.any() and not inside.all(), verdict.scope
        others = frame[~inside]
        others = others[others["instance"] < frame["instance"].nunique() // 2]
        others = others.assign(**{m: others[m] * 3.0 for m in metrics})
        changed = pd.concat([frame[inside], others], ignore_index=True)
        (again,) = [v for v in claim.check(changed, tier) if v.check == verdict.check]
        assert again == verdict or (np.isnan(again.statistic) and np.isnan(verdict.statistic))
    return len(verdicts)
