"""Continuous actions on the circle [0, 1) with a smooth reward and mu uniform (Zhu &
Mineiro, ICML 2022).

The reward profile is a trigonometric polynomial of degree m shifted by the context:
    f*(x, a) = g*(a - x) with g*(b) = <z(b), theta*>,
    z(b) = (1, cos 2 pi b, sin 2 pi b, ..., cos 2 pi m b, sin 2 pi m b) / sqrt(m + 1),
so ||z(b)|| = 1, |f*| <= ||theta*|| = 1, and f* is linear in phi(x, a) = z(a - x) in R^(2m+1): a
ridge oracle on phi is well specified. The context x ~ U[0, 1) is a rotation, so the best action
a*(x) = x + argmax g* moves with x while

    Smooth_h(x) = sup_{Q: dQ/dmu <= 1/h} E_{a~Q} f*(x, a)   (mu uniform on the circle)

is the mean of g* over its top h-quantile, the same for every x. Both max g* and Smooth_h are
computed once per instance on a quadrature grid of QUADRATURE points (mu replaced by the uniform
measure on the grid, on which the top-h mean is exact), so per-round regret and smooth regret are
O(1). SmoothIGW on this problem is smooth_igw_circle in sims.bandits.smooth.
"""

from typing import NamedTuple

import jax
import jax.numpy as jnp

from sims.bandits.rewards import check_noise, noisy_reward
from sims.reductions import first_argmax
from sims.types import Array, Problem

QUADRATURE = 4096  # grid points for max g* and Smooth_h (error O(1/QUADRATURE) per round)
ARGMAX_GRID = 512  # grid points of the learner's ArgMax oracle before its Newton refinement
NEWTON_STEPS = 3


class CircleActions(NamedTuple):
    """The action space [0, 1) and its features z(b) of degree ``harmonics`` (m).

    Fields:
        harmonics: m, a Python int; the feature dimension is 2m + 1.
    """

    harmonics: int

    @property
    def dim(self) -> int:
        return 2 * self.harmonics + 1


def circle_actions(harmonics: int) -> CircleActions:
    """CircleActions of degree m >= 1, or a ValueError naming it."""
    if isinstance(harmonics, bool) or not isinstance(harmonics, int) or harmonics < 1:
        raise ValueError(f"harmonics must be a positive integer, got {harmonics!r}")
    return CircleActions(harmonics)


def _frequencies(space: CircleActions) -> Array:
    return 2.0 * jnp.pi * jnp.arange(1, space.harmonics + 1, dtype=jnp.float32)


def features(space: CircleActions, b: Array) -> Array:
    """(..., 2m + 1) z(b) for positions b of any shape."""
    positions = jnp.asarray(b, jnp.float32)
    angles = positions[..., None] * _frequencies(space).reshape((1,) * positions.ndim + (-1,))
    parts = [jnp.ones(angles.shape[:-1] + (1,)), jnp.cos(angles), jnp.sin(angles)]
    return jnp.concatenate(parts, axis=-1) / jnp.sqrt(space.harmonics + 1.0)


def wrap(a: Array) -> Array:
    """a mod 1, in [0, 1)."""
    return a - jnp.floor(a)


def embed_circle(space: CircleActions, x: Array, action: Array) -> Array:
    """(2m + 1,) phi(x, a) = z(a - x)."""
    return features(space, wrap(action - x))


def profile_argmax(space: CircleActions, theta: Array) -> Array:
    """argmax_b <z(b), theta>: the best of ARGMAX_GRID grid points, refined by NEWTON_STEPS Newton
    steps on the derivative (a step is kept only where the profile is concave there), wrapped."""
    grid = jnp.arange(ARGMAX_GRID, dtype=jnp.float32) / ARGMAX_GRID
    b = grid[first_argmax(features(space, grid) @ theta)]
    omega = _frequencies(space)
    cos_part, sin_part = theta[1:space.harmonics + 1], theta[space.harmonics + 1:]
    for _ in range(NEWTON_STEPS):
        c, s = jnp.cos(omega * b), jnp.sin(omega * b)
        slope = jnp.sum(omega * (sin_part * c - cos_part * s))
        curvature = -jnp.sum(omega**2 * (cos_part * c + sin_part * s))
        step = jnp.clip(-slope / jnp.minimum(curvature, -1e-6), -1.0 / ARGMAX_GRID,
                        1.0 / ARGMAX_GRID)
        b = b + jnp.where(curvature < 0.0, step, 0.0)
    return wrap(b)


