"""Claims mba-mosspp-rate, mba-parallel-minimax and mba-pareto-frontier: the rate functions of the
multiple-best-arms learners (Zhu & Nowak, NeurIPS 2020), measured as worst-case
exponents on hard two-level instances (testbed.claims.rate_sweep and mba_rate_setup say how).

- mba-mosspp-rate: MOSS++ (beta = 1/2) has rate theta(alpha) = min(max(beta, 1 + alpha - beta), 1)
  (proofs.selection MOSSPP) and MOSS Oracle, told alpha, the minimax rate (1 + alpha)/2
  (proofs.selection MBA_MINIMAX).
- mba-parallel-minimax: Parallel, told the best mean mu* but not alpha, has the minimax rate at
  every level up to polylog factors (Zhu & Nowak 2020): its bound (proofs.selection PARALLEL) is
  MOSS Oracle's times the ln T of its subroutines, T^theta (log T)^(3/2). Its upper checks need
  a sweep whose smallest horizon T leaves more than half of it after the first P ceil(sqrt T)
  rounds, in which each of its P = ceil(ln T) subroutines plays once: so none at the smoke
  tier (T from 16), whose horizons are all in that regime.
- mba-pareto-frontier: the learners told neither alpha nor mu* (MOSS, Quantile, MOSS++, empMOSS++)
  respect the lower bound's trade-off theta(alpha) >= min(1, 1 + alpha - theta(alpha')) for every
  pair of levels alpha' < alpha (proofs.selection MBA_TRADEOFF). MOSS Oracle and Parallel are
  outside the theorem (the information they are given is what the lower-bound construction hides);
  their rates are the other two claims' subject. The theorem bounds the exponents of the sup of
  the regret over each class, estimated here from below at both levels, so theta is the largest
  of each gap's exponent and the worst regret's (testbed.checks.class_slopes): the worst
  regret's slope alone mixes regimes, the largest gap's regret at small T and a small gap's at
  large T, and at the quick tier it was 0.65 for empMOSS++ at alpha = 0.2 against 0.74 at
  the gap T^-0.3, which put a correct learner's slack on the tolerance's edge.

The upper checks are made at the levels where the rate plus the bound's log factor and the gap
grid's allowance is clearly sublinear (testbed.claims.rate_sweep.upper_levels): at the quick
horizons, MOSS++ at alpha = 0.2 only, MOSS Oracle at 0.2 and 0.4, Parallel at 0.2. The
frontier is a lower bound: it can only catch a learner whose rates are better than any learner
told neither alpha nor mu* can have, i.e. one that is told more than it admits (a leak).
"""

import numpy as np
import pandas as pd
import sympy as sp
from matplotlib.figure import Figure

from proofs.selection import (HALF, MBA_MINIMAX, MBA_TRADEOFF, MINIMAX_EXPONENT,
                              MINIMAX_HARD_GAP, MOSSPP, MOSSPP_HARD_GAP, PARALLEL,
                              TRADEOFF_EXPONENT, mosspp_exponent)
from proofs.symbols import alpha, beta, theta_prime
from sims.selection import round_robin_rounds
from testbed.checks import Verdict, check_tradeoff, class_slopes, scoped
from testbed.claim import Claim, Tier, check_level
from testbed.claims.mba_rate_setup import N_ARMS, TIERS, experiment
from testbed.claims.rate_sweep import (OVER, X, Y, LearnerRate, Rates, log_allowance,
                                       rate_claim_checks, rate_figure, rate_panel)
from testbed.plots import new_figure

MOSSPP_RATE = mosspp_exponent(HALF)  # the paper's beta = 1/2: min(1/2 + alpha, 1)
MOSSPP_HARDEST = MOSSPP_HARD_GAP.subs(beta, HALF)
RATES: Rates = {
    "moss++": LearnerRate(MOSSPP_RATE, MOSSPP_HARDEST, MOSSPP),
    "moss-oracle": LearnerRate(MINIMAX_EXPONENT, MINIMAX_HARD_GAP, MBA_MINIMAX),
    "parallel": LearnerRate(MINIMAX_EXPONENT, MINIMAX_HARD_GAP, PARALLEL, log_powers=1.5,
                            warmup=lambda horizon: round_robin_rounds(N_ARMS, horizon),
                            attained=MBA_MINIMAX)}
