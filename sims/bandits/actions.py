"""Finite action sets with linear structure: embeddings z_a, phi(x, a) = x * z_a, scores, argmax."""

from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from sims.reductions import first_argmax
from sims.types import Array

SINGLE_BLOCK_MAX = 256  # up to this many actions, the argmax is over one block


class ActionTable(NamedTuple):
    """K action embeddings shared by every instance of a sweep (memory O(K d), not O(N K d)).

    The feature map of the linear contextual bandit is phi(x, a) = x * z_a (elementwise), so
    <phi(x, a), theta> = <z_a, x * theta>: scoring all K actions is one (K, d) x (d,) product.
    The table is padded to whole blocks of ``block`` actions for a two-level argmax. Padded rows
    are copies of action 0: they score what action 0 scores, so the maximum over the table is the
    maximum over the K actions, and the first argmax, which takes the first of tied entries, is
    never a padded row. Scores need no mask, which keeps the scoring pass one fused product.

    Fields:
        features: (K_pad, d) float32, z_a for a < K (norm <= 1), then copies of z_0.
        mask: (K_pad,) float32, 0 for real actions, -inf for padding.
        n_actions: K, a Python int.
        block: B, a Python int; K_pad = B * ceil(K / B).
    """

    features: Array
    mask: Array
    n_actions: int
    block: int

    @property
    def dim(self) -> int:
        return self.features.shape[1]


