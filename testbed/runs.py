"""One settled run of a claim: its sweep simulated (or extended) through a store, look by look;
``run_claim`` is the one way to run a claim (the command line, the pytest plugin, a notebook)."""

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from testbed import provenance
from testbed.checks import Verdict, combine
from testbed.claim import Claim, Tier
from testbed.settle import Budget, Look, Scopes, default_budget, in_scopes, settle, settled
from testbed.store import RunStore
from testbed.sweep import (DEFAULT_CHUNK, Backend, Cell, CellCache, Experiment, LocalBackend,
                           run_experiment)


@dataclass(frozen=True)
class ClaimRun:
    """A claim settled at one tier and seed.

    Attributes:
        claim: the claim.
        frame: the sweep at its last look (one row per setting, instance and checkpoint).
        looks: each look's tier (instances, share of alpha), rows extended and verdicts.
        provenance: code version, packages, device, sizes, looks, budget, wall time.
        aside: where stored results of another code version were copied before being
            replaced (None: there were none).
    """

    claim: Claim
    frame: pd.DataFrame
    looks: list[Look]
    provenance: dict
    aside: Path | None = None

    @property
    def verdicts(self) -> list[Verdict]:
        """Each check's settled verdict (testbed.settle.settled)."""
        return settled(self.looks)

    @property
    def outcome(self) -> str:
        """passed, failed, inconclusive or void: the claim's verdict."""
        return combine(self.verdicts)


def run_name(claim: Claim, sizes: Tier) -> str:
    """The store's name for a run at ``sizes``: its tier's name, with -T<horizon> when the
    horizon is not the tier's (a run of its own)."""
    return (sizes.name if sizes.horizon == claim.tier(sizes.name).horizon
            else f"{sizes.name}-T{sizes.horizon}")


def run_claim(claim: Claim, sizes: Tier | str = "smoke", seed: int = 0,
              out: Path | str | None = None, budget: Budget | None = None,
              rerun: bool = False, backend: Backend | None = None) -> ClaimRun:
    """Settle ``claim`` at ``sizes`` (a tier's name, or its Tier with changed sizes) on ``seed``
    within ``budget`` (default: testbed.settle.default_budget). With ``out``, cells are reused
    from and kept in ``out``/cells (``rerun``: simulated again) and the run is stored under
    ``out``/results (testbed.store); without, nothing is written. ``backend`` runs the chunks
    (default: a new testbed.sweep.LocalBackend; pass one to share compiled programs across
    claims)."""
    sizes = claim.tier(sizes) if isinstance(sizes, str) else sizes
    budget = budget or default_budget(sizes.n_instances)
    meta = provenance.describe(claim.file)
    store = RunStore(out, claim.id, run_name(claim, sizes), seed) if out is not None else None
    if rerun and store is not None:
        store.drop_cells([cell.identity(seed, meta["code_version"])
                          for cell in claim.experiment(sizes).cells])
    started = time.perf_counter()
    frame, looks = settle_claim(claim, sizes, budget, seed, store, meta["code_version"],
                                backend or LocalBackend(),
                                f"{claim.id} ({sizes.name})")
    frame = frame.assign(claim=claim.id, tier=sizes.name, seed=seed)
    frame = frame[["claim", "tier", "seed", *frame.columns[:-3]]]
    meta = {**meta, "claim": claim.id, "tier": sizes.name, "seed": seed,
            "n_instances": looks[-1].tier.n_instances, "horizon": sizes.horizon,
            "looks": looks_meta(looks),
            "budget_instances": budget.instances, "budget_seconds": budget.seconds,
            "wall_seconds": time.perf_counter() - started,
            "finished": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    aside = store.finish(frame, meta) if store is not None else None
    return ClaimRun(claim, frame, looks, meta, aside)


def looks_meta(looks: list[Look]) -> list[dict]:
    """The provenance of each look: its instances, its share of alpha and the rows it
    extended (testbed.settle.Look; None: all)."""
    return [{"n_instances": k.tier.n_instances, "alpha": k.tier.alpha,
             "extended": None if k.extended is None else [dict(s) for s in k.extended]}
            for k in looks]


def cell_in_scopes(cell: Cell, scopes: Scopes) -> bool:
    """Whether some row of ``cell`` has the labels of one of ``scopes`` (testbed.settle)."""
    labels = pd.DataFrame([{**cell.labels, **s.labels} for s in cell.settings])
    return bool(in_scopes(labels, scopes).any())


def settle_claim(claim: Claim, sizes: Tier, budget: Budget, seed: int, store: CellCache | None,
                 code_version: str, backend: Backend, label: str,
                 change: Callable[[Experiment], Experiment] = lambda e: e
                 ) -> tuple[pd.DataFrame, list[Look]]:
    """(frame of the last look, looks) of ``claim`` at ``sizes``, settled within ``budget``
    (testbed.settle): each look simulates the cells of the rows it extends up to its instances.
    Cells come from and go to ``store``, so stored instances are reused and only new ones
    simulated; ``backend`` runs them (a LocalBackend keeps compiled programs across looks,
    seeds and claims); ``change`` alters the experiment (a mutant's learners)."""
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
                           code_version, cache=store, chunk=chunk, backend=backend,
                           progress=f"{label} ({count} instances)")
            for count, cells in groups.items()], ignore_index=True)

    return settle(claim, sizes, budget, frame_for)
