"""The Threefry-2x32 hash behind jax.random (Salmon, Moraes, Dror & Shaw, "Parallel random
numbers: as easy as 1, 2, 3", SC 2011: 20 rounds in 5 groups of 4, a key injection after each
group), lowered for CPU as straight-line code.

JAX lowers the hash on CPU as a loop over the 5 groups, which keeps programs small. Inside the
round loop of a simulation every draw then runs a nested loop, and on XLA:CPU the cost of a loop
iteration exceeds the arithmetic of a group: straight-line, the active-learning simulators run
about 1.5 times as many rounds per second, and batched programs compile faster. The bits drawn
are the same (the tests check Random123's known answers); what is computed from them agrees up to
float rounding, since XLA compiles the arithmetic around the hash a little differently.
"""

import jax.numpy as jnp
import numpy as np
from jax.extend.random import threefry2x32_p
from jax.interpreters import mlir

ROTATIONS = ((13, 15, 26, 6), (17, 29, 16, 24))  # R_{0..3} of even and odd groups
PARITY = np.uint32(0x1BD11BDA)  # C240: the third key word is k0 ^ k1 ^ C240
GROUPS = 5


def rotate_left(x, bits: int):
    return (x << np.uint32(bits)) | (x >> np.uint32(32 - bits))


def threefry2x32(k0, k1, x0, x1):
    """(y0, y1) = Threefry-2x32-20 of the counter words (x0, x1) under the key (k0, k1), uint32
    arrays broadcast against each other."""
    shape = np.broadcast_shapes(*(jnp.shape(a) for a in (k0, k1, x0, x1)))
    k0, k1, x0, x1 = (jnp.broadcast_to(a, shape) for a in (k0, k1, x0, x1))
    keys = (k0, k1, k0 ^ k1 ^ PARITY)
    x0, x1 = x0 + keys[0], x1 + keys[1]
    for group in range(GROUPS):
        for bits in ROTATIONS[group % 2]:
            x0 = x0 + x1
            x1 = rotate_left(x1, bits) ^ x0
        x0 = x0 + keys[(group + 1) % 3]
        x1 = x1 + keys[(group + 2) % 3] + np.uint32(group + 1)
    return x0, x1


def lower_unrolled_on_cpu() -> None:
    """Make jax.random's hash compile as threefry2x32 (straight-line) on CPU in this process."""
    mlir.register_lowering(threefry2x32_p, mlir.lower_fun(threefry2x32, multiple_results=True),
                           platform="cpu")
