"""An invitation worth sending, read in every format it is written in: it asks what the meeting is
about when nothing says it, speaks the reader's words, asks for a case where the werkvorm needs one,
punctuates once, and has headings a reader's navigation finds."""

import datetime
import re
import zipfile

import pytest
from hypothesis import given, settings

from conftest import FORMATS
from strategies import quick_share, werkvormen
from werkvorm_dsl import parse
from werkvorm_dsl.analysis.schedule import plan
from werkvorm_dsl.app.build_command import Context
from werkvorm_dsl.app.cli import main
from werkvorm_dsl.language.keywords import CASE_PRESENTER_ROLES, ROLES
from werkvorm_dsl.language.nodes import Example, SectionKind, Step, walk
from werkvorm_dsl.output import registry
from werkvorm_dsl.output.documents.uitnodiging import BRING_A_CASE, FORM_WORDS

ABOUT = "[invullen: één zin over waar de bijeenkomst over gaat]"
# A full stop after a sentence that has ended already: 'op?”.', 'zaal 2..' ('...' is an ellipsis).
DOUBLE_STOP = re.compile(r"(?<!\.)[?!.…][\"'”’»*_)\]]*\.(?!\.)")
TEXT_SUFFIXES = ("txt", "md", "html")


def letters(source: str, name: str = "proef") -> dict[str, str]:
    werkvorm = parse(source, f"{name}.werkvorm")
    context = Context(werkvorm, plan(werkvorm, "14:00"), name, datetime.date(2027, 6, 10), ".", 0)
    files = registry.get("uitnodiging").render(context).files
    return {suffix: files[suffix] for suffix in TEXT_SUFFIXES}


def readable(text: str) -> str:
    """The words a reader sees: tags, Markdown escapes and entities out."""
    text = re.sub(r"<[^>]+>", "", text).replace("\\", "")
    return text.replace("&#34;", '"').replace("&#39;", "'").replace("&amp;", "&")


def session_roles(werkvorm) -> set[str]:
    session = werkvorm.section(SectionKind.SESSION)
    steps = [p for p in walk(session.parts) if isinstance(p, Step)] if session else []
    return {role for step in steps for role in step.roles + step.absent}


@pytest.mark.parametrize("path", FORMATS, ids=lambda p: p.stem)
def test_each_formats_invitation_says_what_it_is_about_in_the_readers_words(path):
    source = path.read_text(encoding="utf-8")
    werkvorm = parse(source, path.name)
    examples = [b for s in werkvorm.section(SectionKind.PREPARATION).steps() for b in s.body if isinstance(b, Example)]
    for suffix, text in letters(source, path.stem).items():
        seen = readable(text)
        # one sentence about the meeting is asked for exactly when no goal or example says it
        assert (ABOUT in seen) == (not werkvorm.facts_of("doel") and not examples), (path.stem, suffix)
        assert "Soort" not in seen and "Vorm:" not in seen, suffix
        # 'offline', 'fysiek' or 'hybride' only where the sender still has to choose
        outside_placeholders = re.sub(r"\[invullen:[^\]]*\]", "", seen)
        assert not re.search(r"\b(" + "|".join(FORM_WORDS) + r")\b", outside_placeholders, re.I), suffix
        assert not DOUBLE_STOP.search(seen), (suffix, DOUBLE_STOP.search(seen))


@pytest.mark.parametrize("path", FORMATS, ids=lambda p: p.stem)
def test_a_werkvorm_with_a_case_presenter_asks_participants_to_bring_a_case(path):
    source = path.read_text(encoding="utf-8")
    werkvorm = parse(source, path.name)
    letter = letters(source, path.stem)
    asks = [suffix for suffix, text in letter.items() if BRING_A_CASE in readable(text)]
    already = re.search(r"\bneem\w*\b[^.?!]*\bmee\b|\binbreng", readable(letter["txt"]).replace(BRING_A_CASE, ""), re.I)
    if session_roles(werkvorm) & set(CASE_PRESENTER_ROLES) and not already:  # troika's 'opdrachtgever' too
        assert asks == list(TEXT_SUFFIXES)
    else:
        assert asks == []


