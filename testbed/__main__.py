"""``testbed`` and ``python -m testbed``: the command line (testbed.cli) with Ctrl-C handled
(testbed.interrupt) from the first import on."""

import signal
import sys


def run() -> None:
    """Import the command line, run it, and exit with its status (130 after a Ctrl-C)."""
    from testbed import interrupt
    signal.signal(signal.SIGINT, interrupt.exit_now)  # while importing, nothing is stored yet
    from testbed.cli import main
    interrupt.install()
    code = main()
    if code == interrupt.EXIT_INTERRUPTED:  # the command line has said so
        interrupt.leave(code)
    if interrupt.interrupted():
        interrupt.exit_now()
    sys.exit(code)


if __name__ == "__main__":
    run()
