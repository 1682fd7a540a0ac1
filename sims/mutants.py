"""Mutants: small, named, realistic bugs in the simulators, applied without editing a file, so that
the power of the claims to catch them can be measured (testbed.mutants runs them).

A mutant changes the simulators in one of two ways, both undone when it is left:
    patches   a module attribute that the simulators look up when a learner or problem is built
              or traced (a rule, a schedule, an index, the run's keys) is replaced by a wrong one;
    learners  a learner of a given name is wrapped, e.g. its params edited at init (a margin, a
              radius or a told best mean that is off).
Patches take effect for what is built inside ``applied()``; learner wrappers for what is passed
through ``Mutant.learner``.
"""

import importlib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import jax
import jax.numpy as jnp

from sims.bandits.actions import ActionTable, best_action, direction, scores
from sims.bandits.policies import ONE_CALL, OracleParams, greedy_rule
from sims.bandits.spanner import Spanner, coefficients
from sims.types import Array, Learner, PyTree


@dataclass(frozen=True)
class Patch:
    """Replace ``module.attribute`` by ``replace(original)`` while a mutant is applied."""

    module: str
    attribute: str
    replace: Callable[[Any], Any]


@dataclass(frozen=True)
class Mutant:
    """A named bug.

    Attributes:
        name: a short id, e.g. "squarecb-no-exploration".
        part: "I" (active learning), "II" (contextual bandits) or "III" (model selection).
        bug: one sentence saying what is wrong.
        patches: module attributes replaced while applied.
        learners: learner name -> wrapper of the Learner of that name.
    """

    name: str
    part: str
    bug: str
    patches: tuple[Patch, ...] = ()
    learners: Mapping[str, Callable[[Learner], Learner]] = field(
        default_factory=lambda: MappingProxyType({}))

    @contextmanager
    def applied(self) -> Iterator[None]:
        """The patches in place inside the block, the originals restored after it."""
        originals = []
        try:
            for patch in self.patches:
                module = importlib.import_module(patch.module)
                original = getattr(module, patch.attribute)
                originals.append((module, patch.attribute, original))
                setattr(module, patch.attribute, patch.replace(original))
            yield
        finally:
            for module, attribute, original in reversed(originals):
                setattr(module, attribute, original)

    def learner(self, learner: Learner) -> Learner:
        """``learner`` with this mutant's wrapper where its name has one, else unchanged."""
        wrap = self.learners.get(learner.name)
        return wrap(learner) if wrap else learner


def with_params(edit: Callable[[PyTree], PyTree]) -> Callable[[Learner], Learner]:
    """A learner wrapper that hands init ``edit(params)`` instead of params."""

    def wrap(learner: Learner) -> Learner:
        return learner._replace(init=lambda key, params: learner.init(key, edit(params)))

    return wrap


def _scaled_rate(factor: float, exponent: float | None = None) -> Callable[[Learner], Learner]:
    """An oracle learner whose rate schedule is ``factor`` times its own (and, if given, with a
    fixed ``exponent`` in t)."""

    def edit(params: OracleParams) -> OracleParams:
        rate = params.rate._replace(scale=params.rate.scale * factor)
        if exponent is not None:
            rate = rate._replace(exponent=jnp.zeros_like(rate.exponent) + exponent)
        return params._replace(rate=rate)

    return with_params(edit)


def _unnormalised_igw(original: Callable) -> Callable:
    """Inverse gap weights 1 / (K + gamma gap(a)) for every a, a^ included at 1/K, sampled as if
    they summed to 1: the leftover mass 1 - sum_a p(a) is never put on a^."""
    del original

    def rule(key: Array, table: ActionTable, x: Array, oracle, gamma: Array):
        values = scores(table, direction(x, oracle.theta))
        best = best_action(table, values)
        real = table.mask == 0.0
        gaps = values[best] - jnp.where(real, values, values[best])
        weights = jnp.where(real, 1.0 / (table.n_actions + gamma * gaps), 0.0)
        action = jax.random.categorical(key, jnp.log(weights)).astype(jnp.int32)
        return action, best, ONE_CALL

    return rule


