"""The writing place's import: an uploaded file or pasted text becomes a draft .werkvorm in the served folder."""

from __future__ import annotations

import base64
import binascii
import os
import tempfile

from werkvorm_dsl.app.editing import EditRefused
from werkvorm_dsl.system.files import FileFault, create_file
from werkvorm_dsl.system.names import slug_for

PASTED_SUFFIX = ".txt"


def import_into(folder: str, name: str, content: str | None, text: str | None, existing: list[str]) -> str:
    """The path of the draft made of an upload (`content`, base64, named `name`) or of pasted `text`;
    never over another file, nor beside a werkvorm whose page would have the same address (E506)."""
    data = _uploaded(content) if content is not None else (text or "").encode("utf-8")
    suffix = os.path.splitext(name)[1].lower() if content is not None else PASTED_SUFFIX
    stem = os.path.splitext(os.path.basename(name.replace("\\", "/")))[0] if content is not None else name
    file_name = f"{slug_for(stem.strip() + '.werkvorm') or 'werkvorm'}.werkvorm"
    if any(slug_for(other) == slug_for(file_name) for other in existing):
        raise _exists(file_name)
    draft = _draft_of(data, suffix, stem)
    try:
        create_file(os.path.join(folder, file_name), draft.encode("utf-8"))
    except FileExistsError:
        raise _exists(file_name) from None
    except FileFault as fault:
        raise EditRefused(500, fault.code or "E509", fault.message, fault.hint) from None
    return os.path.join(folder, file_name)


def _uploaded(content: str) -> bytes:
    try:
        return base64.b64decode(content, validate=True)
    except (binascii.Error, ValueError):
        raise EditRefused(400, "E545", "Dit bestand kwam niet goed aan.", "Kies het bestand opnieuw.") from None


def _draft_of(data: bytes, suffix: str, stem: str) -> str:
    """The draft text, read from a temporary file of the upload's kind, outside the served folder."""
    from werkvorm_dsl.app.importeer import draft_of

    with tempfile.TemporaryDirectory(prefix="werkvorm-import-") as place:
        path = os.path.join(place, f"{slug_for(stem + suffix) or 'upload'}{suffix}")
        with open(path, "wb") as file:
            file.write(data)
        try:
            return draft_of(path).text
        except FileFault as fault:
            raise EditRefused(400, fault.code or "E531", fault.message, fault.hint) from None


def _exists(file_name: str) -> EditRefused:
    return EditRefused(
        409,
        "E506",
        f"Er is al een werkvorm met de naam {file_name}; ik overschrijf niets.",
        "Geef het concept een andere naam.",
    )
