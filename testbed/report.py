"""Reports: the verdict table for the terminal and the markdown report under paper/."""

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from testbed.checks import PASSED, Verdict, combine
from testbed.claim import Claim
from testbed.tables import Table, escape as _escape, markdown as markdown_table


MUTANT_TABLE = "mutants.md"  # written by testbed mutants run beside the report
CALIBRATION_TABLE = "calibration.md"  # written by testbed calibrate beside the report


@dataclass(frozen=True)
class ClaimResult:
    """What one claim came to at one tier and seed."""

    claim: Claim
    tier: str
    seed: int | str  # several, comma-separated, when seeds were pooled
    verdicts: list[Verdict]
    provenance: dict
    figure: Path
    tables: tuple[tuple[Path, Table], ...] = ()  # (LaTeX file, table) pairs

    @property
    def outcome(self) -> str:
        return combine(self.verdicts)


def claims_markdown(claims: list[Claim]) -> str:
    """The README's table of claims: id, status and statement of each (`testbed list
    --markdown` prints it)."""
    rows = [f"| `{c.id}` | {c.status} | {c.statement.replace('|', chr(92) + '|')} |"
            for c in claims]
    return "\n".join(["| id | status | what is asserted |", "| --- | --- | --- |", *rows])


def outcome_phrase(outcome: str, status: str) -> str:
    """How a report may word an outcome: never 'verified' unless the bound's status is V-*."""
    if outcome != PASSED:
        return outcome
    if status.startswith("V"):
        return "passed: consistent with the statement verified in the source"
    if status == "CL":
        return "passed: consistent with the classical bound (stated from the literature)"
    return "passed: consistent with the reconstructed bound (not verified against the paper)"


def _interval(v: Verdict) -> str:
    return f"{v.statistic:.3f} [{v.ci95[0]:.3f}, {v.ci95[1]:.3f}]"


def _target(v: Verdict) -> str:
    if v.accepted:
        return v.accepted
    if v.target is None:
        return "-"
    return f"{v.target:.3f}" + (f" +- {v.tolerance:.2f}" if v.tolerance is not None else "")


class Decided(Protocol):
    """A claim's outcome and verdicts (a ClaimResult, or a testbed.runs.ClaimRun)."""

    claim: Claim
    outcome: str
    verdicts: list[Verdict]


def verdict_table(results: list[Decided]) -> str:
    """Plain-text table: claim, check, bound in words, target, estimate with 95% interval, verdict."""
    header = ("claim", "check", "bound", "target", "estimate [95% CI]", "instances", "verdict")
    rows = [header]
    for result in results:
        rows.append((result.claim.id, f"({result.claim.status})", "", "", "", "",
                     result.outcome.upper()))
        rows += [("", v.check, v.bound, _target(v), _interval(v), str(v.n_instances), v.outcome)
                 for v in result.verdicts]
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def calibration_section(out: Path) -> list[str]:
    """The calibration table written by `testbed calibrate` under ``out``, as report lines under
    a heading of their own (none if there is none)."""
    path = out / CALIBRATION_TABLE
    if not path.exists():
        return []
    body = path.read_text().splitlines()[1:]  # without its title
    return ["## Calibration: false alarms of the correct learners, measured", *body, "",
            "## Verdicts", ""]


def look_rows(look: dict) -> str:
    """" of " and the rows a look extended (testbed.settle), "" when it extended all."""
    extended = look.get("extended")
    if extended is None:
        return ""
    return " of " + " and ".join(", ".join(f"{k} {v}" for k, v in scope.items())
                                 for scope in extended)


def section(r: ClaimResult, out: Path) -> str:
    """One run's part of the report: statement, checks, figure, tables, bounds, provenance."""
    p = r.provenance
    lines = [f"## `{r.claim.id}` ({r.tier} tier, seed {r.seed})", "", r.claim.statement,
             "", f"Status: **{r.claim.status}**, {r.claim.status_text}. "
             f"Verdict: **{outcome_phrase(r.outcome, r.claim.status)}**.", "",
             "| check | bound | target | estimate [95% CI] | decision interval | instances "
             "| verdict |", "| --- | --- | --- | --- | --- | --- | --- |"]
    lines += [f"| {v.check} | `{v.bound}` | {_target(v)} | {_interval(v)} | "
              f"[{v.ci[0]:.3f}, {v.ci[1]:.3f}] ({v.level:.2%}) | {v.n_instances} | "
              f"{v.outcome} |" for v in r.verdicts]
    lines += ["", *[f"- {v.check}: {v.message}." for v in r.verdicts], "",
              f"![{r.claim.id}]({r.figure.relative_to(out).as_posix()}) "
              f"([PDF]({r.figure.with_suffix('.pdf').relative_to(out).as_posix()}))", "",
              *[line for tex, table in r.tables for line in (
                  markdown_table(table), "", f"LaTeX: `{tex.relative_to(out).as_posix()}`.",
                  "")],
              "Bounds: " + "; ".join(f"{b.name} ${b.latex()}$ ({b.status}, {b.source})"
                                      for b in r.claim.bounds) + ".", "",
              f"Provenance: code {p.get('code_version')} (git {p.get('git')}), "
              f"{p.get('n_instances')} instances ("
              + ", ".join(f"{k['n_instances']} at alpha {k['alpha']:.4g}{look_rows(k)}"
                          for k in p.get("looks", [])) + " in looks), "
              f"horizon {p.get('horizon')}, device "
              f"{p.get('device')}, simulation wall time {p.get('wall_seconds', 0):.1f} s, "
              f"python {p.get('python')}, jax {p.get('packages', {}).get('jax')}, "
              f"finished {p.get('finished')}."]
    return "\n".join(lines)


