"""Claim: a bound from proofs bound to an experiment from sims and to a check, at three tiers."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

import pandas as pd
from matplotlib.figure import Figure

from proofs import STATUSES, Bound
from testbed.checks import Verdict
from testbed.errors import InputError
from testbed.sweep import Experiment
from testbed.tables import Table

TIERS = ("smoke", "quick", "full")
# From the most to the least firmly established; a claim takes the weakest status of its bounds.
STATUS_ORDER = ("V-abs", "V-code", "V-3p", "CL", "U-mem", "U-derived")
FAMILY_ALPHA = 0.05  # false-alarm rate of a whole claim, split over its checks (Bonferroni)
MAX_CHECKS = 16  # the most checks a claim may make (the coverage tests cover their levels)


@dataclass(frozen=True)
class Tier:
    """Sizes of a claim at one tier, and the false-alarm rate its checks share.

    Attributes:
        n_instances: instances of every setting.
        horizon: the largest horizon T.
        alpha: the claim's false-alarm rate at this look (FAMILY_ALPHA, or the share of it that
            a sequential look spends, testbed.settle).
        name: the tier's name in TIERS (a claim names its tiers; "" until then). A run whose
            sizes were changed (--instances, --horizon, a later look) keeps it.
    """

    n_instances: int
    horizon: int
    alpha: float = FAMILY_ALPHA
    name: str = ""


@dataclass(frozen=True)
class Claim:
    """One claim of the theory, checked numerically.

    Attributes:
        id: the registry id, e.g. "cb-squarecb-rates".
        statement: one sentence saying what is asserted.
        bounds: the bounds from proofs that the claim binds.
        tiers: sizes for "smoke" (tests), "quick" (the main job) and "full" (the paper).
        experiment: tier -> Experiment (the sweep).
        check: (frame, tier) -> Verdicts; pure, decides at level 1 - tier.alpha / #checks.
        figure: (frame, tier) -> Figure; nothing is saved here.
        tables: (frame, tier) -> {name: Table} for the paper, or None; nothing is saved here.
        file: the Python file that defines the claim, when it is not a registered one
            (testbed.claim_file); its code is part of the code version of its results.
    """

    id: str
    statement: str
    bounds: tuple[Bound, ...]
    tiers: Mapping[str, Tier]
    experiment: Callable[[Tier], Experiment]
    check: Callable[[pd.DataFrame, Tier], list[Verdict]]
    figure: Callable[[pd.DataFrame, Tier], Figure]
    tables: Callable[[pd.DataFrame, Tier], dict[str, Table]] | None = None
    file: str | None = None

    def __post_init__(self) -> None:
        if set(self.tiers) != set(TIERS):
            raise ValueError(f"claim {self.id}: tiers must be exactly {TIERS}, got {list(self.tiers)}")
        object.__setattr__(self, "tiers", {name: replace(self.tiers[name], name=name)
                                           for name in TIERS})

    @property
    def status(self) -> str:
        """The weakest status tag among the claim's bounds."""
        return max((b.status for b in self.bounds), key=STATUS_ORDER.index)

    @property
    def status_text(self) -> str:
        return STATUSES[self.status]

    def tier(self, name: str) -> Tier:
        """The sizes at tier ``name``; an InputError names the allowed tiers otherwise."""
        if name not in self.tiers:
            raise InputError(f"tier {name!r} does not exist; choose one of {', '.join(TIERS)}")
        return self.tiers[name]


def check_level(n_checks: int, tier: Tier) -> float:
    """Confidence level of each of n checks so that the claim's false-alarm rate is tier.alpha."""
    if not 1 <= n_checks <= MAX_CHECKS:
        raise ValueError(f"a claim makes 1 to {MAX_CHECKS} checks, got {n_checks}")
    return 1.0 - tier.alpha / n_checks
