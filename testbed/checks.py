"""Pure checkers: a tidy DataFrame in, a Verdict out (passed / failed / inconclusive).

Each checker computes an interval over instances (rows; testbed.stats) at a given level and decides:
passed when the whole interval lies inside the tolerated region, failed when it lies wholly
outside, inconclusive otherwise (more instances, not a looser tolerance, settle it).
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from scipy import stats

from testbed.stats import Estimate, interval, interval_bounds, loglog_slope

PASSED, FAILED, INCONCLUSIVE, VOID = "passed", "failed", "inconclusive", "void"
OUTCOMES = (PASSED, FAILED, INCONCLUSIVE, VOID)  # void: the results hold nan or inf


@dataclass(frozen=True)
class Verdict:
    """The outcome of one check.

    Attributes:
        check: what was checked, e.g. "squarecb: regret ~ T^a".
        outcome: one of OUTCOMES.
        statistic: the estimate on all instances (a fitted exponent, a mean difference).
        ci: the decision interval at ``level``; ci95: the 95% interval.
        target: the value the theory predicts, if any; tolerance: the accepted deviation.
        bound: the bound in words that the check compares with.
        message: one sentence for the report.
        accepted: what the decision interval must lie in to pass, e.g. "<= 0.560" (see
            accepted_range); empty where target and tolerance say it.
        n_instances: the instances the decision used.
        exact: decided by a count, not an interval (one violation fails at any size).
        scope: the label sets of the rows the check reads, a row being read when it has all
            the labels of one set (e.g. ({"learner": "moss++"}, {"learner": "moss"}) for a
            comparison of two learners), so that settling adds instances to those alone
            (testbed.settle); None: every row.
    """

    check: str
    outcome: str
    statistic: float
    ci: tuple[float, float]
    ci95: tuple[float, float]
    level: float
    target: float | None
    tolerance: float | None
    bound: str
    message: str
    accepted: str = ""
    n_instances: int = 0
    exact: bool = False
    scope: tuple[Mapping[str, object], ...] | None = None


def combine(verdicts: Sequence[Verdict]) -> str:
    """A claim's outcome: failed if any check failed, else void if any is void, passed if all
    passed, else inconclusive."""
    if not verdicts:
        raise ValueError("a claim needs at least one check")
    outcomes = {v.outcome for v in verdicts}
    for outcome in (FAILED, VOID):
        if outcome in outcomes:
            return outcome
    return PASSED if outcomes == {PASSED} else INCONCLUSIVE


def void_verdict(faults: pd.DataFrame, faulty: str, shown: int = 5) -> Verdict:
    """The verdict of a claim whose results hold nan or inf: void, naming the first ``shown``
    (setting, instance) of the rows ``faults`` and their metrics that are (column ``faulty``);
    nothing is averaged over them."""
    labels = [c for c in faults.columns if c not in (faulty, "t") and
              not pd.api.types.is_float_dtype(faults[c])]
    first = faults.drop_duplicates(labels).head(shown)
    where = "; ".join(", ".join(f"{c}={row[c]}" for c in labels) + f": {row[faulty]}"
                      for _, row in first.iterrows())
    count = len(faults.drop_duplicates(labels))
    message = (f"the results hold nan or inf in {count} (setting, instance) pairs, e.g. {where}; "
               f"no check was made")
    nan = float("nan")
    return Verdict("numerical faults (nan or inf in the results)", VOID, nan, (nan, nan),
                   (nan, nan), nan, None, None, "", message)


def scoped(verdict: Verdict, *label_sets: Mapping[str, object], **labels: object) -> Verdict:
    """``verdict`` of a check that reads only the rows with all of ``labels``, or with all the
    labels of one of ``label_sets`` (Verdict.scope)."""
    return replace(verdict, scope=tuple(label_sets) + ((labels,) if labels else ()))


def decide_within(ci: tuple[float, float], low: float, high: float) -> str:
    """passed if ci is inside [low, high], failed if it misses it entirely, else inconclusive
    (also when an end is nan; an infinite end is a bound like any other)."""
    if np.any(np.isnan(ci)):
        return INCONCLUSIVE
    if low <= ci[0] and ci[1] <= high:
        return PASSED
    if ci[1] < low or ci[0] > high:
        return FAILED
    return INCONCLUSIVE


def instance_table(frame: pd.DataFrame, x: str, y: str) -> tuple[np.ndarray, np.ndarray]:
    """(values of x (M,), sorted; table (N instances, M)) of y, one row per instance."""
    missing = {x, y, "instance"} - set(frame.columns)
    if missing:
        raise ValueError(f"frame lacks columns {sorted(missing)}; it has {list(frame.columns)}")
    wide = frame.pivot_table(index="instance", columns=x, values=y, aggfunc="first")
    if wide.isna().to_numpy().any():
        raise ValueError(f"some instances lack some values of {x!r}: the table of {y!r} has holes")
    return wide.columns.to_numpy(), wide.to_numpy(float)


SIDES = ("both", "upper", "lower")


def check_exponent(frame: pd.DataFrame, *, x: str, y: str, target: float, tolerance: float,
                   level: float, check: str, bound: str = "", increments: bool = False,
                   side: str = "both") -> Verdict:
    """The log-log slope of mean y against x lies within ``tolerance`` of ``target``; with
    ``side`` "upper" it is at most target + tolerance (an upper bound: a smaller exponent
    passes), with "lower" at least target - tolerance (a lower bound).

    The slope is fitted to the instance-mean curve; its interval comes from leaving instances out.
    With ``increments``, y is a running total over log-spaced x and the slope is fitted to what
    it gains between consecutive x: for y = a + b x^e that is proportional to x^e, so an additive
    burn-in a does not bias the exponent e.
    """
    xs, table = instance_table(frame, x, y)
    xs = xs.astype(float)
    if xs.size < 3:
        raise ValueError(f"a slope needs at least 3 values of {x!r}, got {xs.size}")
    if increments:
        mids = np.sqrt(xs[1:] * xs[:-1])
        estimate = interval(table, lambda m: loglog_slope(mids, np.diff(m, axis=-1)), level)
    else:
        estimate = interval(table, lambda means: loglog_slope(xs, means), level)
    if side not in SIDES:
        raise ValueError(f"side must be one of {SIDES}, got {side!r}")
    low = -np.inf if side == "upper" else target - tolerance
    high = np.inf if side == "lower" else target + tolerance
    outcome = decide_within(estimate.ci, low, high)
    fitted = "gain between checkpoints" if increments else "level"
    theory = {"both": f"{target:.3f} +- {tolerance:.3f}",
              "upper": f"at most {target:.3f} + {tolerance:.3f}",
              "lower": f"at least {target:.3f} - {tolerance:.3f}"}[side]
    message = (f"fitted exponent of {y} ({fitted}) in {x} over [{xs.min():g}, {xs.max():g}] is "
               f"{estimate.value:.3f}, {level:.1%} interval [{estimate.ci[0]:.3f}, "
               f"{estimate.ci[1]:.3f}]; theory {theory}")
    return _verdict(check, outcome, estimate, target, tolerance, bound, message,
                    accepted_range(low, high))


def grid_table(frame: pd.DataFrame, columns: Sequence[str], y: str
               ) -> tuple[list[np.ndarray], np.ndarray]:
    """(the sorted values of each of ``columns``; table (N instances, product of their counts))
    of y, one row per instance, the grid flattened in C order (the last column varies fastest)."""
    missing = {*columns, y, "instance"} - set(frame.columns)
    if missing:
        raise ValueError(f"frame lacks columns {sorted(missing)}; it has {list(frame.columns)}")
    values = [np.sort(frame[c].unique()) for c in columns]
    grid = pd.MultiIndex.from_product(values, names=list(columns))
    wide = frame.pivot_table(index="instance", columns=list(columns), values=y, aggfunc="first")
    wide = wide.reindex(columns=grid)
    if wide.isna().to_numpy().any():
        raise ValueError(f"some instances lack some points of the grid {list(columns)}: the "
                         f"table of {y!r} has holes")
    return values, wide.to_numpy(float)


Slopes = Callable[[np.ndarray, np.ndarray], np.ndarray]  # (X,), (..., X, G) means -> exponents


def worst_slopes(xs: np.ndarray, means: np.ndarray) -> np.ndarray:
    """Log-log slopes in x of the worst (largest) mean over the last axis: means (..., X, G)."""
    return loglog_slope(xs, means.max(axis=-1))


def class_slopes(xs: np.ndarray, means: np.ndarray) -> np.ndarray:
    """The largest of the log-log slopes in x of each member's mean and of the worst mean over
    the members (the last axis of means (..., X, G)). Each is a lower estimate of the exponent
    of the sup over a class that holds the members at every x; this is the tightest of them.
    The worst mean's slope alone mixes regimes where the worst member changes with x (a large
    gap's regret at small x, a small one's at large x) and can lie well below the steepest
    member's."""
    members = loglog_slope(xs, np.swapaxes(means, -1, -2)).max(axis=-1)
    return np.maximum(worst_slopes(xs, means), members)


