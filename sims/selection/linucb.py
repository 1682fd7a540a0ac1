"""LinUCB on the first coordinates of a fixed action set (THEORY.md MSL-BASELINES): LinUCB on all
d coordinates, and LinUCB Oracle on the first d* (it knows the smallest class holding theta*).

As in the authors' code (V-code), the features are the actions truncated to their first d'
coordinates and divided by the largest truncated norm, and the index adds the SQUARED norm:
    index(a) = <x_a, theta^> + gamma ||x_a||^2_{V^{-1}},   gamma = sigma sqrt(2 log(2 T^1.5 K)),
V = lambda I + sum_s x_s x_s^T (ridge lambda). A round costs O(K d' + d'^2): the estimates
<x_a, theta^> and widths ||x_a||^2_{V^{-1}} of all K actions are kept current by Sherman-Morrison
(one product X u per round), never recomputed from V^{-1}.
"""

import math
from typing import NamedTuple

import jax
import jax.numpy as jnp

from sims.bandits.oracles import RidgeState, ridge_apply, ridge_gain, ridge_init
from sims.selection.arms import Pull
from sims.selection.nested_linear import NOISE_SCALE, ActionSet, check_dimensions
from sims.types import Array, Learner

RIDGE = 0.1  # lambda in the paper's experiments


class LinUcbParams(NamedTuple):
    """The noise level sigma that sets the width, and the ridge lambda."""

    noise_scale: Array  # () float32
    ridge: Array  # () float32


def linucb_params() -> LinUcbParams:
    """The paper's sigma = 0.1 and lambda = 0.1."""
    return LinUcbParams(jnp.float32(NOISE_SCALE), jnp.float32(RIDGE))


class UcbTable(NamedTuple):
    """Ridge regression on features x_a (K, D') of K actions, with their estimates and widths."""

    ridge: RidgeState  # theta^ (D,) and V^{-1} (D, D), D >= D'
    scores: Array  # (K,) float32, <x_a, theta^>
    widths: Array  # (K,) float32, ||x_a||^2_{V^{-1}}; stale at the first round of a restart


def truncated(actions: Array, dim: int, keep: Array | None = None) -> Array:
    """The first ``dim`` coordinates of every action (of them, only the first ``keep`` if given,
    the others zero), divided by the largest of their norms: (K, dim)."""
    head = actions[:, :dim]
    if keep is not None:
        head = head * (jnp.arange(dim) < keep)[None, :]
    return head / jnp.max(jnp.linalg.norm(head, axis=1))


def table_init(n_actions: int, dim: int, ridge: Array) -> UcbTable:
    """No data yet: theta^ = 0, V = lambda I; the widths are filled in by ``fresh_widths``."""
    zeros = jnp.zeros(n_actions, jnp.float32)
    return UcbTable(ridge_init(dim, ridge), zeros, zeros)


WIDTH_GRID = 2.0**-12  # fresh widths are rounded to this grid (see fresh_widths)


def fresh_widths(features: Array, ridge: Array) -> Array:
    """||x_a||^2_{V^{-1}} for V = lambda I: ||x_a||^2 / lambda, rounded to WIDTH_GRID so that
    actions of equal norm (all of them, untruncated) tie exactly and the first one wins, however
    the norms were rounded (jit and eager round differently)."""
    widths = jnp.sum(features * features, axis=1) / ridge
    return jnp.round(widths / WIDTH_GRID) * WIDTH_GRID


def widths_at(table: UcbTable, features: Array, ridge: Array, restart: Array) -> Array:
    """The widths to use this round: fresh if the regression restarted this round (``restart``
    depends on t alone, so the cond stays a branch under vmap), else the kept ones."""
    return jax.lax.cond(restart, lambda: fresh_widths(features, ridge), lambda: table.widths)


def table_update(table: UcbTable, widths: Array, features: Array, phi: Array, y: Array,
                 weight: Array = 1.0) -> UcbTable:
    """Add (phi, y) to the regression; ``features`` (K, D') are the leading D' coordinates of
    the actions' features and ``widths`` their current widths. With u = V^{-1} phi and
    c = 1 + phi^T u: scores += (x_a^T u)(y - phi^T theta^) / c, widths -= (x_a^T u)^2 / c.
    ``weight`` 0 leaves the table as it was."""
    gain = ridge_gain(table.ridge, phi, y)
    projections = features @ gain.u[: features.shape[1]]
    step = weight / gain.denominator
    return UcbTable(ridge_apply(table.ridge, gain, weight),
                    table.scores + projections * (gain.residual * step),
                    widths - projections * projections * step)


def confidence_width(noise_scale: Array, horizon: int, n_candidates: int) -> Array:
    """gamma = sigma sqrt(2 log(2 T^1.5 K)), delta = 1 / sqrt(T) (EXP-MSL-FIG1: 0.625)."""
    return noise_scale * math.sqrt(2.0 * math.log(2.0 * horizon**1.5 * n_candidates))


def linucb(n_actions: int, dim: int, horizon: int, used_dim: int | None = None,
           name: str = "linucb") -> Learner:
    """LinUCB on the first ``used_dim`` (default all d) coordinates; params LinUcbParams."""
    used = dim if used_dim is None else used_dim
    check_dimensions(dim, used, n_actions)

    def init(key: Array, params: LinUcbParams) -> tuple[UcbTable, LinUcbParams]:
        return table_init(n_actions, used, params.ridge), params

    def current(state: tuple[UcbTable, LinUcbParams], seen: ActionSet):
        table, params = state
        features = truncated(seen.actions, used)
        return features, widths_at(table, features, params.ridge, seen.t == 0)

    def act(key: Array, state: tuple[UcbTable, LinUcbParams], seen: ActionSet):
        table, params = state
        _, widths = current(state, seen)
        index = table.scores + confidence_width(params.noise_scale, horizon, n_actions) * widths
        arm = jnp.argmax(index).astype(jnp.int32)
        return Pull(arm, arm), {}

    def update(state: tuple[UcbTable, LinUcbParams], seen: ActionSet, pull: Pull, reward: Array):
        features, widths = current(state, seen)
        return table_update(state[0], widths, features, features[pull.arm], reward), state[1]

    return Learner(name, init, act, update, linucb_params())


def linucb_oracle(n_actions: int, dim: int, horizon: int, d_star: int) -> Learner:
    """LinUCB Oracle: LinUCB on the first d* coordinates, d* known (THEORY.md MSL-SETUP)."""
    return linucb(n_actions, dim, horizon, d_star, name="linucb-oracle")
