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
    def both(means: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        values = statistic(means)
        return values, values

    return bootstrap_bounds(samples, both, level, n_boot, seed)


def bootstrap_bounds(samples: np.ndarray,
                     bounds: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]], level: float,
                     n_boot: int = DEFAULT_BOOTSTRAP, seed: int = 0) -> Estimate:
    """Percentile bootstrap of a statistic known only within bounds: ``bounds`` maps (..., M)
    means to (lowest, highest), lowest <= statistic <= highest (e.g. a slope through
    right-censored points). The interval runs from the lower quantile of lowest to the upper
    quantile of highest over the same resamples, and may be infinite. The value is lowest on the
    full sample where it is finite, else highest.
    """
    if not 0.5 < level < 1.0:
        raise ValueError(f"confidence level must lie in (0.5, 1), got {level}")
    samples = np.asarray(samples, float)
    if samples.ndim != 2 or not np.all(np.isfinite(samples)):
        raise ValueError(f"samples must be a finite (instances, columns) array, got {samples.shape}")
    low_draws, high_draws = bounds(bootstrap_means(samples, n_boot, seed))
    low, high = (float(v) for v in bounds(samples.mean(axis=0)))
    value = low if np.isfinite(low) else high

    def interval(p: float) -> tuple[float, float]:
        return _quantile(low_draws, (1 - p) / 2), _quantile(high_draws, (1 + p) / 2)

    return Estimate(value, interval(level), interval(0.95), level)


def _quantile(draws: np.ndarray, q: float) -> float:
    """The q-quantile of ``draws``, interpolated where they are finite, else a draw itself (so
    infinite draws give an infinite end, never nan)."""
    method = "linear" if np.all(np.isfinite(draws)) else "inverted_cdf"
    return float(np.quantile(draws, q, method=method))
