"""Claim msl-linucbpp-rate: on regret curves that follow the theory's rates it passes, and
deliberately wrong curves (a learner that never learns, one below LinUCB++'s rate at its
hardest gap) make it fail; the sweep itself runs at the smoke tier."""

import math

import pytest
from rate_curves import capped_curves, outcomes_by_learner, rate_of

from testbed.checks import FAILED, PASSED
from testbed.claims import get
from testbed.claims import msl_linucbpp_rate as linear
from testbed.designs.rate_sweep import GAP_EXPONENTS, HARDNESS_LEVELS, rate_check_count
from testbed.sweep import run_experiment

QUICK = linear.TIERS["quick"]
THEORY = {learner: rate_of(rate) for learner, (rate, *_) in linear.RATES.items()}


def test_the_claim_passes_at_the_rates_and_fails_for_wrong_learners():
    right = outcomes_by_learner("msl-linucbpp-rate", capped_curves(THEORY, QUICK), QUICK)
    assert len(right) == rate_check_count(linear.RATES, linear.LEARNERS, QUICK)
    assert set(right.values()) == {PASSED}
    never = {name: (lambda level: 1.0) for name in THEORY}  # never find the best action
    results = outcomes_by_learner("msl-linucbpp-rate", capped_curves(never, QUICK), QUICK)
    upper = {check: outcome for check, outcome in results.items() if "at most" in check}
    assert "linucb-oracle: worst regret over gaps grows at most like T^(theta + log), " \
           "alpha=0.4" in upper
    assert set(upper.values()) == {FAILED}  # linear regret fails every upper check made
    # regret T^(theta - 0.25) at LinUCB++'s hardest gap, where T Delta is its rate: impossible
    better = {**THEORY, "linucb++": lambda level: THEORY["linucb++"](level) - 0.25}
    results = outcomes_by_learner("msl-linucbpp-rate", capped_curves(better, QUICK), QUICK)
    assert results["linucb++: regret at the hardest gap T^-0.1 grows at least like "
                   "T^(theta - log), alpha=0.4"] == FAILED


def test_the_dimension_holds_every_d_star_of_the_sweep():
    assert linear.true_dimension(2**10, 0.2) == 4 and linear.true_dimension(2**14, 0.6) == 337
    assert linear.true_dimension(16, 0.2) == 1
    assert [linear.dimension(linear.TIERS[t]) for t in ("smoke", "quick", "full")] == [
        64, 512, 1024]


@pytest.mark.slow
def test_the_smoke_sweep_runs_and_its_figure_is_drawn(tmp_path):
    tier = linear.TIERS["smoke"]
    frame = run_experiment(linear.experiment(tier), seed=0, code_version="test")
    assert len(frame) == 2 * len(HARDNESS_LEVELS) * len(GAP_EXPONENTS) * 4 * tier.n_instances
    assert (frame["regret"] >= -1e-3).all()
    # one best action at gap Delta = T^-gamma: the regret is at most T Delta
    assert (frame["regret"] <= frame["horizon"] ** (1.0 - frame["gap_exponent"]) + 1e-3).all()
    # told d*, LinUCB Oracle explores d* actions where LinUCB++ starts on 2 T^(1/2) coordinates
    easy = frame[(frame["horizon"] == tier.horizon) & (frame["alpha"] == 0.2)
                 & (frame["gap_exponent"] == 0.0)].groupby("learner")["regret"].mean()
    assert easy["linucb-oracle"] < 0.2 * easy["linucb++"], easy
    # told d* = 1 at T = 16, alpha = 0.2, LinUCB Oracle has one action: no regret, no slope,
    # so that level is not checked, and every check made has a slope
    trivial = frame[(frame["learner"] == "linucb-oracle") & (frame["alpha"] == 0.2)
                    & (frame["horizon"] == 16)]
    assert (trivial["regret"].abs() < 1e-6).all()
    verdicts = get("msl-linucbpp-rate").check(frame, tier)
    assert not [v.check for v in verdicts if "linucb-oracle" in v.check and "alpha=0.2" in v.check]
    assert all(math.isfinite(v.statistic) for v in verdicts)
    assert len(verdicts) == rate_check_count(linear.RATES, linear.LEARNERS, tier)
    figure = get("msl-linucbpp-rate").figure(frame, tier)
    figure.savefig(tmp_path / "linear.png")
    assert (tmp_path / "linear.png").stat().st_size > 0
