"""Known answers for the circle bandit (continuous actions, smooth regret) and SmoothIGW on it."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from sims.bandits import bandit_metrics
from sims.bandits.circle import (circle_actions, circle_bandit, circle_params, embed_circle,
                                 features, profile_argmax, top_mean)
from sims.bandits.oracles import ridge_init
from sims.bandits.smooth import smooth_igw_circle, smooth_igw_circle_rule
from sims.run import Runner, batch_params


def cosine_theta(offset: float, amplitude: float, phase: float) -> np.ndarray:
    """theta of g(b) = (offset + amplitude cos 2 pi (b - phase)) / sqrt(2), degree 1."""
    return np.asarray([offset, amplitude * np.cos(2 * np.pi * phase),
                       amplitude * np.sin(2 * np.pi * phase)], np.float32)


def test_features_have_unit_norm_and_embeddings_are_shift_invariant():
    space = circle_actions(3)
    b = jnp.linspace(0.0, 1.0, 101)
    np.testing.assert_allclose(np.linalg.norm(features(space, b), axis=-1), 1.0, rtol=1e-6)
    np.testing.assert_allclose(embed_circle(space, 0.9, 0.2), features(space, 0.3), atol=1e-6)
    assert space.dim == 7


@pytest.mark.parametrize("bad", [0, -1, 1.5, True])
def test_bad_harmonics_and_params_are_named(bad):
    with pytest.raises(ValueError, match="harmonics"):
        circle_actions(bad)
    with pytest.raises(ValueError, match="smoothness"):
        circle_params(0.1, 1.5)
    with pytest.raises(ValueError, match="noise_scale"):
        circle_params(-0.1, 0.5)


def test_top_mean_is_the_mean_of_the_top_quantile_with_a_fractional_atom():
    values = jnp.asarray([4.0, 1.0, 3.0, 2.0])
    assert float(top_mean(values, 0.5)) == pytest.approx(3.5)
    assert float(top_mean(values, 1.0)) == pytest.approx(2.5)
    assert float(top_mean(values, 0.375)) == pytest.approx((4.0 + 0.5 * 3.0) / 1.5)
    assert float(top_mean(values, 0.01)) == pytest.approx(4.0)


@pytest.mark.parametrize("phase", [0.0, 0.37, 0.999])
def test_profile_argmax_finds_the_peak_of_a_cosine(phase):
    theta = jnp.asarray(cosine_theta(0.2, 0.9, phase))
    peak = float(profile_argmax(circle_actions(1), theta))
    assert min(abs(peak - phase), 1 - abs(peak - phase)) < 1e-4


def test_profile_argmax_matches_a_fine_grid_on_random_profiles():
    space = circle_actions(4)
    grid = jnp.arange(2**16) / 2**16
    for seed in range(20):
        theta = jax.random.normal(jax.random.key(seed), (space.dim,))
        best = float(jnp.max(features(space, grid) @ theta))
        found = float(features(space, profile_argmax(space, theta)) @ theta)
        assert found == pytest.approx(best, abs=1e-5)


def test_instance_max_and_smooth_value_of_a_cosine_are_the_closed_forms():
    """g = (c + A cos 2 pi (b - phi)) / sqrt 2 has max (c + A) / sqrt 2 and top-h mean
    (c + A sin(pi h) / (pi h)) / sqrt 2."""
    space = circle_actions(1)
    problem = circle_bandit(space)
    h = 0.125
    instance = problem.sample(jax.random.key(0), circle_params(0.0, h))
    c, a = float(instance.theta[0]), float(np.linalg.norm(instance.theta[1:]))
    assert float(instance.best) == pytest.approx((c + a) / np.sqrt(2), abs=1e-5)
    assert float(instance.smooth) == pytest.approx(
        (c + a * np.sin(np.pi * h) / (np.pi * h)) / np.sqrt(2), abs=1e-4)
    best_action = float(profile_argmax(space, instance.theta)) + 0.3
    _, info = problem.feedback(jax.random.key(1), instance, jnp.float32(0.3), best_action)
    assert float(info["regret"]) == pytest.approx(0.0, abs=1e-5)
    assert float(info["smooth_regret"]) < 0.0  # the best action beats the h-smoothed comparator


def test_smooth_igw_circle_plays_off_peak_with_the_integral_of_its_acceptance():
    """P(a != a^) = int_0^1 db / (1 + h gamma gap(b)) with mu = U[0, 1)."""
    space, h, gamma = circle_actions(1), 0.05, 200.0
    theta = jnp.asarray(cosine_theta(0.0, 1.0, 0.25))
    oracle = ridge_init(space.dim, jnp.float32(1.0))._replace(theta=theta)
    rule = smooth_igw_circle_rule(h)
    keys = jax.random.split(jax.random.key(0), 40000)
    played, best, _ = jax.jit(jax.vmap(lambda k: rule(k, space, jnp.float32(0.6), oracle,
                                                      jnp.float32(gamma))))(keys)
    np.testing.assert_allclose(best, 0.85, atol=1e-4)
    b = (np.arange(100000) + 0.5) / 100000
    gap = np.asarray(features(space, 0.25) @ theta - features(space, b) @ theta)
    expected = float(np.mean(1.0 / (1.0 + h * gamma * np.maximum(gap, 0.0))))
    off_peak = float(np.mean(np.asarray(played) != np.asarray(best)))
    assert off_peak == pytest.approx(expected, abs=5 * np.sqrt(expected / 40000))
    assert np.all((np.asarray(played) >= 0.0) & (np.asarray(played) < 1.0))


def test_smooth_regret_is_below_regret_and_learning_beats_the_start():
    space = circle_actions(2)
    runner = Runner(circle_bandit(space), smooth_igw_circle(space, 0.05), 2000,
                    checkpoints=[200, 2000], metrics=bandit_metrics)
    totals = runner(jax.random.key(0), jnp.arange(8), batch_params([circle_params(0.1, 0.05)]),
                    batch_params([smooth_igw_circle(space).default_params])).totals
    regret, smooth = np.asarray(totals["regret"])[0], np.asarray(totals["smooth_regret"])[0]
    assert np.all(smooth <= regret + 1e-3)
    per_round = regret.mean(0) / np.asarray([200, 2000])
    assert per_round[1] < per_round[0]
