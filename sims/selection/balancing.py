"""Dynamic Balancing (Cutkosky et al. 2021, as run by Zhu & Nowak, AISTATS 2022): model selection
over base LinUCBs on the first d_j = 2^j coordinates, j < ceil(log2 d), each with a putative
regret bound R_j(n) after n of its own plays.

Every round plays the active base with the smallest R_j(n_j) (balancing), which updates on its
own plays only. After the round, base i is eliminated when even its optimistic average reward
falls below some active base's pessimistic one (the misspecification test):
    U_i / n_i + R_i(n_i) / n_i + c sqrt(log(M log n_i / delta) / n_i)
        < max_k U_k / n_k - c sqrt(log(M log n_k / delta) / n_k),
U the sum of a base's rewards, M bases, c = 1, delta = 1 / sqrt(T), and the candidate bound
R_j(n) = sqrt(d_j n log(K n^1.5 log n)^3) of the authors' experiments (its exact form is a
reconstruction, U; logs are taken at max(n, 3) so that they are positive).
"""

import math
from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from sims.reductions import first_argmax, first_argmin
from sims.selection.arms import Pull
from sims.selection.linucb import (LinUcbParams, UcbTable, confidence_width, feature,
                                   linucb_params, restarted, table_init, table_update, width_log)
from sims.selection.nested_linear import ActionSet, check_dimensions
from sims.types import Array, Learner

TEST_SCALE = 1.0  # c of the misspecification test


class BalancingState(NamedTuple):
    """One LinUCB table per base and each base's plays, rewards and whether it is still active."""

    tables: tuple[UcbTable, ...]  # base j regresses on the first d_j coordinates
    plays: Array  # (M,) float32, n_j
    rewards: Array  # (M,) float32, U_j
    active: Array  # (M,) bool
    params: LinUcbParams


def base_dims(dim: int) -> np.ndarray:
    """d_j = 2^j for j < ceil(log2 d) (at least the one base d_0 = 1)."""
    return 2 ** np.arange(max(1, math.ceil(math.log2(dim))))


def putative_bound(dims: Array, plays: Array, n_actions: int) -> Array:
    """R_j(n) = sqrt(d_j n log(K n^1.5 log n)^3), logs at max(n, 3)."""
    at = jnp.maximum(plays, 3.0)
    log_term = jnp.log(n_actions * at**1.5 * jnp.log(at))
    return jnp.sqrt(dims * plays * log_term**3)


def dynamic_balancing(n_actions: int, dim: int, horizon: int) -> Learner:
    """Dynamic Balancing over base LinUCBs (see the module); params LinUcbParams."""
    check_dimensions(dim, 1, n_actions)
    dims = base_dims(dim)
    dims_f = jnp.asarray(dims, jnp.float32)
    n_bases = dims.size
    log_confidence = math.log(n_bases) + 0.5 * math.log(horizon)  # log(M / delta)

    def init(key: Array, params: LinUcbParams) -> BalancingState:
        zeros = jnp.zeros(n_bases, jnp.float32)
        return BalancingState(tuple(table_init(n_actions, int(d), params.ridge) for d in dims),
                              zeros, zeros, jnp.ones(n_bases, bool), params)

    def current(state: BalancingState, seen: ActionSet) -> list[UcbTable]:
        """Every base's regression to use this round."""
        return [restarted(table, seen.actions, int(d), None, state.params.ridge, seen.t == 0)
                for table, d in zip(state.tables, dims)]

    def act(key: Array, state: BalancingState, seen: ActionSet):
        tables = current(state, seen)
        bound = putative_bound(dims_f, state.plays, n_actions)
        base = first_argmin(jnp.where(state.active, bound, jnp.inf))
        noise = state.params.noise_scale
        gamma = confidence_width(noise * noise, width_log(horizon, n_actions))
        index = jnp.stack([table.scores + gamma * table.widths for table in tables])
        return Pull(first_argmax(index[base]), base), {}

    def update(key: Array, state: BalancingState, seen: ActionSet, pull: Pull, reward: Array
               ) -> BalancingState:
        tables = tuple(current(state, seen))

        def played(j: int):
            """Base j's regression with the round added, the others as they were (a switch
            over the bases runs one branch when pairs run one at a time, see sims.run)."""
            def branch(tables):
                d = int(dims[j])
                phi = feature(tables[j], seen.actions, d, None, pull.arm)
                return (tables[:j] + (table_update(tables[j], seen.actions, d, None, phi, reward),)
                        + tables[j + 1:])
            return branch

        tables = jax.lax.switch(pull.slot, [played(j) for j in range(n_bases)], tables)
        plays = state.plays.at[pull.slot].add(1.0)
        rewards = state.rewards.at[pull.slot].add(reward)
        seen_any = plays > 0
        n = jnp.maximum(plays, 1.0)
        at = jnp.maximum(plays, 3.0)
        spread = TEST_SCALE * jnp.sqrt((log_confidence + jnp.log(jnp.log(at))) / n)
        average = rewards / n
        optimistic = jnp.where(seen_any, average + putative_bound(dims_f, plays, n_actions) / n
                               + spread, jnp.inf)
        pessimistic = jnp.where(seen_any & state.active, average - spread, -jnp.inf)
        active = state.active & (optimistic >= pessimistic.max())
        return BalancingState(tables, plays, rewards, active, state.params)

    return Learner("dynamic-balancing", init, act, update, linucb_params())
