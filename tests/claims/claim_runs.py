"""Helpers of the claim tests: run a claim at its smoke tier, and its verdicts by check name."""

from testbed.claims import get
from testbed.settle import default_budget, look_tiers
from testbed.sweep import run_experiment


def smoke(claim_id: str, look: int = 0):
    """(claim, tier, frame) of a registered claim run with seed 0 at its smoke tier's settling
    look ``look`` (0: the first; testbed.settle): the tier holds that look's instances and its
    share of alpha."""
    claim = get(claim_id)
    sizes = claim.tier("smoke")
    tier = look_tiers(sizes, default_budget(sizes.n_instances))[look] if look else sizes
    return claim, tier, run_experiment(claim.experiment(tier), seed=0, code_version="test")


def outcomes(claim, frame, tier) -> dict[str, str]:
    """Check name -> outcome of the claim's checks on ``frame``."""
    return {v.check: v.outcome for v in claim.check(frame, tier)}
