"""Conformance of every registered problem and learner with the contracts of sims.run."""

import functools
import itertools

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from sims.families import FAMILIES
from sims.run import Runner, batch_params

HORIZON = 12
CHECKPOINTS = (1, 3, 7, 12)
BATCH = 4  # the instances of the one batched program per pair


# on one worker, a pair's tests share its program, and the eager runs the operations compiled
# for earlier pairs
pytestmark = pytest.mark.xdist_group("test_conformance")


def pair(family, problem: str, learner: str):
    """The test parameter of one pair."""
    return pytest.param(family, problem, learner, id=f"{family.name}:{problem}:{learner}")


def covering(family) -> list[tuple[str, str]]:
    """max(#problems, #learners) pairs of ``family`` in which every problem and every learner
    appears: the i-th problem and the i-th learner, each list repeated cyclically."""
    count = max(len(family.problems), len(family.learners))
    return list(itertools.islice(zip(itertools.cycle(family.problems),
                                     itertools.cycle(family.learners)), count))


PAIRS = [pair(family, problem, learner) for family in FAMILIES for problem in family.problems
         for learner in family.learners]
# Every pair is traced (test_every_pair_traces_to_float_totals...). The contracts run on compiled
# programs (the batch against its instances run eagerly and alone, and independent of the batch,
# the same key giving the same output without retracing) are properties of each problem's and
# each learner's functions alone: a function that keeps Python state between calls (baked in
# once when traced, changing every round when eager), or whose batched form differs from its
# unbatched one, breaks them with any partner. So they run on pairs in which each problem and
# each learner appears once or more, not on every pair: a pair's program compiles in 1 to 5 s,
# and its eager run compiles its operations one by one, about a second the first time.
COVERING_PAIRS = [pair(family, problem, learner) for family in FAMILIES
                  for problem, learner in covering(family)]


def make(family, problem_name: str, learner_name: str) -> tuple[Runner, object, object]:
    """The runner of one pair of ``family`` at its test sizes and its batched params (the learner
    told what its family tells it), made once for the pair's tests: its program at BATCH
    instances compiles once."""
    return made(family.name, problem_name, learner_name)


def build(family_name: str, problem_name: str, learner_name: str):
    """A new runner of one pair of the family named ``family_name``, and its batched params."""
    family = next(f for f in FAMILIES if f.name == family_name)
    problem, space = family.problems[problem_name](family.test_sizes)
    learner = family.learners[learner_name](space)
    runner = Runner(problem, learner, HORIZON, checkpoints=CHECKPOINTS, metrics=family.metrics)
    told = family.told(learner, problem.default_params)
    return runner, batch_params([problem.default_params]), batch_params([told])


made = functools.cache(build)


def as_numpy(totals: dict) -> dict:
    return {k: np.asarray(v) for k, v in totals.items()}


def assert_batch_equals_eager(runner: Runner, pp, lp) -> None:
    """The first and the last instance of the compiled program's batch are what each gives run
    eagerly and alone (run_one, op by op, on its own key)."""
    key = jax.random.key(3)
    batched = as_numpy(runner(key, jnp.arange(BATCH), pp, lp).totals)
    one = jax.tree.map(lambda x: x[0], (pp, lp))
    for i in (0, BATCH - 1):
        with jax.disable_jit():
            eager = as_numpy(runner.run_one(jax.random.fold_in(key, i), *one))
        for name in eager:
            np.testing.assert_allclose(batched[name][0, i], eager[name], rtol=1e-5, atol=1e-5)


def test_every_problem_and_learner_is_run_eagerly_and_alone():
    for family in FAMILIES:
        problems, learners = zip(*covering(family))
        assert set(problems) == set(family.problems) and set(learners) == set(family.learners)


@pytest.mark.parametrize("family, problem_name, learner_name", COVERING_PAIRS)
def test_the_batch_equals_its_instances_run_eagerly_and_alone(family, problem_name, learner_name):
    assert_batch_equals_eager(*make(family, problem_name, learner_name))


def test_a_learner_counting_its_calls_in_python_is_not_eager_equal():
    """A learner that plays action (calls to act so far) mod K: traced once under jit, it plays
    one action every round."""
    uniform, pp, lp = make(FAMILIES[0], "linear-cb-gaussian", "uniform")
    calls = itertools.count()

    def act(key, state, observation):
        action, aux = uniform.learner.act(key, state, observation)
        return jnp.asarray(next(calls) % 3, action.dtype), aux

    runner = Runner(uniform.problem, uniform.learner._replace(act=act), HORIZON,
                    metrics=uniform.metrics)
    with pytest.raises(AssertionError):
        assert_batch_equals_eager(runner, pp, lp)


@pytest.mark.parametrize("family, problem_name, learner_name", PAIRS)
def test_every_pair_traces_to_float_totals_at_every_checkpoint(family, problem_name,
                                                               learner_name):
    """Every problem of a family runs with every learner of it: the program traces (it is not
    compiled) to float32 totals of shape (P, N, C) for each metric."""
    runner, pp, lp = build(family.name, problem_name, learner_name)
    shapes = jax.eval_shape(runner, jax.random.key(0), jnp.arange(BATCH), pp, lp)
    assert shapes.totals
    for name, total in shapes.totals.items():
        assert (total.shape, total.dtype) == ((1, BATCH, len(CHECKPOINTS)), jnp.float32), name


@pytest.mark.parametrize("family, problem_name, learner_name", COVERING_PAIRS)
def test_instances_do_not_depend_on_the_batch(family, problem_name, learner_name):
    runner, pp, lp = make(family, problem_name, learner_name)
    key = jax.random.key(7)
    batched = as_numpy(runner(key, jnp.arange(BATCH), pp, lp).totals)
    shifted = as_numpy(runner(key, jnp.arange(2, 2 + BATCH), pp, lp).totals)
    for name in batched:  # instances 2 and 3 at other places, beside other instances
        np.testing.assert_allclose(shifted[name][0, :2], batched[name][0, 2:], rtol=1e-5,
                                   atol=1e-5)


@pytest.mark.parametrize("family, problem_name, learner_name", COVERING_PAIRS)
def test_same_key_same_output_and_no_retracing(family, problem_name, learner_name):
    runner, pp, lp = make(family, problem_name, learner_name)
    first = as_numpy(runner(jax.random.key(1), jnp.arange(BATCH), pp, lp).totals)
    again = as_numpy(runner(jax.random.key(1), jnp.arange(BATCH), pp, lp).totals)
    # other values of the same shapes and dtypes (a sample size or d* stays an integer)
    other_params = jax.tree.map(lambda x: (x * 0.5).astype(x.dtype), (pp, lp))
    other = as_numpy(runner(jax.random.key(2), jnp.arange(BATCH, 2 * BATCH),
                            *other_params).totals)
    for name in first:
        np.testing.assert_array_equal(first[name], again[name])
    assert set(other) == set(first)
    assert runner.traces == 1
