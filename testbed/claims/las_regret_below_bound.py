"""Claim las-regret-below-bound: SpannerIGW's regret stays below its bound evaluated with the
measured RegSq, sqrt(C_opt d T RegSq(T)), and the ratio does not grow with T.

Instances: as las-spannerigw-sqrt-T (d = 4, K = 1000 actions uniform on the sphere, Rademacher
contexts, Gaussian noise sigma = 0.1), SpannerIGW with its derived anytime gamma*. RegSq(t) is not
assumed: it is the running sum of the oracle's squared errors (f^(x_s, a_s) - f*(x_s, a_s))^2 on
the played actions, recorded per instance ("sq_error"), and the bound is evaluated per instance
and checkpoint with C_opt = C^2 d for the C = 2 spanner.

The checks: the mean ratio regret / bound at the horizon is below 1 (the bound holds with the
constants of its derivation, proofs.bandits), and the ratio's log-log slope in T over the last
FIT_OCTAVES doublings is at most TOLERANCE (bounded, not growing). A learner whose regret is
linear in T while its RegSq stays logarithmic makes the ratio grow like T^(1/2) and fails.
"""

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from proofs.bandits import SPANNER_DESIGN_FACTOR, SPANNERIGW, SPANNERIGW_GAMMA
from sims.bandits import bandit_metrics, linear_contextual_bandit, sphere_actions
from sims.bandits.spanner import SPANNER_C
from testbed.checks import Verdict, check_mean_below, check_ratio_bounded
from testbed.claim import Claim, Tier, check_level
from testbed.designs.bandits import derived_cells
from testbed.plots import curve_panel, new_figure
from testbed.sweep import Experiment

DIM = 4
N_ACTIONS = 1000
NOISE_SCALE = 0.1
CONTEXTS = "signs"
ACTION_TABLE_SEED = 0
LEARNER = ("spanner-igw", SPANNERIGW_GAMMA)  # (learner, its rate), as derived_cells takes them
FIT_OCTAVES = 5
TOLERANCE = 0.06
TIERS = {"smoke": Tier(16, 2**11), "quick": Tier(64, 2**14), "full": Tier(256, 2**16)}
BOUND_WITH_C = SPANNERIGW.substitute(C_opt=SPANNER_DESIGN_FACTOR)


def experiment(tier: Tier) -> Experiment:
    """SpannerIGW on the K = 1000 linear bandit, recording its oracle's squared errors."""
    actions = sphere_actions(ACTION_TABLE_SEED, N_ACTIONS, DIM)
    problem = linear_contextual_bandit(actions, "gaussian", CONTEXTS)
    cells = derived_cells([LEARNER], "linear-cb", problem, actions, noise_scale=NOISE_SCALE,
                          horizon=tier.horizon)
    return Experiment(tuple(cells), tier.n_instances, bandit_metrics)


def with_bound(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with "bound" = sqrt(C_opt d t RegSq(t)) from the row's measured RegSq, and
    "bound_ratio" = regret / bound."""
    bound = BOUND_WITH_C.numeric(C=SPANNER_C)(d=frame["dim"].to_numpy(float),
                                              T=frame["t"].to_numpy(float),
                                              RegSq=frame["sq_error"].to_numpy(float))
    return frame.assign(bound=bound, bound_ratio=frame["regret"].to_numpy(float) / bound)


def check(frame: pd.DataFrame, tier: Tier) -> list[Verdict]:
    """Two checks at a family-wise false-alarm rate of 5%."""
    level = check_level(2, tier)
    rated = with_bound(frame)
    window = rated[rated["t"] >= tier.horizon // 2**FIT_OCTAVES]
    return [
        check_mean_below(rated[rated["t"] == tier.horizon], y="bound_ratio", limit=1.0,
                         level=level, bound=SPANNERIGW.words(),
                         check=f"regret / bound with measured RegSq below 1 (T={tier.horizon})"),
        check_ratio_bounded(window, x="t", y="bound_ratio", bound_curve=np.ones_like,
                            tolerance=TOLERANCE, level=level, bound=SPANNERIGW.words(),
                            check="regret / bound with measured RegSq does not grow with T"),
    ]


def figure(frame: pd.DataFrame, tier: Tier) -> Figure:
    """Regret and the per-instance bound against T, and their ratio."""
    fig, (levels, ratio) = new_figure(2, "las-regret-below-bound")
    rated = with_bound(frame)
    long = pd.concat([rated.assign(curve="regret", value=rated["regret"]),
                      rated.assign(curve="bound (measured RegSq)", value=rated["bound"])])
    curve_panel(levels, long, x="t", y="value", hue="curve",
                title=f"SpannerIGW, K = {N_ACTIONS}, d = {DIM}")
    curve_panel(ratio, rated, x="t", y="bound_ratio", hue="learner", title="regret / bound")
    return fig


CLAIM = Claim(
    id="las-regret-below-bound",
    statement=("SpannerIGW's regret stays below sqrt(C_opt d T RegSq(T)) evaluated with the "
               "oracle's measured RegSq, and the ratio does not grow with T."),
    bounds=(SPANNERIGW,),
    tiers=TIERS,
    experiment=experiment,
    check=check,
    figure=figure,
)
