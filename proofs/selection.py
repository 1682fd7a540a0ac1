"""Regret rates of model selection under partial feedback and their Pareto frontier: multiple best
arms (Zhu & Nowak, NeurIPS 2020) and nested linear classes (Zhu & Nowak, AISTATS 2022).

A rate function theta(alpha) says that regret grows like T^theta(alpha) on every instance of
hardness level alpha (n/m = T^alpha arms per best arm, or d* = T^alpha). The lower bound links two
levels: an algorithm with regret T^theta' at alpha' < alpha has regret at least
T^min(1, 1 + alpha - theta') at alpha. The frontier statements below are proved exactly over the
whole parameter square with ``proofs.piecewise`` (every function involved is piecewise affine in
(alpha, alpha', beta)), not checked on a grid.
"""

import math

import sympy as sp

from proofs.bound import Bound
from proofs.piecewise import holds_everywhere
from proofs.symbols import T, alpha, alpha_prime, beta, d_star, psi, theta_prime

HALF = sp.Rational(1, 2)
UNIT = (sp.Ge(alpha, 0, evaluate=False), sp.Le(alpha, 1))  # hardness levels
USER = (sp.Ge(beta, HALF), sp.Le(beta, 1))  # the user parameter beta of MOSS++ / LinUCB++
_SOURCE_MBA = "Zhu & Nowak 2020, On Regret with Multiple Best Arms"
_SOURCE_MSL = "Zhu & Nowak 2022, Pareto Optimal Model Selection in Linear Bandits"


def power_exponent(expr: sp.Expr, var: sp.Symbol = T) -> sp.Expr:
    """The growth exponent in ``var`` of a sum of power products (the largest term's exponent;
    log factors count 0), exactly: e.g. T^beta + d* T^(1 - beta) with d* = T^alpha gives
    Max(beta, 1 + alpha - beta)."""
    terms = sp.Add.make_args(sp.expand(expr))
    exponents = []
    for term in terms:
        logged = sp.expand_log(sp.log(term), force=True)
        slope = logged.coeff(sp.log(var))
        rest = sp.expand(logged - slope * sp.log(var)).subs(sp.log(var), sp.Dummy("L"))
        if slope.has(var) or rest.has(var):  # var may remain only inside log(log(var))
            raise ValueError(f"{term} is not a power of {var} times constants and logs")
        exponents.append(sp.simplify(slope))
    return sp.Max(*exponents)


# ---------------------------------------------------------------------------------------------
# Multiple best arms.

# Known hardness: MOSS on min(n, psi log sqrt(T)) random arms ("MOSS Oracle") holds a best arm
# w.h.p. and has regret sqrt(T psi log T); with psi = T^alpha that is T^((1 + alpha)/2), and no
# algorithm does better on the class H_T(alpha) (Zhu & Nowak 2020).
MOSS_ORACLE_ARMS = psi * sp.log(sp.sqrt(T))


def moss_oracle_sample(n_arms: int, horizon: int, hardness: float) -> int:
    """MOSS Oracle's sample size min(n, ceil(psi log sqrt T)) at hardness psi = n/m."""
    return min(n_arms, math.ceil(float(MOSS_ORACLE_ARMS.subs({psi: hardness, T: horizon}))))


MBA_MINIMAX = Bound(
    name="multiple-best-arms minimax regret at known hardness (MOSS Oracle)",
    expr=sp.sqrt(T * psi * sp.log(T)).subs(psi, T**alpha),
    kind="rate",
    growing=(T,),
    status="U-mem",
    source=f"{_SOURCE_MBA}; log factor from the standard analysis",
    conditions=UNIT,
)
MINIMAX_EXPONENT = MBA_MINIMAX.exponent(T)  # (1 + alpha) / 2
PARALLEL = Bound(
    name="Parallel regret, told the best mean mu* (any hardness alpha)",
    expr=sp.log(T) * MBA_MINIMAX.expr,
    kind="upper",
    growing=(T,),
    status="U-derived",
    source=f"{_SOURCE_MBA}, minimax up to polylog factors; the factor ln T is its ceil(ln T) MOSS "
           f"subroutines, each played while its empirical regret is the least",
    conditions=UNIT,
)


def mosspp_exponent(user_beta: sp.Expr = beta) -> sp.Expr:
    """theta_beta(alpha) = min(max(beta, 1 + alpha - beta), 1), MOSS++'s rate function."""
    return sp.Min(sp.Max(user_beta, 1 + alpha - user_beta), 1)


