"""Exact proofs for piecewise-affine expressions (Min / Max of affine functions) over a polytope.

A continuous piecewise-affine function f of variables x in R^n can be written Max_i Min_j a_ij(x)
with affine a_ij (its lattice form). On every cell of the arrangement of the hyperplanes
{a = a'} (a, a' any two affine pieces), the order of the pieces is fixed, so f is affine there.
Hence f >= 0 on a polytope P iff f >= 0 at every vertex of the arrangement restricted to P (the
vertices of those cells, which are intersections of n hyperplanes, pieces' or P's own, lying in
P). Every vertex is computed with exact rationals, so a True answer is a proof, not a sample.
"""

from collections.abc import Sequence
from fractions import Fraction
from itertools import combinations, product

import sympy as sp

Affine = sp.Expr
Lattice = list[list[Affine]]  # Max over the outer list of Min over each inner list


def lattice_form(expr: sp.Expr, variables: Sequence[sp.Symbol]) -> Lattice:
    """The lattice form Max_i Min_j a_ij of an expression built from affine functions of
    ``variables`` with +, multiplication by numbers, Min and Max; a ValueError otherwise."""
    if isinstance(expr, sp.Max):
        return [inner for arg in expr.args for inner in lattice_form(arg, variables)]
    if isinstance(expr, sp.Min):
        forms = [lattice_form(arg, variables) for arg in expr.args]
        return [[a for inner in choice for a in inner] for choice in product(*forms)]
    if isinstance(expr, sp.Add) and expr.has(sp.Min, sp.Max):
        forms = [lattice_form(arg, variables) for arg in expr.args]
        return [[sum(pieces) for pieces in product(*choice)] for choice in product(*forms)]
    if isinstance(expr, sp.Mul) and expr.has(sp.Min, sp.Max):
        factor, rest = expr.as_coeff_Mul()
        if not factor.is_number or rest.free_symbols - set(variables):
            raise ValueError(f"{expr} is not a number times a piecewise-affine expression")
        form = lattice_form(rest, variables)
        if factor >= 0:
            return [[factor * a for a in inner] for inner in form]
        # -Max_i Min_j a_ij = Min_i Max_j (-a_ij) = Max over choices j(i) of Min_i (-a_i,j(i))
        return [[factor * a for a in choice] for choice in product(*form)]
    _coefficients(expr, variables)  # raises unless affine
    return [[sp.expand(expr)]]


def _coefficients(expr: Affine, variables: Sequence[sp.Symbol]) -> tuple[list[Fraction], Fraction]:
    """(a, b) with expr == a . x + b, exactly."""
    try:
        poly = sp.Poly(expr, *variables)
    except sp.PolynomialError as err:
        raise ValueError(f"{expr} is not affine in {list(variables)}") from err
    if poly.total_degree() > 1 or poly.free_symbols - set(variables):
        raise ValueError(f"{expr} is not affine in {list(variables)}")
    linear = [Fraction(str(poly.coeff_monomial(v))) for v in variables]
    return linear, Fraction(str(poly.coeff_monomial(1)))


def _solve(rows: list[list[Fraction]], rhs: list[Fraction]) -> list[Fraction] | None:
    """The unique solution of rows x = rhs (square), or None if the system is singular."""
    n = len(rows)
    m = [row[:] + [b] for row, b in zip(rows, rhs)]
    for col in range(n):
        pivot = next((r for r in range(col, n) if m[r][col] != 0), None)
        if pivot is None:
            return None
        m[col], m[pivot] = m[pivot], m[col]
        for r in range(n):
            if r != col and m[r][col] != 0:
                ratio = m[r][col] / m[col][col]
                m[r] = [x - ratio * y for x, y in zip(m[r], m[col])]
    return [m[i][n] / m[i][i] for i in range(n)]


def _affine_at(piece: tuple[list[Fraction], Fraction], x: Sequence[Fraction]) -> Fraction:
    """a . x + b of an affine piece (a, b) (see _coefficients), exactly."""
    a, b = piece
    return sum((c * xi for c, xi in zip(a, x)), b)


def _vertices(forms: Sequence[Lattice], variables: Sequence[sp.Symbol],
              domain: Sequence[sp.Rel]) -> list[tuple[Fraction, ...]]:
    """The arrangement vertices (see arrangement_vertices) of the lattice forms ``forms``, as
    sorted tuples of exact fractions in the order of ``variables``."""
    pieces = {a for form in forms for inner in form for a in inner}
    planes = {sp.expand(a - b) for a, b in combinations(pieces, 2)} - {sp.Integer(0)}
    if any(not isinstance(r, (sp.GreaterThan, sp.LessThan)) for r in domain):
        raise ValueError(f"the domain must be non-strict inequalities, got {list(domain)}")
    limits = [sp.expand(r.gts - r.lts) for r in domain]  # each limit >= 0 on the domain
    hyper = [_coefficients(p, variables) for p in planes | set(limits)]
    bounds = [_coefficients(p, variables) for p in limits]
    vertices = set()
    for chosen in combinations(hyper, len(variables)):
        point = _solve([a for a, _ in chosen], [-b for _, b in chosen])
        if point is not None and all(_affine_at(bound, point) >= 0 for bound in bounds):
            vertices.add(tuple(point))
    if not vertices:
        raise ValueError(f"the domain {list(domain)} has no vertex; it must be a bounded polytope")
    return sorted(vertices)


def arrangement_vertices(exprs: Sequence[sp.Expr], variables: Sequence[sp.Symbol],
                         domain: Sequence[sp.Rel]) -> list[dict[sp.Symbol, sp.Rational]]:
    """Every vertex of the arrangement of the pieces' tie hyperplanes inside the polytope
    ``domain`` (non-strict linear inequalities, bounded), as exact rational points."""
    forms = [lattice_form(e, variables) for e in exprs]
    return [{v: sp.Rational(x.numerator, x.denominator) for v, x in zip(variables, point)}
            for point in _vertices(forms, variables, domain)]


def holds_everywhere(lhs: sp.Expr, rhs: sp.Expr, relation: str, variables: Sequence[sp.Symbol],
                     domain: Sequence[sp.Rel]) -> bool:
    """Whether lhs >= rhs (relation ">=") or lhs == rhs ("==") at every point of the polytope
    ``domain``, for piecewise-affine lhs and rhs: exact, by checking every arrangement vertex."""
    if relation not in (">=", "=="):
        raise ValueError(f"relation must be '>=' or '==', got {relation!r}")
    forms = [lattice_form(e, variables) for e in (lhs, rhs)]
    left, right = ([[[_coefficients(a, variables) for a in inner] for inner in form]
                    for form in forms])
    for point in _vertices(forms, variables, domain):
        gap = _value(left, point) - _value(right, point)
        if gap < 0 or (relation == "==" and gap != 0):
            return False
    return True


def _value(form: list[list[tuple[list[Fraction], Fraction]]], x: Sequence[Fraction]) -> Fraction:
    """Max_i Min_j a_ij(x) of a lattice form whose pieces are given as (a, b), exactly."""
    return max(min(_affine_at(piece, x) for piece in inner) for inner in form)
