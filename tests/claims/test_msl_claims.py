"""The linear model-selection claims at the smoke tier, and with deliberately wrong learners that
must make them fail."""

import pytest
from claim_runs import outcomes, smoke
from test_las_claims import swap_learners

from testbed.checks import FAILED, PASSED, VOID
from testbed.claims import msl_linear_figure as figure1
from testbed.outputs import evaluate
from testbed.settle import check_look

pytestmark = pytest.mark.xdist_group("test_msl_claims")  # its module fixtures simulate once


@pytest.fixture(scope="module")
def figure1_smoke():
    return smoke("msl-linear-figure")


def test_theory_orderings_hold_and_linucb_presented_as_linucbpp_fails(figure1_smoke):
    claim, tier, frame = figure1_smoke
    results = outcomes(claim, frame, tier)
    assert len(results) == len(figure1.THEORY_PAIRS) + len(figure1.EXPECTED_PAIRS)
    theory = {check: outcome for check, outcome in results.items() if check.startswith("theory")}
    assert set(theory.values()) == {PASSED} and FAILED not in results.values()
    wrong = outcomes(claim, swap_learners(frame, "linucb", "linucb++"), tier)
    assert wrong[f"theory: linucb++ below linucb at d*=12, T={tier.horizon}"] == FAILED


def test_every_learner_runs_at_every_d_star_and_the_figure_is_written(figure1_smoke, tmp_path):
    claim, tier, frame = figure1_smoke
    final = frame[frame["t"] == tier.horizon]
    counts = final.groupby(["learner", "d_star"]).size()
    assert set(counts.index) == {(learner, d) for learner in figure1.LEARNERS
                                 for d in figure1.SMOKE_D_STARS}
    assert set(counts) == {tier.n_instances}
    look = check_look(claim, frame, tier)
    assert VOID not in {v.outcome for v in look.verdicts}  # metrics of some learners only
    result = evaluate(claim, "smoke", 0, tmp_path, "smoke-seed0", frame, {}, [look])
    assert result.figure.exists() and not result.tables
