"""The command line: testbed list | check | report | calibrate | mutants list | mutants run."""

import argparse
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import partial
from pathlib import Path

import jax
import pandas as pd

from sims.mutants import Mutant
from testbed import calibrate as calibration
from testbed import interrupt, mutants, output_folder, provenance
from testbed.compiled import COMPILED, keep_compiled
from testbed.checks import FAILED, VOID
from testbed.claim import FAMILY_ALPHA, TIERS, Claim, Tier
from testbed.claim_file import resolve
from testbed.claims import REGISTRY, get
from testbed.compare import COMPARISON, comparison
from testbed.devices import default_threads, parse_memory
from testbed.errors import ClusterError, InputError, ResultsError
from testbed.in_turn import first_look_cells, in_turn
from testbed.outputs import (FIGURES, REPORT, SECTIONS, TABLES, ClaimResult, evaluate, publish,
                             run_label)
from testbed.report import CALIBRATION_TABLE, MUTANT_TABLE, claims_markdown, verdict_table
from testbed.runs import ClaimRun, run_claim, run_name
from testbed.settle import Look, parse_budget, replay
from testbed.store import CELLS, RUNS, RunStore, write_atomically
from testbed.sweep import Backend, LocalBackend

MUTANTS = "mutants"  # the mutants' cells, under the output folder
WRITES = {"check": (CELLS, RUNS, FIGURES, TABLES, SECTIONS, COMPILED),  # the folders each
          "report": (FIGURES, TABLES, SECTIONS),                    # command writes
          "calibrate": (calibration.CALIBRATION, COMPILED), "mutants": (MUTANTS, COMPILED)}


