"""What the multiple-best-arms rate claims share: the hard two-level instances, a sweep of the
horizon T, and rate functions measured as worst-case exponents.

A rate function theta(alpha) bounds the regret sup over the class H_T(alpha) by T^theta(alpha).
Its empirical form here: at each level alpha in HARDNESS_LEVELS and each horizon T, the learner
runs on the two-level instances sims.selection.two_level_means(n, T, alpha, gamma), with
n/m <= T^alpha and gap Delta = T^-gamma / 2, for every gap exponent gamma in GAP_EXPONENTS; the
measured rate is the log-log slope in T of the worst mean regret over gamma. It is a lower
estimate of the exponent of the sup over the class (the family is finite), and the lower bounds
are proved on instances of this family.

Every learner has two checks per level:
- upper: the worst-case exponent is at most theta + one power of log T (the bounds are O~, and a
  factor log T adds log_allowance(tier) to a slope fitted over the sweep's horizons);
- tightness: at the gap where the theory places the hardest instance (proofs.selection
  MINIMAX_HARD_GAP, MOSSPP_HARD_GAP), the exponent is at least theta - log_allowance(tier).
The horizons are a tier's horizon divided by 1, 4, 16 and 64, so that T^(1/2) is a power of 2 and
MOSS++'s iterations keep their shape across the sweep.
"""

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
import sympy as sp
from matplotlib.axes import Axes

from proofs.bound import Bound
from proofs.selection import moss_oracle_sample
from proofs.symbols import alpha
from sims.run import merge_metrics
from sims.selection import (ARM_LEARNERS, ArmMeans, ParallelParams, moss_oracle,
                            multiple_best_arms, two_level_means)
from sims.types import Learner
from testbed.checks import Verdict, check_worst_exponent, worst_exponent
from testbed.claim import Tier
from testbed.plots import curve_panel
from testbed.sweep import Cell, Experiment, Setting

N_ARMS = 2**14
HARDNESS_LEVELS = (0.2, 0.4, 0.6)
GAP_EXPONENTS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)
HORIZON_STEPS = 4  # horizons T / 4^k, k = 3, 2, 1, 0
TIERS = {"smoke": Tier(6, 2**10), "quick": Tier(16, 2**16), "full": Tier(64, 2**18)}
X, OVER, Y = "horizon", "gap_exponent", "regret"


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


def oracle_arms(horizon: int, level: float) -> int:
    """MOSS Oracle's sample min(n, ceil(psi log sqrt T)) at psi = T^alpha."""
    return moss_oracle_sample(N_ARMS, horizon, float(horizon) ** level)


def learner_cells(name: str, horizon: int) -> list[tuple[Learner, tuple[float, ...]]]:
    """The compiled learners for one horizon and the levels each runs: one for all levels, but
    a MOSS Oracle per level (its sample size is fixed at compile time)."""
    if name == "moss-oracle":
        return [(moss_oracle(N_ARMS, horizon, oracle_arms(horizon, a)), (a,))
                for a in HARDNESS_LEVELS]
    return [(ARM_LEARNERS[name](N_ARMS, horizon), HARDNESS_LEVELS)]


def experiment(learners: Sequence[str], tier: Tier) -> Experiment:
    """Each learner at each horizon on the two-level instances of every (alpha, gamma), the
    final regret only; every learner sees the same instances."""
    problem = multiple_best_arms(two_level_means(N_ARMS, 2, 0.0, 0.0), name="two-level")
    cells = []
    for horizon in horizons(tier):
        for name in learners:
            for learner, levels in learner_cells(name, horizon):
                settings = []
                for level in levels:
                    for gap in GAP_EXPONENTS:
                        means = two_level_means(N_ARMS, horizon, level, gap)
                        params = (ParallelParams(np.float32(means.max())) if name == "parallel"
                                  else learner.default_params)
                        settings.append(Setting({"alpha": level, OVER: gap}, ArmMeans(means),
                                                params))
                cells.append(Cell({"problem": "two-level", "learner": name, X: horizon},
                                  problem, learner, tuple(settings), horizon, (horizon,)))
    return Experiment(tuple(cells), tier.n_instances, merge_metrics)


def on_grid(value: sp.Expr) -> float:
    """The gap exponent of GAP_EXPONENTS equal to ``value``, or a ValueError."""
    matches = [g for g in GAP_EXPONENTS if math.isclose(g, float(value), abs_tol=1e-9)]
    if not matches:
        raise ValueError(f"the hardest gap exponent {value} is not in {GAP_EXPONENTS}")
    return matches[0]


def rate_checks(frame: pd.DataFrame, tier: Tier, learner: str, rate: sp.Expr,
                hard_gap: sp.Expr, bound: Bound, level: float) -> list[Verdict]:
    """The upper and tightness checks of one learner at every level (see the module doc)."""
    allowance = log_allowance(tier)
    verdicts = []
    for hardness in HARDNESS_LEVELS:
        exact = sp.Rational(str(hardness))
        theta = float(rate.subs(alpha, exact))
        hardest = on_grid(hard_gap.subs(alpha, exact))
        part = frame[(frame["learner"] == learner) & (frame["alpha"] == hardness)]
        verdicts.append(check_worst_exponent(
            part, x=X, over=OVER, y=Y, low=-np.inf, high=theta + allowance, target=theta,
            level=level, bound=bound.words(),
            check=f"{learner}: worst regret over gaps grows at most like T^(theta + log), "
                  f"alpha={hardness}"))
        verdicts.append(check_worst_exponent(
            part[part[OVER] == hardest], x=X, over=OVER, y=Y, low=theta - allowance,
            high=np.inf, target=theta, level=level, bound=bound.words(),
            check=f"{learner}: regret at the hardest gap T^-{hardest:g} grows at least like "
                  f"T^(theta - log), alpha={hardness}"))
    return verdicts


def measured_rates(frame: pd.DataFrame) -> pd.DataFrame:
    """Per (learner, alpha): the worst-case exponent ("rate") and its 95% interval ("low",
    "high")."""
    rows = []
    for (learner, hardness), part in frame.groupby(["learner", "alpha"], sort=True):
        _, _, estimate = worst_exponent(part, x=X, over=OVER, y=Y, level=0.95)
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
    curve_panel(ax, rows, x=X, y=Y, hue="alpha", title=f"{learner}: worst regret over gaps")


def rate_panel(ax: Axes, frame: pd.DataFrame, theories: dict[str, sp.Expr]) -> pd.DataFrame:
    """Measured worst-case exponents against alpha (95% intervals) with the theory's rate
    functions (curves of alpha); returns the measured rates with each learner's colour."""
    rates = measured_rates(frame)
    colours = {}
    for learner, part in rates.groupby("learner", sort=True):
        bars = ax.errorbar(part["alpha"], part["rate"], yerr=[part["rate"] - part["low"],
                                                              part["high"] - part["rate"]],
                           marker="o", capsize=2, linestyle="none", label=f"{learner} (measured)")
        colours[learner] = bars.lines[0].get_color()
    grid = np.linspace(0.0, 1.0, 101)
    for style, (label, rate) in zip(["--", ":", "-."] * 3, theories.items()):
        values = sp.lambdify(alpha, rate, "numpy")(grid)
        ax.plot(grid, np.broadcast_to(values, grid.shape), linestyle=style, color="0.3",
                label=label)
    ax.set(xscale="linear", yscale="linear", xlabel="alpha (n/m = T^alpha)",
           ylabel="exponent of the worst regret in T", title="rate functions")
    ax.legend(fontsize="x-small")
    return rates.assign(colour=rates["learner"].map(colours))
