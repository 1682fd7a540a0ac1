"""Claim al-no-noise-seeking: active learning with abstention stops querying where eta is close
to 1/2, while a disagreement-based learner keeps querying there (Zhu & Nowak, NeurIPS 2022).

Instances: the hard family of al-abstention-polylog (boundary b* in the noise well, eta = 1/2 +-
sigma* there with sigma* = SIGMA, 1/2 +- 0.4 outside), gamma = 0.25: the noisy region
{x : |eta(x) - 1/2| < gamma / 2} is the well. Per epoch, the query rate in the noisy region is
(queries of noisy stream points) / (noisy stream points). The checks: the abstainer's rate over
the last epoch is below RATE_LIMIT, and it is below the disagreement learner's rate over the same
epoch, paired over instances. A learner that keeps querying in the well fails the first.
"""

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from proofs.active import ABSTENTION, CAL
from sims.active import hard_class
from sims.run import merge_metrics
from testbed.checks import Verdict, check_mean_below, check_ordering
from testbed.claim import Claim, Tier, check_level
from testbed.designs.active import active_cell, epoch_frame
from testbed.plots import colour, name, new_figure, style_axes
from testbed.sweep import Experiment

SIGMA = 0.0125
LEVELS = (SIGMA, 0.05, 0.1, 0.2, 0.4)
N_BOUNDARIES = 21
GAMMA = 0.25
RATE_LIMIT = 0.01
RULES = ("abstention", "disagreement")
TIERS = {"smoke": Tier(32, 2**14), "quick": Tier(128, 2**16), "full": Tier(512, 2**18)}


def experiment(tier: Tier) -> Experiment:
    """Both learners on the same hard instances."""
    cls = hard_class(LEVELS, N_BOUNDARIES)
    cells = tuple(active_cell(cls, rule, [({}, GAMMA, SIGMA)], tier.horizon) for rule in RULES)
    return Experiment(cells, tier.n_instances, merge_metrics)


def noisy_rates(frame: pd.DataFrame) -> pd.DataFrame:
    """Per (learner, instance, epoch): noisy_rate = noisy queries / noisy stream points."""
    epochs = epoch_frame(frame)
    epochs["noisy_rate"] = epochs["epoch_noisy_queries"] / epochs["epoch_noisy_points"].clip(
        lower=1e-12)
    return epochs


def check(frame: pd.DataFrame, tier: Tier) -> list[Verdict]:
    """The abstainer's last-epoch rate is below RATE_LIMIT and below disagreement's."""
    epochs = noisy_rates(frame)
    last = epochs[epochs["t"] == tier.horizon]
    level = check_level(2, tier)
    return [
        check_mean_below(last[last["learner"] == "abstention"], y="noisy_rate", limit=RATE_LIMIT,
                         level=level, bound=ABSTENTION.words(),
                         check="abstention: query rate in the noisy region, last epoch"),
        check_ordering(last, by="learner", better="abstention", worse="disagreement",
                       y="noisy_rate", level=level, bound=CAL.words(),
                       check="abstention queries the noisy region less than disagreement"),
    ]


def figure(frame: pd.DataFrame, tier: Tier) -> Figure:
    """Query rate in the noisy region per epoch, per learner; the y axis is linear near 0
    (symlog), so a rate of exactly 0 is drawn at 0."""
    fig, (rates,) = new_figure(1, "al-no-noise-seeking", width="one")
    for rule, part in noisy_rates(frame).groupby("learner"):
        means = part.groupby("t")["noisy_rate"].mean()
        rates.plot(means.index, means.to_numpy(), marker=".", color=colour(rule),
                   label=name(rule))
    rates.set_xscale("log")
    rates.set_yscale("symlog", linthresh=1e-3)
    rates.set_ylim(bottom=0)
    style_axes(rates, x="t", y="noisy_rate",
               title=rf"hard instances, $\sigma^* = {SIGMA:g}$, $\gamma = {GAMMA:g}$")
    return fig


CLAIM = Claim(
    id="al-no-noise-seeking",
    statement=("Active learning with abstention stops querying where |eta(x) - 1/2| < gamma / 2 "
               "(its query rate there falls to zero over epochs), while the disagreement-based "
               "learner keeps querying there."),
    bounds=(ABSTENTION, CAL),
    tiers=TIERS,
    experiment=experiment,
    check=check,
    figure=figure,
)
