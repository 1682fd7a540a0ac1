"""Throughput of the bandit simulators on the linear contextual bandit, and Vowpal Wabbit beside them.

Part 1, the project: instance-rounds per second and compile time for uniform (the environment
alone), SquareCB and SpannerIGW at K in {10, 10^3, 10^4, 10^5} and d in {8, 16}, with INSTANCES
instances (fewer at K = 10^5, so that the N x K scores fit in memory). Each round scores all K
actions once for the environment (the best mean, for the regret) and once per ArgMax-oracle call
of the learner; the table reports those scoring passes, the GFLOP/s they amount to (2 N K d flops
each) against the machine's matrix-multiply peak, and the memory traffic they would cost if each
pass wrote its N x K scores and read them back once, against the memory bandwidth
(measured on this 2-core machine: ~180 GFLOP/s float32 GEMM, ~40 GB/s streaming reads).

Part 2, the peer (benchmarks/vw_peer.py): Vowpal Wabbit --cb_explore_adf --squarecb, with and
without --large_action_space, one instance at a time, at K in {10, 10^3, 10^4}, d = 8, and the
regret it reaches against SquareCB and SpannerIGW on the same instances (K = 10^3, d = 8).

Run: `make bench` (installs vowpalwabbit). Results: benchmarks/results/bandits-<platform>.json.
"""

import json
import sys
import time
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np

from sims.bandits import bandit_metrics, linear_contextual_bandit, sphere_actions
from sims.bandits.large_actions import spanner_igw
from sims.bandits.policies import squarecb, uniform
from sims.run import Runner, batch_params, program_bytes
from vw_peer import VW_MODES, instance_stream, run_vw

INSTANCES = 1000
SIZES = [(10, 8, 4096), (1000, 8, 512), (10_000, 8, 64), (100_000, 8, 8),
         (10, 16, 4096), (1000, 16, 256), (10_000, 16, 32), (100_000, 16, 4)]  # (K, d, rounds)
FEW_INSTANCES_FROM = 100_000  # K at which only INSTANCES // 10 instances are run
PEAK_GFLOPS, PEAK_GBPS = 180.0, 40.0
REFERENCE = {10: 3.6e6, 1000: 1.0e6, 10_000: 1.0e5}  # quick SquareCB prototype, d = 8
TARGETS = [("squarecb", "squarecb", 3e5, 40_000),  # (learner, VW mode, instance-rounds/s, x VW)
           ("spanner-igw", "squarecb+las", 1.5e4, 1)]
VW_ROUNDS = {10: 1000, 1000: 100, 10_000: 10}
REGRET_K, REGRET_DIM, REGRET_HORIZON, REGRET_INSTANCES = 1000, 8, 1024, 4
MODEL_FACTOR = 2.0  # a wall-time prediction within this factor of the measurement holds
MODEL_SIZES = [(1000, 100), (1000, 200), (10_000, 100), (10_000, 200)]  # (K, N) of memory_model
MODEL_SPREAD = 0.1  # bytes per instance and action within 10% of the learner's mean


def problem_for(n_actions: int, dim: int):
    actions = sphere_actions(0, n_actions, dim)
    return linear_contextual_bandit(actions, "gaussian", "cube"), actions


def run_arguments(problem, learner, n_instances: int, seed: int) -> tuple:
    """The runner's arguments for instances 0..n-1 under the default params."""
    return (jax.random.key(seed), jnp.arange(n_instances),
            batch_params([problem.default_params]), batch_params([learner.default_params]))


def timed_run(runner: Runner, problem, learner, n_instances: int, seed: int):
    args = run_arguments(problem, learner, n_instances, seed)
    started = time.perf_counter()
    totals = jax.block_until_ready(runner(*args).totals)
    return totals, time.perf_counter() - started


def measure(n_actions: int, dim: int, horizon: int, make_learner) -> dict:
    """One (K, d, learner) row: throughput, compile time, scoring passes and fractions of peak."""
    problem, actions = problem_for(n_actions, dim)
    learner = make_learner(actions)
    n = INSTANCES // 10 if n_actions >= FEW_INSTANCES_FROM else INSTANCES
    runner = Runner(problem, learner, horizon, checkpoints=[horizon], metrics=bandit_metrics)
    started = time.perf_counter()
    runner.compile(*run_arguments(problem, learner, n, seed=0))
    compile_s = time.perf_counter() - started
    timed_run(runner, problem, learner, n, seed=0)  # the first run, its buffers allocated
    totals, run = timed_run(runner, problem, learner, n, seed=1)
    calls = float(np.mean(totals["oracle_calls"])) / horizon if "oracle_calls" in totals else 0.0
    passes = 1.0 + calls
    per_s = n * horizon / run
    gflops = passes * 2 * n_actions * dim * per_s / 1e9
    gbps = passes * 2 * 4 * n_actions * per_s / 1e9
    return {"K": n_actions, "d": dim, "learner": learner.name, "instances": n, "rounds": horizon,
            "instance_rounds_per_s": per_s, "ms_per_round": 1e3 * run / horizon,
            "compile_s": compile_s, "scoring_passes": passes, "gflops": gflops,
            "fraction_of_matmul_peak": gflops / PEAK_GFLOPS, "materialised_gbps": gbps,
            "fraction_of_bandwidth": gbps / PEAK_GBPS, "traces": runner.traces}


