"""The CORRAL master over SmoothIGW learners: its mirror-descent step, one base is SmoothIGW, and
it follows the better of two bases."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from scipy.optimize import brentq

from sims.bandits import bandit_metrics, linear_contextual_bandit, sphere_actions
from sims.bandits.corral import corral_params, corral_smooth_igw, log_barrier_step
from sims.bandits.linear import LinearParams
from sims.bandits.policies import oracle_params
from sims.bandits.smooth import smooth_igw
from sims.run import Runner, batch_params


@pytest.mark.parametrize("seed", range(5))
def test_log_barrier_step_matches_a_root_finder_and_sums_to_one(seed):
    rng = np.random.default_rng(seed)
    p = rng.dirichlet(np.ones(6))
    losses = np.zeros(6)
    losses[seed] = rng.uniform(0, 2) / p[seed]
    eta = 0.3
    w = 1 / p + eta * losses
    lam = brentq(lambda v: np.sum(1 / (w - eta * v)) - 1, -1e6, (w.min() - 1e-9) / eta)
    new = np.asarray(log_barrier_step(jnp.asarray(1 / p, jnp.float32),
                                      jnp.asarray(losses, jnp.float32), jnp.float32(eta)))
    np.testing.assert_allclose(1 / new, 1 / (w - eta * lam), rtol=1e-4)
    assert np.sum(1 / new) == pytest.approx(1.0, abs=1e-5)
    assert 1 / new[seed] < p[seed]  # the charged base loses mass
    unchanged = log_barrier_step(jnp.asarray(1 / p, jnp.float32), jnp.zeros(6), jnp.float32(eta))
    np.testing.assert_allclose(unchanged, 1 / p, rtol=1e-4)


def test_corral_params_out_of_range_are_named():
    with pytest.raises(ValueError, match="gamma_min"):
        corral_params(10.0, 1.0, 4)
    with pytest.raises(ValueError, match="n_bases"):
        corral_params(1.0, 10.0, 0)


def regret(learner, params, actions, horizon=2048, n=16):
    problem = linear_contextual_bandit(actions, "gaussian", "signs")
    runner = Runner(problem, learner, horizon, checkpoints=[horizon], metrics=bandit_metrics)
    noise = batch_params([LinearParams(jnp.float32(0.1))])
    totals = runner(jax.random.key(0), jnp.arange(n), noise, batch_params([params])).totals
    return np.asarray(totals["regret"])[0, :, -1]


def test_a_master_with_one_base_is_that_smooth_igw():
    actions = sphere_actions(0, 50, 4)
    alone = regret(smooth_igw(actions), oracle_params(20.0, 0.5), actions)
    master = regret(corral_smooth_igw(actions), corral_params(20.0, 20.0, 1), actions)
    np.testing.assert_allclose(master, alone, rtol=1e-5)


def test_the_master_follows_the_better_of_a_bad_and_a_good_base():
    actions = sphere_actions(0, 50, 4)
    bad = regret(smooth_igw(actions), oracle_params(0.01, 0.5), actions).mean()
    good = regret(smooth_igw(actions), oracle_params(30.0, 0.5), actions).mean()
    master = regret(corral_smooth_igw(actions), corral_params(0.01, 30.0, 2), actions).mean()
    assert good < 0.2 * bad
    assert master < 0.3 * bad
    assert master < 2.0 * good
