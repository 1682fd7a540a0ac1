"""What actually happens: JAX simulators written for one instance, vectorized only in sims.run.

Importing sims makes jax.random's hash compile straight-line on CPU (sims.threefry): the same
bits, fewer loop iterations per simulated round.
"""

from sims.threefry import lower_unrolled_on_cpu

lower_unrolled_on_cpu()
