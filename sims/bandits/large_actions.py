"""Exploration over a barycentric spanner: SpannerGreedy and SpannerIGW (Zhu, Foster, Langford &
Mineiro, ICML 2022).

Each round costs a bounded number of ArgMax-oracle calls and O(d) memory beyond the shared action
table, whatever the number of actions K: exploration is spread over d spanner actions (plus the
greedy action a^), never over all K.

    SpannerGreedy    with probability epsilon_t a uniform member of a C-spanner of the embeddings
                     (computed once: with phi(x, a) = x * z_a and x free of zeros, a spanner of
                     {z_a} is one of {phi(x, a)} with the same coefficients), else a^.
    SpannerIGW       the theoretical form: eta = gamma / (C_opt d) with C_opt = C^2 d (the uniform
                     design on a C-spanner); reweighted embeddings phi(x, a) / sqrt(1 + eta gap(a));
                     q = 1/2 uniform on their C-spanner + 1/2 on a^;
                     p(a) = q(a) / (lam + eta gap(a)), lam in [1/2, 1] such that p sums to 1.
    SpannerIGW-practical  the variant of the paper's experiments (pmineiro/linrepcb): the
                     spanner of z_a / sqrt(1 + d + iota gap(a)), a uniform member b, played with
                     probability d / (1 + d + iota gap(b)), else a^.
"""

from typing import NamedTuple

import jax
import jax.numpy as jnp

from sims.bandits.actions import (ActionTable, action_value, best_action, coin_and_arm, direction,
                                  scores)
from sims.bandits.oracles import RidgeState
from sims.bandits.policies import ONE_CALL, oracle_learner, oracle_params
from sims.bandits.spanner import SPANNER_C, Spanner, barycentric_spanner
from sims.types import Array, Learner

NEWTON_STEPS = 12  # for lam: quadratic convergence from lam = 1/2, far more than float32 needs


def design_factor(dim: int, c: float = SPANNER_C) -> float:
    """C_opt d = C^2 d^2: the uniform design on a C-spanner is a (C^2 d)-approximate optimal
    design (proofs.bandits.SPANNER_DESIGN_FACTOR)."""
    return c * c * dim * dim


class Exploration(NamedTuple):
    """A distribution on at most d + 1 atoms: the spanner's actions, then a^.

    Fields:
        atoms: (d + 1,) int32 actions; a spanner slot that the embeddings do not span is -1.
        probabilities: (d + 1,) float32, summing to 1 (0 on -1 atoms).
        best: () int32, the greedy action a^.
        spanner: the spanner and its cost.
    """

    atoms: Array
    probabilities: Array
    best: Array
    spanner: Spanner


def normaliser(q: Array, scaled_gaps: Array) -> Array:
    """lam with sum_j q_j / (lam + scaled_gaps_j) = 1, by Newton's method from lam = 1/2.

    q sums to 1 with mass 1/2 on a gap of 0, so the sum is >= 1 at lam = 1/2 and <= 1 at lam = 1;
    it is convex and decreasing in lam, so Newton's iterates rise monotonically to the root.
    """

    def step(_, lam):
        terms = q / (lam + scaled_gaps)
        return lam + (jnp.sum(terms) - 1.0) / jnp.sum(terms / (lam + scaled_gaps))

    return jax.lax.fori_loop(0, NEWTON_STEPS, step, jnp.float32(0.5))


def _gaps(table: ActionTable, w: Array) -> tuple[Array, Array, Array]:
    """(a^, f^(a^), gaps (K_pad,) = f^(a^) - f^(a); a padded row repeats action 0's gap)."""
    values = scores(table, w)
    best = best_action(table, values)
    top = action_value(table, w, best)
    return best, top, top - values


def spanner_igw_exploration(table: ActionTable, x: Array, oracle: RidgeState,
                            gamma: Array) -> Exploration:
    """SpannerIGW's distribution p over the spanner of the reweighted embeddings and a^."""
    dim = table.dim
    w = direction(x, oracle.theta)
    best, top, gaps = _gaps(table, w)
    eta = gamma / design_factor(dim)
    weights = jnp.where(table.mask == 0.0, jax.lax.rsqrt(1.0 + eta * gaps), 0.0)
    spanner = barycentric_spanner(table, x, weights)
    atoms = jnp.append(spanner.actions, best)
    valid = atoms >= 0
    n_valid = jnp.sum(valid[:dim])
    q = jnp.where(valid, 0.5 / jnp.maximum(n_valid, 1), 0.0).at[dim].set(0.5)
    scaled = eta * jnp.maximum(top - table.features[jnp.maximum(atoms, 0)] @ w, 0.0)
    p = q / (normaliser(q, scaled) + scaled)
    return Exploration(atoms, p / jnp.sum(p), best, spanner)


