"""Outputs kept per (claim, tier, seed): figures in PNG and PDF, report sections, and a report and
LaTeX claims table over every run stored by this code version."""

import dataclasses
import json

import pytest
from test_settle import one_check_claim, toy_frame

from proofs import Bound
from testbed.cli import main
from testbed.compare import comparison
from testbed.errors import ResultsError
from testbed.outputs import (CLAIMS_TABLE, REPORT, SECTIONS, TABLES, evaluate, publish,
                             run_label)
from testbed.plots import new_figure
from testbed.provenance import code_version
from testbed.settle import check_look


def toy_claim(claim_id: str):
    def figure(frame, tier):
        fig, (panel,) = new_figure(1, claim_id)
        panel.plot(frame["instance"], frame["y"])
        return fig
    bound = Bound("toy bound", "sqrt(T)", "upper", ("T",), "U-derived", "a toy")
    return dataclasses.replace(one_check_claim(1.5), id=claim_id, statement=f"{claim_id} holds",
                               bounds=(bound,), figure=figure)


def write_run(out, claim_id, tier, seed, version=None):
    claim = toy_claim(claim_id)
    sizes = claim.tier(tier)
    frame = toy_frame(sizes.n_instances)
    meta = {"code_version": version or code_version()}
    return evaluate(claim, tier, seed, out, run_label(tier, seed), frame, meta,
                    [check_look(claim, frame, sizes)])


def test_each_run_keeps_its_figure_in_png_and_pdf_and_its_section(tmp_path):
    result = write_run(tmp_path, "toy-a", "smoke", 0)
    assert result.figure == tmp_path / "figures" / "toy-a" / "smoke-seed0.png"
    assert result.figure.read_bytes()[:4] == b"\x89PNG"
    assert result.figure.with_suffix(".pdf").read_bytes()[:4] == b"%PDF"
    stored = json.loads((tmp_path / SECTIONS / "toy-a" / "smoke-seed0.json").read_text())
    assert stored["outcome"] == "passed" and stored["checks"][0]["instances"] == 24
    assert run_label("quick-T64", "0,1") == "quick-T64-seed0+1"


def test_the_report_covers_every_stored_run_of_this_code_version(tmp_path):
    write_run(tmp_path, "toy-a", "smoke", 0)
    write_run(tmp_path, "toy-a", "smoke", 1)
    write_run(tmp_path, "toy-b", "quick", 0)
    write_run(tmp_path, "toy-c", "smoke", 0, version="0ld")
    publish(tmp_path)
    report = (tmp_path / REPORT).read_text()
    for row in ("| `toy-a` | smoke | 0 |", "| `toy-a` | smoke | 1 |", "| `toy-b` | quick | 0 |"):
        assert row in report
    assert "## `toy-b` (quick tier, seed 0)" in report and "toy-c holds" not in report
    assert "another code version, not reported" in report and "`toy-c` (smoke, seed 0)" in report
    latex = (tmp_path / TABLES / CLAIMS_TABLE).read_text()
    assert latex.count(r"\texttt{toy-") == 3 and r"\begin{longtable}" in latex


def test_a_damaged_section_is_named(tmp_path):
    write_run(tmp_path, "toy-a", "smoke", 0)
    (tmp_path / SECTIONS / "toy-a" / "smoke-seed0.json").write_text("{")
    with pytest.raises(ResultsError, match="smoke-seed0.json is not a readable report section"):
        publish(tmp_path)


def test_compare_names_changed_verdicts_and_statistics(tmp_path):
    baseline, now = tmp_path / "baseline", tmp_path / "now"
    write_run(baseline, "toy-a", "smoke", 0)
    write_run(now, "toy-a", "smoke", 0)
    write_run(now, "toy-b", "smoke", 0)
    same = comparison(now, baseline, [("toy-a", "smoke", "0"), ("toy-b", "smoke", "0")])
    assert "| `toy-a` | smoke | 0 | mean of y below the limit |" in same
    assert same.splitlines()[4].endswith("passed | - |") and "new run" in same
    stored = now / SECTIONS / "toy-a" / "smoke-seed0.json"
    moved = json.loads(stored.read_text())
    moved["checks"][0].update(statistic=9.0, ci95=[8.0, 10.0], outcome="failed")
    stored.write_text(json.dumps(moved))
    changed = comparison(now, baseline, [("toy-a", "smoke", "0")])
    assert ("verdict passed -> failed, statistic outside the other's 95% interval"
            in changed)


def test_compare_with_a_folder_of_no_runs_is_refused_before_anything_runs(tmp_path, capsys):
    assert main(["check", "las-spanner-property", "--tier", "smoke", "--out",
                 str(tmp_path / "out"), "--compare", str(tmp_path / "none")]) == 2
    assert "--compare" in capsys.readouterr().err and not (tmp_path / "out").exists()
