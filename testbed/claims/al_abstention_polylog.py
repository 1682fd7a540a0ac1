"""Claims al-abstention-polylog and al-kaariainen-respected: on hard instances (no low-noise
condition), the labels that active learning with abstention needs to reach Chow's excess error
epsilon stay polylogarithmic in 1/epsilon, while passive learning and disagreement-based active
learning without abstention need labels growing like epsilon^-2, as Kaariainen's lower bound
says every learner that cannot abstain must.

Instances (Kaariainen's 2006 construction): 1-d thresholds
whose boundary b* is uniform over the grid of the noise well W = [1/2 - 1/8, 1/2 + 1/8] (mass
nu = 1/4), with eta = 1/2 +- sigma* in W and 1/2 +- 0.4 outside. For each target epsilon the
instance has sigma* = 8 epsilon / nu, so a learner that must label W faces a coin of bias sigma*
there: a boundary guessed uniformly in W has excess error 2 sigma* nu / 3 > 5 epsilon, and
locating b* well enough takes of order 1 / sigma*^2 = nu^2 / (64 epsilon^2) labels. (The factor 8
puts the crossing well after the first epochs, whose few evaluation points make it noisy.) The class F holds every
boundary of the grid at every level in LEVELS, including 0.4 (no noise in W): no learner is told
that W is noisy. Learners use the radius of proofs.active.VERSION_SPACE_RADIUS with delta = 0.05;
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

al-kaariainen-respected checks a lower bound: every learner respects it unless it learns from
more than the labels it asks for, so what it can catch is a leak (a learner told the Bayes label
1{eta >= 1/2} instead of a noisy one fails it; tests/claims show it).

A target the mean curve has not reached by the horizon is censored: its label count is only known
to exceed the labels of the horizon (testbed.checks.check_reach_exponent). The abstainer must
reach every target within the horizon (testbed.checks.check_reached), so a learner that never
learns fails. Tolerances, fixed before the runs: the abstainer's exponent at most POLYLOG_LIMIT
above 0 (the log-factor bound's exponent, proofs.active.ABSTENTION; an upper bound, so a smaller
exponent passes); the others' within RATE_TOLERANCE of 2
(proofs.active.KAARIAINEN and PASSIVE_AGNOSTIC); the lower bound asks only for >= 2 - RATE_TOLERANCE.
"""

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from proofs.active import ABSTENTION, KAARIAINEN, PASSIVE_AGNOSTIC
from proofs.symbols import epsilon
from sims.run import merge_metrics
from testbed.checks import Verdict
from testbed.claim import Claim, Tier, check_level
from testbed.claims.active_setup import (WELL_MASS, active_cell, epoch_frame, error_curve,
                                         hard_class, label_exponent, label_reached,
                                         labels_needed)
from testbed.plots import bound_label, colour, name, new_figure, style_axes
from testbed.sweep import Experiment

SIGMAS = (0.1, 0.05, 0.025, 0.0125)  # sigma* of the instance for each target
LEVELS = (0.0125, 0.025, 0.05, 0.1, 0.2, 0.4)  # the levels of F
N_BOUNDARIES = 21
GAMMA = 0.25
POLYLOG_LIMIT = 0.25
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


def check_polylog(frame: pd.DataFrame, tier: Tier) -> list[Verdict]:
    """Abstention: every target reached, exponent at most 0 + POLYLOG_LIMIT (an upper bound, so
    one-sided); passive and disagreement: exponent near 2 (tight on these instances, where
    Kaariainen's lower bound holds)."""
    level = check_level(2 + len(NON_ABSTAINERS), tier)
    flat = float(ABSTENTION.inverse_exponent(epsilon))
    steep = float(PASSIVE_AGNOSTIC.inverse_exponent(epsilon))
    return ([label_reached(frame, ABSTAINER, group="inverse_epsilon", error="chow_excess_positive",
                           level=level, bound=ABSTENTION.words()),
             exponent_check(frame, ABSTAINER, -np.inf, flat + POLYLOG_LIMIT, level,
                            ABSTENTION.words())]
            + [exponent_check(frame, rule, steep - RATE_TOLERANCE, steep + RATE_TOLERANCE, level,
                              PASSIVE_AGNOSTIC.words()) for rule in NON_ABSTAINERS])


def check_lower_bound(frame: pd.DataFrame, tier: Tier) -> list[Verdict]:
    """Every learner without abstention: exponent at least Kaariainen's 2 (minus the tolerance)."""
    level = check_level(len(NON_ABSTAINERS), tier)
    lower = float(KAARIAINEN.inverse_exponent(epsilon)) - RATE_TOLERANCE
    return [exponent_check(frame, rule, lower, np.inf, level, KAARIAINEN.words())
            for rule in NON_ABSTAINERS]


def figure(frame: pd.DataFrame, tier: Tier) -> Figure:
    """Labels needed against 1/epsilon per learner with nu^2 / epsilon^2, and the error curves
    against labels at the smallest target."""
    fig, (needed, curves) = new_figure(2, "al-abstention-polylog")
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
    fig.tight_layout()
    return fig


POLYLOG_CLAIM = Claim(
    id="al-abstention-polylog",
    statement=("On hard instances with no low-noise condition, active learning with abstention "
               "needs labels polylogarithmic in 1/epsilon to reach Chow's excess error epsilon, "
               "while passive and disagreement-based learning need labels growing like "
               "epsilon^-2, so the savings grow without bound."),
    bounds=(ABSTENTION, PASSIVE_AGNOSTIC, KAARIAINEN),
    tiers=TIERS,
    experiment=experiment_of((ABSTAINER,) + NON_ABSTAINERS),
    check=check_polylog,
    figure=figure,
)

LOWER_BOUND_CLAIM = Claim(
    id="al-kaariainen-respected",
    statement=("On the same hard instances, no learner without abstention (passive, "
               "disagreement-based) needs fewer labels than Kaariainen's nu^2 / epsilon^2 "
               "allows: its label exponent in 1/epsilon is at least 2. A lower bound, so it can "
               "only catch a learner told more than it asks for (a leak, e.g. of the Bayes "
               "labels)."),
    bounds=(KAARIAINEN,),
    tiers=TIERS,
    experiment=experiment_of(NON_ABSTAINERS),
    check=check_lower_bound,
    figure=figure,
)
