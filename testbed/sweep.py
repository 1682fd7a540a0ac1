"""Sweeps: settings x instances -> sims.run, chunked over instances, resumable through the store.

A cell is one compiled program: a problem and a learner at fixed shapes (K, d, horizon), vmapped
over its param settings and over instances. The instances are run in chunks of the same size, so
the program compiles once per cell, and results for instance i do not depend on the chunking.
"""

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

import jax
import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from sims.run import Metrics, Runner, batch_params
from sims.types import Learner, Problem, PyTree

DEFAULT_CHUNK = 256


@dataclass(frozen=True)
class Setting:
    """One point of the params grid inside a cell, with the columns that name it."""

    labels: Mapping[str, object]
    problem_params: PyTree
    learner_params: PyTree


@dataclass(frozen=True)
class Cell:
    """A problem and a learner compiled once, run under one or more param settings."""

    labels: Mapping[str, object]
    problem: Problem
    learner: Learner
    settings: tuple[Setting, ...]
    horizon: int
    checkpoints: tuple[int, ...] | None = None  # rounds to record at; None: log-spaced

    def identity(self, seed: int, n_instances: int, code_version: str) -> str:
        """A file-safe id that changes whenever anything that shapes the cell's results does."""
        description = json.dumps({
            "labels": self.labels, "problem": self.problem.name, "learner": self.learner.name,
            "settings": [{**s.labels, "problem": _leaves(s.problem_params),
                          "learner": _leaves(s.learner_params)} for s in self.settings],
            "horizon": self.horizon, "checkpoints": self.checkpoints, "seed": seed,
            "n": n_instances, "code": code_version,
        }, sort_keys=True, default=str)
        return hashlib.sha256(description.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Experiment:
    """The cells of a claim at one tier, the number of instances, and the per-round metrics."""

    cells: tuple[Cell, ...]
    n_instances: int
    metrics: Metrics


class CellCache(Protocol):
    """Where finished cells are kept for resuming (testbed.store.RunStore is one)."""

    def load_cell(self, cell_id: str) -> pd.DataFrame | None: ...

    def save_cell(self, cell_id: str, frame: pd.DataFrame) -> None: ...


def run_cell(cell: Cell, seed: int, n_instances: int, metrics: Metrics,
             chunk: int = DEFAULT_CHUNK, on_chunk: Callable[[], None] = lambda: None
             ) -> pd.DataFrame:
    """Run every instance of a cell; a tidy frame, one row per (setting, instance, checkpoint)."""
    runner = Runner(cell.problem, cell.learner, cell.horizon, cell.checkpoints, metrics=metrics)
    problem_params = batch_params([s.problem_params for s in cell.settings])
    learner_params = batch_params([s.learner_params for s in cell.settings])
    key = jax.random.key(seed)
    size = min(chunk, n_instances)
    parts = []
    for start in range(0, n_instances, size):
        ids = np.arange(start, start + size)  # a full chunk, so shapes never change
        trajectory = runner(key, ids, problem_params, learner_params)
        keep = ids < n_instances
        parts.append({name: np.asarray(v)[:, keep] for name, v in trajectory.totals.items()})
        on_chunk()
    totals = {name: np.concatenate([p[name] for p in parts], axis=1) for name in parts[0]}
    return tidy(cell, runner.checkpoints, totals)


def tidy(cell: Cell, checkpoints: np.ndarray, totals: dict[str, np.ndarray]) -> pd.DataFrame:
    """Long frame from totals of shape (P, N, C): cell and setting labels, instance, t, metrics."""
    n_settings, n_instances, n_checkpoints = next(iter(totals.values())).shape
    frames = []
    for p, setting in enumerate(cell.settings):
        frame = pd.DataFrame({
            "instance": np.repeat(np.arange(n_instances), n_checkpoints),
            "t": np.tile(np.asarray(checkpoints, np.int64), n_instances),
            **{name: values[p].reshape(-1) for name, values in totals.items()},
        })
        for column, value in {**cell.labels, **setting.labels}.items():
            frame.insert(0, column, value)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def run_experiment(experiment: Experiment, seed: int, code_version: str,
                   cache: CellCache | None = None, progress: str | None = None,
                   chunk: int = DEFAULT_CHUNK) -> pd.DataFrame:
    """Run (or resume) every cell; finished cells come from ``cache`` and go to it."""
    ids = [c.identity(seed, experiment.n_instances, code_version) for c in experiment.cells]
    done = {i: cache.load_cell(i) for i in ids} if cache else {}
    todo = [(c, i) for c, i in zip(experiment.cells, ids) if done.get(i) is None]
    chunks_per_cell = -(-experiment.n_instances // min(chunk, experiment.n_instances))
    with tqdm(total=len(todo) * chunks_per_cell, desc=progress, unit="chunk",
              disable=progress is None, leave=False) as bar:
        for cell, cell_id in todo:
            frame = run_cell(cell, seed, experiment.n_instances, experiment.metrics, chunk,
                             on_chunk=lambda: bar.update(1))
            if cache:
                cache.save_cell(cell_id, frame)
            done[cell_id] = frame
    return pd.concat([done[i] for i in ids], ignore_index=True)


def _leaves(tree: PyTree) -> list[float]:
    return [np.asarray(leaf).tolist() for leaf in jax.tree.leaves(tree)]
