"""The rate sweep's upper allowance: on regret surfaces that obey a rate bound with one power of
log T, the slope of the worst regret over the gap grid stays within theta + upper_allowance, and
without the grid's allowance a correct learner would fail."""

import numpy as np
import pytest

from testbed.checks import worst_slopes
from testbed.claims import msl_linucbpp_rate
from testbed.designs import arm_rates, rate_sweep
from testbed.designs.rate_sweep import GAP_EXPONENTS

TIERS = [msl_linucbpp_rate.TIERS["quick"], arm_rates.TIERS["quick"],
         arm_rates.TIERS["full"]]


def bound_shaped_regret(horizons: np.ndarray, gaps: np.ndarray, level: float,
                        scale: float) -> np.ndarray:
    """R(Delta, T) = min(T Delta, scale T^alpha (log T)^2 / Delta), (X, G): linear below its
    peak, 1/Delta above it, sup over Delta = sqrt(scale) T^((1 + alpha) / 2) log T."""
    t = horizons[:, None]
    return np.minimum(t * gaps, scale * t**level * np.log(t) ** 2 / gaps)


@pytest.mark.parametrize("tier", TIERS, ids=lambda t: f"T{t.horizon}")
@pytest.mark.parametrize("level", [0.2, 0.4])
def test_the_grid_slope_stays_within_the_upper_allowance_and_needs_it(tier, level):
    horizons = np.asarray(rate_sweep.horizons(tier), float)
    theta = (1 + level) / 2  # the minimax rate, one power of log T in its bound
    high = theta + rate_sweep.upper_allowance(arm_rates.RATES["moss-oracle"], tier)
    grid = horizons[:, None] ** -np.asarray(GAP_EXPONENTS)
    excess = []
    for scale in np.geomspace(1e-4, 1e2, 600):
        peak = np.sqrt(scale * horizons**level * np.log(horizons) ** 2 / horizons)
        if not (peak <= 1).all() or not (peak >= grid[:, -1]).all():
            continue  # the peak leaves the grid's range of gaps at some horizon
        slope = float(worst_slopes(horizons, bound_shaped_regret(horizons, grid, level, scale)))
        assert slope <= high + 1e-9
        excess.append(slope - theta)
    assert len(excess) > 100
    # the log allowance alone is exceeded by a surface that obeys the bound
    assert max(excess) > rate_sweep.log_allowance(tier)


def test_the_grid_allowance_is_half_a_step_on_the_negative_weights():
    tier = arm_rates.TIERS["quick"]  # T = 2^10 .. 2^16
    logs = np.log(2.0) * np.array([10, 12, 14, 16])
    weights = (logs - logs.mean()) / ((logs - logs.mean()) ** 2).sum()
    assert rate_sweep.grid_allowance(tier) == pytest.approx(
        0.05 * -(weights[:2] * logs[:2]).sum())
    assert rate_sweep.grid_allowance(tier) == pytest.approx(0.105)
