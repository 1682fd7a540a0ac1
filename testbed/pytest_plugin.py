"""Claims as regression tests: the pytest plugin of the testbed (entry point ``pytest11``, so it
is active wherever the package is installed).

- ``pytest --claims ID[,ID|FILE.py ...]`` adds one test per claim (a registered id or a file that
  defines CLAIM); ``--claims-tier``, ``--claims-seed``, ``--claims-out`` (keep cells and results
  there, so a rerun simulates nothing new; by default nothing is kept) and
  ``--claims-inconclusive skip|fail`` set how.
- The ``check_claim`` fixture runs one claim inside a test of your own:
  ``def test_mine(check_claim): check_claim("las-spanner-property")``.

A claim that fails (or is void) fails its test with the verdict table in the message: each check
with its statistic, interval, target and instances. An inconclusive one is skipped, or failed
with ``--claims-inconclusive fail``. Nothing heavy is imported until a claim runs.
"""

import pytest

TIERS = ("smoke", "quick", "full")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("testbed", "claims of the testbed as regression tests")
    group.addoption("--claims", default=None, metavar="ID[,ID...]",
                    help="run these claims (ids or files that define CLAIM) as tests")
    group.addoption("--claims-tier", default="smoke", choices=TIERS,
                    help="the tier the claims run at (default: smoke)")
    group.addoption("--claims-seed", default=0, type=int, help="the seed (default: 0)")
    group.addoption("--claims-out", default=None, metavar="DIR",
                    help="keep cells and results under DIR (default: keep nothing)")
    group.addoption("--claims-inconclusive", default="skip", choices=("skip", "fail"),
                    help="what an inconclusive claim does to its test (default: skip)")


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config,
                                  items: list[pytest.Item]) -> None:
    names = config.getoption("--claims")
    if names:
        items.extend(ClaimItem.from_parent(session, name=f"claim[{name}]", claim=name)
                     for name in (n.strip() for n in names.split(",")) if name)


class ClaimItem(pytest.Item):
    """One claim run as a test (``--claims``)."""

    def __init__(self, *, claim: str, **kwargs):
        super().__init__(**kwargs)
        self.claim = claim

    def runtest(self) -> None:
        settle(self.config, self.claim)

    def reportinfo(self):
        return self.claim, None, f"claim {self.claim}"

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, ClaimFailed):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)


class ClaimFailed(AssertionError):
    """A claim that failed, was void, or (with --claims-inconclusive fail) is inconclusive."""


@pytest.fixture
def check_claim(request: pytest.FixtureRequest):
    """``check_claim(claim, tier=None, seed=None)``: settle ``claim`` (an id or a file) at the
    tier and seed given or set by the --claims-* options, fail the test unless it passes (skip
    when inconclusive, unless --claims-inconclusive fail), and return its testbed.runs.ClaimRun."""

    def check(claim: str, tier: str | None = None, seed: int | None = None):
        return settle(request.config, claim, tier, seed)

    return check


def settle(config: pytest.Config, name: str, tier: str | None = None, seed: int | None = None):
    """Run the claim ``name`` through testbed.runs.run_claim and judge its outcome."""
    from testbed.checks import FAILED, INCONCLUSIVE, VOID
    from testbed.claim_file import resolve
    from testbed.errors import InputError
    from testbed.report import verdict_table
    from testbed.runs import run_claim

    tier = tier or config.getoption("--claims-tier")
    seed = config.getoption("--claims-seed") if seed is None else seed
    out = config.getoption("--claims-out")
    try:
        run = run_claim(resolve(name), tier, seed, out)
    except InputError as err:
        raise pytest.UsageError(f"claim {name}: {err}") from None
    table = f"claim {run.claim.id} ({tier} tier, seed {seed}): {run.outcome}\n" + verdict_table(
        [run])
    if run.outcome in (FAILED, VOID):
        raise ClaimFailed(table)
    if run.outcome == INCONCLUSIVE:
        if config.getoption("--claims-inconclusive") == "fail":
            raise ClaimFailed(table)
        pytest.skip(table)
    return run
