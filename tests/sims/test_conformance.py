"""Conformance of every registered problem and learner with the contracts of sims.run."""

import functools

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from sims.families import FAMILIES
from sims.run import Runner, batch_params

HORIZON = 12
BATCH = 4  # the instances of the one batched program per pair
PAIRS = [pytest.param(family, problem, learner, id=f"{family.name}:{problem}:{learner}",
                      marks=pytest.mark.xdist_group(f"{family.name}:{problem}:{learner}"))
         for family in FAMILIES for problem in family.problems
         for learner in family.learners]  # a pair's tests on one worker, sharing its programs


def make(family, problem_name: str, learner_name: str) -> tuple[Runner, object, object, object]:
    """The runner of one pair of ``family`` at its test sizes, its batched params (the learner
    told what its family tells it) and its jitted run_one, made once for the pair's tests: each
    of its two programs (the runner at BATCH instances, run_one) compiles once."""
    return made(family.name, problem_name, learner_name)


@functools.cache
def made(family_name: str, problem_name: str, learner_name: str):
    family = next(f for f in FAMILIES if f.name == family_name)
    problem, space = family.problems[problem_name](family.test_sizes)
    learner = family.learners[learner_name](space)
    runner = Runner(problem, learner, HORIZON, checkpoints=[1, 3, 7, 12], metrics=family.metrics)
    told = family.told(learner, problem.default_params)
    return (runner, batch_params([problem.default_params]), batch_params([told]),
            jax.jit(runner.run_one))


def as_numpy(totals: dict) -> dict:
    return {k: np.asarray(v) for k, v in totals.items()}


@pytest.mark.parametrize("family, problem_name, learner_name", PAIRS)
def test_jit_equals_eager(family, problem_name, learner_name):
    runner, pp, lp, run_one = make(family, problem_name, learner_name)
    key = jax.random.fold_in(jax.random.key(3), 0)
    one = jax.tree.map(lambda x: x[0], (pp, lp))
    jitted = as_numpy(run_one(key, *one))
    with jax.disable_jit():
        eager = as_numpy(runner.run_one(key, *one))
    for name in jitted:
        np.testing.assert_allclose(jitted[name], eager[name], rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("family, problem_name, learner_name", PAIRS)
def test_vmap_equals_a_loop_and_instances_do_not_depend_on_the_batch(family, problem_name,
                                                                     learner_name):
    runner, pp, lp, run_one = make(family, problem_name, learner_name)
    key = jax.random.key(7)
    batched = as_numpy(runner(key, jnp.arange(BATCH), pp, lp).totals)
    one = jax.tree.map(lambda x: x[0], (pp, lp))
    for i in range(BATCH):  # each instance alone (a batch of one) is what the batch gave it
        single = as_numpy(run_one(jax.random.fold_in(key, i), *one))
        for name in single:
            np.testing.assert_allclose(batched[name][0, i], single[name], rtol=1e-5, atol=1e-5)
    shifted = as_numpy(runner(key, jnp.arange(2, 2 + BATCH), pp, lp).totals)
    for name in batched:  # instances 2 and 3 at other places, beside other instances
        np.testing.assert_allclose(shifted[name][0, :2], batched[name][0, 2:], rtol=1e-5,
                                   atol=1e-5)


@pytest.mark.parametrize("family, problem_name, learner_name", PAIRS)
def test_same_key_same_output_and_no_retracing(family, problem_name, learner_name):
    runner, pp, lp, _ = make(family, problem_name, learner_name)
    first = as_numpy(runner(jax.random.key(1), jnp.arange(BATCH), pp, lp).totals)
    again = as_numpy(runner(jax.random.key(1), jnp.arange(BATCH), pp, lp).totals)
    other_params = jax.tree.map(lambda x: x * 0.5, (pp, lp))
    other = as_numpy(runner(jax.random.key(2), jnp.arange(BATCH, 2 * BATCH),
                            *other_params).totals)
    for name in first:
        np.testing.assert_array_equal(first[name], again[name])
    assert set(other) == set(first)
    assert runner.traces == 1
