"""The peer of benchmarks/bench_active.py: scikit-activeml's stream-based uncertainty sampling
(VariableUncertainty, logistic regression) on the project's 1-d threshold instances.

One instance at a time, as scikit-activeml runs: for each stream point x_t of the instance it asks
the query strategy, and when a label is queried it draws y_t ~ Bernoulli(eta(x_t)) of the same
target and refits the classifier on the labels so far (the library's stream-based usage). The
instance (target, stream points, labels) comes from the project's class, so both sides see the
same eta and the same D_X.
"""

import time
import warnings

import jax
import numpy as np

from sims.active.classes import FiniteClass

BUDGET = 0.1  # the fraction of stream points scikit-activeml's budget manager may label


def instance_stream(cls: FiniteClass, level: float, seed: int, horizon: int):
    """(x, eta(x), y) of one instance: its stream points, their eta and labels."""
    key_target, key_x, key_y = jax.random.split(jax.random.key(seed), 3)
    target = cls.draw_target(key_target, level)
    xs = jax.vmap(cls.sample_x)(jax.random.split(key_x, horizon))
    eta = jax.vmap(lambda x: cls.value(target, x))(xs)
    labels = jax.random.bernoulli(key_y, eta).astype(np.int32)
    return np.asarray(xs).reshape(horizon, -1), np.asarray(eta), np.asarray(labels)


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