def worst_exponent(frame: pd.DataFrame, *, x: str, over: str, y: str, level: float,
                   slopes: Slopes = worst_slopes) -> tuple[np.ndarray, np.ndarray, Estimate]:
    """(values of x, values of ``over``, the log-log slope in x of the worst mean y over the values
    of ``over`` (or another ``slopes`` of the (X, G) grid of means, e.g. class_slopes), with its
    interval over instances taken jointly on the grid)."""
    (xs, overs), table = grid_table(frame, (x, over), y)
    if xs.size < 3:
        raise ValueError(f"a slope needs at least 3 values of {x!r}, got {xs.size}")
    xs = xs.astype(float)
    shape = (xs.size, overs.size)
    return xs, overs, interval(
        table, lambda m: slopes(xs, m.reshape(m.shape[:-1] + shape)), level)


def check_worst_exponent(frame: pd.DataFrame, *, x: str, over: str, y: str, low: float,
                         high: float, target: float, level: float, check: str,
                         bound: str = "") -> Verdict:
    """The growth exponent in x of the worst case over ``over``: the log-log slope in x of
    max over the values of ``over`` of mean y lies in [low, high].

    E.g. x = horizon T, over = the gap of an instance family, y = regret: the exponent of the
    worst regret over the family, the empirical form of a rate sup over a class. Instances are
    left out jointly over the whole (x, over) grid; a frame with one value of ``over`` gives the
    plain exponent of that instance.
    """
    xs, overs, estimate = worst_exponent(frame, x=x, over=over, y=y, level=level)
    outcome = decide_within(estimate.ci, low, high)
    message = (f"the worst {y} over {overs.size} values of {over} grows like "
               f"{x}^{estimate.value:.3f} over [{xs.min():g}, {xs.max():g}], {level:.1%} interval "
               f"[{estimate.ci[0]:.3f}, {estimate.ci[1]:.3f}]; theory {target:.3f}, accepted "
               f"[{low:.3f}, {high:.3f}]")
    return _verdict(check, outcome, estimate, target, None, bound, message,
                    accepted_range(low, high))