def time_model(rows: list[dict]) -> list[dict]:
    """The README's wall-time model, checked: per learner, seconds per instance-round
    s = a + b * passes * K * d (a: the round's fixed work; b: seconds per multiply-add of the
    scoring passes), fitted by least relative squares on the d = 8 rows and predicting the d = 16
    rows, which it has not seen; a prediction within a factor MODEL_FACTOR counts as held."""
    checked = []
    for learner in sorted({r["learner"] for r in rows}):
        mine = [r for r in rows if r["learner"] == learner]
        fit = [r for r in mine if r["d"] == 8]
        work = np.array([[1.0, r["scoring_passes"] * r["K"] * r["d"]] for r in fit])
        seconds = np.array([1.0 / r["instance_rounds_per_s"] for r in fit])
        (a, b), *_ = np.linalg.lstsq(work / seconds[:, None], np.ones(len(fit)), rcond=None)
        for r in mine:
            if r["d"] == 8:
                continue
            predicted = a + b * r["scoring_passes"] * r["K"] * r["d"]
            ratio = (1.0 / r["instance_rounds_per_s"]) / predicted
            checked.append({"learner": learner, "K": r["K"], "d": r["d"], "a_s": a, "b_s": b,
                            "measured_over_predicted": ratio,
                            "held": 1 / MODEL_FACTOR <= ratio <= MODEL_FACTOR})
    return checked


def memory_model() -> list[dict]:
    """The README's memory model, checked: a chunk's program holds m bytes per instance and action
    of a block (its scores and the learner's per-action temporaries; a block is all N instances
    unless they run in blocks, Runner.pairs_in_a_block), so bytes / (min(N, B) K) is the same
    constant m at every N and K of MODEL_SIZES (within MODEL_SPREAD of their mean)."""
    found = []
    for make in (squarecb, spanner_igw):
        for n_actions, n in MODEL_SIZES:
            problem, actions = problem_for(n_actions, 8)
            learner = make(actions)
            runner = Runner(problem, learner, 64, checkpoints=[64], metrics=bandit_metrics)
            compiled = runner.compile(*run_arguments(problem, learner, n, seed=0))
            block = runner.pairs_in_a_block(n, jax.random.key(0), problem.default_params,
                                            learner.default_params)
            found.append({"learner": learner.name, "K": n_actions, "d": 8, "instances": n,
                          "block": block, "bytes": program_bytes(compiled),
                          "bytes_per_instance_action": program_bytes(compiled)
                          / (block * n_actions)})
    for learner in {r["learner"] for r in found}:
        mine = [r for r in found if r["learner"] == learner]
        mean = np.mean([r["bytes_per_instance_action"] for r in mine])
        for r in mine:
            r["held"] = abs(r["bytes_per_instance_action"] / mean - 1) <= MODEL_SPREAD
    return found


def measure_vw(mode: str, n_actions: int) -> dict:
    """VW's rounds per second on one instance (d = 8)."""
    problem, actions = problem_for(n_actions, 8)
    stream = instance_stream(problem, actions, seed=0, instance=0, horizon=VW_ROUNDS[n_actions])
    _, spent = run_vw(mode, actions, stream, seed=0)
    return {"K": n_actions, "d": 8, "learner": f"vw {mode}", "instances": 1,
            "rounds": VW_ROUNDS[n_actions], "instance_rounds_per_s": VW_ROUNDS[n_actions] / spent}


def regret_table() -> list[dict]:
    """Mean regret at REGRET_HORIZON over the same REGRET_INSTANCES instances (seed 0)."""
    problem, actions = problem_for(REGRET_K, REGRET_DIM)
    rows = []
    for make in (squarecb, spanner_igw):
        learner = make(actions)
        runner = Runner(problem, learner, REGRET_HORIZON, checkpoints=[REGRET_HORIZON],
                        metrics=bandit_metrics)
        totals, _ = timed_run(runner, problem, learner, REGRET_INSTANCES, seed=0)
        rows.append({"learner": learner.name, "regret": np.asarray(totals["regret"])[0, :, -1]})
    for mode in VW_MODES:
        streams = [instance_stream(problem, actions, 0, i, REGRET_HORIZON)
                   for i in range(REGRET_INSTANCES)]
        regrets = [run_vw(mode, actions, s, seed=i)[0] for i, s in enumerate(streams)]
        rows.append({"learner": f"vw {mode}", "regret": np.asarray(regrets)})
    return [{"learner": r["learner"], "mean_regret": float(r["regret"].mean()),
             "std_error": float(r["regret"].std(ddof=1) / np.sqrt(r["regret"].size)),
             "K": REGRET_K, "d": REGRET_DIM, "T": REGRET_HORIZON,
             "instances": REGRET_INSTANCES} for r in rows]


