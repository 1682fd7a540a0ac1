"""Settling in looks: sizes, alpha spending, per-check verdicts, voided results, the budget."""

import json
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from test_store import trap_experiment

from testbed.checks import (FAILED, INCONCLUSIVE, PASSED, VOID, Verdict, check_mean_below,
                            scoped)
from testbed.claim import FAMILY_ALPHA, Claim, Tier, check_level
from testbed.cli import stored_looks
from testbed.errors import InputError
from testbed.report import look_rows
from testbed.runs import looks_meta, settle_claim
from testbed.settle import (Budget, look_alphas, look_sizes, open_scopes, parse_budget, replay,
                            settle, settled)
from testbed.store import RunStore
from testbed.sweep import (FAULTS, Cell, LocalBackend, Setting, faulty_metrics, numerical_faults,
                           tidy)


def test_looks_double_up_to_the_budget_and_spend_alpha_once():
    assert look_sizes(16, Budget(64)) == (16, 32, 64)
    assert look_sizes(16, Budget(63)) == (16, 32)
    assert look_sizes(16, Budget(16)) == (16,)
    for count in (1, 2, 3, 5):
        shares = look_alphas(count, FAMILY_ALPHA)
        assert len(shares) == count and np.isclose(sum(shares), FAMILY_ALPHA)
    assert look_alphas(3, 0.05) == pytest.approx((0.025, 0.0125, 0.0125))


@pytest.mark.parametrize("text", ["7", "-5s", "abc", "0s"])
def test_a_bad_budget_is_named(text):
    with pytest.raises(InputError, match=repr(text)):
        parse_budget(text, 16)


def test_budgets_in_instances_and_seconds():
    assert parse_budget(None, 16) == Budget(64)
    assert parse_budget("100", 16) == Budget(100)
    assert parse_budget("90s", 16) == Budget(64, 90.0)


def one_check_claim(limit: float) -> Claim:
    """A claim whose one check says the mean of y is below ``limit``."""
    def check(frame: pd.DataFrame, tier: Tier):
        return [check_mean_below(frame, y="y", limit=limit, level=check_level(1, tier),
                                 check="mean of y below the limit")]
    tiers = {name: Tier(24, 1) for name in ("smoke", "quick", "full")}
    return Claim("toy", "", (), tiers, experiment=None, check=check, figure=None)


def toy_frame(n: int) -> pd.DataFrame:
    """y = 1 + noise: near enough to a limit of 1.03 that few instances cannot decide."""
    return pd.DataFrame({"instance": np.arange(n),
                         "y": 1.0 + np.random.default_rng(0).standard_normal(n) * 0.1})


def toy_look(tier: Tier, extended) -> pd.DataFrame:
    return toy_frame(tier.n_instances)


def test_an_inconclusive_check_gets_more_instances_until_it_decides():
    claim, asked = one_check_claim(1.03), []

    def frame_for(tier: Tier, extended) -> pd.DataFrame:
        asked.append((tier.n_instances, tier.alpha))
        return toy_frame(tier.n_instances)

    frame, looks = settle(claim, Tier(24, 1), Budget(24 * 8), frame_for)
    assert [n for n, _ in asked] == [24, 48, 96, 192]
    assert asked[0][1] == FAMILY_ALPHA / 2
    verdict = settled(looks)[0]
    assert verdict.outcome == PASSED and verdict.n_instances == asked[-1][0]
    again = replay(claim, frame, [(k.tier, k.extended) for k in looks])
    assert [k.verdicts for k in again] == [k.verdicts for k in looks]


def test_a_decided_check_keeps_its_first_verdict_and_the_budget_stops_the_looks():
    claim = one_check_claim(1.02)
    _, looks = settle(claim, Tier(24, 1), Budget(24), toy_look)
    assert len(looks) == 1 and settled(looks)[0].outcome == INCONCLUSIVE
    far = one_check_claim(0.5)
    _, looks = settle(far, Tier(24, 1), Budget(96), toy_look)
    assert len(looks) == 1 and settled(looks)[0].outcome == FAILED


def test_nan_in_the_results_voids_the_claim_and_names_where():
    claim = one_check_claim(1.03)
    frame = toy_frame(24).assign(setting="a")
    frame.loc[3, "y"] = np.nan
    _, looks = settle(claim, Tier(24, 1), Budget(96), lambda tier, extended: frame)
    (verdict,) = settled(looks)
    assert verdict.outcome == VOID and "instance=3" in verdict.message and "y" in verdict.message


def test_a_metric_that_only_another_cell_has_is_no_fault_but_one_of_the_cells_own_is():
    cells = [tidy(Cell({"learner": name}, None, None, (Setting({"stream": 0}, None, None),),
                       1, (1,)), np.array([1]), metrics) for name, metrics in (
        ("plain", {"y": np.ones((1, 24, 1))}),
        ("spanner", {"y": np.ones((1, 24, 1)), "coefficient": np.full((1, 24, 1), 2.0)}))]
    frame = pd.concat(cells, ignore_index=True)
    assert frame["coefficient"].isna().sum() == 24 and numerical_faults(frame).empty
    claim = one_check_claim(1.03)
    cells[1].loc[5, "coefficient"] = np.inf  # as the cell's own tidy frame would mark it
    cells[1].loc[5, FAULTS] = "coefficient"
    _, looks = settle(claim, Tier(24, 1), Budget(24),
                      lambda tier, extended: pd.concat(cells, ignore_index=True))
    (verdict,) = settled(looks)
    assert verdict.outcome == VOID and "learner=spanner" in verdict.message
    assert "instance=5" in verdict.message and "coefficient" in verdict.message
    assert list(faulty_metrics({"a": np.array([np.nan, 1.0, np.inf]),
                                "b": np.array([np.inf, 0.0, 1.0])})) == ["a, b", "", "a"]