def _arbitrary_spanner(original: Callable) -> Callable:
    """The first d actions of the table in place of the spanner the search found (its coefficient
    and leverage diagnostics those of the first d actions)."""

    def spanner(table: ActionTable, x: Array, weights: Array, *args, **kwargs) -> Spanner:
        found = original(table, x, weights, *args, **kwargs)
        actions = jnp.arange(table.dim, dtype=jnp.int32)
        basis = (weights[actions, None] * x[None, :] * table.features[actions]).T
        basis_inv = jnp.linalg.inv(basis)
        coef = coefficients(table, x, weights, basis_inv)
        return found._replace(actions=actions, basis_inv=basis_inv,
                              max_coefficient=jnp.max(jnp.abs(coef)),
                              max_leverage=table.dim * jnp.max(jnp.sum(coef**2, axis=0)))

    return spanner


def _wrong_kept(original: Callable) -> Callable:
    """Truncation that keeps the last ``keep`` coordinates instead of the first."""
    del original

    def kept(values: Array, keep: Array | None) -> Array:
        if keep is None:
            return values
        size = values.shape[-1]
        return values * jnp.broadcast_to(jnp.arange(size) >= size - keep, values.shape)

    return kept


def _flipped_near_zero(learner: Learner) -> Learner:
    """The learner's label flipped where the evaluation point's first coordinate is below 0.05."""

    def act(key: Array, state: PyTree, point: PyTree):
        decision, aux = learner.act(key, state, point)
        near = jnp.ravel(point.x_eval)[0] < 0.05
        return decision._replace(label=jnp.where(near, 1 - decision.label, decision.label)), aux

    return learner._replace(act=act)


def _reused_keys(original: Callable) -> Callable:
    """The action's key reused for the feedback's noise."""
    return lambda key: (keys := original(key))._replace(feedback=keys.act)


def _off_by_one_schedule(original: Callable) -> Callable:
    """MOSS++'s schedule with p - 1 for p = ceil(log2 T^beta): iterations half as long, one
    fewer of them, and the last one stretched to the horizon."""

    def starts(horizon: int, beta: float) -> tuple[int, list[int]]:
        p, _ = original(horizon, beta)
        q = max(1, p - 1)
        return q, [2**q * (2**i - 2) for i in range(1, q + 1) if 2**q * (2**i - 2) < horizon]

    return starts


