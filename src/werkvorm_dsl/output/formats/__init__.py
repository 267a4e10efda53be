"""The format backends that turn a document into PDF, .docx or .odt; importing this package registers them.

A new format is one module here, listed below (see CONTRIBUTING.md)."""

# The documents register first, whichever package is imported first: a document's own backend
# must come before the formats made from it (registry.makers keeps the order of registration).
# isort: off
from werkvorm_dsl.output import documents  # noqa: F401
from werkvorm_dsl.output.formats import pdf, docx, odt  # noqa: F401
# isort: on
