"""Stream-based active learning with abstention (Part I): classes, noise profiles, learners."""

from collections.abc import Callable, Sequence

from sims.active.classes import FiniteClass, threshold_class
from sims.active.feature_classes import halfspace_class, relu_class, smooth_class
from sims.active.learners import RULES, version_space_learner
from sims.active.noise import hard, logistic, massart, tsybakov
from sims.active.stream import stream_problem
from sims.run import merge_metrics
from sims.types import Family, Learner, Problem

DIM = 3  # dimension of the registered halfspace classes
LOW_DIM = 2  # dimension of the registered smooth and ReLU classes
WELL = 0.125  # half-width of the noise well of the registered hard and Tsybakov families
OUTER = 0.4  # |eta - 1/2| outside the noise well of the registered hard family


def thresholds(profile_name: str) -> Callable[[int, tuple[float, ...]], FiniteClass]:
    """A factory (n_boundaries, levels) -> 1-d threshold class under a named noise profile."""
    profiles = {"massart": massart, "tsybakov": lambda: tsybakov(1.0, WELL),
                "hard": lambda: hard(WELL, OUTER)}
    if profile_name not in profiles:
        raise ValueError(f"unknown noise profile {profile_name!r}; known: {sorted(profiles)}")
    return lambda n_boundaries, levels: threshold_class(profiles[profile_name](), n_boundaries,
                                                        levels)


def hard_class(levels: Sequence[float], n_boundaries: int) -> FiniteClass:
    """Thresholds whose boundary lies in the noise well [1/2 - WELL, 1/2 + WELL], where
    eta = 1/2 +- sigma*, with |eta - 1/2| = OUTER outside it (sims.active.noise.hard): the
    instances of Kaariainen's (2006) lower bound, one member per (boundary, level sigma*)."""
    return threshold_class(hard(WELL, OUTER), n_boundaries, levels,
                           span=(0.5 - WELL, 0.5 + WELL))


# Registered classes (every conformance test runs each with each learner).
# Each is a factory (size, levels) -> FiniteClass; size is the number of boundaries, directions,
# functions or networks, and the class has size * len(levels) members.
CLASSES: dict[str, Callable[[int, tuple[float, ...]], FiniteClass]] = {
    **{f"thresholds-{name}": thresholds(name) for name in ("massart", "tsybakov", "hard")},
    "halfspaces-logistic": lambda size, levels: halfspace_class(logistic(), DIM, size, levels),
    "halfspaces-linear": lambda size, levels: halfspace_class(tsybakov(1.0, WELL), DIM, size,
                                                              levels),
    "smooth-logistic": lambda size, levels: smooth_class(logistic(), LOW_DIM, size, levels),
    "relu-logistic": lambda size, levels: relu_class(logistic(), LOW_DIM, size, levels),
}
LEARNERS: dict[str, Callable[[FiniteClass], Learner]] = {
    rule: (lambda cls, rule=rule: version_space_learner(cls, rule)) for rule in RULES
}


def streams(make: Callable[[int, tuple[float, ...]], FiniteClass]
            ) -> Callable[[dict], tuple[Problem, FiniteClass]]:
    """A problem factory: sizes {size, levels} -> (the stream over the class ``make`` builds,
    the class F)."""

    def build(sizes: dict) -> tuple[Problem, FiniteClass]:
        cls = make(sizes["size"], sizes["levels"])
        return stream_problem(cls), cls

    return build


FAMILY = Family("active", {name: streams(make) for name, make in CLASSES.items()}, LEARNERS,
                merge_metrics, test_sizes={"size": 4, "levels": (0.1, 0.3)})

__all__ = ["CLASSES", "FAMILY", "LEARNERS", "OUTER", "WELL", "hard_class", "stream_problem",
           "thresholds"]
