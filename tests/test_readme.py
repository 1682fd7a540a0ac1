"""README's tables say what the code says: each claim's statement and each mutant's catchers."""

from pathlib import Path

from sims.mutants import MUTANTS
from testbed.claims import REGISTRY
from testbed.mutants import CATCHERS

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


def test_every_claim_is_listed_with_its_status_and_statement():
    for claim in REGISTRY:
        row = f"| `{claim.id}` | {claim.status} | {claim.statement.replace('|', chr(92) + '|')} |"
        assert row in README, claim.id


def test_every_mutant_is_listed_with_its_catchers():
    for mutant in MUTANTS:
        catchers = ", ".join(f"`{c}`" for c in CATCHERS[mutant.name])
        assert f"| `{mutant.name}` | {mutant.bug} | {catchers} |" in README, mutant.name
