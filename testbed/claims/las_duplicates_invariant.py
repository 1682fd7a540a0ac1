"""Claim las-duplicates-invariant: adding thousands of copies of one action leaves SpannerIGW's
regret unchanged, and degrades SquareCB's.

Instances: the linear contextual bandit of sims.bandits.linear with d = 4, K = 100 actions on the
sphere, Rademacher contexts, Gaussian noise sigma = 0.1; the same problem with COPIES more copies of
action 0 appended (sims.bandits.actions.with_duplicates): the same theta*, contexts and noise, and
the same mean reward for every original action. Each learner takes the rate derived in
proofs.bandits for the K it is given (SquareCB's gamma* grows with K, SpannerIGW's does not). The
authors' run (the pmineiro/linrepcb notebooks) on OneShotWiki-311 with 1024 copies moved
SpannerIGW's reward from 0.14657 to 0.14552 (single seed).

The runs with the copies draw from an independent random stream (sims.streams): on shared draws
SpannerIGW's two runs are equal to the bit by construction (a unit test, tests/sims), which
says nothing of a learner that is wrong in both. So the check compares independent runs: the
relative difference of SpannerIGW's mean regrets lies within EQUIVALENCE. The band is the
smallest change worth catching, fixed before the runs: a learner whose regret grows with the
copies by a tenth (a tenth of the sqrt(K) growth SquareCB shows here is far more) fails; at the
quick tier's 128 instances per arm and a coefficient of variation of the final regret of about
0.2, an invariant learner passes with probability above 0.8 (standard error of the ratio about
0.2 sqrt(2 / 128) = 0.025, so the 97.5% interval is about +-0.056 around the difference).
SquareCB's regret with the copies is larger, compared on the same independent runs.
"""

import pandas as pd
from matplotlib.figure import Figure

from proofs.bandits import SPANNERIGW, SPANNERIGW_GAMMA, SQUARECB, SQUARECB_GAMMA
from sims.bandits import bandit_metrics, linear_contextual_bandit, sphere_actions
from sims.bandits.actions import with_duplicates
from testbed.checks import Verdict, check_equivalent, check_ordering
from testbed.claim import Claim, Tier, check_level
from testbed.designs.bandits import derived_cells, independent
from testbed.plots import curve_panel, name, new_figure
from testbed.sweep import Experiment

DIM = 4
N_ACTIONS = 100
COPIES = 4000
DUPLICATED_ACTION = 0
NOISE_SCALE = 0.1
CONTEXTS = "signs"
ACTION_TABLE_SEED = 0
EQUIVALENCE = 0.10  # relative difference of mean regret accepted as "unchanged"
LEARNERS = {"spanner-igw": SPANNERIGW_GAMMA, "squarecb": SQUARECB_GAMMA}
ORIGINAL, DUPLICATED = "linear-cb", f"linear-cb+{COPIES}-copies"
TIERS = {"smoke": Tier(32, 2**10), "quick": Tier(128, 2**13), "full": Tier(512, 2**15)}


def experiment(tier: Tier) -> Experiment:
    """Both learners on the original and on the duplicated action set."""
    original = sphere_actions(ACTION_TABLE_SEED, N_ACTIONS, DIM)
    cells = []
    for label, actions in ((ORIGINAL, original),
                           (DUPLICATED, with_duplicates(original, DUPLICATED_ACTION, COPIES))):
        problem = linear_contextual_bandit(actions, "gaussian", CONTEXTS)
        made = derived_cells(LEARNERS.items(), label, problem, actions,
                             noise_scale=NOISE_SCALE, horizon=tier.horizon)
        cells += made if label == ORIGINAL else independent(made, stream=1)
    return Experiment(tuple(cells), tier.n_instances, bandit_metrics)


def check(frame: pd.DataFrame, tier: Tier) -> list[Verdict]:
    """Two checks at a family-wise false-alarm rate of 5%."""
    level = check_level(2, tier)
    final = frame[frame["t"] == tier.horizon]
    return [
        check_equivalent(final[final["learner"] == "spanner-igw"], by="problem",
                         candidate=DUPLICATED, reference=ORIGINAL, y="regret",
                         tolerance=EQUIVALENCE, level=level, bound=SPANNERIGW.words(),
                         check=f"spanner-igw: regret unchanged by {COPIES} copies"),
        check_ordering(final[final["learner"] == "squarecb"], by="problem", better=ORIGINAL,
                       worse=DUPLICATED, y="regret", level=level, bound=SQUARECB.words(),
                       check=f"squarecb: regret larger with {COPIES} copies"),
    ]


def figure(frame: pd.DataFrame, tier: Tier) -> Figure:
    """Regret against T with and without the copies, one panel per learner."""
    fig, axes = new_figure(len(LEARNERS), "las-duplicates-invariant")
    for ax, learner in zip(axes, LEARNERS):
        curve_panel(ax, frame[frame["learner"] == learner], x="t", y="regret", hue="problem",
                    title=f"{name(learner)}, K = {N_ACTIONS} (+{COPIES} copies)")
    return fig


CLAIM = Claim(
    id="las-duplicates-invariant",
    statement=(f"Adding {COPIES} copies of one action leaves SpannerIGW's regret unchanged "
               f"(independent runs, within {EQUIVALENCE:.0%}) and makes SquareCB's larger."),
    bounds=(SPANNERIGW, SQUARECB),
    tiers=TIERS,
    experiment=experiment,
    check=check,
    figure=figure,
)
