"""LinUCB on the first coordinates of a fixed action set (the baselines of Zhu &
Nowak, AISTATS 2022): LinUCB on all
d coordinates, and LinUCB Oracle on the first d* (it knows the smallest class holding theta*).

As in the authors' code (V-code), the features are the actions truncated to their first d'
coordinates and divided by the largest truncated norm, and the index adds the SQUARED norm:
    index(a) = <x_a, theta^> + gamma ||x_a||^2_{V^{-1}},   gamma = sigma sqrt(2 log(2 T^1.5 K)),
or, with squared_norm=False, the norm itself, gamma ||x_a||_{V^{-1}}, as in the analysis (the
squared norm shrinks like 1/n instead of 1/sqrt(n) along a direction pulled n times, so it
explores less, and on hard instances some runs settle on a wrong action for good),
V = lambda I + sum_s x_s x_s^T (ridge lambda). A round costs O(K d' + d'^2): the estimates
<x_a, theta^> and widths ||x_a||^2_{V^{-1}} of all K actions are kept current by Sherman-Morrison
(one product X u per round), never recomputed from V^{-1}.
"""

import math
from typing import NamedTuple

import jax
import jax.numpy as jnp

from sims.bandits.oracles import RidgeGain, RidgeState, ridge_apply, ridge_gain, ridge_init
from sims.reductions import first_argmax
from sims.selection.arms import Pull
from sims.selection.nested_linear import NOISE_SCALE, ActionSet, check_dimensions
from sims.types import Array, Learner

RIDGE = 0.1  # lambda in the paper's experiments


class LinUcbParams(NamedTuple):
    """The noise level sigma that sets the width, and the ridge lambda."""

    noise_scale: Array  # () float32
    ridge: Array  # () float32


class LinUcbOracleParams(NamedTuple):
    """LinUcbParams and the number of coordinates d* LinUCB Oracle is told."""

    noise_scale: Array  # () float32
    ridge: Array  # () float32
    d_star: Array  # () int32


def linucb_params() -> LinUcbParams:
    """The paper's sigma = 0.1 and lambda = 0.1."""
    return LinUcbParams(jnp.float32(NOISE_SCALE), jnp.float32(RIDGE))


class UcbTable(NamedTuple):
    """Ridge regression on the features x_a of K actions, with their estimates and widths.

    x_a is the action's first D' coordinates (of them, the first ``keep`` if a learner says so,
    the others zero) times ``scale``. Widths and scale are stale at the round a regression
    restarts: ``restarted`` fills them in.
    """

    ridge: RidgeState  # theta^ (D,) and V^{-1} (D, D), D >= D'
    scores: Array  # (K,) float32, <x_a, theta^>
    widths: Array  # (K,) float32, ||x_a||^2_{V^{-1}}
    scale: Array  # () float32, 1 / the largest norm of the truncated actions


WIDTH_GRID = 2.0**-12  # fresh widths are rounded to this grid (see restarted)


def table_init(n_actions: int, dim: int, ridge: Array) -> UcbTable:
    """No data yet: theta^ = 0, V = lambda I (widths and scale stale)."""
    zeros = jnp.zeros(n_actions, jnp.float32)
    return UcbTable(ridge_init(dim, ridge), zeros, zeros, jnp.float32(1.0))


def kept(values: Array, keep: Array | None) -> Array:
    """``values`` (..., D') with the coordinates from ``keep`` on set to zero (None: all kept)."""
    if keep is None:
        return values
    return values * jnp.broadcast_to(jnp.arange(values.shape[-1]) < keep, values.shape)


def restarted(table: UcbTable, actions: Array, dim: int, keep: Array | None, ridge: Array,
              restart: Array) -> UcbTable:
    """The table to use this round. If the regression restarted this round (``restart`` depends
    on t alone, so the cond stays a branch under vmap), the scale and the widths
    ||x_a||^2 / lambda of V = lambda I, rounded to WIDTH_GRID so that actions of equal norm (all
    of them, untruncated) tie exactly and the first one wins however the norms were rounded
    (jit and eager round differently); else the kept ones."""
    def fresh() -> tuple[Array, Array]:
        norms = jnp.sum(jnp.square(kept(actions[:, :dim], keep)), axis=1)
        scale = jax.lax.rsqrt(jnp.max(norms))
        widths = norms * (scale * scale) / ridge
        return jnp.round(widths / WIDTH_GRID) * WIDTH_GRID, scale

    widths, scale = jax.lax.cond(restart, fresh, lambda: (table.widths, table.scale))
    return table._replace(widths=widths, scale=scale)


def feature(table: UcbTable, actions: Array, dim: int, keep: Array | None, arm: Array) -> Array:
    """x_a of action ``arm`` (dim,)."""
    return kept(actions[arm, :dim] * table.scale, keep)


def table_apply(table: UcbTable, gain: RidgeGain, projections: Array,
                weight: Array = 1.0) -> UcbTable:
    """Add the example of ``gain`` (see sims.bandits.oracles.ridge_gain) to the regression,
    ``projections`` (K,) being x_a^T u for u = V^{-1} phi and c = 1 + phi^T u:
    scores += (x_a^T u)(y - phi^T theta^) / c, widths -= (x_a^T u)^2 / c for every action.
    ``weight`` 0 leaves the table as it was."""
    step = weight / gain.denominator
    return UcbTable(ridge_apply(table.ridge, gain, weight),
                    table.scores + projections * (gain.residual * step),
                    table.widths - projections * projections * step, table.scale)


