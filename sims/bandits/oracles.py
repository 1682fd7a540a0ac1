"""Online regression oracles for bandits: exact online ridge regression by Sherman-Morrison."""

from typing import NamedTuple

import jax.numpy as jnp

from sims.types import Array


class RidgeState(NamedTuple):
    """Online ridge regression on features phi in R^d.

    Fields:
        theta: (d,) float32, the ridge estimate theta^ = A^{-1} b.
        a_inv: (d, d) float32, A^{-1} with A = lambda I + sum_s phi_s phi_s^T.
    """

    theta: Array
    a_inv: Array


def ridge_init(dim: int, ridge: Array) -> RidgeState:
    """The estimate before any data: theta^ = 0, A = lambda I."""
    return RidgeState(jnp.zeros(dim, jnp.float32), jnp.eye(dim, dtype=jnp.float32) / ridge)


class RidgeGain(NamedTuple):
    """What one example (phi, y) changes: u = A^{-1} phi, 1 + phi^T u and the residual
    y - phi^T theta^ (before the update)."""

    u: Array
    denominator: Array
    residual: Array


def ridge_gain(state: RidgeState, phi: Array, y: Array) -> RidgeGain:
    """The gain of adding (phi, y) to ``state`` (see ridge_update)."""
    u = state.a_inv @ phi
    return RidgeGain(u, 1.0 + phi @ u, y - phi @ state.theta)


def ridge_apply(state: RidgeState, gain: RidgeGain, weight: Array = 1.0) -> RidgeState:
    """The state after the example of ``gain``; ``weight`` 0 leaves it unchanged (for learners
    that update one of several regressions chosen at run time)."""
    step = weight / gain.denominator
    return RidgeState(state.theta + gain.u * (gain.residual * step),
                      state.a_inv - jnp.outer(gain.u, gain.u) * step)


def ridge_update(state: RidgeState, phi: Array, y: Array) -> RidgeState:
    """Add one example (phi, y) exactly (Sherman-Morrison / recursive least squares).

    With u = A^{-1} phi: A_new^{-1} = A^{-1} - u u^T / (1 + phi^T u) and
    theta_new = theta + u (y - phi^T theta) / (1 + phi^T u).
    """
    return ridge_apply(state, ridge_gain(state, phi, y))
