"""Settling: more instances for checks that are inconclusive, without inflating false alarms.

A group-sequential design with alpha spending. Look k = 0, 1, ..., L - 1 checks the claim on the
first n_k = N 2^k instances of the same sweep (instance i is the same at every look, and the
instances of earlier looks are reused) and spends alpha_k of the claim's false-alarm rate alpha:
alpha/2, alpha/4, ..., and the last look what is left, alpha 2^-(L-1) (one look spends alpha).
Each check decides at level 1 - alpha_k / #checks at look k; its verdict is the one of its first
look that decides (passed or failed), else inconclusive at the last look. A check fails only if
the interval of some look misses on that side, so by the union bound over looks and checks the
claim's false-alarm rate stays at most sum_k alpha_k = alpha, however the looks depend on each
other (Bonferroni alpha spending; C. Jennison and B. W. Turnbull, Group Sequential Methods with
Applications to Clinical Trials, 2000, Chapter 7). Looks stop as soon as no check is
inconclusive, or when the budget (instances, or seconds) is spent.

When every check of a claim names the rows it reads (Verdict.scope, e.g. one learner's cells),
a look after the first adds instances only to the rows of its inconclusive checks; the other rows
keep the instances they had, so cells whose checks are decided are not simulated further.
Which rows a look extends depends on the data, which the union bound above allows.
"""

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from testbed.checks import FAILED, INCONCLUSIVE, VOID, Verdict, void_verdict
from testbed.claim import Claim, Tier
from testbed.errors import InputError
from testbed.stats import min_instances
from testbed.sweep import FAULTS, numerical_faults

BUDGET_FACTOR = 4  # the default budget: this many times the tier's instances (looks N, 2N, 4N)


@dataclass(frozen=True)
class Budget:
    """How far settling may go: at most ``instances`` per setting, and (if set) no new look
    once ``seconds`` have passed."""

    instances: int
    seconds: float | None = None


def default_budget(first: int) -> Budget:
    """BUDGET_FACTOR times the first look's instances."""
    return Budget(BUDGET_FACTOR * first)


def parse_budget(text: str | None, first: int) -> Budget:
    """A budget from the command line: "N" instances or "Ss" seconds (None: default_budget).
    Seconds bound the time, and instances stay at the default."""
    default = default_budget(first)
    if text is None:
        return default
    try:
        if text.endswith("s"):
            seconds = float(text[:-1])
            if seconds > 0:
                return replace(default, seconds=seconds)
        elif int(text) >= first:
            return Budget(int(text))
    except ValueError:
        pass
    raise InputError(f"budget {text!r} is neither a number of instances (at least the first "
                     f"look's {first}) nor a positive number of seconds such as 600s")


def look_sizes(first: int, budget: Budget) -> tuple[int, ...]:
    """The instances of each look: first, 2 first, 4 first, ... up to budget.instances."""
    if first < 2:
        raise InputError(f"a check needs at least 2 instances, got {first}")
    sizes = [first]
    while sizes[-1] * 2 <= budget.instances:
        sizes.append(sizes[-1] * 2)
    return tuple(sizes)


def look_tiers(sizes: Tier, budget: Budget) -> tuple[Tier, ...]:
    """The tier of each look within ``budget``: ``sizes`` with the look's instances
    (look_sizes) and its share of alpha (look_alphas)."""
    counts = look_sizes(sizes.n_instances, budget)
    return tuple(replace(sizes, n_instances=count, alpha=alpha)
                 for count, alpha in zip(counts, look_alphas(len(counts), sizes.alpha)))


def look_alphas(count: int, alpha: float) -> tuple[float, ...]:
    """The share of ``alpha`` each of ``count`` looks spends: alpha/2, alpha/4, ..., and the
    rest at the last look; they sum to alpha."""
    if count < 1:
        raise ValueError(f"a design needs at least one look, got {count}")
    shares = [alpha / 2 ** (k + 1) for k in range(count - 1)]
    return tuple(shares + [alpha - sum(shares)])


Scopes = tuple[Mapping[str, object], ...] | None  # the rows a look extends; None: all of them


@dataclass(frozen=True)
class Look:
    """One look: its sizes and false-alarm share, the rows it gave tier.n_instances instances
    (those with the labels of one of ``extended``, or all when None; the others keep the
    instances of the last look that extended them), and the verdicts it gave."""

    tier: Tier
    verdicts: tuple[Verdict, ...]
    extended: Scopes = None


