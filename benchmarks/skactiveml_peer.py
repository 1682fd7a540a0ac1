"""The peer of benchmarks/bench_active.py: scikit-activeml's stream-based uncertainty sampling
(VariableUncertainty, logistic regression) on the project's 1-d threshold instances.

One instance at a time, as scikit-activeml runs: for each stream point x_t of the instance it asks
the query strategy, and when a label is queried it takes y_t and refits the classifier on the
labels so far (the library's stream-based usage). The stream points and labels are those that
sims.run.Runner draws for the same (seed, instance) (as benchmarks/vw_peer.py does for bandits),
so both sides see the same eta, the same x_t and, where both ask, the same y_t.
"""

import time
import warnings

import jax
import jax.numpy as jnp
import numpy as np

from sims.active.classes import FiniteClass
from sims.active.stream import Decision, StreamParams, stream_problem
from sims.run import instance_keys

BUDGET = 0.1  # the fraction of stream points scikit-activeml's budget manager may label


def instance_stream(cls: FiniteClass, params: StreamParams, seed: int, instance: int,
                    horizon: int) -> tuple[np.ndarray, np.ndarray]:
    """(x_t, y_t) for t < horizon of instance ``instance`` under ``seed``, as sims.run.Runner
    draws them: y_t is the label a query of x_t would reveal."""
    problem = stream_problem(cls)
    keys = instance_keys(jax.random.fold_in(jax.random.key(seed), instance))
    state = problem.sample(keys.instance, params)
    ask = Decision(jnp.bool_(True), jnp.int32(0), jnp.bool_(False))

    @jax.jit
    def one_round(t):
        point = problem.step(jax.random.fold_in(keys.step, t), state, t)
        label, _ = problem.feedback(jax.random.fold_in(keys.feedback, t), state, point, ask)
        return point.x, label

    xs, labels = jax.vmap(one_round)(jnp.arange(horizon))
    return np.asarray(xs).reshape(horizon, -1), np.asarray(labels)


def run_skactiveml(xs: np.ndarray, labels: np.ndarray, seed: int) -> tuple[int, float]:
    """(label queries, seconds) of VariableUncertainty with logistic regression over one stream."""
    from sklearn.linear_model import LogisticRegression
    from skactiveml.classifier import SklearnClassifier
    from skactiveml.stream import VariableUncertainty
    from skactiveml.utils import MISSING_LABEL

    classifier = SklearnClassifier(LogisticRegression(), classes=[0, 1], random_state=seed)
    strategy = VariableUncertainty(budget=BUDGET, random_state=seed)
    seen_x, seen_y = [], []
    queries = 0
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # one-class fits early in the stream
        classifier.fit(xs[:1], np.asarray([MISSING_LABEL]))  # no labels yet: uniform
        for x, y in zip(xs, labels):
            candidate = x[None, :]
            queried = len(strategy.query(candidate, classifier)) > 0
            strategy.update(candidate, [0] if queried else [])
            seen_x.append(x)
            seen_y.append(y if queried else MISSING_LABEL)
            if queried:
                queries += 1
                classifier.fit(np.asarray(seen_x), np.asarray(seen_y, float))
    return queries, time.perf_counter() - started
