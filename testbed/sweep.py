"""Sweeps: settings x instances -> sims.run, chunked over instances, resumable and extensible
through the store.

A cell is one compiled program: a problem and a learner at fixed shapes (K, d, horizon), vmapped
over its param settings and over instances. The instances are run in chunks of the same size, so
the program compiles once per cell; instance i is the same whatever the chunk it runs in, up to
the float rounding of the program's batch size (a larger batch may sum a dot product in another
order), so a sweep gives the same bytes for the same chunk size, on any backend. A stored cell
holds instances 0..n-1; asking for more runs only the new ones.
"""

import hashlib
import json
import queue
import threading
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Protocol

import jax
import numpy as np
import pandas as pd
from tqdm import tqdm  # the text bar: tqdm.auto needs ipywidgets in a notebook

from sims.run import Metrics, Runner, batch_params, checkpoint_marks, program_bytes
from sims.types import Learner, Problem, PyTree
from testbed.devices import default_budget
from testbed.errors import InputError
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


def simulate_chunk(runner: Runner, key: jax.Array, start: int, size: int, stop: int,
                   problem_params: PyTree, learner_params: PyTree) -> dict[str, np.ndarray]:
    """Totals (P, n, C) of instances start..min(start + size, stop) - 1, run as a full chunk of
    ``size`` instances."""
    ids = np.arange(start, start + size)
    trajectory = runner(key, ids, problem_params, learner_params)
    keep = ids < stop
    return {name: np.asarray(v)[:, keep] for name, v in trajectory.totals.items()}


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


@dataclass(frozen=True)
class Job:
    """Instances of one cell to simulate, in chunks of ``size`` (the compiled program's batch)."""

    cell: Cell
    cell_id: str
    instances: range
    size: int

    def chunks(self) -> range:
        """The first instance of each chunk."""
        return range(self.instances.start, self.instances.stop, self.size)


Chunk = tuple[Job, int, dict[str, np.ndarray]]  # a job, a chunk's first instance, its totals


class Backend(Protocol):
    """Where the chunks of a sweep run (this process: LocalBackend; a Dask cluster:
    testbed.dask_backend.DaskBackend)."""

    def run(self, jobs: Sequence[Job], seed: int, metrics: Metrics, code_version: str
            ) -> Iterator[Chunk]:
        """Every chunk of every job, with its totals (P, n, C), in any order."""
        ...


