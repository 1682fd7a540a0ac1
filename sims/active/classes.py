"""Finite regression classes F that contain eta (realizable), and the 1-d threshold family.

A finite class makes the version space of the abstaining learner (Zhu & Nowak, NeurIPS 2022,
"Efficient Active Learning with Abstention") exact: the weighted square loss of
every f in F is kept, and lcb(x) / ucb(x) are the minimum / maximum of f(x) over the f whose loss
is within the radius of the smallest.
"""

from collections.abc import Callable, Sequence
from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from sims.active.noise import NoiseProfile
from sims.reductions import first_argmin
from sims.types import Array

GOLDEN = 0.6180339887498949  # (sqrt 5 - 1) / 2: the Kronecker sequence with the best 1-d spread


class Partition(NamedTuple):
    """Cells of X on each of which every member of F is constant: f(x) = values[cell(x), f]
    exactly (the same float32 value), so a learner can keep per-cell counts instead of
    per-member sums.

    Fields:
        cell: x -> () int32, the cell of x, in [0, n_cells).
        values: (n_cells, |F|) float32, the members' values on each cell.
    """

    cell: Callable[[Array], Array]
    values: Array


class FiniteClass(NamedTuple):
    """A finite class F of regression functions f: X -> (0, 1), one of which is eta.

    Fields:
        name: what it is, e.g. "thresholds(B=64, S=16, hard(...))".
        size: |F|.
        levels: (S,) the noise levels sigma that members of F can have.
        values: x -> (|F|,) f(x) for every f in F.
        value: (index, x) -> f_index(x) for one member.
        sample_x: key -> x ~ D_X.
        eval_point: (key, shift, t) -> the t-th evaluation point x'_t ~ D_X of an instance whose
            evaluation sequence has phase ``shift`` (a uint32); evaluation points are never labelled.
        draw_target: (key, level) -> index of eta = f* in F, with noise level ``level``.
        partition: cells of X on which every member is constant, or None.
    """

    name: str
    size: int
    levels: np.ndarray
    values: Callable[[Array], Array]
    value: Callable[[Array, Array], Array]
    sample_x: Callable[[Array], Array]
    eval_point: Callable[[Array, Array, Array], Array]
    draw_target: Callable[[Array, Array], Array]
    partition: Partition | None = None


def kronecker_point(shift: Array, t: Array) -> Array:
    """frac(shift / 2^32 + t * GOLDEN), computed in uint32 so it stays exact for any t < 2^31.

    Over the rounds of an epoch these points fill [0, 1) with discrepancy O(log n / n), so the
    average of a per-point error over an epoch of n rounds is the integral over x ~ U[0, 1) up to
    O(log n / n): the 1-d errors are exact up to that quadrature, with no Monte-Carlo noise.
    """
    step = jnp.uint32(round(GOLDEN * 2**32))
    phase = jnp.asarray(shift, jnp.uint32) + jnp.asarray(t).astype(jnp.uint32) * step  # mod 2^32
    return phase.astype(jnp.float32) * jnp.float32(2.0**-32)


def check_at_least(name: str, value: int, low: int) -> None:
    """Raise a ValueError naming ``name`` unless value >= low."""
    if value < low:
        raise ValueError(f"{name} must be at least {low}, got {value}")


def checked_levels(levels: Sequence[float]) -> np.ndarray:
    """The noise levels as a float32 array, after checking they form a non-empty list in
    (0, 1/2)."""
    sigma = np.asarray(levels, np.float32)
    if sigma.ndim != 1 or sigma.size == 0 or np.any(sigma <= 0) or np.any(sigma >= 0.5):
        raise ValueError(f"levels must be a non-empty list in (0, 1/2), got {list(levels)}")
    return sigma


def nearest_level(levels: Array, level: Array) -> Array:
    """Index of the level of ``levels`` closest to ``level``."""
    return first_argmin(jnp.abs(levels - level))


