"""Figures of empirical curves with confidence bands against the bounds' curves (returned, not saved)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

Z95 = 1.959964


def new_figure(n_panels: int, title: str) -> tuple[Figure, list[Axes]]:
    """A row of log-log panels in the project's style."""
    sns.set_theme(style="whitegrid", context="paper")
    figure, axes = plt.subplots(1, n_panels, figsize=(4.2 * n_panels, 3.6), squeeze=False)
    figure.suptitle(title)
    return figure, list(axes[0])


def curve_panel(ax: Axes, frame: pd.DataFrame, *, x: str, y: str, hue: str, title: str,
                bounds: dict[str, tuple[np.ndarray, np.ndarray]] | None = None) -> Axes:
    """Mean of y over instances against x per hue, with a 95% band (mean +- 1.96 standard errors),
    and each bound's curve dashed; log-log axes."""
    palette = sns.color_palette("deep")
    for colour, (label, group) in zip(palette, frame.groupby(hue, sort=True)):
        stats = group.groupby(x)[y].agg(["mean", "std", "count"])
        half = Z95 * stats["std"].fillna(0.0) / np.sqrt(stats["count"])
        ax.plot(stats.index, stats["mean"], color=colour, label=f"{hue}={label}")
        ax.fill_between(stats.index, (stats["mean"] - half).clip(lower=1e-12),
                        stats["mean"] + half, color=colour, alpha=0.25, linewidth=0)
    for style, (label, (xs, ys)) in zip(["--", ":", "-."] * 3, (bounds or {}).items()):
        ax.plot(xs, ys, linestyle=style, color="0.3", label=label)
    ax.set(xscale="log", yscale="log", xlabel=x, ylabel=y, title=title)
    ax.legend(fontsize="x-small")
    return ax


def spread_curves(ax: Axes, frame: pd.DataFrame, learners: tuple[str, ...], title: str) -> Axes:
    """Each learner's mean regret against t, in the given order, shaded +- std / 4 as in the
    papers' figures (their code comment calls it "0.5 std"); linear axes."""
    for learner in learners:
        stats = frame[frame["learner"] == learner].groupby("t")["regret"].agg(["mean", "std"])
        ax.plot(stats.index, stats["mean"], label=learner)
        ax.fill_between(stats.index, stats["mean"] - stats["std"] / 4,
                        stats["mean"] + stats["std"] / 4, alpha=0.2, linewidth=0)
    ax.set(xscale="linear", yscale="linear", xlabel="t", ylabel="regret", title=title)
    ax.legend(fontsize="x-small")
    return ax


def mean_points(ax: Axes, frame: pd.DataFrame, *, x: str, y: str, hue: str,
                order: tuple[str, ...] | None = None) -> Axes:
    """Mean of y over instances at each x per hue, barred by its 95% interval (mean +- 1.96
    standard errors); hues in ``order`` (default sorted, the colours of curve_panel); linear
    axes."""
    for label in order or sorted(frame[hue].unique()):
        stats = frame[frame[hue] == label].groupby(x)[y].agg(["mean", "std", "count"])
        ax.errorbar(stats.index, stats["mean"], yerr=Z95 * stats["std"] / np.sqrt(stats["count"]),
                    marker="o", capsize=2, label=label)
    ax.set(xscale="linear", yscale="linear", xlabel=x, ylabel=y)
    ax.legend(fontsize="x-small")
    return ax
