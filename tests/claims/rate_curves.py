"""Helpers of the rate-claim tests: synthetic final-regret frames that follow given rate
functions on the grid of testbed.designs.rate_sweep, and a claim's verdicts on them."""

import numpy as np
import pandas as pd
import sympy as sp

from proofs.symbols import alpha
from testbed.claim import Tier
from testbed.claims import get
from testbed.designs.rate_sweep import GAP_EXPONENTS, HARDNESS_LEVELS, horizons


def rate_of(rate: sp.Expr):
    """The rate function ``rate`` of alpha as a Python function of the level."""
    return lambda level: float(rate.subs(alpha, sp.Rational(str(level))))


def capped_curves(rates: dict, tier: Tier, n: int = 16, seed: int = 0) -> pd.DataFrame:
    """Final regret of each learner on every (alpha, gap, horizon): min(T Delta, T^theta(alpha))
    / 2 with Delta = T^-gap, times a multiplicative noise per run; the worst gap is the one that
    caps it, as on the hard instances."""
    rng = np.random.default_rng(seed)
    rows = []
    for learner, rate in rates.items():
        for level in HARDNESS_LEVELS:
            for horizon in horizons(tier):
                for gap in GAP_EXPONENTS:
                    regret = (np.minimum(horizon ** (1.0 - gap), horizon ** rate(level)) / 2
                              * rng.lognormal(0.0, 0.1, size=n))
                    rows.append(pd.DataFrame({
                        "learner": learner, "alpha": level, "gap_exponent": gap,
                        "horizon": horizon, "instance": np.arange(n), "t": horizon,
                        "regret": regret}))
    return pd.concat(rows, ignore_index=True)


def outcomes_by_learner(claim_id: str, frame: pd.DataFrame, tier: Tier) -> dict[str, str]:
    """Check name -> outcome of a registered claim's checks on ``frame``."""
    return {verdict.check: verdict.outcome for verdict in get(claim_id).check(frame, tier)}
