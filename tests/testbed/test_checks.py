"""Checkers on synthetic curves: right curves pass, deliberately wrong ones fail."""

import numpy as np
import pandas as pd
import pytest

from testbed.checks import (FAILED, INCONCLUSIVE, PASSED, Verdict, accepted_range,
                            check_equivalent, class_slopes,
                            check_exponent, check_mean_below, check_never, check_ordering,
                            check_ratio_bounded, check_tradeoff, check_worst_exponent, combine,
                            decide_within, grid_table)
from testbed.stats import interval, loglog_slope

T = np.unique(np.round(2 ** np.arange(6, 15, 0.25)).astype(int))


def curves(exponent: float, n: int = 200, noise: float = 0.05, offset: float = 0.0,
           seed: int = 0) -> pd.DataFrame:
    """Running totals offset + c_i t^exponent with a multiplicative noise per instance."""
    rng = np.random.default_rng(seed)
    scale = rng.lognormal(0.0, noise, size=(n, 1))
    values = offset + scale * T**exponent
    return pd.DataFrame({"instance": np.repeat(np.arange(n), T.size), "t": np.tile(T, n),
                         "regret": values.reshape(-1)})


def exponent_verdict(frame, target, increments=False):
    return check_exponent(frame, x="t", y="regret", target=target, tolerance=0.06, level=0.99,
                          check="c", increments=increments)


def test_loglog_slope_is_exact_on_a_power_law():
    assert loglog_slope(T, 3.0 * T**0.5) == pytest.approx(0.5)
    assert np.isnan(loglog_slope(T, np.where(T > 100, T, 0.0)))


def test_interval_covers_the_mean():
    samples = np.random.default_rng(1).normal(2.0, 1.0, size=(400, 1))
    estimate = interval(samples, lambda m: m[..., 0], level=0.95)
    assert estimate.ci[0] < 2.0 < estimate.ci[1]
    assert estimate.ci95 == estimate.ci
    with pytest.raises(ValueError, match="level"):
        interval(samples, lambda m: m[..., 0], level=1.5)


def test_a_sqrt_curve_passes_at_one_half():
    assert exponent_verdict(curves(0.5), 0.5).outcome == PASSED


def test_a_two_thirds_curve_presented_as_one_half_fails():
    verdict = exponent_verdict(curves(2 / 3), 0.5)
    assert verdict.outcome == FAILED
    assert verdict.statistic == pytest.approx(2 / 3, abs=0.01)


def test_a_linear_curve_fails_against_two_thirds():
    assert exponent_verdict(curves(1.0), 2 / 3).outcome == FAILED


@pytest.mark.parametrize("exponent, side, outcome", [
    (0.3, "upper", PASSED),  # better than an upper bound: passes
    (2 / 3, "upper", FAILED),
    (1.0, "lower", PASSED),  # worse than a lower bound says it must be: passes
    (2 / 3, "lower", FAILED)])
def test_one_sided_exponents_pass_the_right_side(exponent, side, outcome):
    verdict = check_exponent(curves(exponent), x="t", y="regret", target=0.5 if side == "upper"
                             else 1.0, tolerance=0.06, level=0.99, check="c", side=side)
    assert verdict.outcome == outcome


def test_too_few_noisy_instances_are_inconclusive():
    noisy = curves(0.56, n=4, noise=1.5, seed=3)
    assert exponent_verdict(noisy, 0.5).outcome == INCONCLUSIVE


def test_increments_remove_an_additive_burn_in():
    burnt = curves(0.5, offset=5000.0)
    assert exponent_verdict(burnt, 0.5).outcome == FAILED  # the level is flattened by the offset
    assert exponent_verdict(burnt, 0.5, increments=True).outcome == PASSED


def test_ratio_bounded_fails_when_the_ratio_grows():
    bound = lambda t: np.sqrt(t)  # noqa: E731
    ok = check_ratio_bounded(curves(0.5), x="t", y="regret", bound_curve=bound, tolerance=0.05,
                             level=0.99, check="r")
    bad = check_ratio_bounded(curves(2 / 3), x="t", y="regret", bound_curve=bound,
                              tolerance=0.05, level=0.99, check="r")
    assert (ok.outcome, bad.outcome) == (PASSED, FAILED)


def paired(better_mean: float, worse_mean: float, n: int = 100) -> pd.DataFrame:
    rng = np.random.default_rng(2)
    common = rng.normal(size=n)
    return pd.DataFrame({
        "instance": np.tile(np.arange(n), 2),
        "learner": ["b"] * n + ["a"] * n,
        "regret": np.concatenate([better_mean + common + 0.1 * rng.normal(size=n),
                                  worse_mean + common + 0.1 * rng.normal(size=n)]),
    })


