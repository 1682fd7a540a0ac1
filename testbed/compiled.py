"""Compiled programs kept on disk (XLA's persistent compilation cache): a program that another
claim, run, test or process has compiled (the same computation and shapes under the same jax,
XLA and device) is loaded instead of compiled again. It holds compiled code, never results: a
loaded program computes exactly what a new compile would."""

import os
from pathlib import Path

import jax

COMPILED = "compiled"  # the folder of compiled programs under an output folder
ENVIRONMENT = "JAX_COMPILATION_CACHE_DIR"  # read by jax at import, so processes started later share it


def keep_compiled(folder: Path) -> Path:
    """Keep this process's compiled programs in ``folder`` unless a folder was chosen already
    (by JAX_COMPILATION_CACHE_DIR or an earlier call: jax fixes it at the first compile); the
    folder in use. Processes started from this one use it too."""
    chosen = jax.config.jax_compilation_cache_dir
    if chosen:
        return Path(chosen)
    folder.mkdir(parents=True, exist_ok=True)
    jax.config.update("jax_compilation_cache_dir", str(folder))
    os.environ[ENVIRONMENT] = str(folder)
    return folder
