"""Conformance of every registered problem and learner with the contracts of sims.run."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from sims.families import FAMILIES
from sims.run import Runner, batch_params

HORIZON = 12
PAIRS = [(family, problem, learner) for family in FAMILIES for problem in family.problems
         for learner in family.learners]
IDS = [f"{family.name}:{problem}:{learner}" for family, problem, learner in PAIRS]


def make(family, problem_name: str, learner_name: str) -> tuple[Runner, object, object]:
    """The runner of one pair of ``family`` at its test sizes, and its batched params (the
    learner told what its family tells it)."""
    problem, space = family.problems[problem_name](family.test_sizes)
    learner = family.learners[learner_name](space)
    runner = Runner(problem, learner, HORIZON, checkpoints=[1, 3, 7, 12], metrics=family.metrics)
    told = family.told(learner, problem.default_params)
    return runner, batch_params([problem.default_params]), batch_params([told])


def as_numpy(totals: dict) -> dict:
    return {k: np.asarray(v) for k, v in totals.items()}


@pytest.mark.parametrize("family, problem_name, learner_name", PAIRS, ids=IDS)
def test_jit_equals_eager(family, problem_name, learner_name):
    runner, pp, lp = make(family, problem_name, learner_name)
    key = jax.random.fold_in(jax.random.key(3), 0)
    one = jax.tree.map(lambda x: x[0], (pp, lp))
    jitted = as_numpy(jax.jit(runner.run_one)(key, *one))
    with jax.disable_jit():
        eager = as_numpy(runner.run_one(key, *one))
    for name in jitted:
        np.testing.assert_allclose(jitted[name], eager[name], rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("family, problem_name, learner_name", PAIRS, ids=IDS)
def test_vmap_equals_a_loop_and_instances_do_not_depend_on_the_batch(family, problem_name,
                                                                     learner_name):
    runner, pp, lp = make(family, problem_name, learner_name)
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


@pytest.mark.parametrize("family, problem_name, learner_name", PAIRS, ids=IDS)
def test_same_key_same_output_and_no_retracing(family, problem_name, learner_name):
    runner, pp, lp = make(family, problem_name, learner_name)
    first = as_numpy(runner(jax.random.key(1), jnp.arange(3), pp, lp).totals)
    again = as_numpy(runner(jax.random.key(1), jnp.arange(3), pp, lp).totals)
    other_params = jax.tree.map(lambda x: x * 0.5, (pp, lp))
    other = as_numpy(runner(jax.random.key(2), jnp.arange(3, 6), *other_params).totals)
    for name in first:
        np.testing.assert_array_equal(first[name], again[name])
    assert set(other) == set(first)
    assert runner.traces == 1
