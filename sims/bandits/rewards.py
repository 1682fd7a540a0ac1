"""Reward noise of the bandit problems: r = f* + sigma N(0, 1), or +-1 with mean f*."""

import jax
import jax.numpy as jnp

from sims.types import Array

NOISES = ("gaussian", "bernoulli")


def check_noise(noise: str) -> str:
    """``noise`` itself if it is one of NOISES, else a ValueError naming it."""
    if noise not in NOISES:
        raise ValueError(f"noise {noise!r} is not one of {NOISES}")
    return noise


def noisy_reward(key: Array, noise: str, mean: Array, noise_scale: Array) -> Array:
    """A reward with expectation ``mean`` in [-1, 1]: mean + sigma N(0, 1) ("gaussian"), or +1
    with probability (1 + mean) / 2 and -1 otherwise ("bernoulli")."""
    if noise == "gaussian":
        return mean + noise_scale * jax.random.normal(key, (), jnp.float32)
    return jnp.where(jax.random.uniform(key) < (1.0 + mean) / 2.0, 1.0, -1.0)
