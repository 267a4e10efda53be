"""The backend registry: each output is a small class with a name, registered once by that name."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:  # only for the type checker: importing them here would cost `werkvorm check` nothing, but keeps
    from werkvorm_dsl.analysis.schedule import Plan
    from werkvorm_dsl.analysis.variants import VariantNote
    from werkvorm_dsl.language.nodes import Werkvorm
    from werkvorm_dsl.output.house_style import Huisstijl  # this module free of cycles
    from werkvorm_dsl.output.pdf_renderer import Renderer


@dataclass
class Document:
    """What a backend hands back for one document: its files, by key. The key is the format
    ("html", "pdf", "docx" …), or a variant and its format ("a6.pdf"), which the driver writes as
    `kaarten-a6.pdf`. Text is written as UTF-8, bytes as they are."""

    name: str
    title: str
    files: dict[str, str | bytes] = field(default_factory=dict)

    def text(self, key: str) -> str:
        """A file that is text (the HTML a PDF is printed from); bytes under that key are a bug."""
        data = self.files[key]
        if not isinstance(data, str):
            raise TypeError(f"{self.name}: the {key} file is bytes, not text")
        return data

    def file_name(self, key: str) -> str:
        variant, _, suffix = key.rpartition(".")
        return f"{self.name}-{variant}.{suffix}" if variant else f"{self.name}.{suffix}"


def format_of(key: str) -> str:
    """The format of a file key: 'a6.pdf' is a PDF."""
    return key.rpartition(".")[2]


class Resources:
    """What the backends of one process share across werkvormen: the PDF renderer (one font
    configuration for every PDF), and notices for the author that a backend met on the way."""

    def __init__(self, archival: bool = False):
        self.archival = archival
        self.pdf_renderer: Renderer | None = None  # made by the PDF backend on first use: WeasyPrint is slow to import
        self.notices: list[str] = []

    def take_notices(self) -> list[str]:
        notices, self.notices = list(dict.fromkeys(self.notices)), []  # once each, not per page
        return notices


@dataclass
class BuildContext:
    """Everything a backend needs to render one werkvorm."""

    werkvorm: Werkvorm
    plan: Plan
    slug: str
    datum: date | None
    source_folder: str
    epoch: int
    large: bool = False  # --groot: large print for the handout and the cards
    # What is still open while the werkvorm has warnings ("1 waarschuwing (link zonder adres)"):
    # every printed page then says CONCEPT with it. Empty: the documents are final.
    concept: str = ""
    huisstijl: Huisstijl | None = None  # a municipality's own look; None keeps the default one
    resources: Resources = field(default_factory=Resources)
    variant: VariantNote | None = None  # the variant these documents are of (issue 24); None: the base
    _made: dict[str, Document] = field(default_factory=dict, repr=False)

    def document(self, name: str) -> Document:
        """The document as its own backend makes it (HTML, Markdown …), made once per build: the
        PDF and office backends start from the same render."""
        if name not in self._made:
            self._made[name] = get(name).render(self)
        return self._made[name]


class Backend:
    """One output. A document backend (the draaiboek) has its own name; a format backend (PDF,
    .docx) makes its formats for the documents it lists. Subclasses set the class attributes and
    render(); a format backend reads the document it converts with `context.document(name)`."""

    name: ClassVar[str]
    title: ClassVar[str]  # Dutch, for progress and help
    formats: ClassVar[tuple[str, ...]]  # what it makes
    documents: ClassVar[tuple[str, ...]] = ()  # for a format backend: the documents it makes; else its own name

    @classmethod
    def makes(cls) -> tuple[str, ...]:
        return cls.documents or (cls.name,)

    def render(self, context: BuildContext, document: str | None = None) -> Document:
        raise NotImplementedError

    def converted(self, document: str | None) -> str:
        """The document a format backend converts: the driver always names it."""
        if document is None:
            raise TypeError(f"the {self.name} backend converts a document, and was not told which")
        return document


_REGISTRY: dict[str, type[Backend]] = {}


def register(backend: type[Backend]) -> type[Backend]:
    if backend.name in _REGISTRY:
        raise ValueError(f"backend {backend.name!r} is registered twice")
    _REGISTRY[backend.name] = backend
    return backend


def _load() -> None:
    # Importing the two packages registers every backend (documents first, then formats); they
    # import nothing heavy themselves. Lazy on purpose: each backend imports this registry.
    from werkvorm_dsl.output import documents, formats  # noqa: F401


def names() -> list[str]:
    """The documents, in the order they are built: what `--only` chooses from."""
    _load()
    return [name for name, backend in _REGISTRY.items() if not backend.documents]


def all_formats() -> set[str]:
    _load()
    return {fmt for backend in _REGISTRY.values() for fmt in backend.formats}


def get(name: str) -> Backend:
    _load()
    return _REGISTRY[name]()


def makers(document: str, formats: set[str]) -> list[Backend]:
    """The backends that make one of these formats of the document: its own first, then the
    format backends in the order they were registered."""
    _load()
    return [
        backend() for backend in _REGISTRY.values() if document in backend.makes() and formats & set(backend.formats)
    ]


def render_files(context: BuildContext, document: str, formats: set[str]) -> dict[str, str | bytes]:
    """Only the files of one document in these formats, by file name: what `werkvorm serve`
    needs for one page (the HTML of the draaiboek), without making any other."""
    files: dict[str, str | bytes] = {}
    for backend in makers(document, formats):
        made = context.document(document) if not backend.documents else backend.render(context, document)
        files.update({made.file_name(key): data for key, data in made.files.items() if format_of(key) in formats})
    return files
