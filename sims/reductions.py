"""argmax and argmin over the last axis as halving trees of elementwise max and min.

``jnp.argmax`` lowers to one variadic (value, index) reduction, which XLA:CPU runs as a scalar
loop; under vmap, in a round loop, it is the largest cost of a UCB round over a few hundred
candidates. Here the maximum comes from log2(n) elementwise ``maximum`` steps over halves of the
axis, and the index from the same steps of ``minimum`` over the positions that hold it: each step
is a vector operation across the instances, several times faster on the CPU for n up to a few
hundred, with the same result as ``jnp.argmax`` (the first maximum; the first NaN if there is
one).
"""

from collections.abc import Callable

import jax
import jax.numpy as jnp

from sims.types import Array


def halving(x: Array, op: Callable[[Array, Array], Array]) -> Array:
    """``op`` folded over the last axis of ``x`` by halves (``op`` commutative and
    associative, such as maximum or minimum): shape ``x.shape[:-1]``."""
    rest = None
    while x.shape[-1] > 1:
        half = x.shape[-1] // 2
        if x.shape[-1] % 2:
            last = x[..., -1]
            rest = last if rest is None else op(rest, last)
        x = op(x[..., :half], x[..., half:2 * half])
    x = x[..., 0]
    return x if rest is None else op(x, rest)


def first_extreme(x: Array, op: Callable[[Array, Array], Array]) -> Array:
    """The first position along the last axis that holds ``op`` folded over the axis
    (``jnp.maximum``: the largest entry; ``jnp.minimum``: the smallest), or the first NaN if there
    is one; int32 of shape ``x.shape[:-1]``."""
    if x.shape[-1] == 0:
        raise ValueError("the position of an extreme of an empty axis")
    extreme = halving(x, op)[..., None]
    hit = (x == extreme) | (x != x)  # x != x: NaN, and the extreme is NaN exactly when one is there
    positions = jax.lax.broadcasted_iota(jnp.int32, x.shape, x.ndim - 1)
    return halving(jnp.where(hit, positions, x.shape[-1]), jnp.minimum)


def first_argmax(x: Array) -> Array:
    """``jnp.argmax`` over the last axis: the first largest entry (the first NaN if any), int32."""
    return first_extreme(x, jnp.maximum)


def first_argmin(x: Array) -> Array:
    """``jnp.argmin`` over the last axis: the first smallest entry (the first NaN if any), int32."""
    return first_extreme(x, jnp.minimum)
