"""Claim las-spannerigw-sqrt-T: with K = 1000 actions in d = 4, SpannerIGW's regret grows at most
like T^(1/2) (Zhu, Foster, Langford & Mineiro, ICML 2022; the form that proofs.bandits SPANNERIGW
derives), at its derived learning rate gamma* (proofs.bandits SPANNERIGW_GAMMA). The design,
instances and fit are testbed.designs.spanner_rates'."""

from proofs.bandits import SPANNERIGW, SPANNERIGW_GAMMA
from testbed.designs.spanner_rates import DIM, N_ACTIONS, rate_claim

CLAIM = rate_claim(
    "las-spannerigw-sqrt-T", "spanner-igw", SPANNERIGW_GAMMA, SPANNERIGW,
    f"With K = {N_ACTIONS} actions in d = {DIM}, SpannerIGW's regret grows at most like T^(1/2).")
