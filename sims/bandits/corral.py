"""The adaptive CORRAL-style master over SmoothIGW learners (Zhu & Mineiro, ICML 2022;
pmineiro/smoothcb's CorralIGW).

M base learners share one ridge oracle and differ only in their learning rate: base j explores
with SmoothIGW at gamma_j,t = scale_j (t + 1)^exponent, the scales on a geometric grid. Each round
the master draws a base j ~ p, plays the action that base's SmoothIGW sampler draws, and updates p
by log-barrier online mirror descent on the importance-weighted loss of the base it played:

    loss^_j = -r_t / p_j if j was played, else 0   (r_t clipped to [-1, 1]),
    1 / p_new,j = 1 / p_j + eta (loss^_j - lam),   lam such that sum_j p_new,j = 1,

with master rate eta = eta_0 / M (the weights live as inverse probabilities). Since h gamma is what
SmoothIGW uses, a grid of gammas at a fixed h is a grid of smoothness levels: the master adapts to
an unknown h (bound proofs.bandits.SMOOTH_ADAPTIVE). The loss -r_t / p_j is the reference
code's (pmineiro/smoothcb, banditexperiment/run-squarecbcorral.py, CorralIGW.update); it differs
from (1 - r_t) / p_j by 1 / p_j on the played base, whose expectation is 1 for every base, so the
two agree in expectation and differ in variance.

The base for round t is drawn at the end of round t - 1 (at init for the first round) with the
update's key, so that the update knows which base it is charging and with what probability.
"""

from collections.abc import Callable
from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from sims.bandits.actions import ActionTable, embed
from sims.bandits.circle import CircleActions, embed_circle
from sims.bandits.oracles import RidgeState, ridge_init, ridge_update
from sims.bandits.policies import Rule, Schedule, oracle_round_aux
from sims.bandits.smooth import smooth_igw_circle_rule, smooth_igw_rule
from sims.types import Array, Learner

NEWTON_STEPS = 30  # lam: monotone from the right, quadratic near the root


class CorralParams(NamedTuple):
    """Params of the CORRAL master.

    Fields:
        rate: the bases' schedules, scale (M,) float32 and one shared exponent ().
        eta: () float32, eta_0; the master's step is eta_0 / M.
        ridge: () float32, the ridge regulariser of the shared oracle.
    """

    rate: Schedule
    eta: Array
    ridge: Array


class CorralState(NamedTuple):
    """State of the master.

    Fields:
        oracle: the shared ridge oracle.
        inverse_p: (M,) float32, 1 / p_j.
        base: () int32, the base that plays this round.
        t: () int32, rounds played so far.
        params: CorralParams, carried unchanged.
    """

    oracle: RidgeState
    inverse_p: Array
    base: Array
    t: Array
    params: CorralParams


def corral_params(gamma_min: float, gamma_max: float, n_bases: int, exponent: float = 0.5,
                  eta: float = 1.0, ridge: float = 1.0) -> CorralParams:
    """Bases with gamma_j,t = g_j (t + 1)^exponent, g_j geometric from gamma_min to gamma_max."""
    if not 0.0 < gamma_min <= gamma_max or n_bases < 1 or eta <= 0.0:
        raise ValueError(f"need 0 < gamma_min <= gamma_max, n_bases >= 1 and eta > 0, got "
                         f"gamma_min={gamma_min}, gamma_max={gamma_max}, n_bases={n_bases}, "
                         f"eta={eta}")
    scales = jnp.asarray(np.geomspace(gamma_min, gamma_max, n_bases), jnp.float32)
    return CorralParams(Schedule(scales, jnp.float32(exponent)), jnp.float32(eta),
                        jnp.float32(ridge))


