"""The command line: testbed list | check | report | mutants list | mutants run."""

import argparse
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from testbed import mutants, provenance
from testbed.claim import TIERS, Claim
from testbed.claims import REGISTRY, get
from testbed.errors import InputError, ResultsError
from testbed.report import MUTANT_TABLE, ClaimResult, markdown, verdict_table
from testbed.store import RunStore, write_atomically
from testbed.sweep import run_experiment
from testbed.tables import latex

FIGURES = "figures"
TABLES = "tables"
REPORT = "report.md"
MUTANTS = "mutants"  # the mutants' cells, under the output folder


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="testbed", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="list the registered claims")
    for name, text in (("check", "run claims, check them, write results, figures and report"),
                       ("report", "check stored results again and rewrite figures and report")):
        command = commands.add_parser(name, help=text)
        command.add_argument("claims", nargs="*", metavar="CLAIM", help="claim ids (default: all)")
        command.add_argument("--tier", default="quick", help=f"one of {', '.join(TIERS)}")
        command.add_argument("--seed", default="0", help="a non-negative integer")
        command.add_argument("--out", default="paper", type=Path, help="output folder")
        if name == "check":
            command.add_argument("--rerun", action="store_true",
                                 help="simulate again even if finished results are stored")
    mutant_parser = commands.add_parser("mutants", help="measure the claims' power on known bugs")
    verbs = mutant_parser.add_subparsers(dest="verb", required=True)
    verbs.add_parser("list", help="each mutant with the claims expected to catch it")
    run = verbs.add_parser("run", help="run mutants through their catchers; exit 0 when every "
                                       "one is caught")
    run.add_argument("mutants", nargs="*", metavar="MUTANT", help="mutant names (default: all)")
    run.add_argument("--tier", default="quick", help=f"one of {', '.join(TIERS)}")
    run.add_argument("--seed", default="0", help="a non-negative integer")
    run.add_argument("--out", default="paper", type=Path, help="output folder")
    run.add_argument("--all", action="store_true", dest="every",
                     help="run every catcher, not only up to the first that catches the mutant")
    return parser.parse_args(argv)


def parse_seed(text: str) -> int:
    try:
        seed = int(text)
    except ValueError:
        seed = -1
    if not 0 <= seed < 2**32:
        raise InputError(f"seed {text!r} is not an integer in [0, 2^32)")
    return seed


def simulate(claim: Claim, tier: str, seed: int, out: Path,
             rerun: bool) -> tuple[pd.DataFrame, dict]:
    """(frame, provenance) of the claim, from the store if made by this code, else simulated."""
    store = RunStore(out, claim.id, tier, seed)
    sizes = claim.tier(tier)
    meta = provenance.describe()
    finished = None if rerun else store.load_finished()
    if finished is not None and finished[1].get("code_version") == meta["code_version"]:
        return finished
    started = time.perf_counter()
    frame = run_experiment(claim.experiment(sizes), seed, meta["code_version"], cache=store,
                           progress=f"{claim.id} ({tier})")
    frame.insert(0, "seed", seed)
    frame.insert(0, "tier", tier)
    frame.insert(0, "claim", claim.id)
    meta = {**meta, "claim": claim.id, "tier": tier, "seed": seed,
            "n_instances": sizes.n_instances, "horizon": sizes.horizon,
            "wall_seconds": time.perf_counter() - started,
            "finished": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    store.finish(frame, meta)
    return frame, meta


def evaluate(claim: Claim, tier: str, seed: int, out: Path, frame: pd.DataFrame,
             meta: dict) -> ClaimResult:
    """Check a claim's results and save its figure."""
    sizes = claim.tier(tier)
    verdicts = claim.check(frame, sizes)
    path = out / FIGURES / f"{claim.id}.png"
    figure = claim.figure(frame, sizes)
    write_atomically(path, lambda tmp: figure.savefig(tmp, format="png", dpi=150))
    tables = []
    for name, table in (claim.tables(frame, sizes) if claim.tables else {}).items():
        tex = out / TABLES / f"{name}.tex"
        write_atomically(tex, lambda tmp, t=table, n=name: Path(tmp).write_text(latex(t, n)))
        tables.append((tex, table))
    return ClaimResult(claim, tier, seed, verdicts, meta, path, tuple(tables))


def publish(results: list[ClaimResult], out: Path) -> None:
    print(verdict_table(results))
    write_atomically(out / REPORT, lambda tmp: Path(tmp).write_text(markdown(results, out)))
    print(f"\nreport: {out / REPORT}; figures: {out / FIGURES}/; tables: {out / TABLES}/; "
          f"results: {out / 'results'}/")


def run_mutants(names: list[str], tier: str, seed: int, out: Path, every: bool) -> int:
    """Run the mutants through their catchers, print and write the table; 0 when all caught."""
    chosen = mutants.select(names)
    for name in {c for m in chosen for c in mutants.CATCHERS[m.name] if not mutants.is_test(c)}:
        get(name).tier(tier)
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


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    try:
        if args.command == "list":
            for claim in REGISTRY:
                print(f"{claim.id}  [{claim.status}]  {claim.statement}")
            return 0
        if args.command == "mutants" and args.verb == "list":
            for mutant in mutants.select([]):
                print(f"{mutant.name}  {' '.join(mutants.CATCHERS[mutant.name])}")
            return 0
        if args.command == "mutants":
            return run_mutants(args.mutants, args.tier, parse_seed(args.seed), args.out,
                               args.every)
        claims = [get(c) for c in args.claims] if args.claims else list(REGISTRY)
        seed = parse_seed(args.seed)
        for claim in claims:
            claim.tier(args.tier)
        results = []
        for claim in claims:
            if args.command == "check":
                stored = simulate(claim, args.tier, seed, args.out, args.rerun)
            else:
                stored = RunStore(args.out, claim.id, args.tier, seed).load_finished()
                if stored is None:
                    print(f"no finished results for {claim.id} ({args.tier}, seed {seed}) under "
                          f"{args.out}; run `testbed check {claim.id}` first", file=sys.stderr)
                    continue
            results.append(evaluate(claim, args.tier, seed, args.out, *stored))
        if not results:
            return 1
        publish(results, args.out)
        return 1 if any(r.outcome == "failed" for r in results) else 0
    except (InputError, ResultsError) as err:
        print(f"testbed: error: {err}", file=sys.stderr)
        return 2
    except OSError as err:
        print(f"testbed: error: cannot write {err.filename!r} ({err.strerror}); choose a "
              f"writable folder with --out", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("testbed: interrupted; finished cells are kept and a rerun resumes from them",
              file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
