"""A claim of your own, checked like the registered ones: `testbed check notebooks/own_claim.py`.

The claim: with a regression oracle, epsilon-greedy's regret on a linear contextual bandit grows
at most like T^(2/3) when it explores at the rate that balances its trade-off,

    Reg(T) <= epsilon T + 2 sqrt(K T RegSq / epsilon),  minimised at epsilon* = (K RegSq / T)^(1/3),

giving O((K RegSq)^(1/3) T^(2/3)) (J. Langford and T. Zhang, "The Epoch-Greedy Algorithm for
Contextual Multi-armed Bandits", NeurIPS 2007; the oracle form is D. Foster and A. Rakhlin,
"Beyond UCB", ICML 2020, Section 2). A file like this one defines CLAIM (a testbed.claim.Claim):
what is asserted, the bound, the sizes of each tier, the experiment (sims cells), the check (a
verdict with an interval) and the figure. Its results are keyed on this file's code as well as
the testbed's, so an edit here makes `testbed check` simulate again.
"""

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from proofs import Bound, minimise
from proofs.expressions import parse_expression, symbol
from proofs.symbols import T
from sims.bandits import bandit_metrics, linear_contextual_bandit, sphere_actions
from testbed.checks import Verdict, check_exponent
from testbed.claim import Claim, Tier, check_level
from testbed.designs.bandits import derived_cells, ridge_regsq
from testbed.plots import bound_label, curve_panel, fit_segment, new_figure
from testbed.sweep import Experiment

N_ACTIONS, DIM, NOISE_SCALE = 20, 4, 0.1
FIT_OCTAVES = 4  # the exponent is fitted over the last 4 doublings of the horizon
TOLERANCE = 0.06  # half the gap between 2/3 and 1/2, so the check can tell the two apart

# The bound as text, its tuning derived rather than typed in.
TRADEOFF = parse_expression("epsilon*T + 2*sqrt(K*T*RegSq/epsilon)")
EPSILON_STAR, REGRET = minimise(TRADEOFF, symbol("epsilon"))
BOUND = Bound("epsilon-greedy regret", REGRET, "upper", ("T", "K"), "CL",
              "Langford & Zhang, NeurIPS 2007; Foster & Rakhlin, ICML 2020, Section 2")
TIERS = {"smoke": Tier(16, 2**11), "quick": Tier(64, 2**14), "full": Tier(256, 2**16)}


def experiment(tier: Tier) -> Experiment:
    """epsilon-greedy at epsilon_t = epsilon*(t) on K = 20 actions on the sphere in d = 4."""
    actions = sphere_actions(0, N_ACTIONS, DIM)
    problem = linear_contextual_bandit(actions, "gaussian", "signs")
    cells = derived_cells([("epsilon-greedy", EPSILON_STAR)], "linear-cb", problem, actions,
                          noise_scale=NOISE_SCALE, horizon=tier.horizon)
    return Experiment(tuple(cells), tier.n_instances, bandit_metrics)


def check(frame: pd.DataFrame, tier: Tier) -> list[Verdict]:
    """One check: the regret's exponent in T is at most 2/3 (+ TOLERANCE)."""
    window = frame[frame["t"] >= tier.horizon // 2**FIT_OCTAVES]
    return [check_exponent(window, x="t", y="regret", target=float(BOUND.exponent(T)),
                           tolerance=TOLERANCE, level=check_level(1, tier), increments=True,
                           side="upper", bound=BOUND.words(),
                           check=f"epsilon-greedy: regret ~ T^a (K={N_ACTIONS})")]


def figure(frame: pd.DataFrame, tier: Tier) -> Figure:
    """The regret curve with the bound at the oracle's RegSq, and the fitted exponent."""
    fig, (panel,) = new_figure(1, "own-epsilon-greedy-T23", width="one")
    t = np.unique(frame["t"]).astype(float)
    curve = BOUND.numeric(K=N_ACTIONS, RegSq=ridge_regsq(DIM, NOISE_SCALE, tier.horizon))
    curve_panel(panel, frame, x="t", y="regret", hue="learner",
                title=f"K = {N_ACTIONS}, d = {DIM}", bounds={bound_label(BOUND): (t, curve(T=t))})
    fit_segment(panel, frame[frame["t"] >= tier.horizon // 2**FIT_OCTAVES], x="t", y="regret",
                verdict=check(frame, tier)[0])
    return fig


CLAIM = Claim("own-epsilon-greedy-T23",
              f"With a ridge regression oracle on K = {N_ACTIONS} actions in d = {DIM}, "
              f"epsilon-greedy's regret grows at most like T^(2/3).",
              (BOUND,), TIERS, experiment, check, figure)
