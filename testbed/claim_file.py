"""A claim of your own: a Python file that defines CLAIM (a testbed.claim.Claim), run like a
registered one (`testbed check path/to/claim.py`). Its results are keyed on the file's code as
well as the testbed's (testbed.provenance.code_version)."""

import importlib.util
import sys
from dataclasses import replace
from pathlib import Path

from testbed.claim import Claim
from testbed.claims import REGISTRY, get
from testbed.errors import InputError


def is_claim_file(name: str) -> bool:
    """Whether a claim named on the command line is a file rather than a registered id."""
    return name.endswith(".py")


def resolve(name: str) -> Claim:
    """The registered claim ``name``, or the CLAIM of the file ``name`` (a path ending .py)."""
    return load_claim_file(Path(name)) if is_claim_file(name) else get(name)


def load_claim_file(path: Path) -> Claim:
    """The CLAIM that the Python file ``path`` defines, with ``file`` set to it; InputError
    naming the file when it cannot be run, defines no Claim, or takes a registered id."""
    if not path.is_file():
        raise InputError(f"claim file {path} does not exist")
    spec = importlib.util.spec_from_file_location(f"testbed_claim_file_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(path.resolve().parent))  # so the file can import its neighbours
    try:
        spec.loader.exec_module(module)
    except Exception as err:  # a user's file: report any error in one line
        line = getattr(err, "lineno", None) or _error_line(err, path)
        raise InputError(f"claim file {path}{f', line {line}' if line else ''}: "
                         f"{type(err).__name__}: {err}") from None
    finally:
        sys.path.remove(str(path.resolve().parent))
    claim = getattr(module, "CLAIM", None)
    if not isinstance(claim, Claim):
        raise InputError(f"claim file {path} defines no CLAIM that is a testbed.claim.Claim "
                         f"(found {type(claim).__name__})")
    if claim.id in {c.id for c in REGISTRY}:
        raise InputError(f"claim file {path}: the id {claim.id!r} is a registered claim's; "
                         f"choose another")
    return replace(claim, file=str(path.resolve()))


def _error_line(err: Exception, path: Path) -> int | None:
    """The line of ``path`` where ``err`` was raised (the innermost frame in that file)."""
    line, trace = None, err.__traceback__
    while trace is not None:
        if Path(trace.tb_frame.f_code.co_filename).resolve() == path.resolve():
            line = trace.tb_lineno
        trace = trace.tb_next
    return line
