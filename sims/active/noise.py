"""Noise profiles: how far eta(x) is from 1/2, as a function of a distance r and a level sigma.

A profile is a wrapper around a geometry: the geometry says on which side of the Bayes boundary x
lies (the sign of eta(x) - 1/2) and how far x is from the profile's centre (r >= 0); the profile
gives the margin psi(r, sigma) = |eta(x) - 1/2| in (0, 1/2). The same geometry under different
profiles gives Massart, Tsybakov and hard (no low-noise condition) instances of active learning with
abstention (Zhu & Nowak, NeurIPS 2022).
"""

from collections.abc import Callable
from typing import NamedTuple

import jax
import jax.numpy as jnp

from sims.types import Array


class NoiseProfile(NamedTuple):
    """psi(r, sigma) = |eta - 1/2| at distance r from the centre, at noise level sigma.

    Fields:
        name: e.g. "tsybakov(beta=1, width=0.25)".
        margin: (r, sigma) -> psi, elementwise and broadcasting, values in (0, 1/2).
        steps: for a psi that is a step function of r, the increasing radii 0 < r_1 < r_2 ...
            where it jumps (psi is constant on [0, r_1), [r_1, r_2), ...; () for a constant);
            None for any other psi.
    """

    name: str
    margin: Callable[[Array, Array], Array]
    steps: tuple[float, ...] | None = None


def _check_fraction(name: str, value: float, high: float) -> None:
    if not 0 < value < high:
        raise ValueError(f"{name} must lie in (0, {high:g}), got {value!r}")


def massart() -> NoiseProfile:
    """Bounded noise: psi = sigma everywhere, so P(|eta - 1/2| < sigma) = 0."""
    return NoiseProfile("massart", lambda r, sigma: sigma + 0.0 * r, steps=())


def tsybakov(beta: float, width: float) -> NoiseProfile:
    """psi(r) = sigma min(1, r / width)^(1 / beta): with x uniform and r = |x - c|,
    P(|eta - 1/2| <= tau) = 2 width (tau / sigma)^beta for tau <= sigma (margin exponent beta)."""
    if not beta > 0:
        raise ValueError(f"the margin exponent beta must be positive, got {beta!r}")
    _check_fraction("width", width, 0.5)

    def margin(r: Array, sigma: Array) -> Array:
        return sigma * jnp.minimum(1.0, r / width) ** (1.0 / beta)

    return NoiseProfile(f"tsybakov(beta={beta:g}, width={width:g})", margin)


def hard(width: float, outer: float) -> NoiseProfile:
    """psi = sigma within ``width`` of the centre and ``outer`` beyond it: a set of mass 2 width
    where eta = 1/2 +- sigma, however small sigma is (no low-noise condition; Kaariainen's
    construction when sigma shrinks with the target error)."""
    _check_fraction("width", width, 0.5)
    _check_fraction("outer", outer, 0.5)

    def margin(r: Array, sigma: Array) -> Array:
        return jnp.where(r < width, sigma, outer)

    return NoiseProfile(f"hard(width={width:g}, outer={outer:g})", margin, steps=(width,))


def logistic() -> NoiseProfile:
    """psi(r, s) = 1 / (1 + exp(-r / s)) - 1/2: eta = sigmoid(g(x) / s) for a signed score g with
    |g| = r, the logistic link at temperature s (smaller s, less noise)."""
    return NoiseProfile("logistic", lambda r, s: jax.nn.sigmoid(r / s) - 0.5)
