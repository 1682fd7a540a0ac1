"""Regret bounds of contextual bandits with regression oracles.

The tuning parameters (gamma of SquareCB, epsilon of epsilon-greedy) are derived here by minimising
each algorithm's regret decomposition over the parameter, never typed in by hand.
"""

import sympy as sp

from proofs.bound import Bound, minimise
from proofs.symbols import C_opt, C_span, K, RegSq, T, beta, d, epsilon, gamma, h, sigma

# SquareCB (Foster & Rakhlin, ICML 2020, "Beyond UCB").
# Inverse gap weighting with greediness gamma gives, per round,
#   E_{a~p}[f*(x,a*) - f*(x,a)] <= K/gamma + (gamma/4) E_{a~p}[(f^(x,a) - f*(x,a))^2],
# and summing over T rounds with the oracle's square-loss regret RegSq(T):
SQUARECB_TRADEOFF = K * T / gamma + gamma * RegSq / 4
SQUARECB_GAMMA, _squarecb_value = minimise(SQUARECB_TRADEOFF, gamma)  # 2 sqrt(K T / RegSq)
SQUARECB = Bound(
    name="SquareCB regret",
    expr=_squarecb_value,  # sqrt(K T RegSq)
    kind="upper",
    growing=(T, K),
    status="CL",
    source="Foster & Rakhlin 2020, Thm 1; constants of the per-round "
           "inequality are not the paper's",
    conditions=(sp.Ge(K, 2),),
)

# The per-round inequality of inverse gap weighting with its constant (Foster & Rakhlin, ICML 2020,
# "Beyond UCB", Lemma 3): for any f* and the IGW distribution p of f^ at greediness gamma,
#   E_{a~p}[f*(x,a*) - f*(x,a)] <= 2K/gamma + (gamma/4) E_{a~p}[(f^(x,a) - f*(x,a))^2].
# With an increasing schedule gamma_t = s t^e over rounds t = 1..T, summing it bounds the expected
# regret by 2K/s H_T^(e) + (s T^e / 4) RegSq(T), RegSq the expected square loss of f^ on the
# played actions (measured in a run), H the generalised harmonic number.
gamma_scale = sp.Symbol("s", positive=True)  # s of gamma_t = s t^e
gamma_exponent = sp.Symbol("e", nonnegative=True)  # e of gamma_t = s t^e
IGW_PER_ROUND = 2 * K / gamma + gamma / 4 * RegSq
IGW_ANYTIME = Bound(
    name="inverse gap weighting regret with gamma_t = s t^e",
    expr=2 * K / gamma_scale * sp.harmonic(T, gamma_exponent)
    + gamma_scale * T**gamma_exponent / 4 * RegSq,
    kind="upper",
    growing=(T, K),
    status="CL",
    source="Foster & Rakhlin 2020, Beyond UCB, Lemma 3, summed over rounds with gamma_t "
           "increasing",
    conditions=(sp.Ge(K, 2),),
)

# epsilon-greedy with a regression oracle.
# Exploring uniformly with probability epsilon costs at most epsilon per round; the greedy action's
# error is at most 2 sqrt((K/epsilon) E_{a~p}[(f^ - f*)^2]) per round, and Cauchy-Schwarz over T rounds:
EPSILON_GREEDY_TRADEOFF = epsilon * T + 2 * sp.sqrt(K * T * RegSq / epsilon)
EPSILON_GREEDY_EPSILON, _eps_value = minimise(EPSILON_GREEDY_TRADEOFF, epsilon)  # (K RegSq / T)^(1/3)
EPSILON_GREEDY = Bound(
    name="epsilon-greedy regret",
    expr=_eps_value,  # 3 T^(2/3) (K RegSq)^(1/3)
    kind="upper",
    growing=(T, K),
    status="CL",
    source="Langford & Zhang 2007 epoch-greedy",
    conditions=(sp.Ge(K, 2),),
)

# Minimax lower bound for K-armed bandits (Auer, Cesa-Bianchi, Freund & Schapire 2002).
MAB_LOWER = Bound(
    name="K-armed bandit minimax lower bound",
    expr=sp.sqrt(K * T),
    kind="lower",
    growing=(T, K),
    status="CL",
    source="Auer et al. 2002",
    conditions=(sp.Ge(K, 2), sp.Ge(T, K)),
)

# Online ridge regression on d-dimensional features with sigma-sub-Gaussian noise:
# square-loss regret O(sigma^2 d log T) (Vovk 2001; Azoury & Warmuth 2001).
RIDGE_REGSQ = Bound(
    name="online ridge regression square-loss regret",
    expr=sigma**2 * d * sp.log(T),
    kind="upper",
    growing=(T,),
    status="CL",
    source="Vovk 2001, Azoury & Warmuth 2001",
)

