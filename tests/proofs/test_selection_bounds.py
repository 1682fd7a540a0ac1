"""Model-selection rates of Part III and their Pareto frontier, proved exactly; and the
piecewise-affine prover itself, which must refuse false statements."""

import pytest
import sympy as sp

from proofs.piecewise import arrangement_vertices, holds_everywhere, lattice_form
from proofs.selection import (HALF, LINUCBPP_EXPONENT, LINUCBPP_IS_MOSSPP, MBA_MINIMAX,
                              MINIMAX_EXPONENT, MINIMAX_HARD_GAP, MINIMAX_HARD_GAP_ATTAINS,
                              MINIMAX_VIOLATION, MOSS_ORACLE_ARMS, MOSSPP_HARD_GAP,
                              MOSSPP_HARD_GAP_ATTAINS,
                              MOSSPP, MOSSPP_ABOVE_MINIMAX, MOSSPP_HALF_MINIMAX_AT,
                              MOSSPP_ON_FRONTIER, MOSSPP_PARETO_GAP, MOSSPP_RESPECTS_TRADEOFF,
                              MSL_MINIMAX, MSL_MINIMAX_EXPONENT, UNIT, USER, coincidence_set,
                              frontier_exponent, mosspp_exponent, on_frontier, power_exponent,
                              respects_tradeoff)
from proofs.symbols import T, alpha, beta, d_star, psi

x, y = sp.symbols("x y", real=True)
SQUARE = (sp.Ge(x, 0), sp.Le(x, 1), sp.Ge(y, 0), sp.Le(y, 1))


def test_rates_have_the_papers_exponents():
    assert sp.simplify(MINIMAX_EXPONENT - (1 + alpha) / 2) == 0
    assert MOSSPP.exponent(T) == sp.Min(sp.Max(beta, 1 + alpha - beta), 1)
    assert sp.simplify(MSL_MINIMAX_EXPONENT - (1 + alpha) / 2) == 0
    assert MSL_MINIMAX.exponent(d_star) == HALF
    assert LINUCBPP_EXPONENT == sp.Min(1, sp.Max(beta, alpha - beta + 1))
    assert MBA_MINIMAX.status == MOSSPP.status == "U-mem"  # reconstructed, never "verified"
    # MOSS Oracle's sample on the New Yorker instance (Zhu & Nowak, NeurIPS 2020, Figure 3): 1,069
    # arms
    assert sp.ceiling(MOSS_ORACLE_ARMS.subs({psi: sp.Rational(10025, 54), T: 10**5})) == 1069


def test_the_frontier_statements_are_proved():
    assert MOSSPP_RESPECTS_TRADEOFF and MOSSPP_ON_FRONTIER and MOSSPP_PARETO_GAP
    assert MOSSPP_ABOVE_MINIMAX and LINUCBPP_IS_MOSSPP
    assert MINIMAX_VIOLATION == sp.Interval.open(0, 1)  # minimax at every level is impossible
    assert MOSSPP_HALF_MINIMAX_AT == sp.FiniteSet(0, 1)


def test_the_hardest_gaps_attain_the_rates():
    assert MINIMAX_HARD_GAP_ATTAINS and MOSSPP_HARD_GAP_ATTAINS
    # below alpha = 2 beta - 1 the cap T Delta at MOSS++'s hardest gap is under its rate
    assert not holds_everywhere(1 - MOSSPP_HARD_GAP, mosspp_exponent(), "==", (alpha, beta),
                                UNIT + USER)
    assert MOSSPP_HARD_GAP.subs({alpha: sp.Rational(1, 5), beta: HALF}) == sp.Rational(3, 10)
    assert MINIMAX_HARD_GAP.subs(alpha, sp.Rational(1, 5)) == sp.Rational(2, 5)


def test_where_mosspp_is_minimax_for_other_betas():
    # the coincidence set {2 beta - 1, 1}
    for b in (sp.Rational(5, 8), sp.Rational(3, 4), sp.Rational(7, 8)):
        assert coincidence_set(mosspp_exponent(b), MINIMAX_EXPONENT) == sp.FiniteSet(2 * b - 1, 1)


def test_wrong_rate_functions_are_refused():
    # the minimax curve does not respect the trade-off
    assert not respects_tradeoff(MINIMAX_EXPONENT)
    # beta = 1 (theta = 1) is on its own frontier but dominated by beta = 1/2
    exactly_one = (sp.Ge(beta, 1), sp.Le(beta, 1))
    assert on_frontier(mosspp_exponent(), exactly_one)
    assert holds_everywhere(mosspp_exponent(1), mosspp_exponent(HALF), ">=", (alpha,), UNIT)
    # a rate below MOSS++'s by 0.05 on its sloped part is not admissible
    lower = sp.Min(sp.Max(beta, 1 + alpha - beta - sp.Rational(1, 20)), 1)
    assert not respects_tradeoff(lower)
    assert not on_frontier(lower)
    # the frontier through a rate's theta(0) is never above the rate for admissible rates
    assert holds_everywhere(mosspp_exponent(), frontier_exponent(beta), "==", (alpha, beta),
                            UNIT + USER)


def test_power_exponent_takes_the_largest_term():
    assert power_exponent(T**beta + d_star * T ** (1 - beta)) == sp.Max(beta, 1 - beta)
    assert power_exponent(sp.sqrt(T * sp.log(T))) == HALF
    with pytest.raises(ValueError, match="not a power"):
        power_exponent(sp.exp(T))


def test_prover_known_answers():
    assert holds_everywhere(sp.Max(x, y), sp.Min(x, y), ">=", (x, y), SQUARE)
    assert not holds_everywhere(sp.Min(x, y), sp.Max(x, y), ">=", (x, y), SQUARE)
    assert holds_everywhere(sp.Max(x, y) + sp.Min(x, y), x + y, "==", (x, y), SQUARE)
    assert not holds_everywhere(sp.Max(x, y), x + y / 2, "==", (x, y), SQUARE)
    # a strict violation at one interior kink only: |x - 1/2| >= 0 but not >= 1/100
    kink = sp.Max(x - HALF, HALF - x)
    assert holds_everywhere(kink, sp.Integer(0), ">=", (x,), SQUARE[:2])
    assert not holds_everywhere(kink, sp.Rational(1, 100), ">=", (x,), SQUARE[:2])
    # -Max(x, y) becomes a Min in lattice form
    assert lattice_form(-sp.Max(x, y), (x, y)) == [[-x, -y]]


def test_prover_rejects_what_it_cannot_decide():
    with pytest.raises(ValueError, match="not affine"):
        holds_everywhere(x**2, x, ">=", (x,), SQUARE[:2])
    with pytest.raises(ValueError, match="non-strict"):
        arrangement_vertices([x], (x,), (sp.Gt(x, 0), sp.Le(x, 1)))
    with pytest.raises(ValueError, match="no vertex"):
        arrangement_vertices([x], (x,), (sp.Ge(x, 2), sp.Le(x, 1)))
    with pytest.raises(ValueError, match="relation"):
        holds_everywhere(x, x, "<", (x,), SQUARE[:2])


def test_tradeoff_bounds_are_lower_bounds_of_the_reconstructed_form():
    from proofs.selection import MBA_TRADEOFF, MSL_TRADEOFF
    for bound in (MBA_TRADEOFF, MSL_TRADEOFF):
        assert bound.kind == "lower" and bound.status == "U-mem"
        assert bound.exponent(T) == sp.Min(1, 1 + alpha - sp.Symbol("theta_prime",
                                                                     nonnegative=True))