def summary(r: ClaimResult) -> dict:
    """What the report's and the LaTeX claims table's rows need of one run (JSON-ready)."""
    return {"claim": r.claim.id, "tier": r.tier, "seed": str(r.seed), "status": r.claim.status,
            "statement": r.claim.statement, "outcome": r.outcome,
            "bounds": [b.latex() for b in r.claim.bounds],
            "code_version": r.provenance.get("code_version"),
            "claim_file": r.provenance.get("claim_file"),
            "checks": [{"check": v.check, "statistic": v.statistic, "ci95": list(v.ci95),
                        "target": _target(v), "instances": v.n_instances,
                        "outcome": v.outcome} for v in r.verdicts]}


def markdown(runs: list[tuple[dict, str]], stale: list[dict], out: Path) -> str:
    """The report of every stored run under ``out``: (summary, section) pairs, and the summaries
    of runs made by another code version (listed, not reported)."""
    lines = ["# Claims of interactive machine learning theory, checked numerically", "",
             "Generated by `testbed check` and `testbed report` from every run stored under "
             "this folder; do not edit by hand. Each check decides with a "
             "studentized jackknife interval over instances (testbed.stats) at a level that "
             "holds the false-alarm rate of the whole claim at 5% (Bonferroni over its checks "
             "and over the looks that add instances to inconclusive checks, testbed.settle); "
             "the tables show 95% intervals and the instances each verdict needed. Figures "
             "show the mean over instances with a 95% band (mean +- 1.96 standard errors); "
             "the verdicts use the intervals of the tables. LaTeX table of all claims: "
             "`tables/claims.tex`.", "",
             *([f"The power of the claims, measured on known bugs: [{MUTANT_TABLE}]"
                f"({MUTANT_TABLE}) (`testbed mutants run`).", ""]
               if (out / MUTANT_TABLE).exists() else []),
             *calibration_section(out),
             "| claim | tier | seed | status | verdict |", "| --- | --- | --- | --- | --- |"]
    lines += [f"| `{s['claim']}` | {s['tier']} | {s['seed']} | {s['status']} | "
              f"{outcome_phrase(s['outcome'], s['status'])} |" for s, _ in runs]
    if stale:
        lines += ["", "Stored runs of another code version, not reported (`testbed check` "
                      "recomputes them): " + ", ".join(f"`{s['claim']}` ({s['tier']}, seed "
                                                      f"{s['seed']})" for s in stale) + "."]
    for _, text in runs:
        lines += ["", text]
    return "\n".join(lines) + "\n"


def claims_latex(runs: list[dict]) -> str:
    """A LaTeX table of every reported run: claim, status, statement, bound, each check's
    statistic with its 95% interval, verdict."""
    rows = []
    for s in runs:
        checks = r" \newline ".join(
            f"{_escape(c['check'])}: {c['statistic']:.3f} [{c['ci95'][0]:.3f}, "
            f"{c['ci95'][1]:.3f}] ({_escape(c['outcome'])})" for c in s["checks"])
        rows.append(f"\\texttt{{{_escape(s['claim'])}}} ({_escape(s['tier'])}, seed "
                    f"{_escape(s['seed'])}) & {_escape(s['status'])} & "
                    f"{_escape(s['statement'])} & "
                    + ", ".join(f"${b}$" for b in s["bounds"])
                    + f" & {checks} & {_escape(s['outcome'])} \\\\")
    return "\n".join([
        r"\begin{longtable}{p{0.14\linewidth}p{0.06\linewidth}p{0.24\linewidth}"
        r"p{0.16\linewidth}p{0.26\linewidth}p{0.07\linewidth}}",
        r"\caption{The claims, checked numerically (95\% intervals over instances).}"
        r"\label{tab:claims} \\",
        r"\toprule", r"claim & status & statement & bound & checks: estimate [95\% CI] & "
        r"verdict \\", r"\midrule", *rows, r"\bottomrule", r"\end{longtable}"]) + "\n"
