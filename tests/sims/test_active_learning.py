"""Part I simulators: noise profiles, the threshold class, the stream's metrics, the learners."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
import sympy as sp

from proofs.active import RADIUS_LAMBDA
from sims.active import CLASSES, LEARNERS, stream_problem
from sims.active.classes import kronecker_point, threshold_class
from sims.active.learners import (RADIUS_LAMBDA as SIMS_LAMBDA, empirical_risk_minimizer,
                                  frozen, interval, radius, version_space_learner,
                                  version_space_params)
from sims.active.noise import hard, massart, tsybakov
from sims.active.stream import (METRICS, NO_LABEL, Decision, StreamPoint, chow_excess,
                                stream_params)
from sims.run import Runner, batch_params

LEVELS = (0.05, 0.1, 0.2, 0.4)


def test_radius_constant_matches_the_derivation():
    assert SIMS_LAMBDA == pytest.approx(float(RADIUS_LAMBDA))
    params = version_space_params(delta=0.05)
    assert float(radius(1024, params)) == pytest.approx(np.log(1024 / 0.05) / 0.4, rel=1e-6)


def test_empirical_risk_minimizer_breaks_rounding_ties_to_the_lowest_index():
    # members 1 and 3 tie in real arithmetic; float32 rounding left member 3 one ulp lower
    tied = jnp.array([2.0, 1.5034447, 3.0, 1.5034446], jnp.float32)
    assert int(empirical_risk_minimizer(tied)) == 1
    assert int(empirical_risk_minimizer(jnp.array([2.0, 1.6, 3.0, 1.5]))) == 3
    assert int(empirical_risk_minimizer(jnp.array([0.0, 1e-3, 0.0]))) == 0


def test_kronecker_points_integrate_exactly_enough():
    points = np.asarray(jax.vmap(lambda t: kronecker_point(jnp.uint32(123456789), t))(
        jnp.arange(4096)))
    assert points.min() >= 0 and points.max() < 1
    for f, integral in ((lambda x: x, 0.5), (lambda x: (x < 0.3), 0.3), (lambda x: x**2, 1 / 3)):
        assert abs(f(points).mean() - integral) < 2e-3
    late = kronecker_point(jnp.uint32(0), jnp.int32(2**30 + 5))
    assert 0 <= float(late) < 1


def test_tsybakov_profile_has_its_margin_exponent():
    beta, width, sigma = 2.0, 0.125, 0.3
    r = np.abs(np.linspace(0, 1, 200001) - 0.5)
    margin = np.asarray(tsybakov(beta, width).margin(jnp.asarray(r), sigma))
    for tau in (0.01, 0.05, 0.2):
        assert np.mean(margin <= tau) == pytest.approx(2 * width * (tau / sigma) ** beta,
                                                           rel=1e-2, abs=2e-5)


def test_hard_and_massart_profiles():
    r = jnp.asarray([0.0, 0.1, 0.2, 0.4])
    np.testing.assert_allclose(hard(0.125, 0.4).margin(r, 0.01), [0.01, 0.01, 0.4, 0.4])
    np.testing.assert_allclose(massart().margin(r, 0.2), [0.2] * 4)
    with pytest.raises(ValueError, match="width"):
        hard(0.6, 0.4)
    with pytest.raises(ValueError, match="beta"):
        tsybakov(0.0, 0.1)


def test_threshold_class_values_and_targets():
    cls = threshold_class(hard(0.125, 0.4), 9, LEVELS, span=(0.1, 0.9), target_span=(0.4, 0.6))
    assert cls.size == 9 * 4
    for x in (0.05, 0.1, 0.3, 0.47, 0.5, 0.62, 0.95):
        every = np.asarray(jax.vmap(cls.value, (0, None))(jnp.arange(cls.size), jnp.float32(x)))
        np.testing.assert_allclose(np.asarray(cls.values(jnp.float32(x))), every, rtol=1e-6)
    values = np.asarray(cls.values(jnp.float32(0.47)))
    # boundary b_4 = 0.5, level 0.1: x = 0.47 is left of it and inside the well.
    assert values[4 * 4 + 1] == pytest.approx(0.4)
    # boundary b_0 = 0.1, level 0.05: right of it, inside the well.
    assert values[0] == pytest.approx(0.55)
    targets = np.asarray(jax.vmap(lambda k: cls.draw_target(k, 0.2))(
        jax.random.split(jax.random.key(0), 200)))
    assert set(targets % 4) == {2}
    assert set(targets // 4) == {3, 4, 5}  # b in {0.4, 0.5, 0.6}
    with pytest.raises(ValueError, match="levels"):
        threshold_class(massart(), 9, (0.0, 0.2))
    with pytest.raises(ValueError, match="target_span"):
        threshold_class(massart(), 9, LEVELS, target_span=(0.95, 0.99))


@pytest.mark.parametrize("profile", [hard(0.125, 0.4), massart()], ids=["hard", "massart"])
def test_a_step_profile_partitions_x_into_cells_where_every_member_is_constant(profile):
    cls = threshold_class(profile, 9, LEVELS, span=(0.1, 0.9))
    edges = np.linspace(0.1, 0.9, 9).astype(np.float32)
    xs = np.concatenate([np.random.default_rng(0).uniform(size=2000), edges, edges - 1e-7,
                         [0.0, 0.375, 0.625, 0.5, 1 - 2**-24]]).astype(np.float32)
    values, cells = jax.jit(jax.vmap(lambda x: (cls.values(x), cls.partition.cell(x))))(xs)
    np.testing.assert_array_equal(np.asarray(cls.partition.values)[np.asarray(cells)],
                                  np.asarray(values))  # bitwise
    assert set(np.asarray(cells).tolist()) <= set(range(cls.partition.values.shape[0]))
    assert CLASSES["thresholds-tsybakov"](9, LEVELS).partition is None


def test_per_cell_counts_decide_as_the_loss_of_every_member():
    """A partitioned class's learner keeps label counts per cell; the same class without its
    partition keeps every member's loss. On the same draws the abstainer (whose rule reads
    lcb, ucb and the label) makes the same decisions either way."""
    cls = CLASSES["thresholds-hard"](16, LEVELS)
    pp = batch_params([stream_params(cls, 0.25, level) for level in LEVELS])
    lp = batch_params([version_space_params(gamma=0.25)] * len(LEVELS))
    totals = [Runner(stream_problem(cls), LEARNERS["abstention"](variant), 2**11)(
        jax.random.key(1), jnp.arange(16), pp, lp).totals
        for variant in (cls, cls._replace(partition=None))]
    assert cls.partition is not None
    for name in METRICS:
        np.testing.assert_array_equal(np.asarray(totals[0][name]), np.asarray(totals[1][name]),
                                      err_msg=name)


def test_stream_params_are_validated():
    cls = CLASSES["thresholds-massart"](8, LEVELS)
    with pytest.raises(ValueError, match="gamma"):
        stream_params(cls, 0.5, 0.1)
    with pytest.raises(ValueError, match=r"level 0.15 is not a noise level.*allowed"):
        stream_params(cls, 0.2, 0.15)


@pytest.mark.parametrize("eta, label, abstain, chow, standard", [
    (0.9, 1, False, 0.0, 0.0),
    (0.9, 0, False, 0.8, 0.8),
    (0.55, 0, True, (0.5 - 0.2) - 0.45, 0.1),  # abstaining where eta is close to 1/2 gains
    (0.1, 0, True, (0.5 - 0.2) - 0.1, 0.0),
])
def test_chow_excess_known_answers(eta, label, abstain, chow, standard):
    decision = Decision(jnp.bool_(False), jnp.int32(label), jnp.bool_(abstain))
    got_chow, got_standard = chow_excess(jnp.float32(eta), decision, jnp.float32(0.2))
    assert float(got_chow) == pytest.approx(chow, abs=1e-6)
    assert float(got_standard) == pytest.approx(standard, abs=1e-6)


def test_labels_are_revealed_only_when_asked():
    cls = CLASSES["thresholds-massart"](8, LEVELS)
    problem = stream_problem(cls)
    instance = problem.sample(jax.random.key(0), stream_params(cls, 0.2, 0.4))
    point = StreamPoint(jnp.float32(0.3), jnp.float32(0.6), jnp.int32(0))
    no = Decision(jnp.bool_(False), jnp.int32(1), jnp.bool_(False))
    yes = no._replace(query=jnp.bool_(True))
    assert int(problem.feedback(jax.random.key(1), instance, point, no)[0]) == NO_LABEL
    label, info = problem.feedback(jax.random.key(1), instance, point, yes)
    assert int(label) in (0, 1)
    assert set(info) == set(METRICS)


def test_miscovered_counts_eta_outside_the_reported_interval():
    cls = CLASSES["thresholds-massart"](8, LEVELS)
    problem = stream_problem(cls)
    instance = problem.sample(jax.random.key(0), stream_params(cls, 0.2, 0.4))
    point = StreamPoint(jnp.float32(0.3), jnp.float32(0.6), jnp.int32(0))
    eta = float(cls.value(instance.target, point.x_eval))
    base = Decision(jnp.bool_(False), jnp.int32(1), jnp.bool_(False))
    for lcb, ucb, missed in ((eta - 0.1, eta + 0.1, 0), (eta, eta, 0), (eta + 1e-6, eta + 0.1, 0),
                             (eta + 0.01, eta + 0.1, 1), (eta - 0.1, eta - 0.01, 1)):
        decision = base._replace(lcb=jnp.float32(lcb), ucb=jnp.float32(ucb))
        _, info = problem.feedback(jax.random.key(1), instance, point, decision)
        assert int(info["miscovered"]) == missed, (lcb, ucb)
    _, info = problem.feedback(jax.random.key(1), instance, point, base)  # no interval kept
    assert int(info["miscovered"]) == 0


def random_state(cls, key, rule, gamma):
    learner = version_space_learner(cls, rule)
    state = learner.init(key, version_space_params(gamma=gamma))
    loss = jax.random.uniform(key, (cls.size,), maxval=40.0)
    member = loss <= loss.min() + 25.0
    return learner, frozen(cls, state, member, jnp.argmin(loss))


@pytest.mark.parametrize("seed", range(20))
def test_abstention_rule_properties(seed):
    """The decision rule: abstain iff [lcb, ucb] is inside the band; a query implies
    ucb - lcb > gamma; a point outside the band with a one-sided interval is labelled."""
    cls = CLASSES["thresholds-tsybakov"](16, LEVELS)
    gamma = 0.15
    learner, state = random_state(cls, jax.random.key(seed), "abstention", gamma)
    for x, x_eval in np.random.default_rng(seed).uniform(size=(50, 2)):
        point = StreamPoint(jnp.float32(x), jnp.float32(x_eval), jnp.int32(0))
        decision, _ = learner.act(jax.random.key(0), state, point)
        lcb, ucb = interval(cls.values(point.x_eval), state.member)
        assert bool(decision.abstain) == bool(lcb >= 0.5 - gamma and ucb <= 0.5 + gamma)
        lcb, ucb = interval(cls.values(point.x), state.member)
        if bool(decision.query):
            assert float(ucb - lcb) > gamma and lcb < 0.5 < ucb


def test_rules_differ_only_where_they_should():
    cls = CLASSES["thresholds-hard"](16, LEVELS)
    for rule, always_query, may_abstain in (("passive", True, False),
                                            ("disagreement", False, False)):
        learner, state = random_state(cls, jax.random.key(3), rule, 0.2)
        for x in np.linspace(0.01, 0.99, 40):
            decision, _ = learner.act(jax.random.key(0), state,
                                      StreamPoint(jnp.float32(x), jnp.float32(x), jnp.int32(0)))
            assert not bool(decision.abstain)
            if always_query:
                assert bool(decision.query)
    with pytest.raises(ValueError, match="rule must be one of"):
        version_space_learner(cls, "oracle")


def test_version_space_is_frozen_within_an_epoch_and_refit_at_powers_of_two():
    """At x = 0.05 every member is 1/2 - sigma. Labels 0, 0 make the largest sigma best (refit at
    t = 2); then 1, 1 make the smallest best, but that shows only at the next refit, t = 4."""
    cls = CLASSES["thresholds-massart"](8, LEVELS)
    learner = LEARNERS["passive"](cls)
    state = learner.init(jax.random.key(0), version_space_params(radius_scale=0.001))
    decision = Decision(jnp.bool_(True), jnp.int32(0), jnp.bool_(False))
    fhats, sizes = [], []
    for t, label in enumerate((0, 0, 1, 1)):
        point = StreamPoint(jnp.float32(0.05), jnp.float32(0.5), jnp.int32(t))
        state = learner.update(jax.random.key(t), state, point, decision, jnp.int32(label))
        fhats.append(int(state.fhat) % len(LEVELS))
        sizes.append(int(state.member.sum()))
    assert fhats == [0, 3, 3, 0]  # level indices of f^: frozen at t = 1 and t = 3
    assert sizes[0] == cls.size and sizes[1] == sizes[2] == 8  # one level, every boundary


@pytest.mark.parametrize("cls, level", [
    (threshold_class(hard(0.125, 0.4), 32, (0.05, 0.1, 0.3, 0.4), target_span=(0.4, 0.6)), 0.05),
    (CLASSES["relu-logistic"](32, (0.05, 0.2)), 0.2),
], ids=["thresholds-hard", "relu-logistic"])
def test_abstention_learner_never_abstains_improperly_and_queries_less_than_disagreement(cls,
                                                                                         level):
    problem = stream_problem(cls)
    pp = batch_params([stream_params(cls, 0.25, level)])
    lp = batch_params([version_space_params(gamma=0.25)])
    totals = {}
    for rule in ("abstention", "disagreement"):
        runner = Runner(problem, LEARNERS[rule](cls), 2**12, checkpoints=[2**12])
        trajectory = runner(jax.random.key(0), jnp.arange(32), pp, lp)
        totals[rule] = {k: np.asarray(v)[0, :, -1] for k, v in trajectory.totals.items()}
    assert totals["abstention"]["improper_abstentions"].sum() == 0
    assert totals["abstention"]["abstentions"].mean() > 0
    assert totals["disagreement"]["abstentions"].sum() == 0
    assert totals["abstention"]["labels"].mean() < totals["disagreement"]["labels"].mean()
    assert totals["abstention"]["noisy_queries"].mean() < totals["disagreement"][
        "noisy_queries"].mean()
    assert sp.Rational(2, 5) == RADIUS_LAMBDA