def sample_atom(coin: Array, probabilities: Array) -> Array:
    """The index j with cdf_{j-1} <= coin < cdf_j (inverse CDF over a handful of atoms)."""
    cdf = jnp.cumsum(probabilities)
    return jnp.minimum(jnp.sum(cdf <= coin), probabilities.shape[0] - 1)


def spanner_aux(spanner: Spanner) -> dict[str, Array]:
    """Per-round diagnostics: ArgMax calls (one for a^ plus the spanner's) and its quality."""
    return {"oracle_calls": 1 + spanner.oracle_calls,
            "max_spanner_coefficient": spanner.max_coefficient,
            "max_spanner_leverage": spanner.max_leverage}


def spanner_igw_rule(key: Array, table: ActionTable, x: Array, oracle: RidgeState, gamma: Array):
    """Sample from spanner_igw_exploration."""
    exploration = spanner_igw_exploration(table, x, oracle, gamma)
    coin, _ = coin_and_arm(key, 2)
    action = exploration.atoms[sample_atom(coin, exploration.probabilities)]
    return action, exploration.best, spanner_aux(exploration.spanner)


def spanner_igw_practical_rule(key: Array, table: ActionTable, x: Array, oracle: RidgeState,
                               iota: Array):
    """A uniform member b of the spanner of z_a / sqrt(1 + d + iota gap(a)), played with
    probability d / (1 + d + iota gap(b)), else a^: P(b) = 1 / (1 + d + iota gap(b)) per member."""
    dim = table.dim
    w = direction(x, oracle.theta)
    best, top, gaps = _gaps(table, w)
    weights = jnp.where(table.mask == 0.0, jax.lax.rsqrt(1.0 + dim + iota * gaps), 0.0)
    spanner = barycentric_spanner(table, x, weights)
    coin, slot = coin_and_arm(key, dim)
    member = spanner.actions[slot]
    gap = top - action_value(table, w, jnp.maximum(member, 0))
    keep = (member >= 0) & (coin < dim / (1.0 + dim + iota * gap))
    return jnp.where(keep, member, best), best, spanner_aux(spanner)


def plain_spanner(table: ActionTable) -> Spanner:
    """A C-spanner of the embeddings z_a themselves (context all ones, unit weights)."""
    spanner = barycentric_spanner(table, jnp.ones(table.dim, jnp.float32),
                                  jnp.where(table.mask == 0.0, 1.0, 0.0))
    if bool(jnp.any(spanner.actions < 0)):
        raise ValueError(f"the {table.n_actions} action embeddings do not span R^{table.dim}")
    return spanner


def spanner_greedy(actions: ActionTable) -> Learner:
    """SpannerGreedy with a ridge oracle; default epsilon_t = (t + 1)^(-1/3).

    The spanner of the embeddings is computed once, here; each round is one ArgMax call.
    """
    members = plain_spanner(actions).actions

    def rule(key: Array, table: ActionTable, x: Array, oracle: RidgeState, epsilon: Array):
        best = best_action(table, scores(table, direction(x, oracle.theta)))
        coin, slot = coin_and_arm(key, table.dim)
        return jnp.where(coin < epsilon, members[slot], best), best, ONE_CALL

    return oracle_learner("spanner-greedy", actions, rule, oracle_params(1.0, -1.0 / 3.0))


def spanner_igw(actions: ActionTable) -> Learner:
    """SpannerIGW (theoretical form) with a ridge oracle; default gamma_t = 10 (t + 1)^(1/2)."""
    return oracle_learner("spanner-igw", actions, spanner_igw_rule, oracle_params(10.0, 0.5))


def spanner_igw_practical(actions: ActionTable) -> Learner:
    """SpannerIGW as run in the paper's experiments; default iota_t = 10 (t + 1)^(1/2)."""
    return oracle_learner("spanner-igw-practical", actions, spanner_igw_practical_rule,
                          oracle_params(10.0, 0.5))
