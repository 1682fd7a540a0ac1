"""CorralIGW on a multiple-best-arms problem (Zhu & Mineiro, ICML 2022, Section 6.1): the CORRAL
master of sims.bandits.corral over M SmoothIGW bases that share one count-table regressor.

Base j explores with SmoothIGW at mu uniform on the n arms and h = 1/n, which is SquareCB's
inverse-gap weighting: an arm a other than the greedy a^ is played with probability 1 / (n +
gamma_j (f^(a^) - f^(a))). The gammas are fixed, geometric from 10^3 to 10^6 (M = 8), and the
master's eta_0 = 1, as in pmineiro/smoothcb. The regressor f^(a) is arm a's mean reward so far; an
arm never pulled counts as f^ = 0, as the reference code's count table starts (pmineiro/smoothcb,
banditexperiment/run-squarecbcorral.py, CountTable). A round costs O(n / 128 + 128): a^ comes from
the two-level argmax of sims.selection.index_pool, and only the pulled arm's estimate changes.
"""

from typing import NamedTuple

import jax.numpy as jnp
import numpy as np

from sims.bandits.actions import coin_and_arm
from sims.bandits.corral import master_init, master_step
from sims.bandits.smooth import keep_or_greedy
from sims.selection.arms import Pull, check_arms
from sims.selection.index_pool import IndexPool, best, build, padded, set_index
from sims.types import Array, Learner

GAMMA_RANGE = (1e3, 1e6)
N_BASES = 8


class CorralIgwParams(NamedTuple):
    """The bases' gammas (M,) and the master's eta_0 (its step is eta_0 / M)."""

    gammas: Array  # (M,) float32
    eta: Array  # () float32


class CorralIgwState(NamedTuple):
    """The count table, its argmax pool, and the master's weights and next base."""

    wins: Array  # (n_pad,) float32, total reward of each arm
    pulls: Array  # (n_pad,) float32
    means: IndexPool  # f^ of every arm, -inf on the padding
    inverse_p: Array  # (M,) float32, 1 / p_j
    base: Array  # () int32, the base that plays this round
    params: CorralIgwParams


def corral_igw_params(gamma_min: float = GAMMA_RANGE[0], gamma_max: float = GAMMA_RANGE[1],
                      n_bases: int = N_BASES, eta: float = 1.0) -> CorralIgwParams:
    """M bases with gammas geometric from gamma_min to gamma_max, and eta_0."""
    if not 0.0 < gamma_min <= gamma_max or n_bases < 1 or not eta > 0.0:
        raise ValueError(f"need 0 < gamma_min <= gamma_max, n_bases >= 1 and eta > 0, got "
                         f"gamma_min={gamma_min}, gamma_max={gamma_max}, n_bases={n_bases}, "
                         f"eta={eta}")
    return CorralIgwParams(jnp.asarray(np.geomspace(gamma_min, gamma_max, n_bases), jnp.float32),
                           jnp.float32(eta))


def corral_igw(n_arms: int, horizon: int) -> Learner:
    """CorralIGW on n arms; params CorralIgwParams (default: the paper's grid). The horizon is
    not used (the gammas are fixed); it is taken for the signature of ARM_LEARNERS."""
    check_arms(n_arms)
    size = padded(n_arms)
    real = jnp.arange(size) < n_arms

    def init(key: Array, params: CorralIgwParams) -> CorralIgwState:
        inverse_p, base = master_init(key, params.gammas.shape[0])
        zeros = jnp.zeros(size, jnp.float32)
        return CorralIgwState(zeros, zeros, build(jnp.where(real, 0.0, -jnp.inf)), inverse_p,
                              base, params)

    def act(key: Array, state: CorralIgwState, t: Array):
        greedy = best(state.means)
        coin, drawn = coin_and_arm(key, n_arms)  # a' ~ mu
        gap = state.means.index[greedy] - state.means.index[drawn]
        weighted = state.params.gammas[state.base] * gap / n_arms  # h gamma gap, h = 1/n
        arm = keep_or_greedy(coin, drawn, greedy, weighted)
        return Pull(arm, arm), {}

    def update(key: Array, state: CorralIgwState, t: Array, pull: Pull,
               reward: Array) -> CorralIgwState:
        wins = state.wins.at[pull.arm].add(reward)
        pulls = state.pulls.at[pull.arm].add(1.0)
        means = set_index(state.means, pull.arm, wins[pull.arm] / pulls[pull.arm])
        inverse_p, base = master_step(key, state.inverse_p, state.base, reward, state.params.eta)
        return CorralIgwState(wins, pulls, means, inverse_p, base, state.params)

    return Learner("corral-igw", init, act, update, corral_igw_params())
