"""Claim cb-squarecb-rates: SquareCB's regret grows at most like T^(1/2) and K^(1/2) and stays
below the inverse-gap-weighting bound with its measured RegSq, also on an instance built to trap
greedy, where greedy's regret is linear; epsilon-greedy's grows at most like T^(2/3).

Instances: the K-armed linear contextual bandit of sims.bandits.linear with d = 4, Rademacher
contexts and Gaussian noise sigma = 0.1, whose K action embeddings are drawn per instance
uniformly on the unit sphere (sims.bandits.drawn_tables), so the intervals of the exponent in K
include the variation from table to table; the same instances (table, theta*, contexts, noise)
for every learner at a given K. Learning rates come from proofs.bandits: gamma_t = gamma*(t) and
epsilon_t = epsilon*(t), the minimisers of each regret decomposition with T set to t (anytime
tuning), with RegSq = sigma^2 d log T at the horizon (proofs.bandits.RIDGE_REGSQ).

Why the tolerance is 0.06: the bounds are asymptotic orders. Over a finite range, a fitted exponent
carries lower-order terms; the largest here is SquareCB's approach to its sqrt(T) regime, with
relative size O(log(v) / v) for v = gamma_t Delta / K. The exponents are therefore fitted to the regret
gained between checkpoints in the last FIT_OCTAVES doublings of the horizon (an additive burn-in
cancels there), and 0.06 < (2/3 - 1/2) / 2 keeps the 1/2 and 2/3 bands disjoint, so a curve
cannot pass both.

The rates are upper bounds, so their checks are one-sided: an exponent below the bound's passes.
What ties the rate to learning rather than to the schedule is the level check: SquareCB's regret
is below the per-round inequality of inverse gap weighting summed over the rounds
(proofs.bandits.IGW_ANYTIME, Foster & Rakhlin 2020, Lemma 3: 2K/gamma_t per round plus
gamma_t / 4 times the oracle's squared error, which is recorded per instance). It holds for any
oracle, so it fails an exploration rule that is not inverse gap weighting at the claimed gamma_t
(no exploration, too much, weights that are not normalised). On the trap, greedy's regret is
linear: a lower bound, checked from below.

The IGW level check takes the oracle's RegSq as measured, so a worse oracle raises its bound with
it. The oracle's own guarantee is checked apart: the ridge oracle's mean RegSq at the horizon is below
its bound with constants for a well-specified linear model (proofs.bandits.RIDGE_REGSQ_MEAN from
Abbasi-Yadkori, Pal & Szepesvari 2011) at the regulariser it is given. A ridge whose regulariser is
not the one stated, or one that regresses on the wrong targets, fails it.
"""

from functools import partial

import numpy as np
import pandas as pd
import sympy as sp
from matplotlib.figure import Figure

from proofs.bandits import (EPSILON_GREEDY, EPSILON_GREEDY_EPSILON, GREEDY_TRAP, IGW_ANYTIME,
                            RIDGE_REGSQ_MEAN, SQUARECB, SQUARECB_GAMMA)
from proofs.symbols import K, T
from sims.bandits import bandit_metrics, greedy_trap, linear_contextual_bandit, sphere_actions
from sims.bandits.linear import TRAP_GAP
from testbed.checks import Verdict, check_exponent, check_mean_below, check_ordering
from testbed.claim import Claim, Tier, check_level
from testbed.designs.bandits import (bandit_cell, derived_schedule, drawn_table_cells,
                                     ridge_regsq, ridge_regsq_mean)
from testbed.plots import bound_label, curve_panel, fit_segment, new_figure
from testbed.sweep import Cell, Experiment

DIM = 4
NOISE_SCALE = 0.1
CONTEXTS = "signs"
ACTION_COUNTS = (16, 32, 64, 128)
T_SWEEP_ACTIONS = 16  # the K at which the exponents in T are fitted
TRAP_ACTIONS = 4
FIT_OCTAVES = 6
TOLERANCE = 0.06
TIERS = {"smoke": Tier(32, 2**12), "quick": Tier(256, 2**16), "full": Tier(1000, 2**18)}


def regsq(horizon: int) -> float:
    """RegSq(T) of the ridge oracle at the horizon, from proofs.bandits.RIDGE_REGSQ."""
    return ridge_regsq(DIM, NOISE_SCALE, horizon)


