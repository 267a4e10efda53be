"""The round trip of issue 25: every werkvorm in formats/, built into its draaiboek as Word and as
OpenDocument and imported again, gives a werkvorm with the same steps, durations, rounds and roles,
without errors; the drafts are kept in tests/data/import/eigen/ (`make regen` writes them anew)."""

from __future__ import annotations

import pytest

from import_samples import FORMATS, OFFICE, OWN_DRAFTS, own_draaiboeken, own_drafts
from werkvorm_dsl.analysis.timing import session_of
from werkvorm_dsl.language.nodes import Groups, Part, Pause, Round, Step, TimeBox
from werkvorm_dsl.language.parser import parse
from werkvorm_dsl.language.source import decode
from werkvorm_dsl.pipeline import check_source

# The draaiboek sets quotes as a typesetter would; the author's straight ones come back curly.
TYPESET_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})


@pytest.fixture(scope="module")
def drafts(tmp_path_factory) -> dict[str, str]:
    """Every draft, by the name of its expected file: the twenty office files made and read once."""
    made = own_drafts(own_draaiboeken(), tmp_path_factory.mktemp("eigen-draaiboeken"))
    return {path.name: text for path, text in made.items()}


def skeleton(parts: tuple[Part, ...]) -> list:
    """What the round trip must keep of a session: each step's title, duration, roles and whether it
    happens only when there is time, and each block's kind, count, size and time box, nested."""
    found: list = []
    for part in parts:
        match part:
            case Step():
                duration = (
                    (part.duration.low, part.duration.high, part.duration.per_participant) if part.duration else None
                )
                found.append(("stap", part.title.text.translate(TYPESET_QUOTES), duration, part.roles, part.optional))
            case Pause():
                found.append(("pauze", part.duration.high if part.duration else None))
            case Round():
                box = part.box.high if part.box else None
                found.append(
                    ("ronde", part.repeat.text if part.repeat else None, box, part.optional, skeleton(part.parts))
                )
            case Groups():
                size = (part.size.low, part.size.high) if part.size else None
                box = part.box.high if part.box else None
                found.append(("groepjes", size, box, part.optional, skeleton(part.parts)))
            case TimeBox():
                found.append(("blok", part.box.high if part.box else None, part.optional, skeleton(part.parts)))
    return found


def preparation(text: str) -> list[str]:
    werkvorm = parse(text)
    sections = [
        s for s in werkvorm.sections if getattr(s, "heading", None) and s.heading.label.lower() == "voorbereiding"
    ]
    return [step.title.text.translate(TYPESET_QUOTES) for section in sections for step in section.parts]


@pytest.mark.parametrize("suffix", OFFICE)
@pytest.mark.parametrize("source", FORMATS, ids=lambda p: p.stem)
def test_our_own_draaiboek_imported_gives_the_werkvorm_back(drafts, source, suffix):
    name = f"{source.stem}.draaiboek.{suffix}.draft.werkvorm"
    draft = drafts[name]
    assert draft == (OWN_DRAFTS / name).read_text(encoding="utf-8"), "run make regen and review the diff"
    checked = check_source(decode(draft.encode("utf-8"), name))
    assert [d.message for d in checked.diagnostics if d.is_error] == []
    original = source.read_text(encoding="utf-8")
    back, written = session_of(parse(draft)), session_of(parse(original))
    assert back is not None and written is not None
    assert skeleton(back.parts) == skeleton(written.parts)
    assert preparation(draft) == preparation(original)


def test_the_round_trip_can_fail():
    """A step whose duration the reader lost would be seen: the skeleton holds durations."""
    text = (OWN_DRAFTS / f"{FORMATS[0].stem}.draaiboek.docx.draft.werkvorm").read_text(encoding="utf-8")
    changed = text.replace("duur: 10 min", "duur: 11 min", 1)
    assert changed != text
    original = session_of(parse(FORMATS[0].read_text(encoding="utf-8")))
    assert original is not None and skeleton(session_of(parse(changed)).parts) != skeleton(original.parts)  # type: ignore[union-attr]