def log_barrier_step(inverse_p: Array, losses: Array, eta: Array) -> Array:
    """(M,) the new 1 / p after one log-barrier OMD step on ``losses``.

    With w = 1 / p + eta losses, 1 / p_new = w - eta lam where lam solves
    g(lam) = sum_j 1 / (w_j - eta lam) - 1 = 0. g is convex and increasing below min w / eta, so
    Newton's method started where the largest term alone is 1 (g >= 0) decreases monotonically to
    the root without leaving that domain.
    """
    w = inverse_p + eta * losses
    lam = (jnp.min(w) - 1.0) / eta

    def newton(_, lam):
        terms = 1.0 / (w - eta * lam)
        return lam - (jnp.sum(terms) - 1.0) / (eta * jnp.sum(terms**2))

    lam = jax.lax.fori_loop(0, NEWTON_STEPS, newton, lam)
    return w - eta * lam


def draw_base(key: Array, inverse_p: Array) -> Array:
    """A base j drawn with probability p_j; () int32."""
    return jax.random.categorical(key, -jnp.log(inverse_p)).astype(jnp.int32)


def master_init(key: Array, n_bases: int) -> tuple[Array, Array]:
    """(1 / p, the first base drawn with ``key``): p uniform over the M bases."""
    inverse_p = jnp.full(n_bases, float(n_bases), jnp.float32)
    return inverse_p, draw_base(key, inverse_p)


def master_step(key: Array, inverse_p: Array, base: Array, reward: Array,
                eta: Array) -> tuple[Array, Array]:
    """(1 / p, the next base) after a round: one log-barrier step at rate eta_0 / M on the
    importance-weighted loss -r_t / p_j of the base j that played (r_t clipped to [-1, 1]),
    then a base for the next round drawn with ``key`` (the round's update key)."""
    played = jnp.arange(inverse_p.shape[0]) == base
    losses = jnp.where(played, -jnp.clip(reward, -1.0, 1.0) * inverse_p, 0.0)
    inverse_p = log_barrier_step(inverse_p, losses, eta / inverse_p.shape[0])
    return inverse_p, draw_base(key, inverse_p)


def corral_learner(name: str, actions: ActionTable, rule: Rule, defaults: CorralParams,
                   embedding: Callable[[ActionTable, Array, Array], Array] = embed) -> Learner:
    """The master over bases that explore with ``rule`` (a SmoothIGW sampler) at their rates.

    aux per round: sims.bandits.policies.oracle_round_aux.
    """

    def init(key: Array, params: CorralParams) -> CorralState:
        inverse_p, base = master_init(key, params.rate.scale.shape[0])
        return CorralState(ridge_init(actions.dim, params.ridge), inverse_p, base, jnp.int32(0),
                           params)

    def act(key: Array, state: CorralState, x: Array):
        gamma = state.params.rate.at(state.t)[state.base]
        action, best, aux = rule(key, actions, x, state.oracle, gamma)
        return action, oracle_round_aux(actions, embedding, x, state.oracle, action, best, aux)

    def update(key: Array, state: CorralState, x: Array, action: Array,
               reward: Array) -> CorralState:
        oracle = ridge_update(state.oracle, embedding(actions, x, action), reward)
        inverse_p, base = master_step(key, state.inverse_p, state.base, reward, state.params.eta)
        return CorralState(oracle, inverse_p, base, state.t + 1, state.params)

    return Learner(name, init, act, update, defaults)


def corral_smooth_igw(actions: ActionTable, h: float | None = None) -> Learner:
    """The master over 8 SmoothIGW bases on K arms (mu uniform, smoothness h, default 1/K) with
    gamma_j,t = g_j (t + 1)^(1/2), g_j geometric in [1, 1000]; eta_0 = 1."""
    rule = smooth_igw_rule(1.0 / actions.n_actions if h is None else h)
    return corral_learner("corral-smooth-igw", actions, rule, corral_params(1.0, 1000.0, 8))


def corral_smooth_igw_circle(space: CircleActions, h: float = 0.1) -> Learner:
    """The master over 8 SmoothIGW bases on the circle, with corral_smooth_igw's grid."""
    return corral_learner("corral-smooth-igw", space, smooth_igw_circle_rule(h),
                          corral_params(1.0, 1000.0, 8), embedding=embed_circle)