def action_table(embeddings: np.ndarray | Array) -> ActionTable:
    """An ActionTable from (K, d) embeddings of norm at most 1."""
    z = np.asarray(embeddings, np.float32)  # built on the host: no program per new shape
    if z.ndim != 2 or z.shape[0] < 2 or z.shape[1] < 1:
        raise ValueError(f"embeddings must have shape (K >= 2, d >= 1), got {z.shape}")
    if float(np.max(np.linalg.norm(z, axis=1))) > 1.0 + 1e-5:
        raise ValueError("every action embedding must have Euclidean norm <= 1")
    n_actions = z.shape[0]
    block = n_actions if n_actions <= SINGLE_BLOCK_MAX else int(np.ceil(np.sqrt(n_actions)))
    padded = block * -(-n_actions // block)
    features = np.concatenate([z, np.repeat(z[:1], padded - n_actions, axis=0)])
    mask = np.where(np.arange(padded) < n_actions, 0.0, -np.inf).astype(np.float32)
    return ActionTable(jnp.asarray(features), jnp.asarray(mask), n_actions, block)


def sphere_embeddings(key: Array, n_actions: int, dim: int) -> Array:
    """(K, d) embeddings drawn uniformly on the unit sphere of R^d from ``key`` (traceable)."""
    z = jax.random.normal(key, (n_actions, dim), jnp.float32)
    return z / jnp.linalg.norm(z, axis=1, keepdims=True)


def sphere_actions(seed: int, n_actions: int, dim: int) -> ActionTable:
    """K embeddings drawn uniformly on the unit sphere of R^d from ``jax.random.key(seed)``."""
    if n_actions < 2 or dim < 1:
        raise ValueError(f"need n_actions >= 2 and dim >= 1, got n_actions={n_actions}, dim={dim}")
    return action_table(sphere_embeddings(jax.random.key(seed), n_actions, dim))


def basis_actions(n_actions: int) -> ActionTable:
    """The standard basis e_1..e_K of R^K: a K-armed bandit without shared structure."""
    if n_actions < 2:
        raise ValueError(f"need n_actions >= 2, got {n_actions}")
    return action_table(np.eye(n_actions, dtype=np.float32))


def with_extra_actions(table: ActionTable, embeddings: np.ndarray | Array) -> ActionTable:
    """The same actions followed by more (indices K, K + 1, ...) with the given embeddings."""
    extra = jnp.asarray(embeddings, jnp.float32)
    if extra.ndim != 2 or extra.shape[1] != table.dim or extra.shape[0] < 1:
        raise ValueError(f"extra embeddings must have shape (n >= 1, {table.dim}), got "
                         f"{extra.shape}")
    return action_table(jnp.concatenate([table.features[: table.n_actions], extra]))


def with_duplicates(table: ActionTable, action: int, copies: int) -> ActionTable:
    """``copies`` more copies of action ``action``'s embedding: statistically the same problem
    with a larger K."""
    if not 0 <= action < table.n_actions or copies < 1:
        raise ValueError(f"need 0 <= action < {table.n_actions} and copies >= 1, got "
                         f"action={action}, copies={copies}")
    return with_extra_actions(table, jnp.repeat(table.features[action][None], copies, axis=0))


def with_dominated(table: ActionTable, count: int, seed: int = 0, mixed: int = 3) -> ActionTable:
    """``count`` more actions, each a random convex combination of ``mixed`` existing ones: for
    every direction w, <z', w> <= max_a <z_a, w>, so none is ever better than the best original
    action and, when the mixed actions differ, strictly worse."""
    if count < 1 or not 2 <= mixed <= table.n_actions:
        raise ValueError(f"need count >= 1 and 2 <= mixed <= {table.n_actions}, got "
                         f"count={count}, mixed={mixed}")
    rng = np.random.default_rng(seed)
    picks = np.stack([rng.choice(table.n_actions, mixed, replace=False) for _ in range(count)])
    weights = rng.dirichlet(np.ones(mixed), size=count).astype(np.float32)
    z = np.asarray(table.features)
    return with_extra_actions(table, np.einsum("nm,nmd->nd", weights, z[picks]))


def with_irrelevant(table: ActionTable, count: int) -> ActionTable:
    """``count`` more actions with the zero embedding: mean reward 0 in every context."""
    if count < 1:
        raise ValueError(f"need count >= 1, got count={count}")
    return with_extra_actions(table, np.zeros((count, table.dim), np.float32))


def direction(x: Array, theta: Array) -> Array:
    """(d,) w = x * theta, so that <phi(x, a), theta> = <z_a, w> for every action a."""
    return x * theta


def scores(table: ActionTable, w: Array) -> Array:
    """(K_pad,) values <z_a, w> of every action (a padded row repeats action 0's value)."""
    return table.features @ w


def best_action(table: ActionTable, values: Array) -> Array:
    """argmax_a values[a] (the first on ties), as an int32.

    Two levels when K is large: the maximum of each block of B actions, the best block, then the
    best action inside it, each position found by sims.reductions (XLA:CPU runs jnp.argmax's
    variadic reduction several times slower than a max).
    """
    if table.block == values.shape[0]:
        return first_argmax(values)
    blocks = values.reshape(-1, table.block)
    best_block = first_argmax(jnp.max(blocks, axis=1))
    return best_block * table.block + first_argmax(blocks[best_block])


def embed(table: ActionTable, x: Array, action: Array) -> Array:
    """(d,) feature vector phi(x, a) = x * z_a of one action."""
    return x * table.features[action]


def action_value(table: ActionTable, w: Array, action: Array) -> Array:
    """<z_a, w> of one action, from its embedding row.

    Reading one row of the table instead of an entry of the score vector lets XLA reduce the
    scores without writing all K of them to memory.
    """
    return table.features[action] @ w


def coin_and_arm(key: Array, n_actions: int) -> tuple[Array, Array]:
    """One uniform u in [0, 1) and one uniform arm in {0..K-1} from a single random draw.

    The arm is a 32-bit word modulo K: its bias is below K / 2^32.
    """
    bits = jax.random.bits(key, (2,), jnp.uint32)
    coin = (bits[0] >> 8).astype(jnp.float32) * jnp.float32(2.0**-24)
    return coin, (bits[1] % jnp.uint32(n_actions)).astype(jnp.int32)