def check_tradeoff(frame: pd.DataFrame, *, by: str, x: str, over: str, y: str,
                   demand: Callable[[np.ndarray, np.ndarray], np.ndarray], tolerance: float,
                   level: float, check: str, bound: str = "") -> Verdict:
    """Rate pairs respect a trade-off between levels: with theta(b) the class exponent in x
    (class_slopes over the values of ``over``) at each value b of ``by``, the slack
    min over b' < b of theta(b) - demand(b, theta(b')) is at least -``tolerance``.

    A trade-off such as a lower bound's theta(b) >= 1 + b - theta(b') is a statement about the
    exponents of the sup over each class; theta is estimated from below at both levels, so
    the tightest estimate (class_slopes rather than the worst mean's slope) keeps a correct
    learner from failing through the estimate's shortfall at b'.

    ``demand`` maps (levels b, exponents theta(b')) arrays to the least exponent allowed at b.
    Passed when the whole interval of the slack is above -tolerance, failed when it is below.
    """
    (levels, xs, overs), table = grid_table(frame, (by, x, over), y)
    if levels.size < 2 or xs.size < 3:
        raise ValueError(f"a trade-off needs 2 values of {by!r} and 3 of {x!r}, got "
                         f"{levels.size} and {xs.size}")
    xs, levels = xs.astype(float), levels.astype(float)
    earlier, later = np.triu_indices(levels.size, k=1)  # every pair b' < b

    def slack(means: np.ndarray) -> np.ndarray:
        rates = class_slopes(xs, means.reshape(means.shape[:-1] + (levels.size, xs.size,
                                                                    overs.size)))
        gaps = rates[..., later] - demand(levels[later], rates[..., earlier])
        return gaps.min(axis=-1)

    estimate = interval(table, slack, level)
    outcome = decide_within(estimate.ci, -tolerance, np.inf)
    message = (f"the smallest slack theta({by}) - demand over {later.size} pairs of levels is "
               f"{estimate.value:.3f}, {level:.1%} interval [{estimate.ci[0]:.3f}, "
               f"{estimate.ci[1]:.3f}]; theory: at least 0, tolerance {tolerance:.3f}")
    return _verdict(check, outcome, estimate, 0.0, tolerance, bound, message,
                    accepted_range(-tolerance, np.inf))