class HelpWithDefaults(argparse.ArgumentDefaultsHelpFormatter):
    """--help that shows each option's default, where it has one."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        if action.default in (None, False, argparse.SUPPRESS):
            return action.help
        return super()._get_help_string(action)


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="testbed", description=__doc__,
                                     formatter_class=HelpWithDefaults)
    commands = parser.add_subparsers(dest="command", required=True)

    def add(subparsers, name: str, text: str) -> argparse.ArgumentParser:
        return subparsers.add_parser(name, help=text, description=text,
                                     formatter_class=HelpWithDefaults)

    listing = add(commands, "list", "list the registered claims")
    listing.add_argument("--markdown", action="store_true",
                         help="print the README's table of claims instead")
    for name, text in (("check", "run claims, check them, write results, figures and report"),
                       ("report", "check stored results again and rewrite figures and report")):
        command = add(commands, name, text)
        command.add_argument("claims", nargs="*", metavar="CLAIM", help="claim ids (default: all)")
        tier_and_out(command, "quick")
        command.add_argument("--seed", default="0", help="a non-negative integer" + (
            "; several, comma-separated, pool their stored instances" if name == "report"
            else ""))
        command.add_argument("--horizon", help="the largest horizon T instead of the tier's")
        command.add_argument("--compare", type=Path, metavar="BASELINE_DIR",
                             help="set each run's verdicts and statistics beside the same run "
                                  "stored under BASELINE_DIR (another --out); writes "
                                  "comparison.md")
        if name == "check":
            command.add_argument("--instances", help="instances of the first look instead of "
                                                     "the tier's")
            command.add_argument("--budget", help="the most instances the looks may reach "
                                                  "(default 4 times the first look's), or "
                                                  "seconds after which no new look starts, "
                                                  "e.g. 600s")
            command.add_argument("--rerun", action="store_true",
                                 help="simulate again even if finished cells are stored")
            command.add_argument("--backend", choices=("local", "dask"), default="local",
                                 help="where the chunks of instances run: this process, or a "
                                      "Dask cluster")
            command.add_argument("--threads", metavar="N",
                                 help="chunks that run at once on this machine: threads of "
                                      "--backend local, worker processes of a local Dask "
                                      "cluster (default: one per core)")
            command.add_argument("--memory-budget", metavar="SIZE",
                                 help="the most memory one chunk of --backend local may take, "
                                      "e.g. 8GiB (default: half the free memory of a device, "
                                      "shared by the threads on it); a chunk that needs more "
                                      "runs as smaller batches")
            command.add_argument("--scheduler", metavar="ADDRESS",
                                 help="the Dask scheduler of --backend dask, e.g. "
                                      "tcp://10.0.0.5:8786 (default: a local cluster, one "
                                      "worker per core)")
    mutant_parser = add(commands, "mutants", "measure the claims' power on known bugs")
    verbs = mutant_parser.add_subparsers(dest="verb", required=True)
    add(verbs, "list", "each mutant with the claims expected to catch it").add_argument(
        "--markdown", action="store_true", help="print the README's table of mutants instead")
    run = add(verbs, "run", "run mutants through their catchers; exit 0 when every one is caught")
    run.add_argument("mutants", nargs="*", metavar="MUTANT", help="mutant names (default: all)")
    tier_and_out(run, "quick")
    run.add_argument("--seed", default="0", help="a non-negative integer")
    run.add_argument("--all", action="store_true", dest="every",
                     help="run every catcher, not only up to the first that catches the mutant")
    calibrate = add(commands, "calibrate", "measure the claims' false-alarm and inconclusive "
                                           "rates over seeds")
    calibrate.add_argument("claims", nargs="*", metavar="CLAIM", help="claim ids (default: all)")
    tier_and_out(calibrate, "smoke")
    calibrate.add_argument("--seeds", default="20", help="the number of seeds, 0..S-1")
    return parser.parse_args(argv)


def tier_and_out(command: argparse.ArgumentParser, tier: str) -> None:
    """The --tier (default ``tier``) and --out options every running command has."""
    command.add_argument("--tier", default=tier, help=f"one of {', '.join(TIERS)}")
    command.add_argument("--out", default="paper", type=Path, help="output folder")


def parse_seed(text: str) -> int:
    try:
        seed = int(text)
    except ValueError:
        seed = -1
    if not 0 <= seed < 2**32:
        raise InputError(f"seed {text!r} is not an integer in [0, 2^32)")
    return seed


def parse_count(text: str | None, name: str, default: int, least: int) -> int:
    """An integer option of at least ``least``, or ``default`` when not given."""
    if text is None:
        return default
    try:
        value = int(text)
    except ValueError:
        value = least - 1
    if value < least:
        raise InputError(f"{name} {text!r} is not an integer of at least {least}")
    return value


def sizes_of(claim: Claim, tier: str, instances: str | None, horizon: str | None) -> Tier:
    """The sizes of a run: the tier's, with --instances and --horizon in their place where
    given."""
    sizes = claim.tier(tier)
    sizes = replace(sizes, n_instances=parse_count(instances, "--instances", sizes.n_instances, 2),
                    horizon=parse_count(horizon, "--horizon", sizes.horizon, 1))
    try:
        claim.experiment(sizes)
    except ValueError as err:
        raise InputError(f"--horizon {horizon} does not suit {claim.id}: {err}") from None
    return sizes


def simulate(claim: Claim, sizes: Tier, seed: int, out: Path, rerun: bool,
             budget_text: str | None, backend: Backend) -> ClaimRun:
    """The claim settled in looks (testbed.settle) and stored under ``out``; the instances
    stored cells hold are reused, and only new ones are simulated."""
    run = run_claim(claim, sizes, seed, out, parse_budget(budget_text, sizes.n_instances), rerun,
                    backend)
    if run.aside is not None:
        print(f"{claim.id}: the results of another code version were copied to {run.aside} "
              f"before being replaced", file=sys.stderr)
    return run


def stored_looks(claim: Claim, sizes: Tier, frame: pd.DataFrame, meta: dict) -> list[Look]:
    """The looks of a stored run, checked again on its frame."""
    plan = [(replace(sizes, n_instances=k["n_instances"], alpha=k["alpha"]),
             None if k.get("extended") is None else tuple(k["extended"]))
            for k in meta.get("looks", [{"n_instances": sizes.n_instances,
                                         "alpha": sizes.alpha}])]
    return replay(claim, frame, plan)


def pooled(claim: Claim, sizes: Tier, seeds: list[int],
           stored: list[tuple[pd.DataFrame, dict]]) -> tuple[pd.DataFrame, dict, list[Look]]:
    """(frame, provenance, looks) of several seeds' stored runs pooled as one sample: each
    seed's first-look instances (a size fixed before any look, so the pool does not depend on
    when a seed's looks stopped) renumbered after the previous seed's, checked in one look."""
    parts, offset = [], 0
    for frame, meta in stored:
        first = meta.get("looks", [{"n_instances": sizes.n_instances}])[0]["n_instances"]
        part = frame[frame["instance"] < first]
        parts.append(part.assign(instance=part["instance"] + offset))
        offset += first
    tier = replace(sizes, n_instances=offset)
    meta = {**stored[0][1], "seed": seeds, "n_instances": offset,
            "looks": [{"n_instances": offset, "alpha": tier.alpha}]}
    frame = pd.concat(parts, ignore_index=True)
    return frame, meta, replay(claim, frame, [(tier, None)])


def run_mutants(chosen: list[Mutant], tier: str, seed: int, out: Path, every: bool
                ) -> int:
    """Run the mutants through their catchers, print and write the table; 0 when all caught."""
    code_version = provenance.describe()["code_version"]
    started = time.perf_counter()
    results = []
    for mutant in chosen:
        result = mutants.run_mutant(mutant, get, tier, seed, out / MUTANTS, code_version, every)
        print(f"{mutant.name}: {'caught' if result.caught else 'NOT CAUGHT'} ("
              + "; ".join(f"{r.catcher} {r.outcome}" for r in result.runs) + ")", flush=True)
        results.append(result)
        text = mutants.table(results, tier, time.perf_counter() - started)
        # after each mutant, so that an interrupted run keeps what it found
        mutants.write_table(out / MUTANT_TABLE, text)
    print(f"\n{text}\ntable: {out / MUTANT_TABLE}")
    return 0 if all(r.caught for r in results) else 1


def run_calibration(claims: list[Claim], tier: str, seeds: int, out: Path) -> int:
    """Settle each claim on seeds 0..seeds-1, print and write the calibration table; 0 when
    every claim's false-alarm rate is consistent with its stated level."""
    started = time.perf_counter()
    runs: list[calibration.SeedRun] = []

    def say(run: calibration.SeedRun) -> None:
        print(f"{run.claim} seed {run.seed}: {run.outcome} ({run.instances} instances, "
              f"{run.seconds:.0f} s)", flush=True)

    for claim in claims:
        runs += calibration.run_seeds(claim, tier, range(seeds), out,
                                      provenance.code_version(claim.file), say)
        text = calibration.table(runs, claims, tier, FAMILY_ALPHA, time.perf_counter() - started)
        # after each claim, so that an interrupted run keeps what it measured
        mutants.write_table(out / CALIBRATION_TABLE, text)
    print(f"\n{text}\ntable: {out / CALIBRATION_TABLE}")
    return 0 if calibration.false_alarms_consistent(runs, FAMILY_ALPHA) else 1


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    try:
        if args.command == "list":
            print(claims_markdown(list(REGISTRY)) if args.markdown else "\n".join(
                f"{claim.id}  [{claim.status}]  {claim.statement}" for claim in REGISTRY))
            return 0
        if args.command == "mutants" and args.verb == "list":
            print(mutants.catchers_markdown() if args.markdown else "\n".join(
                f"{m.name}  {' '.join(mutants.CATCHERS[m.name])}" for m in mutants.select([])))
            return 0
        if args.command == "report" and not args.out.is_dir():
            raise InputError(f"--out {args.out} is not a folder; `testbed check --out "
                             f"{args.out}` makes one with results")
        run = planned(args)
        with output_folder.held(args.out, WRITES[args.command]):
            if COMPILED in WRITES[args.command]:
                keep_compiled(args.out / COMPILED)
            return run()
    except (InputError, ResultsError, ClusterError) as err:
        print(f"testbed: error: {err}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader of the output (e.g. `| head`) has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as err:
        print(f"testbed: error: cannot write {err.filename!r} ({err.strerror}); choose a "
              f"writable folder with --out", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(interrupt.MESSAGE, file=sys.stderr)
        return interrupt.EXIT_INTERRUPTED


def planned(args: argparse.Namespace) -> Callable[[], int]:
    """check, report, calibrate or mutants run, every input checked (InputError) before anything
    is simulated or written."""
    if args.command == "mutants":
        chosen = mutants.select(args.mutants)
        for name in {c for m in chosen for c in mutants.CATCHERS[m.name]
                     if not mutants.is_test(c)}:
            get(name).tier(args.tier)
        return partial(run_mutants, chosen, args.tier, parse_seed(args.seed), args.out,
                       args.every)
    if args.command == "calibrate":
        claims = [resolve(c) for c in args.claims] if args.claims else list(REGISTRY)
        for claim in claims:
            claim.tier(args.tier)
        return partial(run_calibration, claims, args.tier,
                       parse_count(args.seeds, "--seeds", 0, 1), args.out)
    seeds = [parse_seed(text) for text in args.seed.split(",")]
    if len(seeds) > 1 and args.command == "check":
        raise InputError(f"check runs one seed at a time, got --seed {args.seed}; pool "
                         f"seeds with `testbed report --seed {args.seed}`")
    if len(set(seeds)) < len(seeds):
        raise InputError(f"--seed {args.seed} names a seed twice")
    claims = [resolve(c) for c in args.claims] if args.claims else default_claims(args)
    instances = getattr(args, "instances", None)
    sizes = {c.id: sizes_of(c, args.tier, instances, args.horizon) for c in claims}
    if args.command == "check":
        for claim_sizes in sizes.values():
            parse_budget(args.budget, claim_sizes.n_instances)
    if getattr(args, "scheduler", None) is not None and args.backend != "dask":
        raise InputError(f"--scheduler {args.scheduler} is the address of a Dask scheduler; "
                         f"add --backend dask to use it")
    if getattr(args, "memory_budget", None) is not None:
        parse_memory(args.memory_budget)
        if args.backend != "local":
            raise InputError(f"--memory-budget {args.memory_budget} sizes the chunks of --backend "
                             f"local; size a Dask worker's memory with `dask worker "
                             f"--memory-limit`")
    if getattr(args, "threads", None) is not None:
        parse_count(args.threads, "--threads", 1, 1)
        if args.scheduler is not None:
            raise InputError(f"--threads {args.threads} sizes a cluster on this machine; the "
                             f"workers of --scheduler {args.scheduler} are the cluster's own")
    if args.compare is not None and not (args.compare / SECTIONS).is_dir():
        raise InputError(f"--compare {args.compare} holds no report sections (made by `testbed "
                         f"check --out {args.compare}`)")
    return partial(run_claims, args, claims, seeds, sizes)


def default_claims(args: argparse.Namespace) -> list[Claim]:
    """The claims check or report runs when none is named: for report, the registered claims
    with stored results under --out (an InputError when there are none); for check, all."""
    if args.command != "report":
        return list(REGISTRY)
    stored = [c for c in REGISTRY if (args.out / RUNS / c.id).is_dir()]
    if not stored:
        raise InputError(f"--out {args.out} holds no results of registered claims; `testbed check "
                         f"--out {args.out}` makes them (name a claim file to report on it)")
    return stored


@contextmanager
def backend_of(args: argparse.Namespace) -> Iterator[Backend]:
    """The backend that check runs chunks on (one for all its claims, so that they share
    compiled programs)."""
    threads = parse_count(args.threads, "--threads", default_threads(jax.local_devices()), 1)
    if args.backend == "dask":
        from testbed.dask_backend import dask_backend

        with dask_backend(args.scheduler, threads) as backend:
            yield backend
    else:
        yield LocalBackend(threads, args.memory_budget and parse_memory(args.memory_budget))


@contextmanager
def settled_runs(args: argparse.Namespace, claims: list[Claim], seed: int,
                 plans: dict[str, Tier]) -> Iterator[Iterator[ClaimRun | None]]:
    """For check, each claim settled on one backend (testbed.in_turn: the next claim simulates
    while this one is checked); for report, None for each (its results are stored)."""
    if args.command != "check":
        yield iter([None] * len(claims))
        return
    with backend_of(args) as backend, in_turn(
            claims, lambda c: simulate(c, plans[c.id], seed, args.out, args.rerun, args.budget,
                                       backend),
            lambda c: first_look_cells(c, plans[c.id], seed)) as runs:
        yield runs


def checked(args: argparse.Namespace, claim: Claim, seeds: list[int], sizes: Tier,
            run: ClaimRun | None) -> ClaimResult | None:
    """The claim checked (check: its settled ``run``; report: its stored results) and its
    outputs written; None when report finds no stored results of it."""
    seed, seed_label = seeds[0], ",".join(map(str, seeds))
    store_name = run_name(claim, sizes)
    if run is not None:
        frame, meta, looks = run.frame, run.provenance, run.looks
    else:
        named = claim.file or claim.id  # what `testbed check` takes: a file or a registered id
        stored = [this_version(RunStore(args.out, claim.id, store_name, s),
                               provenance.code_version(claim.file),
                               f"testbed check {named} --tier {args.tier} --seed {s} "
                               f"--out {args.out}")
                  for s in seeds]
        if any(run is None for run in stored):
            missing = [s for s, run in zip(seeds, stored) if run is None]
            print(f"no finished results for {claim.id} ({store_name}, seed "
                  f"{', '.join(map(str, missing))}) under {args.out}; run `testbed "
                  f"check {named}` first", file=sys.stderr)
            return None
        frame, meta, looks = (pooled(claim, sizes, seeds, stored) if len(seeds) > 1
                              else (*stored[0], stored_looks(claim, sizes, *stored[0])))
    return evaluate(claim, args.tier, seed_label, args.out, run_label(store_name, seed_label),
                    frame, meta, looks)


def run_claims(args: argparse.Namespace, claims: list[Claim], seeds: list[int],
               plans: dict[str, Tier]) -> int:
    """check or report the claims at their sizes ``plans``; 1 when one failed."""
    with settled_runs(args, claims, seeds[0], plans) as runs:
        results = [result for claim, run in zip(claims, runs)
                   if (result := checked(args, claim, seeds, plans[claim.id], run))]
    if not results:
        return 1
    print(verdict_table(results))
    publish(args.out)
    print(f"\nreport: {args.out / REPORT}; figures: {args.out / FIGURES}/; tables: "
          f"{args.out / TABLES}/; results: {args.out / RUNS}/")
    if args.compare is not None:
        text = comparison(args.out, args.compare,
                          [(r.claim.id, r.tier, str(r.seed)) for r in results])
        write_atomically(args.out / COMPARISON, lambda tmp: Path(tmp).write_text(text))
        print(f"\n{text}\ncomparison: {args.out / COMPARISON}")
    return 1 if any(r.outcome in (FAILED, VOID) for r in results) else 0


def this_version(store: RunStore, code_version: str, rerun: str
                 ) -> tuple[pd.DataFrame, dict] | None:
    """The store's finished (frame, provenance), or None; ResultsError when another code version
    made them (``rerun``, the command that recomputes them, keeps them aside)."""
    stored = store.load_finished()
    if stored is not None and stored[1].get("code_version") != code_version:
        raise ResultsError(f"{store.dir} holds results of code version "
                           f"{stored[1].get('code_version')}, not of this code ({code_version}); "
                           f"`{rerun}` recomputes them and keeps the old ones aside")
    return stored