def schedule(rate: sp.Expr, n_actions: int, horizon: int) -> tuple[float, float]:
    """(scale, exponent) of a rate derived in proofs with K and RegSq set: rate_t = scale t^exponent."""
    return derived_schedule(rate, n_actions=n_actions, dim=DIM, regsq=regsq(horizon))


def _cell(learner_name: str, problem_name: str, problem, actions, rate, horizon: int) -> Cell:
    rates = (0.0, 0.0) if rate is None else schedule(rate, actions.n_actions, horizon)
    return bandit_cell(learner_name, problem_name, problem, actions, rates, horizon, NOISE_SCALE)


def experiment(tier: Tier) -> Experiment:
    """SquareCB at every K; epsilon-greedy at T_SWEEP_ACTIONS; greedy and SquareCB on the trap."""
    cells = []
    for n_actions in ACTION_COUNTS:
        learners = [("squarecb", SQUARECB_GAMMA)]
        if n_actions == T_SWEEP_ACTIONS:
            learners.append(("epsilon-greedy", EPSILON_GREEDY_EPSILON))
        cells += drawn_table_cells(learners, "linear-cb",
                                   partial(linear_contextual_bandit, noise="gaussian",
                                           contexts=CONTEXTS),
                                   sphere_actions(0, n_actions, DIM), noise_scale=NOISE_SCALE,
                                   horizon=tier.horizon)
    trap, trap_actions = greedy_trap(TRAP_ACTIONS)
    cells.append(_cell("greedy", "greedy-trap", trap, trap_actions, None, tier.horizon))
    cells.append(_cell("squarecb", "greedy-trap", trap, trap_actions, SQUARECB_GAMMA, tier.horizon))
    return Experiment(tuple(cells), tier.n_instances, bandit_metrics)


def _select(frame: pd.DataFrame, problem: str, learner: str, n_actions: int | None = None):
    rows = (frame["problem"] == problem) & (frame["learner"] == learner)
    if n_actions is not None:
        rows &= frame["n_actions"] == n_actions
    return frame[rows]


