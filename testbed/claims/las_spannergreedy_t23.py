"""Claim las-spannergreedy-T23: with K = 1000 actions in d = 4, SpannerGreedy's regret grows at
most like T^(2/3) (Zhu, Foster, Langford & Mineiro, ICML 2022; the form proofs.bandits
SPANNERGREEDY derives), at its derived exploration rate epsilon* (proofs.bandits
SPANNERGREEDY_EPSILON). The design, instances and fit are testbed.designs.spanner_rates'."""

from proofs.bandits import SPANNERGREEDY, SPANNERGREEDY_EPSILON
from testbed.designs.spanner_rates import DIM, N_ACTIONS, rate_claim

CLAIM = rate_claim(
    "las-spannergreedy-T23", "spanner-greedy", SPANNERGREEDY_EPSILON, SPANNERGREEDY,
    f"With K = {N_ACTIONS} actions in d = {DIM}, SpannerGreedy's regret grows at most like "
    f"T^(2/3).")
