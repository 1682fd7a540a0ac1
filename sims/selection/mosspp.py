"""MOSS++ and empMOSS++ (Zhu & Nowak, NeurIPS 2020): MOSS in
doubling iterations on fewer and fewer fresh arms, plus one virtual arm per finished iteration.

With p = ceil(log2 T^beta), iteration i = 1, 2, ... covers rounds [2^p (2^i - 2), 2^p (2^(i+1) - 2))
(length Delta T_i = 2^(p+i)) and plays MOSS on K_i real arms (K_1 = min(2^(p+1), n), then halved,
at least 4) and i - 1 virtual arms. Virtual arm v_j plays an arm drawn from the empirical pull
distribution of iteration j; as iteration j itself pulled virtual arms, that distribution is the
mixture, computed once when iteration j ends and kept as a CDF over the arms it can reach.

MOSS++ draws fresh real arms and resets every statistic in each iteration, with MOSS's index for
horizon Delta T_i over K_i + i - 1 arms. empMOSS++ keeps its statistics, plays the K_i real arms
of the first sample with the best empirical means, and uses the horizon up to the iteration's end.
"""

import math
from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from sims.selection.arms import Pull, check_arms
from sims.selection.index_pool import BLOCK, IndexPool, best, moss_pool, moss_step, padded
from sims.selection.moss import is_phase_start, phase_of
from sims.shuffle import permutation
from sims.types import Array, Learner

MIN_ARMS = 4  # K_i never falls below 4 real arms (Zhu & Nowak, NeurIPS 2020)


class Iterations(NamedTuple):
    """The iteration schedule of MOSS++ for a horizon T and user parameter beta."""

    starts: np.ndarray  # (I,) int, first round of each iteration that starts before T
    arms: np.ndarray  # (I,) int, K_i real arms
    scales: np.ndarray  # (I,) float, H_i / (K_i + i - 1) of MOSS's index


class PullCdfs(NamedTuple):
    """The finished iterations' pull distributions over F positions, as CDF rows (rows not yet
    finished are zero) and, per row, the CDF's value at the last position of each block of
    ``cdf_block(F)`` positions: a draw reads one row of block ends, then one block."""

    cdf: Array  # (I, F) float32
    ends: Array  # (I, ceil(F / B)) float32, cdf[:, min(B (b + 1), F) - 1]


class MossPlusPlusState(NamedTuple):
    """Real slots [0, R) (R = padded(K_1)) then virtual slots [R, R + BLOCK)."""

    support: Array  # (F,) int32, the real arms of every sample (MOSS++: I samples of K_1 slots)
    wins: Array  # (R + BLOCK,) float32, rewards summed per slot
    pulls: Array  # (R + BLOCK,) float32, pulls per slot
    start_pulls: Array  # (R + BLOCK,) float32, pulls when the current iteration started
    cdfs: PullCdfs  # (I, F) over support, each finished iteration's pulls
    pool: IndexPool


def iteration_starts(horizon: int, beta: float) -> tuple[int, list[int]]:
    """p = ceil(log2 T^beta) and the first rounds 2^p (2^i - 2), i = 1..p, that come before T
    (Zhu & Nowak, NeurIPS 2020 and AISTATS 2022)."""
    if not 0.5 <= beta <= 1.0:
        raise ValueError(f"the user parameter beta must lie in [1/2, 1], got {beta}")
    p = max(1, math.ceil(beta * math.log2(horizon) - 1e-9))
    return p, [2**p * (2**i - 2) for i in range(1, p + 1) if 2**p * (2**i - 2) < horizon]