def igw_slack(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with "igw_bound" = proofs.bandits.IGW_ANYTIME at each row's K, t, learning-rate
    schedule and measured RegSq (the running sum of squared errors), and "igw_excess" =
    regret - igw_bound."""
    bound = IGW_ANYTIME.numeric()(
        K=frame["n_actions"].to_numpy(float), T=frame["t"].to_numpy(float),
        s=frame["rate_scale"].to_numpy(float), e=frame["rate_exponent"].to_numpy(float),
        RegSq=frame["sq_error"].to_numpy(float))
    return frame.assign(igw_bound=bound, igw_excess=frame["regret"].to_numpy(float) - bound)


def regsq_slack(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with "regsq_excess" = the measured RegSq minus the ridge oracle's bound
    (proofs.bandits.RIDGE_REGSQ_MEAN) at each row's t."""
    bound = ridge_regsq_mean(DIM, NOISE_SCALE, frame["t"].to_numpy(float))
    return frame.assign(regsq_excess=frame["sq_error"].to_numpy(float) - bound)


def check(frame: pd.DataFrame, tier: Tier) -> list[Verdict]:
    """Eight checks at a family-wise false-alarm rate of 5%."""
    level = check_level(8, tier)
    window = frame[frame["t"] >= tier.horizon // 2**FIT_OCTAVES]
    final = frame[frame["t"] == tier.horizon]
    bounded = igw_slack(final[final["learner"] == "squarecb"])
    in_t = dict(x="t", y="regret", tolerance=TOLERANCE, level=level, increments=True)
    return [
        check_exponent(_select(window, "linear-cb", "squarecb", T_SWEEP_ACTIONS),
                       target=float(SQUARECB.exponent(T)), bound=SQUARECB.words(), side="upper",
                       check=f"squarecb: regret ~ T^a (K={T_SWEEP_ACTIONS})", **in_t),
        check_exponent(_select(final, "linear-cb", "squarecb"), x="n_actions", y="regret",
                       target=float(SQUARECB.exponent(K)), tolerance=TOLERANCE, level=level,
                       bound=SQUARECB.words(), side="upper",
                       check=f"squarecb: regret ~ K^a (T={tier.horizon})"),
        *[check_mean_below(_select(bounded, problem, "squarecb", n_actions), y="igw_excess",
                           limit=0.0, level=level, bound=IGW_ANYTIME.words(),
                           check=f"squarecb: regret below the IGW bound on the {problem} "
                                 f"(K={n_actions}, T={tier.horizon})")
          for problem, n_actions in (("linear-cb", T_SWEEP_ACTIONS),
                                     ("greedy-trap", TRAP_ACTIONS))],
        check_mean_below(regsq_slack(_select(bounded, "linear-cb", "squarecb", T_SWEEP_ACTIONS)),
                         y="regsq_excess", limit=0.0, level=level,
                         bound=RIDGE_REGSQ_MEAN.words(),
                         check=f"ridge oracle: RegSq below its bound (K={T_SWEEP_ACTIONS}, "
                               f"T={tier.horizon})"),
        check_exponent(_select(window, "linear-cb", "epsilon-greedy", T_SWEEP_ACTIONS),
                       target=float(EPSILON_GREEDY.exponent(T)), bound=EPSILON_GREEDY.words(),
                       side="upper", check=f"epsilon-greedy: regret ~ T^a (K={T_SWEEP_ACTIONS})",
                       **in_t),
        check_exponent(_select(window, "greedy-trap", "greedy"), target=float(GREEDY_TRAP.exponent(T)),
                       bound=GREEDY_TRAP.words(), side="lower",
                       check="greedy on the trap: regret ~ T^a", **in_t),
        check_ordering(final[(final["problem"] == "linear-cb")
                             & (final["n_actions"] == T_SWEEP_ACTIONS)],
                       by="learner", better="squarecb", worse="epsilon-greedy", y="regret",
                       level=level, check=f"squarecb below epsilon-greedy at T={tier.horizon}"),
    ]


def figure(frame: pd.DataFrame, tier: Tier) -> Figure:
    """Regret against T (with the two upper bounds and the fitted exponents), against K (with the
    fitted exponent), and on the trap."""
    fig, (by_t, by_k, trap) = new_figure(3, "cb-squarecb-rates")
    t = np.unique(frame["t"])
    r = regsq(tier.horizon)
    k0 = T_SWEEP_ACTIONS
    curve_panel(by_t, frame[(frame["problem"] == "linear-cb") & (frame["n_actions"] == k0)],
                x="t", y="regret", hue="learner", title=f"K = {k0}", bounds={
                    bound_label(SQUARECB): (t, SQUARECB.numeric(K=k0, RegSq=r)(T=t)),
                    bound_label(EPSILON_GREEDY): (t, EPSILON_GREEDY.numeric(K=k0, RegSq=r)(T=t))})
    verdicts = {v.check: v for v in check(frame, tier)}
    window = frame[frame["t"] >= tier.horizon // 2**FIT_OCTAVES]
    for learner in ("squarecb", "epsilon-greedy"):
        fit_segment(by_t, _select(window, "linear-cb", learner, k0), x="t", y="regret",
                    verdict=verdicts[f"{learner}: regret ~ T^a (K={k0})"], who=learner)
    ks = np.asarray(ACTION_COUNTS, float)
    final = _select(frame[frame["t"] == tier.horizon], "linear-cb", "squarecb")
    curve_panel(by_k, final, x="n_actions", y="regret", hue="learner", title=f"T = {tier.horizon}",
                bounds={bound_label(SQUARECB):
                        (ks, SQUARECB.numeric(T=tier.horizon, RegSq=r)(K=ks))})
    fit_segment(by_k, final, x="n_actions", y="regret",
                verdict=verdicts[f"squarecb: regret ~ K^a (T={tier.horizon})"])
    curve_panel(trap, frame[frame["problem"] == "greedy-trap"], x="t", y="regret", hue="learner",
                title=f"greedy trap (K = {TRAP_ACTIONS})",
                bounds={bound_label(GREEDY_TRAP): (t, GREEDY_TRAP.numeric(Delta=TRAP_GAP)(T=t))})
    return fig


CLAIM = Claim(
    id="cb-squarecb-rates",
    statement=("On the same linear contextual bandit instances (action tables drawn per "
               "instance), SquareCB's regret grows at most "
               "like T^(1/2) and K^(1/2), stays below the inverse-gap-weighting bound with its "
               "measured RegSq and below epsilon-greedy's, its ridge oracle's RegSq stays below the "
               "ridge bound, and epsilon-greedy's grows at most like "
               "T^(2/3); on an instance built to trap greedy, SquareCB stays below that bound "
               "while greedy without exploration has linear regret."),
    bounds=(SQUARECB, IGW_ANYTIME, RIDGE_REGSQ_MEAN, EPSILON_GREEDY, GREEDY_TRAP),
    tiers=TIERS,
    experiment=experiment,
    check=check,
    figure=figure,
)
