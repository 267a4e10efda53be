"""A house style's logo and Word template together, each hostile in its own way: every problem is one
E603 line in the same run, with no library warning, data address or traceback. (Each logo case on
its own is in tests/output/test_logos.py; each template case in test_word_template.py.)"""

from __future__ import annotations

import shutil
import warnings

import pytest

from conftest import ROOT
from logos import jpeg_header, png
from werkvorm_dsl.app.cli import main
from word_templates import REFUSED

WERKVORM = ROOT / "formats" / "intervisie-participatie.werkvorm"
LOGOS = {
    "PNG 12.000 × 12.000": (lambda: png(12_000, 12_000, bit_depth=1), "logo.png"),
    "PNG 20.000 × 20.000": (lambda: png(20_000, 20_000, bit_depth=1), "logo.png"),
    "JPEG 12.000 × 12.000": (lambda: jpeg_header(12_000, 12_000), "logo.jpg"),
    "SVG with an entity": (
        lambda: b'<!DOCTYPE svg [<!ENTITY a "b">]><svg xmlns="http://www.w3.org/2000/svg"/>',
        "logo.svg",
    ),
}
TEMPLATES = ["entity expansion", "unpacks past the limit", "truncated", "external entity"]


@pytest.mark.parametrize("logo", sorted(LOGOS))
@pytest.mark.parametrize("template", TEMPLATES)
def test_a_hostile_logo_and_template_are_two_dutch_lines(tmp_path, capfd, logo, template):
    shutil.copy(WERKVORM, tmp_path / "sessie.werkvorm")
    make_logo, logo_name = LOGOS[logo]
    (tmp_path / logo_name).write_bytes(make_logo())
    (tmp_path / "huis.dotx").write_bytes(REFUSED[template][0]())
    (tmp_path / "huisstijl.toml").write_text(f'logo = "{logo_name}"\nword-sjabloon = "huis.dotx"\n', encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a library's warning (DecompressionBombWarning …) would fail loudly
        code = main(["build", "--to", str(tmp_path / "uit"), "-j", "2", str(tmp_path / "sessie.werkvorm")])
    out, err = capfd.readouterr()
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 2 and all("fout[E603]" in line for line in lines), err
    assert "Logo" in err and "Word-sjabloon" in err
    assert "DecompressionBomb" not in err + out and "data:" not in err + out and "Traceback" not in err
    assert max(len(line) for line in lines) < 600
    assert not (tmp_path / "uit" / "sessie").exists()
