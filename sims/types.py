"""The contracts of the simulators: Problem, Learner (tuples of pure functions), Trajectory, and
Family (problems and the learners written for them, built one way)."""

from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

import jax

Array = jax.Array
PyTree = Any


class Problem(NamedTuple):
    """An interactive problem, written for ONE instance; sims.run vectorizes it.

    Shape-fixing sizes are arguments of the factory that built it; what may be swept inside one
    compiled program lives in ``params`` (a pytree of scalars).

    Fields:
        name: what it is, e.g. "linear-cb(K=16, d=8, gaussian)".
        sample: (key, params) -> instance, one random instance.
        step: (key, instance, t) -> observation at round t (a context, a stream point).
        feedback: (key, instance, observation, action) -> (feedback, info), where info is a dict
            of per-round scalar diagnostics that the theory bounds (e.g. instantaneous regret).
        default_params: params to use when a sweep does not set them.
    """

    name: str
    sample: Callable[[Array, PyTree], PyTree]
    step: Callable[[Array, PyTree, Array], PyTree]
    feedback: Callable[[Array, PyTree, PyTree, Array], tuple[PyTree, dict[str, Array]]]
    default_params: PyTree


class Learner(NamedTuple):
    """An interactive learner, written for ONE instance; its params live in its state.

    Fields:
        name: what it is, e.g. "squarecb".
        init: (key, params) -> state.
        act: (key, state, observation) -> (action, aux), aux a dict of per-round scalars.
        update: (key, state, observation, action, feedback) -> state; the key is the round's own
            (sims.run), for a learner whose update draws (CORRAL's next base).
        default_params: params to use when a sweep does not set them.
    """

    name: str
    init: Callable[[Array, PyTree], PyTree]
    act: Callable[[Array, PyTree, PyTree], tuple[Array, dict[str, Array]]]
    update: Callable[[PyTree, PyTree, Array, PyTree], PyTree]
    default_params: PyTree


def default_told(learner: Learner, problem_params: PyTree) -> PyTree:
    """What a learner is told of an instance when its family says nothing: its default params."""
    del problem_params
    return learner.default_params


class Family(NamedTuple):
    """Problems and the learners written for them, under one calling convention: a problem factory
    builds the problem from sizes together with the space its learners are built on, and a
    learner factory builds a learner from that space alone.

    Fields:
        name: what it is, e.g. "linear-bandits".
        problems: name -> (sizes) -> (problem, space); the space is all a learner may be built on
            (an action table, the class F, the number of arms and the horizon T, ...).
        learners: name -> (space) -> learner.
        told: (learner, problem params) -> learner params, what a learner is told of an instance
            (default_told: nothing, its default params).
        metrics: (info, aux) -> per-round metrics, which sims.run sums into running totals.
        test_sizes: small sizes, name -> value, at which every (problem, learner) pair is tested.
    """

    name: str
    problems: Mapping[str, Callable[[Mapping[str, Any]], tuple[Problem, Any]]]
    learners: Mapping[str, Callable[[Any], Learner]]
    metrics: Callable[[dict[str, Array], dict[str, Array]], dict[str, Array]]
    test_sizes: Mapping[str, Any]
    told: Callable[[Learner, PyTree], PyTree] = default_told


class Trajectory(NamedTuple):
    """Metrics recorded at checkpoints; memory O(params x instances x checkpoints), not O(T).

    Fields:
        checkpoints: (C,) int, the number of rounds played when each column was recorded.
        totals: name -> (P, N, C) float32, running sums of the per-round metric over rounds
            1..checkpoints[c], for P param settings and N instances (running maxima, from 0,
            for metrics named max_*).
    """

    checkpoints: Array
    totals: dict[str, Array]