@pytest.mark.parametrize("means, outcome", [((1.0, 2.0), PASSED), ((2.0, 1.0), FAILED),
                                            ((1.0, 1.0), INCONCLUSIVE)])
def test_ordering_is_paired_and_fails_when_reversed(means, outcome):
    verdict = check_ordering(paired(*means), by="learner", better="b", worse="a", y="regret",
                             level=0.99, check="o")
    assert verdict.outcome == outcome


def test_ordering_pairs_the_instances_both_learners_have():
    frame = paired(1.0, 2.0)
    longer = frame[(frame["learner"] == "b") | (frame["instance"] < 60)]  # a settled on 60
    verdict = check_ordering(longer, by="learner", better="b", worse="a", y="regret",
                             level=0.99, check="o")
    first = check_ordering(frame[frame["instance"] < 60], by="learner", better="b", worse="a",
                           y="regret", level=0.99, check="o")
    assert verdict == first and verdict.n_instances == 60


def test_ordering_needs_both_learners():
    with pytest.raises(ValueError, match="must hold both"):
        check_ordering(paired(1.0, 2.0), by="learner", better="b", worse="zzz", y="regret",
                       level=0.99, check="o")


@pytest.mark.parametrize("means, outcome", [((10.0, 10.0), PASSED), ((10.0, 12.0), FAILED),
                                            ((10.0, 10.2), INCONCLUSIVE)])
def test_equivalence_passes_equal_means_and_fails_a_shift(means, outcome):
    frame = paired(*means)  # a's mean is the second: 0%, +20% or +2% against a 2% tolerance
    verdict = check_equivalent(frame, by="learner", candidate="a", reference="b", y="regret",
                               tolerance=0.02, level=0.99, check="e")
    assert verdict.outcome == outcome, verdict.message


def test_never_fails_on_one_violation_and_bounds_the_rate_otherwise():
    clean = pd.DataFrame({"violations": np.zeros(50), "rounds": np.full(50, 100.0)})
    verdict = check_never(clean, y="violations", trials="rounds", level=0.99, check="n")
    assert verdict.outcome == PASSED
    np.testing.assert_allclose(verdict.ci[1], 1 - 0.01 ** (1 / 5000))
    one = clean.assign(violations=np.eye(1, 50, 7)[0])
    assert check_never(one, y="violations", trials="rounds", level=0.99, check="n").outcome == FAILED


@pytest.mark.parametrize("centre, outcome", [(0.5, PASSED), (1.5, FAILED), (1.0, INCONCLUSIVE)])
def test_mean_below_decides_on_the_whole_interval(centre, outcome):
    values = np.random.default_rng(2).normal(centre, 0.2, size=100)
    frame = pd.DataFrame({"instance": np.arange(100), "ratio": values})
    verdict = check_mean_below(frame, y="ratio", limit=1.0, level=0.99, check="c")
    assert verdict.outcome == outcome
    with pytest.raises(ValueError, match="one row per instance"):
        check_mean_below(pd.concat([frame, frame]), y="ratio", limit=1.0, level=0.99, check="c")


def test_decisions_and_combination():
    assert decide_within((0.45, 0.55), 0.44, 0.56) == PASSED
    assert decide_within((0.60, 0.70), 0.44, 0.56) == FAILED
    assert decide_within((0.50, 0.60), 0.44, 0.56) == INCONCLUSIVE
    assert decide_within((np.nan, 0.5), 0.44, 0.56) == INCONCLUSIVE

    def v(outcome):
        return Verdict("c", outcome, 0.0, (0, 0), (0, 0), 0.95, None, None, "", "")
    assert combine([v(PASSED), v(PASSED)]) == PASSED
    assert combine([v(PASSED), v(INCONCLUSIVE)]) == INCONCLUSIVE
    assert combine([v(INCONCLUSIVE), v(FAILED)]) == FAILED
    with pytest.raises(ValueError):
        combine([])


def test_missing_columns_are_named():
    with pytest.raises(ValueError, match="lacks columns"):
        check_exponent(pd.DataFrame({"t": [1]}), x="t", y="regret", target=0.5, tolerance=0.1,
                       level=0.9, check="c")


HORIZONS = np.asarray([2**10, 2**12, 2**14, 2**16])
GAPS = np.asarray([0.0, 0.25, 0.5])


