"""Sweeps on a Dask cluster (dask.distributed): the unit of work is one chunk of instances of one
cell, compiled once per worker process and reused for every chunk of the same program.

A chunk computes exactly what testbed.sweep.LocalBackend computes for it (the same program at the
same batch size on the same instance ids), and run_experiment assembles chunks by their first
instance, so a sweep gives the same bytes on either backend, with any number of workers, in any
order of completion. Each finished chunk is gathered at once, so a worker that dies loses only
the chunks it was running (the scheduler runs them again on another), and a cell goes to the
store each time its finished instances grow, so a run that is stopped resumes from them.

Workers must run this code: each chunk carries the client's code version (testbed.provenance)
and jax version, and a worker with others refuses it, naming both.
"""

import importlib.metadata
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from sims.run import Metrics, Runner
from testbed import provenance
from testbed.errors import ClusterError
from testbed.sweep import Cell, Chunk, Job, cell_runner, chunk_arguments, simulate_chunk

CONNECT_SECONDS = 30  # how long a --scheduler address has to answer
WORKER_RUNNERS: dict[str, Runner] = {}  # a worker process's compiled programs, by Cell.program


def worker_identity() -> tuple[str, str]:
    """(code version of the installed packages, jax version) of this process."""
    return provenance.source_hash(), importlib.metadata.version("jax")


def run_chunk(cell: Cell, metrics: Metrics, seed: int, start: int, size: int, stop: int,
              code_version: str, identity: tuple[str, str]) -> dict:
    """On a worker: the totals (P, n, C) of the chunk of ``cell`` whose first instance is
    ``start`` (testbed.sweep.simulate_chunk), compiling its program on first use."""
    if worker_identity() != identity:
        raise ClusterError(f"a worker (pid {os.getpid()}) runs code version and jax "
                           f"{worker_identity()}, this process {identity}; install the same "
                           f"code and jax on every worker")
    program = cell.program(code_version)
    if program not in WORKER_RUNNERS:
        WORKER_RUNNERS[program] = cell_runner(cell, metrics)
    key, _, problem_params, learner_params = chunk_arguments(cell, seed, range(start, stop), size)
    return simulate_chunk(WORKER_RUNNERS[program], key, start, size, stop, problem_params,
                          learner_params)


class DaskBackend:
    """Chunks submitted to a dask.distributed Client and gathered as they finish."""

    def __init__(self, client) -> None:
        self.client = client

    def run(self, jobs: Sequence[Job], seed: int, metrics: Metrics, code_version: str
            ) -> Iterator[Chunk]:
        from distributed import KilledWorker, as_completed

        identity = worker_identity()
        pending = {self.client.submit(run_chunk, job.cell, metrics, seed, start, job.size,
                                      job.instances.stop, code_version, identity, pure=False):
                   (job, start) for job in jobs for start in job.chunks()}
        try:
            for future in as_completed(list(pending)):
                job, start = pending.pop(future)
                try:
                    totals = future.result()
                except KilledWorker as err:
                    raise ClusterError(f"a chunk of instances {start}.. of cell "
                                       f"{job.cell_id} killed every worker that ran it "
                                       f"({err}); give the workers more memory or run it "
                                       f"with --backend local") from None
                yield job, start, totals
        finally:
            self.client.cancel(list(pending))


@contextmanager
def dask_backend(scheduler: str | None, workers: int | None = None) -> Iterator[DaskBackend]:
    """A DaskBackend on the scheduler at ``scheduler``, or on a new LocalCluster of ``workers``
    processes (default: one per core) of one thread each, closed afterwards; ClusterError naming
    the address when no scheduler answers there."""
    from distributed import Client, LocalCluster

    if scheduler is None:
        with LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1,
                          processes=True, dashboard_address=":0") as cluster, \
                Client(cluster) as client:
            yield DaskBackend(client)
        return
    try:
        client = Client(scheduler, timeout=CONNECT_SECONDS)
    except OSError as err:
        raise ClusterError(f"--scheduler {scheduler}: no Dask scheduler answers there ({err}); "
                           f"start one with `dask scheduler`, or leave --scheduler out for a "
                           f"local cluster") from None
    with client:
        yield DaskBackend(client)
