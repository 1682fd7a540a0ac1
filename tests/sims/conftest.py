"""The programs of these tests run a few rounds of a few instances, so building them is most of
their cost: each test's programs are compiled without most of XLA's optimizations. Their values
may differ from an optimized build's in the last bits, so each test compares programs built
alike; the contracts checked are of the traced program."""

import jax
import pytest


@pytest.fixture(autouse=True)
def unoptimized_programs():
    """jax_disable_most_optimizations for the test, restored after it."""
    before = jax.config.read("jax_disable_most_optimizations")
    jax.config.update("jax_disable_most_optimizations", True)
    yield
    jax.config.update("jax_disable_most_optimizations", before)
