"""What the rate claims share: a sweep of the horizon T over hard instances of every hardness
level and gap, and rate functions measured as worst-case exponents.

A rate function theta(alpha) bounds the regret sup over the class of hardness alpha (n/m <=
T^alpha best arms, or d* <= T^alpha coordinates) by T^theta(alpha). Its empirical form here: at
each level alpha in HARDNESS_LEVELS and each horizon T, the learner runs on hard instances of
that level with gap Delta proportional to T^-gamma, for every gap exponent gamma in
GAP_EXPONENTS; the measured rate is the log-log slope in T of the worst mean regret over gamma.
It is a lower estimate of the exponent of the sup over the class (the family is finite), and
the lower bounds are proved on instances of such families.

Every learner has up to two checks per level, at the levels where it can have regret at every
horizon of the sweep (measured_levels):
- upper: the worst-case exponent is at most theta + the bound's powers of log T (the bounds are
  O~, and each factor log T adds log_allowance(tier) to a slope fitted over the sweep's horizons;
  one power unless the learner's bound has more) + grid_allowance(tier), the most by which the
  slope of the worst regret over the finite gap grid can exceed the slope of the sup over all
  gaps (see grid_allowance). It is made only where it can tell the bound from linear regret:
  at the levels where theta plus that allowance stays below SUBLINEAR_CEILING, so that a
  learner with linear regret (exponent 1) fails every upper check that is listed (none for
  MOSS++ and LinUCB++ at alpha >= 0.4 over the quick horizons, whose rate is 1/2 + alpha, and
  none at alpha = 0.6, whose minimax rate is 0.8), and only on sweeps whose smallest horizon
  leaves the learner more than half of it after its forced exploration (LearnerRate.warmup:
  Parallel's first round of its subroutines), below which every learner of the kind has regret
  linear in T whatever its rate;
- tightness: at the gap where the theory places the hardest instance (proofs.selection
  MINIMAX_HARD_GAP, MOSSPP_HARD_GAP), the exponent is at least theta - log_allowance(tier).
The horizons are a tier's horizon divided by 1, 4, 16 and 64, so that T^(1/2) is a power of 2 and
the doubling schedules of MOSS++ and LinUCB++ keep their shape across the sweep.

The frames these functions read have the columns learner, alpha, gap_exponent, horizon and
regret (the final regret of one run).
"""

import math
from collections.abc import Callable
from typing import NamedTuple

import numpy as np
import pandas as pd
import sympy as sp
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from proofs.bound import Bound
from proofs.symbols import alpha
from testbed.checks import (Slopes, Verdict, check_worst_exponent, scoped, worst_exponent,
                            worst_slopes)
from testbed.claim import Tier, check_level
from testbed.plots import colour, curve_panel, name, new_figure, style_axes
from testbed.stats import loglog_slope

HARDNESS_LEVELS = (0.2, 0.4, 0.6)
GAP_EXPONENTS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)
HORIZON_STEPS = 4  # horizons T / 4^k, k = 3, 2, 1, 0
SUBLINEAR_CEILING = 0.95  # the largest accepted exponent of an upper check: linear regret fails
X, OVER, Y = "horizon", "gap_exponent", "regret"


def no_warmup(horizon: int) -> int:
    """A learner that may exploit from its first round."""
    return 0


def never_trivial(level: float, horizon: int) -> bool:
    """A learner that can have regret on every class of the sweep."""
    return False


class LearnerRate(NamedTuple):
    """What the theory says of one learner on the sweep."""

    rate: sp.Expr  # theta(alpha), the exponent of its bound
    hard_gap: sp.Expr  # gamma(alpha) of the instance where the rate is attained
    bound: Bound
    log_powers: float = 1.0  # the powers of log T the bound has beyond T^theta, at least one
    warmup: Callable[[int], int] = no_warmup  # T -> rounds of forced exploration
    attained: Bound | None = None  # the lower bound that says the rate is attained, if not bound
    trivial: Callable[[float, int], bool] = never_trivial  # (alpha, T) -> no regret possible

    def tightness_bound(self) -> Bound:
        """The bound a tightness check rests on: ``attained``, or the rate's own bound."""
        return self.attained or self.bound


Rates = dict[str, LearnerRate]  # learner -> what the theory says of it


