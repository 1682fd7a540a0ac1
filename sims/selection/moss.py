"""MOSS on a growing set of randomly drawn arms: MOSS itself, MOSS Oracle and the Quantile baseline
(Zhu & Nowak, NeurIPS 2020; Audibert & Bubeck 2009; Chaudhuri & Kalyanakrishnan 2018).

Each learner draws a uniformly random order of the n arms at init and plays MOSS on a prefix of
it. A phase schedule, fixed by t alone, says how long the prefix is and which horizon H and arm
count K enter MOSS's index; statistics carry over from phase to phase and every index is
recomputed when a phase starts. Every round updates the state in place and only then passes it
through ``lax.cond`` (identity unless a phase starts): XLA:CPU copies state that a branch both
reads and rewrites, which would cost O(S) per round.
"""

import math
from collections.abc import Callable
from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from sims.selection.arms import Pull, check_arms
from sims.selection.index_pool import IndexPool, best, moss_pool, moss_step, padded
from sims.shuffle import permutation
from sims.types import Array, Learner, PyTree

QUANTILE_ALPHA = 0.347  # the Quantile baseline's growth rate of its arm set (authors' code)


class Phases(NamedTuple):
    """A schedule fixed by t: phase q covers rounds [starts[q], starts[q + 1])."""

    starts: np.ndarray  # (Q,) int, starts[0] = 0, increasing
    counts: np.ndarray  # (Q,) int, the arms in play (a prefix of the learner's order)
    scales: np.ndarray  # (Q,) float, H / K of MOSS's index in the phase


class MossState(NamedTuple):
    """MOSS on S = padded(max count) slots, slot s holding the learner's s-th arm."""

    arms: Array  # (S,) int32, the arm of each slot
    wins: Array  # (S,) float32, sum of the rewards of each slot
    pulls: Array  # (S,) float32, number of pulls N of each slot
    pool: IndexPool
    scale: Array  # () float32, H / K of MOSS's index in the current phase


class SampleParams(NamedTuple):
    """The number of arms m MOSS Oracle samples, told to it: min(n, ceil(psi log sqrt T)) at
    the hardness psi = n/m* (proofs.selection.moss_oracle_sample)."""

    n_sampled: Array  # () int32


def phase_of(starts: Array, t: Array) -> Array:
    """The phase that round t belongs to, for increasing phase starts (starts[0] = 0)."""
    return (jnp.searchsorted(starts, t, side="right") - 1).astype(jnp.int32)


def is_phase_start(starts: Array, t: Array) -> Array:
    """Whether round t is the first round of a phase."""
    return starts[phase_of(starts, t)] == t


def check_phases(phases: Phases, n_arms: int) -> Phases:
    """The schedule as arrays, or a ValueError naming what is wrong with it."""
    starts, counts = np.asarray(phases.starts, np.int64), np.asarray(phases.counts, np.int64)
    scales = np.asarray(phases.scales, np.float64)
    if not (starts.ndim == 1 and starts.shape == counts.shape == scales.shape and starts.size):
        raise ValueError("phase starts, counts and scales must be non-empty vectors of one length")
    if starts[0] != 0 or np.any(np.diff(starts) <= 0):
        raise ValueError(f"phase starts must increase from 0, got {starts}")
    if counts.min() < 1 or counts.max() > n_arms or np.any(np.diff(counts) < 0):
        raise ValueError(f"arms in play must be non-decreasing in [1, n={n_arms}], got {counts}")
    if np.any(scales <= 0):
        raise ValueError(f"MOSS scales H / K must be positive, got {scales}")
    return Phases(starts, counts, scales)


FirstPhase = Callable[[PyTree], tuple[Array, Array]]  # params -> (K, H / K) of phase 0