MUTANTS: tuple[Mutant, ...] = (
    # Part II: contextual bandits
    Mutant("squarecb-igw-unnormalised", "II",
           "SquareCB samples the inverse gap weights 1 / (K + gamma gap) of every action, a^ "
           "included at 1/K, without putting the leftover mass on a^",
           patches=(Patch("sims.bandits.policies", "inverse_gap_rule", _unnormalised_igw),)),
    Mutant("squarecb-no-exploration", "II",
           "SquareCB's exploration is switched off: it always plays the greedy action",
           patches=(Patch("sims.bandits.policies", "inverse_gap_rule", lambda _: greedy_rule),)),
    Mutant("squarecb-over-exploration", "II",
           "SquareCB's learning rate gamma_t is 100 times too small (it explores too much)",
           learners={"squarecb": _scaled_rate(0.01)}),
    Mutant("spanner-arbitrary-actions", "II",
           "SpannerIGW explores on the first d actions of the table instead of a barycentric "
           "spanner", patches=(Patch("sims.bandits.large_actions", "barycentric_spanner",
                                     _arbitrary_spanner),)),
    Mutant("spanner-igw-over-exploration", "II",
           "SpannerIGW's learning rate gamma_t is 100 times too small",
           learners={"spanner-igw": _scaled_rate(0.01)}),
    Mutant("spanner-greedy-constant-epsilon", "II",
           "SpannerGreedy explores with a constant epsilon = 1/10 instead of a decaying one",
           learners={"spanner-greedy": _scaled_rate(0.1, exponent=0.0)}),
    Mutant("oracle-biased", "II",
           "the ridge oracle fits r + 0.5 phi_1 instead of r: a regression bias along the first "
           "feature", patches=(Patch("sims.bandits.policies", "ridge_update",
                                     lambda ridge_update: lambda state, phi, y: ridge_update(
                                         state, phi, y + 0.5 * phi[0])),)),
    Mutant("ridge-wrong-regulariser", "II",
           "the ridge oracle starts from A = 1000 lambda I: a regulariser 1000 times too large",
           patches=(Patch("sims.bandits.policies", "ridge_init",
                          lambda ridge_init: lambda dim, ridge: ridge_init(dim, ridge * 1000.0)),)),
    Mutant("smooth-igw-wrong-h", "II",
           "SmoothIGW runs at smoothness 2h instead of h (2/K instead of 1/K on K arms)",
           patches=(Patch("sims.bandits.smooth", "smooth_igw_rule",
                          lambda rule: lambda h: rule(2 * h)),)),
    Mutant("corral-loss-sign-flipped", "II",
           "the CORRAL master's importance-weighted loss has its sign flipped (it favours the "
           "bases that do worst)", patches=(Patch("sims.bandits.corral", "log_barrier_step",
                                                  lambda step: lambda inverse_p, losses, eta: step(
                                                      inverse_p, -losses, eta)),)),
    Mutant("key-reused", "II",
           "the run reuses the action's key for the feedback's noise, so the action drawn and "
           "the reward noise are dependent", patches=(Patch("sims.run", "instance_keys",
                                                            _reused_keys),)),
    # Part I: active learning
    Mutant("abstention-band-too-wide", "I",
           "the abstainer abstains where [lcb, ucb] lies inside 1/2 +- 2 gamma instead of "
           "1/2 +- gamma", learners={"abstention": with_params(
               lambda p: p._replace(gamma=jnp.minimum(2 * p.gamma, 0.49)))}),
    Mutant("abstention-band-too-narrow", "I",
           "the abstainer abstains only inside 1/2 +- gamma/4",
           learners={"abstention": with_params(lambda p: p._replace(gamma=p.gamma / 4))}),
    Mutant("version-space-radius-too-small", "I",
           "the abstainer's version-space radius beta is 20 times too small (eta leaves F_m)",
           learners={"abstention": with_params(
               lambda p: p._replace(radius_scale=p.radius_scale / 20))}),
    Mutant("version-space-radius-too-large", "I",
           "the abstainer's version-space radius beta is 1000 times too large (F_m never "
           "shrinks)", learners={"abstention": with_params(
               lambda p: p._replace(radius_scale=p.radius_scale * 1000))}),
    Mutant("abstention-errs-near-an-edge", "I",
           "the abstainer's label is flipped where x < 0.05 (an error on 5% of the mass, away "
           "from where it abstains)", learners={"abstention": _flipped_near_zero}),
    Mutant("labels-wrong-noise", "I",
           "labels are drawn with twice the noise: y ~ Bernoulli(1/2 + (eta - 1/2) / 2)",
           patches=(Patch("sims.active.stream", "draw_label",
                          lambda draw: lambda key, eta: draw(key, 0.5 + (eta - 0.5) / 2)),)),
    Mutant("labels-leak-bayes", "I",
           "a learner is told the Bayes label 1{eta >= 1/2} instead of a noisy one (a leak)",
           patches=(Patch("sims.active.stream", "draw_label",
                          lambda draw: lambda key, eta: (eta >= 0.5).astype(jnp.int32)),)),
    # Part III: model selection
    Mutant("moss-wrong-horizon", "III",
           "MOSS's index uses a horizon per arm H/K 1000 times too large",
           patches=(Patch("sims.selection.index_pool", "moss_index",
                          lambda index: lambda wins, pulls, scale: index(wins, pulls,
                                                                         scale * 1000.0)),)),
    Mutant("moss-no-exploration", "III",
           "MOSS's confidence radius is zero (after one pull each, the empirical best)",
           patches=(Patch("sims.selection.index_pool", "moss_index",
                          lambda index: lambda wins, pulls, scale: index(wins, pulls, 0.0)),)),
    Mutant("mosspp-schedule-off-by-one", "III",
           "MOSS++'s schedule uses p - 1 iterations of half the length",
           patches=(Patch("sims.selection.mosspp", "iteration_starts", _off_by_one_schedule),)),
    Mutant("parallel-wrong-best-mean", "III",
           "Parallel is told a best mean mu* 0.2 too high (every subroutine's empirical regret "
           "grows with its plays, so it switches away from the good ones)",
           learners={"parallel": with_params(lambda p: p._replace(best_mean=p.best_mean + 0.2))}),
    Mutant("linucb-wrong-coordinates", "III",
           "LinUCB++ and LinUCB Oracle keep the last d_i coordinates instead of the first",
           patches=(Patch("sims.selection.linucb", "kept", _wrong_kept),)),
)


def get(name: str) -> Mutant:
    """The mutant called ``name``; a ValueError lists the known names otherwise."""
    for mutant in MUTANTS:
        if mutant.name == name:
            return mutant
    raise ValueError(f"unknown mutant {name!r}; known: {', '.join(m.name for m in MUTANTS)}")
