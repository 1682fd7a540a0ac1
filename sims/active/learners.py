"""Version-space learners over a finite class: abstention (Zhu & Nowak), disagreement, passive.

All three run the epochs tau_m = 2^m of Zhu & Nowak's (NeurIPS 2022) abstaining learner and keep,
for every f in F, the weighted square loss L(f) = sum_{t <= tau_{m-1}} Q_t (f(x_t) - y_t)^2 of the
labels asked for. At the start of epoch m they freeze

    f^_m = argmin_F L (ties to the lowest index),   F_m = {f in F : L(f) <= L(f^_m) + beta},
    lcb(x) = min_{f in F_m} f(x),   ucb(x) = max_{f in F_m} f(x),

with the radius beta = log(|F| / delta) / lambda, lambda = 2/5 (proofs.active.VERSION_SPACE_RADIUS:
eta stays in every F_m with probability 1 - delta). They differ in two rules:

    abstention (Zhu & Nowak 2022): abstain iff [lcb, ucb] is inside [1/2 - gamma, 1/2 + gamma];
        query iff 1/2 in (lcb, ucb) and not abstaining;
    disagreement (RobustCAL-style, no abstention): query iff 1/2 in (lcb, ucb);
    passive: query every point.

Each predicts the plug-in label 1{f^_m(x) >= 1/2} where it does not abstain. Classes are exact,
so lcb and ucb are too (no oracle calls with binary search are needed).

On a class with a partition (cells of X on which every member is constant, FiniteClass.partition)
the learners keep, instead of L itself, the counts n_c(y) of labels y asked for in each cell c,
from which L(f) = sum_c n_c(0) f_c^2 + n_c(1) (1 - f_c)^2 at the epoch's end; and they tabulate
lcb, ucb and the plug-in label of each cell when F_m is frozen. A round then costs a few lookups
instead of a pass over F, and L is exact up to one rounding per cell, where a float32 sum over
2^17 rounds of square losses near 1/4 drifts by several units (about 6 in 4.3e4), a third of the
radius beta of the experiments (enough to move members near the radius in or out of F_m).
"""

import math
from typing import NamedTuple

import jax
import jax.numpy as jnp

from sims.active.classes import FiniteClass
from sims.active.stream import Decision, StreamPoint
from sims.reductions import first_argmax
from sims.types import Array, Learner

RADIUS_LAMBDA = 0.4  # lambda of proofs.active.VERSION_SPACE_RADIUS (tests check they agree)
RULES = ("abstention", "disagreement", "passive")
# losses within this relative gap are a tie, broken to the lowest index: the classes take
# quantized values, so members tie exactly in real arithmetic and float32 rounding (which differs
# between compiled and eager code) must not pick f^_m
LOSS_TIE_RTOL = 1e-5


class VersionSpaceParams(NamedTuple):
    """What may be swept inside one compiled program."""

    gamma: Array  # () abstention margin in (0, 1/2) (the abstention rule only)
    delta: Array  # () failure probability in (0, 1) of the version space
    radius_scale: Array  # () multiplies beta; 1 keeps the coverage guarantee, below 1 voids it


class CellBounds(NamedTuple):
    """What F_m and f^_m say on each cell of a class's partition."""

    lcb: Array  # (n_cells,) float32, min over F_m of the members' value on the cell
    ucb: Array  # (n_cells,) float32, max over F_m
    label: Array  # (n_cells,) int32, 1{f^_m >= 1/2} on the cell


class VersionSpaceState(NamedTuple):
    """The learner's state."""

    stats: Array  # float32, what L is computed from: (|F|,) L(f) itself, the square loss on the
    # labels asked for so far; on a partitioned class (2 n_cells,) the counts n_c(0), then n_c(1)
    member: Array  # (|F|,) bool, F_m: the version space frozen at the start of the epoch
    fhat: Array  # () int32, index of f^_m
    params: VersionSpaceParams
    cells: CellBounds | None = None  # on a partitioned class, F_m and f^_m on each cell


def version_space_params(gamma: float = 0.25, delta: float = 0.05,
                         radius_scale: float = 1.0) -> VersionSpaceParams:
    """Validated params (see VersionSpaceParams)."""
    if not 0 < gamma < 0.5:
        raise ValueError(f"the abstention margin gamma must lie in (0, 1/2), got {gamma!r}")
    if not 0 < delta < 1:
        raise ValueError(f"delta must lie in (0, 1), got {delta!r}")
    if not radius_scale >= 0:
        raise ValueError(f"radius_scale must be non-negative, got {radius_scale!r}")
    return VersionSpaceParams(jnp.float32(gamma), jnp.float32(delta), jnp.float32(radius_scale))


def radius(size: int, params: VersionSpaceParams) -> Array:
    """beta = radius_scale * log(|F| / delta) / lambda."""
    return params.radius_scale * (math.log(size) - jnp.log(params.delta)) / RADIUS_LAMBDA


