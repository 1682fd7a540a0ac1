"""Errors that a user can fix: bad input, results that cannot be read, a cluster that cannot run
the work."""


class InputError(ValueError):
    """A bad claim id, tier, seed, horizon or other input; the message names it and what is allowed."""


class ResultsError(RuntimeError):
    """A results file that exists but cannot be read; the message names the file."""


class ClusterError(RuntimeError):
    """A Dask cluster that cannot run a sweep (no scheduler at the address, workers with other
    code, a chunk that killed its workers); the message names the worker or address."""