def reach_points(targets: np.ndarray, x: np.ndarray, y: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Where each mean curve falls to its target for good: ((..., G) values of x, (..., G) bool
    reached).

    ``x`` and ``y`` are (..., G, E) mean curves over E ordered steps (e.g. labels used and excess
    error per epoch) for G groups with ``targets`` (G,). The point lies between the last step
    above the target and the step after it, interpolated linearly in y and logarithmically in x
    (x at the first step if no step is above). Where the last step is still above, the target is
    not reached within the horizon: the point is censored, and its value is the budget, x at the
    last step (the cost of reaching the target is larger than that).
    """
    above = y > targets[:, None]
    n_steps = y.shape[-1]
    last = np.where(above.any(axis=-1), n_steps - 1 - np.argmax(above[..., ::-1], axis=-1), -1)
    reached = last < n_steps - 1
    before_index = np.clip(last, 0, n_steps - 1)[..., None]
    after_index = np.clip(last + 1, 0, n_steps - 1)[..., None]
    def at(values: np.ndarray, index: np.ndarray) -> np.ndarray:
        return np.take_along_axis(values, index, -1)[..., 0]

    before, after = (np.log(np.maximum(at(x, i), 1.0)) for i in (before_index, after_index))
    y_before, y_after = at(y, before_index), at(y, after_index)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(last >= 0, (y_before - targets) / (y_before - y_after), 1.0)
    point = np.exp(before + np.clip(share, 0.0, 1.0) * (after - before))
    budget = np.exp(np.log(np.maximum(x[..., -1], 1.0)))  # through log and back, as the points
    return np.where(reached, point, budget), reached


def censored_slope_bounds(groups: np.ndarray, points: np.ndarray, reached: np.ndarray
                          ) -> tuple[np.ndarray, np.ndarray]:
    """(lowest, highest) log-log slope in ``groups`` (G,) of costs ``points`` (..., G) that are
    exact where ``reached`` and only known to exceed ``points`` elsewhere (right-censored).

    The least-squares slope is sum_i w_i log c_i with w_i = (log g_i - mean) / S, so a censored
    cost that may grow without end drives the slope to +inf where w_i > 0 and to -inf where
    w_i < 0, and contributes its budget to the other end. No monotonicity is assumed.
    """
    log_g = np.log(np.asarray(groups, float))
    weights = (log_g - log_g.mean()) / np.sum(np.square(log_g - log_g.mean()))
    at_budget = np.log(points) @ weights
    censored = ~reached
    lowest = np.where((censored & (weights < 0)).any(axis=-1), -np.inf, at_budget)
    highest = np.where((censored & (weights > 0)).any(axis=-1), np.inf, at_budget)
    return lowest, highest


def reach_table(frame: pd.DataFrame, *, group: str, target: str, x: str, y: str, order: str
                ) -> tuple[np.ndarray, np.ndarray, Callable[[np.ndarray], tuple[np.ndarray,
                                                                                   np.ndarray]]]:
    """(sorted values of ``group`` (G,), table (N instances, 2 G E), reach) for the checks on the
    cost x of bringing the instance-mean curve of y (ordered by ``order``, E steps) to each
    group's ``target``: reach maps (..., 2 G E) column means to reach_points' (points, reached)."""
    groups = np.sort(frame[group].unique()).astype(float)
    goals = frame.groupby(group)[target].first().reindex(groups).to_numpy(float)
    columns = []
    for value in groups:
        part = frame[frame[group] == value]
        _, x_table = instance_table(part, order, x)
        _, y_table = instance_table(part, order, y)
        columns.append((x_table, y_table))
    n_steps = columns[0][0].shape[1]
    if any(c[0].shape != columns[0][0].shape for c in columns):
        raise ValueError(f"every value of {group!r} needs the same instances and {order!r} steps")
    table = np.concatenate([c[0] for c in columns] + [c[1] for c in columns], axis=1)

    def reach(means: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        curves = means.reshape(means.shape[:-1] + (2, groups.size, n_steps))
        return reach_points(goals, curves[..., 0, :, :], curves[..., 1, :, :])

    return groups, table, reach


def check_reach_exponent(frame: pd.DataFrame, *, group: str, target: str, x: str, y: str,
                         order: str, low: float, high: float, level: float, check: str,
                         bound: str = "") -> Verdict:
    """How the cost x of reaching a target grows: the log-log slope, over the values of
    ``group``, of the x at which the instance-mean curve of y (ordered by ``order``) falls to the
    group's ``target`` for good (see reach_points) lies in [low, high].

    E.g. group = 1/epsilon, target = epsilon, x = labels used, y = excess error per epoch: the
    exponent of the label complexity in 1/epsilon. Instances are left out jointly over groups.
    A target not reached within the horizon is right-censored at the budget, and the slope is
    then only known within censored_slope_bounds: typically at least the slope with the budget
    in its place, with no upper end. That can fail a lower band or an upper one the known part
    already exceeds; a learner that reaches nothing is caught by check_reached.
    """
    groups, table, reach = reach_table(frame, group=group, target=target, x=x, y=y, order=order)
    if groups.size < 3:
        raise ValueError(f"a slope needs at least 3 values of {group!r}, got {groups.size}")

    def bounds(means: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return censored_slope_bounds(groups, *reach(means))

    estimate = interval_bounds(table, bounds, level)
    outcome = decide_within(estimate.ci, low, high)
    unreached = int(np.sum(~reach(table.mean(axis=0))[1]))
    censored = (f"; {unreached} of {groups.size} targets not reached within the horizon "
                f"(censored at the budget)" if unreached else "")
    message = (f"{x} needed to bring {y} to {target} grows like {group}^{estimate.value:.3f} "
               f"over [{groups.min():g}, {groups.max():g}], {level:.1%} interval "
               f"[{estimate.ci[0]:.3f}, {estimate.ci[1]:.3f}]{censored}; theory: in "
               f"[{low:g}, {high:g}]")
    middle = (low + high) / 2 if np.isfinite(low + high) else None
    return _verdict(check, outcome, estimate, middle, None, bound, message,
                    accepted_range(low, high))


def check_reach_exponent_gap(frame: pd.DataFrame, *, by: str, faster: str, slower: str,
                             group: str, target: str, x: str, y: str, order: str, level: float,
                             check: str, bound: str = "") -> Verdict:
    """The cost of reaching the targets grows more slowly for ``faster`` than for ``slower`` (two
    values of ``by`` run on the same instances): the reach exponent of check_reach_exponent of
    ``slower`` minus that of ``faster`` is positive. Instances are left out jointly for both, and
    censored targets widen the gap's bounds as they do each slope's.

    Passed when the whole interval of the gap is above 0, failed when none of it is (a learner no
    faster than the reference, or the reference itself), inconclusive otherwise.
    """
    tables, reaches, groups = [], [], None
    for value in (faster, slower):
        part = frame[frame[by] == value]
        if part.empty:
            raise ValueError(f"no rows with {by} = {value!r}")
        groups_here, table, reach = reach_table(part, group=group, target=target, x=x, y=y,
                                                order=order)
        if groups is not None and not np.array_equal(groups, groups_here):
            raise ValueError(f"{faster!r} and {slower!r} need the same values of {group!r}")
        groups = groups_here
        tables.append(table)
        reaches.append(reach)
    if tables[0].shape != tables[1].shape:
        raise ValueError(f"{faster!r} and {slower!r} need the same instances")
    if groups.size < 3:
        raise ValueError(f"a slope needs at least 3 values of {group!r}, got {groups.size}")
    width = tables[0].shape[1]

    def bounds(means: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        low_f, high_f = censored_slope_bounds(groups, *reaches[0](means[..., :width]))
        low_s, high_s = censored_slope_bounds(groups, *reaches[1](means[..., width:]))
        return low_s - high_f, high_s - low_f

    estimate = interval_bounds(np.concatenate(tables, axis=1), bounds, level)
    low, high = estimate.ci
    outcome = (INCONCLUSIVE if np.isnan(low) or np.isnan(high)
               else PASSED if low > 0 else FAILED if high <= 0 else INCONCLUSIVE)
    message = (f"the exponent of {x} needed to bring {y} to {target} in {group} is "
               f"{estimate.value:+.3f} lower for {faster} than for {slower}, {level:.1%} interval "
               f"[{low:+.3f}, {high:+.3f}]; theory: lower")
    return _verdict(check, outcome, estimate, 0.0, None, bound, message, "> 0")


def check_reached(frame: pd.DataFrame, *, group: str, target: str, x: str, y: str, order: str,
                  level: float, check: str, bound: str = "") -> Verdict:
    """Every group's target is reached within the horizon: the number of values of ``group``
    whose instance-mean curve of y never falls to ``target`` for good (see reach_points) is 0.

    The statement of an upper bound on the cost of reaching a target, at the budget the
    experiment gives: passed when the whole interval of the count is 0, failed when its whole
    interval is above 0 (a learner that never learns), inconclusive otherwise.
    """
    groups, table, reach = reach_table(frame, group=group, target=target, x=x, y=y, order=order)
    estimate = interval(table, lambda m: np.sum(~reach(m)[1], axis=-1).astype(float), level)
    outcome = decide_within(estimate.ci, 0.0, 0.0)
    message = (f"{estimate.value:.0f} of {groups.size} targets {target} of {y} not reached "
               f"within the horizon, {level:.1%} interval [{estimate.ci[0]:.0f}, "
               f"{estimate.ci[1]:.0f}]; theory: all reached")
    return _verdict(check, outcome, estimate, 0.0, 0.0, bound, message,
                    accepted_range(0.0, 0.0))


def check_ratio_bounded(frame: pd.DataFrame, *, x: str, y: str,
                        bound_curve: Callable[[np.ndarray], np.ndarray], tolerance: float,
                        level: float, check: str, bound: str = "") -> Verdict:
    """mean y / bound(x) does not grow with x: its log-log slope is at most ``tolerance``."""
    xs, table = instance_table(frame, x, y)
    xs = xs.astype(float)
    scale = np.asarray(bound_curve(xs), float)
    if scale.shape != xs.shape or np.any(scale <= 0):
        raise ValueError(f"the bound must be positive at every {x}, got {scale}")
    estimate = interval(table, lambda means: loglog_slope(xs, means / scale), level)
    outcome = decide_within(estimate.ci, -np.inf, tolerance)
    message = (f"empirical/bound ratio of {y} grows like {x}^{estimate.value:.3f} "
               f"({level:.1%} interval [{estimate.ci[0]:.3f}, {estimate.ci[1]:.3f}]); "
               f"allowed growth exponent <= {tolerance:.3f}")
    return _verdict(check, outcome, estimate, 0.0, tolerance, bound, message,
                    accepted_range(-np.inf, tolerance))


def check_mean_below(frame: pd.DataFrame, *, y: str, limit: float, level: float, check: str,
                     bound: str = "", share: bool = False) -> Verdict:
    """The mean of y over instances (one row each) is below ``limit``: passed when its whole
    interval is, failed when its whole interval is above. With ``share``, y is 0 or 1 per
    instance (whether something happened in a run) and the interval is the exact
    Clopper-Pearson one of a binomial proportion; else the studentized jackknife interval
    (testbed.stats)."""
    if frame["instance"].duplicated().any():
        raise ValueError("check_mean_below needs one row per instance; filter the frame first")
    values = frame[[y]].to_numpy(float)
    if share and not np.isin(values, (0.0, 1.0)).all():
        raise ValueError(f"a share needs {y!r} to be 0 or 1 in every instance")
    if share:
        estimate = share_interval(values[:, 0], level)
    else:
        estimate = interval(values, lambda means: means[..., 0], level)
    outcome = decide_within(estimate.ci, -np.inf, limit)
    message = (f"mean {y} is {estimate.value:.3g}, {level:.1%} interval [{estimate.ci[0]:.3g}, "
               f"{estimate.ci[1]:.3g}]; theory: below {limit:g}")
    return _verdict(check, outcome, estimate, limit, None, bound, message,
                    accepted_range(-np.inf, limit))


def share_interval(outcomes: np.ndarray, level: float) -> Estimate:
    """The share of 1s among 0/1 ``outcomes`` with its exact Clopper-Pearson intervals."""
    n, hits = outcomes.size, int(outcomes.sum())
    if n < 2:
        raise ValueError(f"a share needs at least 2 instances, got {n}")
    test = stats.binomtest(hits, n)

    def exact(p: float) -> tuple[float, float]:
        ci = test.proportion_ci(confidence_level=p, method="exact")
        return float(ci.low), float(ci.high)

    return Estimate(hits / n, exact(level), exact(0.95), level, n)


def check_consistent_mean(frame: pd.DataFrame, *, y: str, mean: float, sd: float, n: int,
                          level: float, check: str, bound: str = "") -> Verdict:
    """The mean of y over instances (one row each) is consistent with a published mean of ``n``
    runs with standard deviation ``sd``: the interval of the difference (ours - published), from
    both spreads (normal, standard error sqrt(s^2 / N + sd^2 / n)), contains 0. Passed when it
    does, failed when it does not (the two means differ at ``level``)."""
    if frame["instance"].duplicated().any():
        raise ValueError("check_consistent_mean needs one row per instance; filter the frame first")
    if not (n >= 2 and sd >= 0):
        raise ValueError(f"a published mean needs n >= 2 runs and sd >= 0, got n={n}, sd={sd}")
    values = frame[y].to_numpy(float)
    if values.size < 2:
        raise ValueError(f"a mean needs at least 2 instances, got {values.size}")
    difference = float(values.mean() - mean)
    error = float(np.sqrt(values.var(ddof=1) / values.size + sd**2 / n))

    def normal_interval(p: float) -> tuple[float, float]:
        half = float(stats.norm.ppf((1 + p) / 2)) * error
        return difference - half, difference + half

    estimate = Estimate(difference, normal_interval(level), normal_interval(0.95), level,
                        values.size)
    outcome = PASSED if estimate.ci[0] <= 0.0 <= estimate.ci[1] else FAILED
    message = (f"mean {y} {values.mean():,.4g} over {values.size} instances minus the published "
               f"{mean:,.4g} (sd {sd:,.4g}, {n} runs) is {difference:+,.4g}, {level:.1%} interval "
               f"[{estimate.ci[0]:+,.4g}, {estimate.ci[1]:+,.4g}]; "
               + ("consistent with the published mean" if outcome == PASSED
                  else "inconsistent with the published mean"))
    return _verdict(check, outcome, estimate, 0.0, None, bound, message,
                    "interval contains 0")


def paired_table(frame: pd.DataFrame, by: str, first: str, second: str, y: str
                 ) -> tuple[list[str], np.ndarray]:
    """(the two labels sorted, table (N instances, 2) of y under them) for a paired comparison of
    the rows whose ``by`` is ``first`` or ``second``, on the N instances both have (a settling
    look may have given one side more, testbed.settle)."""
    pair = frame[frame[by].isin([first, second])]
    labels = sorted(pair[by].unique())
    if labels != sorted([first, second]):
        raise ValueError(f"column {by!r} must hold both {first!r} and {second!r}, has {labels}")
    first_has, second_has = (set(pair.loc[pair[by] == label, "instance"]) for label in labels)
    return labels, instance_table(pair[pair["instance"].isin(first_has & second_has)], by, y)[1]


def check_ordering(frame: pd.DataFrame, *, by: str, better: str, worse: str, y: str,
                   level: float, check: str, bound: str = "") -> Verdict:
    """Paired over instances: mean of y under ``better`` is below its mean under ``worse``."""
    labels, table = paired_table(frame, by, better, worse, y)
    sign = 1.0 if labels[0] == better else -1.0  # columns are sorted: difference better - worse
    estimate = interval(table, lambda means: sign * (means[..., 0] - means[..., 1]), level)
    outcome = decide_within(estimate.ci, -np.inf, 0.0)
    message = (f"mean {y} of {better} minus {worse}, paired over instances: "
               f"{estimate.value:.3g}, {level:.1%} interval [{estimate.ci[0]:.3g}, "
               f"{estimate.ci[1]:.3g}]; theory: below 0")
    return _verdict(check, outcome, estimate, 0.0, None, bound, message,
                    accepted_range(-np.inf, 0.0))


def check_equivalent(frame: pd.DataFrame, *, by: str, candidate: str, reference: str, y: str,
                     tolerance: float, level: float, check: str, bound: str = "") -> Verdict:
    """Mean y under ``candidate`` is within a relative ``tolerance`` of its mean under
    ``reference`` (an equivalence test: the whole interval of the relative difference must lie in
    [-tolerance, tolerance] to pass, and wholly outside it to fail). Instances are left out as
    rows, which pairs runs that share their draws and is the same as leaving out each side's
    when the two runs are independent (sims.streams)."""
    labels, table = paired_table(frame, by, candidate, reference, y)
    c, r = (0, 1) if labels[0] == candidate else (1, 0)
    estimate = interval(table, lambda means: means[..., c] / means[..., r] - 1.0, level)
    outcome = decide_within(estimate.ci, -tolerance, tolerance)
    message = (f"mean {y} of {candidate} relative to {reference}, over instances: "
               f"{estimate.value:+.2%}, {level:.1%} interval [{estimate.ci[0]:+.2%}, "
               f"{estimate.ci[1]:+.2%}]; theory: equal, tolerance +-{tolerance:.1%}")
    return _verdict(check, outcome, estimate, 0.0, tolerance, bound, message,
                    accepted_range(-tolerance, tolerance))


def check_never(frame: pd.DataFrame, *, y: str, trials: str, level: float, check: str,
                bound: str = "") -> Verdict:
    """A property that must hold every time: the total count ``y`` of violations is 0.

    Deterministic, so no tolerance: one violation fails. The interval is the exact one-sided
    binomial bound on the violation rate per trial given 0 violations in sum(``trials``).
    """
    violations, n = float(frame[y].sum()), float(frame[trials].sum())
    if n <= 0:
        raise ValueError(f"column {trials!r} counts no trials")
    upper = 1.0 - (1.0 - level) ** (1.0 / n) if violations == 0 else 1.0
    outcome = PASSED if violations == 0 else FAILED
    estimate = Estimate(violations / n, (0.0, upper), (0.0, 1.0 - 0.05 ** (1.0 / n)), level,
                        int(frame["instance"].nunique()) if "instance" in frame else 0)
    message = (f"{violations:.0f} violations ({y}) in {n:.0f} trials; violation rate below "
               f"{upper:.2g} at {level:.1%}")
    return _verdict(check, outcome, estimate, 0.0, 0.0, bound, message, exact=True)


def accepted_range(low: float, high: float) -> str:
    """The interval [low, high] of decide_within in words: "[a, b]", "<= b", ">= a" or "= a"."""
    if low == high:
        return f"= {low:.3g}"
    if np.isinf(low):
        return f"<= {high:.3g}"
    if np.isinf(high):
        return f">= {low:.3g}"
    return f"[{low:.3g}, {high:.3g}]"


def _verdict(check: str, outcome: str, estimate: Estimate, target: float | None,
             tolerance: float | None, bound: str, message: str, accepted: str = "",
             exact: bool = False) -> Verdict:
    return Verdict(check, outcome, estimate.value, estimate.ci, estimate.ci95, estimate.level,
                   target, tolerance, bound, message, accepted, estimate.n, exact)
