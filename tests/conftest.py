"""Strict JAX configuration for every test (implicit rank promotion raises), and the mutant named
by TESTBED_MUTANT applied to the whole session when set (testbed mutants run sets it)."""

import os

import jax
import pytest

jax.config.update("jax_numpy_rank_promotion", "raise")


@pytest.fixture(autouse=True, scope="session")
def mutant_under_test():
    """The simulators with the mutant of TESTBED_MUTANT patched in, if one is named."""
    name = os.environ.get("TESTBED_MUTANT")
    if not name:
        yield None
        return
    from sims.mutants import get
    mutant = get(name)
    with mutant.applied():
        yield mutant
