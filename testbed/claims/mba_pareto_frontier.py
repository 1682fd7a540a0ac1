"""Claim mba-pareto-frontier: the multiple-best-arms learners told neither the hardness alpha nor
the best mean mu* (MOSS, Quantile, MOSS++, empMOSS++) respect the lower bound's trade-off
theta(alpha) >= min(1, 1 + alpha - theta(alpha')) for every pair of levels alpha' < alpha (Zhu &
Nowak, NeurIPS 2020; proofs.selection MBA_TRADEOFF), on the two-level sweep of
testbed.designs.arm_rates.

MOSS Oracle and Parallel are outside the theorem (the information they are given is what the
lower-bound construction hides); their rates are the subject of mba-mosspp-rate and
mba-parallel-minimax. The theorem bounds the exponents of the sup of the regret over each class,
estimated here from below at both levels, so theta is the largest of each gap's exponent and the
worst regret's (testbed.checks.class_slopes): the worst regret's slope alone mixes regimes, the
largest gap's regret at small T and a small gap's at large T, and at the quick tier it was 0.65
for empMOSS++ at alpha = 0.2 against 0.74 at the gap T^-0.3, which put a correct learner's slack
on the tolerance's edge.

The frontier is a lower bound: it can only catch a learner whose rates are better than any learner
told neither alpha nor mu* can have, i.e. one that is told more than it admits (a leak).
"""

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from proofs.selection import MBA_TRADEOFF
from testbed.checks import Verdict, check_tradeoff, class_slopes, scoped
from testbed.claim import Claim, Tier, check_level
from testbed.designs.arm_rates import AGNOSTIC, DEMAND, MOSSPP_CURVE, TIERS, experiment
from testbed.designs.rate_sweep import OVER, X, Y, log_allowance, rate_panel
from testbed.plots import new_figure, style_axes


def check(frame: pd.DataFrame, tier: Tier) -> list[Verdict]:
    """One trade-off check per agnostic learner: the smallest slack over pairs of levels."""
    level = check_level(len(AGNOSTIC), tier)
    return [scoped(check_tradeoff(
        frame[frame["learner"] == learner], by="alpha", x=X, over=OVER, y=Y, demand=DEMAND,
        tolerance=log_allowance(tier), level=level, bound=MBA_TRADEOFF.words(),
        check=f"{learner}: theta(alpha) >= min(1, 1 + alpha - theta(alpha')) for every "
              f"alpha' < alpha"), learner=learner) for learner in AGNOSTIC]


def figure(frame: pd.DataFrame, tier: Tier) -> Figure:
    """The measured class exponents (the check's statistic, testbed.checks.class_slopes), and
    after each learner's at the easiest level the least the trade-off allows at the harder ones
    (thin line of the learner's colour)."""
    fig, (panel,) = new_figure(1, "mba-pareto-frontier")
    measured = rate_panel(panel, frame, MOSSPP_CURVE, class_slopes,
                          "class exponent in T")
    easiest = measured["alpha"].min()
    grid = np.linspace(easiest, 1.0, 50)
    for k, (_, row) in enumerate(measured[measured["alpha"] == easiest].iterrows()):
        label = (rf"least allowed given $\alpha = {easiest:g}$ (learner's colour)" if k == 0
                 else None)
        panel.plot(grid, DEMAND(grid, np.full_like(grid, row["rate"])), linewidth=0.8,
                   color=row["colour"], label=label)
    style_axes(panel, x="alpha", y="class exponent in T", title=panel.get_title())
    return fig


CLAIM = Claim(
    id="mba-pareto-frontier",
    statement=("The worst-case regret exponents of the learners told neither the hardness nor "
               "the best mean (MOSS, Quantile, MOSS++, empMOSS++) respect the lower bound's "
               "trade-off theta(alpha) >= min(1, 1 + alpha - theta(alpha')) for alpha' < alpha. "
               "A lower bound, so it can only catch a learner told more than it admits (a leak "
               "of the hardness or of the best mean)."),
    bounds=(MBA_TRADEOFF,),
    tiers=TIERS,
    experiment=lambda tier: experiment(AGNOSTIC, tier),
    check=check,
    figure=figure,
)
