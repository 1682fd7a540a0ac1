"""Claim al-abstention-polylog: on hard instances (no low-noise condition), the labels that
active learning with abstention needs to reach Chow's excess error epsilon stay polylogarithmic in
1/epsilon (proofs.active ABSTENTION), while passive learning and disagreement-based active
learning without abstention need labels growing like epsilon^-2 (proofs.active PASSIVE_AGNOSTIC),
as Kaariainen's lower bound says every learner that cannot abstain must. The instances, learners
and the measure of labels needed are testbed.designs.kaariainen's.

The abstainer must reach every target within the horizon (testbed.checks.check_reached), so a
learner that never learns fails. Tolerances, fixed before the runs: the abstainer's exponent at
most POLYLOG_LIMIT above 0 (the log-factor bound's exponent; an upper bound, so a smaller exponent
passes); the others' within RATE_TOLERANCE of 2 (tight on these instances, where Kaariainen's
lower bound holds).
"""

import numpy as np
import pandas as pd

from proofs.active import ABSTENTION, KAARIAINEN, PASSIVE_AGNOSTIC
from proofs.symbols import epsilon
from testbed.checks import Verdict
from testbed.claim import Claim, Tier, check_level
from testbed.designs.active import label_reached
from testbed.designs.kaariainen import (ABSTAINER, NON_ABSTAINERS, RATE_TOLERANCE, TIERS,
                                        experiment_of, exponent_check, figure_of)

POLYLOG_LIMIT = 0.25


def check(frame: pd.DataFrame, tier: Tier) -> list[Verdict]:
    """Abstention: every target reached, exponent at most 0 + POLYLOG_LIMIT (one-sided);
    passive and disagreement: exponent within RATE_TOLERANCE of 2."""
    level = check_level(2 + len(NON_ABSTAINERS), tier)
    flat = float(ABSTENTION.inverse_exponent(epsilon))
    steep = float(PASSIVE_AGNOSTIC.inverse_exponent(epsilon))
    return ([label_reached(frame, ABSTAINER, group="inverse_epsilon", error="chow_excess_positive",
                           level=level, bound=ABSTENTION.words()),
             exponent_check(frame, ABSTAINER, -np.inf, flat + POLYLOG_LIMIT, level,
                            ABSTENTION.words())]
            + [exponent_check(frame, rule, steep - RATE_TOLERANCE, steep + RATE_TOLERANCE, level,
                              PASSIVE_AGNOSTIC.words()) for rule in NON_ABSTAINERS])


CLAIM = Claim(
    id="al-abstention-polylog",
    statement=("On hard instances with no low-noise condition, active learning with abstention "
               "needs labels polylogarithmic in 1/epsilon to reach Chow's excess error epsilon, "
               "while passive and disagreement-based learning need labels growing like "
               "epsilon^-2, so the savings grow without bound."),
    bounds=(ABSTENTION, PASSIVE_AGNOSTIC, KAARIAINEN),
    tiers=TIERS,
    experiment=experiment_of((ABSTAINER,) + NON_ABSTAINERS),
    check=check,
    figure=figure_of("al-abstention-polylog"),
)
