"""Claim las-spanner-property: the spanner that SpannerIGW computes every round is a C-approximate
barycentric spanner of the reweighted embeddings, so its uniform design has leverage at most
C^2 d^2.

Every round of every instance, SpannerIGW computes a C = 2 spanner of the reweighted embeddings
phi(x, a) / sqrt(1 + eta gap(a)) (a new set of vectors each round) and records the largest
coefficient max_a max_i |(B^{-1} phi(a))_i| and the largest leverage d max_a ||B^{-1} phi(a)||^2;
the runner keeps their maxima over the run. Runs: d = 4 with K in {100, 1000, 10^4}, and K = 1000
with d in {2, 4, 8}; actions on the sphere, Rademacher contexts, sigma = 0.1.

The check: no run ever has a coefficient above C (one violation fails). The leverage bound
follows from it (leverage = d max_a ||B^{-1} phi(a)||^2 <= d * d C^2), and the cost in ArgMax
calls is bounded by the search's swap cap, which does not depend on K: both are properties of the
code, checked by unit tests (tests/sims/test_large_actions.py), not statistics. A spanner
replaced by an arbitrary set of d actions writes some embeddings with large coefficients and
fails.
"""

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from proofs.bandits import SPANNER_LEVERAGE, SPANNER_ORACLE_CALLS, SPANNERIGW_GAMMA
from sims.bandits import bandit_metrics, linear_contextual_bandit, sphere_actions
from sims.bandits.spanner import SPANNER_C
from testbed.checks import Verdict, check_never
from testbed.claim import Claim, Tier, check_level
from testbed.designs.bandits import derived_cells
from testbed.plots import bound_label, curve_panel, new_figure
from testbed.sweep import Experiment

BASE_DIM, BASE_ACTIONS = 4, 1000
ACTION_COUNTS = (100, 1000, 10_000)  # at BASE_DIM
DIMS = (2, 4, 8)  # at BASE_ACTIONS
NOISE_SCALE = 0.1
CONTEXTS = "signs"
ACTION_TABLE_SEED = 0
TIERS = {"smoke": Tier(16, 2**8), "quick": Tier(64, 2**11), "full": Tier(256, 2**13)}


def grid() -> list[tuple[int, int]]:
    """The (K, d) pairs run."""
    return sorted({(k, BASE_DIM) for k in ACTION_COUNTS} | {(BASE_ACTIONS, d) for d in DIMS})


def experiment(tier: Tier) -> Experiment:
    """SpannerIGW at every (K, d) of the grid."""
    cells = []
    for n_actions, dim in grid():
        actions = sphere_actions(ACTION_TABLE_SEED, n_actions, dim)
        problem = linear_contextual_bandit(actions, "gaussian", CONTEXTS)
        cells += derived_cells([("spanner-igw", SPANNERIGW_GAMMA)], "linear-cb", problem,
                               actions, noise_scale=NOISE_SCALE, horizon=tier.horizon)
    return Experiment(tuple(cells), tier.n_instances, bandit_metrics)


def leverage_limit(dim: np.ndarray) -> np.ndarray:
    """C^2 d^2 (proofs.bandits.SPANNER_LEVERAGE) at C = SPANNER_C."""
    return SPANNER_LEVERAGE.numeric(C=SPANNER_C)(d=dim)


def check(frame: pd.DataFrame, tier: Tier) -> list[Verdict]:
    """Every coefficient of every round of every run at most C."""
    final = frame[frame["t"] == tier.horizon].assign(runs=1.0)
    coefficient = final.assign(violations=(final["max_spanner_coefficient"] > SPANNER_C) * 1.0)
    return [check_never(coefficient, y="violations", trials="runs", level=check_level(1, tier),
                        bound=SPANNER_LEVERAGE.words(),
                        check=f"every coefficient at most C={SPANNER_C:g} "
                              f"(runs of {tier.horizon} rounds)")]


def figure(frame: pd.DataFrame, tier: Tier) -> Figure:
    """ArgMax calls per round against d, and the worst leverage against its limit C^2 d^2."""
    fig, (by_d, lev) = new_figure(2, "las-spanner-property")
    final = frame[(frame["t"] == tier.horizon) & (frame["n_actions"] == BASE_ACTIONS)]
    dims = np.asarray(DIMS, float)
    calls = SPANNER_ORACLE_CALLS.numeric(C=SPANNER_C)(d=dims)
    curve_panel(by_d, final.assign(calls_per_round=final["oracle_calls"] / tier.horizon),
                x="dim", y="calls_per_round", hue="learner", title=f"K = {BASE_ACTIONS}",
                bounds={bound_label(SPANNER_ORACLE_CALLS): (dims, calls)})
    curve_panel(lev, final, x="dim", y="max_spanner_leverage", hue="learner",
                title="worst leverage of the uniform design",
                bounds={bound_label(SPANNER_LEVERAGE): (dims, leverage_limit(dims))})
    return fig


CLAIM = Claim(
    id="las-spanner-property",
    statement=("In every round, SpannerIGW's spanner writes every reweighted embedding with "
               "coefficients at most C = 2, so its uniform design has leverage at most "
               "C^2 d^2."),
    bounds=(SPANNER_LEVERAGE, SPANNER_ORACLE_CALLS),
    tiers=TIERS,
    experiment=experiment,
    check=check,
    figure=figure,
)
