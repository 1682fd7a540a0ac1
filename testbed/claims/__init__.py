"""The registry of claims: an explicit list, one module per claim (or per family of claims)."""

from testbed.claim import Claim
from testbed.claims import (al_abstention_gamma, al_abstention_polylog, al_no_noise_seeking,
                            al_proper_abstention, al_tsybakov_minimax, cb_squarecb_rates,
                            las_duplicates_invariant, las_rates, las_regret_below_bound,
                            las_regret_flat_in_k, las_spanner_property, mba_newyorker_table,
                            mba_rates, mba_synthetic_figure, msl_linear_figure, msl_linucbpp_rate,
                            smooth_igw_is_squarecb, smooth_regret_rate)
from testbed.errors import InputError

REGISTRY: tuple[Claim, ...] = (
    cb_squarecb_rates.CLAIM,
    las_regret_flat_in_k.CLAIM,
    las_rates.SPANNERIGW_CLAIM,
    las_rates.SPANNERGREEDY_CLAIM,
    las_regret_below_bound.CLAIM,
    las_duplicates_invariant.CLAIM,
    las_spanner_property.CLAIM,
    smooth_igw_is_squarecb.CLAIM,
    smooth_regret_rate.CLAIM,
    al_abstention_polylog.POLYLOG_CLAIM,
    al_abstention_polylog.LOWER_BOUND_CLAIM,
    al_abstention_gamma.CLAIM,
    al_proper_abstention.CLAIM,
    al_no_noise_seeking.CLAIM,
    al_tsybakov_minimax.CLAIM,
    mba_newyorker_table.CLAIM,
    mba_rates.MOSSPP_CLAIM,
    mba_rates.PARALLEL_CLAIM,
    mba_rates.FRONTIER_CLAIM,
    mba_synthetic_figure.CLAIM,
    msl_linear_figure.CLAIM,
    msl_linucbpp_rate.CLAIM,
)


def get(claim_id: str) -> Claim:
    """The registered claim ``claim_id``; an InputError lists the known ids otherwise."""
    for claim in REGISTRY:
        if claim.id == claim_id:
            return claim
    raise InputError(f"unknown claim {claim_id!r}; known claims: "
                     f"{', '.join(c.id for c in REGISTRY)}")
