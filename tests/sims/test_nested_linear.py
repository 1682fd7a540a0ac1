"""Nested linear model classes: the instances, the incremental LinUCB table, the LinUCB++ and
Dynamic Balancing schedules, and the learners' known-answer behaviour."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from sims.run import Runner, batch_params
from sims.selection import (LINEAR_LEARNERS, LinearSizes, dynamic_balancing, embedded_arms,
                            linucb_oracle, linucb_plus_plus, nested_linear, nested_linear_params)
from sims.selection.arms import Pull
from sims.selection.balancing import base_dims, putative_bound
from sims.selection.linucb import (basis_update, bonus, confidence_width, feature, restarted,
                                   table_init, table_update, width_log)
from sims.selection.linucbpp import linear_iterations


def final_state(problem, learner, horizon, seed=0):
    """Play one instance for ``horizon`` rounds as sims.run does; the learner's last state."""
    instance = problem.sample(jax.random.key(seed), problem.default_params)
    keys = jax.random.split(jax.random.key(seed + 1), 4)

    def round_(t, state):
        seen = problem.step(keys[0], instance, t)
        pull, _ = learner.act(jax.random.fold_in(keys[1], t), state, seen)
        reward, _ = problem.feedback(jax.random.fold_in(keys[2], t), instance, seen, pull)
        return learner.update(jax.random.fold_in(keys[3], t), state, seen, pull, reward)

    state = learner.init(keys[0], learner.default_params)
    return jax.jit(lambda s: jax.lax.fori_loop(0, horizon, round_, s))(state)


def test_instances_follow_the_papers_generator():
    problem = nested_linear(40, 30, 5)
    instance = problem.sample(jax.random.key(0), problem.default_params)
    np.testing.assert_allclose(np.linalg.norm(instance.actions, axis=1), 1.0, rtol=1e-5)
    theta = np.r_[np.full(5, 1 / np.sqrt(5)), np.zeros(35)]
    np.testing.assert_allclose(instance.values, np.asarray(instance.actions) @ theta, atol=1e-6)
    seen = problem.step(None, instance, jnp.int32(3))
    assert int(seen.t) == 3 and seen.actions.shape == (30, 40)
    other = problem.sample(jax.random.key(0), nested_linear_params(12, 0.5))
    np.testing.assert_allclose(other.values, np.asarray(other.actions) @ np.r_[
        np.full(12, 1 / np.sqrt(12)), np.zeros(28)], atol=1e-6)
    with pytest.raises(ValueError, match=r"d\* = 50 must not exceed the dimension d = 40"):
        nested_linear(40, 30, 50)
    with pytest.raises(ValueError, match="K must be an integer >= 2"):
        nested_linear(40, 1, 5)
    with pytest.raises(ValueError, match="sigma must be >= 0"):
        nested_linear_params(5, -0.1)
    quiet = problem.sample(jax.random.key(0), nested_linear_params(5, signal=0.25))
    np.testing.assert_allclose(quiet.values, 0.25 * np.asarray(instance.values), atol=1e-6)
    for signal in (0.0, 1.5):
        with pytest.raises(ValueError, match=rf"signal s = \|\|theta\*\|\| must lie in "
                                             rf"\(0, 1\], got {signal}"):
            nested_linear_params(5, signal=signal)


def test_embedded_arms_hide_one_best_basis_action_among_the_first_d_star():
    problem = embedded_arms(16, 5)
    params = nested_linear_params(5, 0.5, signal=0.25)
    best = []
    for seed in range(60):
        instance = problem.sample(jax.random.key(seed), params)
        np.testing.assert_array_equal(instance.actions, np.eye(16))
        assert float(instance.best) == 0.25 and int((instance.values != 0).sum()) == 1
        best.append(int(np.argmax(instance.values)))
    assert set(best) == set(range(5))
    with pytest.raises(ValueError, match=r"d\* = 20 must not exceed the dimension d = 16"):
        embedded_arms(16, 20)


