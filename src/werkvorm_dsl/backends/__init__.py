"""The outputs. Importing this package registers each of them; none imports Jinja2 or WeasyPrint here.

The documents come first (each has its own name for --only), then the format backends that turn
them into other formats (PDF, .docx, .odt). A new backend is one module here, listed below."""

from . import draaiboek, overzicht, handout, kaarten, tijdschema, uitnodiging  # noqa: F401
from . import pdf_pages, docx, odt  # noqa: F401
