"""The multiple-best-arms rate sweep of mba-mosspp-rate, mba-parallel-minimax and
mba-pareto-frontier (testbed.designs.rate_sweep says how rates are measured): at each horizon T,
hardness alpha and gap exponent gamma, the two-level instances
sims.selection.two_level_means(n, T, alpha, gamma), with n/m <= T^alpha and gap
Delta = T^-gamma / 2; and the rate functions of Zhu & Nowak (NeurIPS 2020) that the learners are
held to:

- MOSS++ (beta = 1/2): theta(alpha) = min(max(beta, 1 + alpha - beta), 1) (proofs.selection
  MOSSPP), hardest at the gap of MOSSPP_HARD_GAP;
- MOSS Oracle, told alpha: the minimax rate (1 + alpha)/2 (proofs.selection MBA_MINIMAX);
- Parallel, told mu* but not alpha: the minimax rate up to the (log T)^(3/2) of its bound
  (proofs.selection PARALLEL), measured past its first round of P = ceil(ln T) subroutines;
- the learners told neither (AGNOSTIC) are held to the lower bound's trade-off
  theta(alpha) >= min(1, 1 + alpha - theta(alpha')) (proofs.selection MBA_TRADEOFF).
"""

from collections.abc import Sequence
from functools import cache, partial

import numpy as np
import sympy as sp

from proofs.selection import (HALF, MBA_MINIMAX, MINIMAX_EXPONENT, MINIMAX_HARD_GAP, MOSSPP,
                              MOSSPP_HARD_GAP, PARALLEL, TRADEOFF_EXPONENT, moss_oracle_sample,
                              mosspp_exponent)
from proofs.symbols import alpha, beta, theta_prime
from sims.run import merge_metrics
from sims.selection import (ARM_LEARNERS, ArmMeans, Arms, moss_oracle,
                            multiple_best_arms, round_robin_rounds, told_params, two_level_means)
from sims.types import Learner
from testbed.claim import Tier
from testbed.designs.rate_sweep import (GAP_EXPONENTS, HARDNESS_LEVELS, OVER, X, LearnerRate,
                                        Rates, horizons)
from testbed.sweep import Cell, Experiment, Setting

N_ARMS = 2**14
TIERS = {"smoke": Tier(6, 2**10), "quick": Tier(16, 2**16), "full": Tier(64, 2**18)}
# MOSS++ and MOSS Oracle run one cell per level, so that a look of mba-mosspp-rate extends only
# the level of its open check (MOSS++'s tightness at alpha = 0.4 takes the most instances of all);
# every claim runs them so, and reuses the same stored cells. The cells of one learner at one
# horizon share its compiled program.
SPLIT_BY_LEVEL = ("moss++", "moss-oracle")

MOSSPP_RATE = mosspp_exponent(HALF)  # the paper's beta = 1/2: min(1/2 + alpha, 1)
RATES: Rates = {
    "moss++": LearnerRate(MOSSPP_RATE, MOSSPP_HARD_GAP.subs(beta, HALF), MOSSPP),
    "moss-oracle": LearnerRate(MINIMAX_EXPONENT, MINIMAX_HARD_GAP, MBA_MINIMAX),
    "parallel": LearnerRate(MINIMAX_EXPONENT, MINIMAX_HARD_GAP, PARALLEL, log_powers=1.5,
                            warmup=lambda horizon: round_robin_rounds(N_ARMS, horizon),
                            attained=MBA_MINIMAX)}
AGNOSTIC = ("moss", "quantile", "moss++", "empmoss++")  # told neither alpha nor mu*
MOSSPP_CURVE = {r"MOSS++ $\theta_{1/2}(\alpha)$": MOSSPP_RATE}
THEORY_CURVES = {**MOSSPP_CURVE, r"minimax $(1 + \alpha)/2$": MINIMAX_EXPONENT}
DEMAND = sp.lambdify((alpha, theta_prime), TRADEOFF_EXPONENT, "numpy")


@cache
def oracle_arms(horizon: int, level: float) -> int:
    """MOSS Oracle's sample min(n, ceil(psi log sqrt T)) at psi = T^alpha."""
    return moss_oracle_sample(N_ARMS, horizon, float(horizon) ** level)


def learner_cells(name: str, horizon: int) -> list[tuple[Learner, tuple[float, ...]]]:
    """The learner for one horizon and the levels of each of its cells: one cell for all levels,
    but one per level for the learners of SPLIT_BY_LEVEL. MOSS Oracle holds the largest sample
    of the levels (told_params tells it each level's)."""
    if name == "moss-oracle":
        largest = max(oracle_arms(horizon, a) for a in HARDNESS_LEVELS)
        learner = moss_oracle(N_ARMS, horizon, largest)
    else:
        learner = ARM_LEARNERS[name](Arms(N_ARMS, horizon))
    if name in SPLIT_BY_LEVEL:
        return [(learner, (a,)) for a in HARDNESS_LEVELS]
    return [(learner, HARDNESS_LEVELS)]


def experiment(learners: Sequence[str], tier: Tier) -> Experiment:
    """Each learner at each horizon on the two-level instances of every (alpha, gamma), the
    final regret only; every learner sees the same instances."""
    problem = multiple_best_arms(two_level_means(N_ARMS, 2, 0.0, 0.0), name="two-level")
    cells = []
    for horizon in horizons(tier):
        for name in learners:
            for learner, levels in learner_cells(name, horizon):
                settings = []
                for level in levels:
                    for gap in GAP_EXPONENTS:
                        means = ArmMeans(two_level_means(N_ARMS, horizon, level, gap))
                        told = told_params(learner, means, partial(oracle_arms, horizon, level))
                        settings.append(Setting({"alpha": level, OVER: gap}, means, told))
                cells.append(Cell({"problem": "two-level", "learner": name, X: horizon},
                                  problem, learner, tuple(settings), horizon, (horizon,)))
    return Experiment(tuple(cells), tier.n_instances, merge_metrics)
