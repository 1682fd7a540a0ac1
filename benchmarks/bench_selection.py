"""Wall time of the New Yorker table (Part III): the six multiple-best-arms learners x 100 runs x
10^5 rounds on 10,025 arms (testbed/claims/mba_newyorker_table.py at its quick tier, which is the
paper's setting, THEORY.md EXP-MBA-REAL).

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
from testbed.claims import mba_newyorker_table as newyorker


def measure(cell, n_instances: int) -> dict:
    """One row: first call (compile + run) and a timed call, on n_instances runs."""
    runner = Runner(cell.problem, cell.learner, cell.horizon, cell.checkpoints)
    setting = cell.settings[0]
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


def main() -> int:
    device = jax.devices()[0]
    tier = newyorker.TIERS["quick"]
    experiment = newyorker.experiment(tier)
    print(f"device: {device.platform} {device.device_kind}; New Yorker #652, "
          f"{tier.n_instances} runs x {tier.horizon} rounds per learner")
    rows = [measure(cell, tier.n_instances) for cell in experiment.cells]
    print(f"{'learner':>12} {'first call s':>12} {'run s':>7} {'inst-rounds/s':>13} "
          f"{'regret':>8} {'std':>7}")
    for r in rows:
        print(f"{r['learner']:>12} {r['first_call_s']:>12.1f} {r['run_s']:>7.1f} "
              f"{r['instance_rounds_per_s']:>13.3g} {r['final_regret_mean']:>8.0f} "
              f"{r['final_regret_std']:>7.0f}")
    total_first = sum(r["first_call_s"] for r in rows)
    total_run = sum(r["run_s"] for r in rows)
    print(f"whole table: {total_first:.0f} s with compiles, {total_run:.0f} s of runs")
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / f"selection-{device.platform}.json").write_text(json.dumps(
        {"rows": rows, "table_first_call_s": total_first, "table_run_s": total_run}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
