"""The documents, each a backend with its own name for --only; importing this package registers them.

A new document is one module here, listed below (see CONTRIBUTING.md)."""

# The order of registration is the order of building and of --only's list: keep it.
# isort: off
from werkvorm_dsl.output.documents import draaiboek, overzicht, deelnemers, kaarten, tijdschema, uitnodiging  # noqa: F401
from werkvorm_dsl.output.documents import leiden, zaal  # noqa: F401
# isort: on
