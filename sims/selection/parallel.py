"""Parallel (Zhu & Nowak, NeurIPS 2020): with the best mean mu* known,
P = ceil(ln T) MOSS subroutines for the hardness levels alpha_i = i / P, and a switch every
ceil(sqrt T) rounds to the subroutine whose own plays have the smallest empirical regret
sum (mu* - reward)."""

import math
from collections.abc import Callable
from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from sims.reductions import first_argmin
from sims.selection.arms import ArmMeans, Pull, check_arms
from sims.selection.index_pool import BLOCK, IndexPool, best, moss_pool, moss_step, padded
from sims.selection.moss import SampleParams
from sims.shuffle import permutation
from sims.types import Array, Learner


class ParallelParams(NamedTuple):
    """The known best mean mu*."""

    best_mean: Array  # () float32


class ParallelState(NamedTuple):
    """Subroutine i owns the slots [offsets[i], offsets[i] + padded(sizes[i]))."""

    arms: Array  # (S,) int32, the arm of each slot
    wins: Array  # (S,) float32
    pulls: Array  # (S,) float32
    pool: IndexPool
    regret: Array  # (P,) float32, empirical regret sum (mu* - reward) of each subroutine's plays
    priority: Array  # (P,) float32, a random order that breaks ties between subroutines
    active: Array  # () int32, the subroutine playing the current block
    best_mean: Array  # () float32, mu*


def subroutine_sizes(n_arms: int, horizon: int) -> np.ndarray:
    """min(ceil(T^(i/P) log sqrt T), T, n) arms for subroutine i = 1..P, P = ceil(ln T)."""
    check_arms(n_arms)
    n_sub = max(1, math.ceil(math.log(horizon)))
    levels = np.arange(1, n_sub + 1) / n_sub
    sizes = np.ceil(horizon**levels * math.log(math.sqrt(horizon)))
    return np.maximum(1, np.minimum(np.minimum(sizes, horizon), n_arms)).astype(np.int64)


def round_robin_rounds(n_arms: int, horizon: int) -> int:
    """P ceil(sqrt T): the rounds of P blocks, as many as Parallel needs to play each of its
    P subroutines once (it starts them all at empirical regret 0, in a random order)."""
    return subroutine_sizes(n_arms, horizon).size * math.ceil(math.sqrt(horizon))


def told_params(learner: Learner, instance: ArmMeans,
                oracle_sample: Callable[[], int] | None = None):
    """The params a multiple-best-arms learner runs with on the instance of arm means ``instance``
    (sims.types.Family.told): Parallel is told mu* = the largest mean; MOSS Oracle its sample size
    m = ``oracle_sample()`` where the design gives one (min(n, ceil(psi log sqrt T)) at the
    design's hardness psi, proofs.selection.moss_oracle_sample; called for MOSS Oracle only);
    every other learner takes its default params."""
    if learner.name == "parallel":
        return ParallelParams(np.float32(np.max(instance.means)))
    if learner.name == "moss-oracle" and oracle_sample is not None:
        return SampleParams(np.int32(oracle_sample()))
    return learner.default_params


def parallel(n_arms: int, horizon: int) -> Learner:
    """Parallel; params ParallelParams(mu*)."""
    sizes = subroutine_sizes(n_arms, horizon)
    widths = np.asarray([padded(int(s)) for s in sizes])
    offsets = np.concatenate([[0], np.cumsum(widths)[:-1]])
    owner = np.repeat(np.arange(sizes.size), widths)  # (S,) the subroutine of each slot
    in_play = np.concatenate([np.arange(w) < s for w, s in zip(widths, sizes)])
    # (S,) each slot's place in its subroutine (padding slots clipped to a valid arm)
    place = np.minimum(np.arange(owner.size) - offsets[owner], n_arms - 1)
    scale = jnp.asarray(horizon / sizes[owner], jnp.float32)  # MOSS's H / K, per slot
    block_owner = jnp.asarray(owner[::BLOCK], jnp.int32)
    block_length = math.ceil(math.sqrt(horizon))
    size = int(widths.sum())

    def choose(regret: Array, priority: Array) -> Array:
        """The subroutine with the smallest empirical regret, ties broken by priority."""
        tied = regret <= regret.min()
        return first_argmin(jnp.where(tied, priority, jnp.inf))

    def init(key: Array, params: ParallelParams) -> ParallelState:
        k_arms, k_priority = jax.random.split(key)
        # subroutine i samples the first sizes[i] arms of its own random order of the n arms
        orders = jax.vmap(lambda i: permutation(jax.random.fold_in(k_arms, i), n_arms))(
            jnp.arange(sizes.size))
        arms = jnp.where(jnp.asarray(in_play), orders[owner, place], 0)
        zeros = jnp.zeros(size, jnp.float32)
        pool = moss_pool(zeros, zeros, jnp.asarray(in_play), 1.0)  # +inf: never pulled
        regret = jnp.zeros(sizes.size, jnp.float32)
        priority = jax.random.uniform(k_priority, (sizes.size,))
        return ParallelState(arms, zeros, zeros, pool, regret, priority, choose(regret, priority),
                             jnp.asarray(params.best_mean, jnp.float32))

    def act(key: Array, state: ParallelState, t: Array) -> tuple[Pull, dict[str, Array]]:
        slot = best(state.pool, block_owner == state.active)
        return Pull(state.arms[slot], slot), {}

    def update(key: Array, state: ParallelState, t: Array, pull: Pull,
               reward: Array) -> ParallelState:
        wins, pulls, pool = moss_step(state.wins, state.pulls, state.pool, pull.slot, reward,
                                      scale[pull.slot])
        regret = state.regret.at[state.active].add(state.best_mean - reward)
        active = jnp.where((t + 1) % block_length == 0, choose(regret, state.priority),
                           state.active)
        return state._replace(wins=wins, pulls=pulls, pool=pool, regret=regret, active=active)

    return Learner("parallel", init, act, update, ParallelParams(jnp.float32(1.0)))
