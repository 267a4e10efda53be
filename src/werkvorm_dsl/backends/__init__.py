"""The outputs. Importing this package registers each of them; none imports Jinja2 or WeasyPrint here."""

from . import draaiboek, handout, kaarten, tijdschema, uitnodiging  # noqa: F401
