"""Claims that run the same simulation share its cells (testbed.store: one cell file per program,
settings and seed under OUT/cells), so a suite simulates it once."""

import pytest

from testbed.claims import get


def cell_ids(claim_id: str, tier: str) -> set[str]:
    claim = get(claim_id)
    return {c.identity(0, "code") for c in claim.experiment(claim.tier(tier)).cells}


@pytest.mark.parametrize("tier", ["smoke", "quick", "full"])
@pytest.mark.parametrize("reader, runner, shared", [
    ("al-kaariainen-respected", "al-abstention-polylog", 2),  # passive, disagreement: all of it
    ("mba-mosspp-rate", "mba-pareto-frontier", 12),  # MOSS++ at each (horizon, alpha)
])
def test_claims_on_the_same_instances_share_cells(reader, runner, shared, tier):
    assert len(cell_ids(reader, tier) & cell_ids(runner, tier)) == shared
