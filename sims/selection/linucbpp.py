"""LinUCB++ (Zhu & Nowak, AISTATS 2022): LinUCB in doubling iterations
on fewer and fewer leading coordinates, plus one virtual arm per finished iteration.

With p = ceil(log2 T^beta), iteration i = 1, 2, ... starts at round 2^p (2^i - 2) (the starts of
MOSS++) and runs LinUCB afresh for Delta T_i = min(2^(p+i), T) rounds on
- the K real actions truncated to their first d_i = max(min(2^(p+2-i), d), 1) coordinates
  (divided by the largest truncated norm), and
- the i - 1 virtual arms of the finished iterations, virtual arm j with a coordinate of its own
  (feature e_j), pulling an action drawn from iteration j's pull distribution (a mixture when
  iteration j itself pulled virtual arms; see sims.selection.mosspp.closed_cdf).
Widths, with K_i = K + i - 1 candidates and range 2 of the mean reward <a, theta*>:
    real    gamma_i  = sqrt(2 sigma^2 log(2 Delta T_i^1.5 K_i)),
    virtual gamma'_i = sqrt(2 (range^2 / 4 + sigma^2) log(2 Delta T_i^1.5 K_i)),
each times the squared norm ||x||^2_{V^{-1}}, as in the authors' code, or the norm itself
(squared_norm=False, as in the analysis; see sims.selection.linucb.bonus). The regression runs on
D = d_1 + I coordinates (the real ones, then one per virtual arm); a virtual arm's estimate and
width are its coordinate's entries of theta^ and V^{-1}.
"""

from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from sims.reductions import first_argmax
from sims.selection.arms import Pull
from sims.selection.linucb import (LinUcbParams, UcbTable, basis_update, bonus,
                                   confidence_width, feature, linucb_params, restarted,
                                   table_init, table_update, width_log)
from sims.selection.moss import is_phase_start, phase_of
from sims.selection.mosspp import PullCdfs, closed_cdf, draw_from, iteration_starts, no_cdfs
from sims.selection.nested_linear import ActionSet, check_dimensions
from sims.types import Array, Learner

REWARD_RANGE = 2.0  # <a, theta*> lies in [-1, 1] for unit actions and a unit theta*


class LinearIterations(NamedTuple):
    """The iteration schedule of LinUCB++ for a dimension d, horizon T and beta."""

    starts: np.ndarray  # (I,) int, first round of each iteration that starts before T
    dims: np.ndarray  # (I,) int, d_i
    lengths: np.ndarray  # (I,) int, Delta T_i


class LinUcbPlusPlusState(NamedTuple):
    """The current iteration's regression and pull counts, and the finished iterations' CDFs."""

    table: UcbTable  # over D = d_1 + I coordinates, scores and widths of the K real actions
    pulls: Array  # (K,) float32, this iteration's pulls of each real action
    virtual_pulls: Array  # (I,) float32, this iteration's pulls of each virtual arm
    cdfs: PullCdfs  # (I, K) over the actions, each finished iteration's pulls
    params: LinUcbParams


def linear_iterations(dim: int, horizon: int, beta: float) -> LinearIterations:
    """Iteration starts 2^p (2^i - 2), d_i = max(min(2^(p+2-i), d), 1), Delta T_i = min(2^(p+i), T).
    Figure 1 of Zhu & Nowak 2022 (d = 600, T = 2,500): (128, 128), (64, 256), ..., (8, 2048)."""
    p, starts = iteration_starts(horizon, beta)
    steps = np.arange(1, len(starts) + 1)
    dims = np.maximum(np.minimum(2.0 ** (p + 2 - steps), dim), 1).astype(np.int64)
    return LinearIterations(np.asarray(starts), dims, np.minimum(2 ** (p + steps), horizon))


