"""One settled run of a claim: its sweep simulated (or extended) through a store, look by look."""

from collections.abc import Callable

import pandas as pd

from sims.run import Runner
from testbed.claim import Claim, Tier
from testbed.settle import Budget, Look, settle
from testbed.store import RunStore
from testbed.sweep import DEFAULT_CHUNK, Experiment, run_experiment


def settle_claim(claim: Claim, sizes: Tier, budget: Budget, seed: int, store: RunStore,
                 code_version: str, runners: dict[str, Runner], label: str,
                 change: Callable[[Experiment], Experiment] = lambda e: e
                 ) -> tuple[pd.DataFrame, list[Look]]:
    """(frame of the last look, looks) of ``claim`` at ``sizes``, settled within ``budget``
    (testbed.settle). Cells come from and go to ``store``, so stored instances are reused and
    only new ones simulated; ``runners`` keeps compiled programs across looks, seeds and claims;
    ``change`` alters the experiment (a mutant's learners)."""
    chunk = min(DEFAULT_CHUNK, sizes.n_instances)

    def frame_for(look: Tier) -> pd.DataFrame:
        return run_experiment(change(claim.experiment(look)), seed, code_version, cache=store,
                              chunk=chunk, runners=runners,
                              progress=f"{label} ({look.n_instances} instances)")

    return settle(claim, sizes, budget, frame_for)
