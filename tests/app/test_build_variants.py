"""`werkvorm build` and variants (issue 24): each variant in a folder of its own beside the base, with
the schedule of the variant written out as a plain werkvorm, and the base's documents as they were."""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from strategies import quick_share, werkvormen
from werkvorm_dsl.analysis.variants import resolved_text, variant_note
from werkvorm_dsl.app.cli import main
from werkvorm_dsl.language.parser import parse
from werkvorm_dsl.language.source import decode
from werkvorm_dsl.output import registry
from werkvorm_dsl.output.registry import Resources
from werkvorm_dsl.pipeline import (
    BuildOptions,
    Checked,
    build_context,
    check_source,
    concept_note,
    has_errors,
    output_slug,
    variants_of,
)
from werkvorm_dsl.system.names import slug_for, variant_slug

SHAPES = tomllib.loads((ROOT / "tests/data/timing-shapes.toml").read_text(encoding="utf-8"))["shape"]


def sources_with_variants() -> list[tuple[str, str]]:
    """(file name, text) of every written werkvorm with variants and without errors: the formats,
    the good corpus and the timing shapes that have variants."""
    from test_timing_shapes import werkvorm_text

    written = [ROOT / "formats/incidentmethode.werkvorm", ROOT / "tests/data/good/varianten.werkvorm"]
    found = [(path.name, path.read_text(encoding="utf-8")) for path in written]
    found += [(f"vorm-{n}.werkvorm", werkvorm_text(s)) for n, s in enumerate(SHAPES) if "variants" in s]
    return [(name, text) for name, text in found if not has_errors(_checked(text, name)) and _comparable(text, name)]


def _comparable(text: str, name: str) -> bool:
    """Whether the base can be held to a build of its text without variants: not when only a variant
    warns (a KEUZE way a smaller variant never takes, W230), for then the base carries a CONCEPT
    mark that its text alone does not, in every format (PDF, Word) alike."""
    whole, alone = (concept_note(_checked(t, name).diagnostics) for t in (text, _without_variants(text, name)))
    return bool(whole) == bool(alone)


def _checked(text: str, name: str) -> Checked:
    return check_source(decode(text.encode("utf-8"), name))


def test_the_cases_include_the_format_and_every_kind_of_change():
    assert "incidentmethode.werkvorm" in [name for name, _ in CASES]
    werkvormen_ = [parse(text, name) for name, text in CASES]
    assert all(w.variants for w in werkvormen_)
    assert len({change.target for w in werkvormen_ for change in w.variant_changes}) >= 4


