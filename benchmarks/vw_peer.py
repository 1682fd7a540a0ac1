"""Vowpal Wabbit as a peer, on the project's own linear contextual bandit instances.

VW plays ``--cb_explore_adf --squarecb`` (optionally with ``--large_action_space``) with the context
x as shared features and the action embedding z_a as action features, crossed by ``-q sa``: its
linear model over x z_a^T contains the true one, f*(x, a) = <z_a, x * theta*> (a diagonal weight
matrix), so it is well specified, with d^2 weights instead of d. VW minimises cost = -reward.

Instance i with seed s is the instance sims.run gives the project's learners: the same theta*,
contexts and Gaussian noise (the noise of sims.bandits.linear does not depend on the action, so
reward(a) = f*(x, a) + (reward(0) - f*(x, 0))). The environment is precomputed, so the time
reported is VW's alone: building its text examples, predict and learn.
"""

import time
from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from sims.bandits.actions import ActionTable, direction, scores
from sims.run import instance_keys
from sims.types import Problem

VW_MODES = {"squarecb": "--cb_explore_adf --squarecb -q sa --quiet",
            "squarecb+las": "--cb_explore_adf --squarecb --large_action_space -q sa --quiet"}


class Stream(NamedTuple):
    """One instance's rounds, precomputed.

    Fields:
        contexts: (T, d) the contexts x_t.
        means: (T, K) f*(x_t, a) for every action.
        noise: (T,) reward minus mean, the same for every action.
    """

    contexts: np.ndarray
    means: np.ndarray
    noise: np.ndarray


def instance_stream(problem: Problem, actions: ActionTable, seed: int, instance: int,
                    horizon: int) -> Stream:
    """The rounds of instance ``instance`` under ``seed``, as sims.run.Runner draws them."""
    keys = instance_keys(jax.random.fold_in(jax.random.key(seed), instance))
    state = problem.sample(keys.instance, problem.default_params)

    @jax.jit
    def one_round(t):
        x = problem.step(jax.random.fold_in(keys.step, t), state, t)
        reward, info = problem.feedback(jax.random.fold_in(keys.feedback, t), state, x,
                                        jnp.int32(0))
        means = scores(actions, direction(x, state.theta))[: actions.n_actions]
        return x, means, reward - info["mean_reward"]

    contexts, means, noise = jax.vmap(one_round)(jnp.arange(horizon))
    return Stream(np.asarray(contexts), np.asarray(means), np.asarray(noise))


def _features(prefix: str, values: np.ndarray) -> str:
    return " ".join(f"{prefix}{j}:{v:.6f}" for j, v in enumerate(values))


def run_vw(mode: str, actions: ActionTable, stream: Stream, seed: int) -> tuple[float, float]:
    """(total regret, seconds in VW) of one VW learner over the stream."""
    import vowpalwabbit  # optional: installed by `make bench`

    workspace = vowpalwabbit.Workspace(f"{VW_MODES[mode]} --random_seed {seed}")
    embeddings = np.asarray(actions.features[: actions.n_actions])
    action_lines = [f" |a {_features('z', z)}" for z in embeddings]
    rng = np.random.default_rng(seed)
    regret, spent = 0.0, 0.0
    for x, means, noise in zip(*stream):
        started = time.perf_counter()
        shared = f"shared |s {_features('x', x)}\n"
        pmf = np.asarray(workspace.predict(shared + "\n".join(action_lines)), float)
        action = int(rng.choice(pmf.size, p=pmf / pmf.sum()))
        labelled = list(action_lines)
        labelled[action] = f"0:{-(means[action] + noise):.6f}:{pmf[action]:.6f}" + labelled[action]
        workspace.learn(shared + "\n".join(labelled))
        spent += time.perf_counter() - started
        regret += float(means.max() - means[action])
    workspace.finish()
    return regret, spent
