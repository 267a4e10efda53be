"""PDF: the HTML of the draaiboek, the hand-out and the cards, printed by WeasyPrint; cards four to an A4."""

from __future__ import annotations

from ..registry import Backend, BuildContext, Document, register

A4_DOCUMENTS = ("draaiboek", "overzicht", "deelnemers")
CARD_DOCUMENTS = ("kaarten",)


@register
class Pdf(Backend):
    name = "pdf"
    title = "PDF"
    formats = ("pdf",)
    documents = A4_DOCUMENTS + CARD_DOCUMENTS

    def render(self, context: BuildContext, document: str | None = None) -> Document:
        made = context.document(document)
        renderer = renderer_for(context)
        if document in CARD_DOCUMENTS:
            accessible, sheets = renderer.cards(made.files["html"])
            files = {"a6.pdf": accessible, "pdf": sheets}
        else:
            files = {"pdf": renderer.a4(made.files["html"])}
        context.resources.notices.extend(f"let op, bij het maken van een PDF meldde WeasyPrint: {problem}"
                                         for problem in renderer.take_problems())
        return Document(made.name, made.title, files)


def renderer_for(context: BuildContext):
    """The process's one renderer, reading from this werkvorm's folder (and the packaged assets)."""
    resources = context.resources
    if resources.pdf_renderer is None:
        try:
            from ..pdf import Renderer  # WeasyPrint costs most of a second to import: only when a PDF is made
        except (ImportError, OSError) as problem:  # WeasyPrint without Pango or HarfBuzz fails on import
            from ..files import FileFault

            raise FileFault(f"Voor PDF's ontbreekt iets op deze computer ({problem}).", "E508",
                            hint="Installeer Pango en HarfBuzz (Debian: libpango-1.0-0 libharfbuzz-subset0), of "
                            "maak alleen HTML en Markdown met --formaten html,md.") from None
        resources.pdf_renderer = Renderer(context.source_folder, archival=resources.archival)
    else:
        resources.pdf_renderer.serve_folder(context.source_folder)
    return resources.pdf_renderer
