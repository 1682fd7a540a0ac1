"""The hard-instance design of al-abstention-polylog and al-kaariainen-respected: the labels a
learner needs to reach Chow's excess error epsilon, on instances where no low-noise condition
holds and every learner that cannot abstain needs of order epsilon^-2 labels (Kaariainen 2006).

Instances (Kaariainen's 2006 construction): 1-d thresholds whose boundary b* is uniform over the
grid of the noise well W = [1/2 - 1/8, 1/2 + 1/8] (mass nu = 1/4), with eta = 1/2 +- sigma* in W
and 1/2 +- 0.4 outside. For each target epsilon the instance has sigma* = 8 epsilon / nu, so a
learner that must label W faces a coin of bias sigma* there: a boundary guessed uniformly in W has
excess error 2 sigma* nu / 3 > 5 epsilon, and locating b* well enough takes of order
1 / sigma*^2 = nu^2 / (64 epsilon^2) labels. (The factor 8 puts the crossing well after the first
epochs, whose few evaluation points make it noisy.) The class F holds every boundary of the grid
at every level in LEVELS, including 0.4 (no noise in W): no learner is told that W is noisy. Learners use the radius of proofs.active.VERSION_SPACE_RADIUS with delta = 0.05;
the abstainer's margin gamma = 0.25 exceeds every sigma*, so abstaining on W is proper.

What is measured: the epochs tau_m = 2^m of the learners fit one classifier each; its error is the
epoch's mean per-round excess at the evaluation points (exact up to 1-d quadrature), and the labels
it was fitted on are those asked before the epoch. "Labels to reach epsilon" is where the
instance-mean error curve first falls to epsilon (interpolated between epochs; see
testbed.checks.reach_points), and its exponent in 1/epsilon is fitted over the targets; the
intervals leave instances out (jackknife). The error is Chow's excess without the gain of abstaining
(its positive part per point, sims.active.stream's chow_excess_positive): abstaining on the well
banks about (gamma - sigma*) nu ~ 0.04 of Chow's excess, far more than any target, so on the
plain excess a learner that abstains there but errs on several percent of the mass elsewhere
would reach every target. The analysis bounds the excess where the learner predicts (its
abstentions are proper with probability 1 - delta), which the positive part measures; such a
learner fails. Without abstentions it is the standard excess error.

A target the mean curve has not reached by the horizon is censored: its label count is only known
to exceed the labels of the horizon (testbed.checks.check_reach_exponent). RATE_TOLERANCE, the
tolerance of the exponents near 2 (proofs.active.KAARIAINEN and PASSIVE_AGNOSTIC), is fixed before
the runs.
"""

import functools
from collections.abc import Callable

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from proofs.active import KAARIAINEN
from proofs.symbols import epsilon
from sims.active import hard_class
from sims.run import merge_metrics
from testbed.checks import Verdict
from testbed.claim import Tier
from testbed.designs.active import (WELL_MASS, active_cell, epoch_frame, error_curve,
                                    label_exponent, labels_needed)
from testbed.plots import bound_label, colour, name, new_figure, style_axes
from testbed.sweep import Experiment

SIGMAS = (0.1, 0.05, 0.025, 0.0125)  # sigma* of the instance for each target
LEVELS = (0.0125, 0.025, 0.05, 0.1, 0.2, 0.4)  # the levels of F
N_BOUNDARIES = 21
GAMMA = 0.25
RATE_TOLERANCE = 0.4
TIERS = {"smoke": Tier(32, 2**18), "quick": Tier(128, 2**18), "full": Tier(512, 2**19)}
ABSTAINER, NON_ABSTAINERS = "abstention", ("disagreement", "passive")


def target(sigma: float) -> float:
    """epsilon = sigma* nu / 8: the target excess error of the instance with level sigma*."""
    return sigma * WELL_MASS / 8


def experiment_of(rules: tuple[str, ...]):
    """The sweep: each rule on the instance of every target, the same instances for all."""

    def experiment(tier: Tier) -> Experiment:
        cls = hard_class(LEVELS, N_BOUNDARIES)
        settings = [({"epsilon": target(s), "inverse_epsilon": 1 / target(s)}, GAMMA, s)
                    for s in SIGMAS]
        cells = tuple(active_cell(cls, rule, settings, tier.horizon) for rule in rules)
        return Experiment(cells, tier.n_instances, merge_metrics)

    return experiment


def exponent_check(frame: pd.DataFrame, rule: str, low: float, high: float, level: float,
                   bound: str) -> Verdict:
    """The exponent in 1/epsilon of the labels ``rule`` needs to reach Chow's excess epsilon."""
    return label_exponent(frame, rule, group="inverse_epsilon", error="chow_excess_positive",
                          low=low, high=high, level=level, bound=bound)


def figure_of(claim_id: str) -> Callable[[pd.DataFrame, Tier], Figure]:
    """The figure of claim ``claim_id``: labels needed against 1/epsilon per learner with
    nu^2 / epsilon^2, and the error curves against labels at the smallest target."""
    return functools.partial(figure, title=claim_id)


def figure(frame: pd.DataFrame, tier: Tier, title: str) -> Figure:
    """Labels needed against 1/epsilon per learner with nu^2 / epsilon^2, and the error curves
    against labels at the smallest target, under ``title``."""
    fig, (needed, curves) = new_figure(2, title)
    table = labels_needed(frame, "epsilon", "chow_excess_positive")
    for rule, part in table.groupby("learner"):
        needed.plot(1 / part["epsilon"], part["labels"], marker="o", color=colour(rule),
                    label=name(rule), zorder=3)
    inverse = np.sort(1 / table["epsilon"].unique())
    kaariainen = KAARIAINEN.numeric(d=1, nu=WELL_MASS)(epsilon=1 / inverse)
    needed.plot(inverse, kaariainen, linestyle="--", color="0.45", linewidth=1.0,
                label=bound_label(KAARIAINEN), zorder=1)
    needed.set(xscale="log", yscale="log")
    style_axes(needed, x="inverse_epsilon", y="labels_needed",
               title=rf"hard instances, $\nu = {WELL_MASS:g}$, $\gamma = {GAMMA:g}$")
    smallest = epoch_frame(frame[frame["epsilon"] == frame["epsilon"].min()])
    for rule, part in smallest.groupby("learner"):
        means = error_curve(part, "chow_excess_positive")
        curves.plot(means["labels_before"].clip(lower=1), means["epoch_chow_excess_positive"],
                    color=colour(rule), label=name(rule))
    curves.axhline(frame["epsilon"].min(), linestyle="--", color="0.45", linewidth=1.0,
                   label=r"target $\epsilon$")
    curves.set_xscale("log")
    curves.set_yscale("symlog", linthresh=frame["epsilon"].min() / 4)
    curves.set_ylim(bottom=0)  # a positive part: the linear range near 0 shows where it is 0
    style_axes(curves, x="labels_before", y="epoch_chow_excess_positive",
               title=rf"$\sigma^* = {min(SIGMAS):g}$")
    return fig
