"""Figures of empirical curves with confidence bands against the bounds' curves (returned, not
saved), in one style for papers: a colour-blind-safe palette with one colour per learner in every
figure, the papers' names for learners and variables, bounds labelled in LaTeX and drawn under
the curves, log axes labelled at the decades only, and widths for a one- or two-column page."""

import zlib

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from matplotlib.mathtext import MathTextParser  # noqa: E402
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter  # noqa: E402

from proofs import Bound  # noqa: E402
from testbed.checks import Verdict  # noqa: E402

Z95 = 1.959964
PALETTE = [c for k, c in enumerate(sns.color_palette("colorblind")) if k != 7]  # grey: bounds
# The papers' names of the learners, by family; a learner's place in its family fixes its colour.
FAMILIES = (
    {"squarecb": "SquareCB", "epsilon-greedy": r"$\epsilon$-greedy", "greedy": "greedy",
     "spanner-igw": "SpannerIGW", "spanner-greedy": "SpannerGreedy", "smooth-igw": "SmoothIGW",
     "corral-smooth-igw": "CORRAL over SmoothIGW", "spanner-igw-practical":
     "SpannerIGW (practical)", "uniform": "uniform"},
    {"abstention": "with abstention", "disagreement": "disagreement-based", "passive": "passive"},
    {"moss": "MOSS", "moss-oracle": "MOSS Oracle", "quantile": "Quantile", "moss++": "MOSS++",
     "empmoss++": "empMOSS++", "parallel": "Parallel", "corral-igw": "CorralIGW"},
    {"linucb": "LinUCB", "linucb-oracle": "LinUCB Oracle", "linucb++": "LinUCB++",
     "dynamic-balancing": "Dynamic Balancing", "thompson": "linear TS"},
)
NAMES = {k: v for family in FAMILIES for k, v in family.items()}
# Axis labels of the frame's columns (a column not here is labelled by its name).
AXES = {"t": "round $t$", "horizon": "horizon $T$", "n_actions": "actions $K$",
        "dim": "dimension $d$", "alpha": r"hardness $\alpha$", "inverse_h": "$1/h$",
        "regret": "regret", "smooth_regret": "smooth regret",
        "labels_before": "labels asked before the epoch",
        "labels_needed": r"labels to reach $\epsilon$", "inverse_epsilon": r"$1/\epsilon$",
        "inverse_gamma": r"$1/\gamma$",
        "epoch_chow_excess_positive": "Chow's excess of the epoch\n(positive part)",
        "epoch_excess": "excess of the epoch",
        "noisy_rate": r"query rate where $|\eta - 1/2| < \gamma/2$",
        "bound_ratio": "regret / bound", "max_spanner_leverage": "largest leverage",
        "calls_per_round": "ArgMax calls per round"}
# Symbols of the columns a panel's curves may be split by (legend: "alpha = 0.2").
HUES = {"alpha": r"$\alpha$", "inverse_h": "$1/h$", "n_actions": "$K$", "dim": "$d$",
        "h": "$h$", "gamma": r"$\gamma$", "d_star": r"$d_\star$", "epsilon": r"$\epsilon$"}
WIDTHS = {"one": 3.4, "two": 7.0}  # inches: one column, or the text width, of a paper page
HEIGHT = 3.0  # inches of a row of panels with its title


def name(label: object) -> str:
    """The papers' name of a learner (or the label itself)."""
    return NAMES.get(str(label), str(label))


def colour(label: object) -> tuple[float, float, float]:
    """The colour of a learner, the same in every figure (others: one fixed by the label)."""
    for family in FAMILIES:
        if str(label) in family:
            return PALETTE[list(family).index(str(label)) % len(PALETTE)]
    return PALETTE[zlib.crc32(str(label).encode()) % len(PALETTE)]


def bound_label(bound: Bound) -> str:
    """A bound's legend label in LaTeX, e.g. $O\\left(\\sqrt{K T}\\right)$ (its words where
    matplotlib cannot typeset the LaTeX)."""
    text = f"${bound.latex()}$"
    try:
        MathTextParser("path").parse(text)
    except ValueError:
        return bound.words()
    return text


CROWDED = 2  # legend entries that fit inside a panel without hiding a curve
LEGEND_LINE = 0.1  # inches of one legend entry below a panel


def new_figure(n_panels: int, title: str, width: str = "two") -> tuple[Figure, list[Axes]]:
    """A row of panels in the project's style, ``width`` "one" or "two" columns of a page, laid
    out by matplotlib's constrained layout (legends below a panel included)."""
    sns.set_theme(style="whitegrid", context="paper", palette=PALETTE,
                  rc={"axes.titlesize": "small", "legend.fontsize": "x-small"})
    inches = max(WIDTHS[width], 2.4 * n_panels)
    figure, axes = plt.subplots(1, n_panels, figsize=(inches, HEIGHT), squeeze=False,
                                layout="constrained")
    figure.suptitle(title, fontsize="medium")
    return figure, list(axes[0])


