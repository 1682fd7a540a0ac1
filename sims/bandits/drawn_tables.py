"""Action tables drawn per instance: the K embeddings z_a are part of the random instance.

A problem and a learner built on one ActionTable share it across every instance of a sweep, so a
sweep over K measures one table per K and the table-to-table variation never reaches an interval.
``per_instance_tables`` turns a problem factory and a learner factory into a Problem and a Learner
whose instance i draws its own K embeddings uniformly on the unit sphere of R^d (from its instance
key, so two learners run with the same key see the same tables), and whose observations carry
that table to the learner. Memory is O(N K d) for N instances instead of O(K d).

The factories are called again on every traced round with the instance's table; a learner's
``init`` is taken from the learner built on the template table, so it must not read the table's
values (the ridge-oracle learners of sims.bandits only read its dimension d).
"""

from collections.abc import Callable
from typing import NamedTuple

import jax
import jax.numpy as jnp

from sims.bandits.actions import ActionTable, sphere_embeddings
from sims.types import Array, Learner, Problem, PyTree

TABLE_FOLD = 0x7AB1E  # the instance key folded with this draws the table, apart from the instance


class TableInstance(NamedTuple):
    """One instance: its table's (K_pad, d) embeddings and the inner problem's instance."""

    features: Array
    inner: PyTree


class TableObservation(NamedTuple):
    """One round's observation: the instance's (K_pad, d) embeddings and the inner observation
    (the context x)."""

    features: Array
    inner: PyTree


def sphere_features(key: Array, template: ActionTable) -> Array:
    """(K_pad, d) embeddings: K rows drawn uniformly on the unit sphere of R^d, then the
    template's padding rows, copies of the first (see ActionTable)."""
    z = sphere_embeddings(key, template.n_actions, template.dim)
    padding = template.features.shape[0] - template.n_actions
    return jnp.concatenate([z, jnp.repeat(z[:1], padding, axis=0)])


def per_instance_tables(template: ActionTable, problem: Callable[[ActionTable], Problem],
                        learner: Callable[[ActionTable], Learner]) -> tuple[Problem, Learner]:
    """(problem, learner) on tables of the template's K and d drawn per instance.

    Args:
        template: fixes K, d and the padding; its embeddings are not used.
        problem: builds the problem on a table, e.g. ``lambda t: linear_contextual_bandit(t)``.
        learner: builds the learner on a table, e.g. ``sims.bandits.squarecb``.
    """
    on = template._replace  # the template's K, padding mask and block with other embeddings
    base_problem, base_learner = problem(template), learner(template)

    def sample(key: Array, params: PyTree) -> TableInstance:
        features = sphere_features(jax.random.fold_in(key, TABLE_FOLD), template)
        return TableInstance(features, problem(on(features=features)).sample(key, params))

    def step(key: Array, instance: TableInstance, t: Array) -> TableObservation:
        inner = problem(on(features=instance.features)).step(key, instance.inner, t)
        return TableObservation(instance.features, inner)

    def feedback(key: Array, instance: TableInstance, observation: TableObservation,
                 action: Array):
        return problem(on(features=instance.features)).feedback(key, instance.inner,
                                                                observation.inner, action)

    def act(key: Array, state: PyTree, observation: TableObservation):
        return learner(on(features=observation.features)).act(key, state, observation.inner)

    def update(key: Array, state: PyTree, observation: TableObservation, action: Array,
               feedback_: PyTree) -> PyTree:
        return learner(on(features=observation.features)).update(key, state, observation.inner,
                                                                  action, feedback_)

    drawn = Problem(f"{base_problem.name} with tables drawn per instance", sample, step,
                    feedback, base_problem.default_params)
    return drawn, Learner(base_learner.name, base_learner.init, act, update,
                          base_learner.default_params)
