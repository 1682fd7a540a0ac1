"""sims.reductions: the halving-tree argmax and argmin give jnp.argmax's and jnp.argmin's answers
(first on ties, first NaN) for every length, dtype and batch shape."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from sims.reductions import first_argmax, first_argmin, halving

LENGTHS = (1, 2, 3, 5, 7, 79, 127, 128, 129, 300)


def special_values(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """Few distinct values (many ties), with NaN, +inf and -inf sprinkled in some rows."""
    x = rng.integers(0, 4, shape).astype(np.float32)
    for value, share in ((np.nan, 0.02), (np.inf, 0.05), (-np.inf, 0.3)):
        rows = rng.random(shape[0]) < 0.4
        x[rows[:, None] & (rng.random(shape) < share)] = value
    return x


@pytest.mark.parametrize("n", LENGTHS)
def test_the_positions_are_jax_argmax_and_argmin(n):
    rng = np.random.default_rng(n)
    x = special_values(rng, (64, n))
    for ours, theirs in ((first_argmax, jnp.argmax), (first_argmin, jnp.argmin)):
        expected = np.asarray(theirs(x, axis=-1))
        np.testing.assert_array_equal(np.asarray(jax.jit(ours)(x)), expected)
        np.testing.assert_array_equal(np.asarray(jax.jit(jax.vmap(ours))(x)), expected)
    flags = rng.random((64, n)) < 0.05
    np.testing.assert_array_equal(np.asarray(jax.jit(first_argmax)(flags)),
                                  np.argmax(flags, axis=-1))
    whole = rng.integers(-3, 3, (64, n)).astype(np.int32)
    np.testing.assert_array_equal(np.asarray(jax.jit(first_argmin)(whole)),
                                  np.argmin(whole, axis=-1))


def test_a_row_of_minus_infinity_gives_the_first_position_and_the_result_is_int32():
    position = first_argmax(jnp.full((3, 10), -jnp.inf))
    assert position.dtype == jnp.int32 and position.shape == (3,)
    assert np.asarray(position).tolist() == [0, 0, 0]


def test_halving_folds_every_entry_and_an_empty_axis_is_refused():
    x = np.arange(1, 12, dtype=np.int32)
    assert int(halving(jnp.asarray(x), jnp.add)) == x.sum()
    with pytest.raises(ValueError, match="empty axis"):
        first_argmax(jnp.zeros((2, 0)))
