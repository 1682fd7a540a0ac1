"""The package boundaries: proofs loads no JAX, sims loads no sympy, pandas or file-system code."""

import subprocess
import sys


def modules_after_import(statement: str) -> set[str]:
    code = f"import sys; {statement}; print('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_proofs_loads_no_jax():
    loaded = modules_after_import("import proofs, proofs.bandits, proofs.symbols")
    assert "jax" not in loaded and "jaxlib" not in loaded


def test_sims_loads_no_sympy_or_pandas():
    loaded = modules_after_import("import sims, sims.run, sims.bandits, sims.bandits.policies")
    assert "sympy" not in loaded
    assert "pandas" not in loaded
