"""The command line: listings, and clear errors on bad input."""

import pandas as pd
import pytest

from testbed.cli import main
from testbed.report import outcome_phrase
from testbed.store import RESULTS, RunStore


def test_list_shows_every_claim(capsys):
    assert main(["list"]) == 0
    assert "cb-squarecb-rates" in capsys.readouterr().out


@pytest.mark.parametrize("argv, message", [
    (["check", "no-such-claim"], "unknown claim 'no-such-claim'; known claims: cb-squarecb-rates"),
    (["check", "--tier", "huge"], "tier 'huge' does not exist; choose one of smoke, quick, full"),
    (["check", "--seed", "-3"], "seed '-3' is not an integer"),
    (["report", "--seed", "x"], "seed 'x' is not an integer"),
])
def test_bad_input_is_named(argv, message, capsys, tmp_path):
    assert main([*argv, "--out", str(tmp_path)]) == 2
    assert message in capsys.readouterr().err


def test_a_corrupt_results_file_is_named(capsys, tmp_path):
    store = RunStore(tmp_path, "cb-squarecb-rates", "smoke", 0)
    store.finish(pd.DataFrame({"a": [1]}), {})
    (store.dir / RESULTS).write_text("corrupt")
    assert main(["report", "--tier", "smoke", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "results.parquet is not a readable parquet file" in err
    assert (store.dir / RESULTS).read_text() == "corrupt"  # nothing stored was touched


def test_report_without_results_says_what_to_run(capsys, tmp_path):
    assert main(["report", "--out", str(tmp_path)]) == 2
    assert f"--out {tmp_path} holds no results of registered claims; `testbed check" in (
        capsys.readouterr().err)
    assert main(["report", "cb-squarecb-rates", "--out", str(tmp_path)]) == 1
    assert "run `testbed check cb-squarecb-rates` first" in capsys.readouterr().err


def test_report_covers_the_claims_stored(capsys, tmp_path):
    store = RunStore(tmp_path, "las-spanner-property", "quick", 0)
    store.finish(pd.DataFrame({"a": [1]}), {"code_version": "0ther0version"})
    assert main(["report", "--out", str(tmp_path)]) == 2  # only that claim is read: refused
    assert f"{store.dir} holds results of code version" in capsys.readouterr().err


@pytest.mark.parametrize("status", ["U-mem", "U-derived", "CL"])
def test_unverified_bounds_are_never_called_verified(status):
    assert "verified" not in outcome_phrase("passed", status).replace("not verified", "")


def test_latex_tables_escape_special_characters():
    from testbed.tables import Table, latex
    table = Table("50% of $x_1$ & more", pd.DataFrame({"a_b": ["1 & 2"]}, index=["r#1"]))
    text = latex(table, "tab:x")
    assert r"\caption{50\% of \$x\_1\$ \& more}" in text
    assert r"r\#1 & 1 \& 2 \\" in text and r"& a\_b \\" in text