def table_update(table: UcbTable, actions: Array, dim: int, keep: Array | None, phi: Array,
                 y: Array) -> UcbTable:
    """Add (phi, y) to the regression (phi (D,) may reach beyond the actions' ``dim``
    coordinates)."""
    gain = ridge_gain(table.ridge, phi, y)
    return table_apply(table, gain, (actions[:, :dim] @ kept(gain.u[:dim], keep)) * table.scale)


def basis_update(table: UcbTable, dim: int, keep: Array | None, coordinate: Array,
                 value: Array, y: Array) -> UcbTable:
    """table_update for phi = value e_coordinate when the actions are the standard basis of R^K
    (sims.selection.embedded_arms), the same numbers in O(K) instead of O(K D + D^2): every
    feature is then one-hot, so V^{-1} stays diagonal, u = V^{-1} phi has the one entry
    V^{-1}_cc value, and only action ``coordinate``'s estimate and width change (when it is
    one of the first ``dim`` coordinates, below ``keep``)."""
    ridge = table.ridge
    u = ridge.a_inv[coordinate, coordinate] * value
    step = 1.0 / (1.0 + value * u)
    residual = y - value * ridge.theta[coordinate]
    ridge = RidgeState(ridge.theta.at[coordinate].add(u * (residual * step)),
                       ridge.a_inv.at[coordinate, coordinate].add(-(u * u) * step))
    inside = coordinate < (dim if keep is None else jnp.minimum(dim, keep))
    projection = jnp.where(inside, u, 0.0) * table.scale  # x_a^T u for a = coordinate
    projections = jnp.where(jnp.arange(table.scores.shape[0]) == coordinate, projection, 0.0)
    return UcbTable(ridge, table.scores + projections * (residual * step),
                    table.widths - projections * projections * step, table.scale)


def width_log(horizon: int, n_candidates: int) -> float:
    """log(2 T^1.5 K) of the confidence width, delta = 1 / sqrt(T)."""
    return math.log(2.0 * horizon**1.5 * n_candidates)


def bonus(gamma: Array, widths: Array, squared_norm: bool) -> Array:
    """The exploration bonus of actions with squared norms ``widths`` = ||x||^2_{V^{-1}}:
    gamma ||x||^2 (the authors' code) or gamma ||x|| (the analysis)."""
    return gamma * (widths if squared_norm else jnp.sqrt(jnp.maximum(widths, 0.0)))


def confidence_width(variance: Array, log_term: Array) -> Array:
    """gamma = sqrt(2 variance log_term); LinUCB's sigma sqrt(2 log(2 T^1.5 K)) with
    variance = sigma^2 and log_term = width_log(T, K) (Zhu & Nowak 2022, Figure 1: 0.625)."""
    return jnp.sqrt(2.0 * variance * log_term)


def linucb(n_actions: int, dim: int, horizon: int, used_dim: int | None = None,
           name: str = "linucb", squared_norm: bool = True, basis: bool = False,
           told: bool = False) -> Learner:
    """LinUCB on the first ``used_dim`` (default all d) coordinates; params LinUcbParams.
    ``squared_norm``: the bonus of the authors' code (True) or of the analysis (see bonus).
    ``basis``: the actions are the standard basis (K = d, sims.selection.embedded_arms), so a
    round costs O(K) (basis_update); the same results, wrong ones on any other action set.
    ``told``: params LinUcbOracleParams, and the coordinates from their d_star on (clipped to
    [1, used_dim]) are zero in every feature."""
    used = dim if used_dim is None else used_dim
    check_dimensions(dim, used, n_actions)

    def init(key: Array, params: LinUcbParams) -> tuple[UcbTable, LinUcbParams]:
        return table_init(n_actions, used, params.ridge), params

    def keep(params: LinUcbParams | LinUcbOracleParams) -> Array | None:
        return jnp.clip(jnp.asarray(params.d_star, jnp.int32), 1, used) if told else None

    def current(state: tuple[UcbTable, LinUcbParams], seen: ActionSet) -> UcbTable:
        return restarted(state[0], seen.actions, used, keep(state[1]), state[1].ridge,
                         seen.t == 0)

    def act(key: Array, state: tuple[UcbTable, LinUcbParams], seen: ActionSet):
        table = current(state, seen)
        noise = state[1].noise_scale
        width = confidence_width(noise * noise, width_log(horizon, n_actions))
        arm = first_argmax(table.scores + bonus(width, table.widths, squared_norm))
        return Pull(arm, arm), {}

    def update(key: Array, state: tuple[UcbTable, LinUcbParams], seen: ActionSet, pull: Pull,
               reward: Array):
        table, kept_dim = current(state, seen), keep(state[1])
        if basis:
            value = table.scale * (pull.arm < (used if kept_dim is None else kept_dim))
            return basis_update(table, used, kept_dim, pull.arm, value, reward), state[1]
        phi = feature(table, seen.actions, used, kept_dim, pull.arm)
        return table_update(table, seen.actions, used, kept_dim, phi, reward), state[1]

    defaults = linucb_params()
    return Learner(name, init, act, update,
                   LinUcbOracleParams(*defaults, jnp.int32(used)) if told else defaults)


def linucb_oracle(n_actions: int, dim: int, horizon: int, d_star: int,
                  squared_norm: bool = True, basis: bool = False) -> Learner:
    """LinUCB Oracle: LinUCB on the first d* coordinates, d* known (Zhu & Nowak, AISTATS 2022);
    params LinUcbOracleParams, d* up to ``d_star`` (default ``d_star``), so that one program
    serves every d* up to it (the coordinates from d* on are zero in its features: the same
    numbers on the standard basis, ``basis``, and up to float rounding on other actions)."""
    return linucb(n_actions, dim, horizon, d_star, "linucb-oracle", squared_norm, basis,
                  told=True)
