"""One settled run of a claim: its sweep simulated (or extended) through a store, look by look."""

from collections.abc import Callable

import pandas as pd

from sims.run import Runner
from testbed.claim import Claim, Tier
from testbed.settle import Budget, Look, Scopes, in_scopes, settle
from testbed.store import RunStore
from testbed.sweep import DEFAULT_CHUNK, Cell, Experiment, run_experiment


def cell_in_scopes(cell: Cell, scopes: Scopes) -> bool:
    """Whether some row of ``cell`` has the labels of one of ``scopes`` (testbed.settle)."""
    labels = pd.DataFrame([{**cell.labels, **s.labels} for s in cell.settings])
    return bool(in_scopes(labels, scopes).any())


def settle_claim(claim: Claim, sizes: Tier, budget: Budget, seed: int, store: RunStore,
                 code_version: str, runners: dict[str, Runner], label: str,
                 change: Callable[[Experiment], Experiment] = lambda e: e
                 ) -> tuple[pd.DataFrame, list[Look]]:
    """(frame of the last look, looks) of ``claim`` at ``sizes``, settled within ``budget``
    (testbed.settle): each look simulates the cells of the rows it extends up to its instances.
    Cells come from and go to ``store``, so stored instances are reused and only new ones
    simulated; ``runners`` keeps compiled programs across looks, seeds and claims; ``change``
    alters the experiment (a mutant's learners)."""
    chunk = min(DEFAULT_CHUNK, sizes.n_instances)
    counts: dict[str, int] = {}  # cell identity -> the instances the looks have of it

    def frame_for(look: Tier, extended: Scopes) -> pd.DataFrame:
        experiment = change(claim.experiment(look))
        groups: dict[int, list[Cell]] = {}
        for cell in experiment.cells:
            key = cell.identity(seed, code_version)
            if key not in counts or cell_in_scopes(cell, extended):
                counts[key] = look.n_instances
            groups.setdefault(counts[key], []).append(cell)
        return pd.concat([
            run_experiment(Experiment(tuple(cells), count, experiment.metrics), seed,
                           code_version, cache=store, chunk=chunk, runners=runners,
                           progress=f"{label} ({count} instances)")
            for count, cells in groups.items()], ignore_index=True)

    return settle(claim, sizes, budget, frame_for)