def threshold_class(profile: NoiseProfile, n_boundaries: int, levels: Sequence[float],
                    span: tuple[float, float] = (0.125, 0.875),
                    target_span: tuple[float, float] | None = None,
                    center: float = 0.5) -> FiniteClass:
    """1-d thresholds with a noise well: F = {f_{b, sigma}} on x ~ U[0, 1),

        f_{b, sigma}(x) = 1/2 + sign(x - b) psi(|x - center|, sigma),

    b on ``n_boundaries`` evenly spaced points of ``span`` (the Bayes boundary), sigma in
    ``levels`` (the noise level), psi the noise profile. The noise depends on the distance to a
    fixed centre, not to b, so labels far from b carry no information about where b is.
    eta = f_{b*, sigma*} with b* uniform over the grid points inside ``target_span`` (default:
    all of ``span``) and sigma* the requested level. Index of f_{b_i, sigma_s}: i * S + s.
    """
    check_at_least("n_boundaries", n_boundaries, 2)
    sigma = checked_levels(levels)
    if not 0 <= span[0] < span[1] <= 1:
        raise ValueError(f"span must satisfy 0 <= low < high <= 1, got {span}")
    boundaries = np.linspace(*span, n_boundaries).astype(np.float32)
    low, high = span if target_span is None else target_span
    allowed = np.flatnonzero((boundaries >= low) & (boundaries <= high))
    if allowed.size == 0:
        raise ValueError(f"no boundary of the grid {span} x {n_boundaries} lies in "
                         f"target_span {target_span}")
    first, count = int(allowed[0]), int(allowed.size)  # the allowed indices are contiguous

    b_flat = jnp.asarray(np.repeat(boundaries, sigma.size))  # b_i of member i * S + s
    s_flat = jnp.asarray(np.tile(sigma, n_boundaries))  # sigma_s of member i * S + s

    def member_value(side: Array, r: Array, level: Array) -> Array:
        """1/2 + side psi(r, level), side = sign(x - b) in {-1, +1} and r = |x - center|."""
        return 0.5 + side * profile.margin(r, level)

    def values(x: Array) -> Array:
        # elementwise over |F|: under vmap, XLA:CPU ran the (B, S) outer product reshaped to |F|
        # about 4x slower
        return member_value(jnp.where(x >= b_flat, 1.0, -1.0), jnp.abs(x - center), s_flat)

    def value(index: Array, x: Array) -> Array:
        return member_value(jnp.where(x >= b_flat[index], 1.0, -1.0), jnp.abs(x - center),
                            s_flat[index])

    def draw_target(key: Array, level: Array) -> Array:
        boundary = first + jax.random.randint(key, (), 0, count)
        return boundary * sigma.size + nearest_level(jnp.asarray(sigma), level)

    name = (f"thresholds(B={n_boundaries}, S={sigma.size}, span={span}, "
            f"target_span={(low, high)}, {profile.name})")
    partition = (None if profile.steps is None else
                 threshold_partition(boundaries, center, profile.steps, member_value, sigma))
    return FiniteClass(name, n_boundaries * sigma.size, sigma, values, value,
                       lambda key: jax.random.uniform(key),
                       lambda key, shift, t: kronecker_point(shift, t), draw_target, partition)


def threshold_partition(boundaries: np.ndarray, center: float, steps: tuple[float, ...],
                        member_value: Callable[[Array, Array, Array], Array],
                        sigma: np.ndarray) -> Partition:
    """The cells of thresholds under a step profile psi: cell (k, j) holds the x with k
    boundaries b <= x and |x - center| in [r_j, r_{j+1}) (r_0 = 0, then the profile's steps),
    numbered k (J + 1) + j. The members' values there are ``member_value`` at side +1 for the
    first k boundaries, -1 for the others, and r = r_j (psi is constant on the step)."""
    n_boundaries, n_steps = boundaries.size, len(steps) + 1
    radii = np.asarray((0.0,) + tuple(steps), np.float32)
    edges = jnp.asarray(boundaries)
    step_edges = jnp.asarray(radii[1:])

    def cell(x: Array) -> Array:
        k = jnp.sum(x >= edges, dtype=jnp.int32)
        return k * n_steps + jnp.sum(jnp.abs(x - center) >= step_edges, dtype=jnp.int32)

    k, j = np.divmod(np.arange((n_boundaries + 1) * n_steps), n_steps)
    member_boundary = np.repeat(np.arange(n_boundaries), sigma.size)  # b_i of member i * S + s
    side = np.where(member_boundary[None, :] < k[:, None], 1.0, -1.0).astype(np.float32)
    level = np.broadcast_to(np.tile(sigma, n_boundaries), side.shape)
    r = np.broadcast_to(radii[j, None], side.shape)
    table = member_value(jnp.asarray(side), jnp.asarray(r), jnp.asarray(level))
    return Partition(cell, jnp.asarray(table, jnp.float32))
