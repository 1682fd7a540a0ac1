"""The regret-rate design of las-spannerigw-sqrt-T and las-spannergreedy-T23: in a large action
space, a learner's regret grows as T^(1/2) (SpannerIGW) or T^(2/3) (SpannerGreedy); rate_claim
builds the claim for one learner.

Instances: the linear contextual bandit of sims.bandits.linear with d = 4, K = 1000 actions
uniform on the sphere, Rademacher contexts, Gaussian noise sigma = 0.1. Learning rates are derived
in proofs.bandits: SpannerIGW's gamma* = 2 sqrt(C_opt d T / RegSq) and SpannerGreedy's
epsilon* = (C_opt d RegSq / T)^(1/3), with C_opt = C^2 d for a C = 2 spanner, anytime (T set to
t), RegSq = sigma^2 d log T. As in cb-squarecb-rates, the exponent is fitted to the regret gained
between checkpoints over the last FIT_OCTAVES doublings of the horizon, with tolerance 0.06 <
(2/3 - 1/2) / 2 so that a curve cannot pass both rates. The bounds are upper bounds, so the
check is one-sided: an exponent at most the bound's plus the tolerance passes.
"""

import numpy as np
import pandas as pd
import sympy as sp
from matplotlib.figure import Figure

from proofs import Bound
from proofs.bandits import SPANNER_DESIGN_FACTOR
from proofs.symbols import T
from sims.bandits import bandit_metrics, linear_contextual_bandit, sphere_actions
from sims.bandits.spanner import SPANNER_C
from testbed.checks import Verdict, check_exponent
from testbed.claim import Claim, Tier, check_level
from testbed.designs.bandits import derived_cells, ridge_regsq
from testbed.plots import bound_label, curve_panel, fit_segment, new_figure
from testbed.sweep import Experiment

DIM = 4
N_ACTIONS = 1000
NOISE_SCALE = 0.1
CONTEXTS = "signs"
ACTION_TABLE_SEED = 0
FIT_OCTAVES = 5
TOLERANCE = 0.06
TIERS = {"smoke": Tier(16, 2**11), "quick": Tier(64, 2**14), "full": Tier(256, 2**16)}


def rate_claim(claim_id: str, learner: str, rate: sp.Expr, bound: Bound, statement: str) -> Claim:
    """A claim that ``learner``'s regret grows in T with ``bound``'s exponent."""

    def experiment(tier: Tier) -> Experiment:
        actions = sphere_actions(ACTION_TABLE_SEED, N_ACTIONS, DIM)
        problem = linear_contextual_bandit(actions, "gaussian", CONTEXTS)
        cells = derived_cells([(learner, rate)], "linear-cb", problem, actions,
                              noise_scale=NOISE_SCALE, horizon=tier.horizon)
        return Experiment(tuple(cells), tier.n_instances, bandit_metrics)

    def check(frame: pd.DataFrame, tier: Tier) -> list[Verdict]:
        window = frame[frame["t"] >= tier.horizon // 2**FIT_OCTAVES]
        return [check_exponent(window, x="t", y="regret", target=float(bound.exponent(T)),
                               tolerance=TOLERANCE, level=check_level(1, tier), increments=True,
                               side="upper",
                               bound=bound.words(),
                               check=f"{learner}: regret ~ T^a (K={N_ACTIONS})")]

    def figure(frame: pd.DataFrame, tier: Tier) -> Figure:
        """The regret curve, the bound at the oracle's RegSq, and the fitted exponent."""
        fig, (panel,) = new_figure(1, claim_id, width="one")
        t = np.unique(frame["t"]).astype(float)
        curve = bound.substitute(C_opt=SPANNER_DESIGN_FACTOR).numeric(
            C=SPANNER_C, d=DIM, RegSq=ridge_regsq(DIM, NOISE_SCALE, tier.horizon))
        curve_panel(panel, frame, x="t", y="regret", hue="learner",
                    title=f"K = {N_ACTIONS}, d = {DIM}",
                    bounds={bound_label(bound): (t, curve(T=t))})
        fit_segment(panel, frame[frame["t"] >= tier.horizon // 2**FIT_OCTAVES], x="t",
                    y="regret", verdict=check(frame, tier)[0])
        return fig

    return Claim(claim_id, statement, (bound,), TIERS, experiment, check, figure)

