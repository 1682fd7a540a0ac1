"""Claims that run the same simulation share its cells (testbed.store: one cell file per program,
settings and seed under OUT/cells), so a suite simulates it once."""

import numpy as np
import pytest

from sims.bandits import greedy_trap
from sims.bandits.linear import LinearParams
from sims.bandits.policies import epsilon_greedy, oracle_params
from testbed.claims import get
from testbed.sweep import Cell, Setting


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


def test_a_cell_id_changes_with_every_value_that_shapes_its_results():
    """Cell.identity: the same for a cell built anew, another for another param value (labels
    unchanged), dtype, shape, horizon, seed or code version."""
    problem, actions = greedy_trap(3)

    def cell(noise=np.float32(0.1), epsilon=0.1, horizon=8) -> Cell:
        setting = Setting({"epsilon": 0.1}, LinearParams(noise), oracle_params(epsilon, 0.0))
        return Cell({"learner": "epsilon-greedy"}, problem, epsilon_greedy(actions), (setting,),
                    horizon)

    first = cell().identity(0, "v")
    assert cell().identity(0, "v") == first
    others = {c.identity(0, "v") for c in (cell(np.float32(0.1) + np.float32(2**-26)),
                                           cell(np.float64(0.1)),
                                           cell(np.asarray([0.1], np.float32)),
                                           cell(epsilon=0.2), cell(horizon=16))}
    others |= {cell().identity(1, "v"), cell().identity(0, "w")}
    assert len(others) == 7 and first not in others
