"""Conformance of every registered problem and learner with the contracts of sims.run."""

import itertools

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from sims import active, selection
from sims.bandits import CIRCLE_LEARNERS, CIRCLE_PROBLEMS, LEARNERS, PROBLEMS, bandit_metrics
from sims.run import Runner, batch_params, merge_metrics

HORIZON = 12
PAIRS = (list(itertools.product(PROBLEMS, LEARNERS))
         + list(itertools.product(CIRCLE_PROBLEMS, CIRCLE_LEARNERS))
         + list(itertools.product(active.CLASSES, active.LEARNERS))
         + [("multiple-best-arms", name) for name in selection.ARM_LEARNERS]
         + [("nested-linear", name) for name in selection.LINEAR_LEARNERS])


def make(problem_name: str, learner_name: str) -> tuple[Runner, object, object]:
    metrics = bandit_metrics
    if problem_name in CIRCLE_PROBLEMS:
        problem, space = CIRCLE_PROBLEMS[problem_name](2)
        learner = CIRCLE_LEARNERS[learner_name](space)
    elif problem_name in active.CLASSES:
        cls = active.CLASSES[problem_name](4, (0.1, 0.3))
        problem, learner = active.stream_problem(cls), active.LEARNERS[learner_name](cls)
        metrics = merge_metrics
    elif problem_name == "multiple-best-arms":
        problem = selection.multiple_best_arms(np.array([0.9, 0.9, 0.2, 0.5, 0.1, 0.3]))
        learner = selection.ARM_LEARNERS[learner_name](6, HORIZON)
        metrics = merge_metrics
    elif problem_name == "nested-linear":
        problem = selection.nested_linear(6, 5, 2)
        learner = selection.LINEAR_LEARNERS[learner_name](5, 6, 2, HORIZON)
        metrics = merge_metrics
    else:
        problem, actions = PROBLEMS[problem_name](5, 3)
        learner = LEARNERS[learner_name](actions)
    runner = Runner(problem, learner, HORIZON, checkpoints=[1, 3, 7, 12], metrics=metrics)
    return runner, batch_params([problem.default_params]), batch_params([learner.default_params])


def as_numpy(totals: dict) -> dict:
    return {k: np.asarray(v) for k, v in totals.items()}


@pytest.mark.parametrize("problem_name, learner_name", PAIRS)
def test_jit_equals_eager(problem_name, learner_name):
    runner, pp, lp = make(problem_name, learner_name)
    key = jax.random.fold_in(jax.random.key(3), 0)
    one = jax.tree.map(lambda x: x[0], (pp, lp))
    jitted = as_numpy(jax.jit(runner.run_one)(key, *one))
    with jax.disable_jit():
        eager = as_numpy(runner.run_one(key, *one))
    for name in jitted:
        np.testing.assert_allclose(jitted[name], eager[name], rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("problem_name, learner_name", PAIRS)
def test_vmap_equals_a_loop_and_instances_do_not_depend_on_the_batch(problem_name, learner_name):
    runner, pp, lp = make(problem_name, learner_name)
    key = jax.random.key(7)
    batched = as_numpy(runner(key, jnp.arange(4), pp, lp).totals)
    one = jax.tree.map(lambda x: x[0], (pp, lp))
    run_one = jax.jit(runner.run_one)
    for i in range(4):
        single = as_numpy(run_one(jax.random.fold_in(key, i), *one))
        for name in single:
            np.testing.assert_allclose(batched[name][0, i], single[name], rtol=1e-5, atol=1e-5)
    fewer = as_numpy(runner(key, jnp.arange(2), pp, lp).totals)
    shifted = as_numpy(runner(key, jnp.arange(2, 4), pp, lp).totals)
    for name in batched:
        np.testing.assert_allclose(fewer[name][0], batched[name][0, :2], rtol=1e-5, atol=1e-5)
        np.testing.assert_allclose(shifted[name][0], batched[name][0, 2:], rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("problem_name, learner_name", PAIRS)
def test_same_key_same_output_and_no_retracing(problem_name, learner_name):
    runner, pp, lp = make(problem_name, learner_name)
    first = as_numpy(runner(jax.random.key(1), jnp.arange(3), pp, lp).totals)
    again = as_numpy(runner(jax.random.key(1), jnp.arange(3), pp, lp).totals)
    other_params = jax.tree.map(lambda x: x * 0.5, (pp, lp))
    other = as_numpy(runner(jax.random.key(2), jnp.arange(3, 6), *other_params).totals)
    for name in first:
        np.testing.assert_array_equal(first[name], again[name])
    assert set(other) == set(first)
    assert runner.traces == 1
