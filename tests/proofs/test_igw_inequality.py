"""The per-round inequality of inverse gap weighting holds with the constant 2K/gamma that
proofs.bandits.IGW_ANYTIME sums, and not with K/gamma."""

import numpy as np
import sympy as sp

from proofs.bandits import IGW_ANYTIME, IGW_PER_ROUND, gamma_exponent, gamma_scale
from proofs.symbols import RegSq, T, K, gamma


def worst_excess(f_hat: np.ndarray, g: float) -> float:
    """max over f* of E_{a~p}[f*(a*) - f*(a)] - (g/4) E_{a~p}[(f^(a) - f*(a))^2] for the IGW
    distribution p of f_hat: for each a* the objective is a concave quadratic in f*, maximised
    at f*(a) = f^(a) - 2/g (a != a*) and f*(a*) = f^(a*) + 2 (1 - p(a*)) / (g p(a*))."""
    k = f_hat.size
    best = np.argmax(f_hat)
    p = 1.0 / (k + g * (f_hat[best] - f_hat))
    p[best] = 0.0
    p[best] = 1.0 - p.sum()
    values = []
    for star in range(k):
        f = f_hat - 2.0 / g
        f[star] = f_hat[star] + 2.0 * (1.0 - p[star]) / (g * p[star])
        values.append(p @ (f[star] - f) - g / 4 * p @ (f_hat - f) ** 2)
    return max(values)


def test_the_igw_inequality_holds_with_2k_over_gamma_and_needs_the_2():
    rng = np.random.default_rng(0)
    ratios = []
    for _ in range(2000):
        k = int(rng.integers(2, 40))
        g = 10 ** rng.uniform(-1, 4)
        ratios.append(worst_excess(rng.normal(size=k) * rng.uniform(0.01, 3), g) / (k / g))
    assert max(ratios) <= 2.0 + 1e-9
    assert max(ratios) > 1.5  # K / gamma alone is not a valid per-round bound


def test_the_anytime_sum_is_the_per_round_bound_summed():
    per_round = IGW_PER_ROUND.subs(gamma, gamma_scale * T**gamma_exponent)
    u = sp.Symbol("u", positive=True)
    values = {K: 16, gamma_scale: 3, gamma_exponent: sp.Rational(1, 2), RegSq: 0}
    summed = sp.summation(per_round.subs(T, u).subs(values), (u, 1, 20))
    assert sp.N(summed - IGW_ANYTIME.expr.subs(values).subs(T, 20)) == 0
    numeric = IGW_ANYTIME.numeric(K=16, s=3.0, e=0.5, RegSq=0.0)(T=np.array([20.0]))
    np.testing.assert_allclose(numeric, float(sp.N(summed)))
