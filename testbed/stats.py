"""Statistics of the checks: log-log slopes and confidence intervals over instances.

An interval for a statistic theta = f(column means) of an (N instances, M columns) table is a
studentized interval built from the jackknife (no resampling, so it is deterministic):

- the leave-one-out values theta_(i) give the influence values U_i = (N - 1)(mean theta_(.) -
  theta_(i)), the standard error se^2 = sum (U_i - mean U)^2 / (N (N - 1)) and the skewness
  gamma of the U_i;
- the t-interval theta^ -+ t_{N-1} se, and the same interval after Hall's skewness-removing
  transformation g(x) = x + a x^2 + a^2 x^3 / 3 + b, a = gamma / (3 sqrt N), b = gamma / (6 sqrt N)
  of the studentized statistic (P. Hall, "On the removal of skewness by transformation", JRSS B
  54(1), 1992), which removes the N^-1/2 term of its Edgeworth expansion;
- the interval is their union (each end the outer of the two): the t-interval where the data are
  heavy-tailed (the skewness estimate is noisy), Hall's where they are skewed.

For the mean, U_i = y_i - mean y and se = s / sqrt(N), so the t part is Student's interval. Its
coverage at the (instances, level) pairs the claims use is measured in
tests/testbed/test_coverage.py on normal, skewed, heavy-tailed and bimodal data.

The same interval serves statistics known only within bounds (interval_bounds), such as the
slope of the labels at which a mean learning curve reaches each target, some targets perhaps
censored at the budget. Its coverage for that exponent is measured in
tests/testbed/test_reach_coverage.py on synthetic learning curves. It does not hold where the
instances learn at rates spread so widely that a slow minority sets the mean curve's rate: a
sample without the minority's instances shows nothing of it, and the interval then lies
wholly below the true exponent too often (3-8% of data sets at level 0.95, 2.5% nominal).
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import stats


@dataclass(frozen=True)
class Estimate:
    """A statistic with studentized jackknife intervals over instances.

    Attributes:
        value: the statistic on the full sample.
        ci: the interval at ``level`` (used for decisions).
        ci95: the 95% interval (for tables and plots).
        level: the confidence level of ``ci``.
        n: the number of instances.
    """

    value: float
    ci: tuple[float, float]
    ci95: tuple[float, float]
    level: float
    n: int


def loglog_slope(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Least-squares slope of log y on log x along the last axis; y may carry leading axes.

    Returns nan where some y <= 0 (a log-log slope is undefined there).
    """
    log_x = np.log(np.asarray(x, float))
    with np.errstate(divide="ignore", invalid="ignore"):
        log_y = np.where(y > 0, np.log(np.where(y > 0, y, 1.0)), np.nan)
    centred = log_x - log_x.mean()
    return ((log_y - log_y.mean(axis=-1, keepdims=True)) @ centred) / (centred @ centred)


def leave_one_out_means(samples: np.ndarray) -> np.ndarray:
    """(N, ...) means over the first axis of ``samples`` (N, ...) with row i left out, in row
    i."""
    n = samples.shape[0]
    if n < 2:
        raise ValueError(f"an interval needs at least 2 instances, got {n}")
    return (samples.sum(axis=0) - samples) / (n - 1)


# The fewest instances at which an interval at a level up to the first entry is trusted to
# fail a check: below them its miss rate on skewed or bimodal data exceeds 1 - level (measured in
# tests/testbed/test_coverage.py), so a check there can pass or be inconclusive, never fail.
MIN_INSTANCES = ((0.99, 24), (0.999, 32), (1.0, 64))


def min_instances(level: float) -> int:
    """The fewest instances at which an interval at ``level`` may fail a check (MIN_INSTANCES)."""
    return next(n for top, n in MIN_INSTANCES if level <= top)