def _build(source: Path, target: Path, *options: str) -> int:
    return main(["build", "--to", str(target), "--formaten", "html,md", *options, str(source)])


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _write(folder: Path, name: str, text: str, like: Path | None = None) -> Path:
    """The text as a werkvorm file; with the modification time of `like`, so a document's version
    (the day the file changed) is the same."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    if like is not None:
        stat = like.stat()
        os.utime(path, (stat.st_atime, stat.st_mtime))
    return path


def _without_variants(text: str, name: str) -> str:
    """The werkvorm as written, without its variants: every VARIANT and 'bij variant' line a comment."""
    werkvorm = parse(text, name)
    lines = text.split("\n")
    for variant in werkvorm.variants:
        for number in range(variant.span.line, variant.span.end_line + 1):
            lines[number - 1] = "#"
    for change in werkvorm.variant_changes:
        lines[change.span.line - 1] = "#"
    return "\n".join(lines)


CASES = sources_with_variants()


@pytest.mark.parametrize(("name", "text"), CASES, ids=[name for name, _ in CASES])
def test_each_variant_is_built_as_its_written_out_text_and_the_base_is_unchanged(tmp_path, monkeypatch, name, text):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764763200")  # the office files' dates: the same in every build
    source = _write(tmp_path / "bron", name, text)
    assert _build(source, tmp_path / "uit") == 0
    werkvorm = parse(text, name)
    slug = slug_for(name)
    expected = {slug, *(f"{slug}--{variant_slug(v.name)}" for v in werkvorm.variants)}
    assert {p.name for p in (tmp_path / "uit").iterdir()} == expected

    plain_text = _without_variants(text, name)
    plain = _write(tmp_path / "basis", name, plain_text, like=source)
    assert _build(plain, tmp_path / "basis-uit") == 0
    # The base's CONCEPT mark counts the warnings of every variant too: the file is not final while
    # one of them has a warning. Apart from that, the base is built as if it had no variants.
    whole, alone = (concept_note(_checked(t, name).diagnostics).encode() for t in (text, plain_text))
    base = {
        file: data.replace(whole, alone) if whole else data for file, data in _files(tmp_path / "uit" / slug).items()
    }
    assert base == _files(tmp_path / "basis-uit" / slug)

    for variant in werkvorm.variants:
        folder = tmp_path / "uit" / f"{slug}--{variant_slug(variant.name)}"
        written_out = _write(tmp_path / "los" / variant_slug(variant.name), name, resolved_text(werkvorm, variant))
        target = tmp_path / "los-uit" / variant_slug(variant.name)
        assert _build(written_out, target) == 0
        for schedule in ("tijdschema.json", "tijdschema.txt"):
            assert (folder / schedule).read_bytes() == (target / slug / schedule).read_bytes(), (variant.name, schedule)
        _says_which_variant(folder, werkvorm, variant)


def _says_which_variant(folder: Path, werkvorm, variant) -> None:
    note = variant_note(werkvorm, variant)
    draaiboek = (folder / "draaiboek.md").read_text(encoding="utf-8")
    handout = (folder / "deelnemers.md").read_text(encoding="utf-8")
    assert f"**Variant:** {variant.name}" in draaiboek
    assert f"**Variant:** {variant.name}\n" in handout  # the name only: the explanation is the facilitator's
    assert "Anders dan in de basis" in draaiboek and "Anders dan in de basis" not in handout
    html = (folder / "draaiboek.html").read_text(encoding="utf-8")
    assert "Anders dan in de basis" in html
    assert len(note.differences) == len(variant.facts) + sum(c.name == variant.name for c in werkvorm.variant_changes)
    assert html.count("<li>", html.index("Anders dan in de basis")) >= len(note.differences)


def test_build_variant_makes_that_variant_alone_as_the_whole_build_does(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764763200")
    source = ROOT / "formats/incidentmethode.werkvorm"
    assert _build(source, tmp_path / "alles") == 0
    assert _build(source, tmp_path / "een", "--variant", "90 MIN") == 0
    assert [p.name for p in (tmp_path / "een").iterdir()] == ["incidentmethode--90-min"]
    folder = "incidentmethode--90-min"
    assert _files(tmp_path / "een" / folder) == _files(tmp_path / "alles" / folder)


def test_build_of_an_unknown_variant_builds_nothing_and_names_the_ones_there_are(tmp_path, capsys):
    assert _build(ROOT / "formats/incidentmethode.werkvorm", tmp_path / "uit", "--variant", "kort") == 1
    said = capsys.readouterr()
    assert "E224" in said.out and "'90 min'" in said.out and "Traceback" not in said.out + said.err
    assert not list((tmp_path / "uit").iterdir())


def test_the_build_says_where_each_variant_went(tmp_path, capsys):
    assert _build(ROOT / "formats/incidentmethode.werkvorm", tmp_path / "uit") == 0
    out = capsys.readouterr().out
    assert "(variant '90 min'): " in out and str(tmp_path / "uit" / "incidentmethode--90-min") in out


def _schedule(checked: Checked) -> str:
    """tijdschema.json as `werkvorm build` makes it, without the error gate: a generated werkvorm
    may hold errors, and its schedule must still agree."""
    context = build_context(checked, BuildOptions(), Resources())
    return registry.render_files(context, "tijdschema", {"json"})["tijdschema.json"]  # type: ignore[return-value]


@settings(max_examples=quick_share(60), deadline=None)
@given(werkvormen)
def test_a_generated_variant_has_the_schedule_of_its_written_out_text(text):
    whole = check_source(decode(text.encode("utf-8"), "gegenereerd.werkvorm"))
    if whole.werkvorm is None:
        return
    for variant in variants_of(whole):
        assert variant.variant is not None and output_slug(variant).startswith("gegenereerd--")
        named = next(v for v in whole.werkvorm.variants if v.name == variant.variant.name)
        written_out = resolved_text(whole.werkvorm, named)
        alone = check_source(decode(written_out.encode("utf-8"), "gegenereerd.werkvorm"))
        assert _schedule(variant) == _schedule(alone)


def _shape_texts() -> list[str]:
    from test_timing_shapes import werkvorm_text

    return [werkvorm_text(shape) for shape in SHAPES if "variants" not in shape]


SECTION = re.compile(r"(SESSIE|VOORBEREIDING)\b")
ROUND = re.compile(r"RONDE \d+ keer\b")


@st.composite
def shapes_with_a_variant(draw) -> str:
    """A session shape of the table with a variant 'anders' added: a duur of its own, and under any
    step's duration, round or step a 'bij variant' line that changes it or leaves the step out."""
    out: list[str] = []
    for line in draw(st.sampled_from(_shape_texts())).split("\n"):
        if SECTION.match(line) and not any(o.startswith("VARIANT") for o in out):
            out += ["VARIANT anders: een andere sessie", f"duur: {draw(st.integers(5, 120))} min", ""]
        out.append(line)
        indent = " " * (len(line) - len(line.lstrip()))
        said = line.strip()
        if said.startswith("duur:") and draw(st.booleans()):
            out.append(f"{indent}bij variant anders: {draw(st.integers(1, 30))} min")
        elif ROUND.match(said) and draw(st.booleans()):
            out.append(f"{indent}    bij variant anders: {draw(st.integers(1, 4))} keer")
        elif said.startswith("stap ") and draw(st.integers(0, 4)) == 0:
            out.append(f"{indent}    bij variant anders: niet")
    return "\n".join(out)


