"""Claim mba-parallel-minimax: Parallel, told the best mean mu* but not the hardness alpha, has
the minimax rate (1 + alpha)/2 at every level up to polylog factors (Zhu & Nowak, NeurIPS 2020):
its bound (proofs.selection PARALLEL) is MOSS Oracle's times the ln T of its subroutines,
T^theta (log T)^(3/2); the minimax lower bound (proofs.selection MBA_MINIMAX) says the rate is
attained. Measured as worst-case exponents on the two-level sweep of testbed.designs.arm_rates.

Its upper checks need a sweep whose smallest horizon T leaves more than half of it after the first
P ceil(sqrt T) rounds, in which each of its P = ceil(ln T) subroutines plays once: so none at the
smoke tier (T from 16), whose horizons are all in that regime, and at the quick horizons only
alpha = 0.2 (testbed.designs.rate_sweep.upper_levels).
"""

from proofs.selection import MBA_MINIMAX, PARALLEL
from testbed.claim import Claim
from testbed.designs.arm_rates import RATES, THEORY_CURVES, TIERS, experiment
from testbed.designs.rate_sweep import rate_claim_checks, rate_figure

LEARNERS = ("parallel",)

CLAIM = Claim(
    id="mba-parallel-minimax",
    statement=("Told the best mean but not the hardness, Parallel has worst-case regret exponent "
               "(1 + alpha)/2, the minimax rate, at every hardness level alpha, up to its bound's "
               "(log T)^(3/2): at most that where the horizons are past its first round of "
               "subroutines and it is below linear, and at least that at the hardest gap."),
    bounds=(PARALLEL, MBA_MINIMAX),
    tiers=TIERS,
    experiment=lambda tier: experiment(LEARNERS, tier),
    check=rate_claim_checks(RATES, LEARNERS),
    figure=rate_figure(LEARNERS, "mba-parallel-minimax", THEORY_CURVES),
)