# The ridge oracle's RegSq with its constants, for a well-specified linear model: rewards
# <phi, theta*> plus sigma-sub-Gaussian noise, ||theta*|| <= S, ||phi|| <= L, regulariser
# lambda >= L^2. With V_t = lambda I + sum_{s<=t} phi_s phi_s^T and
# l_T = log(1 + T L^2 / (d lambda)):
# (i) the confidence ellipsoid ||theta^_t - theta*||_{V_t} <= sigma sqrt(2 log(1/delta) + d l_T)
#     + sqrt(lambda) S for all t at once, w.p. 1 - delta (Abbasi-Yadkori, Pal & Szepesvari 2011,
#     Theorem 2, with det V_T <= (lambda + T L^2 / d)^d from their Lemma 10);
# (ii) the elliptical potential sum_t ||phi_t||^2_{V_{t-1}^-1} <= 2 d l_T (their Lemma 11; each term
#     is at most L^2 / lambda <= 1).
# So RegSq(T) = sum_t <theta^_{t-1} - theta*, phi_t>^2
# <= 2 d l_T (sigma sqrt(2 log(1/delta) + d l_T) + sqrt(lambda) S)^2 w.p. 1 - delta, whatever the
# actions played. RegSq is then dominated by that bound at delta ~ Uniform(0, 1), and integrating
# it (Jensen for the square root) bounds the mean:
ridge = sp.Symbol("lambda", positive=True)  # regulariser of the ridge oracle
feature_norm = sp.Symbol("L", positive=True)  # ||phi(x, a)|| <= L
theta_norm = sp.Symbol("S", positive=True)  # ||theta*|| <= S
_ridge_log = sp.log(1 + T * feature_norm**2 / (d * ridge))
RIDGE_REGSQ_MEAN = Bound(
    name="ridge oracle's expected RegSq (well-specified, lambda >= L^2)",
    expr=2 * d * _ridge_log * (sigma * sp.sqrt(d * _ridge_log + 2)
                               + sp.sqrt(ridge) * theta_norm)**2,
    kind="upper",
    growing=(T,),
    status="U-derived",
    source="Abbasi-Yadkori, Pal & Szepesvari 2011, Theorem 2 and Lemmas 10-11, integrated over "
           "delta",
    conditions=(sp.Ge(ridge, feature_norm**2),),
)

# Greedy without exploration on the trap instance of sims.bandits.linear.greedy_trap: a sub-optimal
# arm with positive mean is tried first, its estimate stays above the unexplored arms' prior 0, and
# the optimal arm (gap Delta) is never played, so the regret is Delta * T.
GREEDY_TRAP = Bound(
    name="greedy regret on the trap instance",
    expr=sp.Symbol("Delta", positive=True) * T,
    kind="lower",
    growing=(T,),
    status="U-derived",
    source="derived here for the constructed trap instance (standard folklore, e.g. "
           "Lattimore & Szepesvari 2020, exercise on greedy)",
)


# ---------------------------------------------------------------------------------------------
# Large action spaces (Zhu, Foster, Langford & Mineiro, ICML 2022).

# A C-approximate barycentric spanner {b_1..b_d} writes every embedding as phi = B lam with
# |lam_i| <= C. The uniform design on it has V = (1/d) B B^T, so ||phi||^2_{V^-1} = d ||lam||^2
# <= C^2 d^2.
SPANNER_LEVERAGE = Bound(
    name="max leverage of the uniform design on a C-approximate barycentric spanner",
    expr=C_span**2 * d**2,
    kind="upper",
    growing=(d,),
    status="U-derived",
    source="derived from Awerbuch & Kleinberg 2008",
    conditions=(sp.Gt(C_span, 1),),
    independent_of=(K,),
)
# The G-optimal design has max leverage d (Kiefer-Wolfowitz), so the uniform design on a
# C-spanner is a C_opt-approximate optimal design with C_opt = C^2 d.
SPANNER_DESIGN_FACTOR = sp.simplify(SPANNER_LEVERAGE.expr / d)

