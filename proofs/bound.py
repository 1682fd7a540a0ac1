"""The Bound value type: a symbolic bound with its kind, growth rate, conditions, status and source."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import sympy as sp

from proofs.expressions import parse_expression, symbol
from proofs.symbols import LATEX_NAMES

KINDS = ("upper", "lower", "rate")
# How far each bound was checked against its source. Only the V-* tags were checked.
STATUSES = {
    "V-abs": "verified against the paper's abstract",
    "V-code": "verified in the authors' code",
    "V-3p": "verified in third-party code",
    "U-mem": "reconstructed from memory of the paper, unverified",
    "U-derived": "reconstructed from the algorithm and the standard analysis, unverified",
    "CL": "classical result, stated from the literature",
}
_ORDER_SYMBOL = {"upper": "O", "lower": "Ω", "rate": "Θ"}


@dataclass(frozen=True)
class Bound:
    """A bound of the theory, e.g. SquareCB's regret O(sqrt(K T RegSq)).

    Attributes:
        name: short human name ("SquareCB regret").
        expr: the sympy expression, or text that proofs.expressions parses into one ("sqrt(K*T)");
            constants that the source leaves unspecified are dropped.
        kind: "upper" (O), "lower" (Omega) or "rate" (Theta).
        growing: the variables that grow to infinity (T, K, 1/eps, ...); the others are constants.
            Here and below, a variable may be given by its name ("T").
        status: a tag of STATUSES.
        source: paper, theorem or section, equation.
        conditions: sympy relations under which the bound holds.
        independent_of: variables that may grow but that the bound does not depend on (e.g. the
            number of actions K for SpannerIGW): their exponent is 0.
        shrinking: the variables that tend to 0 (a target accuracy epsilon, a margin gamma);
            their growth is ``inverse_exponent``.
    """

    name: str
    expr: sp.Expr
    kind: str
    growing: tuple[sp.Symbol, ...]
    status: str
    source: str
    conditions: tuple[sp.Basic, ...] = ()
    independent_of: tuple[sp.Symbol, ...] = ()
    shrinking: tuple[sp.Symbol, ...] = ()

    def __post_init__(self) -> None:
        if isinstance(self.expr, str):
            object.__setattr__(self, "expr", parse_expression(self.expr))
        for role in ("growing", "independent_of", "shrinking"):
            object.__setattr__(self, role, tuple(symbol(v) if isinstance(v, str) else v
                                                 for v in getattr(self, role)))
        if self.kind not in KINDS:
            raise ValueError(f"Bound {self.name!r}: kind {self.kind!r} is not one of {KINDS}")
        if self.status not in STATUSES:
            raise ValueError(
                f"Bound {self.name!r}: status {self.status!r} is not one of {sorted(STATUSES)}"
            )
        for role, variables in (("growing", self.growing), ("shrinking", self.shrinking)):
            stray = [v for v in variables if v not in self.expr.free_symbols]
            if stray:
                raise ValueError(f"Bound {self.name!r}: {role} variables {stray} are not in "
                                 f"{self.expr}")
        present = [v for v in self.independent_of if v in self.expr.free_symbols]
        if present:
            raise ValueError(f"Bound {self.name!r}: {present} appear in {self.expr}, so it is not "
                             f"independent of them")

    @property
    def symbols(self) -> tuple[sp.Symbol, ...]:
        """The free symbols of the expression, sorted by name."""
        return tuple(sorted(self.expr.free_symbols, key=str))

    @property
    def verified(self) -> bool:
        """Whether the formula was checked against a primary source (a V-* tag)."""
        return self.status.startswith("V")

    @property
    def rate(self) -> sp.Order:
        """The bound as an O-term in its growing or its shrinking variables (constants dropped);
        sympy has no O-term in variables that go to different points, so not in both."""
        if self.growing and self.shrinking:
            raise ValueError(f"Bound {self.name!r} has growing {self.growing} and shrinking "
                             f"{self.shrinking} variables; sympy's Order takes one limit point")
        return sp.Order(self.expr, *[(v, sp.oo) for v in self.growing],
                        *[(v, 0) for v in self.shrinking])

    def exponent(self, var: sp.Symbol) -> sp.Expr:
        """Growth exponent lim log(expr) / log(var) as var -> oo, the other symbols held fixed.

        Logarithmic factors have exponent 0, so sqrt(T log T) has exponent 1/2 in T; a variable
        in ``independent_of`` has exponent 0.
        """
        if var in self.independent_of:
            return sp.Integer(0)
        if var not in self.growing:
            raise ValueError(f"{var} is not a growing variable of {self.name!r}: {self.growing}")
        return sp.limit(sp.log(self.expr) / sp.log(var), var, sp.oo)

    def inverse_exponent(self, var: sp.Symbol) -> sp.Expr:
        """Growth exponent in 1/var as var -> 0+, the other symbols held fixed: lim log(expr) /
        log(1/var), so sqrt(T / h) has inverse exponent 1/2 in h."""
        if var not in self.expr.free_symbols:
            raise ValueError(f"{var} is not a symbol of {self.name!r}: {self.expr}")
        shrink = sp.Symbol("shrink", positive=True)
        return sp.limit(sp.log(self.expr.subs(var, 1 / shrink)) / sp.log(shrink), shrink, sp.oo)

    def words(self) -> str:
        """The bound in words, e.g. 'O(sqrt(K*RegSq*T))'; numeric factors are dropped."""
        _, core = self.expr.as_coeff_Mul()
        return f"{_ORDER_SYMBOL[self.kind]}({sp.sstr(core)})"

    def latex(self) -> str:
        """LaTeX of the bound with its order symbol, e.g. O\\left(\\sqrt{K T}\\right)."""
        _, core = self.expr.as_coeff_Mul()
        order = {"upper": "O", "lower": r"\Omega", "rate": r"\Theta"}[self.kind]
        return rf"{order}\left({sp.latex(core, symbol_names=LATEX_NAMES)}\right)"

    def substitute(self, **values: float | sp.Expr) -> Bound:
        """A copy with some symbols replaced by numbers or expressions, e.g. RegSq=d*log(T)."""
        replaced = self.expr.subs({self._symbol(n): v for n, v in values.items()})
        growing = tuple(v for v in self.growing if v in replaced.free_symbols)
        shrinking = tuple(v for v in self.shrinking if v in replaced.free_symbols)
        return Bound(self.name, replaced, self.kind, growing, self.status, self.source,
                     self.conditions, self.independent_of, shrinking)

    def numeric(self, **fixed: float) -> Callable[..., np.ndarray]:
        """A numpy function of the symbols not fixed here, called with keyword arrays.

        Example: ``SQUARECB.numeric(RegSq=3.0)(K=16, T=np.arange(1, 100))``.
        """
        expr = self.expr.subs({self._symbol(n): v for n, v in fixed.items()})
        free = sorted(expr.free_symbols, key=str)
        names = [str(s) for s in free]
        function = sp.lambdify(free, expr, [{"harmonic": harmonic_number}, "numpy"])

        def evaluate(**values: np.ndarray) -> np.ndarray:
            if set(values) != set(names):
                raise ValueError(
                    f"{self.name!r} needs values for exactly {names}, got {sorted(values)}"
                )
            return np.asarray(function(*(np.asarray(values[n], float) for n in names)), float)

        return evaluate

    def _symbol(self, name: str) -> sp.Symbol:
        for s in self.expr.free_symbols:
            if str(s) == name:
                return s
        raise ValueError(f"{self.name!r} has no symbol {name!r}; its symbols are "
                         f"{[str(s) for s in self.symbols]}")


def harmonic_number(n: np.ndarray, m: np.ndarray) -> np.ndarray:
    """The generalised harmonic number H_n^(m) = sum_{u=1}^n u^-m (sympy's harmonic(n, m)),
    elementwise over arrays of positive integers n and real m, for Bound.numeric."""
    n, m = np.broadcast_arrays(np.asarray(n, float), np.asarray(m, float))
    if np.any(n < 0) or np.any(n != np.round(n)):
        raise ValueError(f"harmonic numbers need non-negative integers n, got {np.unique(n)}")
    pairs, where = np.unique(np.stack([n.ravel(), m.ravel()], axis=1), axis=0,
                             return_inverse=True)
    values = np.array([np.sum(np.arange(1.0, top + 1.0) ** -power) for top, power in pairs])
    return values[where.ravel()].reshape(n.shape)


def minimise(expr: sp.Expr, var: sp.Symbol) -> tuple[sp.Expr, sp.Expr]:
    """The positive stationary point of ``expr`` in ``var`` and the minimum value there.

    Used to derive tuning parameters (gamma, epsilon) from a bound's trade-off form, so they are
    computed rather than typed in. Raises if there is not exactly one positive minimiser.
    """
    slope = sp.diff(expr, var)
    # each candidate is checked by substitution (sympy's own check takes several times longer)
    roots = [r for r in sp.solve(slope, var, check=False)
             if r.is_positive is not False and sp.simplify(slope.subs(var, r)) == 0]
    if len(roots) != 1:
        raise ValueError(f"expected one positive stationary point of {expr} in {var}, got {roots}")
    argmin = sp.simplify(roots[0])
    if sp.simplify(sp.diff(expr, var, 2).subs(var, argmin)).is_positive is not True:
        raise ValueError(f"the stationary point {argmin} of {expr} is not a minimum")
    return argmin, sp.simplify(expr.subs(var, argmin))


def as_power_law(expr: sp.Expr, var: sp.Symbol) -> tuple[float, float]:
    """(c, e) with expr == c * var**e exactly, for schedules such as gamma_t = c t^e.

    Raises if expr is not a pure power of var once its other symbols have values.
    """
    if expr.free_symbols - {var}:
        raise ValueError(f"{expr} still has symbols {expr.free_symbols - {var}} besides {var}")
    exponent = sp.limit(sp.log(expr) / sp.log(var), var, sp.oo)
    coefficient = sp.simplify(expr / var**exponent)
    if coefficient.has(var):
        raise ValueError(f"{expr} is not a power law in {var}")
    return float(coefficient), float(exponent)
