"""Regret bounds of contextual bandits with regression oracles (THEORY.md section 4 and section 6).

The tuning parameters (gamma of SquareCB, epsilon of epsilon-greedy) are derived here by minimising
each algorithm's regret decomposition over the parameter, never typed in by hand.
"""

import sympy as sp

from proofs.bound import Bound, minimise
from proofs.symbols import K, RegSq, T, d, epsilon, gamma, sigma

# SquareCB (Foster & Rakhlin, ICML 2020, "Beyond UCB"; THEORY.md CB-SQUARECB).
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
    source="Foster & Rakhlin 2020, Thm 1 (THEORY.md CB-SQUARECB); constants of the per-round "
           "inequality are not the paper's",
    conditions=(sp.Ge(K, 2),),
)

# epsilon-greedy with a regression oracle (THEORY.md CL-EPOCHGREEDY).
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
    source="Langford & Zhang 2007 epoch-greedy; THEORY.md CL-EPOCHGREEDY",
    conditions=(sp.Ge(K, 2),),
)

# Minimax lower bound for K-armed bandits (Auer, Cesa-Bianchi, Freund & Schapire 2002).
MAB_LOWER = Bound(
    name="K-armed bandit minimax lower bound",
    expr=sp.sqrt(K * T),
    kind="lower",
    growing=(T, K),
    status="CL",
    source="Auer et al. 2002 (THEORY.md CL-MAB-LB)",
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
    source="Vovk 2001, Azoury & Warmuth 2001 (THEORY.md section 2, RegSq for linear classes)",
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
