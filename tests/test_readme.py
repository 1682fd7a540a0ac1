"""README's tables say what the code says: each claim's statement and each mutant's catchers."""

from pathlib import Path

from testbed.claims import REGISTRY
from testbed.mutants import catchers_markdown
from testbed.report import claims_markdown

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


def test_the_claims_table_is_the_registry():
    """Every claim, with its status and statement, and no other row (`testbed list --markdown`
    prints the table to paste)."""
    assert f"\n\n{claims_markdown(list(REGISTRY))}\n\n" in README


def test_the_mutants_table_is_the_registry():
    """Every mutant, with its bug and catchers, and no other row (`testbed mutants list
    --markdown`)."""
    assert f"\n\n{catchers_markdown()}\n\n" in README
