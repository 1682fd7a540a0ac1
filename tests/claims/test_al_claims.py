"""The active-learning claims at the smoke tier, and with deliberately wrong learners or curves
that must make them fail."""

import dataclasses

import numpy as np
import pandas as pd
import pytest
from claim_runs import (assert_scoped_checks_read_only_their_rows, outcomes, rerun_cells,
                        smoke)

from testbed.checks import FAILED, INCONCLUSIVE, PASSED
from testbed.claim import Tier
from sims.active.learners import version_space_params
from sims.active.stream import METRICS
from sims.mutants import get as get_mutant
from testbed.mutants import mutated
from testbed.claims import al_abstention_gamma as gamma_module
from testbed.claims import al_proper_abstention as proper_module
from testbed.claims import get
from testbed.settle import open_scopes
from testbed.sweep import Experiment, run_experiment

pytestmark = pytest.mark.xdist_group("test_al_claims")  # its module fixtures simulate once


def relabel(frame, mapping: dict[str, str]):
    return frame.assign(learner=frame["learner"].replace(mapping))


def never_learns(frame, rule: str = "abstention"):
    """``frame`` with ``rule``'s classifiers stuck at error 0.1 per round, above every target."""
    stuck = frame["learner"] == rule
    errors = {m: frame[m].where(~stuck, 0.1 * frame["t"])
              for m in ("chow_excess", "chow_excess_positive", "excess")}
    return frame.assign(**errors)


@pytest.mark.parametrize("claim_id", ["al-abstention-polylog", "al-abstention-gamma",
                                      "al-tsybakov-minimax"])
def test_a_learner_that_never_learns_fails(claim_id, request):
    fixtures = {"al-abstention-polylog": "hard_instances", "al-tsybakov-minimax": "tsybakov"}
    claim, tier, frame = (request.getfixturevalue(fixtures[claim_id]) if claim_id in fixtures
                          else smoke(claim_id))
    verdicts = outcomes(claim, never_learns(frame), tier)
    assert verdicts["abstention: reaches every epsilon within the horizon"] == FAILED


@pytest.fixture(scope="module")
def hard_instances():
    """The second settling look: at the first (32 instances) the jackknife interval of an
    exponent whose reach points jump between epochs is too wide to fail the swapped learners."""
    return smoke("al-abstention-polylog", look=1)


@pytest.fixture(scope="module")
def tsybakov():
    return smoke("al-tsybakov-minimax")


@pytest.mark.parametrize("claim_id", ["al-abstention-polylog", "al-kaariainen-respected"])
def test_per_learner_checks_read_only_their_learner(claim_id, hard_instances):
    _, tier, frame = hard_instances
    claim = get(claim_id)
    metrics = [m for m in METRICS if m in frame.columns]
    assert assert_scoped_checks_read_only_their_rows(claim, frame, tier, metrics) == len(
        claim.check(frame, tier))


def test_a_check_across_learners_makes_settling_extend_every_learner(tsybakov):
    claim, tier, frame = tsybakov
    verdicts = claim.check(frame, tier)
    assert [v.scope for v in verdicts if v.scope is None]  # abstention against passive
    assert open_scopes([dataclasses.replace(v, outcome=INCONCLUSIVE) for v in verdicts]) is None


def test_polylog_does_not_fail_and_fails_when_learners_are_swapped(hard_instances):
    claim, tier, frame = hard_instances
    verdicts = outcomes(claim, frame, tier)
    assert FAILED not in verdicts.values()
    assert verdicts["abstention: reaches every epsilon within the horizon"] == PASSED
    swapped = relabel(frame, {"abstention": "passive", "passive": "abstention"})
    wrong = outcomes(claim, swapped, tier)
    assert wrong["abstention: labels to reach epsilon ~ (1/epsilon)^a"] == FAILED
    assert wrong["passive: labels to reach epsilon ~ (1/epsilon)^a"] == FAILED


def test_kaariainen_holds_for_non_abstainers_and_fails_for_the_abstainer(hard_instances):
    _, tier, frame = hard_instances
    claim = get("al-kaariainen-respected")
    kept = frame[frame["learner"] != "abstention"]
    assert FAILED not in outcomes(claim, kept, tier).values()
    presented = relabel(frame[frame["learner"] != "passive"], {"abstention": "passive"})
    assert outcomes(claim, presented, tier)["passive: labels to reach epsilon ~ (1/epsilon)^a"] \
        == FAILED


