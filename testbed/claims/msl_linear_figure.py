"""Claim msl-linear-figure: the linear model-selection experiment of Zhu & Nowak (AISTATS 2022,
Figure 1) reproduced, with the orderings the theory predicts.

Setting (paper shape): d = 600, K = 1,200 unit actions drawn i.i.d. per run, theta* uniform on
the first d* coordinates, Gaussian noise sigma = 0.1, ridge lambda = 0.1, T = 2,500. Learners:
LinUCB (all d coordinates), LinUCB Oracle (the first d*), LinUCB++ (beta = 1/2) and Dynamic
Balancing. Two panels: the regret curves at d* = 12 (alpha = log_T 12 = 0.32), and the regret at
T against alpha = log_T d* for the paper's d* = 5, 10, ..., 35 (and 12): the full tier, with the
paper's 100 runs. The quick tier keeps the shape with 24 runs at d* = 5, 12, 20, 35.
Every learner sees the same action sets, theta* and noise (paired over runs).

Checks, at d* = 12 on the final regret, paired over runs:
- theory: LinUCB Oracle below LinUCB (proofs.selection MSL_MINIMAX: sqrt(d* T) against d sqrt(T)),
  and LinUCB++ below LinUCB (proofs.selection LINUCBPP: T^beta + d* T^(1-beta) against d sqrt(T));
- an expected order (U: reconstructed, no published numbers): LinUCB Oracle below
  LinUCB++, and LinUCB++ below Dynamic Balancing.
A horizon other than the paper's shrinks the problem (d = 256, K = 256, d* in 2, 4, 12): the
smoke tier runs the same code fast and says nothing about the paper.
"""

import math

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from proofs.selection import LINUCBPP, MSL_MINIMAX
from sims.run import merge_metrics
from sims.selection import (dynamic_balancing, linucb, linucb_oracle, linucb_plus_plus,
                            nested_linear, nested_linear_params)
from testbed.checks import Verdict, check_ordering
from testbed.claim import Claim, Tier, check_level
from testbed.plots import curve_panel, mean_points, new_figure
from testbed.sweep import Cell, Experiment, Setting, every

PAPER_HORIZON = 2500
PAPER_SHAPE = (600, 1200)  # (d, K)
SMOKE_SHAPE = (256, 256)
CURVE_D_STAR = 12  # the regret-curve panel
PAPER_D_STARS = (5, 10, 12, 15, 20, 25, 30, 35)
QUICK_D_STARS = (5, 12, 20, 35)
SMOKE_D_STARS = (2, 4, 12)
RECORD_EVERY = 100  # rounds between recorded points of the regret curves
LEARNERS = ("linucb", "linucb-oracle", "linucb++", "dynamic-balancing")
THEORY_PAIRS = (("linucb-oracle", "linucb"), ("linucb++", "linucb"))
EXPECTED_PAIRS = (("linucb-oracle", "linucb++"), ("linucb++", "dynamic-balancing"))
TIERS = {"smoke": Tier(8, 512), "quick": Tier(24, PAPER_HORIZON),
         "full": Tier(100, PAPER_HORIZON)}


def experiment(tier: Tier) -> Experiment:
    """Each learner in one cell over the d* grid (LinUCB Oracle: a cell per d*, its regression
    has d* coordinates)."""
    paper = tier.horizon == PAPER_HORIZON
    dim, n_actions = PAPER_SHAPE if paper else SMOKE_SHAPE
    d_stars = ((PAPER_D_STARS if tier.name == "full" else QUICK_D_STARS) if paper
               else SMOKE_D_STARS)
    horizon = tier.horizon
    problem = nested_linear(dim, n_actions, CURVE_D_STAR)
    marks = every(RECORD_EVERY, horizon)

    def cell(learner, grid) -> Cell:
        settings = tuple(Setting({"d_star": d}, nested_linear_params(d), learner.default_params)
                         for d in grid)
        return Cell({"problem": problem.name, "learner": learner.name}, problem, learner,
                    settings, horizon, marks)

    cells = [cell(linucb(n_actions, dim, horizon), d_stars),
             cell(linucb_plus_plus(n_actions, dim, horizon), d_stars),
             cell(dynamic_balancing(n_actions, dim, horizon), d_stars)]
    cells += [cell(linucb_oracle(n_actions, dim, horizon, d), (d,)) for d in d_stars]
    return Experiment(tuple(cells), tier.n_instances, merge_metrics)


def check(frame: pd.DataFrame, tier: Tier) -> list[Verdict]:
    """The theory's and the expected orderings at d* = 12 and the horizon."""
    final = frame[(frame["t"] == tier.horizon) & (frame["d_star"] == CURVE_D_STAR)]
    pairs = ([(*pair, "theory") for pair in THEORY_PAIRS]
             + [(*pair, "expected order (U)") for pair in EXPECTED_PAIRS])
    level = check_level(len(pairs), tier)
    return [check_ordering(final, by="learner", better=better, worse=worse, y="regret",
                           level=level, bound=(MSL_MINIMAX if better == "linucb-oracle"
                                               else LINUCBPP).words(),
                           check=f"{source}: {better} below {worse} at d*={CURVE_D_STAR}, "
                                 f"T={tier.horizon}")
            for better, worse, source in pairs]


def figure(frame: pd.DataFrame, tier: Tier) -> Figure:
    """Regret curves at d* = 12 and the regret at T against alpha = log_T d* (means, shaded
    and barred by 95% intervals of the mean)."""
    fig, (curves, by_alpha) = new_figure(2, "msl-linear-figure")
    curve_panel(curves, frame[frame["d_star"] == CURVE_D_STAR], x="t", y="regret", hue="learner",
                title=f"d* = {CURVE_D_STAR} (95% CI of the mean)")
    curves.set(xscale="linear", yscale="linear")
    final = frame[frame["t"] == tier.horizon]
    alphas = np.log(final["d_star"].astype(float)) / math.log(tier.horizon)
    mean_points(by_alpha, final.assign(alpha=alphas), x="alpha", y="regret", hue="learner")
    by_alpha.set(xlabel="alpha = log_T d*", ylabel=f"regret at T = {tier.horizon:,}",
                 title="regret against hardness")
    return fig


CLAIM = Claim(
    id="msl-linear-figure",
    statement=("In the linear model-selection experiment (d = 600, K = 1,200, d* = 12, "
               "T = 2,500), LinUCB Oracle and LinUCB++ have smaller regret than LinUCB, and "
               "the expected order LinUCB Oracle < LinUCB++ < Dynamic Balancing holds."),
    bounds=(MSL_MINIMAX, LINUCBPP),
    tiers=TIERS,
    experiment=experiment,
    check=check,
    figure=figure,
)
