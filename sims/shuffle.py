"""Uniformly random permutations from sorts of single 32-bit words.

``jax.random.permutation`` sorts random 32-bit keys together with the values (a key-value sort);
XLA:CPU runs a sort of two operands several times slower than a sort of one. Here each round sorts
one uint32 word per position: random high bits, and the position itself in the low
b = ceil(log2 n) bits, so the words are distinct and the sorted low bits are a permutation.
Positions whose random bits tie keep the order of the previous round; as in
``jax.random.permutation`` (which ties on whole 32-bit keys), rounds are added until
n^3 < 2^(rounds (32 - b)), so that a pair tied in every round, the only departure from a uniform
permutation, is unlikely (its chance is below n^2 2^(-rounds (32 - b)) / 2 <= 1 / (2 n)).
"""

import math

import jax
import jax.numpy as jnp

from sims.types import Array

WORD_BITS = 32
MIN_RANDOM_BITS = 8  # the fewest random bits per word: n at most 2^24


def rounds_for(n: int) -> tuple[int, int]:
    """(b, rounds): the low bits that hold a position among n, and the rounds of sorting."""
    index_bits = max(1, (n - 1).bit_length())
    random_bits = WORD_BITS - index_bits
    if random_bits < MIN_RANDOM_BITS:
        raise ValueError(f"a permutation of n = {n} needs n <= 2^{WORD_BITS - MIN_RANDOM_BITS}")
    return index_bits, max(1, math.ceil(3 * math.log2(max(n, 2)) / random_bits))


def permutation(key: Array, n: int) -> Array:
    """A uniformly random ordering of 0, ..., n - 1 (int32, shape (n,)) drawn with ``key``."""
    if n < 1:
        raise ValueError(f"a permutation needs n >= 1, got {n}")
    index_bits, rounds = rounds_for(n)
    low = jnp.uint32((1 << index_bits) - 1)
    positions = jnp.arange(n, dtype=jnp.uint32)
    order = None
    for round_key in jax.random.split(key, rounds):
        words = (jax.random.bits(round_key, (n,), jnp.uint32) & ~low) | positions
        picked = (jnp.sort(words) & low).astype(jnp.int32)
        order = picked if order is None else order[picked]
    return order
