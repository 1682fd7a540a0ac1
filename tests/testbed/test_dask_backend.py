"""The Dask backend (testbed.dask_backend) on a LocalCluster of 2 workers: the same bytes as the
local backend, whatever the order in which chunks finish, through a killed worker and a stopped
run."""

import os
import signal

import jax.numpy as jnp
import pandas as pd
import pytest

from sims.bandits import bandit_metrics, greedy_trap
from sims.bandits.linear import LinearParams
from sims.bandits.policies import epsilon_greedy, oracle_params
from testbed import sweep
from testbed.cli import main
from testbed.dask_backend import dask_backend, run_chunk
from testbed.errors import ClusterError
from testbed.store import CELLS, RESULTS, RunStore
from testbed.sweep import Cell, Experiment, LocalBackend, Setting, run_experiment

CHUNK = 3  # 10 instances: chunks of 3, 3, 3 and 1
pytestmark = pytest.mark.xdist_group("dask")  # one local cluster for the module


@pytest.fixture(scope="module")
def backend():
    with dask_backend(None, workers=2) as dask:
        yield dask


def sweep_of(n_instances: int = 10) -> Experiment:
    """Two cells (horizons 8 and 16) of two settings each (the exploration rate)."""
    problem, actions = greedy_trap(3)
    settings = tuple(Setting({"epsilon": e}, LinearParams(jnp.float32(0.1)),
                             oracle_params(e, 0.0)) for e in (0.1, 0.5))
    cells = tuple(Cell({"learner": "epsilon-greedy", "horizon_label": h}, problem,
                       epsilon_greedy(actions), settings, h) for h in (8, 16))
    return Experiment(cells, n_instances, bandit_metrics)


def stored_bytes(store: RunStore) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(store.cells.iterdir())}


def test_a_sweep_on_two_workers_stores_the_bytes_of_the_local_backend(tmp_path, backend):
    local, dask = (RunStore(tmp_path / name, "c", "smoke", 0) for name in ("local", "dask"))
    expected = run_experiment(sweep_of(), 4, "v", cache=local, chunk=CHUNK)
    got = run_experiment(sweep_of(), 4, "v", cache=dask, chunk=CHUNK, backend=backend)
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    assert stored_bytes(dask) == stored_bytes(local)
    assert sorted(expected["instance"].unique()) == list(range(10))


def test_chunks_finishing_in_any_order_give_the_same_cells(tmp_path, backend):
    class Reversed:
        def run(self, jobs, seed, metrics, code_version):
            return reversed(list(LocalBackend().run(jobs, seed, metrics, code_version)))

    local, shuffled = (RunStore(tmp_path / name, "c", "smoke", 0) for name in ("a", "b"))
    run_experiment(sweep_of(), 4, "v", cache=local, chunk=CHUNK)
    run_experiment(sweep_of(), 4, "v", cache=shuffled, chunk=CHUNK, backend=Reversed())
    assert stored_bytes(shuffled) == stored_bytes(local)


def test_a_stopped_run_keeps_its_finished_chunks_and_resumes_to_the_same_bytes(
        tmp_path, backend, monkeypatch, simulated_spans):
    whole, resumed = (RunStore(tmp_path / name, "c", "smoke", 0) for name in ("a", "b"))
    run_experiment(sweep_of(), 4, "v", cache=whole, chunk=CHUNK)
    chunks = []

    def stop_after_five():
        chunks.append(1)
        if len(chunks) == 5:
            raise KeyboardInterrupt

    with monkeypatch.context() as patched, pytest.raises(KeyboardInterrupt):
        patched.setattr(sweep, "raise_if_interrupted", stop_after_five)
        run_experiment(sweep_of(), 4, "v", cache=resumed, chunk=CHUNK, backend=backend)
    kept = [pd.read_parquet(path)["instance"].max() + 1 for path in resumed.cells.iterdir()]
    assert sum(kept) >= 4 * CHUNK  # five chunks finished: at least four of them stored
    simulated_spans.clear()  # from here on
    run_experiment(sweep_of(), 4, "v", cache=resumed, chunk=CHUNK)
    assert sum(len(ids) for _, ids in simulated_spans) == 20 - sum(kept)  # only what was
    # not stored
    assert stored_bytes(resumed) == stored_bytes(whole)


def test_a_killed_worker_loses_no_finished_chunk(tmp_path, backend):
    local = run_experiment(sweep_of(40), 5, "v", chunk=CHUNK)
    pids = backend.client.run(os.getpid)
    chunks = backend.run([job for job in jobs_of(sweep_of(40), 5)], 5, bandit_metrics, "v")
    first = next(chunks)
    os.kill(next(iter(pids.values())), signal.SIGKILL)
    rest = list(chunks)
    assert len(rest) + 1 == 2 * 14
    starts = sorted((job.cell_id, start) for job, start, _ in [first, *rest])
    assert len(set(starts)) == len(starts)
    got = run_experiment(sweep_of(40), 5, "v", chunk=CHUNK, backend=backend)
    pd.testing.assert_frame_equal(got, local, check_exact=True)


def jobs_of(experiment: Experiment, seed: int) -> list[sweep.Job]:
    return [sweep.Job(cell, cell.identity(seed, "v"), range(experiment.n_instances), CHUNK)
            for cell in experiment.cells]


def test_check_on_dask_writes_the_parquet_bytes_of_check_on_this_process(tmp_path):
    for backend in ("local", "dask"):
        assert main(["check", "al-no-noise-seeking", "--tier", "smoke", "--backend", backend,
                     "--out", str(tmp_path / backend)]) == 0
    runs = [tmp_path / b / "results" / "al-no-noise-seeking" / "smoke-seed0"
            for b in ("local", "dask")]
    assert (runs[0] / RESULTS).read_bytes() == (runs[1] / RESULTS).read_bytes()
    cells = [{p.name: p.read_bytes() for p in (tmp_path / b / CELLS).iterdir()}
             for b in ("local", "dask")]
    assert cells[0] == cells[1]


def test_a_scheduler_without_the_dask_backend_or_that_does_not_answer_is_one_line(
        capsys, tmp_path, monkeypatch):
    monkeypatch.setattr("testbed.dask_backend.CONNECT_SECONDS", 2)
    assert main(["check", "las-spanner-property", "--scheduler", "tcp://127.0.0.1:9",
                 "--out", str(tmp_path)]) == 2
    assert "add --backend dask" in capsys.readouterr().err
    assert main(["check", "las-spanner-property", "--backend", "dask", "--scheduler",
                 "tcp://127.0.0.1:9", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert "no Dask scheduler answers there" in err and len(err.splitlines()) == 1


def test_threads_out_of_range_or_beside_a_scheduler_are_one_line(capsys, tmp_path):
    assert main(["check", "las-spanner-property", "--threads", "0", "--out", str(tmp_path)]) == 2
    assert "--threads '0' is not an integer of at least 1" in capsys.readouterr().err
    assert main(["check", "las-spanner-property", "--backend", "dask", "--threads", "2",
                 "--scheduler", "tcp://127.0.0.1:9", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert "the cluster's own" in err and len(err.splitlines()) == 1


def test_a_worker_with_other_code_refuses_the_chunk():
    cell = sweep_of().cells[0]
    with pytest.raises(ClusterError, match="install the same code and jax on every worker"):
        run_chunk(cell, bandit_metrics, 0, 0, CHUNK, 10, "v", ("0ther", "0.0"))
