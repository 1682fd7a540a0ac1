"""Claim al-proper-abstention: the abstention learner's confidence interval [lcb, ucb] covers eta,
and it abstains only where |eta(x) - 1/2| <= gamma.

Proper abstention (Zhu & Nowak, NeurIPS 2022): if eta stays in every version space F_m, then
[lcb(x), ucb(x)] contains eta(x), so an abstention ([lcb, ucb] inside [1/2 - gamma, 1/2 + gamma])
implies |eta(x) - 1/2| <= gamma. With the radius of proofs.active.VERSION_SPACE_RADIUS that holds
for all epochs at once with probability 1 - delta, so the share of instances with any improper
abstention (at any evaluation point, in any epoch) must be below delta.

Instances: 1-d thresholds (F: boundaries anywhere in [1/8, 7/8]) under three noise profiles:
Massart with sigma* = 0.3 > gamma (every abstention would be improper), Tsybakov (beta = 1) with
sigma* = 0.4, where eta crosses 1/2 +- gamma at distance gamma / sigma* * 1/8 from the centre, and
the hard profile with sigma* = 0.05 in the well and the boundary b* drawn inside the well (where
the label is uncertain, so the learner must abstain there; with b* outside it, the label in the
well is determined and the learner rightly neither queries nor abstains there); and, for the
neural-network setting (Zhu & Nowak, NeurIPS 2022), random two-layer ReLU networks on [-1, 1]^2 with
eta = sigmoid(g / sigma*), sigma* = 0.1 (sims.active.feature_classes.relu_class; errors by Monte
Carlo). gamma = 0.2, delta = 0.05. The checks: per family, the share of instances in which eta leaves
[lcb, ucb] at some evaluation point (proofs.active.VERSION_SPACE_COVERAGE, the premise of proper
abstention) is below delta, and so is the share with an improper abstention; and on the Tsybakov, hard and
ReLU families, where abstaining is right near the boundary, most instances do abstain (the claim is
not passed by a learner that never abstains). A plug-in learner (radius_scale = 0: abstain where
f^ alone is inside the band) fails the improper-abstention check; a radius 20 times too small fails
the coverage check (eta leaves [lcb, ucb] in 12% to 39% of the runs of each family at the quick
tier, against none at the derived radius).
"""

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from proofs.active import IMPROPER_ABSTENTION, VERSION_SPACE_COVERAGE
from sims.active import OUTER, WELL
from sims.active.classes import FiniteClass, threshold_class
from sims.active.feature_classes import relu_class
from sims.active.noise import NoiseProfile, hard, logistic, massart, tsybakov
from sims.run import merge_metrics
from testbed.checks import Verdict, check_mean_below
from testbed.claim import Claim, Tier, check_level
from testbed.designs.active import active_cell
from testbed.plots import new_figure
from testbed.sweep import Experiment

GAMMA = 0.2
DELTA = 0.05
RADIUS_SCALE = 1.0  # 1: the radius with the coverage guarantee (tests set 0: plug-in abstention)
LEVELS = (0.05, 0.1, 0.3, 0.4)
N_BOUNDARIES = 32
WHOLE, IN_WELL = (0.125, 0.875), (0.5 - WELL, 0.5 + WELL)
RELU_DIM, RELU_NETWORKS = 2, 32


def thresholds(profile: NoiseProfile, target_span: tuple[float, float]) -> FiniteClass:
    return threshold_class(profile, N_BOUNDARIES, LEVELS, span=WHOLE, target_span=target_span)


FAMILIES = {  # name: (class, sigma*)
    "massart": (lambda: thresholds(massart(), WHOLE), 0.3),
    "tsybakov": (lambda: thresholds(tsybakov(1.0, WELL), WHOLE), 0.4),
    "hard": (lambda: thresholds(hard(WELL, OUTER), IN_WELL), 0.05),
    "relu-logistic": (lambda: relu_class(logistic(), RELU_DIM, RELU_NETWORKS, LEVELS), 0.1),
}
SHOULD_ABSTAIN = ("tsybakov", "hard", "relu-logistic")
TIERS = {"smoke": Tier(128, 2**14), "quick": Tier(256, 2**14), "full": Tier(1024, 2**16)}

