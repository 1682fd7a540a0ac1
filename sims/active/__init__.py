"""Stream-based active learning with abstention (Part I): classes, noise profiles, learners."""

from collections.abc import Callable

from sims.active.classes import FiniteClass, threshold_class
from sims.active.learners import RULES, version_space_learner
from sims.active.noise import hard, massart, tsybakov
from sims.active.stream import stream_problem
from sims.types import Learner

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


# Registered classes (every conformance test runs each with each learner).
CLASSES: dict[str, Callable[[int, tuple[float, ...]], FiniteClass]] = {
    f"thresholds-{name}": thresholds(name) for name in ("massart", "tsybakov", "hard")
}
LEARNERS: dict[str, Callable[[FiniteClass], Learner]] = {
    rule: (lambda cls, rule=rule: version_space_learner(cls, rule)) for rule in RULES
}

__all__ = ["CLASSES", "LEARNERS", "OUTER", "WELL", "stream_problem", "thresholds"]
