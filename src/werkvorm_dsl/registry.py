"""The backend registry: each output is a small class with a name, registered once by that name."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar


@dataclass
class Document:
    """What a backend hands back: the files of one output, by suffix ("html", "md", "pdf" …).

    `html` documents are also turned into PDF by the builder, which shares one WeasyPrint
    configuration across all of them.
    """

    name: str
    title: str
    files: dict[str, str] = field(default_factory=dict)  # suffix -> text
    pdf_from_html: bool = True
    cards: bool = False  # the HTML is A6 cards, to be imposed four to an A4 sheet


class Backend:
    """One output, such as the draaiboek. Subclasses set the class attributes and render()."""

    name: ClassVar[str]
    title: ClassVar[str]  # Dutch, for progress and help
    suffixes: ClassVar[tuple[str, ...]]

    def render(self, context) -> Document:  # context: build_outputs.Context
        raise NotImplementedError


_REGISTRY: dict[str, type[Backend]] = {}


def register(backend: type[Backend]) -> type[Backend]:
    if backend.name in _REGISTRY:
        raise ValueError(f"backend {backend.name!r} is registered twice")
    _REGISTRY[backend.name] = backend
    return backend


def _load() -> None:
    # Importing the package registers every backend; it imports nothing heavy itself.
    from . import backends  # noqa: F401


def names() -> list[str]:
    _load()
    return list(_REGISTRY)


def get(name: str) -> Backend:
    _load()
    return _REGISTRY[name]()
