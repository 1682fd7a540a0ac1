"""Strict JAX configuration for every test (implicit rank promotion raises), compiled programs
shared across tests, and the mutant named by TESTBED_MUTANT applied to the whole session when
set (testbed mutants run sets it)."""

import os
from pathlib import Path

import jax
import pytest

from sims.mutants import get
from testbed.compiled import keep_compiled
from testbed.mutants import MUTANT_ENV

jax.config.update("jax_numpy_rank_promotion", "raise")


@pytest.fixture(autouse=True, scope="session")
def mutant_under_test():
    """The simulators with the mutant of TESTBED_MUTANT patched in, if one is named."""
    name = os.environ.get(MUTANT_ENV)
    if not name:
        yield None
        return
    mutant = get(name)
    with mutant.applied():
        yield mutant


def pytest_configure(config):
    """Each pytest-xdist worker on a core of its own (see ``pin_worker``); compiled programs
    shared by every test and by the processes the tests start (testbed.compiled), kept in
    pytest's cache folder between runs (``--cache-clear`` empties it)."""
    pin_worker(os.environ.get("PYTEST_XDIST_WORKER"))
    cache = getattr(config, "cache", None)
    if cache is not None:
        keep_compiled(Path(cache.mkdir("xla")))


@pytest.fixture
def simulated_spans(monkeypatch) -> list[tuple[int, range]]:
    """(horizon, instances) of every chunk that sweeps of this process simulate from now on
    (testbed.sweep.simulate_chunk), in the order they start."""
    import testbed.sweep as sweep

    spans = []
    simulate = sweep.simulate_chunk

    def recorded(runner, key, start, size, stop, *params):
        spans.append((runner.horizon, range(start, min(start + size, stop))))
        return simulate(runner, key, start, size, stop, *params)

    monkeypatch.setattr(sweep, "simulate_chunk", recorded)
    return spans


def pin_worker(worker: str | None) -> None:
    """Bind pytest-xdist worker gwN (and the threads and processes it starts) to the N-th of the
    cores this process may use, modulo their number. Two JAX processes left to share two cores
    each run their round loops about half as fast as when each has its own core."""
    cores = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    if worker and worker.startswith("gw") and worker[2:].isdigit() and len(cores) > 1:
        os.sched_setaffinity(0, {cores[int(worker[2:]) % len(cores)]})
