"""The multiple-best-arms experiments of Zhu & Nowak (NeurIPS 2020, Figures 2 and 3) that
mba-newyorker-table and mba-synthetic-figure reproduce: the paper's parameter of MOSS++, the
published order of its six learners, the learners the theory predicts below MOSS and the bound
behind each prediction, and what the learners are told (MOSS Oracle its sample size)."""

from functools import partial

import numpy as np

from proofs import Bound
from proofs.bandits import SMOOTH_ADAPTIVE
from proofs.selection import MBA_MINIMAX, MOSSPP, moss_oracle_sample
from sims.selection import ArmMeans, told_params
from sims.types import Learner, PyTree

BETA = 0.5  # MOSS++'s user parameter in the paper's experiments
RECORD_EVERY = 1000  # rounds between recorded points of the regret curves
PUBLISHED_ORDER = ("empmoss++", "moss-oracle", "moss++", "parallel", "moss", "quantile")
ADAPTIVE = ("moss-oracle", "moss++", "empmoss++", "parallel")  # each predicted below MOSS


def oracle_arms(means: np.ndarray, horizon: int) -> int:
    """MOSS Oracle's sample size min(n, ceil(psi log sqrt T)) for psi = n/m of the instance."""
    n_best = int(np.sum(means == means.max()))
    return moss_oracle_sample(means.size, horizon, means.size / n_best)


def told(learner: Learner, means: np.ndarray, horizon: int) -> PyTree:
    """The params a learner runs with on the instance ``means`` (sims.selection.told_params), with
    MOSS Oracle's sample size at the instance's own hardness psi = n/m (oracle_arms)."""
    return told_params(learner, ArmMeans(means), partial(oracle_arms, means, horizon))


def bound_of(learner: str) -> Bound:
    """The bound behind the prediction that ``learner`` beats MOSS."""
    if learner == "corral-igw":
        return SMOOTH_ADAPTIVE
    return MOSSPP if learner.endswith("moss++") else MBA_MINIMAX
