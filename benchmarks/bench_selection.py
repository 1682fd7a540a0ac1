"""Wall time of the Part III simulations at the papers' sizes:
- the New Yorker table: the multiple-best-arms learners x 400 runs x 10^5 rounds on 10,025 arms
  (the sizes of claim mba-newyorker-table at its quick tier, Zhu & Nowak NeurIPS 2020 Figure 3);
- the linear Figure 1 curves: LinUCB, LinUCB Oracle, LinUCB++ and Dynamic Balancing x 100 runs x
  2,500 rounds at d = 600, K = 1,200, d* = 12 (claim msl-linear-figure at its full tier, Zhu &
  Nowak AISTATS 2022 Figure 1). A LinUCB round costs O(K d' + d'^2) on d' coordinates.
A whole claim's sweep (the rate claims' grids of levels, gaps and horizons) is timed by the
testbed itself: `testbed check CLAIM --tier quick` reports its simulation wall time.

Per learner: the first call (compile + run) and a second, timed call with other instances (run
only), and instance-rounds per second of the second. The issue asks for minutes, not hours, for
the whole table. Every learner costs O(S / 128 + 128) per round on S candidates (the two-level
argmax of sims.selection.index_pool), not O(n).

Run: `make bench`. Results: benchmarks/results/selection-<platform>.json.
"""

import json
import sys
import time
from pathlib import Path

import jax
import numpy as np

from proofs.selection import moss_oracle_sample
from sims.run import Runner, batch_params
from sims.selection import (ARM_LEARNERS, LINEAR_LEARNERS, ArmMeans, Arms, LinearSizes,
                            moss_oracle, multiple_best_arms, nested_linear, nested_linear_params,
                            told_params)
from sims.types import Learner, Problem, PyTree

NEWYORKER = Path(__file__).resolve().parents[1] / "testbed" / "data" / "newyorker_652_arm_means.npy"
NEWYORKER_RUNS, NEWYORKER_HORIZON = 400, 100_000
LINEAR_RUNS, LINEAR_HORIZON, LINEAR_SHAPE, LINEAR_D_STAR = 100, 2_500, (600, 1_200), 12
RECORD_EVERY = {NEWYORKER_HORIZON: 1_000, LINEAR_HORIZON: 100}  # the claims' curve points


def measure(problem: Problem, learner: Learner, params: tuple[PyTree, PyTree], horizon: int,
            n_instances: int) -> dict:
    """One row: first call (compile + run) and a timed call, on n_instances runs of ``learner``
    on ``problem`` under (problem params, learner params)."""
    step = RECORD_EVERY[horizon]
    runner = Runner(problem, learner, horizon, list(range(step, horizon + 1, step)))
    params = batch_params([params[0]]), batch_params([params[1]])
    started = time.perf_counter()
    first = runner(jax.random.key(0), np.arange(n_instances), *params)
    jax.block_until_ready(first.totals)
    first_s = time.perf_counter() - started
    started = time.perf_counter()
    timed = runner(jax.random.key(1), np.arange(n_instances, 2 * n_instances), *params)
    jax.block_until_ready(timed.totals)
    run_s = time.perf_counter() - started
    regret = np.asarray(timed.totals["regret"])[0, :, -1]
    return {"learner": learner.name, "instances": n_instances, "horizon": horizon,
            "first_call_s": first_s, "run_s": run_s,
            "instance_rounds_per_s": n_instances * horizon / run_s,
            "final_regret_mean": float(regret.mean()), "final_regret_std": float(regret.std())}


def report(title: str, rows: list[dict]) -> tuple[float, float]:
    """Print the rows; the total seconds with compiles and of runs."""
    print(title)
    print(f"{'learner':>18} {'first call s':>12} {'run s':>7} {'inst-rounds/s':>13} "
          f"{'regret':>8} {'std':>7}")
    for r in rows:
        print(f"{r['learner']:>18} {r['first_call_s']:>12.1f} {r['run_s']:>7.1f} "
              f"{r['instance_rounds_per_s']:>13.3g} {r['final_regret_mean']:>8.0f} "
              f"{r['final_regret_std']:>7.0f}")
    total_first = sum(r["first_call_s"] for r in rows)
    total_run = sum(r["run_s"] for r in rows)
    print(f"whole experiment: {total_first:.0f} s with compiles, {total_run:.0f} s of runs")
    return total_first, total_run


def newyorker_rows() -> list[dict]:
    """Every multiple-best-arms learner on the New Yorker instance; MOSS Oracle samples
    min(n, psi log sqrt T) arms with the true psi = n/m."""
    means = np.load(NEWYORKER, allow_pickle=False).astype(np.float32)
    n, horizon = means.size, NEWYORKER_HORIZON
    problem = multiple_best_arms(means, name="newyorker-652")
    psi = n / int(np.sum(means == means.max()))
    oracle = moss_oracle(n, horizon, moss_oracle_sample(n, horizon, psi))
    learners = [oracle if name == "moss-oracle" else build(Arms(n, horizon))
                for name, build in ARM_LEARNERS.items()]
    instance = ArmMeans(means)
    return [measure(problem, learner, (instance, told_params(learner, instance)), horizon,
                    NEWYORKER_RUNS) for learner in learners]


def linear_rows() -> list[dict]:
    """Every nested-linear learner on Figure 1's problem at d* = LINEAR_D_STAR."""
    dim, n_actions = LINEAR_SHAPE
    problem = nested_linear(dim, n_actions, LINEAR_D_STAR)
    space = LinearSizes(n_actions, dim, LINEAR_D_STAR, LINEAR_HORIZON)
    learners = [build(space) for build in LINEAR_LEARNERS.values()]
    return [measure(problem, learner, (nested_linear_params(LINEAR_D_STAR), learner.default_params),
                    LINEAR_HORIZON, LINEAR_RUNS) for learner in learners]


def main() -> int:
    device = jax.devices()[0]
    print(f"device: {device.platform} {device.device_kind}")
    rows = newyorker_rows()
    table_first, table_run = report(
        f"New Yorker #652, {NEWYORKER_RUNS} runs x {NEWYORKER_HORIZON} rounds per learner", rows)
    linear = linear_rows()
    linear_first, linear_run = report(
        f"linear Figure 1 at d* = {LINEAR_D_STAR}, {LINEAR_RUNS} runs x {LINEAR_HORIZON} rounds "
        f"per learner", linear)
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / f"selection-{device.platform}.json").write_text(json.dumps(
        {"rows": rows, "table_first_call_s": table_first, "table_run_s": table_run,
         "linear_rows": linear, "linear_first_call_s": linear_first,
         "linear_run_s": linear_run}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
