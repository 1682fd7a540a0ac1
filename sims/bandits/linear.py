"""Linear contextual bandits: f*(x, a) = <phi(x, a), theta*>, Gaussian or Bernoulli rewards."""

from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from sims.bandits.actions import ActionTable, action_value, basis_actions, direction, scores
from sims.bandits.rewards import check_noise, noisy_reward
from sims.types import Array, Problem

CONTEXTS = ("cube", "signs", "ones")


class LinearParams(NamedTuple):
    """What a sweep may vary inside one compiled program.

    Fields:
        noise_scale: () float32, sigma of the Gaussian noise (unused for Bernoulli rewards).
    """

    noise_scale: Array


class LinearInstance(NamedTuple):
    """One instance.

    Fields:
        theta: (d,) float32, the true parameter theta*, ||theta*|| = 1.
        noise_scale: () float32, sigma.
    """

    theta: Array
    noise_scale: Array


def linear_contextual_bandit(actions: ActionTable, noise: str = "gaussian",
                             contexts: str = "cube", theta: np.ndarray | None = None) -> Problem:
    """K-armed linear contextual bandit with phi(x, a) = x * z_a and ||phi|| <= 1.

    Each round a context x is drawn: uniform on [-1, 1]^d ("cube"), uniform on the corners
    {-1, 1}^d ("signs": three times the reward variance of "cube", so larger gaps), or the all-ones
    vector ("ones": no context); the mean reward of action a is f*(x, a) = <phi(x, a), theta*> in [-1, 1]. Rewards are
    f* + sigma * N(0, 1) ("gaussian") or +-1 with P(+1) = (1 + f*)/2 ("bernoulli"), so E[r] = f*
    in both cases and a linear regression oracle is well specified.

    Args:
        actions: the shared action table (K, d).
        noise: one of sims.bandits.rewards.NOISES.
        contexts: one of CONTEXTS.
        theta: a fixed theta* (d,) shared by all instances; None draws it uniformly on the sphere.

    info per round: "regret" = max_a f*(x, a) - f*(x, a_t), "mean_reward" = f*(x, a_t).
    """
    check_noise(noise)
    if contexts not in CONTEXTS:
        raise ValueError(f"contexts {contexts!r} is not one of {CONTEXTS}")
    dim = actions.dim
    fixed_theta = None
    if theta is not None:
        fixed_theta = np.asarray(theta, np.float32)
        if fixed_theta.shape != (dim,) or float(np.linalg.norm(fixed_theta)) > 1.0 + 1e-6:
            raise ValueError(f"theta must have shape ({dim},) and norm <= 1, got {theta}")

    def sample(key: Array, params: LinearParams) -> LinearInstance:
        if fixed_theta is not None:
            return LinearInstance(jnp.asarray(fixed_theta),
                                  jnp.asarray(params.noise_scale, jnp.float32))
        direction = jax.random.normal(key, (dim,), jnp.float32)
        return LinearInstance(direction / jnp.linalg.norm(direction),
                              jnp.asarray(params.noise_scale, jnp.float32))

    def step(key: Array, instance: LinearInstance, t: Array) -> Array:
        if contexts == "ones":
            return jnp.ones(dim, jnp.float32)
        if contexts == "signs":
            return jnp.where(jax.random.bits(key, (dim,), jnp.uint8) < 128, 1.0, -1.0)
        return jax.random.uniform(key, (dim,), jnp.float32, -1.0, 1.0)

    def feedback(key: Array, instance: LinearInstance, x: Array, action: Array):
        w = direction(x, instance.theta)
        mean = action_value(actions, w, action)
        reward = noisy_reward(key, noise, mean, instance.noise_scale)
        best = jnp.max(scores(actions, w))
        return reward, {"regret": best - mean, "mean_reward": mean}

    name = f"linear-cb(K={actions.n_actions}, d={dim}, {noise}, contexts={contexts})"
    return Problem(name, sample, step, feedback, LinearParams(jnp.float32(0.1)))


TRAP_MEANS = (0.5, 0.8)  # arm 0 is tried first and looks good; arm 1 is optimal
TRAP_GAP = TRAP_MEANS[1] - TRAP_MEANS[0]  # Delta of proofs.bandits.GREEDY_TRAP


def greedy_trap(n_actions: int = 4, noise: str = "gaussian") -> tuple[Problem, ActionTable]:
    """A K-armed bandit built to trap greedy: its first arm has a positive mean, the best arm is
    never tried.

    Basis actions, constant context, means (0.5, 0.8, 0, ..., 0). A greedy learner whose estimates
    start at 0 breaks the first tie towards arm 0, sees a positive reward, and never tries arm 1:
    regret Delta * T with Delta = TRAP_GAP = 0.3 (proofs.bandits.GREEDY_TRAP).
    """
    if n_actions < 2:
        raise ValueError(f"need n_actions >= 2, got {n_actions}")
    actions = basis_actions(n_actions)
    theta = np.zeros(n_actions, np.float32)
    theta[: len(TRAP_MEANS)] = TRAP_MEANS
    problem = linear_contextual_bandit(actions, noise, contexts="ones", theta=theta)
    return problem._replace(name=f"greedy-trap(K={n_actions}, {noise})"), actions

