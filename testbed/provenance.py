"""Provenance of a result: code version, package versions, device, platform."""

import ast
import functools
import hashlib
import importlib.metadata
import platform
import re
import subprocess
import threading
from pathlib import Path

import jax

PACKAGES = ("jax", "jaxlib", "numpy", "scipy", "sympy", "pandas", "pyarrow", "matplotlib",
            "seaborn")
SOURCE_PACKAGES = ("proofs", "sims", "testbed")
# testbed's modules that only present, guard or locate stored results: they cannot change them
PRESENTATION = ("__init__.py", "__main__.py", "calibrate.py", "claim_file.py", "cli.py",
                "compare.py", "compiled.py", "errors.py", "interrupt.py", "output_folder.py", "outputs.py",
                "plots.py", "provenance.py", "pytest_plugin.py", "report.py", "results.py",
                "tables.py")
ROOT = Path(__file__).resolve().parent.parent
# functions of claims and designs that only draw (testbed.report redraws figures from stored
# results): plot_*, figure*, *_figure, *_panel
DRAWING = re.compile(r"^(plot_\w+|figure\w*|\w+_figure|\w+_panel)$")
# CPython 3.11 builds a syntax tree's Python objects with a counter that is not thread-safe: two
# threads in ast.parse at once (two claims of one check) can raise "SystemError: AST constructor
# recursion depth mismatch"
_PARSING = threading.Lock()


def result_sources() -> list[Path]:
    """The .py files whose code can change a stored result: all of proofs and sims, and testbed
    but for PRESENTATION (claims, sweeps, looks, checks, the store, mutants, data)."""
    return [path for package in SOURCE_PACKAGES for path in sorted((ROOT / package).rglob("*.py"))
            if path.parent != ROOT / "testbed" or path.name not in PRESENTATION]


@functools.cache
def source_hash() -> str:
    """sha256 (12 hex) of the code of the result_sources: their syntax trees without docstrings,
    so it changes whenever code that can change a result does, and not when a docstring, a
    comment, the layout or the presentation of results does. Computed once per process (about
    half a second), from the code the process has imported."""
    digest = hashlib.sha256()
    for path in result_sources():
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(code_of(path.read_text()).encode())
    return digest.hexdigest()[:12]


def code_version(claim_file: str | None = None) -> str:
    """The code version of a claim's results: source_hash, and for a claim defined in a file of
    its own (testbed.claim_file) that file's code too (a file that is gone: "missing")."""
    if claim_file is None:
        return source_hash()
    path = Path(claim_file)
    code = code_of(path.read_text()) if path.is_file() else "missing"
    return hashlib.sha256((source_hash() + code).encode()).hexdigest()[:12]


def code_of(source: str) -> str:
    """The syntax tree of a module's ``source`` without its docstrings (module, class and
    function) and without the bodies of its DRAWING functions, dumped without positions: what an
    edit of a docstring, a comment, the layout or a figure leaves alone."""
    with _PARSING:
        tree = ast.parse(source)
    for node in ast.walk(tree):
        if not isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef,
                                 ast.AsyncFunctionDef)):
            continue
        if isinstance(node, ast.FunctionDef) and DRAWING.match(node.name):
            node.body = [ast.Pass()]
            continue
        first = node.body[0] if node.body else None
        if (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)):
            node.body = node.body[1:] or [ast.Pass()]
    return ast.dump(tree)


def git_revision() -> str:
    """`git describe --always --dirty` of the checkout, or "unknown" outside a git checkout."""
    try:
        out = subprocess.run(["git", "describe", "--always", "--dirty"], capture_output=True,
                             text=True, timeout=10, cwd=Path(__file__).resolve().parent)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return out.stdout.strip() if out.returncode == 0 and out.stdout.strip() else "unknown"


def package_versions() -> dict[str, str]:
    """Installed versions of the packages the results depend on."""
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "absent"
    return versions


def device() -> str:
    """The JAX device the simulations ran on, e.g. 'cpu: cpu (2 cores)'."""
    first = jax.devices()[0]
    return f"{first.platform}: {first.device_kind} ({len(jax.devices())} device(s))"


def describe(claim_file: str | None = None) -> dict:
    """Everything above, as one JSON-ready dict (with the claim's file when it has one)."""
    return {"code_version": code_version(claim_file), "git": git_revision(),
            "packages": package_versions(), "device": device(),
            "python": platform.python_version(), "platform": platform.platform(),
            **({"claim_file": claim_file} if claim_file else {})}
