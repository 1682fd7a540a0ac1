"""Nested linear model classes (Zhu & Nowak, AISTATS 2022, Figure 1): a
fixed set of K unit actions in R^d, theta* supported on the first d* coordinates, Gaussian noise.

The classes H_1 in H_2 in ... in H_d (H_i: theta_j = 0 for j > i) are nested; d* is the smallest
that holds theta*. A learner that knew d* would regress on the first d* coordinates only.
"""

from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from sims.selection.arms import Pull
from sims.types import Array, Problem

NOISE_SCALE = 0.1  # sigma of the Gaussian noise in the paper's experiments


class NestedLinearParams(NamedTuple):
    """What a sweep may vary inside one compiled program."""

    noise_scale: Array  # () float32, sigma of the Gaussian noise
    d_star: Array  # () float32, d*: theta* is non-zero on the coordinates j < d*
    signal: Array  # () float32, s = ||theta*|| in (0, 1]


class ActionSet(NamedTuple):
    """The observation of round t: t itself and the (fixed) action set."""

    t: Array  # () int32
    actions: Array  # (K, d) float32


class NestedLinearInstance(NamedTuple):
    """One instance: the action set and the mean reward of each action."""

    actions: Array  # (K, d) float32, unit rows
    values: Array  # (K,) float32, <a, theta*>
    best: Array  # () float32, max_a <a, theta*>
    noise_scale: Array  # () float32


def check_dimensions(dim: int, d_star: int, n_actions: int) -> None:
    """Raise a ValueError naming the value unless 1 <= d* <= d and K >= 2 are integers."""
    for name, value, low in (("d", dim, 1), ("d*", d_star, 1), ("K", n_actions, 2)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
            raise ValueError(f"{name} must be an integer >= {low}, got {value!r}")
    if d_star > dim:
        raise ValueError(f"d* = {d_star} must not exceed the dimension d = {dim}")


def nested_theta(dim: int, d_star: Array, signal: Array) -> Array:
    """theta* = s (1, ..., 1, 0, ..., 0) / sqrt(d*), its first d* coordinates non-zero (d,)."""
    support = (jnp.arange(dim) < d_star).astype(jnp.float32)
    return support * (signal / jnp.sqrt(support.sum()))


def nested_linear_params(d_star: int, noise_scale: float = NOISE_SCALE,
                         signal: float = 1.0) -> NestedLinearParams:
    """NestedLinearParams for d* >= 1, sigma >= 0 and 0 < s <= 1 (nested_linear checks
    d* <= d). The paper's theta* has s = 1; a smaller s shrinks every gap by s."""
    if isinstance(d_star, bool) or not isinstance(d_star, (int, np.integer)) or d_star < 1:
        raise ValueError(f"d* must be an integer >= 1, got {d_star!r}")
    if not noise_scale >= 0.0:
        raise ValueError(f"the noise scale sigma must be >= 0, got {noise_scale}")
    if not 0.0 < signal <= 1.0:
        raise ValueError(f"the signal s = ||theta*|| must lie in (0, 1], got {signal}")
    return NestedLinearParams(jnp.float32(noise_scale), jnp.float32(d_star), jnp.float32(signal))


def observe(key: Array, instance: NestedLinearInstance, t: Array) -> ActionSet:
    """Observation at round t: ActionSet(t, actions), the action set the same all along."""
    return ActionSet(t, instance.actions)


def feedback(key: Array, instance: NestedLinearInstance, seen: ActionSet, pull: Pull):
    """Reward <a, theta*> + sigma N(0, 1) of the pulled action; info "regret":
    max_a <a, theta*> - <a_t, theta*>."""
    mean = instance.values[pull.arm]
    reward = mean + instance.noise_scale * jax.random.normal(key, (), jnp.float32)
    return reward, {"regret": instance.best - mean}


def instance_of(actions: Array, theta: Array, params: NestedLinearParams
                ) -> NestedLinearInstance:
    """The instance of an action set (K, d) and theta* (d,)."""
    values = actions @ theta
    return NestedLinearInstance(actions, values, values.max(),
                                jnp.asarray(params.noise_scale, jnp.float32))


def nested_linear(dim: int, n_actions: int, d_star: int) -> Problem:
    """The linear bandit of Zhu & Nowak's (2022) Figure 1; default params sigma = 0.1 and
    ``d_star``. Sweeps may pass other d* <= d (and sigma, s) as NestedLinearParams in one compiled
    program.

    An instance draws K actions i.i.d. N(0, I_d) normalised to unit norm; theta* =
    nested_theta(d, d*, s). Observation and feedback: see observe and feedback.
    """
    check_dimensions(dim, d_star, n_actions)

    def sample(key: Array, params: NestedLinearParams) -> NestedLinearInstance:
        raw = jax.random.normal(key, (n_actions, dim), jnp.float32)
        actions = raw / jnp.linalg.norm(raw, axis=1, keepdims=True)
        return instance_of(actions, nested_theta(dim, params.d_star, params.signal), params)

    name = f"nested-linear(d={dim}, K={n_actions})"
    return Problem(name, sample, observe, feedback, nested_linear_params(d_star))


def embedded_arms(dim: int, d_star: int) -> Problem:
    """The hard instances of Zhu & Nowak's (2022) lower bound: a multiple-best-arms problem embedded
    in a linear bandit. The K = d actions are the basis vectors e_1, ..., e_d and theta* = s e_j*,
    with j* drawn uniformly from the first d* coordinates (params NestedLinearParams, default sigma
    = 0.1, ``d_star`` and s = 1): one best arm, at gap s, among d* candidates (n/m = d* = T^alpha),
    in classes nested as in nested_linear. Observation and feedback: see observe and feedback."""
    check_dimensions(dim, d_star, dim)

    def sample(key: Array, params: NestedLinearParams) -> NestedLinearInstance:
        best = jnp.floor(jax.random.uniform(key) * params.d_star)
        theta = jnp.where(jnp.arange(dim) == best, params.signal, 0.0).astype(jnp.float32)
        return instance_of(jnp.eye(dim, dtype=jnp.float32), theta, params)

    return Problem(f"embedded-arms(d={dim})", sample, observe, feedback,
                   nested_linear_params(d_star))
