"""Contextual-bandit simulators: problems, the ridge oracle, learners, and their registry."""

from collections.abc import Callable

import jax.numpy as jnp

from sims.bandits.actions import ActionTable, sphere_actions
from sims.bandits.circle import CircleActions, circle_actions, circle_bandit
from sims.bandits.corral import corral_smooth_igw, corral_smooth_igw_circle
from sims.bandits.large_actions import spanner_greedy, spanner_igw, spanner_igw_practical
from sims.bandits.linear import greedy_trap, linear_contextual_bandit
from sims.bandits.optimism import linucb, thompson
from sims.bandits.policies import epsilon_greedy, greedy, squarecb, uniform
from sims.bandits.smooth import smooth_igw, smooth_igw_circle
from sims.types import Array, Family, Learner, Problem


def bandit_metrics(info: dict[str, Array], aux: dict[str, Array]) -> dict[str, Array]:
    """Per-round metrics of a bandit run, summed by sims.run into running totals.

    "regret": instantaneous pseudo-regret max_a f*(x_t, a) - f*(x_t, a_t);
    "smooth_regret": Smooth_h(x_t) - f*(x_t, a_t), for problems that report it;
    "sq_error": (f^_t(x_t, a_t) - f*(x_t, a_t))^2, whose sum estimates the oracle's RegSq(t)
        (the excess square loss on the played actions), for learners with an oracle;
    "explored": 1 when the learner did not play its greedy action;
    "oracle_calls" and running maxima (max_*, e.g. the spanner's worst coefficient), for learners
        that report them.
    """
    metrics = {"regret": info["regret"], "explored": aux["explored"]}
    if "smooth_regret" in info:
        metrics["smooth_regret"] = info["smooth_regret"]
    metrics.update({k: v for k, v in aux.items() if k == "oracle_calls" or k.startswith("max_")})
    if "prediction" in aux:
        metrics["sq_error"] = jnp.square(aux["prediction"] - info["mean_reward"])
    return metrics


def linear(noise: str) -> Callable[[dict], tuple[Problem, ActionTable]]:
    """A problem factory: sizes {n_actions, dim} -> (linear contextual bandit with ``noise``,
    its action table of n_actions unit vectors in R^dim)."""

    def build(sizes: dict) -> tuple[Problem, ActionTable]:
        actions = sphere_actions(0, sizes["n_actions"], sizes["dim"])
        return linear_contextual_bandit(actions, noise), actions

    return build


# Every problem and learner of the package (its Family, which sims.families lists).
PROBLEMS: dict[str, Callable[[dict], tuple[Problem, ActionTable]]] = {
    "linear-cb-gaussian": linear("gaussian"),
    "linear-cb-bernoulli": linear("bernoulli"),
    "greedy-trap": lambda sizes: greedy_trap(sizes["n_actions"]),
}
LEARNERS: dict[str, Callable[[ActionTable], Learner]] = {
    "uniform": uniform,
    "greedy": greedy,
    "epsilon-greedy": epsilon_greedy,
    "squarecb": squarecb,
    "spanner-greedy": spanner_greedy,
    "spanner-igw": spanner_igw,
    "spanner-igw-practical": spanner_igw_practical,
    "smooth-igw": smooth_igw,
    "corral-smooth-igw": corral_smooth_igw,
    "linucb": linucb,
    "thompson": thompson,
}

FAMILY = Family("linear-bandits", PROBLEMS, LEARNERS, bandit_metrics,
                 test_sizes={"n_actions": 5, "dim": 3})


def circle(noise: str) -> Callable[[dict], tuple[Problem, CircleActions]]:
    """A problem factory: sizes {harmonics m} -> (the circle bandit with ``noise``, its actions)."""

    def build(sizes: dict) -> tuple[Problem, CircleActions]:
        actions = circle_actions(sizes["harmonics"])
        return circle_bandit(actions, noise), actions

    return build


# The continuous action space of sims.bandits.circle and the learners written for it.
CIRCLE_PROBLEMS: dict[str, Callable[[dict], tuple[Problem, CircleActions]]] = {
    "circle-gaussian": circle("gaussian"),
    "circle-bernoulli": circle("bernoulli"),
}
CIRCLE_LEARNERS: dict[str, Callable[[CircleActions], Learner]] = {
    "smooth-igw": smooth_igw_circle,
    "corral-smooth-igw": corral_smooth_igw_circle,
}
CIRCLE_FAMILY = Family("circle-bandits", CIRCLE_PROBLEMS, CIRCLE_LEARNERS, bandit_metrics,
                       test_sizes={"harmonics": 2})
