"""A rate claim's checks name the rows they read (Verdict.scope) and read no others: settling
extends only those rows (testbed.settle), so a verdict must stay the same whatever the other rows
hold and however many instances they have (the active-learning claims' are tested with their
smoke runs)."""

import pytest
from claim_runs import assert_scoped_checks_read_only_their_rows
from rate_curves import capped_curves, rate_of

from testbed.claims import get, mba_mosspp_rate, msl_linucbpp_rate
from testbed.designs import arm_rates

MBA, MSL = arm_rates.TIERS["quick"], msl_linucbpp_rate.TIERS["quick"]
MOSSPP = rate_of(arm_rates.MOSSPP_RATE)


def rates_of(rates):
    return {learner: rate_of(theory.rate) for learner, theory in rates.items()}


@pytest.mark.parametrize("claim_id, curves, tier", [
    ("mba-mosspp-rate", {k: rates_of(arm_rates.RATES)[k] for k in mba_mosspp_rate.LEARNERS},
     MBA),
    ("mba-parallel-minimax", {"parallel": rates_of(arm_rates.RATES)["parallel"]}, MBA),
    ("mba-pareto-frontier", {k: MOSSPP for k in arm_rates.AGNOSTIC}, MBA),
    ("msl-linucbpp-rate", rates_of(msl_linucbpp_rate.RATES), MSL),
])
def test_a_scoped_check_reads_only_its_rows(claim_id, curves, tier):
    claim = get(claim_id)
    frame = capped_curves({**curves, "bystander": lambda level: 1.0}, tier)
    scoped = assert_scoped_checks_read_only_their_rows(claim, frame, tier, ["regret"])
    assert scoped == len(claim.check(frame, tier))
