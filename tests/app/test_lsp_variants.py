"""`werkvorm lsp` and variants (issue 24): diagnostics name the variant, hover and completion know
VARIANT and 'bij variant'. One server, one document, several questions."""

from __future__ import annotations

from conftest import ROOT
from lsp_client import LspClient

# The good file with a variant too short for its steps: the check finds that in 'kort' alone.
TEXT = (ROOT / "tests/data/good/varianten.werkvorm").read_text(encoding="utf-8").replace("duur: 45 min", "duur: 20 min")
LINES = TEXT.split("\n")


def line_of(start: str) -> int:
    return next(number for number, line in enumerate(LINES) if line.strip().startswith(start))


def labels(result) -> list[str]:
    items = result["items"] if isinstance(result, dict) else result
    return [item["label"] for item in items]


def test_the_editor_hears_which_variant_a_problem_is_in_and_can_ask_about_variants():
    assert "duur: 20 min" in LINES
    client = LspClient()
    try:
        client.initialize()
        uri = "file:///tmp/werkvorm-lsp-test/varianten.werkvorm"
        client.open(uri, TEXT)
        too_long = [d for d in client.diagnostics(uri) if d["code"] == "E401"]
        assert too_long and all(d["message"].split("\n")[0].endswith("(in de variant 'kort')") for d in too_long)

        variant = client.at("textDocument/hover", uri, line_of("VARIANT lang"), 3)["contents"]["value"]
        assert variant.startswith("**Variant 'lang'**") and "= 90 min" in variant
        assert "Duur: anderhalf uur (in de basis: 65 min)" in variant and "2 keer in plaats van 1 keer" in variant
        change = client.at("textDocument/hover", uri, line_of("bij variant kort: 15 min"), 6)["contents"]["value"]
        assert change.startswith("**In de variant 'kort'**") and "duur 15 min in plaats van 25 min" in change

        typing = "\n".join([*LINES[:17], "    bij variant ", *LINES[17:]])
        client.change(uri, typing, 2)
        assert labels(client.at("textDocument/completion", uri, 17, 16)) == ["lang", "kort", "online"]
        typing = "\n".join([*LINES[:17], "    bij variant lang: n", *LINES[17:]])
        client.change(uri, typing, 3)
        assert labels(client.at("textDocument/completion", uri, 17, 23)) == ["niet"]
        typing = "\n".join([*LINES[:17], "    bij", *LINES[17:]])
        client.change(uri, typing, 4)
        assert "bij variant" in labels(client.at("textDocument/completion", uri, 17, 7))
        assert client.stop() == 0
    finally:
        client.kill()
