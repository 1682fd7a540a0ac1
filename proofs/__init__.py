"""What the theory says: bounds as sympy expressions with their status and source (no JAX here)."""

from proofs.bound import STATUSES, Bound, as_power_law, minimise

__all__ = ["STATUSES", "Bound", "as_power_law", "minimise"]