def test_the_analysis_bonus_explores_more_than_the_papers_code():
    widths = jnp.asarray([4.0, 0.25, 0.0])
    np.testing.assert_allclose(bonus(2.0, widths, squared_norm=True), [8.0, 0.5, 0.0])
    np.testing.assert_allclose(bonus(2.0, widths, squared_norm=False), [4.0, 1.0, 0.0])
    # one best arm among 8 at gap 0.1 under noise 0.5: the squared norm's 1/n bonus stops
    # exploring before the estimates separate the arms, and some runs settle on a wrong arm for
    # good (linear regret); with the norm's 1/sqrt(n) bonus none does
    problem, horizon, gap = embedded_arms(8, 8), 20000, 0.1
    params = nested_linear_params(8, 0.5, signal=gap)
    stuck = {}
    for squared in (True, False):
        learner = linucb_oracle(8, 8, horizon, 8, squared_norm=squared)
        runner = Runner(problem, learner, horizon, checkpoints=[horizon // 2, horizon])
        totals = runner(jax.random.key(0), jnp.arange(128), batch_params([params]), batch_params(
            [learner.default_params._replace(noise_scale=jnp.float32(0.5))])).totals
        regret = np.asarray(totals["regret"])[0]
        late_wrong = (regret[:, 1] - regret[:, 0]) / (gap * horizon / 2)  # share of late rounds
        stuck[squared] = int((late_wrong > 0.5).sum())
    assert stuck[True] >= 2 and stuck[False] == 0, stuck


def test_incremental_table_equals_ridge_regression_from_scratch():
    rng = np.random.default_rng(0)
    actions = rng.normal(size=(20, 6)).astype(np.float32)
    keep = jnp.int32(5)  # features: the first 5 of 6 coordinates, scaled to max norm 1
    features = np.c_[actions[:, :5], np.zeros(20)]
    features /= np.linalg.norm(features, axis=1).max()
    table = restarted(table_init(20, 8, jnp.float32(0.1)), jnp.asarray(actions), 6, keep,
                      jnp.float32(0.1), jnp.bool_(True))  # two coordinates beyond the actions'
    np.testing.assert_allclose(table.widths, np.sum(features**2, axis=1) / 0.1, atol=2**-12)
    phis, ys = [], []
    for s in range(15):
        phi = (np.r_[feature(table, jnp.asarray(actions), 6, keep, s % 20), 0.0, 0.0] if s % 4
               else np.eye(8)[6 + s % 2])
        y = np.float32(rng.normal())
        table = table_update(table, jnp.asarray(actions), 6, keep, jnp.asarray(phi, jnp.float32), y)
        phis.append(phi), ys.append(y)
    design = np.asarray(phis, np.float64)
    v_inv = np.linalg.inv(0.1 * np.eye(8) + design.T @ design)
    theta = v_inv @ design.T @ np.asarray(ys, np.float64)
    padded = np.c_[features, np.zeros((20, 2))]
    np.testing.assert_allclose(table.scores, padded @ theta, atol=2e-4)
    np.testing.assert_allclose(table.widths, np.sum(padded @ v_inv * padded, axis=1), rtol=1e-3,
                               atol=1e-3)
    np.testing.assert_allclose(table.ridge.a_inv, v_inv, atol=1e-3)
    same = restarted(table, jnp.asarray(actions), 6, keep, jnp.float32(0.1), jnp.bool_(False))
    np.testing.assert_array_equal(same.widths, table.widths)


@pytest.mark.parametrize("make, pulls", [
    (lambda basis: linucb_oracle(32, 32, 2500, 6, basis=basis), [(0, 0), (5, 5), (6, 6), (31, 31)]),
    (lambda basis: linucb_plus_plus(32, 32, 2500, basis=basis),
     [(0, 0), (15, 15), (16, 16), (31, 31), (3, 32), (9, 34)]),  # slot >= K: virtual arm
], ids=["linucb-oracle", "linucb++"])
def test_basis_update_is_the_general_update_on_the_standard_basis(make, pulls):
    """From a state the general learner reached on the embedded instances (LinUCB++ in its
    fourth iteration, d_4 = 16 of 32 coordinates kept, three virtual arms), the O(K) update of
    ``basis`` gives the same state as the general one for actions inside and outside the kept
    coordinates and for virtual arms."""
    problem = embedded_arms(32, 6)
    general, basis = make(False), make(True)
    state = final_state(problem, general, 1000)
    instance = problem.sample(jax.random.key(0), problem.default_params)
    seen = problem.step(None, instance, jnp.int32(1000))
    general_update, basis_update = jax.jit(general.update), jax.jit(basis.update)  # as in a run
    for arm, slot in pulls:
        pull = Pull(jnp.int32(arm), jnp.int32(slot))
        expected = general_update(jax.random.key(2), state, seen, pull, jnp.float32(0.7))
        got = basis_update(jax.random.key(2), state, seen, pull, jnp.float32(0.7))
        jax.tree.map(lambda e, g: np.testing.assert_allclose(g, e, rtol=1e-6, atol=1e-7),
                     expected, got)
    a_inv = np.asarray((state.table if hasattr(state, "table") else state[0]).ridge.a_inv)
    np.testing.assert_array_equal(a_inv, np.diag(np.diag(a_inv)))  # what basis relies on


def test_linucb_oracle_told_a_smaller_d_star_runs_as_one_built_for_it():
    """One program serves every d* up to the one it was built for: on the standard basis
    (embedded arms, d* = 6 of 32), told d* it gives the numbers of LinUCB Oracle built for d*,
    bit for bit."""
    problem = embedded_arms(32, 6)
    horizon = 400

    def totals(learner, params: list) -> dict[str, np.ndarray]:
        runner = Runner(problem, learner, horizon, checkpoints=[40, horizon])
        out = runner(jax.random.key(3), jnp.arange(4),
                     batch_params([problem.default_params] * len(params)), batch_params(params))
        return {k: np.asarray(v) for k, v in out.totals.items()}

    d_stars = (2, 6, 32)
    told = linucb_oracle(32, 32, horizon, 32, basis=True)
    got = totals(told, [told.default_params._replace(d_star=jnp.int32(d)) for d in d_stars])
    for setting, d_star in enumerate(d_stars):
        built = linucb_oracle(32, 32, horizon, d_star, basis=True)
        expected = totals(built, [built.default_params])
        for name in expected:
            np.testing.assert_array_equal(got[name][setting], expected[name][0],
                                          err_msg=f"d*={d_star}")


def test_basis_update_is_table_update_of_a_one_hot_feature():
    """phi = value e_c on the standard basis of R^12, regression over D = 10 coordinates of
    which the actions reach dim = 8 and keep = 6: c inside, between keep and dim, and beyond."""
    actions = jnp.eye(12)
    table = restarted(table_init(12, 10, jnp.float32(0.1)), actions, 8, jnp.int32(6),
                      jnp.float32(0.1), jnp.bool_(True))
    rng = np.random.default_rng(1)
    for coordinate, value in [(2, 1.0), (7, 0.8), (9, 1.0), (0, 0.0), (5, 0.5), (2, 1.0)] * 3:
        phi = jnp.zeros(10).at[coordinate].set(value)
        y = jnp.float32(rng.normal())
        expected = table_update(table, actions, 8, jnp.int32(6), phi, y)
        got = basis_update(table, 8, jnp.int32(6), jnp.int32(coordinate), jnp.float32(value), y)
        jax.tree.map(lambda e, g: np.testing.assert_allclose(g, e, rtol=1e-6, atol=1e-7),
                     expected, got)
        table = expected


def test_truncation_and_width_follow_the_papers_code():
    actions = jnp.asarray([[0.6, 0.8, 0.0], [0.0, 0.6, 0.8], [1.0, 0.0, 0.0]])
    table = restarted(table_init(3, 1, jnp.float32(1.0)), actions, 1, None, jnp.float32(1.0),
                      jnp.bool_(True))
    assert float(table.scale) == pytest.approx(1.0)
    np.testing.assert_allclose(table.widths, [0.36, 0.0, 1.0], atol=2**-12)
    half = restarted(table, actions, 2, jnp.int32(1), jnp.float32(1.0), jnp.bool_(True))
    np.testing.assert_allclose(feature(half, actions, 2, jnp.int32(1), 0), [0.6, 0.0])
    assert float(confidence_width(0.1**2, width_log(2500, 1200))) == pytest.approx(0.625, abs=5e-4)


def test_linucbpp_schedule_matches_the_papers_figure():
    plan = linear_iterations(600, 2500, 0.5)  # Zhu & Nowak 2022, Figure 1
    assert plan.starts.tolist() == [0, 128, 384, 896, 1920]
    assert list(zip(plan.dims.tolist(), plan.lengths.tolist())) == [
        (128, 128), (64, 256), (32, 512), (16, 1024), (8, 2048)]
    assert linear_iterations(20, 2500, 0.5).dims.tolist() == [20, 20, 20, 16, 8]


def test_linucbpp_plays_virtual_arms_only_after_its_first_iteration():
    problem = nested_linear(16, 40, 4)
    learner = linucb_plus_plus(40, 16, 512)  # p = 5, iterations start at 0, 64, 192
    runner = Runner(problem, learner, 512, checkpoints=[64, 192, 512])
    totals = runner(jax.random.key(0), jnp.arange(4), batch_params([problem.default_params]),
                    batch_params([learner.default_params])).totals
    virtual = np.asarray(totals["virtual"])[0]
    assert np.all(virtual[:, 0] == 0) and np.all(virtual[:, 2] > virtual[:, 1])
    state = final_state(problem, learner, 200)  # in iteration 3: two virtual arms exist
    cdf = np.asarray(state.cdfs.cdf)
    np.testing.assert_allclose(cdf[:2, -1], 1.0, rtol=1e-5)  # finished iterations' CDFs
    assert np.all(cdf[2:] == 0) and np.all(np.diff(cdf[:2], axis=1) >= 0)
    assert float(state.virtual_pulls.sum() + state.pulls.sum()) == 200 - 192


def test_dynamic_balancing_bases_and_bound():
    assert base_dims(600).tolist() == [1, 2, 4, 8, 16, 32, 64, 128, 256, 512]
    assert base_dims(2).tolist() == [1] and base_dims(1).tolist() == [1]
    bound = np.asarray(putative_bound(jnp.float32(4.0), jnp.asarray([0.0, 10.0, 100.0]), 50))
    assert bound[0] == 0 and 0 < bound[1] < bound[2]


def test_dynamic_balancing_balances_the_putative_bounds():
    problem = nested_linear(8, 16, 8)
    state = final_state(problem, dynamic_balancing(16, 8, 3000), 3000)
    bounds = np.asarray(putative_bound(jnp.asarray([1.0, 2.0, 4.0]), state.plays, 16))
    assert float(state.plays.sum()) == 3000 and np.all(np.diff(np.asarray(state.plays)) < 0)
    assert np.ptp(bounds) < 0.01 * bounds.mean()  # R_j(n_j) equal up to one play


def test_dynamic_balancing_eliminates_a_base_whose_optimism_falls_below_another_pessimism():
    problem = nested_linear(8, 16, 8)
    learner = dynamic_balancing(16, 8, 3000)
    state = learner.init(jax.random.key(0), learner.default_params)
    instance = problem.sample(jax.random.key(0), problem.default_params)
    seen = problem.step(None, instance, jnp.int32(5))
    plays = jnp.full(3, 1e7, jnp.float32)  # R_j(n) / n is about 0.04 sqrt(d_j) at n = 1e7
    crafted = state._replace(plays=plays, rewards=plays * jnp.asarray([0.2, 0.5, 0.9]))
    after = learner.update(jax.random.key(2), crafted, seen,
                           learner.act(jax.random.key(1), crafted, seen)[0], 0.9)
    assert np.asarray(after.active).tolist() == [False, False, True]
    close = state._replace(plays=plays, rewards=plays * jnp.asarray([0.88, 0.89, 0.9]))
    after = learner.update(jax.random.key(2), close, seen,
                           learner.act(jax.random.key(1), close, seen)[0], 0.9)
    assert np.asarray(after.active).all()


@pytest.mark.parametrize("name", sorted(LINEAR_LEARNERS))
def test_every_linear_learner_learns_a_small_instance(name):
    # d* = 2 of d = 8: sublinear regret, far below a uniformly random action's
    problem = nested_linear(8, 20, 2)
    learner = LINEAR_LEARNERS[name](LinearSizes(20, 8, 2, 2000))
    runner = Runner(problem, learner, 2000, checkpoints=[200, 2000])
    regret = np.asarray(runner(jax.random.key(1), jnp.arange(8),
                               batch_params([problem.default_params]),
                               batch_params([learner.default_params])).totals["regret"])[0]
    instance = problem.sample(jax.random.key(0), problem.default_params)
    random_rate = float(instance.best - instance.values.mean())
    late = (regret[:, 1] - regret[:, 0]).mean() / 1800
    assert late < 0.25 * random_rate, (name, late, random_rate)