def jackknife_moments(value: np.ndarray, jackknife: np.ndarray
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(standard error, skewness of the influence values, finite) of statistics with full-sample
    ``value`` (...) and leave-one-out values ``jackknife`` (N, ...); finite is False where the
    value or a leave-one-out value is not finite (se and skewness are then meaningless)."""
    value = np.asarray(value, float)
    jackknife = np.asarray(jackknife, float)
    n = jackknife.shape[0]
    finite = np.isfinite(value) & np.all(np.isfinite(jackknife), axis=0)
    jackknife = np.where(finite, jackknife, 0.0)
    influence = (n - 1) * (jackknife.mean(axis=0) - jackknife)
    centred = influence - influence.mean(axis=0)
    second = np.mean(centred**2, axis=0)
    se = np.sqrt(np.sum(centred**2, axis=0) / (n * (n - 1)))
    with np.errstate(divide="ignore", invalid="ignore"):
        skewness = np.where(second > 0, np.mean(centred**3, axis=0) / second**1.5, 0.0)
    return se, skewness, finite


def studentized_ends(value: np.ndarray, se: np.ndarray, skewness: np.ndarray, n: int,
                     level: float) -> tuple[np.ndarray, np.ndarray]:
    """(low, high) at ``level``: the union of theta^ -+ t_{n-1} se and Hall's interval
    theta^ - se g^-1(+-t_{n-1}) (see the module doc); [value, value] where se is 0."""
    if not 0.5 < level < 1.0:
        raise ValueError(f"confidence level must lie in (0.5, 1), got {level}")
    quantile = float(stats.t.ppf((1 + level) / 2, n - 1))
    a, b = skewness / (3 * np.sqrt(n)), skewness / (6 * np.sqrt(n))
    safe = np.where(a == 0, 1.0, a)

    def untransformed(y: float) -> np.ndarray:
        """g^-1(y) = ((1 + 3 a (y - b))^(1/3) - 1) / a, and y - b where a = 0."""
        return np.where(a == 0, y - b, (np.cbrt(1 + 3 * a * (y - b)) - 1) / safe)

    low = np.minimum(value - quantile * se, value - se * untransformed(quantile))
    high = np.maximum(value + quantile * se, value - se * untransformed(-quantile))
    return np.where(se > 0, low, value), np.where(se > 0, high, value)


def studentized_interval(value: np.ndarray, jackknife: np.ndarray, level: float
                         ) -> tuple[np.ndarray, np.ndarray]:
    """(low, high) at ``level`` for statistics with full-sample ``value`` (...) and leave-one-out
    values ``jackknife`` (N, ...) (see the module doc); nan where the value or a leave-one-out
    value is not finite."""
    se, skewness, finite = jackknife_moments(value, jackknife)
    low, high = studentized_ends(np.asarray(value, float), se, skewness, np.shape(jackknife)[0],
                                 level)
    return np.where(finite, low, np.nan), np.where(finite, high, np.nan)


def interval(samples: np.ndarray, statistic: Callable[[np.ndarray], np.ndarray],
             level: float) -> Estimate:
    """Studentized jackknife interval of a statistic of the column means of ``samples`` (N, M).

    Rows are independent instances; columns are what the statistic compares (checkpoints, action
    counts, learners). ``statistic`` maps (..., M) means to (...) values.
    """
    def both(means: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        values = statistic(means)
        return values, values

    return interval_bounds(samples, both, level)


def interval_bounds(samples: np.ndarray,
                    bounds: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]],
                    level: float) -> Estimate:
    """Interval of a statistic known only within bounds: ``bounds`` maps (..., M) means to
    (lowest, highest), lowest <= statistic <= highest (e.g. a slope through right-censored
    points). The interval runs from the lower end of lowest's interval to the upper end of
    highest's; an end is infinite where its bound is infinite on the full sample or on a
    leave-one-out sample (it is then not known from that side). The value is lowest on the full
    sample where it is finite, else highest.
    """
    samples = np.asarray(samples, float)
    if samples.ndim != 2 or not np.all(np.isfinite(samples)):
        raise ValueError(f"samples must be a finite (instances, columns) array, got "
                         f"{samples.shape}")
    low_value, high_value = (np.asarray(v, float) for v in bounds(samples.mean(axis=0)))
    low_jack, high_jack = (np.asarray(v, float) for v in bounds(leave_one_out_means(samples)))
    value = float(low_value) if np.isfinite(low_value) else float(high_value)

    def ends(p: float) -> tuple[float, float]:
        low = _end(low_value, low_jack, p, lower=True)
        high = _end(high_value, high_jack, p, lower=False)
        return low, high

    return Estimate(value, ends(level), ends(0.95), level, samples.shape[0])


def _end(value: np.ndarray, jackknife: np.ndarray, level: float, lower: bool) -> float:
    """One end of the interval of a bound: -inf (lower) or +inf (upper) where the bound is
    infinite on the full or a leave-one-out sample, nan where it is nan, else the studentized
    interval's end."""
    if np.isnan(value) or np.any(np.isnan(jackknife)):
        return float("nan")
    if np.isinf(value) or np.any(np.isinf(jackknife)):
        return float("-inf") if lower else float("inf")
    low, high = studentized_interval(value, jackknife, level)
    return float(low if lower else high)
