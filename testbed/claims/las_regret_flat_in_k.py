"""Claim las-regret-flat-in-K: at fixed d, SpannerIGW's regret does not grow with the number of
actions K, while SquareCB's grows like K^(1/2) on the same instances.

Instances: the linear contextual bandit of sims.bandits.linear with d = 4, K actions uniform on
the sphere and drawn per instance (sims.bandits.drawn_tables, K from 10 to 10^4), so the
intervals include the variation from table to table; Rademacher contexts, Gaussian noise
sigma = 0.1; every learner sees the same tables, and every K the same theta*, contexts and
noise. Learning rates come from proofs.bandits: SpannerIGW's gamma* = 2 sqrt(C_opt d T / RegSq)
with C_opt = C^2 d (a C = 2 spanner), SquareCB's gamma* = 2 sqrt(K T / RegSq), both anytime (T set
to t), with RegSq = sigma^2 d log T.

The checks: SpannerIGW's exponent in K is at most TOLERANCE (its bound does not depend on K; a
learner whose regret falls with K passes);
SquareCB's exponent in K is nearer 1/2 than 0 (within 1/4 of 1/2: at the largest K the horizon
is too short for the sqrt(K T) regime, so the exact 1/2 is checked by cb-squarecb-rates, and this
claim decides between "flat" and "grows like sqrt K"); and SpannerIGW's regret is below
SquareCB's at the largest K.
"""

from functools import partial

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from proofs.bandits import SPANNERIGW, SPANNERIGW_GAMMA, SQUARECB, SQUARECB_GAMMA
from proofs.symbols import K
from sims.bandits import bandit_metrics, linear_contextual_bandit, sphere_actions
from testbed.checks import Verdict, check_exponent, check_ordering
from testbed.claim import Claim, Tier, check_level
from testbed.designs.bandits import drawn_table_cells, ridge_regsq
from testbed.plots import bound_label, curve_panel, fit_segment, new_figure
from testbed.sweep import Experiment

DIM = 4
NOISE_SCALE = 0.1
CONTEXTS = "signs"
ACTION_COUNTS = (10, 100, 1000, 10_000)
TOLERANCE = 0.06  # as for every fitted exponent of the project (cb-squarecb-rates)
GROWTH_TOLERANCE = 0.25  # half the distance between the two hypotheses, K^0 and K^(1/2)
LEARNERS = {"spanner-igw": SPANNERIGW_GAMMA, "squarecb": SQUARECB_GAMMA}
TIERS = {"smoke": Tier(16, 2**10), "quick": Tier(64, 2**13), "full": Tier(256, 2**15)}


def experiment(tier: Tier) -> Experiment:
    """SpannerIGW and SquareCB at every K, on the same instances."""
    problem = partial(linear_contextual_bandit, noise="gaussian", contexts=CONTEXTS)
    cells = []
    for n_actions in ACTION_COUNTS:
        cells += drawn_table_cells(LEARNERS.items(), "linear-cb", problem,
                                   sphere_actions(0, n_actions, DIM), noise_scale=NOISE_SCALE,
                                   horizon=tier.horizon)
    return Experiment(tuple(cells), tier.n_instances, bandit_metrics)


def check(frame: pd.DataFrame, tier: Tier) -> list[Verdict]:
    """Three checks at a family-wise false-alarm rate of 5%."""
    level = check_level(3, tier)
    final = frame[frame["t"] == tier.horizon]
    largest = final[final["n_actions"] == max(ACTION_COUNTS)]
    in_k = dict(x="n_actions", y="regret", level=level)
    return [
        check_exponent(final[final["learner"] == "spanner-igw"],
                       target=float(SPANNERIGW.exponent(K)), tolerance=TOLERANCE, side="upper",
                       bound=SPANNERIGW.words(),
                       check=f"spanner-igw: regret ~ K^a (T={tier.horizon})", **in_k),
        check_exponent(final[final["learner"] == "squarecb"], target=float(SQUARECB.exponent(K)),
                       tolerance=GROWTH_TOLERANCE, bound=SQUARECB.words(),
                       check=f"squarecb: regret ~ K^a (T={tier.horizon})", **in_k),
        check_ordering(largest, by="learner", better="spanner-igw", worse="squarecb", y="regret",
                       level=level, check=f"spanner-igw below squarecb at K={max(ACTION_COUNTS)}"),
    ]


def figure(frame: pd.DataFrame, tier: Tier) -> Figure:
    """Regret at the horizon against K with each learner's fitted exponent in K (the checks'
    statistics), and regret against T at the largest K."""
    fig, (by_k, by_t) = new_figure(2, "las-regret-flat-in-K")
    ks = np.asarray(ACTION_COUNTS, float)
    regsq = ridge_regsq(DIM, NOISE_SCALE, tier.horizon)
    final = frame[frame["t"] == tier.horizon]
    curve_panel(by_k, final, x="n_actions", y="regret", hue="learner",
                title=f"T = {tier.horizon}, d = {DIM}", bounds={
                    bound_label(SQUARECB):
                        (ks, SQUARECB.numeric(T=tier.horizon, RegSq=regsq)(K=ks))})
    for learner, verdict in zip(LEARNERS, check(frame, tier)):
        fit_segment(by_k, final[final["learner"] == learner], x="n_actions", y="regret",
                    verdict=verdict, who=learner)
    curve_panel(by_t, frame[frame["n_actions"] == max(ACTION_COUNTS)], x="t", y="regret",
                hue="learner", title=f"K = {max(ACTION_COUNTS)}")
    return fig


CLAIM = Claim(
    id="las-regret-flat-in-K",
    statement=("At fixed d, SpannerIGW's regret does not grow with the number of actions K "
               "(10 to 10^4), while SquareCB's grows like K^(1/2) on the same instances (action "
               "tables drawn per instance)."),
    bounds=(SPANNERIGW, SQUARECB),
    tiers=TIERS,
    experiment=experiment,
    check=check,
    figure=figure,
)
