"""The large-action-space and smooth-regret claims at the smoke tier, and with deliberately wrong
learners or curves that must make them fail."""

from fractions import Fraction

import pytest
import sympy as sp
from claim_runs import outcomes, rerun_cells, smoke

from sims.bandits.smooth import smooth_igw_circle
from sims.mutants import get as get_mutant
from testbed.checks import FAILED, PASSED
from testbed.claims import las_regret_below_bound as below_module
from testbed.claims import smooth_igw_is_squarecb as smooth_module
from testbed.claims import smooth_regret_rate as rate_module
from testbed.sweep import run_experiment

pytestmark = pytest.mark.xdist_group("test_las_claims")  # its module fixtures simulate once


def swap_learners(frame, first: str, second: str):
    swapped = frame.copy()
    a, b = swapped["learner"] == first, swapped["learner"] == second
    swapped.loc[a, "learner"], swapped.loc[b, "learner"] = second, first
    return swapped


@pytest.fixture(scope="module")
def flat_in_k():
    return smoke("las-regret-flat-in-K")


def test_flat_in_k_passes_and_fails_with_squarecb_presented_as_spanner_igw(flat_in_k):
    claim, tier, frame = flat_in_k
    assert set(outcomes(claim, frame, tier).values()) == {PASSED}
    wrong = outcomes(claim, swap_learners(frame, "spanner-igw", "squarecb"), tier)
    assert wrong[f"spanner-igw: regret ~ K^a (T={tier.horizon})"] == FAILED
    assert wrong["spanner-igw below squarecb at K=10000"] == FAILED


def test_rates_pass_and_the_greedy_curve_fails_the_sqrt_t_rate():
    igw_claim, tier, igw = smoke("las-spannerigw-sqrt-T")
    greedy_claim, _, greedy = smoke("las-spannergreedy-T23")
    assert [v.outcome for v in igw_claim.check(igw, tier)] != [FAILED]
    assert [v.outcome for v in greedy_claim.check(greedy, tier)] != [FAILED]
    presented = greedy.assign(learner="spanner-igw")
    assert [v.outcome for v in igw_claim.check(presented, tier)] == [FAILED]
    # T^(1/2) is better than SpannerGreedy's upper bound T^(2/3): it must not fail it
    assert [v.outcome for v in greedy_claim.check(igw.assign(learner="spanner-greedy"), tier)] \
        != [FAILED]
    linear = greedy.assign(regret=greedy["regret"] * greedy["t"] ** (1 / 3))
    assert [v.outcome for v in greedy_claim.check(linear, tier)] == [FAILED]


def test_duplicates_pass_and_squarecb_presented_as_spanner_igw_fails():
    claim, tier, frame = smoke("las-duplicates-invariant")
    assert set(outcomes(claim, frame, tier).values()) == {PASSED}
    wrong = outcomes(claim, swap_learners(frame, "spanner-igw", "squarecb"), tier)
    assert wrong["spanner-igw: regret unchanged by 4000 copies"] == FAILED


def test_smooth_igw_is_squarecb_and_fails_at_h_two_over_k(monkeypatch):
    claim, tier, frame = smoke("smooth-igw-is-squarecb")
    assert FAILED not in outcomes(claim, frame, tier).values()
    monkeypatch.setattr(smooth_module, "smoothness", lambda k: smooth_module.sp.Rational(2, k))
    wrong = rerun_cells(frame, claim.experiment(tier),
                        lambda cell: cell.labels["learner"] == "smooth-igw", "wrong-h")
    assert FAILED in outcomes(claim, wrong, tier).values()


def test_spanner_property_passes_and_fails_on_one_bad_coefficient_or_an_arbitrary_spanner():
    claim, tier, frame = smoke("las-spanner-property")
    assert set(outcomes(claim, frame, tier).values()) == {PASSED}
    last = frame.index[frame["t"] == tier.horizon][3]
    bad = frame.copy()
    bad.loc[last, "max_spanner_coefficient"] = 2.01
    coefficient_check = f"every coefficient at most C=2 (runs of {tier.horizon} rounds)"
    assert outcomes(claim, bad, tier)[coefficient_check] == FAILED
    with get_mutant("spanner-arbitrary-actions").applied():  # in one cell: one violation fails
        arbitrary = rerun_cells(frame, claim.experiment(tier),
                                lambda cell: cell.labels["n_actions"] == 1000
                                and cell.labels["dim"] == 4, "arbitrary")
    assert outcomes(claim, arbitrary, tier)[coefficient_check] == FAILED


def test_smooth_regret_rate_passes_fails_a_t23_curve_and_does_not_pass_an_h_blind_learner(
        monkeypatch):
    claim, tier, frame = smoke("smooth-regret-rate")
    verdicts = outcomes(claim, frame, tier)
    assert FAILED not in verdicts.values()
    in_h = f"smooth-igw: smooth regret ~ (1/h)^a (T={tier.horizon})"
    steeper = frame.assign(smooth_regret=frame["smooth_regret"] * frame["t"] ** (1 / 6))
    steeper = outcomes(claim, steeper, tier)
    assert {steeper[c] for c in verdicts if c != in_h} == {FAILED}
    blind = (lambda space, level: (smooth_igw_circle(space, 1.0), Fraction(1)))
    monkeypatch.setattr(rate_module, "learner_at", blind)
    smallest = (256, 512)  # the levels whose checks read only their own cells
    wrong = rerun_cells(frame, claim.experiment(tier),
                        lambda cell: cell.labels["inverse_h"] in smallest, "h-blind")
    # its regret against Smooth_h turns linear in T at the smallest h; the smoke horizon does
    # not settle it, but the claim must not pass it
    assert PASSED not in {outcomes(claim, wrong, tier)[f"smooth-igw: smooth regret ~ T^a "
                                                        f"(h=1/{k})"] for k in smallest}


def test_regret_below_bound_passes_and_fails_for_a_linear_regret_learner(monkeypatch):
    claim, tier, frame = smoke("las-regret-below-bound")
    below = f"regret / bound with measured RegSq below 1 (T={tier.horizon})"
    grows = "regret / bound with measured RegSq does not grow with T"
    assert set(outcomes(claim, frame, tier).values()) == {PASSED}
    assert outcomes(claim, frame.assign(regret=frame["regret"] * 20), tier)[below] == FAILED
    monkeypatch.setattr(below_module, "LEARNER", ("epsilon-greedy", sp.Rational(1, 2)))
    wrong = run_experiment(claim.experiment(tier), seed=0, code_version="constant-epsilon")
    assert outcomes(claim, wrong, tier)[grows] == FAILED
