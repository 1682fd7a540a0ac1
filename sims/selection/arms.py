"""Multiple-best-arms bandits (Zhu & Nowak, NeurIPS 2020): n arms with Bernoulli rewards, m of them
best, n possibly larger than the horizon T."""

import math
from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from sims.shuffle import permutation
from sims.types import Array, Problem

BEST_MEAN = 0.9  # the synthetic generator's best mean
OTHER_MEANS = (0.1, 0.2, 0.3, 0.4, 0.5)  # the synthetic generator's sub-optimal means


class ArmMeans(NamedTuple):
    """Problem params: the arm means mu (n,) float32 in [0, 1], before the per-instance shuffle."""

    means: Array


class ArmInstance(NamedTuple):
    """One instance: the shuffled means and the best of them."""

    means: Array  # (n,) float32, mu_a of arm a
    best: Array  # () float32, mu* = max_a mu_a


class Pull(NamedTuple):
    """The action of a multiple-best-arms learner: the arm it pulls and the learner's own slot
    (which of its candidates, real or virtual, chose the arm); the environment reads ``arm``."""

    arm: Array  # () int32 in [0, n)
    slot: Array  # () int32, the learner's bookkeeping


def best_arm_count(n_arms: int, horizon: int, alpha: float) -> int:
    """m = ceil(n / (2 T^alpha)) best arms, so that n/m is about 2 T^alpha (Zhu & Nowak, NeurIPS
    2020)."""
    check_arms(n_arms)
    if not 0.0 <= alpha <= 1.0:
        raise ValueError(f"the hardness level alpha must lie in [0, 1], got {alpha}")
    if horizon < 1:
        raise ValueError(f"the horizon must be a positive integer, got {horizon}")
    return min(n_arms, math.ceil(n_arms / (2.0 * horizon**alpha)))


def synthetic_means(n_arms: int, horizon: int, alpha: float) -> np.ndarray:
    """The papers' generator (Zhu & Nowak, NeurIPS 2020, Figure 2): m = best_arm_count arms with
    mean 0.9 and the other n - m spread as evenly as possible over 0.1, ..., 0.5. Returns (n,)
    float32."""
    m = best_arm_count(n_arms, horizon, alpha)
    others = np.asarray(OTHER_MEANS, np.float32)[np.arange(n_arms - m) % len(OTHER_MEANS)]
    return np.concatenate([np.full(m, BEST_MEAN, np.float32), np.sort(others)])


def two_level_means(n_arms: int, horizon: int, alpha: float, gap_exponent: float) -> np.ndarray:
    """A hard instance of level alpha (Zhu & Nowak, NeurIPS 2020, lower bound): m = ceil(n /
    T^alpha) best arms (so n/m <= T^alpha) with mean (1 + Delta)/2 and the other n - m with mean (1
    - Delta)/2, where Delta = T^(-gap_exponent) / 2. The lower bounds are proved on such instances;
    which gap is hardest depends on the learner (proofs.selection MINIMAX_HARD_GAP,
    MOSSPP_HARD_GAP). Returns (n,) float32."""
    check_arms(n_arms)
    if not 0.0 <= gap_exponent <= 1.0:
        raise ValueError(f"the gap exponent must lie in [0, 1], got {gap_exponent}")
    if not 0.0 <= alpha <= 1.0:
        raise ValueError(f"the hardness level alpha must lie in [0, 1], got {alpha}")
    if horizon < 2:
        raise ValueError(f"the horizon must be an integer >= 2, got {horizon}")
    n_best = min(n_arms, math.ceil(n_arms / horizon**alpha))
    half_gap = horizon**-gap_exponent / 4
    return np.concatenate([np.full(n_best, 0.5 + half_gap, np.float32),
                           np.full(n_arms - n_best, 0.5 - half_gap, np.float32)])


def check_arms(n_arms: int) -> None:
    """Raise a ValueError naming the value unless n_arms is an integer >= 2."""
    if isinstance(n_arms, bool) or not isinstance(n_arms, (int, np.integer)) or n_arms < 2:
        raise ValueError(f"the number of arms n must be an integer >= 2, got {n_arms!r}")


def check_means(means: np.ndarray) -> np.ndarray:
    """The means as (n,) float32, or a ValueError naming what is wrong with them."""
    means = np.asarray(means, np.float32)
    if means.ndim != 1:
        raise ValueError(f"arm means must be a vector (n,), got shape {means.shape}")
    check_arms(means.shape[0])
    if not np.all(np.isfinite(means)) or means.min() < 0.0 or means.max() > 1.0:
        raise ValueError(f"Bernoulli arm means must lie in [0, 1], got values in "
                         f"[{np.nanmin(means)}, {np.nanmax(means)}]")
    return means


def multiple_best_arms(means: np.ndarray, name: str = "multiple-best-arms") -> Problem:
    """The Bernoulli bandit with arm means ``means`` (n,), the default params.

    An instance is the means in a uniformly random order, so the position of the best arms
    carries no information. Observation at round t: t itself (nothing else is seen). Feedback of a
    Pull: a reward ~ Bernoulli(mu_arm); info "regret": mu* - mu_arm, "best": 1 if mu_arm = mu*.
    Sweeps may pass other means of the same n as ArmMeans params.
    """
    default = ArmMeans(jnp.asarray(check_means(means)))
    n_arms = default.means.shape[0]

    def sample(key: Array, params: ArmMeans) -> ArmInstance:
        return ArmInstance(params.means[permutation(key, n_arms)], params.means.max())

    def step(key: Array, instance: ArmInstance, t: Array) -> Array:
        return t

    def feedback(key: Array, instance: ArmInstance, t: Array, pull: Pull):
        mean = instance.means[pull.arm]
        reward = jax.random.bernoulli(key, mean).astype(jnp.float32)
        return reward, {"regret": instance.best - mean,
                        "best": (mean >= instance.best).astype(jnp.float32)}

    return Problem(f"{name}(n={n_arms})", sample, step, feedback, default)
