"""Statistics of the checks: log-log slopes and bootstrap confidence intervals over instances."""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

DEFAULT_BOOTSTRAP = 2000


@dataclass(frozen=True)
class Estimate:
    """A statistic with percentile-bootstrap intervals over instances.

    Attributes:
        value: the statistic on the full sample.
        ci: the interval at ``level`` (used for decisions).
        ci95: the 95% interval (for tables and plots).
        level: the confidence level of ``ci``.
    """

    value: float
    ci: tuple[float, float]
    ci95: tuple[float, float]
    level: float


def loglog_slope(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Least-squares slope of log y on log x along the last axis; y may carry leading axes.

    Returns nan where some y <= 0 (a log-log slope is undefined there).
    """
    log_x = np.log(np.asarray(x, float))
    with np.errstate(divide="ignore", invalid="ignore"):
        log_y = np.where(y > 0, np.log(np.where(y > 0, y, 1.0)), np.nan)
    centred = log_x - log_x.mean()
    return ((log_y - log_y.mean(axis=-1, keepdims=True)) @ centred) / (centred @ centred)


def bootstrap_means(samples: np.ndarray, n_boot: int, seed: int) -> np.ndarray:
    """(n_boot, M) column means of ``samples`` (N, M) under resampling of its N rows."""
    n = samples.shape[0]
    if n < 2:
        raise ValueError(f"a bootstrap needs at least 2 instances, got {n}")
    counts = np.random.default_rng(seed).multinomial(n, np.full(n, 1.0 / n), size=n_boot)
    return counts @ samples / n


def bootstrap(samples: np.ndarray, statistic: Callable[[np.ndarray], np.ndarray], level: float,
              n_boot: int = DEFAULT_BOOTSTRAP, seed: int = 0) -> Estimate:
    """Percentile bootstrap of a statistic of the column means of ``samples`` (N, M).

    Rows are independent instances; columns are what the statistic compares (checkpoints, action
    counts, learners). ``statistic`` maps (..., M) means to (...) values.
    """
    if not 0.5 < level < 1.0:
        raise ValueError(f"confidence level must lie in (0.5, 1), got {level}")
    samples = np.asarray(samples, float)
    if samples.ndim != 2 or not np.all(np.isfinite(samples)):
        raise ValueError(f"samples must be a finite (instances, columns) array, got {samples.shape}")
    draws = statistic(bootstrap_means(samples, n_boot, seed))
    value = float(statistic(samples.mean(axis=0)))

    def interval(p: float) -> tuple[float, float]:
        lo, hi = np.quantile(draws, [(1 - p) / 2, (1 + p) / 2])
        return float(lo), float(hi)

    return Estimate(value, interval(level), interval(0.95), level)
