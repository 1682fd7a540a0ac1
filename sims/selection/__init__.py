"""Model selection under partial feedback (Part III): multiple-best-arms bandits and their
learners (MOSS, MOSS Oracle, Quantile, MOSS++, empMOSS++, Parallel, and Part II's CorralIGW on a
count table), and nested linear classes
and theirs (LinUCB, LinUCB Oracle, LinUCB++, Dynamic Balancing)."""

from collections.abc import Callable

from sims.selection.arms import (ArmMeans, Pull, best_arm_count, multiple_best_arms,
                                 synthetic_means, two_level_means)
from sims.selection.balancing import dynamic_balancing
from sims.selection.corral_igw import CorralIgwParams, corral_igw
from sims.selection.linucb import LinUcbParams, linucb, linucb_oracle
from sims.selection.linucbpp import linucb_plus_plus
from sims.selection.moss import moss, moss_oracle, quantile
from sims.selection.mosspp import moss_plus_plus
from sims.selection.nested_linear import (ActionSet, NestedLinearParams, embedded_arms,
                                          nested_linear, nested_linear_params)
from sims.selection.parallel import ParallelParams, parallel, round_robin_rounds, told_params
from sims.types import Learner

__all__ = ["ActionSet", "ArmMeans", "CorralIgwParams", "LinUcbParams", "NestedLinearParams",
           "ParallelParams", "Pull", "best_arm_count", "corral_igw", "dynamic_balancing",
           "embedded_arms", "linucb", "linucb_oracle", "linucb_plus_plus", "moss", "moss_oracle",
           "moss_plus_plus", "multiple_best_arms", "nested_linear", "nested_linear_params",
           "parallel", "quantile", "round_robin_rounds", "synthetic_means", "told_params",
           "two_level_means",
           "ARM_LEARNERS",
           "LINEAR_LEARNERS"]

# Every multiple-best-arms learner, built from (n arms, horizon T); MOSS Oracle samples a quarter
# of the arms here (claims pass the size of their instance's known hardness).
ARM_LEARNERS: dict[str, Callable[[int, int], Learner]] = {
    "moss": moss,
    "moss-oracle": lambda n, horizon: moss_oracle(n, horizon, max(1, n // 4)),
    "quantile": quantile,
    "moss++": moss_plus_plus,
    "empmoss++": lambda n, horizon: moss_plus_plus(n, horizon, empirical=True),
    "parallel": parallel,
    "corral-igw": corral_igw,
}

# Every nested-linear learner, built from (K actions, dimension d, d*, horizon T); only LinUCB
# Oracle reads d*.
LINEAR_LEARNERS: dict[str, Callable[[int, int, int, int], Learner]] = {
    "linucb": lambda n, dim, d_star, horizon: linucb(n, dim, horizon),
    "linucb-oracle": lambda n, dim, d_star, horizon: linucb_oracle(n, dim, horizon, d_star),
    "linucb++": lambda n, dim, d_star, horizon: linucb_plus_plus(n, dim, horizon),
    "dynamic-balancing": lambda n, dim, d_star, horizon: dynamic_balancing(n, dim, horizon),
}
