"""cb-squarecb-rates at the smoke tier, and with deliberately wrong learners and curves."""

import numpy as np
import pandas as pd
import pytest
from claim_runs import rerun_cells

from sims.mutants import get as get_mutant
from testbed.checks import FAILED
from testbed.claims import cb_squarecb_rates as claim_module
from testbed.claims import get
from testbed.designs import bandits
from testbed.report import ClaimResult, section
from testbed.sweep import run_experiment

pytestmark = pytest.mark.xdist_group("test_cb_squarecb_rates")  # its module fixtures simulate once

CLAIM = get("cb-squarecb-rates")
SMOKE = CLAIM.tier("smoke")


@pytest.fixture(scope="module")
def smoke_frame():
    return run_experiment(CLAIM.experiment(SMOKE), seed=0, code_version="test")


def squarecb_in_the_t_sweep(cell) -> bool:
    """The cell of SquareCB on linear-cb at T_SWEEP_ACTIONS: what the exponent in T of SquareCB
    and the ridge check read."""
    return (cell.labels["problem"], cell.labels["learner"], cell.labels["n_actions"]) == (
        "linear-cb", "squarecb", claim_module.T_SWEEP_ACTIONS)


def test_smoke_tier_runs_every_check_without_a_failure(smoke_frame):
    verdicts = CLAIM.check(smoke_frame, SMOKE)
    assert len(verdicts) == 8
    assert all(v.outcome != FAILED for v in verdicts), [v.message for v in verdicts]
    exponents = {v.check.split(":")[0]: v.statistic for v in verdicts if "regret ~ T^a" in v.check}
    assert exponents["epsilon-greedy"] > exponents["squarecb"]  # 2/3 against 1/2


def test_greedy_presented_as_squarecb_on_the_trap_breaks_the_igw_bound(smoke_frame):
    trap = smoke_frame["problem"] == "greedy-trap"
    greedy = smoke_frame[trap & (smoke_frame["learner"] == "greedy")]
    squarecb = smoke_frame[trap & (smoke_frame["learner"] == "squarecb")]
    # greedy's regret and squared errors under SquareCB's name and learning rate
    presented = squarecb.assign(regret=greedy["regret"].to_numpy(),
                                sq_error=greedy["sq_error"].to_numpy())
    frame = pd.concat([smoke_frame.drop(squarecb.index), presented], ignore_index=True)
    verdicts = {v.check: v.outcome for v in CLAIM.check(frame, SMOKE)}
    check = (f"squarecb: regret below the IGW bound on the greedy-trap "
             f"(K={claim_module.TRAP_ACTIONS}, T={SMOKE.horizon})")
    assert verdicts[check] == FAILED


def test_an_oracle_off_its_guarantee_fails_the_ridge_check(smoke_frame):
    """The IGW check takes the measured RegSq and cannot see a worse oracle; the ridge check does."""
    with get_mutant("ridge-wrong-regulariser").applied():
        frame = rerun_cells(smoke_frame, CLAIM.experiment(SMOKE), squarecb_in_the_t_sweep,
                            "ridge")
    verdicts = {v.check: v for v in CLAIM.check(frame, SMOKE)}
    ridge = verdicts[f"ridge oracle: RegSq below its bound (K={claim_module.T_SWEEP_ACTIONS}, "
                     f"T={SMOKE.horizon})"]
    assert ridge.outcome == FAILED, ridge.message


def test_epsilon_greedy_curves_presented_as_squarecb_fail(smoke_frame):
    swapped = smoke_frame.copy()
    at_k0 = swapped["n_actions"] == claim_module.T_SWEEP_ACTIONS
    squarecb = at_k0 & (swapped["learner"] == "squarecb") & (swapped["problem"] == "linear-cb")
    epsilon = swapped["learner"] == "epsilon-greedy"
    swapped.loc[squarecb, "learner"] = "epsilon-greedy"
    swapped.loc[epsilon, "learner"] = "squarecb"
    verdicts = {v.check: v.outcome for v in CLAIM.check(swapped, SMOKE)}
    assert verdicts[f"squarecb: regret ~ T^a (K={claim_module.T_SWEEP_ACTIONS})"] == FAILED
    assert verdicts[f"squarecb below epsilon-greedy at T={SMOKE.horizon}"] == FAILED


def test_squarecb_with_a_constant_gamma_fails_the_sqrt_t_check(smoke_frame, monkeypatch):
    """A wrong learner: gamma fixed at 2 instead of growing like sqrt(t) explores forever."""
    monkeypatch.setattr(bandits, "derived_schedule", lambda rate, **sizes: (2.0, 0.0))
    frame = rerun_cells(smoke_frame, claim_module.experiment(SMOKE), squarecb_in_the_t_sweep,
                        "wrong")
    verdicts = {v.check: v for v in CLAIM.check(frame, SMOKE)}
    verdict = verdicts[f"squarecb: regret ~ T^a (K={claim_module.T_SWEEP_ACTIONS})"]
    assert verdict.outcome == FAILED
    assert verdict.statistic > 0.9


def test_figure_and_report(smoke_frame, tmp_path):
    figure = CLAIM.figure(smoke_frame, SMOKE)
    assert len(figure.axes) == 3
    path = tmp_path / "figures" / "f.png"
    path.parent.mkdir()
    figure.savefig(path)
    result = ClaimResult(CLAIM, "smoke", 0, CLAIM.check(smoke_frame, SMOKE), {}, path)
    text = section(result, tmp_path)
    assert "cb-squarecb-rates" in text and "figures/f.png" in text
    assert "U-derived" in text and "verifies the paper" not in text


def test_rates_are_derived_from_the_bounds():
    scale, exponent = claim_module.schedule(claim_module.SQUARECB_GAMMA, 16, 2**10)
    regsq = claim_module.regsq(2**10)
    assert exponent == 0.5 and np.isclose(scale, 2 * np.sqrt(16 / regsq))
    scale, exponent = claim_module.schedule(claim_module.EPSILON_GREEDY_EPSILON, 16, 2**10)
    assert np.isclose(exponent, -1 / 3) and np.isclose(scale, (16 * regsq) ** (1 / 3))
