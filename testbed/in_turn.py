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
    starts when that one has finished (each claim's thread finds its own cells, so that this
    overlaps the earlier claims' work). An error of a claim is raised in its turn; leaving the
    block early cancels the claims not yet started."""
    if at_once < 1:
        raise ValueError(f"at_once must be at least 1, got {at_once}")
    pool = ThreadPoolExecutor(max_workers=at_once, thread_name_prefix="claim")
    owned: list[Future] = [Future() for _ in claims]  # each claim's cells, found by its thread
    started: list[Future] = []

    def after(k: int, claim: Claim) -> Result:
        try:
            mine = cells(claim)
        except BaseException as err:
            owned[k].set_exception(err)
            raise
        owned[k].set_result(mine)
        for j in range(k):  # started earlier (the pool takes claims in order), so finding its
            # cells already or soon
            if owned[j].exception() is None and owned[j].result() & mine:
                started[j].exception()  # waits; its own turn raises its error
        return settle(claim)

    try:
        for k, claim in enumerate(claims):
            started.append(pool.submit(after, k, claim))
        yield (future.result() for future in started)
    finally:
        for k, future in enumerate(started):
            if future.cancel():  # never started: nothing will find its cells
                owned[k].cancel()
        pool.shutdown(wait=False, cancel_futures=True)