def test_an_abstainer_that_errs_away_from_the_well_fails(hard_instances):
    """Abstaining on the well banks far more Chow's excess than any target; an error on 5% of
    the mass elsewhere must still fail the abstainer."""
    claim, _, frame = hard_instances
    tier = claim.tier("smoke")  # the first look's instances: the abstainer's cell alone
    mutant = get_mutant("abstention-errs-near-an-edge")
    with mutant.applied():
        wrong = rerun_cells(frame[frame["instance"] < tier.n_instances],
                            mutated(claim.experiment(tier), mutant),
                            lambda cell: cell.learner.name == "abstention", "edge")
    verdicts = outcomes(claim, wrong, tier)
    assert verdicts["abstention: reaches every epsilon within the horizon"] == FAILED


def test_kaariainen_fails_for_learners_told_the_bayes_labels():
    """Told the Bayes labels, the non-abstainers reach every target within 2^12 rounds and fail;
    without the leak they are still censored there and fail nothing, so it is the leak that the
    checks catch."""
    claim = get("al-kaariainen-respected")
    short = Tier(claim.tier("smoke").n_instances, 2**12)
    with get_mutant("labels-leak-bayes").applied():
        leaked = run_experiment(claim.experiment(short), seed=0, code_version="leak")
    verdicts = outcomes(claim, leaked, short)
    assert set(verdicts.values()) == {FAILED}, verdicts
    plain = run_experiment(claim.experiment(short), seed=0, code_version="test")
    assert FAILED not in outcomes(claim, plain, short).values()


def test_proper_abstention_passes_and_the_plug_in_learner_fails(monkeypatch):
    claim, tier, frame = smoke("al-proper-abstention")
    assert set(outcomes(claim, frame, tier).values()) == {PASSED}
    monkeypatch.setattr(proper_module, "RADIUS_SCALE", 0.0)  # abstain where f^ alone says so
    wider = Tier(256, 2**12)
    plug_in = run_experiment(claim.experiment(wider), seed=0, code_version="test")
    wrong = outcomes(claim, plug_in, wider)
    assert wrong["massart: share of runs with an improper abstention"] == FAILED
    assert wrong["tsybakov: share of runs with an improper abstention"] == FAILED


def test_a_version_space_radius_too_small_fails_the_coverage_check():
    claim = get("al-proper-abstention")
    tier = claim.tier("smoke")
    mutant = get_mutant("version-space-radius-too-small")
    with mutant.applied():
        small = run_experiment(mutated(claim.experiment(tier), mutant), seed=0,
                               code_version="small-radius")
    verdicts = outcomes(claim, small, tier)
    assert verdicts["hard: share of runs where eta leaves [lcb, ucb]"] == FAILED, verdicts


def test_no_noise_seeking_passes_and_fails_with_disagreement_presented_as_abstention():
    claim, tier, frame = smoke("al-no-noise-seeking")
    assert set(outcomes(claim, frame, tier).values()) == {PASSED}
    swapped = relabel(frame, {"abstention": "disagreement", "disagreement": "abstention"})
    assert set(outcomes(claim, swapped, tier).values()) == {FAILED}


def test_gamma_claim_passes_and_a_learner_with_a_fixed_margin_fails():
    claim, tier, frame = smoke("al-abstention-gamma")
    assert set(outcomes(claim, frame, tier).values()) == {PASSED}
    (cell,) = claim.experiment(tier).cells
    fixed = version_space_params(max(gamma_module.GAMMAS))  # the Chow cost's gamma still varies
    settings = tuple(dataclasses.replace(s, learner_params=fixed) for s in cell.settings)
    wrong = Experiment((dataclasses.replace(cell, settings=settings),), tier.n_instances,
                       claim.experiment(tier).metrics)
    wrong_frame = run_experiment(wrong, seed=0, code_version="test")
    verdicts = outcomes(claim, wrong_frame, tier)
    assert verdicts["abstention: labels to reach epsilon ~ (1/gamma)^a"] == FAILED


def test_tsybakov_minimax_does_not_fail_and_fails_when_labels_grow_one_power_faster(tsybakov):
    claim, tier, frame = tsybakov
    assert FAILED not in outcomes(claim, frame, tier).values()
    slower = frame["inverse_epsilon"] / frame["inverse_epsilon"].min()  # a learner needing
    inflated = frame.assign(labels=frame["labels"] * slower)  # 1/epsilon times more labels
    verdicts = outcomes(claim, inflated, tier)
    assert verdicts["abstention: labels to reach epsilon ~ (1/epsilon)^a"] == FAILED


def test_tsybakov_minimax_fails_passive_learning_presented_as_the_abstainer(tsybakov):
    claim, tier, frame = tsybakov
    passive = frame[frame["learner"] == "passive"]
    presented = pd.concat([passive, passive.assign(learner="abstention")], ignore_index=True)
    verdicts = outcomes(claim, presented, tier)
    assert verdicts["abstention: labels grow more slowly in 1/epsilon than passive learning's"] \
        == FAILED