@pytest.mark.parametrize("spelling", ROLES["casusinbrenger"])
def test_every_spelling_of_the_case_presenter_asks_for_a_case(spelling):
    source = (
        "WERKVORM Intervisie\nduur: 30 min\ndoel: Samen leren van het werk.\n\nSESSIE\n"
        f"stap De inbreng.\n    duur: 10 min\n    wie: {spelling}\nstap Vragen.\n    duur: 20 min\n    wie: deelnemers\n"
    )
    for text in letters(source).values():
        assert BRING_A_CASE in readable(text)
    without = source.replace(f"wie: {spelling}", "wie: begeleider")
    assert not any(BRING_A_CASE in readable(text) for text in letters(without).values())


@pytest.mark.parametrize(("written", "read"), [(w, r) for w, r in FORM_WORDS.items()] + [("online", "online")])
def test_the_form_of_the_meeting_is_said_as_a_participant_says_it(written, read):
    source = (
        f"WERKVORM Overleg\nduur: 30 min\ndoel: Bijpraten.\nvorm: {written}\n\nSESSIE\nstap Praten.\n    duur: 30 min\n"
    )
    for suffix, text in letters(source).items():
        assert f"Bijeenkomst: {read}" in readable(text).replace("**", "").replace("- ", ""), suffix


@pytest.mark.parametrize("title", ["Wat roept dit bij ons op?", "Stop!", "Samen verder…", "Een gewone titel"])
def test_a_title_that_ends_a_sentence_takes_no_second_full_stop(title):
    source = f"WERKVORM {title}\nduur: 30 min\ndoel: Samen.\n\nSESSIE\nstap Praten.\n    duur: 30 min\n"
    for suffix, text in letters(source).items():
        (line,) = [line for line in readable(text).splitlines() if "Graag nodigen we u uit" in line]
        assert not DOUBLE_STOP.search(line), (suffix, line)
        assert line.replace("**", "").rstrip().endswith((".", "?", "!", "…", "?”", "!”", "…”")), (suffix, line)


@settings(max_examples=quick_share(60), deadline=None)
@given(werkvormen)
def test_a_generated_werkvorms_invitation_has_no_jargon_and_no_double_full_stop(text):
    for suffix, written in letters(text, "gegenereerd").items():
        seen = readable(written)
        assert "Soort:" not in seen and "Vorm:" not in seen, suffix
        line = next(line for line in seen.splitlines() if "Graag nodigen we u uit" in line)
        assert not DOUBLE_STOP.search(line), (suffix, line)


# --- headings in the e-mail, the .docx and the .odt ---------------------------------------------


@pytest.fixture(scope="module")
def office_letters(tmp_path_factory):
    """Every format's invitation as HTML, .docx and .odt (python-docx and odfpy: no PDF, no LibreOffice)."""
    target = tmp_path_factory.mktemp("uitnodigingen")
    assert (
        main(["build", "--to", str(target), "--only", "uitnodiging", "--formaten", "html,docx,odt", *map(str, FORMATS)])
        == 0
    )
    return target


def docx_headings(path) -> list[tuple[int, str]]:
    from docx import Document

    found = []
    for paragraph in Document(str(path)).paragraphs:
        style = paragraph.style.name if paragraph.style is not None else ""
        if style.startswith("Heading "):
            found.append((int(style.split()[-1]), paragraph.text))
    return found


def odt_headings(path) -> list[tuple[int, str]]:
    from lxml import etree

    text_ns = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    with zipfile.ZipFile(path) as odt:
        root = etree.fromstring(odt.read("content.xml"), etree.XMLParser(resolve_entities=False, no_network=True))
    return [(int(h.get(f"{{{text_ns}}}outline-level")), "".join(h.itertext())) for h in root.iter(f"{{{text_ns}}}h")]


def html_headings(path) -> list[tuple[int, str]]:
    html = path.read_text(encoding="utf-8")
    return [(int(level), readable(text)) for level, text in re.findall(r"<h([1-6])[^>]*>(.*?)</h\1>", html, re.S)]


@pytest.mark.parametrize("path", FORMATS, ids=lambda p: p.stem)
def test_the_invitation_has_the_same_headings_in_html_word_and_opendocument(office_letters, path):
    folder = office_letters / path.stem
    html = html_headings(folder / "uitnodiging.html")
    assert html[0][0] == 1 and html[0][1].startswith("Uitnodiging: ")
    assert [level for level, _ in html[1:]] == [2] * (len(html) - 1) and len(html) >= 2
    normalised = [(level, " ".join(text.split())) for level, text in html]
    for read in (docx_headings, odt_headings):
        assert [
            (level, " ".join(text.split())) for level, text in read(folder / f"uitnodiging.{read.__name__[:-9]}")
        ] == (normalised), read.__name__
