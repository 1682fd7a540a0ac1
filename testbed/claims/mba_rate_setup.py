"""The multiple-best-arms rate sweep (testbed.claims.rate_sweep says how rates are measured): at
each horizon T, hardness alpha and gap exponent gamma, the two-level instances
sims.selection.two_level_means(n, T, alpha, gamma), with n/m <= T^alpha and gap
Delta = T^-gamma / 2."""

from collections.abc import Sequence

from proofs.selection import moss_oracle_sample
from sims.run import merge_metrics
from sims.selection import (ARM_LEARNERS, ArmMeans, moss_oracle, multiple_best_arms,
                            told_params, two_level_means)
from sims.types import Learner
from testbed.claim import Tier
from testbed.claims.rate_sweep import GAP_EXPONENTS, HARDNESS_LEVELS, OVER, X, horizons
from testbed.sweep import Cell, Experiment, Setting

N_ARMS = 2**14
TIERS = {"smoke": Tier(6, 2**10), "quick": Tier(16, 2**16), "full": Tier(64, 2**18)}
# MOSS++ runs one cell per level, so that a look of mba-mosspp-rate extends only the level of its
# open check (its tightness at alpha = 0.4 takes the most instances of all); every claim runs it
# so, and reuses the same stored cells
SPLIT_BY_LEVEL = ("moss++",)


def oracle_arms(horizon: int, level: float) -> int:
    """MOSS Oracle's sample min(n, ceil(psi log sqrt T)) at psi = T^alpha."""
    return moss_oracle_sample(N_ARMS, horizon, float(horizon) ** level)


def learner_cells(name: str, horizon: int) -> list[tuple[Learner, tuple[float, ...]]]:
    """The compiled learners for one horizon and the levels each runs: one cell for all levels,
    but one per level for MOSS Oracle (its sample size is fixed at compile time) and the learners
    of SPLIT_BY_LEVEL."""
    if name == "moss-oracle":
        return [(moss_oracle(N_ARMS, horizon, oracle_arms(horizon, a)), (a,))
                for a in HARDNESS_LEVELS]
    learner = ARM_LEARNERS[name](N_ARMS, horizon)
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
                        means = two_level_means(N_ARMS, horizon, level, gap)
                        settings.append(Setting({"alpha": level, OVER: gap}, ArmMeans(means),
                                                told_params(learner, means)))
                cells.append(Cell({"problem": "two-level", "learner": name, X: horizon},
                                  problem, learner, tuple(settings), horizon, (horizon,)))
    return Experiment(tuple(cells), tier.n_instances, merge_metrics)