def phased_moss(name: str, n_arms: int, phases: Phases, first_phase: FirstPhase | None = None,
                default_params: PyTree = ()) -> Learner:
    """MOSS on a prefix of a random order of the arms, its length and index scale set by
    ``phases``. With ``first_phase``, the first phase's arm count K (at most the schedule's
    largest) and scale H / K come from the learner's params instead (default
    ``default_params``), so that one compiled program serves every count."""
    check_arms(n_arms)
    phases = check_phases(phases, n_arms)
    most = int(phases.counts.max())
    size = padded(most)
    starts = jnp.asarray(phases.starts, jnp.int32)
    counts = jnp.asarray(phases.counts, jnp.int32)
    scales = jnp.asarray(phases.scales, jnp.float32)

    def pooled(wins: Array, pulls: Array, count: Array, scale: Array) -> IndexPool:
        return moss_pool(wins, pulls, jnp.arange(size) < count, scale)

    def next_phase(state: MossState, t: Array) -> MossState:
        phase = phase_of(starts, t)
        return state._replace(pool=pooled(state.wins, state.pulls, counts[phase], scales[phase]),
                              scale=scales[phase])

    def init(key: Array, params: PyTree) -> MossState:
        count, scale = (counts[0], scales[0]) if first_phase is None else first_phase(params)
        order = permutation(key, n_arms)[:most]
        arms = jnp.zeros(size, jnp.int32).at[:most].set(order)
        zeros = jnp.zeros(size, jnp.float32)
        return MossState(arms, zeros, zeros, pooled(zeros, zeros, count, scale), scale)

    def act(key: Array, state: MossState, t: Array) -> tuple[Pull, dict[str, Array]]:
        slot = best(state.pool)
        return Pull(state.arms[slot], slot), {}

    def update(key: Array, state: MossState, t: Array, pull: Pull, reward: Array) -> MossState:
        played = MossState(state.arms, *moss_step(state.wins, state.pulls, state.pool, pull.slot,
                                                  reward, state.scale), state.scale)
        return jax.lax.cond(is_phase_start(starts, t + 1), next_phase, lambda s, _: s, played,
                            t + 1)

    return Learner(name, init, act, update, default_params)


def moss(n_arms: int, horizon: int) -> Learner:
    """MOSS on all n arms with horizon T (Audibert & Bubeck 2009)."""
    return phased_moss("moss", n_arms, Phases([0], [n_arms], [horizon / n_arms]))


def moss_oracle(n_arms: int, horizon: int, n_sampled: int) -> Learner:
    """MOSS on m arms drawn uniformly without replacement ("MOSS Oracle" of Zhu & Nowak, NeurIPS
    2020: m = min(n, psi log sqrt(T)) when the hardness psi = n/m* is known); params SampleParams,
    m up to ``n_sampled`` (default ``n_sampled``; a larger one is taken as ``n_sampled``, one
    below 1 as 1). Its m arms are the first m of its random order whatever ``n_sampled`` is, so
    one program serves every sample size up to it."""
    if not 1 <= n_sampled <= n_arms:
        raise ValueError(f"MOSS Oracle samples between 1 and n={n_arms} arms, got {n_sampled}")

    def sample(params: SampleParams) -> tuple[Array, Array]:
        m = jnp.clip(jnp.asarray(params.n_sampled, jnp.int32), 1, n_sampled)
        return m, jnp.float32(horizon) / m.astype(jnp.float32)

    schedule = Phases([0], [n_sampled], [horizon / n_sampled])  # the largest sample's
    return phased_moss("moss-oracle", n_arms, schedule, sample, SampleParams(jnp.int32(n_sampled)))


def quantile_phases(n_arms: int, horizon: int) -> Phases:
    """The Quantile baseline's schedule (Chaudhuri & Kalyanakrishnan 2018, as run by Zhu & Nowak,
    NeurIPS 2020): iteration l = 1, 2, ... starts at t = 2^l - 2 with max(2, ceil(2^(0.347 l))) arms
    and MOSS's horizon min(2^(l+1) - 2, T)."""
    last = int(math.floor(math.log2(horizon + 1)))  # the last l with 2^l - 2 < T
    levels = np.arange(1, max(last, 1) + 1)
    counts = np.minimum(n_arms, np.maximum(2, np.ceil(2.0 ** (QUANTILE_ALPHA * levels))))
    horizons = np.minimum(2.0 ** (levels + 1) - 2, horizon)
    return Phases(2 ** levels - 2, counts.astype(np.int64), horizons / counts)


def quantile(n_arms: int, horizon: int) -> Learner:
    """The Quantile baseline (Chaudhuri & Kalyanakrishnan 2018)."""
    return phased_moss("quantile", n_arms, quantile_phases(n_arms, horizon))
