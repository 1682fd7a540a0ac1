"""Throughput of the bandit simulators on the linear contextual bandit, d = 8, 1000 instances.

Reports instance-rounds per second and compile time for K in {10, 1000, 10^4}, and where the time
goes: the environment alone (a uniform learner that scores nothing), SquareCB (the environment
plus the learner's scoring, argmax and ridge update) and SpannerIGW (plus a barycentric spanner of
the reweighted embeddings every round). Run: `make bench`.
Reference (../shared/PERF-NOTES.md, same machine): a vmapped prototype reached 3.6M (K = 10),
1M (K = 1000) and 0.1M (K = 10^4) instance-rounds/s.
"""

import json
import sys
import time
from pathlib import Path

import jax
import jax.numpy as jnp

from sims.bandits import bandit_metrics, linear_contextual_bandit, sphere_actions
from sims.bandits.large_actions import spanner_igw
from sims.bandits.policies import squarecb, uniform
from sims.run import Runner, batch_params

DIM, INSTANCES = 8, 1000
HORIZONS = {10: 4096, 1000: 512, 10_000: 64}  # rounds per timed run
REFERENCE = {10: 3.6e6, 1000: 1.0e6, 10_000: 1.0e5}


def measure(n_actions: int, make_learner) -> dict:
    actions = sphere_actions(0, n_actions, DIM)
    problem = linear_contextual_bandit(actions, "gaussian", "cube")
    learner = make_learner(actions)
    horizon = HORIZONS[n_actions]
    runner = Runner(problem, learner, horizon, checkpoints=[horizon], metrics=bandit_metrics)
    args = (jnp.arange(INSTANCES), batch_params([problem.default_params]),
            batch_params([learner.default_params]))
    started = time.perf_counter()
    jax.block_until_ready(runner(jax.random.key(0), *args).totals)
    first = time.perf_counter() - started
    started = time.perf_counter()
    jax.block_until_ready(runner(jax.random.key(1), *args).totals)
    run = time.perf_counter() - started
    return {"K": n_actions, "learner": learner.name, "rounds": horizon,
            "instance_rounds_per_s": INSTANCES * horizon / run, "ms_per_round": 1e3 * run / horizon,
            "compile_s": first - run, "traces": runner.traces}


def main() -> int:
    rows = [measure(k, make) for k in HORIZONS for make in (uniform, squarecb, spanner_igw)]
    device = jax.devices()[0]
    print(f"device: {device.platform} {device.device_kind}; d = {DIM}, {INSTANCES} instances")
    print(f"{'K':>6} {'learner':>12} {'inst-rounds/s':>14} {'ms/round':>9} {'compile s':>10} "
          f"{'reference':>10}")
    for r in rows:
        reference = f"{REFERENCE[r['K']]:.2g}" if r["learner"] == "squarecb" else ""
        print(f"{r['K']:>6} {r['learner']:>12} {r['instance_rounds_per_s']:>14.3g} "
              f"{r['ms_per_round']:>9.3f} {r['compile_s']:>10.2f} {reference:>10}")
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / f"bandits-{device.platform}.json").write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
