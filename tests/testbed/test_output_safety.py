"""Nothing stored is lost or silently reused: the output folder is checked and held before a run,
results are refused when another code version or a damaged file made them, files are readable by
others, and Ctrl-C ends a run with one line and status 130."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from testbed import output_folder
from testbed.cli import main
from testbed.provenance import PRESENTATION, code_of, result_sources, source_hash
from testbed.store import RESULTS, RunStore

CLAIM = "al-no-noise-seeking"  # a claim quick to simulate: two cells of 32 short runs
ROOT = Path(__file__).resolve().parents[2]


def one_error_line(capsys) -> str:
    err = capsys.readouterr().err.strip()
    assert "Traceback" not in err and len(err.splitlines()) == 1, err
    return err


def test_the_code_version_ignores_docstrings_comments_and_layout():
    plain = code_of('def f(x):\n    """What f is."""\n    return x + 1  # one more\n')
    assert plain == code_of('def f(x):\n    """Another text."""\n\n    return (x + 1)\n')
    assert plain == code_of("def f(x):\n    return x + 1\n")
    assert plain != code_of("def f(x):\n    return x + 2\n")
    assert code_of('"""A module."""\nclass A:\n    """A."""\n    k = 1\n') == code_of(
        "class A:\n    k = 1\n")


def test_the_code_version_ignores_what_only_draws():
    claim = "def check(f):\n    return f + 1\n\ndef figure(f):\n    {}\n"
    drawn = code_of(claim.format("return plot(f, colour='red')"))
    assert drawn == code_of(claim.format("return plot(f, colour='blue', dpi=300)"))
    assert drawn != code_of(claim.format("return plot(f)").replace("f + 1", "f + 2"))
    nested = "def rate_claim(k):\n    def figure(f):\n        return {}\n    return figure\n"
    assert code_of(nested.format("k")) == code_of(nested.format("2 * k"))
    for name in ("rate_panel", "plot_labels_needed", "figure_of", "rate_figure"):
        assert code_of(f"def {name}(f):\n    return f\n") == code_of(
            f"def {name}(f):\n    return 2 * f\n")
    assert code_of("def reach(f):\n    return f\n") != code_of("def reach(f):\n    return 2 * f\n")


def test_the_code_version_covers_what_makes_results_and_not_their_presentation():
    sources = {str(p.relative_to(ROOT)) for p in result_sources()}
    for module in ("sims/run.py", "proofs/bandits.py", "testbed/sweep.py", "testbed/settle.py",
                   "testbed/checks.py", "testbed/designs/rate_sweep.py", "testbed/mutants.py"):
        assert module in sources
    for module in ("testbed/cli.py", "testbed/plots.py", "testbed/report.py"):
        assert module not in sources
    assert all(name in {p.name for p in (ROOT / "testbed").glob("*.py")} for name in PRESENTATION)


@pytest.mark.parametrize("command", [["check", CLAIM], ["calibrate", CLAIM],
                                     ["mutants", "run", "key-reused"]])
def test_an_output_folder_that_is_a_file_is_refused_before_anything_runs(command, capsys,
                                                                          tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    for out in (blocked, blocked / "below"):
        assert main([*command, "--tier", "smoke", "--out", str(out)]) == 2
        assert f"{blocked} is a file, not a folder" in one_error_line(capsys)
    assert blocked.read_text() == "not a folder"


def test_a_figures_folder_that_is_a_file_is_refused_before_anything_runs(capsys, tmp_path):
    (tmp_path / "figures").write_text("in the way")
    assert main(["check", CLAIM, "--tier", "smoke", "--out", str(tmp_path)]) == 2
    assert "figures is a file, not a folder" in one_error_line(capsys)
    assert not (tmp_path / "cells").exists() or not any((tmp_path / "cells").iterdir())


def test_report_on_a_missing_folder_says_how_to_make_one(capsys, tmp_path):
    assert main(["report", "--out", str(tmp_path / "typo")]) == 2
    assert "is not a folder; `testbed check --out" in one_error_line(capsys)
    assert not (tmp_path / "typo").exists()


def stored_run(root: Path, code_version: str) -> RunStore:
    store = RunStore(root, CLAIM, "smoke", 0)
    store.finish(pd.DataFrame({"instance": [0, 1], "regret": [0.5, 0.25]}),
                 {"code_version": code_version})
    return store


@pytest.mark.parametrize("damage, message", [
    (lambda f: f.drop(columns="regret"), "lacks the columns regret"),
    (lambda f: f.iloc[:0], "has 0 rows"),
    (lambda f: f.iloc[:1], "has 1 rows, not 2"),
])
def test_a_damaged_results_file_is_named_and_left_alone(damage, message, capsys, tmp_path):
    store = stored_run(tmp_path, source_hash())
    damage(pd.read_parquet(store.dir / RESULTS)).to_parquet(store.dir / RESULTS)
    before = (store.dir / RESULTS).read_bytes()
    assert main(["report", CLAIM, "--tier", "smoke", "--out", str(tmp_path)]) == 2
    assert message in one_error_line(capsys)
    assert (store.dir / RESULTS).read_bytes() == before


def test_report_refuses_results_of_another_code_version(capsys, tmp_path):
    store = stored_run(tmp_path, "0ther0version")
    assert main(["report", CLAIM, "--tier", "smoke", "--out", str(tmp_path)]) == 2
    err = one_error_line(capsys)
    assert "holds results of code version 0ther0version, not of this code" in err
    assert f"testbed check {CLAIM} --tier smoke --seed 0" in err


def test_a_folder_in_use_by_another_run_is_refused(capsys, tmp_path):
    with output_folder.held(tmp_path, ()):
        assert main(["report", CLAIM, "--out", str(tmp_path)]) == 2
        err = one_error_line(capsys)
    assert f"--out {tmp_path} is in use by another testbed run (pid {os.getpid()})" in err
    with output_folder.held(tmp_path, ()):  # released when the run ends
        pass


def test_help_shows_the_defaults(capsys):
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    out = capsys.readouterr().out
    assert "(default: quick)" in out and "(default: paper)" in out


def run_testbed(*argv: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "testbed", *argv], cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_python_m_testbed_runs_the_command_line():
    done = subprocess.run([sys.executable, "-m", "testbed", "list"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and CLAIM in done.stdout


def test_ctrl_c_while_starting_exits_130_in_one_line(tmp_path):
    process = run_testbed("check", CLAIM, "--tier", "smoke", "--out", str(tmp_path))
    time.sleep(2.0)  # past Python's start, within the imports (JAX takes seconds); either way
    process.send_signal(signal.SIGINT)  # the run must end in one line with 130
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130 and err.strip().splitlines() == [
        "testbed: interrupted; finished cells are kept and a rerun resumes from them"]


@pytest.mark.slow
def test_ctrl_c_while_simulating_exits_130_and_keeps_no_half_file(tmp_path):
    process = run_testbed("check", CLAIM, "--tier", "smoke", "--out", str(tmp_path))
    text = ""
    while "chunk" not in text:  # the progress bar: the sweep has begun
        text += process.stderr.read(1)
        assert text or process.poll() is None
    process.send_signal(signal.SIGINT)
    started = time.perf_counter()
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130, err
    assert "Traceback" not in text + err and "testbed: interrupted" in err
    assert time.perf_counter() - started < 60
    assert not [p for p in tmp_path.rglob(".*") if p.name != output_folder.LOCK]