def experiment(tier: Tier) -> Experiment:
    """The abstention learner on each family, gamma = GAMMA."""
    cells = []
    for family, (make_class, level) in FAMILIES.items():
        cls = make_class()
        cells.append(active_cell(cls, "abstention", [({}, GAMMA, level)], tier.horizon,
                                 delta=DELTA, radius_scale=RADIUS_SCALE, family=family))
    return Experiment(tuple(cells), tier.n_instances, merge_metrics)


def per_instance(frame: pd.DataFrame, tier: Tier) -> pd.DataFrame:
    """At the horizon: any_miscovered, any_improper and never_abstained (0/1), one row per
    instance."""
    final = frame[frame["t"] == tier.horizon].copy()
    final["any_miscovered"] = (final["miscovered"] > 0).astype(float)
    final["any_improper"] = (final["improper_abstentions"] > 0).astype(float)
    final["never_abstained"] = (final["abstentions"] == 0).astype(float)
    return final


def check(frame: pd.DataFrame, tier: Tier) -> list[Verdict]:
    """Per family: miscovered and improper shares below delta; on SHOULD_ABSTAIN families: most
    abstain."""
    final = per_instance(frame, tier)
    level = check_level(2 * len(FAMILIES) + len(SHOULD_ABSTAIN), tier)
    verdicts = [check_mean_below(final[final["family"] == family], y="any_miscovered",
                                 limit=DELTA, level=level, bound=VERSION_SPACE_COVERAGE.words(),
                                 check=f"{family}: share of runs where eta leaves [lcb, ucb]",
                                 share=True)
                for family in FAMILIES]
    verdicts += [check_mean_below(final[final["family"] == family], y="any_improper",
                                  limit=DELTA, level=level, bound=IMPROPER_ABSTENTION.words(),
                                  check=f"{family}: share of runs with an improper abstention",
                                  share=True)
                 for family in FAMILIES]
    verdicts += [check_mean_below(final[final["family"] == family], y="never_abstained",
                                  limit=0.5, level=level, bound="abstains near the boundary",
                                  check=f"{family}: share of runs that never abstain", share=True)
                 for family in SHOULD_ABSTAIN]
    return verdicts


def figure(frame: pd.DataFrame, tier: Tier) -> Figure:
    """Abstention rate and improper-abstention rate per epoch, per family."""
    fig, (rates,) = new_figure(1, "al-proper-abstention")
    t = np.sort(frame["t"].unique())
    for family, part in frame.groupby("family"):
        means = part.groupby("t")[["abstentions", "improper_abstentions"]].mean().reindex(t)
        rates.plot(t, means["abstentions"] / t, label=f"{family}: abstentions / t")
        rates.plot(t, means["improper_abstentions"] / t, linestyle="--",
                   label=f"{family}: improper / t")
    rates.set(xscale="log", xlabel="t", ylabel="share of evaluation points",
              title=f"abstention learner, gamma = {GAMMA:g}, delta = {DELTA:g}")
    rates.legend(fontsize="x-small")
    return fig


CLAIM = Claim(
    id="al-proper-abstention",
    statement=("Active learning with abstention keeps eta inside its confidence interval "
               "[lcb, ucb] and abstains only where |eta(x) - 1/2| <= gamma: the shares of runs "
               "where eta leaves the interval and with any improper abstention are below delta, "
               "on Massart, "
               "Tsybakov and hard 1-d instances and on random ReLU networks in 2-d."),
    bounds=(VERSION_SPACE_COVERAGE, IMPROPER_ABSTENTION),
    tiers=TIERS,
    experiment=experiment,
    check=check,
    figure=figure,
)