def in_scopes(frame: pd.DataFrame, scopes: Scopes) -> np.ndarray:
    """Per row of ``frame``: whether it has all the labels of one of ``scopes`` (every row when
    scopes is None)."""
    if scopes is None:
        return np.ones(len(frame), bool)
    inside = np.zeros(len(frame), bool)
    for scope in scopes:
        if set(scope) <= set(frame.columns):
            inside |= np.logical_and.reduce(
                [frame[k].to_numpy() == v for k, v in scope.items()], initial=True)
    return inside


def look_part(frame: pd.DataFrame, plan: list[tuple[Tier, Scopes]]) -> pd.DataFrame:
    """The rows of ``frame`` that the last of the looks ``plan`` (tier, extended) sees: those of
    instances below the count of the last look that extended their row."""
    counts = np.zeros(len(frame), int)
    for tier, extended in plan:
        counts = np.where(in_scopes(frame, extended), tier.n_instances, counts)
    return frame[frame["instance"].to_numpy() < counts]


def open_scopes(verdicts: list[Verdict]) -> Scopes:
    """The scopes of the inconclusive ``verdicts``, each once; None (every row) when some check
    has no scope: it may read rows of several scopes, and need them on the same instances."""
    if any(v.scope is None for v in verdicts):
        return None
    scopes = [s for v in verdicts if v.outcome == INCONCLUSIVE for s in v.scope]
    return tuple(dict(pairs) for pairs in dict.fromkeys(tuple(s.items()) for s in scopes))


def calibrated(verdict: Verdict) -> Verdict:
    """The verdict, or inconclusive where it failed on fewer instances than
    testbed.stats.min_instances allows at its level (its interval is not trusted to hold the
    false-alarm rate there); exact verdicts stand."""
    needed = min_instances(verdict.level) if verdict.outcome == FAILED else 0
    if verdict.exact or verdict.n_instances >= needed:
        return verdict
    return replace(verdict, outcome=INCONCLUSIVE, message=(
        f"{verdict.message} (would fail, but {verdict.n_instances} instances are too few to fail "
        f"at {verdict.level:.2%}: at least {needed} are needed)"))


def check_look(claim: Claim, part: pd.DataFrame, tier: Tier, extended: Scopes = None) -> Look:
    """The claim's verdicts (calibrated) on the look's rows ``part`` (look_part); one void
    verdict instead where they hold nan or inf."""
    faults = numerical_faults(part)
    if len(faults):
        return Look(tier, (void_verdict(faults, FAULTS),), extended)
    return Look(tier, tuple(calibrated(v) for v in claim.check(part, tier)), extended)


def settled(looks: list[Look]) -> list[Verdict]:
    """Per check (by name, in the first look's order): the verdict of its first deciding look,
    else the last look's; a look with numerical faults voids the claim."""
    for look in looks:
        if any(v.outcome == VOID for v in look.verdicts):
            return list(look.verdicts)
    final = {}
    for look in looks:
        for verdict in look.verdicts:
            if verdict.check not in final or final[verdict.check].outcome == INCONCLUSIVE:
                final[verdict.check] = verdict
    return [final[v.check] for v in looks[0].verdicts]


def settle(claim: Claim, sizes: Tier, budget: Budget,
           frame_for: Callable[[Tier, Scopes], pd.DataFrame]) -> tuple[pd.DataFrame, list[Look]]:
    """Run looks until no check is inconclusive or the budget is spent; (the frame of the last
    look, the looks). The first look has every row; each later one adds instances to the rows
    its inconclusive checks read (their Verdict.scope). ``frame_for(tier, extended)`` gives the
    sweep's frame with tier.n_instances instances of the rows of ``extended`` (Look) and at least
    the instances the earlier looks had of the others."""
    started = time.perf_counter()
    looks: list[Look] = []
    extended: Scopes = None
    for tier in look_tiers(sizes, budget):
        frame = look_part(frame_for(tier, extended),
                          [(k.tier, k.extended) for k in looks] + [(tier, extended)])
        looks.append(check_look(claim, frame, tier, extended))
        verdicts = settled(looks)
        if all(v.outcome != INCONCLUSIVE for v in verdicts):
            break
        if budget.seconds is not None and time.perf_counter() - started > budget.seconds:
            break
        extended = open_scopes(verdicts)
    return frame, looks


def replay(claim: Claim, frame: pd.DataFrame, plan: list[tuple[Tier, Scopes]]) -> list[Look]:
    """The looks of a stored settling run again, each (tier, extended) on the rows it saw."""
    return [check_look(claim, look_part(frame, plan[:k + 1]), tier, extended)
            for k, (tier, extended) in enumerate(plan)]