def capped_regret(rates: dict[float, float], n: int = 40, seed: int = 0) -> pd.DataFrame:
    """Per level b and gap exponent g: regret min(T^(1 - g), T^rates[b]) / 2 times a
    multiplicative noise per instance, the worst over g being T^rates[b] / 2."""
    rng = np.random.default_rng(seed)
    rows = []
    for level, rate in rates.items():
        for horizon in HORIZONS:
            for gap in GAPS:
                noise = rng.lognormal(0.0, 0.05, size=n)
                regret = np.minimum(horizon ** (1.0 - gap), horizon**rate) / 2 * noise
                rows.append(pd.DataFrame({"level": level, "T": horizon, "gap": gap,
                                          "instance": np.arange(n), "regret": regret}))
    return pd.concat(rows, ignore_index=True)


def worst_verdict(frame, low, high):
    return check_worst_exponent(frame, x="T", over="gap", y="regret", low=low, high=high,
                                target=(low + high) / 2, level=0.99, check="c")


def test_the_worst_case_exponent_is_the_envelope_and_fails_outside_its_band():
    frame = capped_regret({0.5: 0.75})
    assert worst_verdict(frame, 0.7, 0.8).outcome == PASSED
    assert worst_verdict(frame, 0.7, 0.8).statistic == pytest.approx(0.75, abs=0.01)
    assert worst_verdict(frame, 0.5, 0.65).outcome == FAILED  # the envelope grows faster
    # one gap alone gives that instance's exponent: at gap 1/2 the cap T^(1/2) binds
    assert worst_verdict(frame[frame["gap"] == 0.5], 0.45, 0.55).outcome == PASSED


def test_the_trade_off_passes_admissible_rates_and_fails_minimax_ones():
    def demand(levels, earlier):
        return np.minimum(1.0, 1.0 + levels - earlier)

    def verdict(rates):
        return check_tradeoff(capped_regret(rates), by="level", x="T", over="gap", y="regret",
                              demand=demand, tolerance=0.05, level=0.99, check="c")

    admissible = verdict({0.2: 0.7, 0.4: 0.9, 0.6: 1.0})  # min(1/2 + alpha, 1)
    assert admissible.outcome == PASSED
    assert admissible.statistic == pytest.approx(1.0 - (1.6 - 0.7), abs=0.02)  # (0.2, 0.6)
    minimax = verdict({0.2: 0.6, 0.4: 0.7, 0.6: 0.8})  # (1 + alpha)/2 at every level
    assert minimax.outcome == FAILED
    assert minimax.statistic == pytest.approx(0.8 - 1.0, abs=0.02)  # the pair (0.2, 0.6)


def test_a_grid_with_holes_is_refused():
    frame = capped_regret({0.5: 0.75})
    values, table = grid_table(frame, ("T", "gap"), "regret")
    assert table.shape == (40, HORIZONS.size * GAPS.size) and list(values[1]) == list(GAPS)
    with pytest.raises(ValueError, match="holes"):
        grid_table(frame.drop(index=0), ("T", "gap"), "regret")


def test_the_accepted_range_says_which_side_a_one_sided_check_accepts():
    assert accepted_range(-np.inf, 0.56) == "<= 0.56"
    assert accepted_range(0.94, np.inf) == ">= 0.94"
    assert accepted_range(0.44, 0.56) == "[0.44, 0.56]"
    assert accepted_range(0.0, 0.0) == "= 0"


def test_a_share_has_the_exact_binomial_interval():
    from testbed.checks import check_mean_below
    frame = pd.DataFrame({"instance": range(200), "hit": [0.0] * 200})
    verdict = check_mean_below(frame, y="hit", limit=0.05, level=0.99, check="c", share=True)
    assert verdict.ci == pytest.approx((0.0, 1 - 0.005 ** (1 / 200)))  # Clopper-Pearson at 0/n
    assert verdict.outcome == PASSED
    with pytest.raises(ValueError, match="0 or 1"):
        check_mean_below(frame.assign(hit=0.5), y="hit", limit=0.05, level=0.99, check="c",
                         share=True)


def test_the_class_exponent_is_the_largest_of_each_members_and_the_worst_means():
    xs = np.array([1.0, 10.0, 100.0, 1000.0])
    steep, flat = xs**1.0, 50 * xs**0.3  # the flat member is the worst until x = 1000
    means = np.stack([flat, steep], axis=-1)
    worst = loglog_slope(xs, means.max(axis=-1))
    assert worst < 0.9
    np.testing.assert_allclose(class_slopes(xs, means), 1.0)
    np.testing.assert_allclose(class_slopes(xs, np.stack([means, means / 2])), [1.0, 1.0])
