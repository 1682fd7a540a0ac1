"""Stream-based active learning with an abstention option, as a Problem of sims.run.

Round t: a stream point x_t ~ D_X is offered; the learner decides whether to query its label
y_t ~ Bernoulli(eta(x_t)), and is told y_t only if it asks. Each round also draws an evaluation
point x'_t ~ D_X (never labelled) at which the learner's current classifier h: X -> {0, 1, ⊥} is
scored against eta exactly, so the per-round metrics summed over an epoch are the classifier's
errors integrated over D_X (exactly up to quadrature in 1-d, by Monte Carlo otherwise).

Chow's error with abstention cost 1/2 - gamma (Chow 1970; Zhu & Nowak, NeurIPS 2022), at a point x:
    err_gamma(h; x) = 1/2 - gamma                 if h(x) = ⊥
                    = eta(x) or 1 - eta(x)        if h(x) = 0 or 1,
and the Bayes classifier errs with min(eta, 1 - eta), so the excess at x is (1/2 - gamma) -
min(eta, 1 - eta) for an abstention (negative where |eta - 1/2| < gamma) and |2 eta - 1| for a
label on the wrong side of 1/2.
"""

from typing import NamedTuple

import jax
import jax.numpy as jnp

from sims.active.classes import FiniteClass
from sims.types import Array, Problem


class StreamPoint(NamedTuple):
    """The observation of one round."""

    x: Array  # the stream point x_t, offered for a label query
    x_eval: Array  # the evaluation point x'_t, where the current classifier is scored
    t: Array  # () int32, rounds before this one, the same for every instance of a batch


class Decision(NamedTuple):
    """A learner's action in one round."""

    query: Array  # () bool: ask for the label of x_t
    label: Array  # () int32: the classifier's label at x'_t (its plug-in label where it abstains)
    abstain: Array  # () bool: the classifier abstains at x'_t
    lcb: Array = -jnp.inf  # () the learner's lower confidence bound on eta(x'_t), if it keeps one
    ucb: Array = jnp.inf  # () its upper confidence bound on eta(x'_t)


class StreamParams(NamedTuple):
    """What may be swept inside one compiled program."""

    gamma: Array  # () abstention margin in (0, 1/2): abstaining costs 1/2 - gamma
    level: Array  # () noise level sigma* of eta: one of the class's levels


class StreamInstance(NamedTuple):
    """One instance: which member of F is eta, and the phase of its evaluation sequence."""

    target: Array  # () int32, index of eta = f* in F
    shift: Array  # () uint32, phase of the evaluation points
    gamma: Array  # () float32, the abstention margin


NO_LABEL = -1  # the feedback of a round whose label was not asked for
# float32 rounding between eta(x) computed alone and the same member's value computed among all of
# F (batched, or under vmap): eta at an end of [lcb, ucb] is covered within this slack
COVERAGE_SLACK = 1e-5
METRICS = ("labels", "chow_excess", "chow_excess_positive", "excess", "abstentions",
           "improper_abstentions", "miscovered", "noisy_points",
           "noisy_queries")  # the keys of the per-round info, see stream_problem


def stream_params(cls: FiniteClass, gamma: float, level: float) -> StreamParams:
    """Validated params: gamma in (0, 1/2) and level one of ``cls.levels``."""
    if not 0 < gamma < 0.5:
        raise ValueError(f"the abstention margin gamma must lie in (0, 1/2), got {gamma!r}")
    if not any(abs(level - s) <= 1e-6 for s in cls.levels.tolist()):
        raise ValueError(f"level {level!r} is not a noise level of {cls.name}; "
                         f"allowed: {[round(s, 6) for s in cls.levels.tolist()]}")
    return StreamParams(jnp.float32(gamma), jnp.float32(level))


def chow_excess(eta: Array, decision: Decision, gamma: Array) -> tuple[Array, Array]:
    """(Chow's excess error, standard excess error with the abstention replaced by the label) of
    a decision at a point where P(y = 1) = eta."""
    wrong_side = jnp.where(decision.label == 1, eta < 0.5, eta > 0.5)
    standard = jnp.where(wrong_side, jnp.abs(2.0 * eta - 1.0), 0.0)
    abstained = (0.5 - gamma) - jnp.minimum(eta, 1.0 - eta)
    return jnp.where(decision.abstain, abstained, standard), standard


def draw_label(key: Array, eta: Array) -> Array:
    """y ~ Bernoulli(eta(x)) as int32."""
    return jax.random.bernoulli(key, eta).astype(jnp.int32)


def stream_problem(cls: FiniteClass) -> Problem:
    """The stream-based active learning problem (Zhu & Nowak, NeurIPS 2022) over a realizable finite
    class ``cls``.

    Per-round info (summed by sims.run between checkpoints):
        labels: 1 if the label of x_t was asked for.
        chow_excess, excess: Chow's and the standard excess error of the classifier at x'_t.
        chow_excess_positive: max(chow_excess, 0), Chow's excess without the gain of abstaining
            where |eta - 1/2| < gamma (where abstaining costs less than the Bayes label): the
            excess of the points where the classifier predicts, plus any improper abstention.
        abstentions: 1 if it abstained at x'_t; improper_abstentions: 1 if it did so where
            |eta(x'_t) - 1/2| > gamma.
        miscovered: 1 if eta(x'_t) lies outside the learner's [lcb, ucb] at x'_t by more than
            COVERAGE_SLACK (never while eta stays in its version space).
        noisy_points: 1 if |eta(x_t) - 1/2| < gamma / 2 (the noisy region of the
            noise-seeking check);
            noisy_queries: 1 if such a point was queried.
    """

    def sample(key: Array, params: StreamParams) -> StreamInstance:
        k_target, k_shift = jax.random.split(key)
        target = cls.draw_target(k_target, params.level).astype(jnp.int32)
        shift = jax.random.bits(k_shift, (), jnp.uint32)
        return StreamInstance(target, shift, jnp.asarray(params.gamma, jnp.float32))

    def step(key: Array, instance: StreamInstance, t: Array) -> StreamPoint:
        k_x, k_eval = jax.random.split(key)
        return StreamPoint(cls.sample_x(k_x), cls.eval_point(k_eval, instance.shift, t),
                           jnp.asarray(t, jnp.int32))

    def feedback(key: Array, instance: StreamInstance, point: StreamPoint, decision: Decision):
        eta = cls.value(instance.target, point.x)
        y = draw_label(key, eta)
        eta_eval = cls.value(instance.target, point.x_eval)
        chow, standard = chow_excess(eta_eval, decision, instance.gamma)
        noisy = jnp.abs(eta - 0.5) < instance.gamma / 2
        improper = decision.abstain & (jnp.abs(eta_eval - 0.5) > instance.gamma)
        miscovered = ((eta_eval < decision.lcb - COVERAGE_SLACK)
                      | (eta_eval > decision.ucb + COVERAGE_SLACK))
        info = {"labels": decision.query, "chow_excess": chow,
                "chow_excess_positive": jnp.maximum(chow, 0.0), "excess": standard,
                "abstentions": decision.abstain, "improper_abstentions": improper,
                "miscovered": miscovered, "noisy_points": noisy,
                "noisy_queries": noisy & decision.query}
        return jnp.where(decision.query, y, NO_LABEL), info

    default = stream_params(cls, 0.25, float(cls.levels[0]))
    return Problem(f"stream({cls.name})", sample, step, feedback, default)
