"""Label complexities of active learning with and without abstention.

Every bound here counts labels to reach excess error epsilon, so epsilon (and the abstention margin
gamma) are *shrinking* variables: their growth is ``Bound.inverse_exponent``. The derived quantities
(the margin that recovers the standard minimax rate, labels solved from an error rate, the
crossover below which active learning beats passive, the savings ratio as epsilon -> 0) are
computed with sympy from the bounds, never typed in.
"""

import sympy as sp

from proofs.bound import Bound
from proofs.symbols import Pdim, beta, d, delta, epsilon, gamma, n, nu, theta

# Tsybakov constant c in P(|eta(x) - 1/2| <= tau) <= c tau^beta, and the boundary-fragment
# exponents of Castro & Nowak (rho = (d - 1) / boundary smoothness; kappa >= 1 the noise exponent).
c_tsybakov = sp.Symbol("c", positive=True)
kappa = sp.Symbol("kappa", positive=True)
rho = sp.Symbol("rho", nonnegative=True)

# ---------------------------------------------------------------------------------------------
# Classical rows.

PASSIVE_REALIZABLE = Bound(
    name="passive PAC labels, realizable",
    expr=(d * sp.log(1 / epsilon) + sp.log(1 / delta)) / epsilon,
    kind="rate",
    growing=(),
    status="CL",
    source="Vapnik; Blumer et al. 1989; Hanneke 2016",
    shrinking=(epsilon,),
)

PASSIVE_AGNOSTIC = Bound(
    name="passive PAC labels, agnostic (worst case)",
    expr=(d + sp.log(1 / delta)) / epsilon**2,
    kind="rate",
    growing=(),
    status="CL",
    source="Vapnik & Chervonenkis; Talagrand 1994",
    shrinking=(epsilon,),
)

KAARIAINEN = Bound(
    name="labels of any active learner without abstention (agnostic lower bound)",
    expr=d * nu**2 / epsilon**2,
    kind="lower",
    growing=(),
    status="CL",
    source="Kaariainen 2006; Beygelzimer, Dasgupta & Langford 2009",
    shrinking=(epsilon,),
)

CAL = Bound(
    name="CAL labels, realizable",
    expr=theta * d * sp.log(1 / epsilon)
    * (sp.log(theta) + sp.log(sp.log(1 / epsilon)) + sp.log(1 / delta)),
    kind="upper",
    growing=(),
    status="CL",
    source="Cohn, Atlas & Ladner 1994; Hanneke 2011",
    conditions=(sp.Ge(theta, 1),),
    shrinking=(epsilon,),
)

TSYBAKOV_ACTIVE = Bound(
    name="active labels under Tsybakov noise (minimax)",
    expr=theta * d * epsilon ** (2 / kappa - 2),
    kind="rate",
    growing=(),
    status="CL",
    source="Castro & Nowak 2008; Hanneke 2011; Hanneke & Yang 2015",
    conditions=(sp.Ge(kappa, 1),),
    shrinking=(epsilon,),
)
# kappa of the Hanneke form from the margin exponent beta of P(|eta - 1/2| <= tau) <= c tau^beta.
KAPPA_OF_BETA = (1 + beta) / beta

CASTRO_NOWAK_ACTIVE = Bound(
    name="active excess risk on boundary fragments",
    expr=n ** (-kappa / (2 * kappa + rho - 2)),
    kind="rate",
    growing=(n,),
    status="CL",
    source="Castro & Nowak 2008",
    conditions=(sp.Gt(kappa, 1),),
)
CASTRO_NOWAK_PASSIVE = Bound(
    name="passive excess risk on boundary fragments",
    expr=n ** (-kappa / (2 * kappa + rho - 1)),
    kind="rate",
    growing=(n,),
    status="CL",
    source="Castro & Nowak 2008",
    conditions=(sp.Ge(kappa, 1),),
)

# ---------------------------------------------------------------------------------------------
# Active learning with abstention (Zhu & Nowak, NeurIPS 2022).

# Version-space radius for a finite class F with Bernoulli labels and realizable eta = f* in F.
# With Z_t = Q_t [(f*(x_t) - y_t)^2 - (f(x_t) - y_t)^2] in [-1, 1]: E Z_t = -D_t with
# D_t = Q_t (f - f*)^2(x_t), E Z_t^2 <= 4 D_t, so E exp(lam Z_t) <= exp(-lam D_t + 4 (e^lam - 1 - lam)
# D_t) <= 1 whenever 4 (e^lam - 1 - lam) <= lam. Ville's inequality then gives
# sum_t Z_t <= log(|F| / delta) / lam for all t and all f at once, w.p. 1 - delta: f* stays in
# every version space {f : L(f) <= min L + beta} with beta = log(|F| / delta) / lam.
RADIUS_LAMBDA = sp.Rational(2, 5)
RADIUS_CONDITION = sp.Le(4 * (sp.exp(RADIUS_LAMBDA) - 1 - RADIUS_LAMBDA), RADIUS_LAMBDA)
F_size = sp.Symbol("F", positive=True)  # |F|, the size of a finite class
VERSION_SPACE_RADIUS = sp.log(F_size / delta) / RADIUS_LAMBDA
VERSION_SPACE_COVERAGE = Bound(
    name="probability that eta leaves [lcb(x), ucb(x)] at some point of some epoch",
    expr=delta,
    kind="upper",
    growing=(),
    status="U-derived",
    source="derived here with Ville's inequality for the radius above (the supermartingale "
           "argument of Zhu & Nowak 2022's version-space analysis)",
)

