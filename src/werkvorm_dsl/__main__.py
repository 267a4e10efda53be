"""`werkvorm` and `python -m werkvorm_dsl`: Ctrl-C while the program is still loading ends quietly."""

import gc
import os
import signal
import sys


def _abort_while_loading(signum, frame):
    os.write(2, b"\nwerkvorm: afgebroken.\n")
    os._exit(130)  # nothing is written yet, so there is nothing to clean up


def main() -> int:
    signal.signal(signal.SIGINT, _abort_while_loading)
    if sys.argv[1:2] == ["taal"]:
        from werkvorm_dsl.taal.spelling import load_soon

        load_soon()  # Hunspell reads the Dutch dictionary in C while the rest of the program loads
    # Loading makes tens of thousands of objects that live as long as the program; the cyclic collector
    # would scan them again and again while they are made, and at every collection after. So it waits,
    # and then leaves them out of its scans for good (gc.freeze).
    gc.disable()
    from werkvorm_dsl.app.cli import main as run  # from here on, cli.main turns Ctrl-C into the same line itself

    gc.freeze()
    gc.enable()

    signal.signal(signal.SIGINT, signal.default_int_handler)
    code = run()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # done: a Ctrl-C during teardown must not change the exit
    return code


if __name__ == "__main__":
    raise SystemExit(main())
