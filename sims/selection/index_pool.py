"""A pool of upper confidence indices with a two-level argmax, so one round of a UCB learner over
S candidates costs O(S / BLOCK + BLOCK) instead of O(S).

Only the pulled candidate's index changes in a round of MOSS (its index depends on its own
statistics), so the pool keeps the maximum of every block of BLOCK indices and refreshes one block
per round. A full rebuild, O(S), happens only when a learner's schedule changes every index (a new
iteration, a new horizon); the schedules depend on t alone, so sims.run's vmap keeps that
``lax.cond`` a real branch.
"""

from typing import NamedTuple

import jax
import jax.numpy as jnp

from sims.reductions import first_argmax
from sims.types import Array

BLOCK = 128


class IndexPool(NamedTuple):
    """Indices of S = B * BLOCK candidates; -inf marks a candidate not in play."""

    index: Array  # (S,) float32, +inf for a candidate never pulled
    block_max: Array  # (B,) float32, the maximum of each block of BLOCK indices


def padded(size: int) -> int:
    """The pool size that holds ``size`` candidates: a multiple of BLOCK, at least one block."""
    return max(1, -(-size // BLOCK)) * BLOCK


def build(index: Array) -> IndexPool:
    """A pool from all indices (S,), S a multiple of BLOCK."""
    return IndexPool(index, index.reshape(-1, BLOCK).max(axis=1))


def best(pool: IndexPool, blocks: Array | None = None) -> Array:
    """The candidate with the largest index (the first one on ties), among the blocks where
    ``blocks`` (B,) bool is True if given; () int32."""
    block_max = pool.block_max if blocks is None else jnp.where(blocks, pool.block_max, -jnp.inf)
    block = first_argmax(block_max)
    within = jax.lax.dynamic_slice(pool.index, (block * BLOCK,), (BLOCK,))
    return block * BLOCK + first_argmax(within)


def set_index(pool: IndexPool, slot: Array, value: Array) -> IndexPool:
    """The pool with candidate ``slot``'s index set to ``value``, its block maximum refreshed."""
    index = pool.index.at[slot].set(value)
    block = slot // BLOCK
    within = jax.lax.dynamic_slice(index, (block * BLOCK,), (BLOCK,))
    return IndexPool(index, pool.block_max.at[block].set(within.max()))


def moss_pool(wins: Array, pulls: Array, in_play: Array, scale: Array | float) -> IndexPool:
    """A pool of MOSS indices (scale H / K) for the candidates ``in_play`` (S,) bool, -inf for
    the others: the full O(S) rebuild."""
    return build(jnp.where(in_play, moss_index(wins, pulls, scale), -jnp.inf))


def moss_step(wins: Array, pulls: Array, pool: IndexPool, slot: Array, reward: Array,
              scale: Array | float) -> tuple[Array, Array, IndexPool]:
    """One MOSS round on the pool: ``slot`` gained ``reward``; (wins, pulls, pool) with its
    statistics and its index (MOSS scale H / K = ``scale``) updated."""
    wins = wins.at[slot].add(reward)
    pulls = pulls.at[slot].add(1.0)
    return wins, pulls, set_index(pool, slot, moss_index(wins[slot], pulls[slot], scale))


def moss_index(wins: Array, pulls: Array, scale: Array | float) -> Array:
    """MOSS's index (Audibert & Bubeck 2009) for horizon H over K arms,
    scale = H / K: mu_hat + sqrt(max(log(scale / N), 0) / N), +inf for N = 0 pulls."""
    safe = jnp.maximum(pulls, 1.0)
    radius = jnp.sqrt(jnp.maximum(jnp.log(scale / safe), 0.0) / safe)
    return jnp.where(pulls > 0, wins / safe + radius, jnp.inf)