def per_learner_claim() -> Claim:
    """Learner a's mean is far below the limit (decided at once), b's near it."""
    def check(frame: pd.DataFrame, tier: Tier):
        level = check_level(2, tier)
        return [scoped(check_mean_below(
            frame[frame["learner"] == name], y="y", limit=1.03, level=level,
            check=f"{name}: mean of y below the limit"), learner=name) for name in ("a", "b")]
    tiers = {name: Tier(24, 1) for name in ("smoke", "quick", "full")}
    return Claim("toy2", "", (), tiers, experiment=None, check=check, figure=None)


def test_later_looks_extend_only_the_rows_of_inconclusive_checks():
    far = toy_frame(192).assign(learner="a", y=lambda f: f["y"] - 0.5)
    both = pd.concat([far, toy_frame(192).assign(learner="b")], ignore_index=True)
    asked = []

    def frame_for(tier: Tier, extended) -> pd.DataFrame:
        asked.append(extended)
        return both

    claim = per_learner_claim()
    frame, looks = settle(claim, Tier(24, 1), Budget(192), frame_for)
    assert asked == [None] + [({"learner": "b"},)] * (len(looks) - 1) and len(looks) == 4
    counts = frame.groupby("learner")["instance"].nunique()
    assert counts.to_dict() == {"a": 24, "b": 192}
    verdicts = {v.check: v for v in settled(looks)}
    assert verdicts["a: mean of y below the limit"].n_instances == 24
    assert verdicts["b: mean of y below the limit"].n_instances == 192
    again = replay(claim, frame, [(k.tier, k.extended) for k in looks])
    assert [k.verdicts for k in again] == [k.verdicts for k in looks]
    # as `report` replays a stored run: the looks' scopes through the provenance's JSON
    meta = json.loads(json.dumps({"looks": looks_meta(looks)}))
    stored = stored_looks(claim, Tier(24, 1), frame, meta)
    assert [k.verdicts for k in stored] == [k.verdicts for k in looks]


def test_settling_simulates_only_the_cells_of_inconclusive_checks(tmp_path, simulated_spans):
    experiment = trap_experiment()

    def check(frame: pd.DataFrame, tier: Tier):
        """Horizon 8 decided at once; horizon 16 only on 20 instances or more."""
        verdicts = []
        for horizon in (8, 16):
            part = frame[frame["horizon_label"] == horizon]
            n = part["instance"].nunique()
            outcome = PASSED if horizon == 8 or n >= 20 else INCONCLUSIVE
            verdicts.append(Verdict(f"h{horizon}", outcome, 0.0, (0.0, 0.0), (0.0, 0.0), 0.95,
                                    None, None, "", "", n_instances=n,
                                    scope=({"horizon_label": horizon},)))
        return verdicts

    tiers = {name: Tier(5, 16) for name in ("smoke", "quick", "full")}
    claim = Claim("trap", "", (), tiers, experiment=lambda tier: replace(
        experiment, n_instances=tier.n_instances), check=check, figure=None)
    frame, looks = settle_claim(claim, Tier(5, 16), Budget(40), 0,
                                RunStore(tmp_path, "trap", "smoke", 0), "v1", LocalBackend(),
                                "trap")
    assert simulated_spans == [(8, range(0, 5)), (16, range(0, 5)), (16, range(5, 10)),
                               (16, range(10, 15)), (16, range(15, 20))]  # chunks of the first
    # look's 5 instances: one program for every look
    assert [k.tier.n_instances for k in looks] == [5, 10, 20]
    assert frame.groupby("horizon_label")["instance"].nunique().to_dict() == {8: 5, 16: 20}
    assert [v.outcome for v in settled(looks)] == [PASSED, PASSED]


def test_the_next_look_extends_each_open_scope_once_and_all_rows_beside_an_unscoped_check():
    def verdict(outcome, scope):
        return Verdict("c", outcome, 0.0, (0.0, 0.0), (0.0, 0.0), 0.95, None, None, "", "",
                       scope=scope)

    a, b, c = {"learner": "a"}, {"learner": "b"}, {"learner": "c"}
    assert open_scopes([verdict(INCONCLUSIVE, (b,)), verdict(PASSED, (a,)),
                        verdict(INCONCLUSIVE, (dict(b),))]) == (b,)
    # a comparison of two learners extends both, together
    assert open_scopes([verdict(INCONCLUSIVE, (b, c)), verdict(PASSED, (a, b)),
                        verdict(INCONCLUSIVE, (b,))]) == (b, c)
    assert open_scopes([verdict(INCONCLUSIVE, (b,)), verdict(INCONCLUSIVE, None)]) is None
    # a decided check without a scope may compare rows of several scopes: all are extended
    assert open_scopes([verdict(INCONCLUSIVE, (b,)), verdict(PASSED, None)]) is None
    assert look_rows({"n_instances": 32, "alpha": 0.01, "extended": [b]}) == " of learner b"
    assert look_rows({"n_instances": 16, "alpha": 0.01, "extended": None}) == ""
