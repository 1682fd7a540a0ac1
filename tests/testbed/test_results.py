"""testbed.load: stored runs as one tidy frame, filtered by claim, tier and seed."""

import pandas as pd
import pytest

import testbed
from testbed.errors import InputError, ResultsError
from testbed.provenance import source_hash
from testbed.store import RESULTS, RunStore


def store_run(out, claim, tier, seed, version, **metrics):
    frame = pd.DataFrame({"claim": claim, "tier": tier.split("-")[0], "seed": seed,
                          "learner": "a", "instance": [0, 1], "t": [8, 8], **metrics})
    RunStore(out, claim, tier, seed).finish(frame, {"code_version": version})


@pytest.fixture
def out(tmp_path):
    now = source_hash()
    store_run(tmp_path, "claim-a", "smoke", 0, now, regret=[1.0, 2.0])
    store_run(tmp_path, "claim-a", "smoke", 1, now, regret=[3.0, 4.0])
    store_run(tmp_path, "claim-a", "quick-T64", 0, now, regret=[5.0, 6.0])
    store_run(tmp_path, "claim-b", "smoke", 0, now, labels=[7.0, 8.0])
    return tmp_path


def test_load_gives_every_run_in_one_tidy_frame(out):
    frame = testbed.load(out)
    assert len(frame) == 8 and set(frame["claim"]) == {"claim-a", "claim-b"}
    assert set(frame["tier"]) == {"smoke", "quick-T64"} and set(frame["seed"]) == {0, 1}
    assert (frame["code_version"] == source_hash()).all()
    assert frame.loc[frame["claim"] == "claim-b", "regret"].isna().all()
    assert frame.loc[frame["claim"] == "claim-b", "labels"].tolist() == [7.0, 8.0]


def test_load_keeps_the_runs_named(out):
    assert testbed.load(out, claim="claim-a", tier="smoke")["regret"].tolist() == [1, 2, 3, 4]
    assert testbed.load(out, claim=["claim-a"], seeds=0, tier="quick-T64")[
        "regret"].tolist() == [5, 6]
    assert len(testbed.load(out, seeds=[0])) == 6


def test_load_leaves_out_other_code_versions_and_says_so(out):
    store_run(out, "claim-c", "smoke", 0, "old", regret=[9.0, 9.0])
    with pytest.warns(UserWarning, match=r"left out 1 run.*claim-c smoke-seed0 \(old\)"):
        assert "claim-c" not in set(testbed.load(out)["claim"])
    assert "claim-c" in set(testbed.load(out, versions="all")["claim"])
    with pytest.raises(InputError, match="all made by another code version"), \
            pytest.warns(UserWarning):
        testbed.load(out, claim="claim-c")


def test_load_names_what_is_missing_or_damaged(out):
    with pytest.raises(InputError, match="stored claims: claim-a, claim-b"):
        testbed.load(out, claim="claim-z")
    with pytest.raises(InputError, match="versions 'some'"):
        testbed.load(out, versions="some")
    (RunStore(out, "claim-b", "smoke", 0).dir / RESULTS).write_text("damaged")
    with pytest.raises(ResultsError, match="claim-b/smoke-seed0/results.parquet"):
        testbed.load(out)
