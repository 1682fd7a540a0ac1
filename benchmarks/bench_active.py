"""Throughput of the active-learning simulator (Part I), and scikit-activeml beside it.

Part 1, the project: stream points and label queries per second, summed over instances, for the
version-space learners (sims.active.learners) on the hard 1-d threshold family (boundary in the
noise well, sigma* = 0.1, gamma = 0.25, delta = 0.05), HORIZON rounds each:
  - every rule at |F| = 1024 functions and 1000 instances (the issue's reference size);
  - the abstainer at |F| in {256, 1024, 4096} (1000 instances) and at 100 ... 4000 instances
    (|F| = 1024): how the cost grows with the class and the batch.
Each round evaluates all of F at the stream point and at the evaluation point, so the work per
instance-round is O(|F|); the compile time is reported apart.

Part 2, the peer (benchmarks/skactiveml_peer.py): scikit-activeml's stream-based
VariableUncertainty with logistic regression, one instance at a time, on the first PEER_INSTANCES
instances of the reference rows (same seed, same stream points and labels); its label queries per
second against the project's instance-queries per second (the issue asks for >= 100x). The two do not query the same points (scikit-activeml's
budget manager caps its rate at BUDGET), so the comparison is of speed per label query, not of
label complexity; the claims in testbed/claims/ compare learners' labels.

Run: `make bench` (installs scikit-activeml). Results: benchmarks/results/active-<platform>.json.
"""

import json
import sys
import time
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np

from sims.active import LEARNERS, hard_class, stream_problem
from sims.active.learners import RULES, version_space_params
from sims.active.stream import stream_params
from sims.run import Runner, batch_params
from skactiveml_peer import BUDGET, instance_stream, run_skactiveml

LEVELS = (0.0125, 0.025, 0.05, 0.1, 0.2, 0.3, 0.4, 0.45)  # S = 8: |F| = 8 x boundaries
SIGMA, GAMMA = 0.1, 0.25
HORIZON = 4096
REFERENCE_SIZE, REFERENCE_INSTANCES = 1024, 1000
SIZES = (256, 1024, 4096)
BATCHES = (100, 1000, 4000)
PEER_INSTANCES, PEER_HORIZON = 4, 2000
SEED = 0  # the key of the timed runs; the peer's instances are theirs


def measure(size: int, n_instances: int, rule: str) -> dict:
    """One row: stream points and label queries per second over n_instances, compile apart."""
    cls = hard_class(LEVELS, size // len(LEVELS))
    runner = Runner(stream_problem(cls), LEARNERS[rule](cls), HORIZON, checkpoints=[HORIZON])
    args = (jnp.arange(n_instances), batch_params([stream_params(cls, GAMMA, SIGMA)]),
            batch_params([version_space_params(GAMMA)]))
    started = time.perf_counter()
    jax.block_until_ready(runner(jax.random.key(SEED + 1), *args).totals)  # compiles
    first = time.perf_counter() - started
    started = time.perf_counter()
    totals = jax.block_until_ready(runner(jax.random.key(SEED), *args).totals)
    spent = time.perf_counter() - started
    labels = float(np.asarray(totals["labels"])[0, :, -1].sum())
    return {"learner": rule, "class_size": cls.size, "instances": n_instances,
            "rounds": HORIZON, "seconds": spent, "compile_s": max(first - spent, 0.0),
            "stream_points_per_s": n_instances * HORIZON / spent,
            "label_queries_per_s": labels / spent,
            "labels_per_instance": labels / n_instances}


def peer_rows() -> list[dict]:
    """scikit-activeml on instances 0 .. PEER_INSTANCES - 1 of the reference rows (seed 0)."""
    cls = hard_class(LEVELS, REFERENCE_SIZE // len(LEVELS))
    rows = []
    for instance in range(PEER_INSTANCES):
        xs, labels = instance_stream(cls, stream_params(cls, GAMMA, SIGMA), SEED, instance,
                                     PEER_HORIZON)
        queries, spent = run_skactiveml(xs, labels, seed=instance)
        rows.append({"learner": "skactiveml VariableUncertainty + LogisticRegression",
                     "instance": instance, "budget": BUDGET, "rounds": PEER_HORIZON,
                     "label_queries": queries, "seconds": spent,
                     "label_queries_per_s": queries / spent,
                     "stream_points_per_s": PEER_HORIZON / spent})
    return rows


def main() -> int:
    device = jax.devices()[0]
    print(f"device: {device.platform} {device.device_kind}; {HORIZON} rounds per instance")
    rows = [measure(REFERENCE_SIZE, REFERENCE_INSTANCES, rule) for rule in RULES]
    rows += [measure(size, REFERENCE_INSTANCES, "abstention") for size in SIZES
             if size != REFERENCE_SIZE]
    rows += [measure(REFERENCE_SIZE, n, "abstention") for n in BATCHES
             if n != REFERENCE_INSTANCES]
    print(f"{'learner':>13} {'|F|':>5} {'N':>5} {'points/s':>10} {'queries/s':>10} "
          f"{'labels/inst':>11} {'compile s':>9}")
    for r in rows:
        print(f"{r['learner']:>13} {r['class_size']:>5} {r['instances']:>5} "
              f"{r['stream_points_per_s']:>10.3g} {r['label_queries_per_s']:>10.3g} "
              f"{r['labels_per_instance']:>11.1f} {r['compile_s']:>9.2f}")
    peers = peer_rows()
    peer_rate = float(np.mean([p["label_queries_per_s"] for p in peers]))
    ours = next(r for r in rows if r["learner"] == "abstention"
                and r["class_size"] == REFERENCE_SIZE and r["instances"] == REFERENCE_INSTANCES)
    print(f"scikit-activeml: {peer_rate:.3g} label queries/s, "
          f"{np.mean([p['stream_points_per_s'] for p in peers]):.3g} stream points/s "
          f"(one instance at a time, {PEER_INSTANCES} instances of {PEER_HORIZON} points)")
    print(f"abstention / scikit-activeml, label queries per second: "
          f"{ours['label_queries_per_s'] / peer_rate:.3g}x (target >= 100x)")
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / f"active-{device.platform}.json").write_text(
        json.dumps({"simulators": rows, "scikit_activeml": peers}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