def style_axes(ax: Axes, *, x: str, y: str, title: str = "") -> Axes:
    """Labels from AXES, log axes labelled at the decades (at 1, 2 and 5 times them, as plain
    numbers, when fewer than two decades lie inside the limits), and a legend if anything is
    labelled."""
    ax.set(xlabel=AXES.get(x, x), ylabel=AXES.get(y, y), title=title)
    for axis, limits in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
        if axis.get_scale() == "log":
            low, high = np.log10(max(min(limits), 1e-300)), np.log10(max(limits))
            narrow = np.floor(high) - np.ceil(low) < 1
            axis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0) if narrow
                                              else (1.0,)))
            if narrow:
                axis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
            axis.set_minor_formatter(NullFormatter())
    entries = len(ax.get_legend_handles_labels()[0])
    if entries > CROWDED:  # below the panel, where it hides nothing, on a taller figure
        figure = ax.get_figure()
        figure.set_figheight(max(figure.get_figheight(), HEIGHT + LEGEND_LINE * entries))
        ax.legend(fontsize="x-small", loc="upper center", bbox_to_anchor=(0.5, -0.2),
                  frameon=False)
    elif entries:
        ax.legend(fontsize="x-small")
    return ax


def curve_panel(ax: Axes, frame: pd.DataFrame, *, x: str, y: str, hue: str, title: str,
                bounds: dict[str, tuple[np.ndarray, np.ndarray]] | None = None) -> Axes:
    """Mean of y over instances against x per hue, with a 95% band (mean +- 1.96 standard errors),
    and each bound's curve (label: bound_label) thin, dashed, grey and over the curves (a curve
    that meets its bound stays visible under it); log-log axes.
    Curves split by a column of HUES are labelled with its symbol and shaded in order."""
    groups = list(frame.groupby(hue, sort=True))
    shades = sns.color_palette("crest", len(groups))
    for k, (label, group) in enumerate(groups):
        stats = group.groupby(x)[y].agg(["mean", "std", "count"])
        half = Z95 * stats["std"].fillna(0.0) / np.sqrt(stats["count"])
        tint, text = ((shades[k], f"{HUES[hue]} = {label:g}") if hue in HUES
                      else (colour(label), name(label)))
        ax.plot(stats.index, stats["mean"], color=tint, label=text, zorder=3)
        ax.fill_between(stats.index, (stats["mean"] - half).clip(lower=1e-12),
                        stats["mean"] + half, color=tint, alpha=0.25, linewidth=0, zorder=2)
    for style, (label, (xs, ys)) in zip(["--", ":", "-."] * 3, (bounds or {}).items()):
        ax.plot(xs, ys, linestyle=style, color="0.45", linewidth=1.0, label=label, zorder=4)
    ax.set(xscale="log", yscale="log")
    return style_axes(ax, x=x, y=y, title=title)


def fit_segment(ax: Axes, window: pd.DataFrame, *, x: str, y: str, verdict: Verdict,
                who: str = "") -> Axes:
    """An exponent check's fitted power law (its statistic) over its fit window (the x range of
    ``window``, the rows the check read), through the mean curve at the window's geometric
    middle: a dotted black line labelled with ``who`` (a learner, or nobody in a panel of one),
    the exponent (the slope on log-log axes) and its 95% interval."""
    means = window.groupby(x)[y].mean()
    xs = means.index.to_numpy(float)
    middle = np.sqrt(xs.min() * xs.max())
    anchor = np.exp(np.interp(np.log(middle), np.log(xs), np.log(means.to_numpy(float))))
    low, high = verdict.ci95
    ax.plot(xs, anchor * (xs / middle) ** verdict.statistic, color="black", linestyle=":",
            linewidth=1.4, zorder=4, label=f"{name(who) + ' ' if who else ''}fitted slope "
                                          f"{verdict.statistic:.2f} [{low:.2f}, {high:.2f}]")
    return style_axes(ax, x=x, y=y, title=ax.get_title())


def spread_curves(ax: Axes, frame: pd.DataFrame, learners: tuple[str, ...], title: str) -> Axes:
    """Each learner's mean regret against t, in the given order, shaded +- std / 4 as in the
    papers' figures (their code comment calls it "0.5 std"); linear axes."""
    for learner in learners:
        stats = frame[frame["learner"] == learner].groupby("t")["regret"].agg(["mean", "std"])
        ax.plot(stats.index, stats["mean"], color=colour(learner), label=name(learner))
        ax.fill_between(stats.index, stats["mean"] - stats["std"] / 4,
                        stats["mean"] + stats["std"] / 4, color=colour(learner), alpha=0.2,
                        linewidth=0)
    ax.set(xscale="linear", yscale="linear")
    return style_axes(ax, x="t", y="regret", title=title)


def mean_points(ax: Axes, frame: pd.DataFrame, *, x: str, y: str, hue: str,
                order: tuple[str, ...] | None = None) -> Axes:
    """Mean of y over instances at each x per hue, barred by its 95% interval (mean +- 1.96
    standard errors); hues in ``order`` (default sorted, the colours of curve_panel); linear
    axes."""
    for label in order or sorted(frame[hue].unique()):
        stats = frame[frame[hue] == label].groupby(x)[y].agg(["mean", "std", "count"])
        ax.errorbar(stats.index, stats["mean"], yerr=Z95 * stats["std"] / np.sqrt(stats["count"]),
                    marker="o", capsize=2, color=colour(label), label=name(label))
    ax.set(xscale="linear", yscale="linear")
    return style_axes(ax, x=x, y=y)
