"""The package boundaries: proofs loads no JAX, sims loads no sympy, pandas or file-system code;
nothing but testbed and the tests imports testbed; testbed/claims holds one module per claim and
no claim imports another."""

import ast
import importlib
import subprocess
import sys
from pathlib import Path


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


ROOT = Path(__file__).resolve().parents[1]


def imported(path: Path) -> set[str]:
    """The modules that the file at ``path`` imports (absolute names, no relative imports)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}: relative import"
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_only_testbed_and_tests_import_testbed():
    for package in ("proofs", "sims", "benchmarks"):
        for path in sorted((ROOT / package).rglob("*.py")):
            users = {name for name in imported(path) if name.split(".")[0] == "testbed"}
            assert not users, f"{path.relative_to(ROOT)} imports {sorted(users)}"


def test_claims_holds_one_module_per_claim_and_no_claim_imports_another():
    from testbed.claims import IDS, module_name
    modules = {f"testbed.claims.{p.stem}" for p in (ROOT / "testbed" / "claims").glob("*.py")
               if p.stem != "__init__"}
    assert modules == {module_name(i) for i in IDS}
    for claim_id in IDS:
        module = importlib.import_module(module_name(claim_id))
        assert module.CLAIM.id == claim_id
        path = Path(module.__file__)
        others = {name for name in imported(path) if name.startswith("testbed.claims")}
        assert not others, f"{path.relative_to(ROOT)} imports {sorted(others)}"
