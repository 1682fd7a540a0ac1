"""C-approximate barycentric spanners of action embeddings (Awerbuch & Kleinberg 2008).

A set {b_1..b_d} of actions is a C-approximate barycentric spanner of the embeddings {phi(a)} when
every phi(a) = sum_i lam_i phi(b_i) with |lam_i| <= C (Awerbuch & Kleinberg 2004). With B the
d x d matrix of columns phi(b_i), the coefficients are lam = B^{-1} phi(a), and replacing column i
by v multiplies |det B| by |(B^{-1} v)_i|. The algorithm therefore only needs, for a direction u,
the action maximising |<u, phi(a)>|: two calls of the linear ArgMax oracle (for u and -u).

    B := I
    for i = 1..d: column i := phi(argmax_a |(B^{-1} phi(a))_i|)           # d maximisations
    while some |(B^{-1} phi(a))_i| > C: column i := phi(a)                  # |det B| grows > C-fold
    return the actions of B

The embeddings are phi(a) = s_a * (x * z_a): the table's z_a, the context x (elementwise), and a
per-action weight s_a >= 0 (SpannerIGW's reweighting 1 / sqrt(1 + eta gap(a)); all ones for the
plain embeddings). B^{-1} is kept up to date by Gauss-Jordan pivots, never inverted.
"""

import math
from typing import NamedTuple

import jax
import jax.numpy as jnp

from sims.bandits.actions import ActionTable, best_action
from sims.reductions import first_argmax
from sims.types import Array

SPANNER_C = 2.0  # the approximation factor C in Vowpal Wabbit and pmineiro/linrepcb
CALLS_PER_MAXIMISATION = 2  # max_a |<u, phi(a)>| = the larger of ArgMax(u) and ArgMax(-u)
_SINGULAR = 1e-12  # below this |(B^{-1} phi)_i| the embeddings do not span coordinate i


class Spanner(NamedTuple):
    """A barycentric spanner and what it cost.

    Fields:
        actions: (d,) int32, the actions b_1..b_d; -1 where the embeddings do not span R^d.
        basis_inv: (d, d) float32, B^{-1} for B = [phi(b_1) .. phi(b_d)].
        max_coefficient: () float32, max over actions a and i of |(B^{-1} phi(a))_i|; at most C
            unless the swap cap was reached.
        max_leverage: () float32, max_a ||phi(a)||^2_{V^{-1}} for the uniform design on the
            spanner, V = (1/d) B B^T, i.e. d * max_a ||B^{-1} phi(a)||^2.
        swaps: () int32, replacements made after the first d.
        oracle_calls: () int32, ArgMax calls used (CALLS_PER_MAXIMISATION per coordinate scan).
    """

    actions: Array
    basis_inv: Array
    max_coefficient: Array
    max_leverage: Array
    swaps: Array
    oracle_calls: Array


def swap_cap(dim: int, c: float = SPANNER_C) -> int:
    """The most swaps allowed: ceil(d log_C d) + 1, twice Awerbuch & Kleinberg's O(d/2 log_C d)."""
    return math.ceil(dim * math.log(max(dim, 2)) / math.log(c)) + 1


def coefficients(table: ActionTable, x: Array, weights: Array, basis_inv: Array) -> Array:
    """(d, K_pad) coefficients B^{-1} phi(a) of every action (one column each), zero on padding
    (weight 0). Coordinate i's coefficients are a contiguous row, which its scan reads: a
    SpannerIGW round at K = 10^4 runs 1.4 to 2.2 times faster than with a (K_pad, d) layout."""
    return weights[None, :] * ((basis_inv * x[None, :]) @ table.features.T)


def _pivot(basis_inv: Array, r: Array, i: Array) -> Array:
    """B^{-1} after column i of B is replaced by v, given r = B^{-1} v (a Gauss-Jordan pivot)."""
    row = basis_inv[i]
    return basis_inv - jnp.outer(r - jnp.eye(r.shape[0], dtype=r.dtype)[i], row) / r[i]


def barycentric_spanner(table: ActionTable, x: Array, weights: Array, c: float = SPANNER_C,
                        max_swaps: int | None = None) -> Spanner:
    """A C-approximate barycentric spanner of phi(a) = weights[a] * x * z_a, for ONE instance.

    Args:
        table: the action table (K_pad, d).
        x: (d,) the context.
        weights: (K_pad,) s_a >= 0; padded actions must have weight 0.
        c: the approximation factor C > 1.
        max_swaps: cap on the swap phase (default swap_cap(d, c)).
    """
    if c <= 1.0:
        raise ValueError(f"the spanner factor C must exceed 1, got {c}")
    dim = table.dim
    cap = swap_cap(dim, c) if max_swaps is None else max_swaps

    def embedding(a: Array) -> Array:
        return weights[a] * x * table.features[a]

    def replace(i, basis_inv, actions, a):
        r = basis_inv @ embedding(a)
        spans = jnp.abs(r[i]) > _SINGULAR
        basis_inv = jnp.where(spans, _pivot(basis_inv, r, i), basis_inv)
        return basis_inv, actions.at[i].set(jnp.where(spans, a, -1))

    def first_pass(i, carry):
        basis_inv, actions = carry
        scan = jnp.abs(weights * (table.features @ (basis_inv[i] * x)))
        return replace(i, basis_inv, actions, best_action(table, scan + table.mask))

    basis_inv, actions = jax.lax.fori_loop(
        0, dim, first_pass, (jnp.eye(dim, dtype=jnp.float32), jnp.full(dim, -1, jnp.int32)))

    def worst(basis_inv):
        coef = jnp.abs(coefficients(table, x, weights, basis_inv))
        i = first_argmax(jnp.max(coef, axis=1))
        return coef, i, best_action(table, coef[i] + table.mask)

    def violated(carry):
        basis_inv, actions, swaps, coef, i, a = carry
        return (coef[i, a] > c) & (swaps < cap)

    def swap(carry):
        basis_inv, actions, swaps, coef, i, a = carry
        basis_inv, actions = replace(i, basis_inv, actions, a)
        return (basis_inv, actions, swaps + 1, *worst(basis_inv))

    basis_inv, actions, swaps, coef, i, a = jax.lax.while_loop(
        violated, swap, (basis_inv, actions, jnp.int32(0), *worst(basis_inv)))
    scans = dim + dim * (swaps + 1)  # the first d, then one check of all d coordinates per pass
    return Spanner(actions, basis_inv, coef[i, a], dim * jnp.max(jnp.sum(coef**2, axis=0)), swaps,
                   CALLS_PER_MAXIMISATION * scans)
