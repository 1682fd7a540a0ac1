"""Bounds written as text: parsed into the same sympy expressions, and nothing else runs."""

import pytest
import sympy as sp

from proofs import Bound
from proofs.expressions import parse_expression
from proofs.symbols import K, T, alpha


@pytest.mark.parametrize("text, expr", [
    ("sqrt(K*T*log(T))", sp.sqrt(K * T * sp.log(T))),
    ("T^(2/3)", T ** sp.Rational(2, 3)),
    ("0.5 * T**0.5", sp.sqrt(T) / 2),
    ("Min(1, alpha + 1/2)", sp.Min(1, alpha + sp.Rational(1, 2))),
    ("-exp(-x) + pi", -sp.exp(-sp.Symbol("x", positive=True)) + sp.pi),
])
def test_text_parses_to_the_expression_it_writes(text, expr):
    assert sp.simplify(parse_expression(text) - expr) == 0


@pytest.mark.parametrize("text, part", [
    ("__import__('os').system('true')", "__import__('os').system('true')"),
    ("T.__class__", "T.__class__"),
    ("open('f')", "open('f')"),
    ("sqrt(x=T)", "sqrt(x=T)"),
    ("[T]", "[T]"),
    ("'T'", "'T'"),
])
def test_anything_but_arithmetic_of_symbols_is_refused_by_name(text, part):
    with pytest.raises(ValueError, match="is not allowed") as err:
        parse_expression(text)
    assert repr(part) in str(err.value) and repr(text) in str(err.value)


def test_text_that_is_not_an_expression_is_named():
    with pytest.raises(ValueError, match=r"bound 'T \+' is not an expression"):
        parse_expression("T +")


def test_a_bound_takes_text_and_variable_names():
    written = Bound("mine", "sqrt(K*T)", "upper", ("T", "K"), "U-derived", "a paper, Thm 1")
    typed = Bound("mine", sp.sqrt(K * T), "upper", (T, K), "U-derived", "a paper, Thm 1")
    assert written == typed and written.exponent(T) == sp.Rational(1, 2)
