"""Known answers for the spanner, SpannerGreedy, SpannerIGW, SmoothIGW, LinUCB and Thompson."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sims.bandits.actions import (action_table, scores, sphere_actions, with_dominated,
                                  with_duplicates, with_extra_actions, with_irrelevant)
from sims.bandits.large_actions import (design_factor, normaliser, plain_spanner,
                                        spanner_igw_exploration, spanner_igw_practical_rule,
                                        spanner_igw_rule)
from sims.bandits.optimism import linucb_rule, thompson_rule
from sims.bandits.oracles import ridge_init
from sims.bandits import bandit_metrics, linear_contextual_bandit
from sims.bandits.large_actions import spanner_igw
from sims.bandits.linear import LinearParams
from sims.bandits.policies import (inverse_gap_distribution, inverse_gap_rule, oracle_params,
                                   squarecb)
from sims.bandits.smooth import smooth_igw
from sims.run import Runner, batch_params
from sims.bandits.smooth import check_smoothness, smooth_igw_distribution, smooth_igw_rule
from sims.bandits.spanner import CALLS_PER_MAXIMISATION, barycentric_spanner, swap_cap

N_DRAWS = 40000


def oracle_at(theta, a_inv=None):
    theta = jnp.asarray(theta, jnp.float32)
    oracle = ridge_init(theta.shape[0], jnp.float32(1.0))._replace(theta=theta)
    return oracle if a_inv is None else oracle._replace(a_inv=jnp.asarray(a_inv, jnp.float32))


def draw(rule, table, x, oracle, rate, n=N_DRAWS):
    keys = jax.random.split(jax.random.key(0), n)
    actions, _, _ = jax.jit(jax.vmap(lambda k: rule(k, table, x, oracle, rate)))(keys)
    return np.bincount(np.asarray(actions), minlength=table.n_actions) / n


def tolerance(p):
    return 5 * np.sqrt(np.maximum(p * (1 - p), 1e-4) / N_DRAWS)


def embeddings(table, x, weights):
    return (np.asarray(weights)[:, None] * np.asarray(x) * np.asarray(table.features))[
        : table.n_actions]


@settings(max_examples=20, deadline=None)
@given(st.integers(2, 600), st.integers(2, 9), st.sampled_from([1.2, 2.0, 3.0]),
       st.integers(0, 10**6))
def test_spanner_is_a_c_approximate_barycentric_spanner(n_actions, dim, c, seed):
    table = sphere_actions(seed, max(n_actions, dim), dim)
    rng = np.random.default_rng(seed)  # on the host: no program per new shape
    x = rng.uniform(-1.0, 1.0, dim).astype(np.float32)
    weights = np.where(np.asarray(table.mask) == 0.0,
                       rng.uniform(0.1, 1.0, table.mask.shape), 0.0).astype(np.float32)
    spanner = jax.jit(lambda x, w: barycentric_spanner(table, x, w, c))(x, weights)
    phi = embeddings(table, x, weights)
    members = np.asarray(spanner.actions)
    assert np.all(members >= 0) and len(set(members)) == dim
    coefficients = np.linalg.solve(phi[members].T, phi.T)  # phi(a) = B lam(a)
    assert np.abs(coefficients).max() <= c * (1 + 1e-4)
    np.testing.assert_allclose(float(spanner.max_coefficient), np.abs(coefficients).max(),
                               rtol=1e-3)
    leverage = dim * np.max(np.sum(coefficients**2, axis=0))
    assert leverage <= c**2 * dim**2 * (1 + 1e-4)
    np.testing.assert_allclose(float(spanner.max_leverage), leverage, rtol=1e-3)
    assert int(spanner.swaps) <= swap_cap(dim, c)
    assert int(spanner.oracle_calls) == CALLS_PER_MAXIMISATION * dim * (2 + int(spanner.swaps))


def test_spanner_of_a_basis_is_the_basis_and_a_flat_set_is_refused():
    table = action_table(np.eye(4, dtype=np.float32)[[2, 0, 3, 1]])
    assert sorted(np.asarray(plain_spanner(table).actions)) == [0, 1, 2, 3]
    flat = action_table(np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.6, 0.8, 0.0]]))
    assert -1 in np.asarray(barycentric_spanner(flat, jnp.ones(3), jnp.ones(3)).actions)
    with pytest.raises(ValueError, match="do not span R\\^3"):
        plain_spanner(flat)


def test_normaliser_solves_its_equation():
    q = jnp.array([0.125, 0.125, 0.125, 0.125, 0.5])
    gaps = jnp.array([3.0, 0.5, 10.0, 0.0, 0.0])
    lam = float(normaliser(q, gaps))
    assert 0.5 <= lam <= 1.0
    np.testing.assert_allclose(float(jnp.sum(q / (lam + gaps))), 1.0, rtol=1e-6)


def test_spanner_igw_follows_its_distribution_and_the_formula():
    table = sphere_actions(3, 40, 3)
    x, theta, gamma = jnp.array([1.0, -0.5, 0.8]), jnp.array([0.6, 0.2, -0.7]), jnp.float32(200.0)
    oracle = oracle_at(theta)
    exploration = spanner_igw_exploration(table, x, oracle, gamma)
    values = np.asarray(scores(table, x * theta))[:40]
    eta = 200.0 / design_factor(3)
    atoms, p = np.asarray(exploration.atoms), np.asarray(exploration.probabilities)
    lam = 0.5 / p[-1]  # a^ has gap 0 and q(a^) = 1/2
    gaps = values.max() - values[atoms]
    np.testing.assert_allclose(p[:3], (1 / 6) / (lam + eta * gaps[:3]), rtol=1e-4)
    assert 0.5 <= lam <= 1.0 and abs(p.sum() - 1) < 1e-6 and atoms[-1] == values.argmax()
    expected = np.bincount(atoms, weights=p, minlength=40)
    frequencies = draw(spanner_igw_rule, table, x, oracle, gamma)
    np.testing.assert_allclose(frequencies, expected, atol=tolerance(expected).max())


def test_practical_spanner_igw_gives_each_member_its_inverse_gap():
    table = sphere_actions(5, 30, 3)
    x, theta, iota = jnp.ones(3), jnp.array([0.3, -0.9, 0.1]), jnp.float32(50.0)
    values = np.asarray(scores(table, theta))[:30]
    weights = jnp.where(table.mask == 0.0,
                        jax.lax.rsqrt(1.0 + 3 + iota * (values.max() - scores(table, theta))), 0.0)
    members = np.asarray(barycentric_spanner(table, x, weights).actions)
    frequencies = draw(spanner_igw_practical_rule, table, x, oracle_at(theta), iota)
    expected = 1 / (1 + 3 + 50.0 * (values.max() - values[members]))
    np.testing.assert_allclose(frequencies[members], expected, atol=tolerance(expected).max())


def test_smooth_igw_with_h_one_over_k_is_squarecb():
    table = sphere_actions(1, 12, 4)
    w, gamma = jnp.array([0.2, -0.4, 0.9, 0.1]), jnp.float32(30.0)
    smooth = smooth_igw_distribution(table, w, gamma, 1 / 12)
    np.testing.assert_allclose(smooth, inverse_gap_distribution(table, w, gamma), atol=1e-6)
    wider = smooth_igw_distribution(table, w, gamma, 2 / 12)
    assert np.abs(np.asarray(wider - smooth)).max() > 0.01
    x, oracle, expected = jnp.ones(4), oracle_at(w), np.asarray(smooth)[:12]
    for rule in (smooth_igw_rule(1 / 12), inverse_gap_rule):
        frequencies = draw(rule, table, x, oracle, gamma)
        np.testing.assert_allclose(frequencies, expected, atol=tolerance(expected).max())


@pytest.mark.parametrize("h", [0.0, -0.1, 1.5])
def test_smoothness_out_of_range_is_named(h):
    with pytest.raises(ValueError, match=f"got {h}"):
        check_smoothness(h)


def test_linucb_adds_the_ellipsoid_width():
    table = action_table(np.array([[0.9, 0.0], [0.0, 0.5], [0.3, 0.3]], np.float32))
    a_inv = np.array([[0.05, 0.0], [0.0, 4.0]])  # the second direction is barely explored
    oracle = oracle_at([1.0, 0.5], a_inv)
    x = jnp.array([1.0, 1.0])
    action, best, _ = linucb_rule(jax.random.key(0), table, x, oracle, jnp.float32(1.0))
    assert int(best) == 0 and int(action) == 1  # 0.25 + 0.5 * 2 > 0.9 + 0.9 * 0.22
    action, _, _ = linucb_rule(jax.random.key(0), table, x, oracle, jnp.float32(0.0))
    assert int(action) == 0


def test_thompson_with_zero_scale_is_greedy_and_otherwise_explores():
    table = sphere_actions(2, 20, 3)
    x, oracle = jnp.ones(3), oracle_at([0.5, 0.5, 0.0])
    greedy = draw(thompson_rule, table, x, oracle, jnp.float32(0.0), n=200)
    assert greedy.max() == 1.0
    assert draw(thompson_rule, table, x, oracle, jnp.float32(1.0), n=2000).max() < 0.9


def test_duplicates_append_copies_and_keep_the_original_actions():
    table = sphere_actions(0, 10, 3)
    doubled = with_duplicates(table, 4, 300)
    assert doubled.n_actions == 310
    np.testing.assert_array_equal(doubled.features[:10], table.features[:10])
    np.testing.assert_array_equal(doubled.features[10:310], np.repeat(table.features[4:5], 300, 0))
    with pytest.raises(ValueError, match="action=10"):
        with_duplicates(table, 10, 5)


def test_dominated_actions_never_beat_the_best_original_and_irrelevant_ones_score_zero():
    table = sphere_actions(0, 20, 4)
    wider = with_irrelevant(with_dominated(table, 500, seed=1), 7)
    assert wider.n_actions == 527
    directions = jax.random.normal(jax.random.key(2), (200, 4))
    for w in directions:
        values = np.asarray(scores(wider, w))
        assert values[20:520].max() <= values[:20].max() + 1e-6
        np.testing.assert_array_equal(values[520:527], 0.0)
    with pytest.raises(ValueError, match="mixed=1"):
        with_dominated(table, 5, mixed=1)
    with pytest.raises(ValueError, match="shape"):
        with_extra_actions(table, np.zeros((3, 5)))


def shared_draw_regret(learner_of, actions, horizon: int = 256) -> np.ndarray:
    """Final regret of 4 instances of learner_of(actions) on the linear bandit with ``actions``,
    every draw from seed 0 (theta*, contexts and noise shared across action sets)."""
    problem = linear_contextual_bandit(actions, "gaussian", "signs")
    runner = Runner(problem, learner_of(actions), horizon, checkpoints=[horizon],
                    metrics=bandit_metrics)
    out = runner(jax.random.key(0), jnp.arange(4), batch_params([LinearParams(jnp.float32(0.1))]),
                 batch_params([oracle_params(10.0, 0.5)]))
    return np.asarray(out.totals["regret"])


def test_on_shared_draws_spanner_igw_ignores_copies_and_smooth_igw_at_one_over_k_is_squarecb():
    """Equal by construction (up to float rounding), so a unit test: the claims compare
    independent runs instead."""
    table = sphere_actions(0, 20, 4)
    np.testing.assert_allclose(shared_draw_regret(spanner_igw, table),
                               shared_draw_regret(spanner_igw, with_duplicates(table, 0, 500)),
                               rtol=1e-5)
    np.testing.assert_allclose(shared_draw_regret(lambda a: smooth_igw(a, 1 / 20), table),
                               shared_draw_regret(squarecb, table), rtol=1e-5)
