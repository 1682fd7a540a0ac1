"""Claim msl-linucbpp-rate: the rate functions of the nested-linear learners (Zhu & Nowak, AISTATS
2022), measured as worst-case exponents (testbed.designs.rate_sweep says how).

- LinUCB++ (beta = 1/2) has rate theta(alpha) = min(max(beta, 1 + alpha - beta), 1) with
  d* = T^alpha (proofs.selection LINUCBPP), MOSS++'s rate (proofs.selection LINUCBPP_IS_MOSSPP);
- LinUCB Oracle, told d*, the minimax rate sqrt(d* T) = T^((1 + alpha)/2) (proofs.selection
  MSL_MINIMAX).

The hard instances are those of the lower bound (proofs.selection MSL_TRADEOFF), the
multiple-best-arms construction in a linear bandit (sims.selection.embedded_arms): the basis vectors
of R^d as actions and theta* = Delta e_j* with j* uniform among the first d* = floor(T^alpha)
coordinates, Delta = T^-gamma, Gaussian noise sigma = 1/2 (the scale of the Bernoulli rewards of the
multiple-best-arms claims, so that the hardest gap of either rate lies on the grid of gamma). Those
are multiple-best-arms instances with n/m = d*, so each rate's hardest gap is the multiple-best-arms
one (MINIMAX_HARD_GAP, MOSSPP_HARD_GAP). The papers' random action sets are easier: truncated
coordinates keep part of the signal (a prototype sweep on them measured LinUCB++ well below its rate
at alpha = 0.4, which says nothing against a rate that bounds the sup).

The learners use the analysis's bonus gamma ||x||_{V^-1} (squared_norm=False): the authors'
code, which msl-linear-figure runs, adds the squared norm, which explores too little for the
worst case (on these instances some runs settle on a wrong arm for good; tests show it).
d = 2^ceil(log2 T^0.6) >= every d* of the sweep; LinUCB Oracle is compiled per (alpha, T), its
regression has d* coordinates. Upper checks are made where the rate plus one power of log T
and the gap grid's allowance is clearly sublinear (testbed.designs.rate_sweep.upper_levels), so
linear regret fails each: at the quick horizons LinUCB++ at alpha = 0.2, LinUCB Oracle at 0.2
and 0.4. LinUCB Oracle is not checked at a level where the sweep's smallest horizon gives d* = 1
(alpha = 0.2 at the smoke horizons, T = 16): told d* = 1 it has one action and no regret.
"""

import math

import jax.numpy as jnp

from proofs.selection import (HALF, LINUCBPP, LINUCBPP_EXPONENT, MINIMAX_HARD_GAP,
                              MOSSPP_HARD_GAP, MSL_MINIMAX, MSL_MINIMAX_EXPONENT)
from proofs.symbols import beta
from sims.run import merge_metrics
from sims.selection import embedded_arms, linucb_oracle, linucb_plus_plus, nested_linear_params
from sims.types import Learner
from testbed.claim import Claim, Tier
from testbed.designs.rate_sweep import (GAP_EXPONENTS, HARDNESS_LEVELS, OVER, X, LearnerRate,
                                        Rates, horizons, rate_claim_checks, rate_figure)
from testbed.sweep import Cell, Experiment, Setting

NOISE = 0.5  # sigma of the Gaussian noise
TIERS = {"smoke": Tier(4, 2**10), "quick": Tier(8, 2**14), "full": Tier(32, 2**16)}
LEARNERS = ("linucb++", "linucb-oracle")
LINUCBPP_RATE = LINUCBPP_EXPONENT.subs(beta, HALF)  # min(1/2 + alpha, 1)


def true_dimension(horizon: int, level: float) -> int:
    """d* = floor(T^alpha), at least 1: the instances stay in the class d* <= T^alpha."""
    return max(1, math.floor(horizon**level * (1.0 + 1e-9)))


def one_action(level: float, horizon: int) -> bool:
    """Whether LinUCB Oracle, told d* = floor(T^alpha), has a single action to play (d* = 1)."""
    return true_dimension(horizon, level) == 1


def dimension(tier: Tier) -> int:
    """d: the least power of 2 that holds every d* of the sweep."""
    return 2 ** math.ceil(math.log2(true_dimension(tier.horizon, max(HARDNESS_LEVELS))))


RATES: Rates = {
    "linucb++": LearnerRate(LINUCBPP_RATE, MOSSPP_HARD_GAP.subs(beta, HALF), LINUCBPP),
    "linucb-oracle": LearnerRate(MSL_MINIMAX_EXPONENT, MINIMAX_HARD_GAP, MSL_MINIMAX,
                                 trivial=one_action)}
THEORY_CURVES = {r"LinUCB++ $\theta_{1/2}(\alpha)$": LINUCBPP_RATE,
                 r"minimax $(1 + \alpha)/2$": MSL_MINIMAX_EXPONENT}


def experiment(tier: Tier) -> Experiment:
    """LinUCB++ (one cell per horizon, all levels) and LinUCB Oracle (a cell per level and
    horizon, one program per horizon) on the embedded instances of every (alpha, gamma); final
    regret only."""
    dim = dimension(tier)
    problem = embedded_arms(dim, 1)
    cells = []
    for horizon in horizons(tier):
        d_stars = {level: true_dimension(horizon, level) for level in HARDNESS_LEVELS}

        def cell(learner: Learner, levels: tuple[float, ...]) -> Cell:
            params = learner.default_params._replace(noise_scale=jnp.float32(NOISE))
            settings = tuple(
                Setting({"alpha": level, OVER: gap, "d_star": d_stars[level]},
                        nested_linear_params(d_stars[level], NOISE, float(horizon) ** -gap),
                        params._replace(d_star=jnp.int32(d_stars[level]))
                        if learner.name == "linucb-oracle" else params)
                for level in levels for gap in GAP_EXPONENTS)
            return Cell({"problem": problem.name, "learner": learner.name, X: horizon}, problem,
                        learner, settings, horizon, (horizon,))

        cells.append(cell(linucb_plus_plus(dim, dim, horizon, squared_norm=False, basis=True),
                          HARDNESS_LEVELS))
        oracle = linucb_oracle(dim, dim, horizon, max(d_stars.values()), squared_norm=False,
                               basis=True)  # one program, told each level's d*
        cells += [cell(oracle, (level,)) for level in HARDNESS_LEVELS]
    return Experiment(tuple(cells), tier.n_instances, merge_metrics)


CLAIM = Claim(
    id="msl-linucbpp-rate",
    statement=("On the lower bound's hard nested-linear instances (d* = T^alpha), LinUCB++ "
               "(beta = 1/2) has worst-case regret exponent min(1/2 + alpha, 1) and LinUCB "
               "Oracle (1 + alpha)/2, sqrt(d* T), up to one power of log T: at most that (where "
               "it is below linear) and at least that at the hardest gap, at every hardness "
               "level alpha."),
    bounds=(LINUCBPP, MSL_MINIMAX),
    tiers=TIERS,
    experiment=experiment,
    check=rate_claim_checks(RATES, LEARNERS),
    figure=rate_figure(LEARNERS, "msl-linucbpp-rate", THEORY_CURVES),
)
