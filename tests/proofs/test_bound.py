"""The Bound value type and the symbolic derivations (exact identities)."""

import numpy as np
import pytest
import sympy as sp

from proofs import Bound, as_power_law, minimise
from proofs.bandits import (EPSILON_GREEDY, EPSILON_GREEDY_EPSILON, GREEDY_TRAP, MAB_LOWER,
                            RIDGE_REGSQ, SMOOTHIGW, SQUARECB, SQUARECB_GAMMA, SQUARECB_TRADEOFF)
from proofs.symbols import K, RegSq, T, d, gamma, h


def test_squarecb_gamma_is_derived_minimiser():
    assert sp.simplify(SQUARECB_GAMMA - 2 * sp.sqrt(K * T / RegSq)) == 0
    assert sp.simplify(sp.diff(SQUARECB_TRADEOFF, gamma).subs(gamma, SQUARECB_GAMMA)) == 0
    assert sp.simplify(SQUARECB.expr - sp.sqrt(K * T * RegSq)) == 0


def test_epsilon_greedy_derivation():
    assert sp.simplify(EPSILON_GREEDY_EPSILON - (K * RegSq / T) ** sp.Rational(1, 3)) == 0
    expected = 3 * T ** sp.Rational(2, 3) * (K * RegSq) ** sp.Rational(1, 3)
    assert sp.simplify(EPSILON_GREEDY.expr - expected) == 0


@pytest.mark.parametrize("bound, var, exponent", [
    (SQUARECB, T, sp.Rational(1, 2)), (SQUARECB, K, sp.Rational(1, 2)),
    (EPSILON_GREEDY, T, sp.Rational(2, 3)), (EPSILON_GREEDY, K, sp.Rational(1, 3)),
    (MAB_LOWER, T, sp.Rational(1, 2)), (GREEDY_TRAP, T, 1), (RIDGE_REGSQ, T, 0),
])
def test_exponents_come_from_the_expression(bound, var, exponent):
    assert bound.exponent(var) == exponent


def test_log_factors_have_exponent_zero():
    with_log = SQUARECB.substitute(RegSq=RIDGE_REGSQ.expr)
    assert with_log.exponent(T) == sp.Rational(1, 2)
    assert d in with_log.expr.free_symbols


def test_exponent_rejects_a_constant():
    with pytest.raises(ValueError, match="not a growing variable"):
        SQUARECB.exponent(RegSq)


def test_inverse_exponent_is_the_growth_as_a_symbol_shrinks():
    assert SMOOTHIGW.inverse_exponent(h) == sp.Rational(1, 2)
    assert SMOOTHIGW.inverse_exponent(RegSq) == -sp.Rational(1, 2)
    with pytest.raises(ValueError, match="not a symbol"):
        SQUARECB.inverse_exponent(h)


def test_numeric_evaluates_and_names_missing_symbols():
    f = SQUARECB.numeric(RegSq=4.0)
    np.testing.assert_allclose(f(K=16, T=np.array([1.0, 100.0])), [8.0, 80.0])
    with pytest.raises(ValueError, match=r"\['K', 'T'\]"):
        f(T=1.0)
    with pytest.raises(ValueError, match="no symbol 'Q'"):
        SQUARECB.numeric(Q=1.0)


def test_words_latex_and_status():
    assert SQUARECB.words() == "O(sqrt(K)*sqrt(RegSq)*sqrt(T))"
    assert MAB_LOWER.words().startswith("Ω(")
    assert r"\mathrm{Reg}_{\mathrm{Sq}}" in SQUARECB.latex()
    assert not SQUARECB.verified and not GREEDY_TRAP.verified
    assert SQUARECB.rate == sp.Order(sp.sqrt(K * T), (T, sp.oo), (K, sp.oo))


@pytest.mark.parametrize("field, value, message", [
    ("kind", "sideways", "kind 'sideways'"), ("status", "V-hope", "status 'V-hope'"),
    ("growing", (d,), "growing variables"),
])
def test_bad_bounds_are_refused(field, value, message):
    fields = dict(name="x", expr=sp.sqrt(T), kind="upper", growing=(T,), status="CL", source="s")
    with pytest.raises(ValueError, match=message):
        Bound(**{**fields, field: value})


def test_minimise_refuses_a_maximum():
    with pytest.raises(ValueError):
        minimise(-(gamma - 1) ** 2, gamma)


def test_as_power_law():
    assert as_power_law(SQUARECB_GAMMA.subs({K: 4, RegSq: 1}), T) == (4.0, 0.5)
    with pytest.raises(ValueError, match="not a power law"):
        as_power_law(T + 1, T)
    with pytest.raises(ValueError, match="still has symbols"):
        as_power_law(SQUARECB_GAMMA, T)


def test_large_action_rates_are_squarecb_and_epsilon_greedy_with_k_replaced():
    from proofs.bandits import (SMOOTHIGW, SMOOTHIGW_GAMMA, SPANNER_DESIGN_FACTOR, SPANNERGREEDY,
                                SPANNERGREEDY_EPSILON, SPANNERIGW, SPANNERIGW_GAMMA)
    from proofs.symbols import C_opt, C_span, h
    assert sp.simplify(SPANNERIGW_GAMMA - 2 * sp.sqrt(C_opt * d * T / RegSq)) == 0
    assert sp.simplify(SPANNERGREEDY_EPSILON - (C_opt * d * RegSq / T) ** sp.Rational(1, 3)) == 0
    assert sp.simplify(SMOOTHIGW_GAMMA.subs(h, 1 / K) - SQUARECB_GAMMA) == 0
    assert sp.simplify(SMOOTHIGW.expr.subs(h, 1 / K) - SQUARECB.expr) == 0
    assert SPANNER_DESIGN_FACTOR == C_span**2 * d
    with_spanner = SPANNERIGW.substitute(C_opt=SPANNER_DESIGN_FACTOR)
    assert sp.simplify(with_spanner.expr - C_span * d * sp.sqrt(T * RegSq)) == 0
    assert SPANNERIGW.exponent(K) == 0 and SPANNERIGW.exponent(T) == sp.Rational(1, 2)
    assert SPANNERGREEDY.exponent(T) == sp.Rational(2, 3)


def test_a_bound_cannot_be_independent_of_a_symbol_it_contains():
    with pytest.raises(ValueError, match="not independent"):
        Bound(name="x", expr=sp.sqrt(K * T), kind="upper", growing=(T,), status="CL", source="s",
              independent_of=(K,))
