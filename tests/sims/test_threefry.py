"""The straight-line Threefry-2x32 of sims.threefry: Random123's known answers, and in effect for
jax.random on CPU once sims is imported."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from jax.extend.random import threefry2x32_p

from sims.threefry import threefry2x32  # importing sims installs the lowering

# (key, counter) -> Threefry-2x32-20 (Random123's known-answer tests, kat_vectors)
KNOWN_ANSWERS = [
    ((0x00000000, 0x00000000), (0x00000000, 0x00000000), (0x6B200159, 0x99BA4EFE)),
    ((0xFFFFFFFF, 0xFFFFFFFF), (0xFFFFFFFF, 0xFFFFFFFF), (0x1CB996FC, 0xBB002BE7)),
    ((0x13198A2E, 0x03707344), (0x243F6A88, 0x85A308D3), (0xC4923A9C, 0x483DF7A0)),
]


@pytest.mark.parametrize("key, counter, expected", KNOWN_ANSWERS)
def test_the_hash_gives_random123s_known_answers(key, counter, expected):
    words = [np.uint32(w) for w in key + counter]
    assert [int(y) for y in threefry2x32(*map(jnp.asarray, words))] == list(expected)
    compiled = jax.jit(lambda *w: threefry2x32_p.bind(*w))(*words)  # the CPU lowering
    assert [int(y) for y in compiled] == list(expected)


def test_keys_and_counters_broadcast_like_the_primitive():
    k0, k1 = np.uint32([[0x13198A2E], [0]]), np.uint32([[0x03707344], [0]])
    x0, x1 = np.uint32([[0x243F6A88, 0]]), np.uint32([[0x85A308D3, 0]])
    y0, y1 = jax.jit(lambda *w: threefry2x32_p.bind(*w))(k0, k1, x0, x1)
    assert (int(y0[0, 0]), int(y1[0, 0])) == (0xC4923A9C, 0x483DF7A0)
    assert (int(y0[1, 1]), int(y1[1, 1])) == (0x6B200159, 0x99BA4EFE)
    assert y0.shape == y1.shape == (2, 2)


def test_a_draw_compiles_without_a_loop_on_cpu():
    program = jax.jit(lambda key: jax.random.uniform(key, (4,))).lower(jax.random.key(0))
    assert "while" not in program.as_text()
