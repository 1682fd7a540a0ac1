"""Shared sympy symbols of the theory, with the assumptions every bound relies on."""

import sympy as sp

T = sp.Symbol("T", positive=True)  # horizon: number of rounds
K = sp.Symbol("K", positive=True, integer=True)  # number of actions |A|
d = sp.Symbol("d", positive=True, integer=True)  # dimension of the regression features phi(x, a)
RegSq = sp.Symbol("RegSq", positive=True)  # Reg_Sq(T): square-loss regret of the online oracle
gamma = sp.Symbol("gamma", positive=True)  # inverse-gap-weighting greediness (Part II's gamma)
epsilon = sp.Symbol("epsilon", positive=True)  # exploration rate (Part II); target excess (Part I)
sigma = sp.Symbol("sigma", positive=True)  # noise scale (sub-Gaussian parameter)
Delta = sp.Symbol("Delta", positive=True)  # a reward gap
C_opt = sp.Symbol("C_opt", positive=True)  # approximation factor of an approximate optimal design
C_span = sp.Symbol("C", positive=True)  # approximation factor C > 1 of a barycentric spanner
h = sp.Symbol("h", positive=True)  # smoothness level of smooth regret, h in (0, 1]
beta = sp.Symbol("beta", positive=True)  # user trade-off parameter in [1/2, 1] of adaptive learners


# Part I (active learning). The papers use gamma for the abstention margin too (cost 1/2 - gamma),
# beta for the Tsybakov margin exponent and epsilon for the target excess error; the symbols above
# serve both parts.
nu = sp.Symbol("nu", positive=True)  # Bayes error err(h*) (noise rate) in agnostic bounds
theta = sp.Symbol("theta", positive=True)  # disagreement coefficient
Pdim = sp.Symbol("Pdim", positive=True)  # pseudo-dimension of F (log |F| for a finite class)
delta = sp.Symbol("delta", positive=True)  # failure probability
n = sp.Symbol("n", positive=True)  # number of labels

# Part III (model selection). The papers use alpha for the hardness level (n/m = T^alpha arms per
# best arm, or d* = T^alpha) and beta for the user parameter of MOSS++ and LinUCB++.
alpha = sp.Symbol("alpha", nonnegative=True)  # hardness level in [0, 1]
alpha_prime = sp.Symbol("alpha_prime", nonnegative=True)  # an easier level alpha' < alpha
theta_prime = sp.Symbol("theta_prime", nonnegative=True)  # the rate exponent reached at alpha'
psi = sp.Symbol("psi", positive=True)  # hardness n / m: arms per best arm
d_star = sp.Symbol("d_star", positive=True)  # dimension of the smallest class holding theta*

LATEX_NAMES = {RegSq: r"\mathrm{Reg}_{\mathrm{Sq}}", Delta: r"\Delta", C_opt: r"C_{\mathrm{opt}}",
               Pdim: r"\mathrm{Pdim}",
               alpha_prime: r"\alpha'", theta_prime: r"\theta'", d_star: r"d_\star"}
