"""The baseline of `make bench`: a Python process that only renders the given HTML files with
WeasyPrint, with our font sheet and PDF variant, and writes the PDFs: what `werkvorm build` must
not take much longer than."""

import os
import sys

import weasyprint
from weasyprint.text.fonts import FontConfiguration


def main(assets: str, target: str, pages: list[str]) -> None:
    fonts = FontConfiguration()
    sheet = weasyprint.CSS(filename=os.path.join(assets, "fonts.css"), font_config=fonts)
    for page in pages:
        with open(page, encoding="utf-8") as handle:
            html = handle.read()
        pdf = weasyprint.HTML(string=html, base_url=assets + "/").write_pdf(
            stylesheets=[sheet], font_config=fonts, pdf_variant="pdf/ua-1"
        )
        with open(os.path.join(target, os.path.basename(page) + ".pdf"), "wb") as out:
            out.write(pdf)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