@settings(max_examples=quick_share(60), deadline=None)
@given(shapes_with_a_variant())
def test_a_shape_with_a_variant_added_has_the_schedule_of_its_written_out_text(text):
    whole = check_source(decode(text.encode("utf-8"), "vorm.werkvorm"))
    assert whole.werkvorm is not None and [v.name for v in whole.werkvorm.variants] == ["anders"]
    (variant,) = variants_of(whole)
    written_out = resolved_text(whole.werkvorm, whole.werkvorm.variants[0])
    assert "bij variant" not in written_out
    assert _schedule(variant) == _schedule(check_source(decode(written_out.encode("utf-8"), "vorm.werkvorm")))
    assert _schedule(whole) == _schedule(
        check_source(decode(_without_variants(text, "vorm.werkvorm").encode(), "vorm.werkvorm"))
    )


def test_two_variants_whose_names_give_one_folder_are_refused_before_anything_is_written(tmp_path, capsys):
    text = "WERKVORM Twee\nduur: 10 min\n\nVARIANT 90 min\nduur: 20 min\n\nVARIANT 90-min\nduur: 30 min\n\n"
    text += "SESSIE\nstap Welkom.\n    duur: 10 min\n    bij variant 90 min: 20 min\n    bij variant 90-min: 30 min\n"
    source = _write(tmp_path / "bron", "twee.werkvorm", text)
    assert not has_errors(_checked(text, "twee.werkvorm"))
    assert _build(source, tmp_path / "uit") == 2
    said = capsys.readouterr()
    assert "E505" in said.err and "'90 min' en '90-min'" in said.err and "Traceback" not in said.err
    assert not [p for p in (tmp_path / "uit").iterdir() if p.name.startswith("twee")]
