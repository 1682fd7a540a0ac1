"""The results store: round trips, corrupt files, atomic replacement, other code versions kept
aside, file modes, resuming and extending a sweep."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import jax.numpy as jnp
import pandas as pd
import pytest

from sims.bandits import bandit_metrics, greedy_trap
from sims.bandits.linear import LinearParams
from sims.bandits.policies import greedy, oracle_params
from sims.run import log_checkpoints
from testbed.errors import ResultsError
from testbed.store import CELLS, PROVENANCE, RESULTS, RunStore, umask, write_atomically
from testbed.sweep import Cell, Experiment, LocalBackend, Setting, even_chunk, run_experiment

FRAME = pd.DataFrame({"instance": [0, 1], "t": [1, 1], "regret": [0.5, 0.25]})


def test_round_trip_and_cells_stay_when_finished(tmp_path):
    store = RunStore(tmp_path, "c", "quick", 0)
    assert store.load_finished() is None
    store.save_cell("abc", FRAME)
    pd.testing.assert_frame_equal(store.load_cell("abc"), FRAME)
    store.finish(FRAME, {"code_version": "x"})
    frame, meta = store.load_finished()
    pd.testing.assert_frame_equal(frame, FRAME)
    assert meta == {"code_version": "x", "columns": ["instance", "t", "regret"], "rows": 2}
    pd.testing.assert_frame_equal(store.load_cell("abc"), FRAME)


def test_a_corrupt_results_file_is_named(tmp_path):
    store = RunStore(tmp_path, "c", "quick", 0)
    store.finish(FRAME, {})
    (store.dir / RESULTS).write_bytes(b"not parquet at all")
    with pytest.raises(ResultsError, match=str(store.dir / RESULTS)):
        store.load_finished()
    store.save_cell("abc", FRAME)
    (store.cells / "abc.parquet").write_text("garbage")
    with pytest.raises(ResultsError, match="abc.parquet"):
        store.load_cell("abc")


def test_a_failed_write_leaves_the_finished_result(tmp_path):
    store = RunStore(tmp_path, "c", "quick", 0)
    store.finish(FRAME, {"run": 1})

    class Broken(pd.DataFrame):
        def to_parquet(self, *args, **kwargs):
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        store.finish(Broken(FRAME), {"run": 2})
    frame, meta = store.load_finished()
    pd.testing.assert_frame_equal(frame, FRAME)
    assert meta["run"] == 1
    assert not any(p.name.startswith(".") for p in store.dir.iterdir())


def test_results_of_another_code_version_are_kept_aside_and_their_own_replaced(tmp_path):
    store = RunStore(tmp_path, "c", "smoke", 0)
    for _ in range(2):  # the same version: replaced in place
        store.finish(FRAME, {"code_version": "old"})
    assert not list(store.dir.parent.glob("*@*"))
    frame = pd.DataFrame({"instance": [0], "regret": [1.0]})
    aside = store.finish(frame, {"code_version": "new"})
    assert aside == store.dir.with_name("smoke-seed0@old")
    assert pd.read_parquet(aside / RESULTS)["regret"].tolist() == FRAME["regret"].tolist()
    assert store.load_finished()[1]["code_version"] == "new"
    (store.dir / PROVENANCE).write_text("{broken")
    assert store.finish(frame, {"code_version": "newer"}).name == "smoke-seed0@unreadable"


def test_stored_files_are_readable_by_others(tmp_path):
    path = tmp_path / "table.md"
    write_atomically(path, lambda tmp: Path(tmp).write_text("x"))
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask()


def trap_experiment() -> Experiment:
    problem, actions = greedy_trap(3)
    setting = Setting({"rate": 0.0}, LinearParams(jnp.float32(0.1)), oracle_params(0.0, 0.0))
    cells = tuple(Cell({"learner": "greedy", "horizon_label": h}, problem, greedy(actions),
                       (setting,), h) for h in (8, 16))
    return Experiment(cells, 5, bandit_metrics)


def test_an_interrupted_sweep_resumes_from_its_finished_cells(tmp_path, simulated_spans):
    store = RunStore(tmp_path, "c", "smoke", 0)
    experiment = trap_experiment()
    full = run_experiment(experiment, 0, "v1", cache=store, chunk=2)
    assert len(list(store.cells.iterdir())) == 2
    assert len(full) == 5 * (log_checkpoints(8).size + log_checkpoints(16).size)

    calls = simulated_spans
    calls.clear()  # from here on
    resumed = run_experiment(experiment, 0, "v1", cache=store)
    pd.testing.assert_frame_equal(resumed, full)
    assert calls == []
    run_experiment(experiment, 0, "v2", cache=store)  # new code: nothing reused
    assert len(calls) == 2


def test_instances_run_in_the_fewest_chunks_as_even_as_can_be():
    assert [even_chunk(n, 256) for n in (1, 16, 256, 257, 400, 1000)] == [1, 16, 256, 129, 200,
                                                                           250]


def test_chunking_does_not_change_instances():
    experiment = trap_experiment()
    pd.testing.assert_frame_equal(run_experiment(experiment, 3, "v", chunk=2),
                                  run_experiment(experiment, 3, "v", chunk=5))


@pytest.mark.parametrize("threads", [1, 2])
def test_each_program_compiles_once_ahead_of_its_cell_and_runs_unchanged(threads):
    experiment = trap_experiment()
    backend = LocalBackend(threads)
    frame = run_experiment(experiment, 3, "v", chunk=2, backend=backend)
    runners = backend.runners
    # compiled once, ahead of its chunks, for the shapes they then run with, however many
    # threads run the chunks
    assert len(runners) == 2 and all(r.traces == 1 for r in runners.values())
    alone = [run_experiment(Experiment((cell,), 5, bandit_metrics), 3, "v", chunk=2)
             for cell in experiment.cells]
    pd.testing.assert_frame_equal(frame, pd.concat(alone, ignore_index=True))


def test_cells_split_from_one_learner_share_one_compiled_program():
    problem, actions = greedy_trap(3)
    learner = greedy(actions)
    cells = tuple(Cell({"learner": "greedy", "part": k}, problem, learner,
                       (Setting({"rate": rate}, LinearParams(jnp.float32(rate)),
                                oracle_params(0.0, 0.0)),), 8) for k, rate in enumerate((0.1, 0.3)))
    backend = LocalBackend()
    frame = run_experiment(Experiment(cells, 4, bandit_metrics), 0, "v", backend=backend)
    assert len(backend.runners) == 2
    assert len({id(r) for r in backend.runners.values()}) == 1
    assert next(iter(backend.runners.values())).traces == 1
    alone = run_experiment(Experiment(cells[1:], 4, bandit_metrics), 0, "v")
    pd.testing.assert_frame_equal(frame[frame["part"] == 1].reset_index(drop=True), alone)


def test_sweeps_at_once_on_one_backend_share_its_slots(monkeypatch):
    import testbed.sweep as sweep

    simulate, lock, running, most = sweep.simulate_chunk, threading.Lock(), [0], [0]

    def counted(*args):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.05)
        try:
            return simulate(*args)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(sweep, "simulate_chunk", counted)
    backend, experiment = LocalBackend(threads=1), trap_experiment()
    with ThreadPoolExecutor(2) as pool:
        frames = list(pool.map(lambda seed: run_experiment(experiment, seed, "v", chunk=1,
                                                           backend=backend), (0, 1)))
    assert most[0] == 1 and sum(backend.chunks_on.values()) == 20
    pd.testing.assert_frame_equal(frames[1], run_experiment(experiment, 1, "v", chunk=1))


def test_more_instances_extend_the_stored_cells_and_keep_the_old_ones(tmp_path, simulated_spans):
    store = RunStore(tmp_path, "c", "smoke", 0)
    experiment = trap_experiment()
    first = run_experiment(experiment, 0, "v1", cache=store, chunk=5)
    more = Experiment(experiment.cells, 10, experiment.metrics)
    fresh = run_experiment(more, 0, "v1", chunk=5)

    ran = simulated_spans
    ran.clear()  # from here on
    extended = run_experiment(more, 0, "v1", cache=store, chunk=5)
    assert sorted(ran) == [(8, range(5, 10)), (16, range(5, 10))]
    old = extended[extended["instance"] < 5].reset_index(drop=True)
    pd.testing.assert_frame_equal(old, first, check_exact=True)
    key = ["horizon_label", "instance", "t"]
    pd.testing.assert_frame_equal(extended.sort_values(key).reset_index(drop=True),
                                  fresh.sort_values(key).reset_index(drop=True), check_exact=True)
    fewer = run_experiment(Experiment(experiment.cells, 3, experiment.metrics), 0, "v1",
                           cache=store)
    assert len(ran) == 2 and sorted(fewer["instance"].unique()) == [0, 1, 2]


def test_claims_that_run_the_same_cell_simulate_it_once(tmp_path, simulated_spans):
    experiment = trap_experiment()
    first = run_experiment(experiment, 0, "v1", cache=RunStore(tmp_path, "a", "smoke", 0))

    calls = simulated_spans
    calls.clear()  # from here on
    other = RunStore(tmp_path, "b", "quick", 0)
    pd.testing.assert_frame_equal(run_experiment(experiment, 0, "v1", cache=other), first)
    assert calls == []
    run_experiment(experiment, 1, "v1", cache=other)  # another seed: other cells
    assert len(calls) == 2


def test_dropping_cells_forgets_only_those_named(tmp_path):
    store = RunStore(tmp_path, "c", "quick", 0)
    for cell_id in ("mine", "shared"):
        store.save_cell(cell_id, FRAME)
    store.drop_cells(["mine", "absent"])
    assert store.load_cell("mine") is None
    pd.testing.assert_frame_equal(store.load_cell("shared"), FRAME)
