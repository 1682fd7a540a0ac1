"""Claim mba-synthetic-figure: the synthetic experiments of Zhu & Nowak (NeurIPS 2020, Figure 2)
reproduced, with the orderings the theory predicts.

Setting (paper shape): n = 20,000 arms, T = 50,000, Bernoulli rewards; the papers' generator
(sims.selection.synthetic_means): m = ceil(n / (2 T^alpha)) best arms of mean 0.9, the others
spread over 0.1, ..., 0.5, the arm order shuffled per run. Learners: MOSS, MOSS Oracle (told
alpha: min(n, psi log sqrt T) random arms with psi = n/m), Quantile, Parallel (told mu* = 0.9),
MOSS++ and empMOSS++ (beta = 1/2). Two panels: the regret curves at alpha = 0.25 (mean, shaded
+- std / 4 as in the paper), and the regret at T against alpha for the paper's alpha = 0.1, 0.2,
..., 0.8 (full tier, 100 runs). The quick tier keeps the shape with 24 runs at alpha = 0.1, 0.25,
0.4, 0.6, 0.8. Every learner sees the same instances (paired over runs).

Checks, at alpha = 0.25 on the final regret, paired over runs (theory: proofs.selection MBA_MINIMAX
and MOSSPP, Parallel's guarantee): MOSS Oracle, MOSS++, empMOSS++ and Parallel each below MOSS,
which pays for trying all n arms where n/m = 30 would do. The repository publishes no numbers for
this experiment. A horizon other than the paper's shrinks the problem (n = 2,048): the smoke tier
runs the same code fast and says nothing about the paper. """

import pandas as pd
from matplotlib.figure import Figure

from proofs.selection import MBA_MINIMAX, MOSSPP
from sims.run import merge_metrics
from sims.selection import (ArmMeans, moss, moss_oracle, moss_plus_plus, multiple_best_arms,
                            parallel, quantile, synthetic_means)
from testbed.checks import Verdict, check_ordering, scoped
from testbed.claim import Claim, Tier, check_level
from testbed.designs.zhu_nowak import (ADAPTIVE, BETA, PUBLISHED_ORDER, RECORD_EVERY, bound_of,
                                       oracle_arms, told)
from testbed.plots import mean_points, new_figure, spread_curves
from testbed.sweep import Cell, Experiment, Setting, every

PAPER_HORIZON = 50_000
PAPER_ARMS = 20_000
SMOKE_ARMS = 2_048
CURVE_ALPHA = 0.25  # the regret-curve panel
PAPER_ALPHAS = (0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
QUICK_ALPHAS = (0.1, 0.25, 0.4, 0.6, 0.8)
SMOKE_ALPHAS = (0.1, 0.25, 0.5)
TIERS = {"smoke": Tier(16, 4096), "quick": Tier(24, PAPER_HORIZON),
         "full": Tier(100, PAPER_HORIZON)}


def experiment(tier: Tier) -> Experiment:
    """Each learner in one cell over the alpha grid (MOSS Oracle: a cell per alpha, its sample
    size is fixed at compile time)."""
    paper = tier.horizon == PAPER_HORIZON
    n, horizon = (PAPER_ARMS if paper else SMOKE_ARMS), tier.horizon
    alphas = ((PAPER_ALPHAS if tier.name == "full" else QUICK_ALPHAS) if paper
              else SMOKE_ALPHAS)
    instances = {a: synthetic_means(n, horizon, a) for a in alphas}
    problem = multiple_best_arms(instances[CURVE_ALPHA], name=f"synthetic(n={n})")
    marks = every(RECORD_EVERY, horizon)

    def cell(learner, grid) -> Cell:
        settings = tuple(Setting({"alpha": a}, ArmMeans(instances[a]),
                                 told(learner, instances[a], horizon)) for a in grid)
        return Cell({"problem": problem.name, "learner": learner.name}, problem, learner,
                    settings, horizon, marks)

    cells = [cell(learner, alphas) for learner in (
        moss(n, horizon), quantile(n, horizon), parallel(n, horizon),
        moss_plus_plus(n, horizon, BETA), moss_plus_plus(n, horizon, BETA, empirical=True))]
    oracle = moss_oracle(n, horizon, max(oracle_arms(instances[a], horizon) for a in alphas))
    cells += [cell(oracle, (a,)) for a in alphas]  # one program, told each level's sample
    return Experiment(tuple(cells), tier.n_instances, merge_metrics)


def check(frame: pd.DataFrame, tier: Tier) -> list[Verdict]:
    """Each adaptive learner below MOSS at alpha = 0.25 and the horizon, scoped to the two
    learners' rows (settling runs only those further)."""
    final = frame[(frame["t"] == tier.horizon) & (frame["alpha"] == CURVE_ALPHA)]
    level = check_level(len(ADAPTIVE), tier)
    return [scoped(check_ordering(final, by="learner", better=better, worse="moss", y="regret",
                                  level=level, bound=bound_of(better).words(),
                                  check=f"theory: {better} below moss at alpha={CURVE_ALPHA}, "
                                        f"T={tier.horizon}"),
                   {"learner": better, "alpha": CURVE_ALPHA},
                   {"learner": "moss", "alpha": CURVE_ALPHA})
            for better in ADAPTIVE]


def figure(frame: pd.DataFrame, tier: Tier) -> Figure:
    """Regret curves at alpha = 0.25 and the regret at T against alpha."""
    fig, (curves, by_alpha) = new_figure(2, "mba-synthetic-figure")
    spread_curves(curves, frame[frame["alpha"] == CURVE_ALPHA], PUBLISHED_ORDER,
                  f"alpha = {CURVE_ALPHA} (shade: +- std / 4)")
    mean_points(by_alpha, frame[frame["t"] == tier.horizon], x="alpha", y="regret",
                hue="learner", order=PUBLISHED_ORDER)
    by_alpha.set(ylabel=f"regret at T = {tier.horizon:,} (95% CI)",
                 title="regret against hardness")
    return fig


CLAIM = Claim(
    id="mba-synthetic-figure",
    statement=("In the synthetic multiple-best-arms experiment (n = 20,000, T = 50,000, "
               "alpha = 0.25), MOSS Oracle, MOSS++, empMOSS++ and Parallel each have smaller "
               "regret than MOSS."),
    bounds=(MBA_MINIMAX, MOSSPP),
    tiers=TIERS,
    experiment=experiment,
    check=check,
    figure=figure,
)