class LocalBackend:
    """This process: the chunks of the jobs, in job order, on ``threads`` slots at once
    (testbed.devices.default_threads is one per core, or one per accelerator), slot i on local
    device i modulo their number, while as many more threads compile the jobs' programs ahead of
    them. Runs that go on at once (the claims of one check) share the slots: a chunk waits for
    the first slot free. A chunk whose program needs more than ``memory_budget`` bytes (default
    testbed.devices.default_budget) runs as smaller batches that fit, halving the batch until
    one does. Compiled programs are kept (by Cell.program) across calls, so later looks, seeds
    and claims reuse them."""

    def __init__(self, threads: int = 1, memory_budget: int | None = None) -> None:
        self.devices = jax.local_devices()
        for name, value in (("threads", threads), ("memory_budget", memory_budget)):
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                                      or value < 1):
                raise ValueError(f"{name} must be a positive integer, got {value!r}")
        self.threads = threads
        self.memory_budget = memory_budget or default_budget(self.devices, threads)
        self.runners: dict[str, Runner] = {}
        # the same runners by what they are built from (their problem and learner stay alive in
        # them, so the ids are not reused)
        self._runners_by_source: dict[tuple, Runner] = {}
        self.chunks_on: Counter[str] = Counter()  # chunks run per device, by str(device)
        self._lock = threading.Lock()  # guards runners and chunks_on
        self._slots: queue.Queue = queue.Queue()  # the device of each free slot
        for slot in range(threads):
            self._slots.put(self.devices[slot % len(self.devices)])

    def runner(self, cell: Cell, metrics: Metrics, code_version: str) -> Runner:
        """The compiled program of ``cell``, made on first use and shared by the cells of the
        same problem and learner objects, horizon, checkpoints and metrics (one learner split
        into cells by setting), which only their params tell apart."""
        program = cell.program(code_version)
        built_from = (id(cell.problem), id(cell.learner), cell.horizon, cell.checkpoints,
                      id(metrics))
        with self._lock:
            if program not in self.runners:
                if built_from not in self._runners_by_source:
                    self._runners_by_source[built_from] = cell_runner(cell, metrics)
                self.runners[program] = self._runners_by_source[built_from]
            return self.runners[program]

    @contextmanager
    def slot(self) -> Iterator[jax.Device]:
        """The device of the first free slot, held until the block ends."""
        device = self._slots.get()
        try:
            yield device
            with self._lock:
                self.chunks_on[str(device)] += 1
        finally:
            self._slots.put(device)

    def batch(self, runner: Runner, job: Job, seed: int) -> int:
        """The largest batch, from the job's chunk size down by halves, whose compiled program
        fits the memory budget; an InputError naming the cell when not even one instance does.
        After a program that does not fit, the halving skips the sizes that bytes proportional
        to the batch would not fit either, so a tight budget costs a few compiles, not one per
        halving."""
        size = min(job.size, len(job.instances))
        while True:
            with jax.default_device(self.devices[0]):  # where the first thread runs it
                needed = program_bytes(runner.compile(*chunk_arguments(job.cell, seed,
                                                                       job.instances, size)))
            if needed <= self.memory_budget:
                return size
            if size == 1:
                raise InputError(f"cell {dict(job.cell.labels)} needs {needed:,} bytes for one "
                                  f"instance, more than the memory budget of "
                                  f"{self.memory_budget:,} bytes (--memory-budget)")
            proportional = max(1, size * self.memory_budget // needed)
            size = -(-size // 2)
            while size > proportional:
                size = -(-size // 2)

    def run(self, jobs: Sequence[Job], seed: int, metrics: Metrics, code_version: str
            ) -> Iterator[Chunk]:
        compiler = ThreadPoolExecutor(max_workers=self.threads, thread_name_prefix="compile")
        workers = ThreadPoolExecutor(max_workers=self.threads, thread_name_prefix="chunk")

        def compile_job(job: Job) -> tuple[Runner, int]:
            runner = self.runner(job.cell, metrics, code_version)
            return runner, self.batch(runner, job, seed)

        def simulate(compiled: Future, job: Job, start: int) -> dict[str, np.ndarray]:
            runner, batch = compiled.result()  # (or the error compiling the job raised)
            stop = min(start + job.size, job.instances.stop)
            key, _, problem_params, learner_params = chunk_arguments(job.cell, seed,
                                                                     job.instances, batch)
            with self.slot() as device, jax.default_device(device):
                parts = [simulate_chunk(runner, key, first, batch, stop, problem_params,
                                        learner_params) for first in range(start, stop, batch)]
            return {name: np.concatenate([p[name] for p in parts], axis=1) for name in parts[0]}

        compiled = [compiler.submit(compile_job, job) for job in jobs]
        running = {workers.submit(simulate, program, job, start): (job, start)
                   for program, job in zip(compiled, jobs) for start in job.chunks()}
        try:
            for future in as_completed(running):
                job, start = running[future]
                yield job, start, future.result()
        finally:
            for pool in (workers, compiler):
                pool.shutdown(wait=False, cancel_futures=True)


def in_setting_order(frames: Sequence[pd.DataFrame], n_settings: int) -> pd.DataFrame:
    """Frames of one cell's instances, each in tidy's order (its settings in n_settings equal
    blocks), as one frame in tidy's order: setting by setting, instances ascending. A cell's
    frame is therefore the same however its instances were split into runs."""
    blocks = [frame.iloc[p * (len(frame) // n_settings):(p + 1) * (len(frame) // n_settings)]
              for p in range(n_settings) for frame in frames if len(frame)]
    return pd.concat(blocks, ignore_index=True)


def cell_frame(job: Job, stored: pd.DataFrame | None,
               finished: Mapping[int, dict[str, np.ndarray]]) -> pd.DataFrame:
    """The frame of ``job``'s cell: the ``stored`` instances and the new ones ``finished``
    without a gap from the job's first (chunks by first instance), in tidy's order."""
    parts = []
    for start in job.chunks():
        if start not in finished:
            break
        parts.append(finished[start])
    totals = {name: np.concatenate([p[name] for p in parts], axis=1) for name in parts[0]}
    marks = checkpoint_marks(job.cell.horizon, job.cell.checkpoints)
    new = tidy(job.cell, marks, totals, job.instances.start)
    return in_setting_order([f for f in (stored, new) if f is not None], len(job.cell.settings))


def even_chunk(count: int, most: int) -> int:
    """The size of the fewest chunks of at most ``most`` that hold ``count`` instances, as even as
    can be: 400 instances at most 256 a chunk run as 2 chunks of 200, not 256 + a last chunk
    of 144 run full at 256."""
    return -(-count // -(-count // most))


def run_experiment(experiment: Experiment, seed: int, code_version: str,
                   cache: CellCache | None = None, progress: str | None = None,
                   chunk: int = DEFAULT_CHUNK, backend: Backend | None = None,
                   reuse: bool = True) -> pd.DataFrame:
    """Run (or resume, or extend) every cell on instances 0..experiment.n_instances-1 on
    ``backend`` (default: a new LocalBackend); the instances a cell in ``cache`` already holds
    come from it (unless not ``reuse``), and the cell goes back to it, with the new instances
    finished so far, each time a chunk extends them (an interrupted run loses no finished
    chunk)."""
    n = experiment.n_instances
    backend = backend or LocalBackend()
    ids = [c.identity(seed, code_version) for c in experiment.cells]
    stored = {i: cache.load_cell(i) if cache and reuse else None for i in ids}
    have = {i: 0 if f is None else int(f["instance"].max()) + 1 for i, f in stored.items()}
    jobs = [Job(c, i, range(have[i], n), even_chunk(n - have[i], chunk))
            for c, i in zip(experiment.cells, ids) if have[i] < n]
    chunks: dict[str, dict[int, dict[str, np.ndarray]]] = {job.cell_id: {} for job in jobs}
    reached = {job.cell_id: job.instances.start for job in jobs}  # first instance not yet
    # finished without a gap from the job's start
    done: dict[str, pd.DataFrame] = {}
    with tqdm(total=sum(len(job.chunks()) for job in jobs), desc=progress, unit="chunk",
              disable=progress is None, leave=False) as bar:
        for job, start, totals in backend.run(jobs, seed, experiment.metrics, code_version):
            finished = chunks[job.cell_id]
            finished[start] = totals
            before = reached[job.cell_id]
            while reached[job.cell_id] in finished:
                reached[job.cell_id] = min(reached[job.cell_id] + job.size, n)
            if reached[job.cell_id] > before:
                done[job.cell_id] = cell_frame(job, stored[job.cell_id], finished)
                if cache:
                    cache.save_cell(job.cell_id, done[job.cell_id])
            bar.update(1)
            raise_if_interrupted()
    frames = [done[i] if have[i] < n else stored[i][stored[i]["instance"] < n] for i in ids]
    return pd.concat(frames, ignore_index=True)


def _digest(description: dict) -> str:
    text = json.dumps(description, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _leaves(tree: PyTree) -> list[list]:
    """Each leaf of ``tree`` as [dtype, shape, sha256 of its bytes]: its values, identified
    without writing them out as text (JSON of a setting's 10^4 arm means takes about 50 ms)."""
    arrays = [np.asarray(leaf) for leaf in jax.tree.leaves(tree)]  # tobytes: C order, any layout
    return [[str(a.dtype), list(a.shape), hashlib.sha256(a.tobytes()).hexdigest()]
            for a in arrays]
