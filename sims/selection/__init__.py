"""Model selection under partial feedback (Part III): multiple-best-arms bandits and their
learners (MOSS, MOSS Oracle, Quantile, MOSS++, empMOSS++, Parallel)."""

from collections.abc import Callable

from sims.selection.arms import (ArmMeans, Pull, best_arm_count, multiple_best_arms,
                                 synthetic_means)
from sims.selection.moss import moss, moss_oracle, quantile
from sims.selection.mosspp import moss_plus_plus
from sims.selection.parallel import ParallelParams, parallel
from sims.types import Learner

__all__ = ["ArmMeans", "ParallelParams", "Pull", "best_arm_count", "moss", "moss_oracle",
           "moss_plus_plus", "multiple_best_arms", "parallel", "quantile", "synthetic_means",
           "ARM_LEARNERS"]

# Every multiple-best-arms learner, built from (n arms, horizon T); MOSS Oracle samples a quarter
# of the arms here (claims pass the size of their instance's known hardness).
ARM_LEARNERS: dict[str, Callable[[int, int], Learner]] = {
    "moss": moss,
    "moss-oracle": lambda n, horizon: moss_oracle(n, horizon, max(1, n // 4)),
    "quantile": quantile,
    "moss++": moss_plus_plus,
    "empmoss++": lambda n, horizon: moss_plus_plus(n, horizon, empirical=True),
    "parallel": parallel,
}
