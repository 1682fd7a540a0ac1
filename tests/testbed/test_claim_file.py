"""A claim of your own from a file: the worked example runs and can fail, and a bad file is named
in one line."""

from pathlib import Path

import pytest
import sympy as sp

from sims.bandits import sphere_actions
from testbed.claim_file import load_claim_file
from testbed.designs.bandits import derived_cells
from testbed.cli import main
from testbed.provenance import code_version, source_hash
from testbed.results import load
from testbed.sweep import Experiment, run_experiment

pytestmark = pytest.mark.xdist_group("test_claim_file")  # with the own_claim notebook

EXAMPLE = Path(__file__).resolve().parents[2] / "notebooks" / "own_claim.py"


def write(folder: Path, text: str) -> Path:
    path = folder / "mine.py"
    path.write_text(text)
    return path


@pytest.mark.parametrize("text, message", [
    ("CLAIM = (\n", "mine.py, line 1: SyntaxError"),
    ("x = 1\n", "defines no CLAIM that is a testbed.claim.Claim (found NoneType)"),
    ("CLAIM = 'cb-squarecb-rates'\n", "(found str)"),
    ("from proofs import Bound\n\nB = Bound('b', 'sqrt(T', 'upper', ('T',), 'CL', 's')\n",
     "mine.py, line 3: ValueError: bound 'sqrt(T' is not an expression"),
    ("from proofs import Bound\nB = Bound('b', 'T.real', 'upper', ('T',), 'CL', 's')\n",
     "line 2: ValueError: bound 'T.real': 'T.real' is not allowed"),
    ("import dataclasses\nfrom testbed.claims import get\n"
     "CLAIM = dataclasses.replace(get('las-spanner-property'))\n",
     "the id 'las-spanner-property' is a registered claim's"),
])
def test_a_bad_claim_file_is_named_in_one_line(text, message, tmp_path, capsys):
    path = write(tmp_path, text)
    assert main(["check", str(path), "--tier", "smoke", "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1 and "Traceback" not in err, err
    assert not (tmp_path / "out").exists()


def test_a_missing_claim_file_is_named(tmp_path, capsys):
    assert main(["check", str(tmp_path / "none.py"), "--out", str(tmp_path)]) == 2
    assert f"claim file {tmp_path / 'none.py'} does not exist" in capsys.readouterr().err


def test_report_on_a_claim_file_without_results_names_the_file_to_check(tmp_path, capsys):
    assert main(["report", str(EXAMPLE), "--tier", "smoke", "--out", str(tmp_path)]) == 1
    assert f"run `testbed check {EXAMPLE}` first" in capsys.readouterr().err


def test_a_claim_files_code_is_part_of_its_code_version(tmp_path):
    claim = load_claim_file(EXAMPLE)
    assert claim.file == str(EXAMPLE) and code_version(claim.file) != source_hash()
    copy = write(tmp_path, EXAMPLE.read_text())
    assert code_version(str(copy)) == code_version(claim.file)
    copy.write_text(EXAMPLE.read_text().replace("N_ACTIONS, DIM, NOISE_SCALE = 20,",
                                                "N_ACTIONS, DIM, NOISE_SCALE = 30,"))
    assert code_version(str(copy)) != code_version(claim.file)


@pytest.mark.slow
def test_the_worked_example_passes_at_the_smoke_tier(tmp_path):
    assert main(["check", str(EXAMPLE), "--tier", "smoke", "--out", str(tmp_path)]) == 0
    frame = load(tmp_path, claim="own-epsilon-greedy-T23")  # its own code version is current
    assert set(frame["learner"]) == {"epsilon-greedy"} and frame["regret"].notna().all()


@pytest.mark.slow
def test_the_worked_example_fails_constant_exploration():
    """Exploring at a constant epsilon = 0.3 costs 0.3 per round: linear regret, exponent 1."""
    claim = load_claim_file(EXAMPLE)
    tier = claim.tier("smoke")
    right = claim.experiment(tier)
    example = claim.experiment.__globals__  # the file's names
    constant = derived_cells(
        [("epsilon-greedy", sp.Float(0.3))], "linear-cb", right.cells[0].problem,
        sphere_actions(0, example["N_ACTIONS"], example["DIM"]),
        noise_scale=example["NOISE_SCALE"], horizon=tier.horizon)
    frame = run_experiment(Experiment(tuple(constant), tier.n_instances, right.metrics), seed=0,
                           code_version="constant-epsilon")
    (verdict,) = claim.check(frame, tier)
    assert verdict.outcome == "failed", verdict
