"""Claim las-spanner-property: the spanner that SpannerIGW computes every round is a C-approximate
barycentric spanner, its uniform design has leverage at most C^2 d^2, and its cost in ArgMax calls
does not grow with K.

Every round of every instance, SpannerIGW computes a C = 2 spanner of the reweighted embeddings
phi(x, a) / sqrt(1 + eta gap(a)) (a new set of vectors each round) and records the largest
coefficient max_a max_i |(B^{-1} phi(a))_i| and the largest leverage d max_a ||B^{-1} phi(a)||^2;
the runner keeps their maxima over the run. Runs: d = 4 with K in {100, 1000, 10^4}, and K = 1000
with d in {2, 4, 8}; actions on the sphere, Rademacher contexts, sigma = 0.1.
"""

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from proofs.bandits import SPANNER_LEVERAGE, SPANNER_ORACLE_CALLS, SPANNERIGW_GAMMA
from proofs.symbols import K
from sims.bandits import bandit_metrics, linear_contextual_bandit, sphere_actions
from sims.bandits.spanner import SPANNER_C
from testbed.checks import Verdict, check_exponent, check_never, check_ratio_bounded
from testbed.claim import Claim, Tier, check_level
from testbed.claims.bandit_setup import derived_cells
from testbed.plots import curve_panel, new_figure
from testbed.sweep import Experiment

BASE_DIM, BASE_ACTIONS = 4, 1000
ACTION_COUNTS = (100, 1000, 10_000)  # at BASE_DIM
DIMS = (2, 4, 8)  # at BASE_ACTIONS
NOISE_SCALE = 0.1
CONTEXTS = "signs"
ACTION_TABLE_SEED = 0
TOLERANCE = 0.06
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
    """Four checks at a family-wise false-alarm rate of 5%."""
    level = check_level(4)
    final = frame[frame["t"] == tier.horizon].assign(runs=1.0)
    coefficient = final.assign(violations=(final["max_spanner_coefficient"] > SPANNER_C) * 1.0)
    leverage = final.assign(
        violations=(final["max_spanner_leverage"] > leverage_limit(final["dim"].to_numpy())) * 1.0)
    calls = SPANNER_ORACLE_CALLS.numeric(C=SPANNER_C)
    return [
        check_never(coefficient, y="violations", trials="runs", level=level,
                    check=f"every coefficient at most C={SPANNER_C:g} "
                          f"(runs of {tier.horizon} rounds)"),
        check_never(leverage, y="violations", trials="runs", level=level,
                    bound=SPANNER_LEVERAGE.words(),
                    check="uniform design leverage at most C^2 d^2 (runs)"),
        check_exponent(final[final["dim"] == BASE_DIM], x="n_actions", y="oracle_calls",
                       target=float(SPANNER_ORACLE_CALLS.exponent(K)), tolerance=TOLERANCE,
                       level=level, bound=SPANNER_ORACLE_CALLS.words(),
                       check=f"ArgMax calls ~ K^a (d={BASE_DIM})"),
        check_ratio_bounded(final[final["n_actions"] == BASE_ACTIONS], x="dim", y="oracle_calls",
                            bound_curve=lambda dims: tier.horizon * calls(d=dims),
                            tolerance=TOLERANCE, level=level, bound=SPANNER_ORACLE_CALLS.words(),
                            check=f"ArgMax calls / (d^2 log d) bounded in d (K={BASE_ACTIONS})"),
    ]


def figure(frame: pd.DataFrame, tier: Tier) -> Figure:
    """ArgMax calls per round against d, and the worst leverage against its limit C^2 d^2."""
    fig, (by_d, lev) = new_figure(2, "las-spanner-property")
    final = frame[(frame["t"] == tier.horizon) & (frame["n_actions"] == BASE_ACTIONS)]
    dims = np.asarray(DIMS, float)
    calls = SPANNER_ORACLE_CALLS.numeric(C=SPANNER_C)(d=dims)
    curve_panel(by_d, final.assign(calls_per_round=final["oracle_calls"] / tier.horizon),
                x="dim", y="calls_per_round", hue="learner", title=f"K = {BASE_ACTIONS}",
                bounds={SPANNER_ORACLE_CALLS.words(): (dims, calls)})
    curve_panel(lev, final, x="dim", y="max_spanner_leverage", hue="learner",
                title="worst leverage of the uniform design",
                bounds={SPANNER_LEVERAGE.words(): (dims, leverage_limit(dims))})
    fig.tight_layout()
    return fig


CLAIM = Claim(
    id="las-spanner-property",
    statement=("In every round, SpannerIGW's spanner writes every reweighted embedding with "
               "coefficients at most C = 2, its uniform design has leverage at most C^2 d^2, and "
               "its ArgMax calls do not grow with K and grow at most like d^2 log d."),
    bounds=(SPANNER_LEVERAGE, SPANNER_ORACLE_CALLS),
    tiers=TIERS,
    experiment=experiment,
    check=check,
    figure=figure,
)
