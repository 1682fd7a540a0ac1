"""Action tables drawn per instance: each instance has its own table, and the learner sees it."""

from functools import partial

import jax
import jax.numpy as jnp
import numpy as np

from sims.bandits import bandit_metrics, squarecb
from sims.bandits.actions import ActionTable, best_action, scores, sphere_actions
from sims.bandits.drawn_tables import per_instance_tables
from sims.bandits.linear import LinearParams, linear_contextual_bandit
from sims.run import Runner, batch_params
from sims.types import Learner

THETA = np.array([0.6, -0.8, 0.0], np.float32)
ONES = partial(linear_contextual_bandit, noise="gaussian", contexts="ones", theta=THETA)


def told_theta(table: ActionTable) -> Learner:
    """Plays argmax_a <z_a, theta*> on the table it is built on: zero regret on its own table."""

    def act(key, state, x):
        return best_action(table, scores(table, x * THETA)), {"explored": jnp.float32(0)}

    return Learner("told-theta", lambda key, params: (), act,
                   lambda key, state, x, action, reward: state, ())


def run(learner, n_actions=300, n_instances=8):
    problem, drawn = per_instance_tables(sphere_actions(0, n_actions, 3), ONES, learner)
    runner = Runner(problem, drawn, 16, checkpoints=[16], metrics=bandit_metrics)
    params = batch_params([drawn.default_params])
    return runner(jax.random.key(0), np.arange(n_instances),
                  batch_params([LinearParams(jnp.float32(0.1))]), params).totals


def test_tables_differ_between_instances_and_are_unit_with_the_first_row_as_padding():
    template = sphere_actions(0, 300, 3)
    problem, _ = per_instance_tables(template, ONES, told_theta)
    params = LinearParams(jnp.float32(0.1))
    first, second = (problem.sample(jax.random.key(k), params).features for k in (1, 2))
    assert first.shape == template.features.shape
    np.testing.assert_allclose(jnp.linalg.norm(first[:300], axis=1), 1.0, rtol=1e-5)
    np.testing.assert_array_equal(first[300:], np.repeat(first[:1], first.shape[0] - 300, 0))
    assert not np.allclose(first, second)
    np.testing.assert_array_equal(first, problem.sample(jax.random.key(1), params).features)


def test_the_learner_acts_on_its_instance_table():
    assert float(np.abs(run(told_theta)["regret"]).max()) == 0.0


def test_a_learner_built_on_the_template_alone_has_regret():
    template = sphere_actions(0, 300, 3)
    regret = run(lambda table: told_theta(template))["regret"]
    assert float(np.min(regret)) > 0.0


def test_squarecb_runs_on_drawn_tables_with_its_own_name_and_params():
    _, learner = per_instance_tables(sphere_actions(0, 20, 3), ONES, squarecb)
    assert learner.name == "squarecb"
    assert learner.default_params == squarecb(sphere_actions(0, 20, 3)).default_params
    totals = run(squarecb, n_actions=20)
    assert np.all(np.isfinite(totals["regret"])) and np.all(totals["regret"] >= 0)
