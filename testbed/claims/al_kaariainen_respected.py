"""Claim al-kaariainen-respected: on the hard instances of testbed.designs.kaariainen, no learner
without abstention (passive, disagreement-based) needs fewer labels than Kaariainen's (2006) lower
bound nu^2 / epsilon^2 allows (proofs.active KAARIAINEN): its label exponent in 1/epsilon is at
least 2 - RATE_TOLERANCE.

A lower bound: every learner respects it unless it learns from more than the labels it asks for,
so what it can catch is a leak (a learner told the Bayes label 1{eta >= 1/2} instead of a noisy one
fails it; tests/claims show it).
"""

import numpy as np
import pandas as pd

from proofs.active import KAARIAINEN
from proofs.symbols import epsilon
from testbed.checks import Verdict
from testbed.claim import Claim, Tier, check_level
from testbed.designs.kaariainen import (NON_ABSTAINERS, RATE_TOLERANCE, TIERS, experiment_of,
                                        exponent_check, figure_of)


def check(frame: pd.DataFrame, tier: Tier) -> list[Verdict]:
    """Every learner without abstention: exponent at least Kaariainen's 2 (minus the tolerance)."""
    level = check_level(len(NON_ABSTAINERS), tier)
    lower = float(KAARIAINEN.inverse_exponent(epsilon)) - RATE_TOLERANCE
    return [exponent_check(frame, rule, lower, np.inf, level, KAARIAINEN.words())
            for rule in NON_ABSTAINERS]


CLAIM = Claim(
    id="al-kaariainen-respected",
    statement=("On the same hard instances, no learner without abstention (passive, "
               "disagreement-based) needs fewer labels than Kaariainen's nu^2 / epsilon^2 "
               "allows: its label exponent in 1/epsilon is at least 2. A lower bound, so it can "
               "only catch a learner told more than it asks for (a leak, e.g. of the Bayes "
               "labels)."),
    bounds=(KAARIAINEN,),
    tiers=TIERS,
    experiment=experiment_of(NON_ABSTAINERS),
    check=check,
    figure=figure_of("al-kaariainen-respected"),
)
