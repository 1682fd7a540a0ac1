"""Multiple-best-arms simulators: the instances, the index pool, the schedules and the learners'
known-answer behaviour."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from sims.run import Runner, batch_params
from sims.selection import (ARM_LEARNERS, ArmMeans, Arms, Pull, SampleParams, best_arm_count,
                            corral_igw, moss, moss_oracle, moss_plus_plus, multiple_best_arms,
                            parallel, synthetic_means, told_params, two_level_means)
from sims.selection.corral_igw import corral_igw_params
from sims.selection.index_pool import BLOCK, best, build, moss_index, padded, set_index
from sims.selection.moss import quantile_phases
from sims.selection.mosspp import block_ends, closed_cdf, draw_from, iterations, no_cdfs
from sims.selection.parallel import subroutine_sizes


def run(learner, means, horizon, n=4, checkpoints=None, params=None):
    problem = multiple_best_arms(np.asarray(means, np.float32))
    runner = Runner(problem, learner, horizon, checkpoints=checkpoints)
    learner_params = learner.default_params if params is None else params
    trajectory = runner(jax.random.key(0), jnp.arange(n), batch_params([problem.default_params]),
                        batch_params([learner_params]))
    return {k: np.asarray(v)[0] for k, v in trajectory.totals.items()}


def test_synthetic_generator_matches_the_papers_sizes():
    # Zhu & Nowak (NeurIPS 2020), Figure 2: n = 20,000, T = 50,000
    sizes = {0.1: 3390, 0.2: 1149, 0.25: 669, 0.3: 390, 0.4: 132, 0.5: 45, 0.6: 16, 0.7: 6,
             0.8: 2}
    for alpha, m in sizes.items():
        assert best_arm_count(20_000, 50_000, alpha) == m
    means = synthetic_means(20_000, 50_000, 0.5)
    assert np.sum(means == 0.9) == 45 and means.max() == np.float32(0.9)
    others = means[means < 0.9]
    assert set(np.unique(others)) == {np.float32(v) for v in (0.1, 0.2, 0.3, 0.4, 0.5)}
    assert np.ptp(np.unique(others, return_counts=True)[1]) <= 1  # spread as evenly as possible
    with pytest.raises(ValueError, match="alpha must lie in"):
        best_arm_count(100, 1000, 1.5)


def test_two_level_instances_have_the_level_and_gap_asked_for():
    means = two_level_means(2**14, 2**16, 0.5, 0.25)  # T^alpha = 256, Delta = 1/32
    best = means == means.max()
    assert best.sum() == 64 and means.size / best.sum() <= (2**16) ** 0.5
    assert means.max() - means.min() == pytest.approx(1 / 32)
    assert (means.max() + means.min()) / 2 == pytest.approx(0.5)
    assert two_level_means(8, 4, 0.0, 0.0).min() == 0.75  # alpha = 0: every arm is best
    for args, message in [((8, 64, 1.5, 0.0), "alpha"), ((8, 64, 0.5, -0.1), "gap exponent"),
                          ((8, 1, 0.5, 0.1), "horizon"), ((1, 64, 0.5, 0.1), "n must")]:
        with pytest.raises(ValueError, match=message):
            two_level_means(*args)


@pytest.mark.parametrize("means, message", [
    (np.ones((2, 2)), "must be a vector"), (np.array([0.5]), "integer >= 2"),
    (np.array([0.5, 1.5]), "must lie in"), (np.array([0.5, np.nan]), "must lie in"),
])
def test_bad_means_are_named(means, message):
    with pytest.raises(ValueError, match=message):
        multiple_best_arms(means)


def test_problem_shuffles_and_reports_regret():
    means = np.linspace(0.0, 1.0, 11, dtype=np.float32)
    problem = multiple_best_arms(means)
    instance = problem.sample(jax.random.key(1), problem.default_params)
    assert sorted(np.asarray(instance.means).tolist()) == sorted(means.tolist())
    assert not np.array_equal(np.asarray(instance.means), means)
    arm = int(np.argmin(np.abs(np.asarray(instance.means) - 0.3)))
    rewards, infos = jax.vmap(lambda k: problem.feedback(k, instance, 0, Pull(arm, 0)))(
        jax.random.split(jax.random.key(2), 20_000))
    assert abs(float(rewards.mean()) - 0.3) < 0.015
    np.testing.assert_allclose(np.asarray(infos["regret"]), 0.7, rtol=1e-6)
    assert float(infos["best"].max()) == 0.0


def test_index_pool_finds_the_maximum_after_updates():
    rng = np.random.default_rng(0)
    values = rng.normal(size=padded(300)).astype(np.float32)
    pool = build(jnp.asarray(values))
    for slot in rng.integers(0, values.size, 50):
        value = np.float32(rng.normal() * 3)
        values[slot] = value
        pool = set_index(pool, jnp.int32(slot), value)
        assert int(best(pool)) == int(np.argmax(values))
    blocks = jnp.arange(values.size // BLOCK) == 1
    assert int(best(pool, blocks)) == BLOCK + int(np.argmax(values[BLOCK:2 * BLOCK]))


def test_moss_index_known_values():
    # mu_hat + sqrt(max(log(H / (K N)), 0) / N): 0.5 + sqrt(log(100 / 4) / 4), then no radius
    got = moss_index(jnp.array([2.0, 3.0, 0.0]), jnp.array([4.0, 200.0, 0.0]), 100.0)
    np.testing.assert_allclose(np.asarray(got)[:2], [0.5 + np.sqrt(np.log(25.0) / 4), 0.015],
                               rtol=1e-6)
    assert np.isinf(np.asarray(got)[2])


def test_schedules_match_the_papers_settings():
    # Zhu & Nowak (NeurIPS 2020), Figure 2: beta = 1/2, T = 50,000: p = 8, K_1 = 512, iterations end
    # at 512, 1536, ..., 32256, 65024
    plan = iterations(20_000, 50_000, 0.5, empirical=False)
    np.testing.assert_array_equal(plan.starts, [0, 512, 1536, 3584, 7680, 15872, 32256])
    np.testing.assert_array_equal(plan.arms, [512, 256, 128, 64, 32, 16, 8])
    np.testing.assert_allclose(plan.scales[:2], [512 / 512, 1024 / 257])
    np.testing.assert_allclose(iterations(20_000, 50_000, 0.5, empirical=True).scales[1],
                               1536 / 257)
    # Parallel: P = 11 subroutines of min(ceil(T^(i/P) log sqrt T), T, n) arms
    np.testing.assert_array_equal(subroutine_sizes(20_000, 50_000),
                                  [15, 39, 104, 277, 740, 1979, 5290, 14146, 20000, 20000, 20000])
    quantile = quantile_phases(10_025, 100)
    np.testing.assert_array_equal(quantile.starts, [0, 2, 6, 14, 30, 62])
    np.testing.assert_array_equal(quantile.counts, [2, 2, 3, 3, 4, 5])
    with pytest.raises(ValueError, match="beta must lie in"):
        iterations(100, 1000, 0.3, empirical=False)
    with pytest.raises(ValueError, match="MOSS Oracle samples between 1 and n=10"):
        moss_oracle(10, 100, 11)


@pytest.mark.parametrize("width", [1, 2, 37, 64, 320, 4096, 4100])
def test_draw_from_matches_searchsorted(width):
    rng = np.random.default_rng(width)
    weights = rng.random((4, width)) * (rng.random((4, width)) < 0.3)
    weights[:, ::3] = 0.0
    weights[:, -1] += width == 1  # a row of one position needs mass
    weights[3] = 0.0  # a row not yet finished
    cdfs, close = no_cdfs(4, width), jax.jit(closed_cdf)  # compiled once for the rows
    for row in range(3):
        cdfs = close(cdfs, jnp.int32(row), jnp.asarray(weights[row], jnp.float32),
                     jnp.zeros(4, jnp.float32))
    cdf = np.asarray(cdfs.cdf)
    np.testing.assert_array_equal(cdfs.ends, cdf[:, block_ends(width)])
    draws = jax.jit(jax.vmap(draw_from, (None, None, 0)))
    u = np.concatenate([[0.0, 1.0 - 2**-24], rng.random(30)]).astype(np.float32)
    for row in range(4):
        expected = np.minimum(np.searchsorted(cdf[row], u * cdf[row, -1], "right"), width - 1)
        np.testing.assert_array_equal(draws(cdfs, jnp.int32(row), jnp.asarray(u)), expected)


def test_moss_tries_every_arm_once_first():
    means = np.full(40, 0.2, np.float32)
    means[7] = 0.9
    totals = run(moss(40, 400), means, 400, checkpoints=[40, 400])
    # after 40 rounds every arm was pulled once: regret is the sum of all gaps
    np.testing.assert_allclose(totals["regret"][:, 0], 39 * 0.7, rtol=1e-5)
    assert np.all(totals["best"][:, 0] == 1)


def test_moss_oracle_told_a_smaller_sample_runs_as_one_built_for_it():
    # one program serves every sample size up to the one it was built for: told m, it plays the
    # first m arms of its random order with MOSS scale T / m, as MOSS Oracle built for m does; a
    # size above the 300 it holds is taken as 300
    rng = np.random.default_rng(5)
    problem = multiple_best_arms(rng.uniform(0.1, 0.9, 300).astype(np.float32))
    horizon, sizes = 600, (7, 150, 300, 999)
    told = Runner(problem, moss_oracle(300, horizon, 300), horizon, checkpoints=[50, horizon])(
        jax.random.key(0), jnp.arange(4), batch_params([problem.default_params] * len(sizes)),
        batch_params([SampleParams(np.int32(m)) for m in sizes])).totals
    for setting, m in enumerate(sizes):
        built = run(moss_oracle(300, horizon, min(m, 300)), problem.default_params.means,
                    horizon, checkpoints=[50, horizon])
        for name in built:
            np.testing.assert_array_equal(np.asarray(told[name])[setting], built[name],
                                          err_msg=f"m={m} {name}")


def test_told_params_tell_parallel_mu_star_and_moss_oracle_the_designs_sample_size():
    instance = ArmMeans(np.asarray([0.2, 0.7, 0.7], np.float32))
    asked = []

    def sample() -> int:
        asked.append(True)
        return 2

    oracle = moss_oracle(3, 100, 3)
    assert told_params(oracle, instance, sample) == SampleParams(np.int32(2))
    assert told_params(oracle, instance) == oracle.default_params  # no design: its capacity
    assert float(told_params(parallel(3, 100), instance, sample).best_mean) == np.float32(0.7)
    assert told_params(moss(3, 100), instance, sample) == moss(3, 100).default_params
    assert len(asked) == 1  # the sample size is worked out for MOSS Oracle only


def test_learners_find_the_best_arms_of_an_easy_instance():
    means = np.full(64, 0.1, np.float32)
    means[:16] = 0.9  # n/m = 4
    horizon = 4096
    for name, build_learner in ARM_LEARNERS.items():
        learner = build_learner(Arms(64, horizon))
        totals = run(learner, means, horizon, checkpoints=[horizon // 2, horizon],
                     params=told_params(learner, ArmMeans(means)))
        late_best = (totals["best"][:, 1] - totals["best"][:, 0]) / (horizon / 2)
        assert late_best.mean() > 0.9, name


def test_mosspp_plays_virtual_arms_only_after_its_first_iteration():
    means = np.full(300, 0.1, np.float32)
    means[:3] = 0.9
    horizon = 4096  # p = 6: the first iteration covers rounds [0, 128)
    for empirical in (False, True):
        totals = run(moss_plus_plus(300, horizon, empirical=empirical), means, horizon,
                     checkpoints=[128, horizon])
        assert np.all(totals["virtual"][:, 0] == 0)
        assert np.all(totals["virtual"][:, 1] > 0)


def test_parallel_beats_moss_when_arms_outnumber_rounds():
    means = np.full(2000, 0.2, np.float32)
    means[:200] = 0.8  # n/m = 10 but n = 2000 > T: MOSS cannot even try every arm
    horizon = 1024
    learner = parallel(2000, horizon)
    known = run(learner, means, horizon, n=8, params=learner.default_params._replace(
        best_mean=np.float32(0.8)))["regret"][:, -1]
    plain = run(moss(2000, horizon), means, horizon, n=8)["regret"][:, -1]
    np.testing.assert_allclose(plain, 0.6 * horizon * 0.9, rtol=0.1)  # nine in ten pulls bad
    assert np.all(known < plain)


def test_corral_igw_plays_squarecbs_inverse_gap_weights():
    # one base at gamma = 10 on n = 4 arms with f^ = (0.9, 0.5, 0.1, 0): a != a^ = 0 is played
    # with probability 1 / (n + gamma gap(a)), the rest goes to a^
    learner = corral_igw(4, 100)
    state = learner.init(jax.random.key(0), corral_igw_params(10.0, 10.0, n_bases=1))
    for t, (arm, reward) in enumerate([(0, 0.9), (1, 0.5), (2, 0.1)]):
        state = learner.update(jax.random.key(t), state, jnp.int32(t),
                               Pull(jnp.int32(arm), jnp.int32(arm)), jnp.float32(reward))
    keys = jax.random.split(jax.random.key(1), 40000)
    arms = jax.vmap(lambda k: learner.act(k, state, jnp.int32(3))[0].arm)(keys)
    others = 1.0 / (4 + 10.0 * np.asarray([0.4, 0.8, 0.9]))
    expected = np.r_[1.0 - others.sum(), others]
    np.testing.assert_allclose(np.bincount(np.asarray(arms), minlength=4) / keys.shape[0],
                               expected, atol=0.01)
    with pytest.raises(ValueError, match="gamma_min <= gamma_max"):
        corral_igw_params(10.0, 1.0)
