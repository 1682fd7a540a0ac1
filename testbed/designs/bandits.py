"""Shared set-up of the bandit claims: RegSq of the ridge oracle, learning rates derived in proofs,
and one sweep cell per (problem, learner)."""

import dataclasses
from collections.abc import Callable, Iterable

import numpy as np
import sympy as sp

from proofs import as_power_law
from proofs.bandits import RIDGE_REGSQ, RIDGE_REGSQ_MEAN, SPANNER_DESIGN_FACTOR
from proofs.symbols import C_opt, C_span, K, RegSq, T, d
from sims.bandits import LEARNERS
from sims.bandits.actions import ActionTable
from sims.bandits.drawn_tables import per_instance_tables
from sims.bandits.linear import LinearParams
from sims.bandits.policies import oracle_params
from sims.bandits.spanner import SPANNER_C
from sims.streams import on_stream
from sims.types import Learner, Problem, PyTree
from testbed.sweep import Cell, Setting


def ridge_regsq(dim: int, noise_scale: float, horizon: int) -> float:
    """RegSq(T) = sigma^2 d log T of the ridge oracle (proofs.bandits.RIDGE_REGSQ)."""
    return float(RIDGE_REGSQ.numeric()(sigma=noise_scale, d=dim, T=horizon))


# The ridge oracle's regulariser lambda in every bandit claim, and the norms its bound assumes:
# ||phi(x, a)|| <= 1 (unit action embeddings times sign, cube or all-ones contexts: coordinates in
# [-1, 1] scale a unit vector down, and ||z * x|| <= ||z|| max |x_i|) and ||theta*|| <= 1
# (sims.bandits.linear draws theta* on the unit sphere, or checks a fixed one).
RIDGE = 1.0
FEATURE_NORM = 1.0
THETA_NORM = 1.0


def ridge_regsq_mean(dim: int, noise_scale: float, horizon: np.ndarray | float) -> np.ndarray:
    """The ridge oracle's expected RegSq at ``horizon`` with its constants
    (proofs.bandits.RIDGE_REGSQ_MEAN at lambda = RIDGE, L = FEATURE_NORM, S = THETA_NORM)."""
    return RIDGE_REGSQ_MEAN.numeric()(d=dim, sigma=noise_scale, T=np.asarray(horizon, float),
                                      L=FEATURE_NORM, S=THETA_NORM, **{"lambda": RIDGE})


def derived_schedule(rate: sp.Expr, *, n_actions: int, dim: int, regsq: float
                     ) -> tuple[float, float]:
    """(scale, exponent) with rate_t = scale t^exponent, from a rate derived in proofs.bandits
    (gamma* or epsilon*) with K, d, RegSq and the spanner's C_opt = C^2 d, C = SPANNER_C set and
    T set to t (anytime tuning)."""
    concrete = rate.subs(C_opt, SPANNER_DESIGN_FACTOR).subs(
        {C_span: SPANNER_C, K: n_actions, d: dim, RegSq: regsq})
    return as_power_law(concrete, T)


def rate_setting(problem_params: PyTree, schedule: tuple[float, float]) -> Setting:
    """A setting of an oracle-based learner with rate scale * t^exponent (its columns
    rate_scale and rate_exponent) on a problem with ``problem_params``."""
    scale, exponent = schedule
    return Setting({"rate_scale": scale, "rate_exponent": exponent}, problem_params,
                   oracle_params(scale, exponent, RIDGE))


def bandit_cell(learner: str | Learner, problem_label: str, problem: Problem,
                actions: ActionTable, schedule: tuple[float, float], horizon: int,
                noise_scale: float, **labels: object) -> Cell:
    """One cell: ``learner`` (a Learner, or a sims.bandits.LEARNERS name built on ``actions``)
    with rate scale * t^exponent on the linear bandit ``problem`` with Gaussian noise
    ``noise_scale``; K, d and ``labels`` become columns."""
    if isinstance(learner, str):
        learner = LEARNERS[learner](actions)
    setting = rate_setting(LinearParams(np.float32(noise_scale)), schedule)
    columns = {"problem": problem_label, "learner": learner.name, "n_actions": actions.n_actions,
               "dim": actions.dim, **labels}
    return Cell(columns, problem, learner, (setting,), horizon)


def derived_cells(learners: Iterable[tuple[str | Learner, sp.Expr]], problem_label: str,
                  problem: Problem, actions: ActionTable, *, noise_scale: float, horizon: int,
                  **labels: object) -> list[Cell]:
    """One bandit_cell per (learner, rate), each rate derived for the table's K and d with
    RegSq at the horizon."""
    regsq = ridge_regsq(actions.dim, noise_scale, horizon)
    return [bandit_cell(learner, problem_label, problem, actions,
                        derived_schedule(rate, n_actions=actions.n_actions, dim=actions.dim,
                                         regsq=regsq),
                        horizon, noise_scale, **labels)
            for learner, rate in learners]


def drawn_table_cells(learners: Iterable[tuple[str, sp.Expr]], problem_label: str,
                      build_problem: Callable[[ActionTable], Problem], template: ActionTable, *,
                      noise_scale: float, horizon: int, **labels: object) -> list[Cell]:
    """derived_cells for sims.bandits.LEARNERS names on a problem whose K x d action table is
    drawn per instance (sims.bandits.drawn_tables; ``template`` fixes K and d only), so that
    intervals over instances include the table-to-table variation."""
    cells = []
    for name, rate in learners:
        problem, learner = per_instance_tables(template, build_problem, LEARNERS[name])
        cells += derived_cells([(learner, rate)], problem_label, problem, template,
                               noise_scale=noise_scale, horizon=horizon, **labels)
    return cells


def independent(cells: Iterable[Cell], stream: int) -> list[Cell]:
    """The cells on random stream ``stream`` (sims.streams.on_stream): no draw shared with
    stream 0, for comparisons between independent runs; a column "stream" says which."""
    moved = []
    for cell in cells:
        problem, learner = on_stream(cell.problem, cell.learner, stream)
        moved.append(dataclasses.replace(cell, labels={**cell.labels, "stream": stream},
                                         problem=problem, learner=learner))
    return moved