MOSSPP = Bound(
    name="MOSS++ regret (user parameter beta, any hardness alpha)",
    expr=T ** mosspp_exponent(),
    kind="upper",
    growing=(T,),
    status="U-mem",
    source=f"{_SOURCE_MBA}; log factors dropped",
    conditions=UNIT + USER,
)

# The lower bound's trade-off (Zhu & Nowak 2020): regret T^theta' at level alpha' < alpha forces
# regret T^min(1, 1 + alpha - theta') at alpha.
TRADEOFF_EXPONENT = sp.Min(1, 1 + alpha - theta_prime)


def tradeoff_bound(setting: str, source: str) -> Bound:
    """The lower bound T^min(1, 1 + alpha - theta') at level alpha of a model-selection setting,
    given regret T^theta' at a level alpha' < alpha (reconstructed form, U-mem)."""
    return Bound(
        name=f"{setting} lower bound at level alpha given regret T^theta' at alpha' < alpha",
        expr=T**TRADEOFF_EXPONENT,
        kind="lower",
        growing=(T,),
        status="U-mem",
        source=f"{source}, reconstructed form",
        conditions=UNIT + (sp.Lt(alpha_prime, alpha),),
    )


MBA_TRADEOFF = tradeoff_bound("multiple-best-arms", f"{_SOURCE_MBA}")


def frontier_exponent(theta_zero: sp.Expr) -> sp.Expr:
    """The smallest rate function with theta(0) = theta_zero that the lower bound allows:
    theta(alpha) >= theta(0) (the classes H_T(alpha) grow with alpha) and
    theta(alpha) >= min(1, 1 + alpha - theta(0)) (the trade-off from alpha' = 0)."""
    return sp.Max(theta_zero, TRADEOFF_EXPONENT.subs(theta_prime, theta_zero))


def respects_tradeoff(rate: sp.Expr, user: tuple[sp.Rel, ...] = USER) -> bool:
    """Whether a rate function theta(alpha) (piecewise affine in alpha and beta) satisfies
    theta(alpha) >= min(1, 1 + alpha - theta(alpha')) for all 0 <= alpha' <= alpha <= 1 and all
    beta allowed by ``user``: exact."""
    earlier = rate.subs(alpha, alpha_prime)
    return holds_everywhere(rate, TRADEOFF_EXPONENT.subs(theta_prime, earlier), ">=",
                            (alpha, alpha_prime, beta),
                            UNIT + user + (sp.Ge(alpha_prime, 0, evaluate=False), sp.Le(alpha_prime, alpha)))


def on_frontier(rate: sp.Expr, user: tuple[sp.Rel, ...] = USER) -> bool:
    """Whether a rate function equals the frontier through its own value at alpha = 0, i.e. no
    rate function with the same theta(0) is below it anywhere: exact over alpha in [0, 1] and
    beta allowed by ``user``."""
    return holds_everywhere(rate, frontier_exponent(rate.subs(alpha, 0)), "==", (alpha, beta),
                            UNIT + user)


def excess_over_tradeoff_set(rate: sp.Expr) -> sp.Set:
    """The alphas in [0, 1] where ``rate`` (a function of alpha only) is *below* what the
    trade-off from alpha' = 0 demands: where it violates the lower bound."""
    demand = TRADEOFF_EXPONENT.subs(theta_prime, rate.subs(alpha, 0))
    return sp.solve_univariate_inequality(rate < demand, alpha, relational=False,
                                          domain=sp.Interval(0, 1))


def coincidence_set(rate: sp.Expr, other: sp.Expr) -> sp.Set:
    """The alphas in [0, 1] where two rate functions of alpha only are equal."""
    return sp.solveset(sp.Eq(rate, other), alpha, sp.Interval(0, 1))


# Proved once at import, exactly (tests assert each):
# - MOSS++'s rate function respects the trade-off for every beta in [1/2, 1];
MOSSPP_RESPECTS_TRADEOFF = respects_tradeoff(mosspp_exponent())
# - and is the frontier through theta(0) = beta: Pareto optimal (no rate function with the same
#   cost at alpha = 0 is lower anywhere);
MOSSPP_ON_FRONTIER = on_frontier(mosspp_exponent())
# - and nothing with a smaller cost theta0' < beta at alpha = 0 stays below it: at the witness
#   alpha_w = (3 beta - 1)/2 the frontier through theta0' exceeds theta_beta by at least
#   min((1 - beta)/2, beta - theta0'), which is positive for beta < 1. With the line above: MOSS++
#   is Pareto optimal for beta in [1/2, 1). (beta = 1 gives theta = 1, dominated by beta = 1/2.)
MOSSPP_WITNESS = (3 * beta - 1) / 2
MOSSPP_PARETO_GAP = holds_everywhere(
    frontier_exponent(theta_prime).subs(alpha, MOSSPP_WITNESS)
    - mosspp_exponent().subs(alpha, MOSSPP_WITNESS),
    sp.Min((1 - beta) / 2, beta - theta_prime), ">=", (theta_prime, beta),
    (sp.Ge(theta_prime, HALF), sp.Le(theta_prime, beta), sp.Le(beta, 1)))