def horizons(tier: Tier) -> tuple[int, ...]:
    """The horizons of the sweep: the tier's horizon T divided by 4^k, k = 3, 2, 1, 0."""
    top = tier.horizon
    if top < 4 ** (HORIZON_STEPS + 1) or math.log(top, 4) % 1:
        raise ValueError(f"a rate sweep needs a horizon that is a power of 4 of at least "
                         f"{4 ** (HORIZON_STEPS + 1)}, got {top}")
    return tuple(top // 4**k for k in reversed(range(HORIZON_STEPS)))


def log_allowance(tier: Tier) -> float:
    """The slope that one factor log T adds to a power law fitted over the sweep's horizons:
    log(log T_max / log T_min) / log(T_max / T_min)."""
    low, high = horizons(tier)[0], horizons(tier)[-1]
    return math.log(math.log(high) / math.log(low)) / math.log(high / low)


def grid_allowance(tier: Tier) -> float:
    """The most by which the fitted slope of the worst mean regret over the gap grid can exceed
    the slope of the envelope, the sup over every gap Delta = T^-gamma with gamma in
    [0, max(GAP_EXPONENTS)].

    Where the regret R(Delta) of one horizon T falls at most linearly on either side of its
    peak in Delta (|d log R / d log Delta| <= 1: R <= T Delta below the peak, and R ~ 1/Delta
    above it, as in the bounds of UCB-type learners), the grid's nearest point, at most
    s / 2 from the peak in gamma (s the grid's largest step), i.e. a factor T^(s / 2) in Delta,
    has regret at least the envelope's over T^(s / 2). The least-squares slope weighs log R(T_i)
    by w_i, centred log T_i over their sum of squares, negative at the horizons below the
    geometric mean; it then exceeds the envelope's by at most the slope of the worst shortfall,
    T^-(s / 2) at those horizons and none at the others: s / 2 * sum over w_i < 0 of
    |w_i| log T_i. It is reached where a grid point approaches the peak across the sweep
    (LinUCB Oracle at alpha = 0.2: the gap T^-0.3 is in its linear regime at every horizon the
    tiers run, its slope near 0.7 against a rate of 0.6)."""
    step = max(np.diff(GAP_EXPONENTS))
    sweep = np.asarray(horizons(tier), float)
    below = np.log(sweep) < np.log(sweep).mean()
    return float(loglog_slope(sweep, sweep ** np.where(below, -step / 2, 0.0)))


def on_grid(value: sp.Expr) -> float:
    """The gap exponent of GAP_EXPONENTS equal to ``value``, or a ValueError."""
    matches = [g for g in GAP_EXPONENTS if math.isclose(g, float(value), abs_tol=1e-9)]
    if not matches:
        raise ValueError(f"the hardest gap exponent {value} is not in {GAP_EXPONENTS}")
    return matches[0]


def upper_allowance(theory: LearnerRate, tier: Tier) -> float:
    """What an upper check allows above theta: log_allowance(tier) per power of log T in the
    learner's bound, and the grid's grid_allowance(tier)."""
    return theory.log_powers * log_allowance(tier) + grid_allowance(tier)


def measured_levels(theory: LearnerRate, tier: Tier) -> tuple[float, ...]:
    """The levels of HARDNESS_LEVELS at which the learner can have regret at every horizon of
    the sweep: at the others the class of the smallest horizon leaves it none
    (LearnerRate.trivial, e.g. LinUCB Oracle told d* = 1 has one action), its regret there is 0
    on every run, and no log-log slope exists."""
    smallest = horizons(tier)[0]
    return tuple(a for a in HARDNESS_LEVELS if not theory.trivial(a, smallest))


def upper_levels(theory: LearnerRate, tier: Tier) -> tuple[float, ...]:
    """The measured levels at which an upper check fails linear regret: theta plus
    upper_allowance stays at most SUBLINEAR_CEILING; none when the learner's forced
    exploration takes half of the sweep's smallest horizon or more."""
    smallest = horizons(tier)[0]
    if 2 * theory.warmup(smallest) >= smallest:
        return ()
    allowance = upper_allowance(theory, tier)
    return tuple(a for a in measured_levels(theory, tier)
                 if float(theory.rate.subs(alpha, sp.Rational(str(a)))) + allowance
                 <= SUBLINEAR_CEILING)


def rate_checks(frame: pd.DataFrame, tier: Tier, learner: str, theory: LearnerRate,
                level: float) -> list[Verdict]:
    """The upper checks (at upper_levels) and the tightness checks (at measured_levels) of one
    learner (see the module doc), each scoped to the learner's rows at its level."""
    allowance = log_allowance(tier)
    checked = upper_levels(theory, tier)
    powers = "log" if theory.log_powers == 1 else f"log^{theory.log_powers:g}"
    verdicts = []
    for hardness in measured_levels(theory, tier):
        checks = []
        exact = sp.Rational(str(hardness))
        theta = float(theory.rate.subs(alpha, exact))
        hardest = on_grid(theory.hard_gap.subs(alpha, exact))
        part = frame[(frame["learner"] == learner) & (frame["alpha"] == hardness)]
        if hardness in checked:
            checks.append(check_worst_exponent(
                part, x=X, over=OVER, y=Y, low=-np.inf,
                high=theta + upper_allowance(theory, tier), target=theta, level=level,
                bound=theory.bound.words(),
                check=f"{learner}: worst regret over gaps grows at most like "
                      f"T^(theta + {powers}), alpha={hardness}"))
        checks.append(check_worst_exponent(
            part[part[OVER] == hardest], x=X, over=OVER, y=Y, low=theta - allowance,
            high=np.inf, target=theta, level=level, bound=theory.tightness_bound().words(),
            check=f"{learner}: regret at the hardest gap T^-{hardest:g} grows at least like "
                  f"T^(theta - log), alpha={hardness}"))
        verdicts += [scoped(v, learner=learner, alpha=hardness) for v in checks]
    return verdicts


def rate_check_count(rates: Rates, learners: tuple[str, ...], tier: Tier) -> int:
    """How many checks rate_checks makes for ``learners``: a tightness check per measured level,
    and an upper check per upper level."""
    return sum(len(measured_levels(rates[name], tier)) + len(upper_levels(rates[name], tier))
               for name in learners)


def measured_rates(frame: pd.DataFrame, slopes: Slopes = worst_slopes) -> pd.DataFrame:
    """Per (learner, alpha): the worst-case exponent ("rate"; or another ``slopes`` of the grid,
    testbed.checks.worst_exponent) and its 95% interval ("low", "high")."""
    rows = []
    for (learner, hardness), part in frame.groupby(["learner", "alpha"], sort=True):
        _, _, estimate = worst_exponent(part, x=X, over=OVER, y=Y, level=0.95, slopes=slopes)
        rows.append({"learner": learner, "alpha": hardness, "rate": estimate.value,
                     "low": estimate.ci95[0], "high": estimate.ci95[1]})
    return pd.DataFrame(rows)


def worst_regret_panel(ax: Axes, frame: pd.DataFrame, learner: str) -> None:
    """One learner's worst mean regret over the gaps against T, a curve per alpha, with the
    95% band of the worst gap's mean."""
    part = frame[frame["learner"] == learner]
    means = part.groupby(["alpha", X, OVER])[Y].mean()
    worst = means.groupby(["alpha", X]).idxmax()
    rows = part.set_index(["alpha", X, OVER]).loc[list(worst)].reset_index()
    curve_panel(ax, rows, x=X, y=Y, hue="alpha", title=f"{name(learner)}: worst over gaps")


def rate_panel(ax: Axes, frame: pd.DataFrame, theories: dict[str, sp.Expr],
               slopes: Slopes = worst_slopes,
               ylabel: str = "exponent of the worst regret in T") -> pd.DataFrame:
    """Measured worst-case exponents (or ``slopes``, see measured_rates) against alpha (95%
    intervals) with the theory's rate functions (curves of alpha); returns the measured rates
    with each learner's colour."""
    rates = measured_rates(frame, slopes)
    colours = {}
    for learner, part in rates.groupby("learner", sort=True):
        bars = ax.errorbar(part["alpha"], part["rate"], yerr=[part["rate"] - part["low"],
                                                              part["high"] - part["rate"]],
                           marker="o", capsize=2, linestyle="none", color=colour(learner),
                           label=f"{name(learner)} (measured)")
        colours[learner] = bars.lines[0].get_color()
    grid = np.linspace(0.0, 1.0, 101)
    for style, (label, rate) in zip(["--", ":", "-."] * 3, theories.items()):
        values = sp.lambdify(alpha, rate, "numpy")(grid)
        ax.plot(grid, np.broadcast_to(values, grid.shape), linestyle=style, color="0.45",
                linewidth=1.0, label=label, zorder=1)
    ax.set(xscale="linear", yscale="linear")
    style_axes(ax, x="alpha", y="rate", title="rate functions")
    ax.set_ylabel(ylabel)
    return rates.assign(colour=rates["learner"].map(colours))


def rate_claim_checks(rates: Rates, learners: tuple[str, ...]
                      ) -> Callable[[pd.DataFrame, Tier], list[Verdict]]:
    """The check of a rate claim: upper and tightness checks of each learner at every level."""
    def check(frame: pd.DataFrame, tier: Tier) -> list[Verdict]:
        level = check_level(rate_check_count(rates, learners, tier), tier)
        return [v for learner in learners
                for v in rate_checks(frame, tier, learner, rates[learner], level=level)]
    return check


def rate_figure(learners: tuple[str, ...], title: str, theories: dict[str, sp.Expr]
                ) -> Callable[[pd.DataFrame, Tier], Figure]:
    """The figure of a rate claim: each learner's worst regret against T, and the measured
    rates against the theory's curves."""
    def figure(frame: pd.DataFrame, tier: Tier) -> Figure:
        fig, axes = new_figure(len(learners) + 1, title)
        for ax, learner in zip(axes, learners):
            worst_regret_panel(ax, frame, learner)
        rate_panel(axes[-1], frame, theories)
        return fig
    return figure
