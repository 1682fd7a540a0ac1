"""Errors that a user can fix: bad input, and results that cannot be read."""


class InputError(ValueError):
    """A bad claim id, tier, seed, horizon or other input; the message names it and what is allowed."""


class ResultsError(RuntimeError):
    """A results file that exists but cannot be read; the message names the file."""