# Proper abstention: with eta in every F_m, [lcb(x), ucb(x)] contains
# eta(x), so abstaining ([lcb, ucb] inside [1/2 - gamma, 1/2 + gamma]) implies |eta(x) - 1/2| <=
# gamma. The probability of any improper abstention is therefore at most that of eta leaving a
# version space:
IMPROPER_ABSTENTION = Bound(
    name="probability of any improper abstention (|eta(x) - 1/2| > gamma)",
    expr=delta,
    kind="upper",
    growing=(),
    status="U-mem",
    source="Zhu & Nowak 2022; delta from the radius derived above",
)

# Each epoch m queries only where ucb - lcb > gamma; with the L2 radius sqrt(beta / tau_{m-1}) that
# region has mass <= theta beta / (tau_{m-1} gamma^2), so about theta beta / gamma^2 labels per epoch,
# over log T = log(theta Pdim / (epsilon gamma)) epochs.
ABSTENTION = Bound(
    name="labels of active learning with abstention (Chow's excess error epsilon)",
    expr=theta * Pdim / gamma**2 * sp.log(1 / (epsilon * gamma)),
    kind="upper",
    growing=(),
    status="U-derived",
    source="Zhu & Nowak 2022; the log power is reconstructed, not the "
           "paper's",
    conditions=(sp.Lt(gamma, sp.Rational(1, 2)),),
    shrinking=(epsilon, gamma),
)
ABSTENTION_UNLABELED = Bound(
    name="stream points used by active learning with abstention",
    expr=theta * Pdim / (epsilon * gamma),
    kind="upper",
    growing=(),
    status="U-mem",
    source="Zhu & Nowak 2022",
    shrinking=(epsilon, gamma),
)

# Recovering the standard setting: replacing each abstention by a label
# adds at most 2 gamma P(|eta - 1/2| <= gamma) <= 2 c gamma^(1 + beta) standard excess error, so the
# margin that keeps it at epsilon solves 2 c gamma^(1 + beta) = epsilon:
STANDARD_EXCESS_OF_ABSTAINING = 2 * c_tsybakov * gamma ** (1 + beta)
(MINIMAX_GAMMA,) = sp.solve(sp.Eq(STANDARD_EXCESS_OF_ABSTAINING, epsilon), gamma)
ABSTENTION_MINIMAX = Bound(
    name="labels of abstention with gamma tied to epsilon (standard excess error epsilon)",
    expr=ABSTENTION.expr.subs(gamma, MINIMAX_GAMMA),
    kind="upper",
    growing=(),
    status="U-derived",
    source="Zhu & Nowak 2022; derived here from the abstention bound above",
    shrinking=(epsilon,),
)


# ---------------------------------------------------------------------------------------------
# Derived comparisons.

def labels_to_reach(error_rate: Bound) -> sp.Expr:
    """The number of labels n at which an excess-error rate in n reaches epsilon (sympy solve)."""
    if n not in error_rate.growing:
        raise ValueError(f"{error_rate.name!r} is not an error rate in the number of labels n")
    roots = [r for r in sp.solve(sp.Eq(error_rate.expr, epsilon), n) if r.is_positive is not False]
    if len(roots) != 1:
        raise ValueError(f"expected one positive solution for n in {error_rate.expr} = epsilon, "
                         f"got {roots}")
    return sp.simplify(roots[0])


def savings_ratio(passive: Bound, active: Bound) -> sp.Expr:
    """Labels of ``passive`` over labels of ``active`` at the same epsilon."""
    return sp.simplify(passive.expr / active.expr)


def _fix(expr: sp.Expr, values: dict[str, float]) -> sp.Expr:
    """``expr`` with its symbols named in ``values`` replaced; only epsilon may stay free."""
    fixed = expr.subs({s: values[str(s)] for s in expr.free_symbols if str(s) in values})
    if fixed.free_symbols - {epsilon}:
        raise ValueError(f"values must fix every symbol but epsilon; "
                         f"{sorted(map(str, fixed.free_symbols - {epsilon}))} are free")
    return fixed


def savings_limit(passive: Bound, active: Bound, **values: float) -> sp.Expr:
    """lim_{epsilon -> 0+} of the savings ratio, the other symbols set to ``values``."""
    return sp.limit(_fix(savings_ratio(passive, active), values), epsilon, 0, "+")


def crossover(passive: Bound, active: Bound, **values: float) -> float:
    """The largest epsilon in (0, 1/2) at which both bounds ask for the same number of labels,
    the other symbols set to ``values``; below it the active bound asks for fewer (if the savings
    ratio grows without bound). Raises when the curves do not cross in (0, 1/2)."""
    gap = _fix(passive.expr - active.expr, values)
    roots = [complex(sp.N(r)) for r in sp.solve(sp.Eq(gap, 0), epsilon)]
    inside = [r.real for r in roots if abs(r.imag) < 1e-12 and 0 < r.real < 0.5]
    if not inside:
        raise ValueError(f"{passive.name!r} and {active.name!r} do not cross in (0, 1/2)")
    return max(inside)
