"""Helpers of the claim tests: run a claim at its smoke tier, and its verdicts by check name."""

from dataclasses import replace

from testbed.claims import get
from testbed.settle import BUDGET_FACTOR, Budget, look_alphas, look_sizes
from testbed.sweep import run_experiment


def smoke(claim_id: str, look: int = 0):
    """(claim, tier, frame) of a registered claim run with seed 0 at its smoke tier's settling
    look ``look`` (0: the first; testbed.settle): the tier holds that look's instances and its
    share of alpha."""
    claim = get(claim_id)
    tier = claim.tier("smoke")
    if look:
        sizes = look_sizes(tier.n_instances, Budget(BUDGET_FACTOR * tier.n_instances))
        alphas = look_alphas(len(sizes), tier.alpha)
        tier = replace(tier, n_instances=sizes[look], alpha=alphas[look])
    return claim, tier, run_experiment(claim.experiment(tier), seed=0, code_version="test")


def outcomes(claim, frame, tier) -> dict[str, str]:
    """Check name -> outcome of the claim's checks on ``frame``."""
    return {v.check: v.outcome for v in claim.check(frame, tier)}
