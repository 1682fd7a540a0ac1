"""Contextual-bandit learners: a ridge regression oracle plus an exploration rule, and uniform.

Every oracle-based learner scores all K actions with the oracle's estimate theta^,
f^(x, a) = <phi(x, a), theta^>, picks an action with its rule, and feeds (phi(x, a_t), r_t) back
to the oracle. The rules differ only in how they explore (more rules: sims.bandits.large_actions,
sims.bandits.smooth, sims.bandits.optimism):
    greedy          a_t = argmax_a f^(x, a)
    epsilon-greedy  uniform action with probability epsilon_t, else greedy
    SquareCB        inverse gap weighting (Foster & Rakhlin 2020):
                    p(a) = 1 / (K + gamma_t (f^(x, a^) - f^(x, a))) for a != a^, the rest on a^
"""

from collections.abc import Callable
from typing import NamedTuple

import jax
import jax.numpy as jnp

from sims.bandits.actions import (ActionTable, action_value, best_action, coin_and_arm, direction,
                                  embed, scores)
from sims.bandits.oracles import RidgeState, ridge_init, ridge_update
from sims.types import Array, Learner

# (key, table, x, oracle, rate) -> (a_t, a^, aux): the action played, the greedy action
# a^ = argmax_a f^(x, a) with f^(x, a) = <z_a, x * theta^>, and per-round scalars (at least
# "oracle_calls", the number of ArgMax-oracle calls the round used).
Rule = Callable[[Array, ActionTable, Array, RidgeState, Array],
                tuple[Array, Array, dict[str, Array]]]
ONE_CALL = {"oracle_calls": jnp.int32(1)}


class Schedule(NamedTuple):
    """A rate that may change with the round: value_t = scale * (t + 1) ** exponent, t = 0, 1, ...

    Fields:
        scale: () float32.
        exponent: () float32 (0 for a constant rate).
    """

    scale: Array
    exponent: Array

    def at(self, t: Array) -> Array:
        return self.scale * (t + 1.0) ** self.exponent


class OracleParams(NamedTuple):
    """Params of an oracle-based learner.

    Fields:
        rate: the exploration schedule: gamma_t for SquareCB, epsilon_t for epsilon-greedy
            (capped at 1), unused by greedy.
        ridge: () float32, the ridge regulariser lambda of the oracle.
    """

    rate: Schedule
    ridge: Array


class OracleState(NamedTuple):
    """State of an oracle-based learner.

    Fields:
        oracle: the ridge oracle (theta^ (d,), A^{-1} (d, d)).
        t: () int32, rounds played so far.
        params: the learner's params, carried unchanged.
    """

    oracle: RidgeState
    t: Array
    params: OracleParams


def oracle_params(scale: float, exponent: float, ridge: float = 1.0) -> OracleParams:
    """OracleParams from plain numbers."""
    return OracleParams(Schedule(jnp.float32(scale), jnp.float32(exponent)), jnp.float32(ridge))


def greedy_rule(key: Array, table: ActionTable, x: Array, oracle: RidgeState, rate: Array):
    """Always the empirically best action a^ (no exploration)."""
    best = best_action(table, scores(table, direction(x, oracle.theta)))
    return best, best, ONE_CALL


def epsilon_greedy_rule(key: Array, table: ActionTable, x: Array, oracle: RidgeState,
                        epsilon: Array):
    """A uniform action with probability min(epsilon, 1), else a^."""
    best = best_action(table, scores(table, direction(x, oracle.theta)))
    coin, arm = coin_and_arm(key, table.n_actions)
    return jnp.where(coin < epsilon, arm, best), best, ONE_CALL


def inverse_gap_rule(key: Array, table: ActionTable, x: Array, oracle: RidgeState,
                     gamma: Array):
    """Inverse gap weighting without building p: draw a uniform arm r, keep it with probability
    K / (K + gamma (f^(a^) - f^(r))), else play a^. Then P(a) = 1 / (K + gamma gap(a)) for a != a^.
    """
    n_actions = table.n_actions
    w = direction(x, oracle.theta)
    best = best_action(table, scores(table, w))
    coin, arm = coin_and_arm(key, n_actions)
    gap = action_value(table, w, best) - action_value(table, w, arm)
    keep = n_actions / (n_actions + gamma * gap)
    return jnp.where(coin < keep, arm, best), best, ONE_CALL