def linucb_plus_plus(n_actions: int, dim: int, horizon: int, beta: float = 0.5,
                     squared_norm: bool = True, basis: bool = False) -> Learner:
    """LinUCB++ with user parameter beta; params LinUcbParams. aux "virtual": 1 when the action
    came from a virtual arm. ``squared_norm``: the bonus of the authors' code (True) or of the
    analysis. ``basis``: the actions are the standard basis (see sims.selection.linucb.linucb)."""
    check_dimensions(dim, 1, n_actions)
    plan = linear_iterations(dim, horizon, beta)
    n_iter, real = plan.starts.size, int(plan.dims[0])
    starts = jnp.asarray(plan.starts, jnp.int32)
    dims = jnp.asarray(plan.dims, jnp.int32)
    # log(2 Delta T_i^1.5 K_i) of the widths, K_i = K + i - 1 (i from 1)
    logs = jnp.asarray([width_log(int(length), n_actions + i)
                        for i, length in enumerate(plan.lengths)], jnp.float32)
    virtual_slots = jnp.arange(n_iter)

    def init(key: Array, params: LinUcbParams) -> LinUcbPlusPlusState:
        zeros = jnp.zeros(n_actions, jnp.float32)
        return LinUcbPlusPlusState(table_init(n_actions, real + n_iter, params.ridge), zeros,
                                   jnp.zeros(n_iter, jnp.float32),
                                   no_cdfs(n_iter, n_actions), params)

    def current(state: LinUcbPlusPlusState, seen: ActionSet) -> tuple[Array, Array, UcbTable]:
        """The iteration, its d_i and the regression to use this round."""
        i = phase_of(starts, seen.t)
        table = restarted(state.table, seen.actions, real, dims[i], state.params.ridge,
                          is_phase_start(starts, seen.t))
        return i, dims[i], table

    def act(key: Array, state: LinUcbPlusPlusState, seen: ActionSet):
        i, _, table = current(state, seen)
        noise = state.params.noise_scale
        gamma = confidence_width(noise * noise, logs[i])
        gamma_virtual = confidence_width(REWARD_RANGE**2 / 4.0 + noise * noise, logs[i])
        real_index = table.scores + bonus(gamma, table.widths, squared_norm)
        ridge = table.ridge
        virtual_index = jnp.where(
            virtual_slots < i,
            ridge.theta[real:] + bonus(gamma_virtual, jnp.diagonal(ridge.a_inv)[real:],
                                       squared_norm), -jnp.inf)
        arm, j = first_argmax(real_index), first_argmax(virtual_index)
        virtual = virtual_index[j] > real_index[arm]
        drawn = draw_from(state.cdfs, j, jax.random.uniform(key))
        slot = jnp.where(virtual, n_actions + j, arm).astype(jnp.int32)
        return (Pull(jnp.where(virtual, drawn, arm).astype(jnp.int32), slot),
                {"virtual": virtual.astype(jnp.float32)})

    def next_iteration(state: LinUcbPlusPlusState, i: Array) -> LinUcbPlusPlusState:
        """Close iteration i: its pulls become virtual arm i's CDF; restart the regression."""
        return LinUcbPlusPlusState(
            table_init(n_actions, real + n_iter, state.params.ridge),
            jnp.zeros_like(state.pulls), jnp.zeros_like(state.virtual_pulls),
            closed_cdf(state.cdfs, i, state.pulls, state.virtual_pulls), state.params)

    def update(key: Array, state: LinUcbPlusPlusState, seen: ActionSet, pull: Pull, reward: Array
               ) -> LinUcbPlusPlusState:
        i, keep, table = current(state, seen)
        j = pull.slot - n_actions
        virtual = j >= 0
        if basis:  # phi is one-hot: virtual arm j's coordinate, or the action's if below d_i
            updated = basis_update(table, real, keep, jnp.where(virtual, real + j, pull.arm),
                                   jnp.where(virtual, 1.0, table.scale * (pull.arm < keep)),
                                   reward)
        else:
            phi = jnp.where(virtual, jnp.zeros(real + n_iter).at[real + j].set(1.0),
                            jnp.concatenate([feature(table, seen.actions, real, keep, pull.arm),
                                             jnp.zeros(n_iter)]))
            updated = table_update(table, seen.actions, real, keep, phi, reward)
        played = LinUcbPlusPlusState(
            updated,
            state.pulls.at[pull.arm].add(jnp.where(virtual, 0.0, 1.0)),
            state.virtual_pulls.at[jnp.maximum(j, 0)].add(jnp.where(virtual, 1.0, 0.0)),
            state.cdfs, state.params)
        return jax.lax.cond(is_phase_start(starts, seen.t + 1), next_iteration,
                            lambda s, _: s, played, i)

    return Learner("linucb++", init, act, update, linucb_params())
