"""Label-complexity bounds of Part I: exponents, derived margins and comparisons, exactly."""

import pytest
import sympy as sp

from proofs import Bound
from proofs.active import (ABSTENTION, ABSTENTION_MINIMAX, ABSTENTION_UNLABELED, CAL,
                           CASTRO_NOWAK_ACTIVE, CASTRO_NOWAK_PASSIVE, KAARIAINEN, KAPPA_OF_BETA,
                           MINIMAX_GAMMA, PASSIVE_AGNOSTIC, PASSIVE_REALIZABLE, RADIUS_CONDITION,
                           STANDARD_EXCESS_OF_ABSTAINING, TSYBAKOV_ACTIVE, crossover,
                           labels_to_reach, savings_limit, savings_ratio)
from proofs.symbols import beta, epsilon, gamma, n, theta


@pytest.mark.parametrize("bound, exponent", [
    (PASSIVE_AGNOSTIC, 2), (PASSIVE_REALIZABLE, 1), (KAARIAINEN, 2), (CAL, 0), (ABSTENTION, 0),
    (ABSTENTION_UNLABELED, 1),
])
def test_label_exponents_in_one_over_epsilon(bound, exponent):
    assert bound.inverse_exponent(epsilon) == exponent


def test_abstention_labels_grow_like_gamma_to_minus_two():
    assert ABSTENTION.inverse_exponent(gamma) == 2


def test_minimax_gamma_solves_the_abstention_cost_and_recovers_the_tsybakov_rate():
    assert sp.simplify(STANDARD_EXCESS_OF_ABSTAINING.subs(gamma, MINIMAX_GAMMA) - epsilon) == 0
    assert sp.simplify(ABSTENTION_MINIMAX.inverse_exponent(epsilon) - 2 / (1 + beta)) == 0
    classical = TSYBAKOV_ACTIVE.expr.subs(sp.Symbol("kappa", positive=True), KAPPA_OF_BETA)
    shrink = sp.Symbol("s", positive=True)
    rate = sp.limit(sp.log(classical.subs(epsilon, 1 / shrink)) / sp.log(shrink), shrink, sp.oo)
    assert sp.simplify(rate - 2 / (1 + beta)) == 0
    # Massart noise (beta -> oo) leaves only the logarithm.
    assert sp.limit(2 / (1 + beta), beta, sp.oo) == 0


def test_version_space_radius_condition_holds():
    assert RADIUS_CONDITION == sp.true


def test_labels_solved_from_castro_nowak_rates():
    kappa, rho = sp.Symbol("kappa", positive=True), sp.Symbol("rho", nonnegative=True)
    active = labels_to_reach(CASTRO_NOWAK_ACTIVE)
    passive = labels_to_reach(CASTRO_NOWAK_PASSIVE)
    assert sp.simplify(active - epsilon ** (-(2 * kappa + rho - 2) / kappa)) == 0
    assert sp.simplify(passive / active - epsilon ** (-1 / kappa)) == 0
    with pytest.raises(ValueError, match="not an error rate"):
        labels_to_reach(PASSIVE_AGNOSTIC)


def test_savings_of_abstention_grow_without_bound():
    values = dict(d=10, delta=0.05, theta=2, Pdim=10, gamma=0.1)
    assert savings_limit(PASSIVE_AGNOSTIC, ABSTENTION, **values) == sp.oo
    assert savings_limit(KAARIAINEN, ABSTENTION, d=10, nu=0.2, theta=2, Pdim=10,
                         gamma=0.1) == sp.oo
    assert theta not in savings_ratio(PASSIVE_AGNOSTIC, PASSIVE_AGNOSTIC).free_symbols


def test_crossover_is_where_the_bounds_meet_and_active_wins_below_it():
    values = dict(d=10, delta=0.05, theta=2, Pdim=10, gamma=0.1)
    eps_star = crossover(PASSIVE_AGNOSTIC, ABSTENTION, **values)
    passive = PASSIVE_AGNOSTIC.numeric(d=10, delta=0.05)
    active = ABSTENTION.numeric(theta=2, Pdim=10, gamma=0.1)
    assert passive(epsilon=eps_star) == pytest.approx(active(epsilon=eps_star), rel=1e-6)
    assert passive(epsilon=eps_star / 2) > active(epsilon=eps_star / 2)
    assert passive(epsilon=min(2 * eps_star, 0.49)) < active(epsilon=min(2 * eps_star, 0.49))
    with pytest.raises(ValueError, match="are free"):
        crossover(PASSIVE_AGNOSTIC, ABSTENTION, d=10)


def test_rate_needs_one_limit_point():
    assert ABSTENTION.rate is not None
    fixed = CASTRO_NOWAK_ACTIVE.substitute(kappa=2, rho=0)
    assert n in fixed.rate.free_symbols
    mixed = Bound("mixed", n / epsilon, "upper", (n,), "CL", "test", shrinking=(epsilon,))
    with pytest.raises(ValueError, match="one limit point"):
        _ = mixed.rate
