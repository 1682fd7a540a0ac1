"""Sweeps: settings x instances -> sims.run, chunked over instances, resumable and extensible
through the store.

A cell is one compiled program: a problem and a learner at fixed shapes (K, d, horizon), vmapped
over its param settings and over instances. The instances are run in chunks of the same size, so
the program compiles once per cell, and results for instance i do not depend on the chunking. A
stored cell holds instances 0..n-1; asking for more runs only the new ones.
"""

import hashlib
import json
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Protocol

import jax
import numpy as np
import pandas as pd
from tqdm import tqdm  # the text bar: tqdm.auto needs ipywidgets in a notebook

from sims.run import Metrics, Runner, batch_params
from sims.types import Learner, Problem, PyTree
from testbed.interrupt import raise_if_interrupted

DEFAULT_CHUNK = 256
FAULTS = "faulty"  # the column that names a row's metrics that are nan or inf


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

    def program(self, code_version: str) -> str:
        """A file-safe id of the compiled program and its settings (the same for every seed)."""
        return _digest({
            "labels": self.labels, "problem": self.problem.name, "learner": self.learner.name,
            "settings": [{**s.labels, "problem": _leaves(s.problem_params),
                          "learner": _leaves(s.learner_params)} for s in self.settings],
            "horizon": self.horizon, "checkpoints": self.checkpoints, "code": code_version})

    def identity(self, seed: int, code_version: str) -> str:
        """A file-safe id that changes whenever anything that shapes the cell's results does
        (the number of instances does not: instance i is the same in any run)."""
        return _digest({"program": self.program(code_version), "seed": seed})


def every(step: int, horizon: int) -> tuple[int, ...]:
    """Checkpoints every ``step`` rounds and at the horizon T: a curve's recorded points."""
    return tuple(sorted({*range(step, horizon + 1, step), horizon}))


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


def run_cell(cell: Cell, seed: int, instances: range, metrics: Metrics,
             chunk: int = DEFAULT_CHUNK, on_chunk: Callable[[], None] = lambda: None,
             runner: Runner | None = None) -> pd.DataFrame:
    """Run instances ``instances`` of a cell; a tidy frame, one row per (setting, instance,
    checkpoint). ``runner`` (this cell's, from an earlier call) avoids compiling again."""
    runner = runner or cell_runner(cell, metrics)
    key, first, problem_params, learner_params = chunk_arguments(cell, seed, instances, chunk)
    size = first.size
    parts = []
    for start in range(instances.start, instances.stop, size):
        ids = np.arange(start, start + size)  # a full chunk, so shapes never change
        trajectory = runner(key, ids, problem_params, learner_params)
        keep = ids < instances.stop
        parts.append({name: np.asarray(v)[:, keep] for name, v in trajectory.totals.items()})
        on_chunk()
    totals = {name: np.concatenate([p[name] for p in parts], axis=1) for name in parts[0]}
    return tidy(cell, runner.checkpoints, totals, instances.start)


def chunk_arguments(cell: Cell, seed: int, instances: range, chunk: int
                    ) -> tuple[jax.Array, np.ndarray, PyTree, PyTree]:
    """The runner's arguments for the first chunk of ``instances``: (key, instance ids, batched
    problem params, batched learner params); every chunk has the same shapes."""
    ids = np.arange(instances.start, instances.start + min(chunk, len(instances)))
    return (jax.random.key(seed), ids, batch_params([s.problem_params for s in cell.settings]),
            batch_params([s.learner_params for s in cell.settings]))


def cell_runner(cell: Cell, metrics: Metrics) -> Runner:
    """The compiled program of a cell."""
    return Runner(cell.problem, cell.learner, cell.horizon, cell.checkpoints, metrics=metrics)


def faulty_metrics(metrics: dict[str, np.ndarray]) -> np.ndarray:
    """Per entry of the equal-shaped ``metrics``: the names of those that are nan or inf there,
    joined by ", " ("" where all are finite)."""
    names = np.full(next(iter(metrics.values())).shape, "", dtype=object)
    for name, values in metrics.items():
        bad = ~np.isfinite(values)
        names[bad] = np.where(names[bad] == "", name, names[bad] + ", " + name)
    return names


