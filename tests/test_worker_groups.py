"""`make test` runs on one worker per core (pytest-xdist, --dist loadgroup), and the tests that
share a simulation (a claim's smoke run, a conformance pair's compiled programs) share it only
when their xdist_group puts them on one worker: here, a group's tests report one worker."""

import os
import subprocess
import sys

GROUPED = '''
import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.xdist_group("shared")


@pytest.mark.parametrize("k", range(8))
def test_reports_its_worker(k):
    (Path(os.environ["GROUP_OUT"]) / str(k)).write_text(os.environ["PYTEST_XDIST_WORKER"])
'''


def test_a_groups_tests_run_on_one_worker(tmp_path):
    (tmp_path / "test_grouped.py").write_text(GROUPED)
    out = tmp_path / "workers"
    out.mkdir()
    done = subprocess.run([sys.executable, "-m", "pytest", "-n", "2", "--dist", "loadgroup",
                           "-q", "-p", "no:cacheprovider", str(tmp_path / "test_grouped.py")],
                          capture_output=True, text=True, cwd=tmp_path,
                          env={**os.environ, "GROUP_OUT": str(out)})
    assert done.returncode == 0, done.stdout + done.stderr
    workers = {path.read_text() for path in out.iterdir()}
    assert len(list(out.iterdir())) == 8 and len(workers) == 1, workers
