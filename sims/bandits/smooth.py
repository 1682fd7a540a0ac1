"""SmoothIGW with a uniform base measure, on K arms and on the circle [0, 1) (Zhu & Mineiro,
ICML 2022).

For a base measure mu on the actions and a smoothness level h in (0, 1], SmoothIGW draws a' ~ mu
and plays it with probability 1 / (1 + h gamma (f^(x, a^) - f^(x, a'))), else the greedy action
a^: the non-greedy part has density 1 / (1 + h gamma gap(a)) with respect to mu. One ArgMax call
per round and no discretisation. Here mu is uniform on the K arms; with h = 1/K the distribution
is SquareCB's, 1 / (K + gamma gap(a)) for a != a^ (the claim smooth-igw-is-squarecb). On the
circle of sims.bandits.circle, mu is uniform on [0, 1) and a' is drawn without discretisation.
"""

import jax
import jax.numpy as jnp

from sims.bandits.actions import (ActionTable, action_value, best_action, coin_and_arm, direction,
                                  scores)
from sims.bandits.circle import (CircleActions, check_smoothness, embed_circle, features,
                                 profile_argmax, wrap)
from sims.bandits.oracles import RidgeState
from sims.bandits.policies import ONE_CALL, Rule, oracle_learner, oracle_params
from sims.types import Array, Learner


def smooth_igw_distribution(table: ActionTable, w: Array, gamma: Array, h: float) -> Array:
    """(K_pad,) exact action probabilities of SmoothIGW with mu uniform on the K arms."""
    values = scores(table, w)
    best = best_action(table, values)
    mu = jnp.where(table.mask == 0.0, 1.0 / table.n_actions, 0.0)
    kept = mu / (1.0 + h * gamma * (values[best] - jnp.where(table.mask == 0.0, values, 0.0)))
    return kept.at[best].add(1.0 - jnp.sum(kept))


def keep_or_greedy(coin: Array, drawn: Array, best: Array, weighted_gap: Array) -> Array:
    """a' = ``drawn`` with probability 1 / (1 + h gamma gap(a')) (``coin`` ~ U[0, 1)), else a^."""
    return jnp.where(coin < 1.0 / (1.0 + weighted_gap), drawn, best)


def smooth_igw_rule(h: float) -> Rule:
    """The SmoothIGW sampler at smoothness h (mu uniform on the K arms)."""
    level = check_smoothness(h)

    def rule(key: Array, table: ActionTable, x: Array, oracle: RidgeState, gamma: Array):
        w = direction(x, oracle.theta)
        best = best_action(table, scores(table, w))
        coin, drawn = coin_and_arm(key, table.n_actions)  # a' ~ mu
        gap = action_value(table, w, best) - action_value(table, w, drawn)
        return keep_or_greedy(coin, drawn, best, level * gamma * gap), best, ONE_CALL

    return rule


def smooth_igw_circle_rule(h: float) -> Rule:
    """The SmoothIGW sampler at smoothness h on the circle, mu = U[0, 1).

    a^ = x + argmax_b g^(b) (one ArgMax call: sims.bandits.circle.profile_argmax); a' = x + b'
    with b' ~ U[0, 1), so a' ~ mu; the gap is clipped at 0 because the ArgMax oracle is a refined
    grid search, exact only to float precision.
    """
    level = check_smoothness(h)

    def rule(key: Array, space: CircleActions, x: Array, oracle: RidgeState, gamma: Array):
        peak = profile_argmax(space, oracle.theta)
        coin, offset = jax.random.uniform(key, (2,), jnp.float32)
        values = features(space, jnp.stack([peak, offset])) @ oracle.theta
        gap = jnp.maximum(values[0] - values[1], 0.0)
        best = wrap(x + peak)
        return keep_or_greedy(coin, wrap(x + offset), best, level * gamma * gap), best, ONE_CALL

    return rule


def smooth_igw(actions: ActionTable, h: float | None = None) -> Learner:
    """SmoothIGW with a ridge oracle, mu uniform on the K arms, smoothness h (default 1/K);
    default gamma_t = 10 (t + 1)^(1/2)."""
    rule = smooth_igw_rule(1.0 / actions.n_actions if h is None else h)
    return oracle_learner("smooth-igw", actions, rule, oracle_params(10.0, 0.5))


def smooth_igw_circle(space: CircleActions, h: float = 0.1) -> Learner:
    """SmoothIGW on the circle with a ridge oracle on phi(x, a) = z(a - x), smoothness h;
    default gamma_t = 10 (t + 1)^(1/2)."""
    return oracle_learner("smooth-igw", space, smooth_igw_circle_rule(h), oracle_params(10.0, 0.5),
                          embedding=embed_circle)
