"""The output folder of a run (--out): checked writable before anything is simulated, and held by
one run at a time."""

import fcntl
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from testbed.errors import InputError

LOCK = ".testbed.lock"  # holds the pid of the run that uses the folder


@contextmanager
def held(out: Path, folders: tuple[str, ...]) -> Iterator[None]:
    """Make ``out`` and its sub-``folders``, prove each writable, and lock ``out`` for the run;
    InputError naming the path when one cannot be written or another run holds the lock."""
    for path in (out, *(out / name for name in folders)):
        existing = next(p for p in (path, *path.parents) if p.exists())
        if not existing.is_dir():
            raise InputError(f"--out {out}: {existing} is a file, not a folder; choose another "
                             f"--out")
        try:
            path.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryFile(dir=path):
                pass
        except OSError as err:
            raise InputError(f"--out {out}: cannot write {err.filename or path} ({err.strerror});"
                             f" choose a folder that can be written") from None
    lock = os.open(out / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(lock, 32).decode(errors="replace").strip() or "unknown"
            raise InputError(f"--out {out} is in use by another testbed run (pid {holder}); "
                             f"wait for it to end or choose another --out") from None
        os.ftruncate(lock, 0)
        os.pwrite(lock, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(lock)  # releases the lock
