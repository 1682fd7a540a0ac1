"""The d-dimensional finite classes: halfspaces, smooth nonparametric and random ReLU scores."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from sims.active.feature_classes import (SCALE_SAMPLE, halfspace_class, relu_class,
                                         smooth_class)
from sims.active.noise import NoiseProfile, hard, logistic, tsybakov

LEVELS = (0.05, 0.2)
FAMILIES = {
    "halfspaces": lambda profile: halfspace_class(profile, 3, 16, LEVELS),
    "smooth": lambda profile: smooth_class(profile, 2, 16, LEVELS),
    "relu": lambda profile: relu_class(profile, 2, 16, LEVELS),
}


def logit(values: np.ndarray) -> np.ndarray:
    """log(v / (1 - v)) where the sigmoid is not saturated in float32, nan elsewhere."""
    kept = np.where((values > 1e-4) & (values < 1 - 1e-4), values, np.nan)
    return np.log(kept / (1 - kept))


def points(dim: int, n: int = 64, seed: int = 1) -> jnp.ndarray:
    return jax.random.uniform(jax.random.key(seed), (n, dim), minval=-1.0, maxval=1.0)


@pytest.mark.parametrize("family", FAMILIES)
def test_members_agree_lie_in_the_unit_interval_and_have_unit_rms_scores(family):
    cls = FAMILIES[family](logistic())
    dim = cls.sample_x(jax.random.key(0)).shape[0]
    xs = points(dim, SCALE_SAMPLE, seed=7)
    values = np.asarray(jax.vmap(cls.values)(xs))  # (n, |F|)
    assert values.shape == (SCALE_SAMPLE, cls.size)
    assert np.all((values >= 0) & (values <= 1))
    for index in (0, 3, cls.size - 1):
        one = np.asarray(jax.vmap(lambda x: cls.value(index, x))(xs[:8]))
        np.testing.assert_allclose(one, values[:8, index], rtol=1e-5, atol=1e-6)
    # the scores g = (f - 1/2) / s under a linear profile have RMS 1 over D_X (fresh sample: 10%)
    linear = FAMILIES[family](NoiseProfile("linear", lambda r, s: s * r))
    scores = (np.asarray(jax.vmap(linear.values)(xs), np.float64)[:, 0::2] - 0.5) / LEVELS[0]
    np.testing.assert_allclose(np.sqrt(np.mean(scores**2, axis=0)), 1.0, rtol=0.1)
    # the same score at both levels: same Bayes classifier
    np.testing.assert_array_equal(values[:, 0::2] >= 0.5, values[:, 1::2] >= 0.5)


def test_logistic_halfspaces_are_sigmoids_of_a_direction():
    cls = halfspace_class(logistic(), 3, 8, LEVELS, seed=3)
    xs = np.asarray(points(3))
    values = np.asarray(jax.vmap(cls.values)(jnp.asarray(xs)), np.float64)[:, 1::2]  # level 0.2
    scores = LEVELS[1] * logit(values)  # (n, G)
    # linear in x through the origin: each column is xs @ u_j for some u_j
    for column in scores.T:
        kept = ~np.isnan(column)
        direction, *_ = np.linalg.lstsq(xs[kept], column[kept], rcond=None)
        np.testing.assert_allclose(xs[kept] @ direction, column[kept], atol=1e-3)


def test_targets_and_noise_profiles():
    cls = relu_class(hard(0.25, 0.4), 2, 16, LEVELS)
    targets = np.asarray(jax.vmap(lambda k: cls.draw_target(k, 0.2))(
        jax.random.split(jax.random.key(0), 200)))
    assert set(targets % 2) == {1} and len(set(targets // 2)) > 8
    xs = points(2, 512)
    margins = np.abs(np.asarray(jax.vmap(cls.values)(xs), np.float64) - 0.5)
    assert set(np.round(np.unique(margins), 5).tolist()) <= {0.05, 0.2, 0.4}
    linear = halfspace_class(tsybakov(1.0, 0.4), 3, 8, LEVELS)
    margins = np.abs(np.asarray(jax.vmap(linear.values)(points(3, 512))) - 0.5)
    assert margins.max() == pytest.approx(0.2) and margins.min() < 0.01


@pytest.mark.parametrize("make, message", [
    (lambda: halfspace_class(logistic(), 0, 8, LEVELS), "dim"),
    (lambda: halfspace_class(logistic(), 3, 1, LEVELS), "n_directions"),
    (lambda: smooth_class(logistic(), 2, 8, LEVELS, bandwidth=0.0), "bandwidth"),
    (lambda: smooth_class(logistic(), 2, 8, LEVELS, n_bumps=1), "n_bumps"),
    (lambda: relu_class(logistic(), 2, 8, (0.2, 0.7)), "levels"),
    (lambda: relu_class(logistic(), 2, 8, LEVELS, width=0), "width"),
])
def test_bad_parameters_are_named(make, message):
    with pytest.raises(ValueError, match=message):
        make()
