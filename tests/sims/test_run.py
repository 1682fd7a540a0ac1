"""sims.run: checkpoints, input validation, params batches and a hand-computed trajectory."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from sims.bandits import bandit_metrics, greedy_trap
from sims.bandits.actions import sphere_actions
from sims.bandits.linear import TRAP_GAP, LinearParams, linear_contextual_bandit
from sims.bandits.policies import greedy, oracle_params, squarecb
import sims.run
from sims.run import (BLOCK_BYTES, BLOCKED_ROUND_BYTES, Runner, batch_params, blocked,
                      log_checkpoints, pairs_per_block, product_bytes)


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


def uniform_draws_problem_and_learner():
    """A problem and a learner that only draw U(0, 1) from the keys sims.run hands them: the
    context from the step key, the action from the act key, the noise from the feedback key, and
    a draw from the update key kept with the round's action and noise until the next act; the
    metrics are the draws and their pairwise products (the update's lagged by a round)."""
    from sims.types import Learner, Problem

    def feedback(key, instance, context, action):
        noise = jax.random.uniform(key)
        return noise, {"context": context, "action": action, "noise": noise,
                       "action_noise": action * noise, "context_action": context * action}

    problem = Problem("uniform-draws", lambda key, params: (),
                      lambda key, instance, t: jax.random.uniform(key), feedback, ())
    def act(key, state, context):
        drawn, action, noise = state
        return jax.random.uniform(key), {"update": drawn, "update_action": drawn * action,
                                         "update_noise": drawn * noise, "kept_action": action,
                                         "kept_noise": noise}

    def update(key, state, context, action, noise):
        return jax.random.uniform(key), action, noise

    learner = Learner("uniform-draw", lambda key, params: (jnp.float32(0.5),) * 3, act, update, ())
    return problem, learner


def test_action_and_update_draws_are_independent_of_the_feedback_noise():
    """The covariances of the action draw with the reward noise and with the context, and of the
    update's draw with the same round's action and noise, are 0 within 5 standard errors (a
    false alarm about once in 10^6 runs): a key reused between them makes a covariance of
    1/12."""
    problem, learner = uniform_draws_problem_and_learner()
    n, horizon = 64, 512
    runner = Runner(problem, learner, horizon, checkpoints=[horizon])
    totals = runner(jax.random.key(0), jnp.arange(n), batch_params([()]), batch_params([()]))
    mean = {k: float(np.asarray(v).sum()) / (n * horizon) for k, v in totals.totals.items()}
    error = 5 * (1 / 12) / np.sqrt(n * horizon)  # (U - 1/2)(V - 1/2) has sd 1/12 if independent
    for pair, (a, b) in {"action_noise": ("action", "noise"),
                         "context_action": ("context", "action"),
                         "update_action": ("update", "kept_action"),
                         "update_noise": ("update", "kept_noise")}.items():
        assert abs(mean[pair] - mean[a] * mean[b]) < error, pair


def test_blocks_keep_the_order_of_the_pairs_and_drop_the_padding():
    pairs = (jnp.arange(7), jnp.arange(14).reshape(7, 2))
    for block in (1, 3):  # one pair at a time, unbatched; 3 blocks of 3, 2 of them padding
        out = blocked(lambda a, b: {"a": a * 10, "b": b.sum()}, pairs, block)
        np.testing.assert_array_equal(out["a"], np.arange(7) * 10)
        np.testing.assert_array_equal(out["b"], np.arange(14).reshape(7, 2).sum(axis=1))


def test_only_pairs_whose_products_read_much_run_in_blocks_that_fit_the_budget():
    big, small = BLOCKED_ROUND_BYTES, BLOCKED_ROUND_BYTES - 1
    assert pairs_per_block(40, 2**20, small) == 40
    assert pairs_per_block(40, 2**20, big) == max(1, BLOCK_BYTES // 2**20)
    assert pairs_per_block(40, BLOCK_BYTES + 1, big) == 1
    assert pairs_per_block(2, 1, big) == 2


def test_product_bytes_count_every_dot_in_loops_and_branches():
    """A fixed-count loop's products read once per iteration; a while loop's, of unknown count,
    once; each product's result counts once."""
    def program(x, m):
        looped = jax.lax.fori_loop(0, 3, lambda i, y: m @ y, x)
        until = jax.lax.while_loop(lambda y: y.sum() < 100.0, lambda y: m @ y, looped)
        return jax.lax.cond(x.sum() > 0, lambda: m.T @ until, lambda: until)

    x, m = jnp.ones(8), jnp.ones((8, 8))
    read = (8 * 8 + 8) * 4
    assert product_bytes(jax.make_jaxpr(program)(x, m).jaxpr) == ((3 + 1 + 1) * read,
                                                                   3 * 8 * 4)


def test_a_pair_holds_its_rounds_scores_in_a_block():
    """SquareCB at K = 10^4 keeps little state, but each round writes two score vectors of K
    (the environment's and the learner's): a block counts them, so 1,000 pairs do not run at
    once."""
    actions = sphere_actions(0, 10_000, 8)
    problem, learner = linear_contextual_bandit(actions), squarecb(actions)
    runner = Runner(problem, learner, 4, checkpoints=[4], metrics=bandit_metrics)
    one = (jax.random.key(0), problem.default_params, learner.default_params)
    held, read = runner.pair_bytes(*one)
    assert held >= 2 * 10_000 * 4 and read >= 2 * 10_000 * 8 * 4
    assert runner.pairs_in_a_block(1000, *one) < 1000


@pytest.mark.parametrize("block", [1, 3])
def test_pairs_run_in_blocks_give_the_values_of_pairs_run_side_by_side(monkeypatch, block):
    problem, actions = greedy_trap(3)
    noise = batch_params([LinearParams(jnp.float32(0.1))] * 2)
    params = batch_params([oracle_params(1.0, 0.0), oracle_params(50.0, 0.0)])
    runner = Runner(problem, squarecb(actions), 64, checkpoints=[16, 64], metrics=bandit_metrics)
    key = jax.random.key(3)
    expected = runner(key, jnp.arange(5), noise, params).totals
    size, _ = runner.pair_bytes(key, *(jax.tree.map(lambda leaf: leaf[0], tree)
                                       for tree in (noise, params)))
    monkeypatch.setattr(sims.run, "BLOCKED_ROUND_BYTES", 0)
    monkeypatch.setattr(sims.run, "BLOCK_BYTES", block * size)
    blocks = Runner(problem, squarecb(actions), 64, checkpoints=[16, 64], metrics=bandit_metrics)
    got = blocks(key, jnp.arange(5), noise, params).totals  # 10 pairs: 4 blocks of 3, or 1 by 1
    for name in expected:
        np.testing.assert_array_equal(got[name], expected[name])
