"""huisstijl.toml rewritten from serve's form: only the values the form sets change, the rest stays as written.

An author may have written the file by hand, with comments and a Word template in it. So the form
changes the lines of its own keys in place, and adds or removes only those; the result is read back
and must hold exactly the values meant. Where the file is laid out in a way these few rules do not
follow (a multi-line string, a dotted key, a file that is not TOML at all), a fresh file is written
with every value, and the old text kept under it as comments: nothing the author wrote is lost.
"""

from __future__ import annotations

import re
import tomllib

TOP_KEYS = ("organisatie", "logo", "lettertype")  # the form's keys outside any table
COLOUR_TABLE = "kleuren"
COLOUR_KEYS = ("koppen", "tekst")
ORDER = ("organisatie", "logo", "lettertype", "word-sjabloon")  # a fresh file's order; others follow
HEADER = (
    "# De huisstijl van de werkvormen in deze map, ingesteld in werkvorm serve.\n"
    "# U kunt dit bestand ook zelf bewerken; uitleg in docs/uitvoer.md, onder Huisstijl.\n"
)
KEPT_AS_COMMENT = "# Zo stond het er eerder; als opmerking bewaard, het programma leest het niet:\n"
KEY_LINE = re.compile(r"\s*(\"?)([A-Za-z0-9_-]+)\1\s*=")
TABLE_LINE = re.compile(r"\s*\[\s*(\"?)([A-Za-z0-9_-]+)\1\s*\]\s*(#.*)?")
ANY_TABLE_LINE = re.compile(r"\s*\[")


class _Unsupported(Exception):
    """The file is laid out in a way the line editor leaves alone (see the module's docstring)."""


def edited(old: str | None, top: dict[str, str], colours: dict[str, str]) -> str:
    """The file's new text: `top` and `colours` set the form's keys (an empty value removes the key);
    everything else in `old` stays."""
    wanted_top = {key: top.get(key, "") for key in TOP_KEYS}
    wanted_colours = {key: colours.get(key, "") for key in COLOUR_KEYS}
    if old is None or not old.strip():
        return fresh(expected({}, wanted_top, wanted_colours))
    try:
        old_data = tomllib.loads(old)
    except tomllib.TOMLDecodeError:
        return fresh(expected({}, wanted_top, wanted_colours)) + kept(old)
    meant = expected(old_data, wanted_top, wanted_colours)
    try:
        text = _line_edited(old, wanted_top, wanted_colours)
        if tomllib.loads(text) == meant:
            return text
    except (_Unsupported, tomllib.TOMLDecodeError):
        pass
    return fresh(meant) + kept(old)


def expected(old: dict, top: dict[str, str], colours: dict[str, str]) -> dict:
    """The data the new file must hold: the old data with the form's keys set or removed."""
    data = {key: value for key, value in old.items() if key not in TOP_KEYS}
    data.update({key: value for key, value in top.items() if value})
    was_table = isinstance(old.get(COLOUR_TABLE), dict)
    table = {key: value for key, value in old[COLOUR_TABLE].items() if key not in COLOUR_KEYS} if was_table else {}
    table.update({key: value for key, value in colours.items() if value})
    data.pop(COLOUR_TABLE, None)  # a 'kleuren' that was no table gives way to the form's colours
    if table or was_table:
        data[COLOUR_TABLE] = table
    return data


def fresh(data: dict) -> str:
    """A new file with these values: text values at the top, then [kleuren]."""
    names = [key for key in ORDER if key in data] + sorted(key for key in data if key not in ORDER)
    lines = [f"{key} = {toml_string(data[key])}" for key in names if isinstance(data[key], str)]
    colours = data.get(COLOUR_TABLE)
    text = HEADER + "\n" + "".join(line + "\n" for line in lines)
    if isinstance(colours, dict):
        text += f"\n[{COLOUR_TABLE}]\n" + "".join(
            f"{key} = {toml_string(value)}\n" for key, value in colours.items() if isinstance(value, str)
        )
    return text


def kept(old: str) -> str:
    """The old text under a fresh file, every line a comment."""
    lines = old.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n").split("\n")
    return "\n" + KEPT_AS_COMMENT + "".join(f"# {line}".rstrip() + "\n" for line in lines)


def toml_string(value: str) -> str:
    """A TOML basic string: quotes and backslashes escaped, and every control character."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + re.sub(r"[\x00-\x1f\x7f]", lambda found: f"\\u{ord(found.group()):04x}", escaped) + '"'


def _line_edited(old: str, top: dict[str, str], colours: dict[str, str]) -> str:
    newline = "\r\n" if "\r\n" in old else "\n"  # the file's own line ends, for the lines added
    lines = old.split(newline)
    if any("\r" in line for line in lines):
        raise _Unsupported("line ends of more than one kind")
    wanted = {None: dict(top), COLOUR_TABLE: dict(colours)}
    last_key = {None: -1, COLOUR_TABLE: -1}  # where each section's last key line is, for additions
    header_at: dict[str | None, int] = {}
    first_table = len(lines)
    table: str | None = None
    result: list[str | None] = []
    for index, line in enumerate(lines):
        result.append(line)
        if ANY_TABLE_LINE.match(line):
            found = TABLE_LINE.fullmatch(line)
            if found is None:
                raise _Unsupported("a table header this editor does not follow")
            table = found.group(2)
            first_table = min(first_table, index)
            header_at[table] = index
            continue
        key = KEY_LINE.match(line)
        if key is None or table not in wanted:
            continue
        name = key.group(2)
        last_key[table] = index
        if name not in wanted[table]:
            continue
        value = wanted[table].pop(name)
        result[index] = f"{_indent(line)}{name} = {toml_string(value)}{_comment(line)}" if value else None
    top_place = last_key[None] if last_key[None] >= 0 else _before(lines, first_table)
    _add_missing(result, wanted[None], top_place, newline)
    if COLOUR_TABLE in header_at:
        place = last_key[COLOUR_TABLE] if last_key[COLOUR_TABLE] >= 0 else header_at[COLOUR_TABLE]
        _add_missing(result, wanted[COLOUR_TABLE], place, newline)
    elif any(wanted[COLOUR_TABLE].values()):
        while result and result[-1] == "":
            result.pop()
        result += ["", f"[{COLOUR_TABLE}]"] + [f"{k} = {toml_string(v)}" for k, v in wanted[COLOUR_TABLE].items() if v]
        result.append("")
    return newline.join(line for line in result if line is not None)


def _add_missing(result: list[str | None], missing: dict[str, str], after: int, newline: str) -> None:
    """The keys not yet in the file, on new lines after line `after` (-1: at the top)."""
    additions = [f"{key} = {toml_string(value)}" for key, value in missing.items() if value]
    if not additions:
        return
    joined = newline.join(additions)
    if after < 0:
        result.insert(0, joined)
    else:
        result[after] = joined if result[after] is None else f"{result[after]}{newline}{joined}"


def _before(lines: list[str], first_table: int) -> int:
    """Where top-level keys go in a file that has none: after the opening comments, before the
    blank line above the first table (or at the end of a file without tables)."""
    place = first_table - 1
    while place >= 0 and not lines[place].strip():
        place -= 1
    return place


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def _comment(line: str) -> str:
    """The comment at the end of a key line (' # …'), found where the line before it reads as TOML."""
    try:
        tomllib.loads(line)
    except tomllib.TOMLDecodeError:
        raise _Unsupported("a value that goes on over more lines") from None
    for found in re.finditer("#", line):
        try:
            tomllib.loads(line[: found.start()])
        except tomllib.TOMLDecodeError:
            continue
        return " " + line[found.start() :].strip()
    return ""
