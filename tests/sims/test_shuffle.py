"""sims.shuffle: a permutation of 0..n-1 for every n, uniform over the n! orderings, and enough
rounds that a pair tied in every round stays unlikely."""

import itertools
import math

import jax
import numpy as np
import pytest
from scipy import stats

from sims.shuffle import permutation, rounds_for

FALSE_ALARM = 1e-3  # of the uniformity test, fixed seed


@pytest.mark.parametrize("n", (1, 2, 3, 1000, 2**14 + 1))
def test_each_draw_is_a_permutation_of_range_n(n):
    orders = np.asarray(jax.vmap(lambda k: permutation(k, n))(
        jax.random.split(jax.random.key(n), 4)))
    assert orders.dtype == np.int32 and orders.shape == (4, n)
    for order in orders:
        np.testing.assert_array_equal(np.sort(order), np.arange(n))
    if n > 3:
        assert len({tuple(order) for order in orders}) == 4


def test_the_orderings_of_four_are_uniform_and_a_key_gives_one_ordering():
    keys = jax.random.split(jax.random.key(0), 24_000)
    orders = np.asarray(jax.jit(jax.vmap(lambda k: permutation(k, 4)))(keys))
    index = {p: i for i, p in enumerate(itertools.permutations(range(4)))}
    counts = np.bincount([index[tuple(o)] for o in orders], minlength=24)
    assert stats.chisquare(counts).pvalue > FALSE_ALARM
    np.testing.assert_array_equal(np.asarray(permutation(keys[0], 4)), orders[0])


def test_where_the_first_element_lands_is_uniform_over_a_long_permutation():
    n, draws = 20_000, 4_000
    orders = jax.jit(jax.vmap(lambda k: permutation(k, n)))(
        jax.random.split(jax.random.key(1), draws))
    landing = np.asarray(orders.argmin(axis=1))  # the position of element 0
    counts = np.bincount(landing * 20 // n, minlength=20)
    assert stats.chisquare(counts).pvalue > FALSE_ALARM


@pytest.mark.parametrize("n", (2, 1000, 10_025, 2**20, 2**24))
def test_rounds_make_a_pair_tied_in_every_round_unlikely(n):
    index_bits, rounds = rounds_for(n)
    assert 2 ** index_bits >= n > 2 ** (index_bits - 1) or n <= 2
    assert rounds * (32 - index_bits) >= 3 * math.log2(n)  # n^3 <= 2^(rounds (32 - b))


def test_sizes_out_of_range_are_refused():
    with pytest.raises(ValueError, match="n >= 1"):
        permutation(jax.random.key(0), 0)
    with pytest.raises(ValueError, match="n <= 2"):
        permutation(jax.random.key(0), 2**24 + 1)
