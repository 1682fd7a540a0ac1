"""Ctrl-C on the command line: exit status 130 with one line, never a traceback, never half a file.

The first SIGINT marks the run interrupted and raises KeyboardInterrupt, which the command line
turns into its one-line message. Where Python cannot raise it (inside a garbage-collector
callback, such as JAX's, or a finaliser) it is dropped without a traceback, and
``raise_if_interrupted`` raises it again at the next safe point (between chunks of a sweep). A second SIGINT exits at once. Every
stored file is written to a temporary name and renamed (testbed.store), so neither way leaves half
a file.
"""

import os
import signal
import sys

EXIT_INTERRUPTED = 130
MESSAGE = "testbed: interrupted; finished cells are kept and a rerun resumes from them"
_pending = False


def exit_now(*_) -> None:
    """Say so and end the process at once with status 130."""
    print(MESSAGE, file=sys.stderr)
    leave(EXIT_INTERRUPTED)


def leave(code: int) -> None:
    """End the process at once with ``code``, skipping interpreter teardown (which would wait
    for a program still compiling in the background)."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def on_sigint(*_) -> None:
    """The SIGINT handler of a run: mark it interrupted and raise, or exit on a second Ctrl-C."""
    global _pending
    if _pending:
        exit_now()
    _pending = True
    raise KeyboardInterrupt


def interrupted() -> bool:
    """Whether Ctrl-C came during this run."""
    return _pending


def raise_if_interrupted() -> None:
    """At a safe point: raise the KeyboardInterrupt of a Ctrl-C that could not be raised then."""
    if _pending:
        raise KeyboardInterrupt


def _quiet_unraisable(unraisable) -> None:
    """sys.unraisablehook: a dropped KeyboardInterrupt is left to ``raise_if_interrupted``."""
    if not isinstance(unraisable.exc_value, KeyboardInterrupt):
        sys.__unraisablehook__(unraisable)


def install() -> None:
    """Handle SIGINT as above for the rest of the process."""
    signal.signal(signal.SIGINT, on_sigint)
    sys.unraisablehook = _quiet_unraisable
