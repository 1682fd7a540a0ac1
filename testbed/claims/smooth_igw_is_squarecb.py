"""Claim smooth-igw-is-squarecb: with mu uniform on K arms and h = 1/K, SmoothIGW is SquareCB.

SmoothIGW keeps a' ~ mu with probability 1 / (1 + h gamma gap(a')); with h = 1/K that is
K / (K + gamma gap(a')), SquareCB's inverse gap weighting (Zhu & Mineiro, ICML 2022), and the
learning rate derived in proofs.bandits, 2 sqrt(T / (h RegSq)), is SquareCB's 2 sqrt(K T / RegSq).
The check runs both learners on independent instances, contexts and noise (SmoothIGW on its own
random stream, sims.streams; d = 4, K in {16, 256}, Rademacher contexts, sigma = 0.1) and asks
that their mean regrets be equal within EQUIVALENCE. On shared draws the two runs are equal to
the bit by construction (a unit test, tests/sims, compares them and the exact action
distributions), which a statistical check could not tell from two learners wrong alike. The band
is the smallest difference worth catching, fixed before the runs; at the quick tier's 256
instances per learner and a coefficient of variation of the final regret of about 0.2 an
equivalent learner passes with probability above 0.9 (standard error of the ratio about
0.2 sqrt(2 / 256) = 0.018).
"""

import pandas as pd
import sympy as sp
from matplotlib.figure import Figure

from proofs.bandits import SMOOTHIGW, SMOOTHIGW_GAMMA, SQUARECB, SQUARECB_GAMMA
from proofs.symbols import h
from sims.bandits import bandit_metrics, linear_contextual_bandit, sphere_actions
from sims.bandits.smooth import smooth_igw
from testbed.checks import Verdict, check_equivalent
from testbed.claim import Claim, Tier, check_level
from testbed.designs.bandits import derived_cells, independent
from testbed.plots import curve_panel, new_figure
from testbed.sweep import Experiment

DIM = 4
NOISE_SCALE = 0.1
CONTEXTS = "signs"
ACTION_COUNTS = (16, 256)
ACTION_TABLE_SEED = 0
EQUIVALENCE = 0.10
TIERS = {"smoke": Tier(32, 2**10), "quick": Tier(256, 2**13), "full": Tier(1000, 2**15)}


def smoothness(n_actions: int) -> sp.Rational:
    """The smoothness level at which SmoothIGW should be SquareCB: h = 1/K."""
    return sp.Rational(1, n_actions)


def experiment(tier: Tier) -> Experiment:
    """SquareCB and SmoothIGW(h) at every K, on the same instances."""
    cells = []
    for n_actions in ACTION_COUNTS:
        actions = sphere_actions(ACTION_TABLE_SEED, n_actions, DIM)
        problem = linear_contextual_bandit(actions, "gaussian", CONTEXTS)
        level = smoothness(n_actions)
        common = dict(noise_scale=NOISE_SCALE, horizon=tier.horizon)
        cells += derived_cells([("squarecb", SQUARECB_GAMMA)], "linear-cb", problem, actions,
                               **common)
        cells += independent(derived_cells(
            [(smooth_igw(actions, float(level)), SMOOTHIGW_GAMMA.subs(h, level))], "linear-cb",
            problem, actions, **common), stream=1)
    return Experiment(tuple(cells), tier.n_instances, bandit_metrics)


def check(frame: pd.DataFrame, tier: Tier) -> list[Verdict]:
    """One equivalence check per K, at a family-wise false-alarm rate of 5%."""
    level = check_level(len(ACTION_COUNTS), tier)
    final = frame[frame["t"] == tier.horizon]
    return [check_equivalent(final[final["n_actions"] == k], by="learner", candidate="smooth-igw",
                             reference="squarecb", y="regret", tolerance=EQUIVALENCE, level=level,
                             bound=SMOOTHIGW.words(),
                             check=f"smooth-igw (h=1/{k}) has squarecb's regret at K={k}")
            for k in ACTION_COUNTS]


def figure(frame: pd.DataFrame, tier: Tier) -> Figure:
    """Regret against T of both learners, one panel per K."""
    fig, axes = new_figure(len(ACTION_COUNTS), "smooth-igw-is-squarecb")
    for ax, k in zip(axes, ACTION_COUNTS):
        curve_panel(ax, frame[frame["n_actions"] == k], x="t", y="regret", hue="learner",
                    title=f"K = {k}, h = 1/{k}")
    return fig


CLAIM = Claim(
    id="smooth-igw-is-squarecb",
    statement=("With mu uniform on K arms and h = 1/K, SmoothIGW (with its derived gamma) has "
               f"SquareCB's regret (independent runs, within {EQUIVALENCE:.0%})."),
    bounds=(SMOOTHIGW, SQUARECB),
    tiers=TIERS,
    experiment=experiment,
    check=check,
    figure=figure,
)
