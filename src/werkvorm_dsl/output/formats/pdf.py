"""PDF: the HTML of the draaiboek, the hand-out and the cards, printed by WeasyPrint; cards four to an A4."""

from __future__ import annotations

from werkvorm_dsl.output.registry import Backend, BuildContext, Document, register

A4_DOCUMENTS = ("draaiboek", "overzicht", "deelnemers")
CARD_DOCUMENTS = ("kaarten",)
# The print sheet places the card pages on A4 as drawings, which carry no tags: with --pdf-a it is
# PDF/A-2b (archival, untagged), and the build says so and names the file that is archival and tagged.
SHEET_UNTAGGED = (
    "let op, kaarten.pdf (vier kaarten per A4, om te knippen) is PDF/A-2b, maar zonder tags: die gaan "
    "verloren bij het indelen op A4. Wilt u de kaarten met tags bewaren, voor wie ze voorgelezen krijgt, "
    "neem dan kaarten-a6.pdf; dat is PDF/A-2a."
)


@register
class Pdf(Backend):
    name = "pdf"
    title = "PDF"
    formats = ("pdf",)
    documents = A4_DOCUMENTS + CARD_DOCUMENTS

    def render(self, context: BuildContext, document: str | None = None) -> Document:
        document = self.converted(document)
        made = context.document(document)
        renderer = renderer_for(context)
        ahead = renderer.ahead
        if ahead is not None and ahead.context is context and document in ahead.documents:
            files, problems = ahead.take(document)
        else:
            files, problems = pdf_files(renderer, document, made.text("html")), renderer.take_problems()
        context.resources.notices.extend(
            f"let op, bij het maken van een PDF meldde WeasyPrint: {problem}" for problem in problems
        )
        if document in CARD_DOCUMENTS and context.resources.archival:
            context.resources.notices.append(SHEET_UNTAGGED)
        return Document(made.name, made.title, files)


def pdf_files(renderer, document: str, html: str) -> dict[str, bytes]:
    from werkvorm_dsl.output.typography import units_kept_with_numbers

    # On paper a number never ends a line without its unit ('3' / 'min.'). Only here: the HTML
    # files keep plain spaces, which readers' tools and the HTML's own tests search for.
    html = units_kept_with_numbers(html)
    if document in CARD_DOCUMENTS:
        accessible, sheets = renderer.cards(html)
        return {"a6.pdf": accessible, "pdf": sheets}
    return {"pdf": renderer.a4(html)}


class Ahead:
    """The PDFs of some documents of one build, rendered in a forked child process while this
    process renders the others: on a machine with a core to spare a werkvorm's PDFs take about
    half the time. Each document's files and WeasyPrint's remarks come back as if rendered here,
    in the same order, so the outputs and the messages stay the same byte for byte."""

    def __init__(self, context: BuildContext, documents: tuple[str, ...]):
        from werkvorm_dsl.system.parallel import Aside

        self.context, self.documents = context, documents
        renderer = renderer_for(context)  # WeasyPrint imported and fonts set up before the fork: the child shares them
        # The child makes the HTML too: here it is made when its turn comes, with its notices in their place.
        self.aside = Aside(
            lambda: {
                name: (pdf_files(renderer, name, context.document(name).text("html")), renderer.take_problems())
                for name in documents
            }
        )
        self.made: dict | None = None

    def take(self, document: str) -> tuple[dict[str, bytes], list[str]]:
        if self.made is None:
            self.made = self.aside.result()
        return self.made[document]

    def cancel(self) -> None:
        self.aside.cancel()


def render_ahead(context: BuildContext, documents: list[str]) -> Ahead | None:
    """Start rendering the later half of these documents' PDFs aside (see Ahead); None if
    there are too few to share. The caller cancels it if the build stops on the way."""
    pdfs = tuple(name for name in documents if name in Pdf.documents)
    if len(pdfs) < 2:
        return None
    ahead = Ahead(context, pdfs[len(pdfs) // 2 :])  # the first half here, in the order they are written
    renderer_for(context).ahead = ahead
    return ahead


def renderer_for(context: BuildContext):
    """The process's one renderer, reading from this werkvorm's folder (and the packaged assets)."""
    resources = context.resources
    if resources.pdf_renderer is None:
        try:
            from werkvorm_dsl.output.pdf_renderer import (
                Renderer,
            )  # WeasyPrint costs most of a second to import: only when a PDF is made
        except (ImportError, OSError) as problem:  # WeasyPrint without Pango or HarfBuzz fails on import
            from werkvorm_dsl.system.files import FileFault

            raise FileFault(
                f"Voor PDF's ontbreekt iets op deze computer ({problem}).",
                "E508",
                hint="Installeer Pango en HarfBuzz (Debian: libpango-1.0-0 libharfbuzz-subset0), of "
                "maak alleen HTML en Markdown met --formaten html,md.",
            ) from None
        resources.pdf_renderer = Renderer(context.source_folder, archival=resources.archival)
    else:
        resources.pdf_renderer.serve_folder(context.source_folder)
    return resources.pdf_renderer
