"""A Ctrl-C that comes when the work is done, while Python tears down (workers joined, files
closed), leaves the exit code as the work chose it, without a traceback: found as an exit by signal (-2, no message)
when a `-j 2` build had just written its last file."""

from __future__ import annotations

import signal
import subprocess
import sys

from conftest import ROOT

# An exit hook that presses Ctrl-C on its own process and then gives the signal time to land. First
# Ctrl-C is made to work as in a terminal: a child inherits an ignored SIGINT, and a test before this
# one may have left the test process ignoring it (as __main__.main does once its work is done).
LATE_CTRL_C = (
    "import atexit, os, signal, sys, time\n"
    "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
    "atexit.register(lambda: (os.kill(os.getpid(), signal.SIGINT), time.sleep(0.2)))\n"
)


def run(code: str) -> subprocess.CompletedProcess:
    environment = {"PYTHONPATH": str(ROOT / "src")}
    return subprocess.run([sys.executable, "-c", LATE_CTRL_C + code], capture_output=True, env=environment, timeout=60)


def test_the_command_line_s_exit_keeps_its_code():
    done = run("from werkvorm_dsl.app.cli import exit_quietly\nexit_quietly(3)")
    assert done.returncode == 3 and b"Traceback" not in done.stderr, done.stderr


def test_the_werkvorm_command_keeps_its_code():
    done = run(
        f"import sys\nsys.argv = ['werkvorm', 'check', {str(ROOT / 'formats')!r}]\nfrom werkvorm_dsl.__main__ import main\nsys.exit(main())"
    )
    assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr


def test_without_the_guard_the_late_ctrl_c_shows_a_traceback():
    """The control: the same late Ctrl-C in a plain exit lands, and Python prints a traceback (or,
    later in its teardown, ends the process by the signal)."""
    done = run("import sys\nsys.exit(3)")
    assert b"KeyboardInterrupt" in done.stderr or done.returncode == -signal.SIGINT