def iterations(n_arms: int, horizon: int, beta: float, empirical: bool) -> Iterations:
    """The schedule: iteration starts 2^p (2^i - 2), K_i, and MOSS's scale per iteration."""
    check_arms(n_arms)
    p, starts = iteration_starts(horizon, beta)
    arms, scales = [], []
    k = min(2 ** (p + 1), n_arms)
    for i in range(1, len(starts) + 1):
        # MOSS++: the iteration's own length; empMOSS++: the rounds up to the iteration's end
        h = 2 ** (p + i) if not empirical else 2**p * (2 ** (i + 1) - 2)
        arms.append(k)
        scales.append(min(h, horizon) / (k + i - 1))
        k = min(max(k // 2, MIN_ARMS), n_arms)
    return Iterations(np.asarray(starts), np.asarray(arms), np.asarray(scales))


def cdf_block(width: int) -> int:
    """B, the least power of two at or above sqrt(F), at most F: a draw reads F / B + B values."""
    return min(width, 1 << math.ceil(math.log2(math.sqrt(width))))


def block_ends(width: int) -> np.ndarray:
    """The last position of each block of ``cdf_block(width)`` positions."""
    size = cdf_block(width)
    return np.minimum(np.arange(-(-width // size)) * size + size - 1, width - 1)


def no_cdfs(n_iter: int, width: int) -> PullCdfs:
    """The table before any iteration has finished."""
    return PullCdfs(jnp.zeros((n_iter, width), jnp.float32),
                    jnp.zeros((n_iter, block_ends(width).size), jnp.float32))


def closed_cdf(cdfs: PullCdfs, i: Array, own: Array, virtual_pulls: Array) -> PullCdfs:
    """``cdfs`` with row i set to the CDF of iteration i's pulls over the F reachable real
    arms: ``own`` (F,) its pulls of real arms, plus ``virtual_pulls`` (I,) of virtual arm j each
    spread by iteration j's distribution."""
    earlier = jnp.diff(cdfs.cdf, axis=1, prepend=0.0)
    mass = own + virtual_pulls @ earlier
    row = jnp.cumsum(mass / mass.sum())
    return PullCdfs(cdfs.cdf.at[i].set(row),
                    cdfs.ends.at[i].set(row[block_ends(row.shape[0])]))


def draw_from(cdfs: PullCdfs, row: Array, u: Array) -> Array:
    """The first position whose CDF value in row ``row`` exceeds u * total, the last position
    if none does: a draw from that row's distribution. The CDF is non-decreasing, so the
    position is the count of values not above u * total, found in the row's block ends and then
    in the one block it points to (two contiguous reads, no dependent chain of scalar reads)."""
    width = cdfs.cdf.shape[1]
    size = cdf_block(width)
    goal = u * cdfs.cdf[row, width - 1]
    blocks_below = jnp.sum(~(cdfs.ends[row] > goal)).astype(jnp.int32)
    start = jnp.minimum(blocks_below * size, width - size)  # the positions before are below
    block = jax.lax.dynamic_slice(cdfs.cdf, (row, start), (1, size))[0]
    return jnp.minimum(start + jnp.sum(~(block > goal)).astype(jnp.int32), width - 1)


def moss_plus_plus(n_arms: int, horizon: int, beta: float = 0.5,
                   empirical: bool = False) -> Learner:
    """MOSS++ (``empirical`` False) or empMOSS++ (True) with user parameter beta; no params.

    aux "virtual": 1 when the pulled arm came from a virtual arm.
    """
    plan = iterations(n_arms, horizon, beta, empirical)
    n_iter, first = plan.starts.size, int(plan.arms[0])
    real = padded(first)
    size = real + BLOCK
    n_samples = 1 if empirical else n_iter
    support_size = n_samples * first
    starts = jnp.asarray(plan.starts, jnp.int32)
    arms_in_play = jnp.asarray(plan.arms, jnp.int32)
    scales = jnp.asarray(plan.scales, jnp.float32)
    slots = jnp.arange(size)

    def sample_offset(i: Array) -> Array:
        """Where iteration i's real arms start in the support."""
        return jnp.int32(0) if empirical else i * first

    def pool_of(wins: Array, pulls: Array, in_play: Array, i: Array) -> IndexPool:
        return moss_pool(wins, pulls, in_play, scales[i])

    def init(key: Array, params: tuple) -> MossPlusPlusState:
        keys = jax.random.split(key, n_samples)
        draws = jax.vmap(lambda k: permutation(k, n_arms)[:first])(keys)
        zeros = jnp.zeros(size, jnp.float32)
        in_play = slots < arms_in_play[0]
        return MossPlusPlusState(draws.reshape(-1), zeros, zeros, zeros,
                                 no_cdfs(n_iter, support_size),
                                 pool_of(zeros, zeros, in_play, jnp.int32(0)))

    def act(key: Array, state: MossPlusPlusState, t: Array) -> tuple[Pull, dict[str, Array]]:
        slot = best(state.pool)
        virtual = slot >= real
        drawn = draw_from(state.cdfs, jnp.clip(slot - real, 0, n_iter - 1),
                          jax.random.uniform(key))
        own = sample_offset(phase_of(starts, t)) + jnp.minimum(slot, first - 1)
        position = jnp.where(virtual, drawn, own)
        return Pull(state.support[position], slot), {"virtual": virtual.astype(jnp.float32)}

    def next_iteration(state: MossPlusPlusState, i: Array) -> MossPlusPlusState:
        """Close iteration i: its pull distribution becomes virtual arm i's CDF; set up i + 1."""
        during = state.pulls - state.start_pulls
        own = jax.lax.dynamic_update_slice(jnp.zeros(support_size, jnp.float32),
                                           during[:first], (sample_offset(i),))
        cdfs = closed_cdf(state.cdfs, i, own, during[real:real + n_iter])
        nxt = i + 1
        if empirical:
            wins, pulls = state.wins, state.pulls
            means = wins[:first] / jnp.maximum(pulls[:first], 1.0)  # 0 for arms never pulled
            rank = jnp.argsort(jnp.argsort(-means, stable=True))
            real_in_play = jnp.zeros(real, bool).at[:first].set(rank < arms_in_play[nxt])
        else:
            wins = pulls = jnp.zeros(size, jnp.float32)
            real_in_play = slots[:real] < arms_in_play[nxt]
        in_play = jnp.concatenate([real_in_play, slots[:BLOCK] < nxt])
        return MossPlusPlusState(state.support, wins, pulls, pulls, cdfs,
                                 pool_of(wins, pulls, in_play, nxt))

    def update(key: Array, state: MossPlusPlusState, t: Array, pull: Pull, reward: Array
               ) -> MossPlusPlusState:
        i = phase_of(starts, t)
        wins, pulls, pool = moss_step(state.wins, state.pulls, state.pool, pull.slot, reward,
                                      scales[i])
        played = state._replace(wins=wins, pulls=pulls, pool=pool)
        return jax.lax.cond(is_phase_start(starts, t + 1), next_iteration, lambda s, _: s,
                            played, i)

    name = f"{'emp' if empirical else ''}moss++"
    return Learner(name, init, act, update, ())
