"""The power of the claims, measured: each mutant of sims.mutants is run through the claims
expected to catch it, and is caught when one of them says ``failed``.

A catcher is a claim id, or a pytest node id (a statistical conformance test of the simulators,
for plumbing bugs that no regret or label claim can see), which runs in a subprocess with the
mutant named in the environment variable MUTANT_ENV (tests/conftest.py applies it).
"""

import dataclasses
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sims.mutants import MUTANTS, Mutant
from testbed.checks import FAILED, PASSED, combine
from testbed.claim import Claim
from testbed.errors import InputError
from testbed.report import MUTANT_TABLE
from testbed.runs import settle_claim
from testbed.settle import default_budget, settled
from testbed.store import RunStore, write_atomically
from testbed.sweep import Experiment, LocalBackend

MUTANT_ENV = "TESTBED_MUTANT"
SOURCE_ROOT = Path(__file__).resolve().parent.parent  # where tests/ lives in a checkout

# Mutant name -> the claims (or conformance tests) expected to catch it, cheapest first.
CATCHERS: dict[str, tuple[str, ...]] = {
    "squarecb-igw-unnormalised": ("cb-squarecb-rates", "las-regret-flat-in-K"),
    "squarecb-no-exploration": ("cb-squarecb-rates",),
    "squarecb-over-exploration": ("cb-squarecb-rates", "las-regret-flat-in-K"),
    "spanner-arbitrary-actions": ("las-spanner-property", "las-regret-flat-in-K",
                                  "las-regret-below-bound"),
    "spanner-igw-over-exploration": ("las-spannerigw-sqrt-T", "las-regret-below-bound"),
    "spanner-greedy-constant-epsilon": ("las-spannergreedy-T23",),
    "oracle-biased": ("cb-squarecb-rates", "las-spannerigw-sqrt-T"),
    "ridge-wrong-regulariser": ("cb-squarecb-rates",),
    "smooth-igw-wrong-h": ("smooth-igw-is-squarecb",),
    "corral-loss-sign-flipped": ("mba-newyorker-table",),
    "key-reused": (
        "tests/sims/test_run.py::"
        "test_action_and_update_draws_are_independent_of_the_feedback_noise",),
    "abstention-band-too-wide": ("al-proper-abstention",),
    "abstention-band-too-narrow": ("al-abstention-polylog", "al-abstention-gamma"),
    "version-space-radius-too-small": ("al-proper-abstention",),
    "version-space-radius-too-large": ("al-abstention-polylog", "al-no-noise-seeking"),
    "abstention-errs-near-an-edge": ("al-abstention-polylog", "al-abstention-gamma"),
    "labels-wrong-noise": ("al-proper-abstention", "al-abstention-polylog"),
    "labels-leak-bayes": ("al-kaariainen-respected",),
    "moss-wrong-horizon": ("mba-newyorker-table", "mba-synthetic-figure"),
    "moss-no-exploration": ("mba-newyorker-table", "mba-synthetic-figure"),
    "mosspp-schedule-off-by-one": ("mba-newyorker-table", "mba-mosspp-rate"),
    "parallel-wrong-best-mean": ("mba-parallel-minimax", "mba-newyorker-table"),
    "linucb-wrong-coordinates": ("msl-linear-figure", "msl-linucbpp-rate"),
}


@dataclass(frozen=True)
class CatcherRun:
    """One catcher run against one mutant: its verdict and what it says."""

    catcher: str
    outcome: str
    detail: str
    seconds: float


@dataclass(frozen=True)
class MutantRun:
    """A mutant and what its catchers said."""

    mutant: Mutant
    runs: tuple[CatcherRun, ...]

    @property
    def caught(self) -> bool:
        return any(r.outcome == FAILED for r in self.runs)


def select(names: list[str]) -> list[Mutant]:
    """The mutants called ``names`` (all when empty); an InputError lists the known ones."""
    if not names:
        return list(MUTANTS)
    known = {m.name: m for m in MUTANTS}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise InputError(f"unknown mutant {unknown[0]!r}; known mutants: {', '.join(known)}")
    return [known[n] for n in names]


def is_test(catcher: str) -> bool:
    """Whether a catcher is a pytest node id rather than a claim id."""
    return "::" in catcher


