"""Model selection under partial feedback (Part III): multiple-best-arms bandits and their
learners (MOSS, MOSS Oracle, Quantile, MOSS++, empMOSS++, Parallel, and Part II's CorralIGW on a
count table), and nested linear classes
and theirs (LinUCB, LinUCB Oracle, LinUCB++, Dynamic Balancing)."""

from collections.abc import Callable
from typing import NamedTuple

from sims.selection.arms import (ArmMeans, Pull, best_arm_count, multiple_best_arms,
                                 synthetic_means, two_level_means)
from sims.selection.balancing import dynamic_balancing
from sims.selection.corral_igw import CorralIgwParams, corral_igw
from sims.selection.linucb import LinUcbOracleParams, LinUcbParams, linucb, linucb_oracle
from sims.selection.linucbpp import linucb_plus_plus
from sims.selection.moss import SampleParams, moss, moss_oracle, quantile
from sims.selection.mosspp import moss_plus_plus
from sims.selection.nested_linear import (ActionSet, NestedLinearParams, embedded_arms,
                                          nested_linear, nested_linear_params)
from sims.selection.parallel import ParallelParams, parallel, round_robin_rounds, told_params
from sims.run import merge_metrics
from sims.types import Family, Learner, Problem

__all__ = ["ActionSet", "ArmMeans", "CorralIgwParams", "LinUcbOracleParams", "LinUcbParams",
           "NestedLinearParams",
           "ParallelParams", "Pull", "SampleParams", "best_arm_count", "corral_igw",
           "dynamic_balancing", "embedded_arms", "linucb", "linucb_oracle", "linucb_plus_plus",
           "moss", "moss_oracle", "moss_plus_plus", "multiple_best_arms", "nested_linear",
           "nested_linear_params", "parallel", "quantile", "round_robin_rounds", "synthetic_means",
           "told_params", "two_level_means",
           "ARM_FAMILY", "ARM_LEARNERS", "Arms", "LINEAR_FAMILY", "LINEAR_LEARNERS", "LinearSizes"]

class Arms(NamedTuple):
    """What a multiple-best-arms learner is built on: the number of arms n and the horizon T."""

    n_arms: int
    horizon: int


# Every multiple-best-arms learner; MOSS Oracle samples a quarter of the arms here (claims pass
# the size of their instance's known hardness). Parallel is told mu* by told_params.
ARM_LEARNERS: dict[str, Callable[[Arms], Learner]] = {
    "moss": lambda arms: moss(arms.n_arms, arms.horizon),
    "moss-oracle": lambda arms: moss_oracle(arms.n_arms, arms.horizon, max(1, arms.n_arms // 4)),
    "quantile": lambda arms: quantile(arms.n_arms, arms.horizon),
    "moss++": lambda arms: moss_plus_plus(arms.n_arms, arms.horizon),
    "empmoss++": lambda arms: moss_plus_plus(arms.n_arms, arms.horizon, empirical=True),
    "parallel": lambda arms: parallel(arms.n_arms, arms.horizon),
    "corral-igw": lambda arms: corral_igw(arms.n_arms, arms.horizon),
}


def synthetic(sizes: dict) -> tuple[Problem, Arms]:
    """A problem factory: sizes {n_arms, horizon, alpha} -> (the papers' synthetic instance of
    hardness alpha, its arms)."""
    means = synthetic_means(sizes["n_arms"], sizes["horizon"], sizes["alpha"])
    return multiple_best_arms(means), Arms(sizes["n_arms"], sizes["horizon"])


ARM_FAMILY = Family("multiple-best-arms", {"synthetic": synthetic}, ARM_LEARNERS, merge_metrics,
                    test_sizes={"n_arms": 6, "horizon": 12, "alpha": 0.5}, told=told_params)


class LinearSizes(NamedTuple):
    """What a nested-linear learner is built on: K actions in dimension d, the true d* (which only
    LinUCB Oracle is told) and the horizon T."""

    n_actions: int
    dim: int
    d_star: int
    horizon: int


LINEAR_LEARNERS: dict[str, Callable[[LinearSizes], Learner]] = {
    "linucb": lambda s: linucb(s.n_actions, s.dim, s.horizon),
    "linucb-oracle": lambda s: linucb_oracle(s.n_actions, s.dim, s.horizon, s.d_star),
    "linucb++": lambda s: linucb_plus_plus(s.n_actions, s.dim, s.horizon),
    "dynamic-balancing": lambda s: dynamic_balancing(s.n_actions, s.dim, s.horizon),
}


def nested(sizes: dict) -> tuple[Problem, LinearSizes]:
    """A problem factory: sizes {n_actions, dim, d_star, horizon} -> (Zhu & Nowak's (2022)
    nested linear bandit, the sizes its learners are built on)."""
    space = LinearSizes(sizes["n_actions"], sizes["dim"], sizes["d_star"], sizes["horizon"])
    return nested_linear(space.dim, space.n_actions, space.d_star), space


LINEAR_FAMILY = Family("nested-linear", {"nested-linear": nested}, LINEAR_LEARNERS, merge_metrics,
                       test_sizes={"n_actions": 5, "dim": 6, "d_star": 2, "horizon": 12})
