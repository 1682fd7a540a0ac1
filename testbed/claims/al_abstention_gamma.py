"""Claim al-abstention-gamma: at a fixed target epsilon, the labels that active learning with
abstention needs to reach Chow's excess error epsilon grow like gamma^-2 in the abstention margin
(Zhu & Nowak, NeurIPS 2022: proportional to gamma^-2 at fixed epsilon; the bound is U-derived).

Instances: the hard family of al-abstention-polylog at its smallest noise level, sigma* = SIGMA
(eta = 1/2 +- sigma* in the well of mass nu = 1/4, 1/2 +- 0.4 outside), and the fixed target
epsilon = sigma* nu / 8. Reaching it by locating b* takes of order 1 / sigma*^2 = 40,000 labels;
the abstainer reaches it instead by abstaining on the well, which is proper since sigma* < gamma.
It may abstain at x only once every member of F_m whose value at x lies outside [1/2 - gamma,
1/2 + gamma] is gone, i.e. once the noise levels above gamma are told apart from sigma* in the
well: about beta / (sigma_next(gamma) - sigma*)^2 labels, sigma_next the smallest level of F
above gamma. The levels of F form a geometric grid of ratio sqrt 2 and each gamma lies in the
middle of a grid step (ratio 2^(1/4) above a level), so sigma_next / gamma is the same for every
gamma and the labels scale like gamma^-2 up to the sigma* offset and the epochs' doubling.

Check: the exponent in 1/gamma of the labels to reach epsilon (testbed.checks.check_reach_exponent,
instances left out) lies within RATE_TOLERANCE of the bound's exponent 2
(proofs.active.ABSTENTION), and epsilon is reached within the horizon at every margin (a target not
reached is censored at the labels of the horizon; testbed.checks.check_reached fails a learner that
never reaches it). The error is Chow's excess without the gain of abstaining (its positive part per
point; al-abstention-polylog says why). A learner whose margin is not the gamma of the Chow cost (a
fixed margin) needs the same labels at every gamma and fails.
"""

import pandas as pd
from matplotlib.figure import Figure

from proofs.active import ABSTENTION
from proofs.symbols import gamma
from sims.active import hard_class
from sims.run import merge_metrics
from testbed.checks import Verdict
from testbed.claim import Claim, Tier, check_level
from testbed.designs.active import (WELL_MASS, active_cell, epoch_frame, error_curve,
                                    label_exponent, label_reached, plot_labels_needed)
from testbed.plots import bound_label, new_figure, style_axes
from testbed.sweep import Experiment

SIGMA = 0.005  # sigma*: eta = 1/2 +- SIGMA in the well
EPSILON = SIGMA * WELL_MASS / 8  # the fixed target
GRID = tuple(0.4 * 2 ** (-k / 2) for k in range(8, -1, -1))  # 0.025 ... 0.4, ratio sqrt 2
LEVELS = (SIGMA,) + GRID
GAMMAS = tuple(level * 2**0.25 for level in GRID[2:8])  # 0.059 ... 0.336
N_BOUNDARIES = 11
RATE_TOLERANCE = 0.4
RULE = "abstention"
TIERS = {"smoke": Tier(16, 2**17), "quick": Tier(64, 2**17), "full": Tier(256, 2**18)}


def experiment(tier: Tier) -> Experiment:
    """The abstainer at every margin, on the same instances."""
    cls = hard_class(LEVELS, N_BOUNDARIES)
    settings = [({"epsilon": EPSILON, "inverse_gamma": 1 / g}, g, SIGMA) for g in GAMMAS]
    return Experiment((active_cell(cls, RULE, settings, tier.horizon),), tier.n_instances,
                      merge_metrics)


def check(frame: pd.DataFrame, tier: Tier) -> list[Verdict]:
    """epsilon is reached at every margin, and the labels' exponent in 1/gamma lies within
    RATE_TOLERANCE of 2."""
    steep = float(ABSTENTION.inverse_exponent(gamma))
    level = check_level(2, tier)
    return [label_reached(frame, RULE, group="inverse_gamma", error="chow_excess_positive",
                          level=level, bound=ABSTENTION.words()),
            label_exponent(frame, RULE, group="inverse_gamma", error="chow_excess_positive",
                           low=steep - RATE_TOLERANCE, high=steep + RATE_TOLERANCE,
                           level=level, bound=ABSTENTION.words())]


def figure(frame: pd.DataFrame, tier: Tier) -> Figure:
    """Labels needed against 1/gamma with a gamma^-2 line through the middle margin, and the
    error curves against labels at every margin."""
    fig, (needed, curves) = new_figure(2, "al-abstention-gamma")
    steep = float(ABSTENTION.inverse_exponent(gamma))
    plot_labels_needed(needed, frame, RULE, "inverse_gamma", "chow_excess_positive", steep,
                       rf"$\gamma^{{-{steep:g}}}$ ({bound_label(ABSTENTION)})")
    needed.set_title(f"hard instances, sigma* = {SIGMA:g}, epsilon = {EPSILON:.3g}")
    for margin, part in epoch_frame(frame).groupby("gamma"):
        means = error_curve(part, "chow_excess_positive")
        curves.plot(means["labels_before"].clip(lower=1), means["epoch_chow_excess_positive"],
                    label=rf"$\gamma = {margin:.3f}$")
    curves.axhline(EPSILON, linestyle="--", color="0.45", linewidth=1.0,
                   label=r"target $\epsilon$")
    curves.set_xscale("log")
    curves.set_yscale("symlog", linthresh=EPSILON / 4)
    curves.set_ylim(bottom=0)  # a positive part: the linear range near 0 shows where it is 0
    style_axes(curves, x="labels_before", y="epoch_chow_excess_positive")
    return fig


CLAIM = Claim(
    id="al-abstention-gamma",
    statement=("At a fixed target epsilon on hard instances, the labels active learning with "
               "abstention needs to reach Chow's excess error epsilon grow like gamma^-2 in the "
               "abstention margin gamma."),
    bounds=(ABSTENTION,),
    tiers=TIERS,
    experiment=experiment,
    check=check,
    figure=figure,
)
