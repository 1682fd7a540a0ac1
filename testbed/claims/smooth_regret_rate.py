"""Claim smooth-regret-rate: SmoothIGW's smooth regret grows at most like (T / h)^(1/2), in T and
in 1/h.

Instances: continuous actions on the circle [0, 1) (sims.bandits.circle) with mu uniform, a reward
profile of degree HARMONICS shifted by a uniform context, Gaussian noise sigma = NOISE_SCALE; the
smooth regret sum_t Smooth_h(x_t) - f*(x_t, a_t) is exact up to the quadrature of Smooth_h. Each
level h in SMOOTHNESS_LEVELS runs SmoothIGW at that h with the rate derived in proofs.bandits,
gamma* = 2 sqrt(T / (h RegSq)), anytime (T set to t), RegSq = sigma^2 d log T; every level sees the
same instances, contexts and noise.

Why the levels are small and the noise low: the smooth regret is the exploration cost, about
sum_t 1 / (h gamma_t), plus (Smooth_h - max f*) T, which is negative and of order h^2 T for a
smooth profile. The first term is the (T / h)^(1/2) of the bound; the second must stay small
against it (h <= 1/64), and the first reaches its asymptotic form only once h gamma_t gap >> 1 for
most actions (a relative correction of order (h gamma_t)^(-1/2) near the peak), which low noise
(large gamma) brings within the horizon.

The checks, one-sided since the bound is an upper bound: the exponent in T at every level
(fitted, as in cb-squarecb-rates, to the regret gained between checkpoints over the last
FIT_OCTAVES doublings) at most 1/2 + TOLERANCE, and the exponent in 1/h at the horizon at most
1/2 + TOLERANCE. TOLERANCE < (2/3 - 1/2) / 2 keeps a T^(2/3) curve (the Lipschitz-discretisation
rate) from passing, and a learner whose exploration cost grows like 1/h fails
the exponent in 1/h.
"""

from fractions import Fraction

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from proofs import as_power_law
from proofs.bandits import SMOOTHIGW, SMOOTHIGW_GAMMA
from proofs.symbols import RegSq, T, h
from sims.bandits import bandit_metrics
from sims.bandits.circle import CircleActions, circle_actions, circle_bandit, circle_params
from sims.bandits.smooth import smooth_igw_circle
from sims.types import Learner
from testbed.checks import Verdict, check_exponent
from testbed.claim import Claim, Tier, check_level
from testbed.designs.bandits import rate_setting, ridge_regsq
from testbed.plots import bound_label, curve_panel, fit_segment, new_figure
from testbed.sweep import Cell, Experiment

HARMONICS = 1
NOISE_SCALE = 0.03
SMOOTHNESS_LEVELS = tuple(Fraction(1, 2**k) for k in range(6, 11))  # 1/64 .. 1/1024
FIT_OCTAVES = 5
TOLERANCE = 0.06
TIERS = {"smoke": Tier(16, 2**15), "quick": Tier(64, 2**16), "full": Tier(256, 2**18)}


def learner_at(space: CircleActions, level: Fraction) -> tuple[Learner, Fraction]:
    """SmoothIGW at smoothness ``level``, and the level its rate is derived for."""
    return smooth_igw_circle(space, float(level)), level


def cell(space: CircleActions, level: Fraction, horizon: int) -> Cell:
    """SmoothIGW tuned for ``level`` on the circle bandit, its smooth regret measured at
    ``level``."""
    learner, tuned_for = learner_at(space, level)
    regsq = ridge_regsq(space.dim, NOISE_SCALE, horizon)
    schedule = as_power_law(SMOOTHIGW_GAMMA.subs({h: tuned_for, RegSq: regsq}), T)
    setting = rate_setting(circle_params(NOISE_SCALE, float(level)), schedule)
    columns = {"problem": "circle", "learner": learner.name, "dim": space.dim,
               "h": float(level), "inverse_h": int(1 / level)}
    return Cell(columns, circle_bandit(space), learner, (setting,), horizon)


def experiment(tier: Tier) -> Experiment:
    """SmoothIGW at every level h, on the same instances."""
    space = circle_actions(HARMONICS)
    cells = tuple(cell(space, level, tier.horizon) for level in SMOOTHNESS_LEVELS)
    return Experiment(cells, tier.n_instances, bandit_metrics)


def check(frame: pd.DataFrame, tier: Tier) -> list[Verdict]:
    """One exponent in T per level and one in 1/h, at a family-wise false-alarm rate of 5%."""
    level = check_level(len(SMOOTHNESS_LEVELS) + 1, tier)
    window = frame[frame["t"] >= tier.horizon // 2**FIT_OCTAVES]
    in_t = [check_exponent(window[window["inverse_h"] == int(1 / s)], x="t", y="smooth_regret",
                           target=float(SMOOTHIGW.exponent(T)), tolerance=TOLERANCE, level=level,
                           increments=True, bound=SMOOTHIGW.words(), side="upper",
                           check=f"smooth-igw: smooth regret ~ T^a (h={s})")
            for s in SMOOTHNESS_LEVELS]
    in_h = check_exponent(frame[frame["t"] == tier.horizon], x="inverse_h", y="smooth_regret",
                          target=float(SMOOTHIGW.inverse_exponent(h)), tolerance=TOLERANCE,
                          level=level, bound=SMOOTHIGW.words(), side="upper",
                          check=f"smooth-igw: smooth regret ~ (1/h)^a (T={tier.horizon})")
    return in_t + [in_h]


def figure(frame: pd.DataFrame, tier: Tier) -> Figure:
    """Smooth regret against T for every h, and against 1/h at the horizon with the bound and
    the fitted exponent in 1/h (the last check's statistic)."""
    fig, (by_t, by_h) = new_figure(2, "smooth-regret-rate")
    regsq = ridge_regsq(circle_actions(HARMONICS).dim, NOISE_SCALE, tier.horizon)
    curve_panel(by_t, frame, x="t", y="smooth_regret", hue="inverse_h",
                title=f"SmoothIGW on the circle, m = {HARMONICS}")
    inverse = np.asarray([float(1 / s) for s in SMOOTHNESS_LEVELS])
    bound = SMOOTHIGW.numeric(T=tier.horizon, RegSq=regsq)
    final = frame[frame["t"] == tier.horizon]
    curve_panel(by_h, final, x="inverse_h", y="smooth_regret", hue="learner",
                title=f"T = {tier.horizon}",
                bounds={bound_label(SMOOTHIGW): (inverse, bound(h=1 / inverse))})
    fit_segment(by_h, final, x="inverse_h", y="smooth_regret", verdict=check(frame, tier)[-1])
    return fig


CLAIM = Claim(
    id="smooth-regret-rate",
    statement=("On continuous actions in [0, 1) with mu uniform, SmoothIGW's smooth regret grows "
               "at most like (T / h)^(1/2): exponent at most 1/2 in T at every h, and at most "
               "1/2 in 1/h."),
    bounds=(SMOOTHIGW,),
    tiers=TIERS,
    experiment=experiment,
    check=check,
    figure=figure,
)