def top_mean(values: Array, fraction: Array) -> Array:
    """The mean of the top ``fraction`` h in (0, 1] of ``values`` under the uniform measure on
    them: sup over Q with dQ/d(uniform) <= 1/h of E_Q[values], a fractional atom included."""
    ranked = -jnp.sort(-values)
    n = values.shape[0]
    mass = fraction * n  # atoms in the top quantile, possibly fractional
    whole = jnp.clip(jnp.floor(mass).astype(jnp.int32), 0, n)
    cumulative = jnp.concatenate([jnp.zeros(1), jnp.cumsum(ranked)])
    partial = (mass - whole) * ranked[jnp.minimum(whole, n - 1)]
    return (cumulative[whole] + partial) / mass


def check_smoothness(h: float) -> float:
    """h itself if 0 < h <= 1, else a ValueError naming it."""
    if not 0.0 < h <= 1.0:
        raise ValueError(f"the smoothness level h must lie in (0, 1], got {h}")
    return float(h)


class CircleParams(NamedTuple):
    """What a sweep may vary inside one compiled program.

    Fields:
        noise_scale: () float32, sigma of the Gaussian noise (unused for Bernoulli rewards).
        smoothness: () float32, the h in (0, 1] of the smooth regret reported as "smooth_regret".
    """

    noise_scale: Array
    smoothness: Array


def circle_params(noise_scale: float, smoothness: float) -> CircleParams:
    """CircleParams from plain numbers, or a ValueError naming the value out of range."""
    if not noise_scale >= 0.0:
        raise ValueError(f"noise_scale must be >= 0, got {noise_scale}")
    return CircleParams(jnp.float32(noise_scale), jnp.float32(check_smoothness(smoothness)))


class CircleInstance(NamedTuple):
    """One instance.

    Fields:
        theta: (2m + 1,) float32, theta*, ||theta*|| = 1.
        best: () float32, max_b g*(b) on the quadrature grid.
        smooth: () float32, Smooth_h, the top-h mean of g* on the quadrature grid.
        noise_scale: () float32, sigma.
    """

    theta: Array
    best: Array
    smooth: Array
    noise_scale: Array


def circle_bandit(space: CircleActions, noise: str = "gaussian") -> Problem:
    """The shifted trigonometric-profile bandit on [0, 1) described in the module docstring.

    Rewards are f* + sigma N(0, 1) ("gaussian") or +-1 with P(+1) = (1 + f*)/2 ("bernoulli").
    info per round: "regret" = max_a f*(x, a) - f*(x, a_t), "smooth_regret" = Smooth_h(x) -
    f*(x, a_t) (negative when a_t beats the h-smoothed comparator), "mean_reward" = f*(x, a_t).
    """
    check_noise(noise)
    quadrature = features(space, jnp.arange(QUADRATURE, dtype=jnp.float32) / QUADRATURE)

    def sample(key: Array, params: CircleParams) -> CircleInstance:
        direction = jax.random.normal(key, (space.dim,), jnp.float32)
        theta = direction / jnp.linalg.norm(direction)
        values = quadrature @ theta
        smoothness = jnp.asarray(params.smoothness, jnp.float32)
        return CircleInstance(theta, jnp.max(values), top_mean(values, smoothness),
                              jnp.asarray(params.noise_scale, jnp.float32))

    def step(key: Array, instance: CircleInstance, t: Array) -> Array:
        return jax.random.uniform(key, (), jnp.float32)

    def feedback(key: Array, instance: CircleInstance, x: Array, action: Array):
        mean = embed_circle(space, x, action) @ instance.theta
        reward = noisy_reward(key, noise, mean, instance.noise_scale)
        return reward, {"regret": instance.best - mean, "smooth_regret": instance.smooth - mean,
                        "mean_reward": mean}

    name = f"circle(m={space.harmonics}, {noise})"
    return Problem(name, sample, step, feedback, circle_params(0.1, 0.1))
