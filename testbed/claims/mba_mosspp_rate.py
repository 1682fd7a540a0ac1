"""Claim mba-mosspp-rate: on hard multiple-best-arms instances, MOSS++ (beta = 1/2) has the rate
function theta(alpha) = min(max(beta, 1 + alpha - beta), 1) (Zhu & Nowak, NeurIPS 2020;
proofs.selection MOSSPP) and MOSS Oracle, told alpha, the minimax rate (1 + alpha)/2
(proofs.selection MBA_MINIMAX), measured as worst-case exponents on the two-level sweep of
testbed.designs.arm_rates.

The upper checks are made at the levels where the rate plus the bound's log factor and the gap
grid's allowance is clearly sublinear (testbed.designs.rate_sweep.upper_levels): at the quick
horizons, MOSS++ at alpha = 0.2 only, MOSS Oracle at 0.2 and 0.4. The lower checks hold each
learner's exponent at the hardest gap to its rate.
"""

from proofs.selection import MBA_MINIMAX, MOSSPP
from testbed.claim import Claim
from testbed.designs.arm_rates import RATES, THEORY_CURVES, TIERS, experiment
from testbed.designs.rate_sweep import rate_claim_checks, rate_figure

LEARNERS = ("moss++", "moss-oracle")

CLAIM = Claim(
    id="mba-mosspp-rate",
    statement=("On hard multiple-best-arms instances, MOSS++ (beta = 1/2) has worst-case regret "
               "exponent min(1/2 + alpha, 1) and MOSS Oracle (1 + alpha)/2 up to one power of "
               "log T: at most that (where it is below linear) and at least that at the hardest "
               "gap, at every hardness level alpha."),
    bounds=(MOSSPP, MBA_MINIMAX),
    tiers=TIERS,
    experiment=lambda tier: experiment(LEARNERS, tier),
    check=rate_claim_checks(RATES, LEARNERS),
    figure=rate_figure(LEARNERS, "mba-mosspp-rate", THEORY_CURVES),
)