def main() -> int:
    device = jax.devices()[0]
    print(f"device: {device.platform} {device.device_kind}; peaks {PEAK_GFLOPS:g} GFLOP/s, "
          f"{PEAK_GBPS:g} GB/s")
    rows = [measure(k, d, rounds, make) for k, d, rounds in SIZES
            for make in (uniform, squarecb, spanner_igw)]
    print(f"{'K':>6} {'d':>3} {'learner':>12} {'N':>5} {'inst-rounds/s':>14} {'compile s':>9} "
          f"{'passes':>7} {'GFLOP/s':>8} {'%peak':>6} {'GB/s*':>6} {'%bw':>5} {'ref':>7}")
    for r in rows:
        ref = f"{REFERENCE[r['K']]:.2g}" if r["learner"] == "squarecb" and r["d"] == 8 \
            and r["K"] in REFERENCE else ""
        print(f"{r['K']:>6} {r['d']:>3} {r['learner']:>12} {r['instances']:>5} "
              f"{r['instance_rounds_per_s']:>14.3g} {r['compile_s']:>9.2f} "
              f"{r['scoring_passes']:>7.1f} {r['gflops']:>8.1f} "
              f"{100 * r['fraction_of_matmul_peak']:>6.1f} {r['materialised_gbps']:>6.1f} "
              f"{100 * r['fraction_of_bandwidth']:>5.1f} {ref:>7}")
    print("* if every scoring pass wrote its N x K scores and read them back once")
    peers = [measure_vw(mode, k) for k in VW_ROUNDS for mode in VW_MODES]
    for r in peers:
        print(f"{r['K']:>6} {r['d']:>3} {r['learner']:>16} {r['instances']:>5} "
              f"{r['instance_rounds_per_s']:>10.3g} rounds/s (one instance)")
    for learner, mode, least, times in TARGETS:
        ours = next(r for r in rows if r["learner"] == learner and r["K"] == 10_000
                    and r["d"] == 8)["instance_rounds_per_s"]
        peer = next(r for r in peers if r["learner"] == f"vw {mode}"
                    and r["K"] == 10_000)["instance_rounds_per_s"]
        print(f"{learner} at K = 10^4, d = 8: {ours:.3g} instance-rounds/s (target >= "
              f"{least:.2g}: {'met' if ours >= least else 'NOT met'}), {ours / peer:,.0f}x VW "
              f"{mode} in this run (target >= {times:,}x: "
              f"{'met' if ours / peer >= times else 'NOT met'})")
    timing = time_model(rows)
    print(f"wall-time model s = a + b passes K d per instance-round, fitted at d = 8, "
          f"predicting d = 16 (held: within {MODEL_FACTOR:g}x):")
    for r in timing:
        print(f"  {r['learner']:>12} K = {r['K']:>6}: measured / predicted "
              f"{r['measured_over_predicted']:5.2f} ({'held' if r['held'] else 'NOT held'}; "
              f"a = {r['a_s']:.2e} s, b = {r['b_s']:.2e} s)")
    memory = memory_model()
    print(f"memory model bytes = m min(N, B) K (held: within {100 * MODEL_SPREAD:g}% of the "
          f"learner's mean m):")
    for r in memory:
        print(f"  {r['learner']:>12} K = {r['K']:>6} N = {r['instances']:>4} "
              f"(blocks of {r['block']:>4}): {r['bytes']:>12,} "
              f"bytes, m = {r['bytes_per_instance_action']:6.1f} "
              f"({'held' if r['held'] else 'NOT held'})")
    regrets = regret_table()
    print(f"regret at T = {REGRET_HORIZON}, K = {REGRET_K}, d = {REGRET_DIM}, "
          f"{REGRET_INSTANCES} instances (seed 0), mean +- standard error:")
    for r in regrets:
        print(f"  {r['learner']:>18} {r['mean_regret']:9.1f} +- {r['std_error']:.1f}")
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / f"bandits-{device.platform}.json").write_text(
        json.dumps({"simulators": rows, "vowpal_wabbit": peers, "regret": regrets,
                    "time_model": timing, "memory_model": memory}, indent=2, default=bool))
    return 0


if __name__ == "__main__":
    sys.exit(main())