# - MOSS++ pays for adaptivity: its exponent is at least the minimax one everywhere;
MOSSPP_ABOVE_MINIMAX = holds_everywhere(mosspp_exponent(), MINIMAX_EXPONENT, ">=", (alpha, beta),
                                        UNIT + USER)
# - the minimax curve (1 + alpha)/2 violates the trade-off on (0, 1): no algorithm is minimax at
#   every level at once;
MINIMAX_VIOLATION = excess_over_tradeoff_set(MINIMAX_EXPONENT)
# - with beta = 1/2, MOSS++ is minimax only at alpha in {0, 1}.
MOSSPP_HALF_MINIMAX_AT = coincidence_set(mosspp_exponent(HALF), MINIMAX_EXPONENT)


# The hardest instances, as the gap exponent gamma of a two-level instance (n/T^alpha best arms,
# every other arm Delta = T^-gamma below them). Regret is at most T Delta, and the lower bounds are
# proved on such instances:
# - the minimax bound hides psi = T^alpha arms per best arm behind the gap sqrt(psi / T), where
#   T Delta is the minimax rate itself;
MINIMAX_HARD_GAP = (1 - alpha) / 2
# - the trade-off plants the best arms with gap T^(alpha - theta') among arms that an algorithm
#   with regret T^theta' at an easier level rarely pulls; MOSS++ pays theta' = beta at alpha = 0,
#   so its hardest gap is T^-max(beta - alpha, 0) (a constant gap once alpha >= beta).
MOSSPP_HARD_GAP = sp.Max(beta - alpha, 0)
# At either gap, T Delta grows exactly at the rate, so these instances are where the rate is
# attained (proved; for MOSS++ wherever 1 + alpha - beta >= beta, i.e. alpha >= 2 beta - 1, which
# is every alpha at beta = 1/2):
MINIMAX_HARD_GAP_ATTAINS = holds_everywhere(1 - MINIMAX_HARD_GAP, MINIMAX_EXPONENT, "==",
                                            (alpha,), UNIT)
MOSSPP_HARD_GAP_ATTAINS = holds_everywhere(1 - MOSSPP_HARD_GAP, mosspp_exponent(), "==",
                                           (alpha, beta),
                                           UNIT + USER + (sp.Ge(alpha, 2 * beta - 1),))


# ---------------------------------------------------------------------------------------------
# Nested linear classes: d* = T^alpha plays the role of n/m.

MSL_MINIMAX = Bound(
    name="linear model selection minimax regret at known d* (LinUCB Oracle)",
    expr=sp.sqrt(d_star * T),
    kind="rate",
    growing=(T, d_star),
    status="U-mem",
    source=f"{_SOURCE_MSL}; log factors dropped",
)
LINUCBPP = Bound(
    name="LinUCB++ regret (user parameter beta, any d*)",
    expr=T**beta + d_star * T ** (1 - beta),
    kind="upper",
    growing=(T, d_star),
    status="U-derived",
    source=f"{_SOURCE_MSL}, capped at T; log factors dropped",
    conditions=USER,
)
# Exponents in T with d* = T^alpha, the regret capped at T:
MSL_MINIMAX_EXPONENT = power_exponent(MSL_MINIMAX.expr.subs(d_star, T**alpha))
LINUCBPP_EXPONENT = sp.Min(1, power_exponent(LINUCBPP.expr.subs(d_star, T**alpha)))
MSL_TRADEOFF = tradeoff_bound("linear model selection (d* = T^alpha)",
                              f"{_SOURCE_MSL}")
# LinUCB++'s rate function is MOSS++'s: the same frontier (proved, tests assert it).
LINUCBPP_IS_MOSSPP = holds_everywhere(LINUCBPP_EXPONENT, mosspp_exponent(), "==", (alpha, beta),
                                      UNIT + USER)
