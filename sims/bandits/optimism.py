"""Linear bandit baselines: LinUCB / OFUL and linear Thompson sampling (Abbasi-Yadkori,
Pal & Szepesvari 2011; Agrawal & Goyal 2013).

Both read the ridge oracle's covariance A^{-1}. With phi(x, a) = x * z_a, the width of action a is
||phi(x, a)||_{A^{-1}} = sqrt(z_a^T M z_a) with M = A^{-1} * (x x^T) (elementwise).
    LinUCB     a_t = argmax_a f^(x, a) + beta_t ||phi(x, a)||_{A^{-1}}  (all K widths, O(K d^2))
    Thompson   theta~ = theta^ + v_t L xi, L L^T = A^{-1}, xi ~ N(0, I); a_t = ArgMax(x * theta~)
"""

import jax
import jax.numpy as jnp

from sims.bandits.actions import ActionTable, best_action, direction, scores
from sims.bandits.oracles import RidgeState
from sims.bandits.policies import ONE_CALL, oracle_learner, oracle_params
from sims.types import Array, Learner


def linucb_rule(key: Array, table: ActionTable, x: Array, oracle: RidgeState, beta: Array):
    """The optimistic action; its maximisation is not a linear ArgMax call (no oracle_calls)."""
    values = scores(table, direction(x, oracle.theta))
    metric = oracle.a_inv * jnp.outer(x, x)
    widths = jnp.sqrt(jnp.maximum(jnp.sum((table.features @ metric) * table.features, axis=1), 0.0))
    return best_action(table, values + beta * widths), best_action(table, values), {}


def thompson_rule(key: Array, table: ActionTable, x: Array, oracle: RidgeState, scale: Array):
    """Greedy on a parameter drawn from N(theta^, scale^2 A^{-1}): one ArgMax call (and one for
    the greedy action, to record exploration)."""
    root = jnp.linalg.cholesky(oracle.a_inv)
    sampled = oracle.theta + scale * root @ jax.random.normal(key, oracle.theta.shape)
    action = best_action(table, scores(table, direction(x, sampled)))
    return action, best_action(table, scores(table, direction(x, oracle.theta))), ONE_CALL


def linucb(actions: ActionTable) -> Learner:
    """LinUCB with a ridge oracle; default beta_t = 0.1 (a constant width, sigma = 0.1)."""
    return oracle_learner("linucb", actions, linucb_rule, oracle_params(0.1, 0.0))


def thompson(actions: ActionTable) -> Learner:
    """Linear Thompson sampling with a ridge oracle; default scale v_t = 0.1."""
    return oracle_learner("thompson", actions, thompson_rule, oracle_params(0.1, 0.0))
