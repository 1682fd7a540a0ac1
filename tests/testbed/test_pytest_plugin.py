"""The pytest plugin: claims as regression tests in a project of the user's own (the entry point
makes it active wherever the package is installed)."""

import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "notebooks" / "own_claim.py"


def run_pytest(folder: Path, *argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *argv],
                          cwd=folder, capture_output=True, text=True, timeout=900)


def test_the_plugin_adds_its_options():
    done = run_pytest(Path.cwd(), "--help")
    assert "--claims-inconclusive={skip,fail}" in done.stdout and "--claims-tier" in done.stdout


@pytest.mark.slow
def test_a_claim_passes_as_a_test_and_through_the_fixture(tmp_path):
    (tmp_path / "test_mine.py").write_text(
        "def test_no_noise_seeking(check_claim):\n"
        "    assert check_claim('al-no-noise-seeking').outcome == 'passed'\n")
    done = run_pytest(tmp_path, "--claims", "al-no-noise-seeking", "--claims-out",
                      str(tmp_path / "out"), "-rA")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 passed" in done.stdout and "claim[al-no-noise-seeking]" in done.stdout


@pytest.mark.slow
def test_a_failing_claim_fails_its_test_with_the_verdict_table(tmp_path):
    broken = EXAMPLE.read_text().replace('"own-epsilon-greedy-T23"', '"constant-epsilon"').replace(
        '("epsilon-greedy", EPSILON_STAR)', '("epsilon-greedy", 0 * EPSILON_STAR + 0.3)')
    (tmp_path / "constant.py").write_text(broken)
    done = run_pytest(tmp_path, "--claims", "constant.py")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "claim constant-epsilon (smoke tier, seed 0): failed" in done.stdout
    assert "epsilon-greedy: regret ~ T^a (K=20)" in done.stdout and "<= 0.727" in done.stdout
