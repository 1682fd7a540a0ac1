"""What a run leaves for readers under the output folder, kept per (claim, tier, seed):

    figures/<claim>/<run>.png and .pdf    the claim's figure
    tables/<claim>/<run>-<name>.tex       its LaTeX tables
    sections/<claim>/<run>.md and .json   its part of the report, and the summary of its verdicts
    report.md                             every stored section of this code version
    tables/claims.tex                     a LaTeX table of every claim in the report

<run> is the results folder's name (testbed.store: <tier>[-T<horizon>]-seed<seed>; pooled seeds
are joined by "+"). A later run with another seed, tier or claim list adds its own files and
rewrites report.md and claims.tex over everything stored.
"""

import json
from pathlib import Path

from testbed.checks import Verdict
from testbed.claim import Claim
from testbed.claims import REGISTRY
from testbed.errors import ResultsError
from testbed.provenance import code_version
from testbed.report import ClaimResult, claims_latex, markdown, section, summary
from testbed.settle import Look, settled
from testbed.store import write_atomically
from testbed.tables import latex

FIGURES, TABLES, SECTIONS = "figures", "tables", "sections"
REPORT = "report.md"
CLAIMS_TABLE = "claims.tex"
FIGURE_DPI = 200


def run_label(store_name: str, seed: int | str) -> str:
    """The file name of a run's outputs, e.g. quick-seed0, smoke-T4096-seed1, smoke-seed0+1."""
    return f"{store_name}-seed{str(seed).replace(',', '+')}"


def evaluate(claim: Claim, tier: str, seed: int | str, out: Path, label: str, frame,
             meta: dict, looks: list[Look]) -> ClaimResult:
    """Settle a claim's looks and write its figure (PNG and PDF), tables and report section
    (from the last look's frame)."""
    sizes = looks[-1].tier
    verdicts: list[Verdict] = settled(looks)
    path = out / FIGURES / claim.id / f"{label}.png"
    figure = claim.figure(frame, sizes)
    for suffix in ("png", "pdf"):
        write_atomically(path.with_suffix(f".{suffix}"),
                         lambda tmp, f=suffix: figure.savefig(tmp, format=f, dpi=FIGURE_DPI))
    tables = []
    for name, table in (claim.tables(frame, sizes) if claim.tables else {}).items():
        tex = out / TABLES / claim.id / f"{label}-{name}.tex"
        write_atomically(tex, lambda tmp, t=table, n=name: Path(tmp).write_text(latex(t, n)))
        tables.append((tex, table))
    result = ClaimResult(claim, tier, seed, verdicts, meta, path, tuple(tables))
    base = out / SECTIONS / claim.id / label
    write_atomically(base.with_suffix(".md"), lambda tmp: Path(tmp).write_text(
        section(result, out)))
    write_atomically(base.with_suffix(".json"), lambda tmp: Path(tmp).write_text(
        json.dumps(summary(result), indent=1)))
    return result


def stored_sections(out: Path) -> tuple[list[tuple[dict, str]], list[dict]]:
    """(summary, section) of every stored run of this code version, registered claims first in
    registry order; and the summaries of runs made by another code version."""
    order = {c.id: k for k, c in enumerate(REGISTRY)}
    current, stale = [], []
    for path in sorted((out / SECTIONS).glob("*/*.json")):
        try:
            found = json.loads(path.read_text())
            text = path.with_suffix(".md").read_text()
            is_current = found["code_version"] == code_version(found.get("claim_file"))
        except (OSError, ValueError, KeyError, TypeError) as err:
            raise ResultsError(f"{path} is not a readable report section ({err}); delete it "
                               f"and its .md, then run `testbed report`") from None
        (current if is_current else stale).append((found, text))
    key = lambda pair: (order.get(pair[0]["claim"], len(order)), pair[0]["claim"],  # noqa: E731
                        pair[0]["tier"], pair[0]["seed"])
    return sorted(current, key=key), [s for s, _ in sorted(stale, key=key)]


def publish(out: Path) -> None:
    """Rewrite report.md and tables/claims.tex over every stored run of this code version."""
    runs, stale = stored_sections(out)
    write_atomically(out / REPORT, lambda tmp: Path(tmp).write_text(markdown(runs, stale, out)))
    write_atomically(out / TABLES / CLAIMS_TABLE, lambda tmp: Path(tmp).write_text(
        claims_latex([s for s, _ in runs])))