AGNOSTIC = ("moss", "quantile", "moss++", "empmoss++")  # told neither alpha nor mu*
THEORY_CURVES = {r"MOSS++ $\theta_{1/2}(\alpha)$": MOSSPP_RATE,
                 r"minimax $(1 + \alpha)/2$": MINIMAX_EXPONENT}
DEMAND = sp.lambdify((alpha, theta_prime), TRADEOFF_EXPONENT, "numpy")


MOSSPP_LEARNERS = ("moss++", "moss-oracle")
MOSSPP_CLAIM = Claim(
    id="mba-mosspp-rate",
    statement=("On hard multiple-best-arms instances, MOSS++ (beta = 1/2) has worst-case regret "
               "exponent min(1/2 + alpha, 1) and MOSS Oracle (1 + alpha)/2 up to one power of "
               "log T: at most that (where it is below linear) and at least that at the hardest "
               "gap, at every hardness level alpha."),
    bounds=(MOSSPP, MBA_MINIMAX),
    tiers=TIERS,
    experiment=lambda tier: experiment(MOSSPP_LEARNERS, tier),
    check=rate_claim_checks(RATES, MOSSPP_LEARNERS),
    figure=rate_figure(MOSSPP_LEARNERS, "mba-mosspp-rate", THEORY_CURVES),
)

PARALLEL_CLAIM = Claim(
    id="mba-parallel-minimax",
    statement=("Told the best mean but not the hardness, Parallel has worst-case regret exponent "
               "(1 + alpha)/2, the minimax rate, at every hardness level alpha, up to its bound's "
               "(log T)^(3/2): at most that where the horizons are past its first round of "
               "subroutines and it is below linear, and at least that at the hardest gap."),
    bounds=(PARALLEL, MBA_MINIMAX),
    tiers=TIERS,
    experiment=lambda tier: experiment(("parallel",), tier),
    check=rate_claim_checks(RATES, ("parallel",)),
    figure=rate_figure(("parallel",), "mba-parallel-minimax", THEORY_CURVES),
)


def frontier_check(frame: pd.DataFrame, tier: Tier) -> list[Verdict]:
    """One trade-off check per agnostic learner: the smallest slack over pairs of levels."""
    level = check_level(len(AGNOSTIC), tier)
    return [scoped(check_tradeoff(
        frame[frame["learner"] == learner], by="alpha", x=X, over=OVER, y=Y, demand=DEMAND,
        tolerance=log_allowance(tier), level=level, bound=MBA_TRADEOFF.words(),
        check=f"{learner}: theta(alpha) >= min(1, 1 + alpha - theta(alpha')) for every "
              f"alpha' < alpha"), learner=learner) for learner in AGNOSTIC]


def frontier_figure(frame: pd.DataFrame, tier: Tier) -> Figure:
    """The measured class exponents (the check's statistic, testbed.checks.class_slopes), and
    after each learner's at the easiest level the least the trade-off allows at the harder ones
    (thin line of the learner's colour)."""
    fig, (panel,) = new_figure(1, "mba-pareto-frontier")
    theory = {r"MOSS++ $\theta_{1/2}(\alpha)$": MOSSPP_RATE}
    measured = rate_panel(panel, frame, theory, class_slopes,
                          "largest exponent in T over the gaps and their worst")
    easiest = measured["alpha"].min()
    grid = np.linspace(easiest, 1.0, 50)
    for _, row in measured[measured["alpha"] == easiest].iterrows():
        panel.plot(grid, DEMAND(grid, np.full_like(grid, row["rate"])), linewidth=0.8,
                   color=row["colour"])
    fig.tight_layout()
    return fig


FRONTIER_CLAIM = Claim(
    id="mba-pareto-frontier",
    statement=("The worst-case regret exponents of the learners told neither the hardness nor "
               "the best mean (MOSS, Quantile, MOSS++, empMOSS++) respect the lower bound's "
               "trade-off theta(alpha) >= min(1, 1 + alpha - theta(alpha')) for alpha' < alpha. "
               "A lower bound, so it can only catch a learner told more than it admits (a leak "
               "of the hardness or of the best mean)."),
    bounds=(MBA_TRADEOFF,),
    tiers=TIERS,
    experiment=lambda tier: experiment(AGNOSTIC, tier),
    check=frontier_check,
    figure=frontier_figure,
)
