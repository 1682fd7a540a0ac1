"""The mutant library: every mutant is registered with catchers that exist, applying one is
undone on exit, and the command line lists and runs them."""

import pytest

from sims.mutants import MUTANTS, get
from testbed import mutants
from testbed.claims import REGISTRY
from testbed.cli import main


def test_every_mutant_has_catchers_that_exist_and_every_part_has_mutants():
    assert len(MUTANTS) >= 20
    assert set(mutants.CATCHERS) == {m.name for m in MUTANTS}
    claims = {c.id for c in REGISTRY}
    for name, catchers in mutants.CATCHERS.items():
        assert catchers, name
        for catcher in catchers:
            if mutants.is_test(catcher):
                path, test = catcher.split("::")
                assert (mutants.SOURCE_ROOT / path).exists() and test in (
                    mutants.SOURCE_ROOT / path).read_text(), catcher
            else:
                assert catcher in claims, (name, catcher)
    assert {m.part for m in MUTANTS} == {"I", "II", "III"}


def test_a_mutant_is_undone_on_leaving_it_even_after_an_error():
    import sims.bandits.policies as policies
    original = policies.inverse_gap_rule
    with pytest.raises(RuntimeError):
        with get("squarecb-igw-unnormalised").applied():
            assert policies.inverse_gap_rule is not original
            raise RuntimeError("inside")
    assert policies.inverse_gap_rule is original


def test_learner_wrappers_touch_only_the_named_learner():
    from sims.active import LEARNERS
    from sims.active.learners import version_space_params
    from sims.active.classes import threshold_class
    from sims.active.noise import massart
    cls = threshold_class(massart(), 5, (0.1, 0.4))
    mutant = get("abstention-band-too-wide")
    passive = LEARNERS["passive"](cls)
    assert mutant.learner(passive) is passive
    wrapped = mutant.learner(LEARNERS["abstention"](cls))
    state = wrapped.init(None, version_space_params(0.2))
    assert float(state.params.gamma) == pytest.approx(0.4)


def test_list_prints_each_mutant_with_its_catchers(capsys):
    assert main(["mutants", "list"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == len(MUTANTS)
    assert lines[0].split()[0] == MUTANTS[0].name
    assert lines[0].split()[1:] == list(mutants.CATCHERS[MUTANTS[0].name])


def test_an_unknown_mutant_is_named_in_one_line(capsys, tmp_path):
    assert main(["mutants", "run", "no-such-bug", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "unknown mutant 'no-such-bug'; known mutants: squarecb-igw-unnormalised" in err
    assert "Traceback" not in err


@pytest.mark.slow
def test_run_catches_a_mutant_and_writes_the_table(capsys, tmp_path):
    assert main(["mutants", "run", "key-reused", "squarecb-no-exploration", "--tier", "smoke",
                 "--out", str(tmp_path)]) == 0
    table = (tmp_path / mutants.MUTANT_TABLE).read_text()
    assert "2 of 2 mutants caught" in table
    assert "| `squarecb-no-exploration` | II |" in table and "| yes |" in table
    assert (tmp_path / "mutants" / "squarecb-no-exploration").is_dir()  # apart from the results
    assert not (tmp_path / "results").exists()
