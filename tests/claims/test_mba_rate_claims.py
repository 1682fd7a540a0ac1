"""The multiple-best-arms rate claims: on regret curves that follow the theory's rates they pass,
and deliberately wrong curves (a learner that never learns, one that beats the lower bound, the
minimax rates presented as an agnostic learner's) make them fail; the sweep itself runs at a
small size with one learner."""

import numpy as np
import pytest
from rate_curves import capped_curves, outcomes_by_learner, rate_of

from proofs.selection import MINIMAX_EXPONENT
from sims.selection import round_robin_rounds
from testbed.checks import FAILED, PASSED
from testbed.claim import Tier
from testbed.claims import get, mba_mosspp_rate
from testbed.designs import arm_rates, rate_sweep
from testbed.sweep import run_experiment

QUICK = arm_rates.TIERS["quick"]
THEORY = {learner: rate_of(rate) for learner, (rate, *_) in arm_rates.RATES.items()}


@pytest.mark.parametrize("claim_id, learners", [
    ("mba-mosspp-rate", mba_mosspp_rate.LEARNERS), ("mba-parallel-minimax", ("parallel",))])
def test_rate_claims_pass_at_the_rates_and_fail_without_learning(claim_id, learners):
    right = outcomes_by_learner(claim_id, capped_curves({k: THEORY[k] for k in learners}, QUICK),
                                QUICK)
    assert len(right) == rate_sweep.rate_check_count(arm_rates.RATES, learners, QUICK)
    assert set(right.values()) == {PASSED}
    # a learner that never finds a best arm: regret T Delta, linear at the largest gap; it fails
    # every upper check the claim makes
    never = outcomes_by_learner(
        claim_id, capped_curves({k: lambda level: 1.0 for k in learners}, QUICK), QUICK)
    upper = {check: outcome for check, outcome in never.items() if "at most" in check}
    assert len(upper) == sum(len(rate_sweep.upper_levels(arm_rates.RATES[k], QUICK))
                             for k in learners)
    assert set(upper.values()) == {FAILED}


def test_parallel_is_upper_checked_only_on_sweeps_past_its_first_round_of_subroutines():
    # P = ceil(ln T) subroutines in blocks of ceil(sqrt T) rounds: 3 x 4 at T = 16, 7 x 32 at 1024
    assert round_robin_rounds(arm_rates.N_ARMS, 16) == 12
    assert round_robin_rounds(arm_rates.N_ARMS, 1024) == 224
    parallel = arm_rates.RATES["parallel"]
    assert rate_sweep.upper_levels(parallel, arm_rates.TIERS["smoke"]) == ()
    # past it, the levels where theta + (log T)^(3/2) + the grid's allowance tells the bound
    # from linear regret
    assert rate_sweep.upper_levels(parallel, QUICK) == (0.2,)
    assert rate_sweep.upper_levels(parallel._replace(log_powers=1.0), QUICK) == (0.2, 0.4)


def test_a_learner_below_the_rate_at_the_hardest_gap_fails_tightness():
    # regret T^(theta - 0.25): impossible at MOSS++'s hardest gap, where T Delta is its rate
    better = {"moss++": lambda level: THEORY["moss++"](level) - 0.25,
              "moss-oracle": THEORY["moss-oracle"]}
    results = outcomes_by_learner("mba-mosspp-rate", capped_curves(better, QUICK), QUICK)
    assert results["moss++: regret at the hardest gap T^-0.3 grows at least like "
                   "T^(theta - log), alpha=0.2"] == FAILED


def test_the_frontier_holds_for_mosspp_rates_and_fails_for_minimax_ones():
    admissible = {learner: THEORY["moss++"] for learner in arm_rates.AGNOSTIC}
    assert set(outcomes_by_learner("mba-pareto-frontier", capped_curves(admissible, QUICK),
                                   QUICK).values()) == {PASSED}
    # MOSS Oracle's rates presented as empMOSS++'s: minimax at every level breaks the trade-off
    wrong = {**admissible, "empmoss++": rate_of(MINIMAX_EXPONENT)}
    results = outcomes_by_learner("mba-pareto-frontier", capped_curves(wrong, QUICK), QUICK)
    assert results["empmoss++: theta(alpha) >= min(1, 1 + alpha - theta(alpha')) for every "
                   "alpha' < alpha"] == FAILED


def test_the_sweep_runs_and_its_figures_are_drawn(tmp_path):
    tier = arm_rates.TIERS["smoke"]
    frame = run_experiment(arm_rates.experiment(("moss",), tier), seed=0,
                           code_version="test")
    levels, gaps = rate_sweep.HARDNESS_LEVELS, rate_sweep.GAP_EXPONENTS
    assert len(frame) == len(levels) * len(gaps) * 4 * tier.n_instances
    assert (frame["t"] == frame["horizon"]).all() and (frame["regret"] >= 0).all()
    # with all n arms and T <= n, MOSS tries arms one by one: regret grows with the gap
    final = frame[frame["horizon"] == tier.horizon].groupby("gap_exponent")["regret"].mean()
    assert final.is_monotonic_decreasing
    figure = get("mba-pareto-frontier").figure(frame, tier)
    figure.savefig(tmp_path / "frontier.png")
    assert (tmp_path / "frontier.png").stat().st_size > 0


def test_split_learners_run_a_cell_per_level_and_the_others_one_for_all():
    (together,) = arm_rates.learner_cells("moss", 2**16)
    assert together[1] == rate_sweep.HARDNESS_LEVELS
    apart = arm_rates.learner_cells("moss++", 2**16)
    assert [levels for _, levels in apart] == [(a,) for a in rate_sweep.HARDNESS_LEVELS]
    assert len({id(learner) for learner, _ in apart}) == 1


def test_moss_oracle_is_compiled_per_level_with_its_sample_size():
    cells = arm_rates.learner_cells("moss-oracle", 2**16)
    assert [levels for _, levels in cells] == [(a,) for a in rate_sweep.HARDNESS_LEVELS]
    # psi log sqrt(T) arms at psi = T^alpha: ceil(2^3.2 * 8 log 2)
    assert arm_rates.oracle_arms(2**16, 0.2) == int(np.ceil(2**3.2 * 8 * np.log(2)))
    assert arm_rates.oracle_arms(2**16, 1.0) == arm_rates.N_ARMS
    with pytest.raises(ValueError, match="power of 4"):
        rate_sweep.horizons(Tier(4, 3000))
    assert rate_sweep.log_allowance(QUICK) == pytest.approx(np.log(16 / 10) / np.log(64))