def tidy(cell: Cell, checkpoints: np.ndarray, totals: dict[str, np.ndarray],
         first: int = 0) -> pd.DataFrame:
    """Long frame from totals of shape (P, N, C) of instances first..first+N-1: cell and setting
    labels, instance, t, metrics, and FAULTS, the metrics of the cell that are nan or inf in the
    row (frames of several cells hold nan where a metric is not one of a cell's: no fault)."""
    n_settings, n_instances, n_checkpoints = next(iter(totals.values())).shape
    frames = []
    for p, setting in enumerate(cell.settings):
        metrics = {name: values[p].reshape(-1) for name, values in totals.items()}
        frame = pd.DataFrame({
            "instance": np.repeat(np.arange(first, first + n_instances), n_checkpoints),
            "t": np.tile(np.asarray(checkpoints, np.int64), n_instances),
            **metrics, FAULTS: faulty_metrics(metrics),
        })
        for column, value in {**cell.labels, **setting.labels}.items():
            frame.insert(0, column, value)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def numerical_faults(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``frame`` with a metric that is nan or inf, FAULTS naming which. A frame
    without FAULTS (not made by tidy) is one cell's, each float column a metric."""
    if FAULTS not in frame:
        floats = [c for c in frame.columns if pd.api.types.is_float_dtype(frame[c])]
        frame = frame.assign(**{FAULTS: faulty_metrics(
            {c: frame[c].to_numpy(float) for c in floats}) if floats else ""})
    return frame[frame[FAULTS] != ""]


def run_experiment(experiment: Experiment, seed: int, code_version: str,
                   cache: CellCache | None = None, progress: str | None = None,
                   chunk: int = DEFAULT_CHUNK, runners: dict[str, Runner] | None = None,
                   reuse: bool = True) -> pd.DataFrame:
    """Run (or resume, or extend) every cell on instances 0..experiment.n_instances-1; the
    instances a cell in ``cache`` already holds come from it (unless not ``reuse``), and the
    cell goes back to it with the new ones. ``runners`` keeps compiled programs between calls
    (by Cell.program, so other seeds reuse them too)."""
    n = experiment.n_instances
    runners = {} if runners is None else runners
    ids = [c.identity(seed, code_version) for c in experiment.cells]
    stored = {i: cache.load_cell(i) if cache and reuse else None for i in ids}
    have = {i: 0 if f is None else int(f["instance"].max()) + 1 for i, f in stored.items()}
    size = min(chunk, n)
    todo = [(c, i) for c, i in zip(experiment.cells, ids) if have[i] < n]
    total = sum(-(-(n - have[i]) // size) for _, i in todo)
    done = {}

    def runner_of(cell: Cell) -> Runner:
        program = cell.program(code_version)
        if program not in runners:
            runners[program] = cell_runner(cell, experiment.metrics)
        return runners[program]

    def compile_next(k: int) -> Future | None:
        """Compile the program of todo[k] in the background (None past the last cell)."""
        if k >= len(todo):
            return None
        cell, cell_id = todo[k]
        arguments = chunk_arguments(cell, seed, range(have[cell_id], n), chunk)
        return compiler.submit(runner_of(cell).compile, *arguments)

    compiler = ThreadPoolExecutor(max_workers=1, thread_name_prefix="compile")
    try:
        with tqdm(total=total, desc=progress, unit="chunk", disable=progress is None,
                  leave=False) as bar:

            def chunk_done() -> None:
                bar.update(1)
                raise_if_interrupted()

            compiled = compile_next(0)
            for k, (cell, cell_id) in enumerate(todo):
                compiled.result()  # this cell's program (or the error that compiling it raised)
                compiled = compile_next(k + 1)  # compiles while this cell runs
                new = run_cell(cell, seed, range(have[cell_id], n), experiment.metrics, chunk,
                               on_chunk=chunk_done, runner=runner_of(cell))
                frame = new if stored[cell_id] is None else pd.concat([stored[cell_id], new],
                                                                      ignore_index=True)
                if cache:
                    cache.save_cell(cell_id, frame)
                done[cell_id] = frame
    finally:
        compiler.shutdown(wait=False, cancel_futures=True)
    frames = [done[i] if i in done else stored[i][stored[i]["instance"] < n] for i in ids]
    return pd.concat(frames, ignore_index=True)


def _digest(description: dict) -> str:
    text = json.dumps(description, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _leaves(tree: PyTree) -> list[float]:
    return [np.asarray(leaf).tolist() for leaf in jax.tree.leaves(tree)]
