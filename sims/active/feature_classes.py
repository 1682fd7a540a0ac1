"""Finite classes in d dimensions whose members are a noise profile applied to a linear score in
a feature map: halfspaces (linear / logistic eta), smooth nonparametric eta, random ReLU networks.

Every member is

    f_{j, sigma}(x) = 1/2 + sign(g_j(x)) psi(|g_j(x)|, sigma),   g_j(x) = <w_j, phi(x)>,

with phi: [-1, 1]^d -> R^P a fixed feature map, w_j one of G weight vectors, psi a noise profile of
sims.active.noise and sigma a noise level (index j * S + s). The Bayes classifier of f_{j, sigma}
is 1{g_j(x) >= 0} and |eta - 1/2| depends on |g_j| alone, so the profile decides the noise
condition (logistic: eta = sigmoid(g_j / sigma); tsybakov(1, width): eta linear in g_j up to
width). x ~ U[-1, 1]^d; the evaluation points are independent draws (errors by Monte Carlo).

Scores are scaled so that g_j has root-mean-square 1 under D_X (on a fixed Monte-Carlo sample),
which makes the profile's width and the levels mean the same in every family.
"""

from collections.abc import Callable, Sequence

import jax
import jax.numpy as jnp
import numpy as np

from sims.active.classes import FiniteClass, check_at_least, checked_levels, nearest_level
from sims.active.noise import NoiseProfile
from sims.types import Array

SCALE_SAMPLE = 4096  # points of the fixed sample on which the scores are scaled to RMS 1


def feature_class(name: str, dim: int, features: Callable[[Array], Array], weights: np.ndarray,
                  profile: NoiseProfile, levels: Sequence[float], seed: int) -> FiniteClass:
    """The class {f_{j, sigma}} of the module docstring for the feature map ``features``
    (x -> (P,)) and the (G, P) ``weights``; eta is drawn uniformly over the G scores."""
    sigma = checked_levels(levels)
    sample = np.random.default_rng(seed).uniform(-1, 1, (SCALE_SAMPLE, dim)).astype(np.float32)
    raw = np.asarray(jax.vmap(features)(jnp.asarray(sample))) @ weights.T  # (n, G)
    scale = np.sqrt(np.mean(raw**2, axis=0))
    if np.any(scale == 0):
        raise ValueError(f"{name}: a score is zero on all of D_X; draw other weights")
    w = jnp.asarray(weights / scale[:, None], jnp.float32)
    s = jnp.asarray(sigma)
    n_scores = weights.shape[0]

    def member(score: Array, level: Array) -> Array:
        return 0.5 + jnp.where(score >= 0, 1.0, -1.0) * profile.margin(jnp.abs(score), level)

    def values(x: Array) -> Array:
        return member((w @ features(x))[:, None], s[None, :]).reshape(-1)

    def value(index: Array, x: Array) -> Array:
        return member(w[index // sigma.size] @ features(x), s[index % sigma.size])

    def draw_target(key: Array, level: Array) -> Array:
        return jax.random.randint(key, (), 0, n_scores) * sigma.size + nearest_level(s, level)

    def sample_x(key: Array) -> Array:
        return jax.random.uniform(key, (dim,), minval=-1.0, maxval=1.0)

    return FiniteClass(f"{name}(d={dim}, G={n_scores}, S={sigma.size}, {profile.name})",
                       n_scores * sigma.size, sigma, values, value, sample_x,
                       lambda key, shift, t: sample_x(key), draw_target)


def halfspace_class(profile: NoiseProfile, dim: int, n_directions: int,
                    levels: Sequence[float], seed: int = 0) -> FiniteClass:
    """Halfspaces through the origin: g_j(x) = <u_j, x> with u_j on a random net of the unit
    sphere (n_directions draws). With the logistic profile, eta(x) = sigmoid(<u*, x> / sigma*)."""
    check_at_least("dim", dim, 1)
    check_at_least("n_directions", n_directions, 2)
    directions = np.random.default_rng(seed).standard_normal((n_directions, dim))
    directions /= np.linalg.norm(directions, axis=1, keepdims=True)
    return feature_class("halfspaces", dim, lambda x: x, directions, profile, levels, seed)


def smooth_class(profile: NoiseProfile, dim: int, n_functions: int, levels: Sequence[float],
                 n_bumps: int = 4, bandwidth: float = 0.5, seed: int = 0) -> FiniteClass:
    """Smooth nonparametric scores: g_j = sum_k c_jk exp(-|x - z_k|^2 / (2 h^2)), Gaussian bumps
    at n_bumps^dim grid centres z_k of [-1, 1]^d with bandwidth h, random signs c_jk. With the
    logistic profile eta = sigmoid(g_j / sigma) is infinitely smooth (any Holder alpha)."""
    check_at_least("dim", dim, 1)
    check_at_least("n_functions", n_functions, 2)
    check_at_least("n_bumps", n_bumps, 2)
    if not bandwidth > 0:
        raise ValueError(f"bandwidth must be positive, got {bandwidth!r}")
    axis = np.linspace(-1, 1, n_bumps)
    centres = jnp.asarray(np.stack(np.meshgrid(*[axis] * dim), -1).reshape(-1, dim), jnp.float32)

    def bumps(x: Array) -> Array:
        return jnp.exp(-jnp.sum((x[None, :] - centres) ** 2, axis=-1) / (2 * bandwidth**2))

    signs = np.random.default_rng(seed).choice([-1.0, 1.0], (n_functions, centres.shape[0]))
    return feature_class("smooth", dim, bumps, signs, profile, levels, seed)


def relu_class(profile: NoiseProfile, dim: int, n_networks: int, levels: Sequence[float],
               width: int = 32, seed: int = 0) -> FiniteClass:
    """Random ReLU features: g_j(x) = sum_k v_jk relu(<a_k, x> + b_k), one hidden layer of
    ``width`` units with a_k ~ N(0, I), b_k ~ U[-1, 1] shared by all members and output weights
    v_j ~ N(0, I) drawn per member: a finite net of two-layer ReLU networks (the
    setting of Zhu & Nowak, NeurIPS 2022, "Active Learning with Neural Networks")."""
    check_at_least("dim", dim, 1)
    check_at_least("n_networks", n_networks, 2)
    check_at_least("width", width, 1)
    rng = np.random.default_rng(seed)
    inner = jnp.asarray(rng.standard_normal((width, dim)), jnp.float32)
    bias = jnp.asarray(rng.uniform(-1, 1, width), jnp.float32)
    outer = rng.standard_normal((n_networks, width))
    return feature_class("relu", dim, lambda x: jax.nn.relu(inner @ x + bias), outer, profile,
                         levels, seed)
