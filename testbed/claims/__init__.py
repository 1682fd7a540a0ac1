"""The registry of claims: one module per claim, named after its id (testbed.claims.<id with
underscores>), each defining CLAIM. What several claims share (instances, sweeps, statistics,
figures) lives in testbed.designs."""

from importlib import import_module

from testbed.claim import Claim
from testbed.errors import InputError

IDS = (
    "cb-squarecb-rates",
    "las-regret-flat-in-K",
    "las-spannerigw-sqrt-T",
    "las-spannergreedy-T23",
    "las-regret-below-bound",
    "las-duplicates-invariant",
    "las-spanner-property",
    "smooth-igw-is-squarecb",
    "smooth-regret-rate",
    "al-abstention-polylog",
    "al-kaariainen-respected",
    "al-abstention-gamma",
    "al-proper-abstention",
    "al-no-noise-seeking",
    "al-tsybakov-minimax",
    "mba-newyorker-table",
    "mba-mosspp-rate",
    "mba-parallel-minimax",
    "mba-pareto-frontier",
    "mba-synthetic-figure",
    "msl-linear-figure",
    "msl-linucbpp-rate",
)


def module_name(claim_id: str) -> str:
    """The module that defines claim ``claim_id``: testbed.claims.<id, lower case, - as _>."""
    return f"testbed.claims.{claim_id.lower().replace('-', '_')}"


REGISTRY: tuple[Claim, ...] = tuple(import_module(module_name(i)).CLAIM for i in IDS)


def get(claim_id: str) -> Claim:
    """The registered claim ``claim_id``; an InputError lists the known ids otherwise."""
    for claim in REGISTRY:
        if claim.id == claim_id:
            return claim
    raise InputError(f"unknown claim {claim_id!r}; known claims: "
                     f"{', '.join(c.id for c in REGISTRY)}")