def mutated(experiment: Experiment, mutant: Mutant) -> Experiment:
    """``experiment`` with every cell's learner passed through the mutant's learner wrappers."""
    cells = tuple(dataclasses.replace(c, learner=mutant.learner(c.learner))
                  for c in experiment.cells)
    return dataclasses.replace(experiment, cells=cells)


def run_claim(claim: Claim, mutant: Mutant, tier: str, seed: int, out: Path,
              code_version: str) -> CatcherRun:
    """The claim's verdict on its experiment at ``tier`` with the mutant applied, settled in
    looks as `testbed check` settles it; cells are stored under ``out / mutant.name``, apart
    from the real results."""
    started = time.perf_counter()
    sizes = claim.tier(tier)
    store = RunStore(out / mutant.name, claim.id, tier, seed)
    with mutant.applied():
        _, looks = settle_claim(claim, sizes, default_budget(sizes.n_instances), seed,
                                store, code_version, LocalBackend(), f"{mutant.name}: {claim.id} ({tier})",
                                change=lambda experiment: mutated(experiment, mutant))
    verdicts = settled(looks)
    failed = [v.check for v in verdicts if v.outcome == FAILED]
    detail = ("failed: " + "; ".join(failed)) if failed else ", ".join(
        f"{sum(v.outcome == o for v in verdicts)} {o}" for o in sorted({v.outcome
                                                                       for v in verdicts}))
    return CatcherRun(claim.id, combine(verdicts), detail, time.perf_counter() - started)


def run_test(node: str, mutant: Mutant) -> CatcherRun:
    """The conformance test ``node`` run by pytest in a subprocess with the mutant applied:
    failed when the test fails, passed when it passes."""
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             node], capture_output=True, text=True, cwd=SOURCE_ROOT,
                            env={**os.environ, MUTANT_ENV: mutant.name})
    outcome = {0: PASSED, 1: FAILED}.get(result.returncode)
    if outcome is None:
        lines = (result.stdout + result.stderr).strip().splitlines()
        raise InputError(f"the conformance test {node} could not run (pytest exit "
                         f"{result.returncode}): {lines[-1] if lines else 'no output'}")
    last = (result.stdout.strip().splitlines() or ["no output"])[-1]
    return CatcherRun(node, outcome, f"pytest: {last}", time.perf_counter() - started)


def run_mutant(mutant: Mutant, get_claim: Callable[[str], Claim], tier: str, seed: int,
               out: Path, code_version: str, every: bool = False) -> MutantRun:
    """The catchers of ``mutant`` in order, up to the first that fails (all with ``every``)."""
    runs = []
    for catcher in CATCHERS[mutant.name]:
        runs.append(run_test(catcher, mutant) if is_test(catcher)
                    else run_claim(get_claim(catcher), mutant, tier, seed, out, code_version))
        if runs[-1].outcome == FAILED and not every:
            break
    return MutantRun(mutant, tuple(runs))


def catchers_markdown() -> str:
    """The README's table of mutants: name, bug and expected catchers of each (`testbed
    mutants list --markdown` prints it)."""
    rows = [f"| `{m.name}` | {m.bug} | {', '.join(f'`{c}`' for c in CATCHERS[m.name])} |"
            for m in MUTANTS]
    return "\n".join(["| mutant | what is wrong | expected catchers |", "| --- | --- | --- |",
                      *rows])


def table(results: list[MutantRun], tier: str, seconds: float) -> str:
    """The markdown table: mutant, part, bug, catchers run with their verdicts, caught."""
    caught = sum(r.caught for r in results)
    lines = [f"# Mutants and the claims that catch them ({tier} tier)", "",
             f"{caught} of {len(results)} mutants caught (a claim said `failed`); "
             f"wall time {seconds / 60:.1f} min. Generated by `testbed mutants run`.", "",
             "| mutant | part | bug | catchers: verdicts | caught |",
             "| --- | --- | --- | --- | --- |"]
    for r in results:
        verdicts = "<br>".join(f"`{c.catcher}`: {c.outcome} ({c.detail}; {c.seconds:.0f} s)"
                               for c in r.runs)
        lines.append(f"| `{r.mutant.name}` | {r.mutant.part} | {r.mutant.bug} | {verdicts} | "
                     f"{'yes' if r.caught else '**no**'} |")
    return "\n".join(lines) + "\n"


def write_table(path: Path, text: str) -> None:
    """Write the table atomically (a failed write leaves the old one in place)."""
    write_atomically(path, lambda tmp: Path(tmp).write_text(text))
