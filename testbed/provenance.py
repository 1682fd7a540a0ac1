"""Provenance of a result: code version, package versions, device, platform."""

import hashlib
import importlib.metadata
import platform
import subprocess
from pathlib import Path

import jax

PACKAGES = ("jax", "jaxlib", "numpy", "scipy", "sympy", "pandas", "pyarrow", "matplotlib",
            "seaborn")
SOURCE_PACKAGES = ("proofs", "sims", "testbed")


def source_hash() -> str:
    """sha256 (12 hex) of every .py file of proofs, sims and testbed: changes whenever code does."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for package in SOURCE_PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


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


def describe() -> dict:
    """Everything above, as one JSON-ready dict."""
    return {"code_version": source_hash(), "git": git_revision(), "packages": package_versions(),
            "device": device(), "python": platform.python_version(),
            "platform": platform.platform()}
