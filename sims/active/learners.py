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


class VersionSpaceState(NamedTuple):
    """The learner's state."""

    loss: Array  # (|F|,) float32, L(f): square loss on the labels asked for so far
    member: Array  # (|F|,) bool, F_m: the version space frozen at the start of the epoch
    fhat: Array  # () int32, index of f^_m
    params: VersionSpaceParams


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


def version_space_learner(cls: FiniteClass, rule: str) -> Learner:
    """The learner of ``rule`` (one of RULES) over the finite class ``cls``."""
    if rule not in RULES:
        raise ValueError(f"rule must be one of {RULES}, got {rule!r}")

    def init(key: Array, params: VersionSpaceParams) -> VersionSpaceState:
        del key
        return VersionSpaceState(jnp.zeros(cls.size, jnp.float32), jnp.ones(cls.size, bool),
                                 jnp.int32(0), params)

    def decide(values: Array, state: VersionSpaceState) -> tuple[Array, Array]:
        """(abstain, query) at a point where the members of F take ``values``."""
        lcb, ucb = interval(values, state.member)
        gamma = state.params.gamma
        inside = (lcb >= 0.5 - gamma) & (ucb <= 0.5 + gamma)
        abstain = inside if rule == "abstention" else jnp.bool_(False)
        straddle = (lcb < 0.5) & (ucb > 0.5)
        query = jnp.bool_(True) if rule == "passive" else straddle & ~abstain
        return abstain, query

    def act(key: Array, state: VersionSpaceState, point: StreamPoint):
        del key
        _, query = decide(cls.values(point.x), state)
        at_eval = cls.values(point.x_eval)
        abstain, _ = decide(at_eval, state)
        label = (at_eval[state.fhat] >= 0.5).astype(jnp.int32)
        return Decision(query, label, abstain, *interval(at_eval, state.member)), {}

    def update(key: Array, state: VersionSpaceState, point: StreamPoint, decision: Decision,
               label: Array) -> VersionSpaceState:
        residual = cls.values(point.x) - label.astype(jnp.float32)
        loss = state.loss + jnp.where(decision.query, residual**2, 0.0)

        def refit(loss: Array) -> tuple[Array, Array]:
            return (loss <= jnp.min(loss) + radius(cls.size, state.params),
                    empirical_risk_minimizer(loss))

        # point.t is the round of the batch, not of an instance, so under vmap this stays a
        # branch taken once per epoch instead of a select computed every round
        member, fhat = jax.lax.cond(is_epoch_end(point.t + 1), refit,
                                    lambda _: (state.member, state.fhat), loss)
        return VersionSpaceState(loss, member, fhat, state.params)

    return Learner(rule, init, act, update, version_space_params())
