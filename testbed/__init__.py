"""Does what happens match what the theory says: claims, checks, sweeps, results, reports, CLI.

``testbed.load(out, claim=None, tier=None, seeds=None)`` gives the stored results as one tidy
DataFrame (testbed.results.load).
"""


def __getattr__(name: str):
    """``load`` on first use, so that importing testbed loads nothing heavy."""
    if name == "load":
        from testbed.results import load
        return load
    raise AttributeError(f"module 'testbed' has no attribute {name!r}")
