"""The registry of claims: an explicit list, one module per claim."""

from testbed.claim import Claim
from testbed.claims import cb_squarecb_rates
from testbed.errors import InputError

REGISTRY: tuple[Claim, ...] = (cb_squarecb_rates.CLAIM,)


def get(claim_id: str) -> Claim:
    """The registered claim ``claim_id``; an InputError lists the known ids otherwise."""
    for claim in REGISTRY:
        if claim.id == claim_id:
            return claim
    raise InputError(f"unknown claim {claim_id!r}; known claims: "
                     f"{', '.join(c.id for c in REGISTRY)}")