def is_epoch_end(t):
    """Whether t rounds complete an epoch, t = tau_m = 2^m with m >= 1 (jax or numpy ints)."""
    return (t >= 2) & ((t & (t - 1)) == 0)


def empirical_risk_minimizer(loss: Array) -> Array:
    """f^ = the lowest index whose loss is within LOSS_TIE_RTOL of min_F L."""
    low = jnp.min(loss)
    return first_argmax(loss <= low + LOSS_TIE_RTOL * jnp.maximum(low, 1.0))


def interval(values: Array, member: Array) -> tuple[Array, Array]:
    """(lcb, ucb): min and max of the values of the version-space members."""
    return (jnp.min(jnp.where(member, values, jnp.inf)),
            jnp.max(jnp.where(member, values, -jnp.inf)))


def frozen(cls: FiniteClass, state: VersionSpaceState, member: Array,
           fhat: Array) -> VersionSpaceState:
    """``state`` with the version space F_m = ``member`` and f^_m = ``fhat`` (and, on a
    partitioned class, their bounds and labels on every cell)."""
    if cls.partition is None:
        return state._replace(member=member, fhat=fhat)
    table = cls.partition.values
    lcb, ucb = jax.vmap(interval, in_axes=(0, None))(table, member)
    return state._replace(member=member, fhat=fhat,
                          cells=CellBounds(lcb, ucb, (table[:, fhat] >= 0.5).astype(jnp.int32)))


def loss_of(cls: FiniteClass, stats: Array) -> Array:
    """L(f) for every f in F from the state's stats."""
    if cls.partition is None:
        return stats
    table = cls.partition.values
    n_cells = table.shape[0]
    return stats[:n_cells] @ table**2 + stats[n_cells:] @ (1.0 - table)**2


def version_space_learner(cls: FiniteClass, rule: str) -> Learner:
    """The learner of ``rule`` (one of RULES) over the finite class ``cls``."""
    if rule not in RULES:
        raise ValueError(f"rule must be one of {RULES}, got {rule!r}")
    partition = cls.partition

    def init(key: Array, params: VersionSpaceParams) -> VersionSpaceState:
        del key
        size = cls.size if partition is None else 2 * partition.values.shape[0]
        state = VersionSpaceState(jnp.zeros(size, jnp.float32), jnp.ones(cls.size, bool),
                                  jnp.int32(0), params)
        return frozen(cls, state, state.member, state.fhat)

    def decide(lcb: Array, ucb: Array, gamma: Array) -> tuple[Array, Array]:
        """(abstain, query) at a point where F_m's values span [lcb, ucb]."""
        inside = (lcb >= 0.5 - gamma) & (ucb <= 0.5 + gamma)
        abstain = inside if rule == "abstention" else jnp.bool_(False)
        straddle = (lcb < 0.5) & (ucb > 0.5)
        query = jnp.bool_(True) if rule == "passive" else straddle & ~abstain
        return abstain, query

    def bounds(state: VersionSpaceState, x: Array) -> tuple[Array, Array, Array]:
        """(lcb, ucb, plug-in label) at x."""
        if partition is None:
            values = cls.values(x)
            return (*interval(values, state.member), (values[state.fhat] >= 0.5).astype(jnp.int32))
        cell = partition.cell(x)
        return state.cells.lcb[cell], state.cells.ucb[cell], state.cells.label[cell]

    def act(key: Array, state: VersionSpaceState, point: StreamPoint):
        del key
        gamma = state.params.gamma
        _, query = decide(*bounds(state, point.x)[:2], gamma)
        lcb, ucb, label = bounds(state, point.x_eval)
        abstain, _ = decide(lcb, ucb, gamma)
        return Decision(query, label, abstain, lcb, ucb), {}

    def update(key: Array, state: VersionSpaceState, point: StreamPoint, decision: Decision,
               label: Array) -> VersionSpaceState:
        if partition is None:
            residual = cls.values(point.x) - label.astype(jnp.float32)
            stats = state.stats + jnp.where(decision.query, residual**2, 0.0)
        else:  # one count, of the label's cell
            slot = jnp.maximum(label, 0) * partition.values.shape[0] + partition.cell(point.x)
            stats = state.stats.at[slot].add(decision.query.astype(jnp.float32))
        state = state._replace(stats=stats)

        def refit(state: VersionSpaceState) -> VersionSpaceState:
            loss = loss_of(cls, state.stats)
            return frozen(cls, state, loss <= jnp.min(loss) + radius(cls.size, state.params),
                          empirical_risk_minimizer(loss))

        # point.t is the round of the batch, not of an instance, so under vmap this stays a
        # branch taken once per epoch instead of a select computed every round
        return jax.lax.cond(is_epoch_end(point.t + 1), refit, lambda state: state, state)

    return Learner(rule, init, act, update, version_space_params())
