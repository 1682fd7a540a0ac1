"""A check that names the rows it reads (Verdict.scope) reads no others: settling extends only
those rows (testbed.settle), so the verdict must stay the same whatever the other rows hold and
however many instances they have."""

import numpy as np
import pandas as pd
import pytest
from rate_curves import capped_curves, rate_of

from testbed.claims import get, mba_rate_setup, mba_rates, msl_linucbpp_rate
from testbed.settle import in_scopes

MBA, MSL = mba_rate_setup.TIERS["quick"], msl_linucbpp_rate.TIERS["quick"]
MOSSPP = rate_of(mba_rates.MOSSPP_RATE)


def rates_of(rates):
    return {learner: rate_of(theory.rate) for learner, theory in rates.items()}


@pytest.mark.parametrize("claim_id, curves, tier", [
    ("mba-mosspp-rate", {k: rates_of(mba_rates.RATES)[k] for k in mba_rates.MOSSPP_LEARNERS},
     MBA),
    ("mba-parallel-minimax", {"parallel": rates_of(mba_rates.RATES)["parallel"]}, MBA),
    ("mba-pareto-frontier", {k: MOSSPP for k in mba_rates.AGNOSTIC}, MBA),
    ("msl-linucbpp-rate", rates_of(msl_linucbpp_rate.RATES), MSL),
])
def test_a_scoped_check_reads_only_its_rows(claim_id, curves, tier):
    claim = get(claim_id)
    frame = capped_curves({**curves, "bystander": lambda level: 1.0}, tier)
    verdicts = claim.check(frame, tier)
    assert all(v.scope is not None for v in verdicts)
    for verdict in verdicts:
        inside = in_scopes(frame, (verdict.scope,))
        assert inside.any() and not inside.all()
        others = frame[~inside]
        others = others[others["instance"] < 8].assign(regret=lambda f: f["regret"] * 3.0)
        changed = pd.concat([frame[inside], others], ignore_index=True)
        (again,) = [v for v in claim.check(changed, tier) if v.check == verdict.check]
        assert again == verdict or (np.isnan(again.statistic) and np.isnan(verdict.statistic))
