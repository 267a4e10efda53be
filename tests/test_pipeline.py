"""The pipeline every command shares: one gate for errors, and one way to show a file's diagnostics."""

from __future__ import annotations

import json

import pytest

from conftest import ROOT
from werkvorm_dsl.app.cli import main
from werkvorm_dsl.pipeline import WerkvormHasErrors, check_paths, export_file, fmt_paths

GOOD = ROOT / "tests/data/good/ronde-per-deelnemer.werkvorm"
OVERRUN = ROOT / "tests/data/bad/e401-past-niet.werkvorm"


def crowded(tmp_path):
    """A werkvorm with two errors (60 minutes of steps in 10; at the end an EINDE RONDE without a
    round, for which fmt too leaves it alone) and 60 warnings (an unknown role each)."""
    steps = "".join(f"stap Stap {n}\n    duur: 1 min\n    wie: kapitein\n\n" for n in range(60))
    path = tmp_path / "vol.werkvorm"
    path.write_text(f"WERKVORM Vol\nduur: 10 min\n\nSESSIE\n\n{steps}EINDE RONDE\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("command", [["check"], ["export"], ["fmt"], ["build", "--formaten", "html,md"]])
def test_every_command_shows_a_file_with_errors_the_same_way(tmp_path, capsys, command):
    path = crowded(tmp_path)
    before = path.read_bytes()
    target = tmp_path / "uit"
    extra = ["--to", str(target)] if command[0] == "build" else []
    code = main([*command, *extra, str(path)])
    out = capsys.readouterr().out
    assert code == 1
    shown = out.count(": fout[") + out.count(": waarschuwing[") + out.count(": opmerking[")
    assert shown == 50, "at most 50 diagnostics of one file, so a pasted novel does not scroll for minutes"
    assert f"{path}:2:1: fout[E401]" in out  # the error first: it is on line 2
    assert "vol.werkvorm: en nog 14 meldingen; los eerst de bovenste op." in out  # I704 among them: no doel
    assert path.read_bytes() == before
    assert not target.exists() or not any(target.rglob("*.html"))


def test_export_gives_json_only_without_errors():
    assert json.loads(export_file(str(GOOD)))["schema"].startswith("werkvorm-dsl/")
    with pytest.raises(WerkvormHasErrors) as refusal:
        export_file(str(OVERRUN))
    assert [d.code for d in refusal.value.checked.diagnostics if d.is_error] == ["E401"]


def test_check_paths_keeps_the_order_of_collect_and_strict_makes_warnings_errors(tmp_path):
    (tmp_path / "b.werkvorm").write_bytes(GOOD.read_bytes())
    (tmp_path / "a.werkvorm").write_text(
        "WERKVORM A\nduur: 10 min\ndoel: Oefenen.\n\nSESSIE\nstap Een\n    duur: 10 min\n    wie: kapitein\n    voor deelnemers: Een.\n",
        encoding="utf-8",
    )
    plain = check_paths([str(tmp_path)])
    assert [checked.path.rsplit("/", 1)[-1] for checked in plain] == ["a.werkvorm", "b.werkvorm"]
    assert [d.is_error for d in plain[0].diagnostics] == [False]
    assert [d.is_error for d in check_paths([str(tmp_path)], strict=True)[0].diagnostics] == [True]


def test_fmt_paths_formats_one_file_whatever_the_others_have(tmp_path):
    messy = tmp_path / "a-rommelig.werkvorm"
    messy.write_text("werkvorm:   Rommelig\nDUUR:10 min\n\nsessie:\n  Stap   Welkom\nDuur:10 min\n", encoding="utf-8")
    broken = tmp_path / "b-kapot.werkvorm"  # an error in its structure: fmt leaves it alone
    broken.write_bytes((ROOT / "tests/data/bad/e102-stap-voor-kopje.werkvorm").read_bytes())
    latin = tmp_path / "c-latin.werkvorm"
    latin.write_bytes(
        "WERKVORM Geïnteresseerd\nduur:10 min\n\nSESSIE\nstap Welkom\n    duur: 10 min\n".encode("cp1252")
    )
    tidy = tmp_path / "d-netjes.werkvorm"
    tidy.write_text("WERKVORM Netjes\nduur: 10 min\n\nSESSIE\nstap Welkom\n    duur: 10 min\n", encoding="utf-8")
    originals = {path: path.read_bytes() for path in (broken, latin, tidy)}

    outcome = fmt_paths([str(tmp_path)], only_check=False)

    assert outcome.changed == [str(messy)]
    assert (
        messy.read_text(encoding="utf-8")
        == "WERKVORM Rommelig\nduur: 10 min\n\nSESSIE\nstap Welkom\n    duur: 10 min\n"
    )
    assert [checked.path for checked in outcome.refused] == [str(broken)]
    assert [fault.code for fault in outcome.faults] == ["E504"]
    assert outcome.unsafe == []
    assert all(path.read_bytes() == data for path, data in originals.items())
