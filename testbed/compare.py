"""What changed against a baseline: `testbed check|report --compare BASELINE_DIR` sets each run's
verdicts beside the same run's (claim, tier, seed) stored under another output folder."""

import json
from pathlib import Path

from testbed.errors import InputError
from testbed.outputs import SECTIONS

COMPARISON = "comparison.md"  # written beside the report


def summaries(out: Path) -> dict[tuple[str, str, str], dict]:
    """(claim, tier, seed) -> the stored summary of that run's verdicts (testbed.outputs)."""
    found = {}
    for path in sorted((out / SECTIONS).glob("*/*.json")):
        try:
            s = json.loads(path.read_text())
            found[(s["claim"], s["tier"], s["seed"])] = s
        except (OSError, ValueError, KeyError, TypeError):
            raise InputError(f"--compare: {path} is not a readable report section") from None
    return found


def changes(now: dict, before: dict) -> list[tuple[str, str, str, str]]:
    """(check, before, now, what changed) of each check of one run: its outcome, or its
    statistic moving out of the other run's 95% interval (either way); "" when neither."""
    earlier = {c["check"]: c for c in before["checks"]}
    rows = []
    for check in now["checks"]:
        old = earlier.pop(check["check"], None)
        if old is None:
            rows.append((check["check"], "-", _text(check), "new check"))
            continue
        moved = not (old["ci95"][0] <= check["statistic"] <= old["ci95"][1]
                     and check["ci95"][0] <= old["statistic"] <= check["ci95"][1])
        what = ", ".join(w for w, changed in (
            (f"verdict {old['outcome']} -> {check['outcome']}", old["outcome"] != check["outcome"]),
            ("statistic outside the other's 95% interval", moved)) if changed)
        rows.append((check["check"], _text(old), _text(check), what))
    rows += [(name, _text(old), "-", "check gone") for name, old in earlier.items()]
    return rows


def _text(check: dict) -> str:
    return (f"{check['statistic']:.3f} [{check['ci95'][0]:.3f}, {check['ci95'][1]:.3f}] "
            f"{check['outcome']}")


def comparison(out: Path, baseline: Path, runs: list[tuple[str, str, str]]) -> str:
    """The markdown comparison of ``runs`` (claim, tier, seed) under ``out`` with ``baseline``."""
    if not (baseline / SECTIONS).is_dir():
        raise InputError(f"--compare {baseline} holds no report sections (made by `testbed "
                         f"check --out {baseline}`)")
    now, before = summaries(out), summaries(baseline)
    lines = [f"# Verdicts against {baseline}", "",
             "| claim | tier | seed | check | baseline | now | changed |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for key in runs:
        if key not in before:
            lines.append(f"| `{key[0]}` | {key[1]} | {key[2]} | - | not in the baseline | "
                         f"{now[key]['outcome']} | new run |")
            continue
        lines += [f"| `{key[0]}` | {key[1]} | {key[2]} | {check} | {old} | {new} | "
                  f"{what or '-'} |" for check, old, new, what in changes(now[key], before[key])]
    return "\n".join(lines) + "\n"
