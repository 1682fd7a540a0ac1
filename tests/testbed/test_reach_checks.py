"""The checks on the cost of reaching a target: censoring at the horizon is evidence."""

import numpy as np
import pandas as pd

from testbed.checks import (FAILED, INCONCLUSIVE, PASSED, censored_slope_bounds,
                            check_reach_exponent, check_reach_exponent_gap, check_reached,
                            decide_within, reach_points)

GROUPS = np.array([10.0, 20.0, 40.0, 80.0])  # 1/epsilon
STEPS = 2 ** np.arange(1, 15)  # epochs: labels used 2^m


def curves(labels_needed, n: int = 64, seed: int = 0) -> pd.DataFrame:
    """Per-epoch errors that fall below epsilon = 1/g once labels pass labels_needed(g)
    (instance noise in the crossing), one row per (group, instance, epoch)."""
    rng = np.random.default_rng(seed)
    rows = []
    for g in GROUPS:
        need = labels_needed(g) * rng.lognormal(0.0, 0.1, size=n)
        error = np.where(STEPS[None, :] < need[:, None], 2.0 / g, 0.5 / g)
        rows.append(pd.DataFrame({
            "inverse_epsilon": g, "epsilon": 1 / g,
            "instance": np.repeat(np.arange(n), STEPS.size),
            "t": np.tile(np.arange(STEPS.size), n), "labels": np.tile(STEPS, n).astype(float),
            "error": error.reshape(-1)}))
    return pd.concat(rows, ignore_index=True)


def reach(frame, low, high, check=check_reach_exponent):
    extra = {"low": low, "high": high} if check is check_reach_exponent else {}
    return check(frame, group="inverse_epsilon", target="epsilon", x="labels", y="error",
                 order="t", level=0.99, check="c", **extra)


def test_reach_points_interpolate_and_censor_at_the_budget():
    x = np.array([[1.0, 10.0, 100.0, 1000.0]] * 3)
    y = np.array([[0.5, 3.0, 2.0, 0.0],  # dips early, then falls for good between 100 and 1000
                  [5.0, 4.0, 3.0, 2.0],  # never reaches: censored at the last step's 1000
                  [0.5, 0.5, 0.5, 0.5]])  # below from the start
    points, reached = reach_points(np.ones(3), x, y)
    np.testing.assert_allclose(points, [10**2.5, 1000.0, 1.0])
    np.testing.assert_array_equal(reached, [True, False, True])


def test_censored_slope_bounds_open_the_side_a_censored_point_can_move():
    points = np.array([10.0, 20.0, 40.0, 80.0])
    exact = censored_slope_bounds(GROUPS, points, np.ones(4, bool))
    np.testing.assert_allclose(exact, (1.0, 1.0))
    last = censored_slope_bounds(GROUPS, points, np.array([True, True, True, False]))
    np.testing.assert_allclose(last, (1.0, np.inf))  # the last cost can only be larger
    first = censored_slope_bounds(GROUPS, points, np.array([False, True, True, True]))
    np.testing.assert_allclose(first, (-np.inf, 1.0))
    none = censored_slope_bounds(GROUPS, points, np.zeros(4, bool))
    np.testing.assert_allclose(none, (-np.inf, np.inf))


def test_an_infinite_end_decides_like_a_finite_one():
    assert decide_within((2.5, np.inf), -np.inf, 0.25) == FAILED
    assert decide_within((1.8, np.inf), 1.6, np.inf) == PASSED
    assert decide_within((0.1, np.inf), -np.inf, 0.25) == INCONCLUSIVE


def test_a_flat_cost_reaches_and_passes_and_a_never_learner_fails_the_reach_check():
    flat = curves(lambda g: 100.0)
    assert reach(flat, -np.inf, 0.25).outcome == PASSED
    assert reach(flat, None, None, check_reached).outcome == PASSED
    never = flat.assign(error=1.0)  # the error never falls: every target censored
    assert reach(never, None, None, check_reached).outcome == FAILED
    assert reach(never, -np.inf, 0.25).outcome == INCONCLUSIVE  # no slope to speak of


def test_a_steep_cost_censored_at_the_end_still_fails_a_polylog_band():
    steep = curves(lambda g: 2.0 * g**2)  # 1/eps^2 labels; the last target needs 12,800 > 2^13
    censored = steep[steep["labels"] <= 2**13]
    verdict = reach(censored, -np.inf, 0.25)
    assert verdict.outcome == FAILED and np.isinf(verdict.ci[1])
    assert "1 of 4 targets not reached" in verdict.message
    assert reach(censored, 1.6, np.inf).outcome == PASSED  # a lower bound is respected
    assert reach(censored, None, None, check_reached).outcome == FAILED


def gap(faster, slower):
    both = pd.concat([faster.assign(learner="active"), slower.assign(learner="passive")],
                     ignore_index=True)
    return check_reach_exponent_gap(both, by="learner", faster="active", slower="passive",
                                    group="inverse_epsilon", target="epsilon", x="labels",
                                    y="error", order="t", level=0.99, check="gap")


def test_the_exponent_gap_passes_a_faster_rate_and_fails_an_equal_or_slower_one():
    linear, steeper = curves(lambda g: 4 * g), curves(lambda g: 4 * g**1.5, seed=1)
    faster = gap(linear, steeper)
    assert faster.outcome == PASSED and 0.3 < faster.statistic < 0.7
    assert gap(steeper, steeper).outcome == FAILED  # the reference presented as the learner
    assert gap(steeper, linear).outcome == FAILED


def test_the_exponent_gap_with_a_censored_reference_stays_open_above():
    never = curves(lambda g: 4 * g**1.5 * (g >= 80) * 1e6 + 4 * g**1.5, seed=1)  # last censored
    verdict = gap(curves(lambda g: 4 * g), never)
    assert verdict.outcome == PASSED and verdict.ci[1] == np.inf
