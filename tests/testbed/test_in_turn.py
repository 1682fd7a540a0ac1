import threading
import time

import pytest

from testbed.in_turn import in_turn

CELLS = {"a": {"x"}, "b": {"y"}, "c": {"x", "z"}, "d": {"w"}}


class Log:
    """When each fake claim started and finished settling."""

    def __init__(self) -> None:
        self.events: list[tuple[str, str]] = []
        self.lock = threading.Lock()
        self.running = 0
        self.most_running = 0

    def settle(self, claim: str) -> str:
        with self.lock:
            self.events.append(("start", claim))
            self.running += 1
            self.most_running = max(self.most_running, self.running)
        time.sleep(0.5 if claim == "a" else 0.1)
        with self.lock:
            self.events.append(("end", claim))
            self.running -= 1
        if claim == "b":
            raise ValueError("b cannot be settled")
        return claim.upper()

    def when(self, kind: str, claim: str) -> int:
        return self.events.index((kind, claim))


def test_claims_settle_two_at_a_time_in_order_and_one_that_shares_cells_waits():
    log = Log()
    with in_turn(["a", "d", "c"], log.settle, CELLS.__getitem__) as results:
        assert list(results) == ["A", "D", "C"]
    assert log.when("start", "d") < log.when("end", "a")  # a and d overlap
    assert log.when("start", "c") > log.when("end", "a")  # c reads a's cell x, though d ended
    assert log.when("end", "d") < log.when("end", "a")  # first and left a slot free
    assert log.most_running == 2


def test_an_error_is_raised_in_its_turn_after_the_results_before_it():
    log = Log()
    got = []
    with pytest.raises(ValueError, match="b cannot"):
        with in_turn(["a", "b", "d"], log.settle, CELLS.__getitem__) as results:
            for result in results:
                got.append(result)
    assert got == ["A"]


def test_one_at_a_time_never_overlaps():
    log = Log()
    with in_turn(["a", "d"], log.settle, CELLS.__getitem__, at_once=1) as results:
        assert list(results) == ["A", "D"]
    assert log.most_running == 1
    with pytest.raises(ValueError, match="at least 1"):
        with in_turn(["a"], log.settle, CELLS.__getitem__, at_once=0):
            pass


def test_a_claim_whose_cells_cannot_be_found_fails_in_its_turn_and_blocks_none_after_it():
    log = Log()

    def cells(claim: str) -> set[str]:
        if claim == "a":
            raise KeyError("no tier")
        return CELLS[claim]

    with in_turn(["d", "a", "c"], log.settle, cells) as results:
        assert next(results) == "D"
        with pytest.raises(KeyError, match="no tier"):
            next(results)
        waited = 0.0
        while ("end", "c") not in log.events and waited < 5:  # c shares a's cells, yet settles
            time.sleep(0.05)
            waited += 0.05
    assert ("end", "c") in log.events
