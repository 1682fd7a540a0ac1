"""Wall time of the Part III experiments at the papers' sizes:
- the New Yorker table: the six multiple-best-arms learners x 100 runs x 10^5 rounds on 10,025
  arms (testbed/claims/mba_newyorker_table.py at its quick tier, Zhu & Nowak NeurIPS 2020 Figure 3);
- the linear Figure 1 curves: LinUCB, LinUCB Oracle, LinUCB++ and Dynamic Balancing x 100 runs x
  2,500 rounds at d = 600, K = 1,200, d* = 12 (testbed/claims/msl_linear_figure.py, full tier,
  Zhu & Nowak AISTATS 2022 Figure 1). A LinUCB round costs O(K d' + d'^2) on d' coordinates;
- the rate sweeps of the rate claims at their quick tier (testbed/claims/rate_sweep.py): every
  learner, hardness level, gap and horizon of the claim, compiles included.

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

from sims.run import Runner, batch_params
from testbed.claims import get
from testbed.claims import mba_newyorker_table as newyorker
from testbed.claims import msl_linear_figure as figure1
from testbed.sweep import run_experiment

RATE_CLAIMS = ("mba-mosspp-rate", "mba-parallel-minimax", "mba-pareto-frontier",
               "msl-linucbpp-rate")


def measure(cell, setting, n_instances: int) -> dict:
    """One row: first call (compile + run) and a timed call, on n_instances runs of ``setting``."""
    runner = Runner(cell.problem, cell.learner, cell.horizon, cell.checkpoints)
    params = batch_params([setting.problem_params]), batch_params([setting.learner_params])
    started = time.perf_counter()
    first = runner(jax.random.key(0), np.arange(n_instances), *params)
    jax.block_until_ready(first.totals)
    first_s = time.perf_counter() - started
    started = time.perf_counter()
    timed = runner(jax.random.key(1), np.arange(n_instances, 2 * n_instances), *params)
    jax.block_until_ready(timed.totals)
    run_s = time.perf_counter() - started
    regret = np.asarray(timed.totals["regret"])[0, :, -1]
    return {"learner": cell.learner.name, "instances": n_instances, "horizon": cell.horizon,
            "first_call_s": first_s, "run_s": run_s,
            "instance_rounds_per_s": n_instances * cell.horizon / run_s,
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


def sweep_seconds(claim_id: str) -> float:
    """Wall seconds of one rate claim's quick-tier sweep, compiles included."""
    claim = get(claim_id)
    started = time.perf_counter()
    run_experiment(claim.experiment(claim.tier("quick")), seed=0, code_version="bench")
    seconds = time.perf_counter() - started
    print(f"rate sweep {claim_id} (quick): {seconds:.0f} s")
    return seconds


def main() -> int:
    device = jax.devices()[0]
    print(f"device: {device.platform} {device.device_kind}")
    tier = newyorker.TIERS["quick"]
    rows = [measure(cell, cell.settings[0], tier.n_instances)
            for cell in newyorker.experiment(tier).cells]
    table_first, table_run = report(
        f"New Yorker #652, {tier.n_instances} runs x {tier.horizon} rounds per learner", rows)
    linear_tier = figure1.TIERS["full"]
    linear_rows = [measure(cell, setting, linear_tier.n_instances)
                   for cell in figure1.experiment(linear_tier).cells for setting in cell.settings
                   if setting.labels["d_star"] == figure1.CURVE_D_STAR]
    linear_first, linear_run = report(
        f"linear Figure 1 at d* = {figure1.CURVE_D_STAR}, {linear_tier.n_instances} runs x "
        f"{linear_tier.horizon} rounds per learner", linear_rows)
    sweeps = {claim_id: sweep_seconds(claim_id) for claim_id in RATE_CLAIMS}
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / f"selection-{device.platform}.json").write_text(json.dumps(
        {"rows": rows, "table_first_call_s": table_first, "table_run_s": table_run,
         "linear_rows": linear_rows, "linear_first_call_s": linear_first,
         "linear_run_s": linear_run, "rate_sweep_s": sweeps}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
