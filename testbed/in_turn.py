"""Claims settled a few at a time on one backend, their results taken in order.

While one claim's last chunks run, or its checks and figures are made, the next claim's programs
compile and its chunks fill the slots the first leaves free. A claim that shares a cell with an
earlier one (the same identity: testbed.sweep.Cell.identity) waits until that one has finished, so
that it reads the cell from the store instead of simulating it a second time.
"""

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

from testbed import provenance
from testbed.claim import Claim, Tier

CLAIMS_AT_ONCE = 2  # one settling while the next compiles and fills its idle slots

Result = TypeVar("Result")


def first_look_cells(claim: Claim, sizes: Tier, seed: int) -> set[str]:
    """The identities of the cells of the claim's first look at ``sizes``."""
    code = provenance.code_version(claim.file)
    return {cell.identity(seed, code) for cell in claim.experiment(sizes).cells}


@contextmanager
def in_turn(claims: Sequence[Claim], settle: Callable[[Claim], Result],
            cells: Callable[[Claim], set[str]], at_once: int = CLAIMS_AT_ONCE
            ) -> Iterator[Iterator[Result]]:
    """``settle(claim)`` of every claim, yielded in the order of ``claims``, with up to
    ``at_once`` settling at the same time; a claim whose ``cells`` meet those of an earlier claim
    starts when that one has finished. An error of a claim is raised in its turn; leaving the
    block early cancels the claims not yet started."""
    if at_once < 1:
        raise ValueError(f"at_once must be at least 1, got {at_once}")
    pool = ThreadPoolExecutor(max_workers=at_once, thread_name_prefix="claim")
    owned = [cells(claim) for claim in claims]
    started: list[Future] = []

    def after(earlier: list[Future], claim: Claim) -> Result:
        for future in earlier:
            future.exception()  # waits; its own turn raises its error
        return settle(claim)

    try:
        for k, claim in enumerate(claims):
            earlier = [started[j] for j in range(k) if owned[j] & owned[k]]
            started.append(pool.submit(after, earlier, claim))
        yield (future.result() for future in started)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
