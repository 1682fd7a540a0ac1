"""sims.run: checkpoints, input validation, params batches and a hand-computed trajectory."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from sims.bandits import bandit_metrics, greedy_trap
from sims.bandits.linear import TRAP_GAP, LinearParams
from sims.bandits.policies import greedy, oracle_params, squarecb
from sims.run import Runner, batch_params, log_checkpoints


def test_log_checkpoints():
    marks = log_checkpoints(100, per_octave=2)
    assert marks[0] == 1 and marks[-1] == 100
    assert np.all(np.diff(marks) > 0)
    np.testing.assert_array_equal(log_checkpoints(1), [1])


@pytest.mark.parametrize("horizon", [-5, 0, 2.5, True, 2**31])
def test_bad_horizons_are_named(horizon):
    with pytest.raises(ValueError, match="horizon"):
        log_checkpoints(horizon)


def test_bad_checkpoints_are_refused():
    problem, actions = greedy_trap(3)
    with pytest.raises(ValueError, match="increasing"):
        Runner(problem, greedy(actions), 10, checkpoints=[5, 2])
    with pytest.raises(ValueError, match=r"\[1, horizon=10\]"):
        Runner(problem, greedy(actions), 10, checkpoints=[1, 11])
    with pytest.raises(ValueError, match="horizon"):
        Runner(problem, greedy(actions), -3)


def test_greedy_on_the_noiseless_trap_loses_the_gap_every_round():
    problem, actions = greedy_trap(3)
    runner = Runner(problem, greedy(actions), 50, checkpoints=[1, 10, 50], metrics=bandit_metrics)
    out = runner(jax.random.key(0), jnp.arange(2), batch_params([LinearParams(jnp.float32(0.0))]),
                 batch_params([oracle_params(0.0, 0.0)]))
    np.testing.assert_allclose(out.totals["regret"][0], [[TRAP_GAP, 10 * TRAP_GAP, 50 * TRAP_GAP]] * 2,
                               rtol=1e-5)
    np.testing.assert_array_equal(out.totals["explored"][0], 0.0)


def test_one_compiled_program_runs_a_batch_of_params():
    problem, actions = greedy_trap(3)
    runner = Runner(problem, squarecb(actions), 200, metrics=bandit_metrics)
    params = batch_params([oracle_params(1.0, 0.0), oracle_params(1e4, 0.0)])
    noise = batch_params([LinearParams(jnp.float32(0.1))] * 2)
    totals = runner(jax.random.key(0), jnp.arange(8), noise, params).totals
    explored = np.asarray(totals["explored"])
    assert explored.shape == (2, 8, runner.checkpoints.size)
    assert explored[0, :, -1].mean() > 3 * explored[1, :, -1].mean()  # gamma=1 explores far more
    assert runner.traces == 1


def test_metrics_named_max_are_running_maxima():
    problem, actions = greedy_trap(3)

    def metrics(info, aux):
        return {"regret": info["regret"], "max_regret": info["regret"]}

    runner = Runner(problem, greedy(actions), 20, checkpoints=[1, 20], metrics=metrics)
    out = runner(jax.random.key(0), jnp.arange(2), batch_params([LinearParams(jnp.float32(0.0))]),
                 batch_params([oracle_params(0.0, 0.0)]))
    np.testing.assert_allclose(out.totals["regret"][0, :, -1], 20 * TRAP_GAP, rtol=1e-5)
    np.testing.assert_allclose(out.totals["max_regret"][0], TRAP_GAP, rtol=1e-6)
