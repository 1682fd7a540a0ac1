"""Helpers of the claim tests: run a claim at its smoke tier, and its verdicts by check name."""

from testbed.claims import get
from testbed.sweep import run_experiment


def smoke(claim_id: str):
    """(claim, smoke tier, frame) of a registered claim run at its smoke tier with seed 0."""
    claim = get(claim_id)
    tier = claim.tier("smoke")
    return claim, tier, run_experiment(claim.experiment(tier), seed=0, code_version="test")


def outcomes(claim, frame, tier) -> dict[str, str]:
    """Check name -> outcome of the claim's checks on ``frame``."""
    return {v.check: v.outcome for v in claim.check(frame, tier)}