# Awerbuch & Kleinberg's algorithm: d replacement steps, then swaps while some action has a
# coefficient above C. Each swap multiplies |det B| by more than C, so there are O(d log_C d)
# swaps; each step or swap check costs one maximisation of |<u_i, phi>| for each of the d
# coordinates, i.e. 2 d calls of ArgMax.
SPANNER_ORACLE_CALLS = Bound(
    name="ArgMax calls to compute a C-approximate barycentric spanner",
    expr=d**2 * sp.log(d) / sp.log(C_span),
    kind="upper",
    growing=(d,),
    status="CL",
    source="Awerbuch & Kleinberg 2008, Prop. 2.4",
    conditions=(sp.Gt(C_span, 1), sp.Ge(d, 2)),
    independent_of=(K,),
)

# SpannerIGW: inverse gap weighting over a C_opt-approximate optimal design of the reweighted
# embeddings. Its per-round inequality is SquareCB's with K replaced by C_opt d (Zhu et
# al., ICML 2022), so the same trade-off, minimised in gamma:
SPANNERIGW_TRADEOFF = SQUARECB_TRADEOFF.subs(K, C_opt * d)
SPANNERIGW_GAMMA, _spannerigw_value = minimise(SPANNERIGW_TRADEOFF, gamma)  # 2 sqrt(C_opt d T/RegSq)
SPANNERIGW_ETA = SPANNERIGW_GAMMA / (C_opt * d)  # eta = gamma / (C_opt d), the reweighting rate
SPANNERIGW = Bound(
    name="SpannerIGW regret",
    expr=_spannerigw_value,  # sqrt(C_opt d T RegSq); with C_opt = C^2 d: C d sqrt(T RegSq)
    kind="upper",
    growing=(T, d),
    status="U-derived",
    source="Zhu, Foster, Langford & Mineiro 2022; the d-dependence "
           "is reconstructed, not the paper's statement",
    independent_of=(K,),
)

# SpannerGreedy: epsilon-greedy whose exploration is uniform on the spanner (a C_opt-approximate
# design), so epsilon-greedy's trade-off with K replaced by C_opt d.
SPANNERGREEDY_TRADEOFF = EPSILON_GREEDY_TRADEOFF.subs(K, C_opt * d)
SPANNERGREEDY_EPSILON, _spannergreedy_value = minimise(SPANNERGREEDY_TRADEOFF, epsilon)
SPANNERGREEDY = Bound(
    name="SpannerGreedy regret",
    expr=_spannergreedy_value,  # 3 T^(2/3) (C_opt d RegSq)^(1/3)
    kind="upper",
    growing=(T, d),
    status="U-derived",
    source="Zhu, Foster, Langford & Mineiro 2022; the form is "
           "derived from the coverage argument",
    independent_of=(K,),
)

# ---------------------------------------------------------------------------------------------
# Smooth regret (Zhu & Mineiro, ICML 2022).

# SmoothIGW keeps an action a' ~ mu with probability 1 / (1 + h gamma gap(a')): the per-round
# inequality of SquareCB with K replaced by 1/h.
SMOOTHIGW_TRADEOFF = SQUARECB_TRADEOFF.subs(K, 1 / h)
SMOOTHIGW_GAMMA, _smoothigw_value = minimise(SMOOTHIGW_TRADEOFF, gamma)  # 2 sqrt(T / (h RegSq))
SMOOTHIGW = Bound(
    name="SmoothIGW smooth regret",
    expr=_smoothigw_value,  # sqrt(T RegSq / h)
    kind="upper",
    growing=(T,),
    status="U-derived",
    source="Zhu & Mineiro 2022",
    conditions=(sp.Le(h, 1),),
)

# The CORRAL-style master over SmoothIGW learners, for a user parameter beta in [1/2, 1] and all
# h at once.
SMOOTH_ADAPTIVE = Bound(
    name="adaptive SmoothIGW (CORRAL master) smooth regret",
    expr=T**beta + RegSq / h * T ** (1 - beta),
    kind="upper",
    growing=(T,),
    status="U-derived",
    source="Zhu & Mineiro 2022",
    conditions=(sp.Le(h, 1), sp.Ge(beta, sp.Rational(1, 2)), sp.Le(beta, 1)),
)

# ---------------------------------------------------------------------------------------------
# Linear bandits.

OFUL = Bound(
    name="OFUL / LinUCB regret",
    expr=d * sp.sqrt(T) * sp.log(T),
    kind="upper",
    growing=(T, d),
    status="CL",
    source="Abbasi-Yadkori, Pal & Szepesvari 2011",
    independent_of=(K,),
)

LINEAR_LOWER = Bound(
    name="linear bandit minimax lower bound (infinite action sets)",
    expr=d * sp.sqrt(T),
    kind="lower",
    growing=(T, d),
    status="CL",
    source="Dani, Hayes & Kakade 2008",
)
