"""Known answers for the bandit pieces: ridge oracle, argmax, samplers, problem noise."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sims.bandits.actions import (action_table, best_action, coin_and_arm, scores,
                                  sphere_actions)
from sims.bandits.linear import LinearParams, linear_contextual_bandit
from sims.bandits.oracles import ridge_init, ridge_update
from sims.bandits.policies import epsilon_greedy_rule, inverse_gap_rule


def test_ridge_update_equals_batch_ridge():
    rng = np.random.default_rng(0)
    phi, y, lam = rng.normal(size=(60, 4)), rng.normal(size=60), 0.7
    state = ridge_init(4, jnp.float32(lam))
    for p, r in zip(phi, y):
        state = ridge_update(state, jnp.asarray(p, jnp.float32), jnp.float32(r))
    a = lam * np.eye(4) + phi.T @ phi
    np.testing.assert_allclose(state.theta, np.linalg.solve(a, phi.T @ y), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(state.a_inv, np.linalg.inv(a), rtol=1e-4, atol=1e-6)


@settings(max_examples=25, deadline=None)
@given(st.integers(2, 700), st.integers(0, 10**6))
def test_best_action_is_the_first_argmax(n_actions, seed):
    table = sphere_actions(seed, n_actions, 3)
    w = jax.random.normal(jax.random.key(seed + 1), (3,))

    def scored(w):
        values = scores(table, w)
        return values, best_action(table, values)

    values, best = jax.jit(scored)(w)  # one program, as in the round loops
    assert values.shape[0] % table.block == 0
    assert int(best) == int(jnp.argmax(values[:n_actions]))


@pytest.mark.parametrize("best", [0, 1])
def test_padding_is_never_chosen(best):
    """Padded rows repeat action 0: its score ties with them (best 0) and is the maximum
    even when every score is negative (best 1, where zero rows would win)."""
    z = -np.eye(2, dtype=np.float32)[np.arange(300) % 2] / 2  # all scores <= 0
    z[best] = [0.0, 0.0] if best == 0 else [-0.1, 0.0]
    table = action_table(z)
    assert table.features.shape[0] > table.n_actions
    values = jax.jit(lambda w: scores(table, w))(jnp.ones(2))
    assert float(jnp.max(values)) == float(jnp.max(values[:table.n_actions]))
    assert int(jax.jit(lambda v: best_action(table, v))(values)) == best


def test_embeddings_longer_than_one_are_refused():
    with pytest.raises(ValueError, match="norm <= 1"):
        action_table(np.full((3, 2), 1.0))


def sample_actions(rule, rate, w, table, n=40000):
    """Frequencies of n draws of a rule with oracle estimate w and context all ones."""
    keys = jax.random.split(jax.random.key(0), n)
    oracle = ridge_init(table.dim, jnp.float32(1.0))._replace(theta=jnp.asarray(w, jnp.float32))
    x = jnp.ones(table.dim, jnp.float32)
    actions, _, _ = jax.vmap(lambda k: rule(k, table, x, oracle, rate))(keys)
    return np.bincount(np.asarray(actions), minlength=table.n_actions) / n


def test_inverse_gap_weighting_matches_its_formula():
    table = action_table(np.eye(4, dtype=np.float32) * np.array([[1.0], [0.8], [0.5], [0.0]]))
    w, gamma = jnp.ones(4), 10.0
    values = np.array([1.0, 0.8, 0.5, 0.0])
    p = 1.0 / (4 + gamma * (values.max() - values))
    p[0] = 1.0 - p[1:].sum()
    frequencies = sample_actions(inverse_gap_rule, jnp.float32(gamma), w, table)
    np.testing.assert_allclose(frequencies, p, atol=4 * np.sqrt(p * (1 - p) / 40000).max())


def test_epsilon_greedy_explores_uniformly_with_probability_epsilon():
    table = sphere_actions(0, 5, 3)
    w = jnp.array([1.0, -0.5, 0.2])
    best = int(jnp.argmax(scores(table, w)))
    frequencies = sample_actions(epsilon_greedy_rule, jnp.float32(0.3), w, table)
    expected = np.full(5, 0.3 / 5)
    expected[best] += 0.7
    np.testing.assert_allclose(frequencies, expected, atol=0.01)


def test_coin_and_arm_are_uniform():
    coins, arms = jax.vmap(lambda k: coin_and_arm(k, 7))(jax.random.split(jax.random.key(1), 70000))
    assert 0.0 <= float(coins.min()) and float(coins.max()) < 1.0
    assert abs(float(coins.mean()) - 0.5) < 0.01
    np.testing.assert_allclose(np.bincount(np.asarray(arms)) / 70000, 1 / 7, atol=0.006)


@pytest.mark.parametrize("noise", ["gaussian", "bernoulli"])
def test_rewards_are_unbiased(noise):
    table = sphere_actions(0, 3, 2)
    problem = linear_contextual_bandit(table, noise, contexts="ones", theta=np.array([0.6, -0.3]))
    instance = problem.sample(jax.random.key(0), LinearParams(jnp.float32(0.5)))
    x = jnp.ones(2)
    rewards, info = jax.vmap(lambda k: problem.feedback(k, instance, x, jnp.int32(1)))(
        jax.random.split(jax.random.key(2), 40000))
    mean = float(info["mean_reward"][0])
    assert abs(float(rewards.mean()) - mean) < 0.02
    assert float(info["regret"][0]) >= 0.0


def test_bad_problem_options_are_named():
    table = sphere_actions(0, 3, 2)
    with pytest.raises(ValueError, match="noise 'laplace'"):
        linear_contextual_bandit(table, "laplace")
    with pytest.raises(ValueError, match="contexts 'sphere'"):
        linear_contextual_bandit(table, contexts="sphere")
    with pytest.raises(ValueError, match="theta must have shape"):
        linear_contextual_bandit(table, theta=np.ones(3))
