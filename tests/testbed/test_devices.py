"""Local sweeps on every local device and under a memory budget (testbed.devices,
testbed.sweep.LocalBackend): the same bytes, chunks spread over the devices, a chunk too big for the
budget run as smaller batches, and one line for a budget nothing fits or that is not a size."""

import os
import subprocess
import sys

import jax
import pandas as pd
import pytest

from sims.run import Runner, program_bytes
from testbed.cli import main
from testbed.devices import parse_memory
from testbed.errors import InputError
from testbed.sweep import (LocalBackend, cell_runner, chunk_arguments, even_chunk,
                           run_experiment)

sys.path.insert(0, os.path.dirname(__file__))
from test_store import trap_experiment  # noqa: E402

CHUNK = 4


def test_memory_sizes_read_with_their_units():
    assert [parse_memory(t) for t in ("8GiB", "500MB", "1048576", "2e9", "1.5kib")] == [
        8 * 2**30, 500 * 10**6, 1048576, 2 * 10**9, 1536]
    for bad in ("0", "-1", "lots", "8XB", ""):
        with pytest.raises(InputError, match="is not a size of at least one byte"):
            parse_memory(bad)


def needed(batch: int) -> int:
    """The bytes of the trap experiment's first program at ``batch`` instances."""
    cell = trap_experiment().cells[0]
    return program_bytes(cell_runner(cell, trap_experiment().metrics).compile(
        *chunk_arguments(cell, 0, range(5), batch)))


def test_a_chunk_over_the_budget_runs_as_smaller_batches_with_the_same_values(simulated_spans):
    experiment = trap_experiment()
    whole = run_experiment(experiment, 0, "v", chunk=CHUNK)
    simulated_spans.clear()
    size = even_chunk(experiment.n_instances, CHUNK)  # 5 instances: chunks of 3 and 2
    budget = (needed(size) + needed(size - 1)) // 2  # fits 2 instances, not 3
    assert needed(size - 1) <= budget < needed(size)
    halved = run_experiment(experiment, 0, "v", chunk=CHUNK,
                            backend=LocalBackend(memory_budget=budget))
    pd.testing.assert_frame_equal(halved, whole, check_exact=True)
    assert {len(span) for _, span in simulated_spans} == {1, 2}  # 2 + 1 and 2 a cell


def test_a_budget_that_not_one_instance_fits_names_the_cell_after_two_compiles(
        tmp_path, capsys, monkeypatch):
    batches = []  # the batch size of every program compiled
    compile_program = Runner.compile

    def counted(runner, key, instance_ids, *params):
        batches.append(len(instance_ids))
        return compile_program(runner, key, instance_ids, *params)

    monkeypatch.setattr(Runner, "compile", counted)
    with pytest.raises(InputError, match="needs .* bytes for one instance, more than the memory "
                                         "budget of 1 bytes"):
        run_experiment(trap_experiment(), 0, "v", backend=LocalBackend(memory_budget=1))
    assert batches[:2] == [5, 1]  # the first cell's chunk, then straight to one instance
    assert main(["check", "al-no-noise-seeking", "--tier", "smoke", "--memory-budget", "1",
                 "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()  # after the progress bar, one line
    assert "more than the memory budget" in err.splitlines()[-1] and "Traceback" not in err


def test_a_memory_budget_that_is_no_size_or_beside_dask_is_one_line(tmp_path, capsys):
    assert main(["check", "las-spanner-property", "--memory-budget", "lots",
                 "--out", str(tmp_path)]) == 2
    assert "--memory-budget 'lots' is not a size" in capsys.readouterr().err
    assert main(["check", "las-spanner-property", "--backend", "dask", "--memory-budget", "8GiB",
                 "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert "dask worker --memory-limit" in err and len(err.splitlines()) == 1


SPREAD = '''
import jax, pandas as pd
from test_store import trap_experiment
from testbed.sweep import LocalBackend, run_experiment
assert len(jax.local_devices()) == 2
one = LocalBackend(threads=1)
alone = run_experiment(trap_experiment(), 0, "v", chunk=1, backend=one)
both = LocalBackend(threads=2)
spread = run_experiment(trap_experiment(), 0, "v", chunk=1, backend=both)
pd.testing.assert_frame_equal(spread, alone, check_exact=True)
assert len(one.chunks_on) == 1 and len(both.chunks_on) == 2, (one.chunks_on, both.chunks_on)
print(dict(both.chunks_on))
'''


def test_threads_spread_chunks_over_the_local_devices_with_the_same_values():
    """Two host devices stand for two accelerators: each runs chunks, and the frame is the one
    device's."""
    env = {**os.environ, "XLA_FLAGS": "--xla_force_host_platform_device_count=2",
           "PYTHONPATH": os.path.dirname(__file__)}
    done = subprocess.run([sys.executable, "-c", SPREAD], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    assert jax.local_devices()  # this process keeps its own devices
