"""What the active-learning claims share: sweep cells, per-epoch frames, labels needed to reach a
target and their checks."""

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from sims.active import LEARNERS, WELL, stream_problem
from sims.active.classes import FiniteClass
from sims.active.learners import is_epoch_end, version_space_params
from sims.active.stream import METRICS, stream_params
from testbed.checks import (Verdict, check_reach_exponent, check_reached, reach_points,
                            scoped)
from testbed.plots import colour, name, style_axes
from testbed.sweep import Cell, Setting

WELL_MASS = 2 * WELL  # nu: the mass of the well, where eta = 1/2 +- sigma*


def active_cell(cls: FiniteClass, rule: str, settings: Sequence[tuple[dict, float, float]],
                horizon: int, delta: float = 0.05, radius_scale: float = 1.0,
                **labels: object) -> Cell:
    """One cell: the ``rule`` learner on the stream over ``cls``, one setting per
    (columns, gamma, level); gamma is both the learner's margin and the Chow cost's."""
    runs = tuple(Setting({**columns, "gamma": gamma, "level": level},
                         stream_params(cls, gamma, level),
                         version_space_params(gamma, delta, radius_scale))
                 for columns, gamma, level in settings)
    return Cell({"learner": rule, "class_size": cls.size, **labels}, stream_problem(cls),
                LEARNERS[rule](cls), runs, horizon)


def epoch_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per (setting, instance, epoch m): the epochs tau_m = 2^m of the learners.

    Adds ``labels_before`` (labels asked before the epoch, on which its classifier was fitted),
    ``epoch_length`` and ``epoch_<metric>``: each metric's mean per round over the epoch (for the
    errors: the error of the epoch's classifier integrated over D_X).
    """
    epochs = frame[is_epoch_end(frame["t"].to_numpy())].copy()
    keys = [c for c in epochs.columns if c not in METRICS and c != "t"]
    epochs = epochs.sort_values(keys + ["t"])
    previous = epochs.groupby(keys, sort=False)[list(METRICS) + ["t"]].shift(1).fillna(0.0)
    epochs["epoch_length"] = epochs["t"] - previous["t"]
    epochs["labels_before"] = previous["labels"]
    for metric in METRICS:
        epochs[f"epoch_{metric}"] = (epochs[metric] - previous[metric]) / epochs["epoch_length"]
    return epochs.reset_index(drop=True)


def label_exponent(frame: pd.DataFrame, rule: str, *, group: str, error: str, low: float,
                   high: float, level: float, bound: str) -> Verdict:
    """The exponent in ``group`` (a column "inverse_<symbol>": 1/epsilon, 1/gamma) of the labels
    ``rule`` needs to bring the epoch's ``error`` (chow_excess or excess) to the setting's
    epsilon lies in [low, high]; a target not reached is censored at the labels of the horizon."""
    shown = "1/" + group.removeprefix("inverse_")
    return scoped(check_reach_exponent(
        rule_epochs(frame, rule), group=group, target="epsilon", x="labels_before",
        y=f"epoch_{error}", order="t", low=low, high=high, level=level, bound=bound,
        check=f"{rule}: labels to reach epsilon ~ ({shown})^a"), learner=rule)


def label_reached(frame: pd.DataFrame, rule: str, *, group: str, error: str, level: float,
                  bound: str) -> Verdict:
    """``rule`` brings the epoch's ``error`` to the setting's epsilon within the horizon, at
    every value of ``group`` (testbed.checks.check_reached)."""
    return scoped(check_reached(
        rule_epochs(frame, rule), group=group, target="epsilon", x="labels_before",
        y=f"epoch_{error}", order="t", level=level, bound=bound,
        check=f"{rule}: reaches every epsilon within the horizon"), learner=rule)


def rule_epochs(frame: pd.DataFrame, rule: str) -> pd.DataFrame:
    """epoch_frame of the rows of ``rule``."""
    return epoch_frame(frame[frame["learner"] == rule])


def error_curve(epochs: pd.DataFrame, error: str) -> pd.DataFrame:
    """Instance means of labels_before and epoch_<error> per epoch end t."""
    return epochs.groupby("t")[["labels_before", f"epoch_{error}"]].mean()


def labels_needed(frame: pd.DataFrame, group: str, error: str) -> pd.DataFrame:
    """Labels at which the instance-mean curve of epoch_<error> reaches epsilon for good, per
    (learner, ``group``) (testbed.checks.reach_points; nan where it never does, within the
    horizon)."""
    epochs = epoch_frame(frame)
    rows = []
    for (rule, value), part in epochs.groupby(["learner", group]):
        means = error_curve(part, error)
        goal = np.asarray([part["epsilon"].iloc[0]])
        points, reached = reach_points(goal, means["labels_before"].to_numpy()[None, :],
                                       means[f"epoch_{error}"].to_numpy()[None, :])
        point = points[0] if reached[0] else np.nan
        rows.append({"learner": rule, group: value, "epsilon": goal[0], "labels": point})
    return pd.DataFrame(rows)


def plot_labels_needed(axes: Axes, frame: pd.DataFrame, rule: str, group: str, error: str,
                       rate: float, rate_label: str) -> None:
    """Labels ``rule`` needs to reach epsilon against ``group`` (an "inverse_<symbol>" column),
    log-log, with a line of slope ``rate`` through the middle point."""
    table = labels_needed(frame[frame["learner"] == rule], group, error).sort_values(group)
    axes.plot(table[group], table["labels"], marker="o", color=colour(rule), label=name(rule),
              zorder=3)
    middle = table.iloc[len(table) // 2]
    reference = middle["labels"] * (table[group] / middle[group]) ** rate
    axes.plot(table[group], reference, linestyle="--", color=colour(rule), linewidth=1.0,
              alpha=0.7, label=rate_label, zorder=1)
    axes.set(xscale="log", yscale="log")
    style_axes(axes, x=group, y="labels_needed")
