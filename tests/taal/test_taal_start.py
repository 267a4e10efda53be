"""`werkvorm taal` as a process loads the dictionary aside while it starts: the report stays the same."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT
from werkvorm_dsl.app.cli import main
from werkvorm_dsl.taal import spelling


def test_the_process_reports_what_main_reports(capsys):
    folder = ROOT / "tests" / "data" / "taal"
    code = main(["taal", "--format", "json", str(folder)])
    expected = capsys.readouterr().out
    done = subprocess.run(
        [sys.executable, "-m", "werkvorm_dsl", "taal", "--format", "json", str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (done.returncode, done.stdout) == (code, expected), done.stderr
    assert expected.count('"code"') > 5  # a report with findings, not an empty one


def test_loading_aside_and_asking_load_the_dictionary_once():
    probe = (
        "from werkvorm_dsl.taal import spelling; spelling.load_soon(); spelling.load_soon(); "
        "spelling.standard_spelling(); print(spelling.speller.cache_info().misses)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "1", done.stderr


def test_loading_aside_after_the_dictionary_is_there_does_nothing():
    spelling.standard_spelling()
    loaders = list(spelling._loaders)
    spelling.load_soon()
    assert spelling._loaders == loaders
