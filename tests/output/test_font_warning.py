"""A house font this machine lacks is a warning at build time (W605), once per house style file; the build goes on."""

from __future__ import annotations

import shutil

import pytest

from conftest import ROOT
from werkvorm_dsl.app.cli import main
from werkvorm_dsl.system import fonts

SEEDS = ("troika-consulting", "kennismaken-in-tweetallen")


def _build(tmp_path, font: str) -> int:
    for seed in SEEDS:
        shutil.copy(ROOT / "formats" / f"{seed}.werkvorm", tmp_path / f"{seed}.werkvorm")
    (tmp_path / "huisstijl.toml").write_text(f'lettertype = "{font}"\n', encoding="utf-8")
    paths = [str(tmp_path / f"{seed}.werkvorm") for seed in SEEDS]
    code = main(["build", "--to", str(tmp_path / "uit"), "--only", "deelnemers", "--formaten", "md", *paths])
    return code


def test_a_missing_font_is_one_warning_in_dutch_and_the_build_goes_on(tmp_path, capsys):
    code = _build(tmp_path, "Geen Bestaand Lettertype Xyz")
    err = capsys.readouterr().err
    assert code == 0 and all((tmp_path / "uit" / seed / "deelnemers.md").exists() for seed in SEEDS)
    assert err.count("waarschuwing[W605]") == 1  # one house style file, two werkvormen: said once
    line = next(line for line in err.splitlines() if "W605" in line)
    assert "huisstijl.toml" in line and "'Geen Bestaand Lettertype Xyz'" in line and "Lato" in line and "Tip:" in line


@pytest.mark.parametrize("font", ["DejaVu Sans", "dejavu sans", "Lato"])
def test_a_font_on_the_machine_or_the_bundled_lato_is_no_warning(tmp_path, capsys, font):
    assert fonts.installed("DejaVu Sans"), (
        "DejaVu Sans ontbreekt: installeer fonts-dejavu-core (scripts/system-deps.sh)"
    )
    code = _build(tmp_path, font)
    assert code == 0 and "W605" not in capsys.readouterr().err


def test_without_fontconfig_nothing_is_claimed(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(fonts, "families", lambda: None)
    code = _build(tmp_path, "Geen Bestaand Lettertype Xyz")
    assert code == 0 and "W605" not in capsys.readouterr().err