def inverse_gap_distribution(table: ActionTable, w: Array, gamma: Array) -> Array:
    """(K_pad,) exact probabilities of inverse_gap_rule: 1 / (K + gamma gap(a)), the rest on a^."""
    values = scores(table, w)
    best = best_action(table, values)
    real = table.mask == 0.0
    gaps = values[best] - jnp.where(real, values, 0.0)
    others = jnp.where(real, 1.0 / (table.n_actions + gamma * gaps), 0.0)
    return others.at[best].add(1.0 - jnp.sum(others))


def oracle_round_aux(actions: ActionTable, embedding: Callable[[ActionTable, Array, Array], Array],
                     x: Array, oracle: RidgeState, action: Array, best: Array,
                     rule_aux: dict[str, Array]) -> dict[str, Array]:
    """aux of one round of an oracle-based learner: "prediction" = f^(x, a_t) = <phi(x, a_t),
    theta^>, "explored" = 1 if a_t is not the greedy action a^, and the rule's own aux."""
    prediction = embedding(actions, x, action) @ oracle.theta
    return {"prediction": prediction, "explored": (action != best).astype(jnp.float32), **rule_aux}


def oracle_learner(name: str, actions: ActionTable, rule: Rule, defaults: OracleParams,
                   embedding: Callable[[ActionTable, Array, Array], Array] = embed) -> Learner:
    """A learner that explores with ``rule`` around a ridge regression oracle on the features
    ``embedding(actions, x, a)`` = phi(x, a) (x * z_a for an action table; another action space,
    such as sims.bandits.circle's, brings its own).

    aux per round: oracle_round_aux.
    """

    def init(key: Array, params: OracleParams) -> OracleState:
        return OracleState(ridge_init(actions.dim, params.ridge), jnp.int32(0), params)

    def act(key: Array, state: OracleState, x: Array):
        action, best, aux = rule(key, actions, x, state.oracle, state.params.rate.at(state.t))
        return action, oracle_round_aux(actions, embedding, x, state.oracle, action, best, aux)

    def update(key: Array, state: OracleState, x: Array, action: Array,
               reward: Array) -> OracleState:
        oracle = ridge_update(state.oracle, embedding(actions, x, action), reward)
        return OracleState(oracle, state.t + 1, state.params)

    return Learner(name, init, act, update, defaults)


def greedy(actions: ActionTable) -> Learner:
    """Greedy with a ridge oracle: no exploration."""
    return oracle_learner("greedy", actions, greedy_rule, oracle_params(0.0, 0.0))


def epsilon_greedy(actions: ActionTable) -> Learner:
    """epsilon-greedy with a ridge oracle; default epsilon_t = (t + 1)^(-1/3)."""
    return oracle_learner("epsilon-greedy", actions, epsilon_greedy_rule,
                          oracle_params(1.0, -1.0 / 3.0))


def squarecb(actions: ActionTable) -> Learner:
    """SquareCB (Foster & Rakhlin 2020) with a ridge oracle; default gamma_t = 10 (t + 1)^(1/2),
    Vowpal Wabbit's --squarecb default."""
    return oracle_learner("squarecb", actions, inverse_gap_rule, oracle_params(10.0, 0.5))


class UniformParams(NamedTuple):
    """The uniform learner has no params (an empty pytree)."""


def uniform(actions: ActionTable) -> Learner:
    """Plays a uniformly random action every round and learns nothing."""
    n_actions = actions.n_actions

    def act(key: Array, state: tuple, x: Array):
        action = jax.random.randint(key, (), 0, n_actions, jnp.int32)
        return action, {"explored": jnp.float32(1.0)}

    return Learner("uniform", lambda key, params: (), act,
                   lambda key, state, x, action, reward: state, UniformParams())
