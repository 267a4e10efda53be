#!/usr/bin/env bash
# WeasyPrint needs Pango and HarfBuzz's subsetter; poppler's pdftotext reads PDFs in the tests.
# Installs what is missing where we may (root with apt-get), and otherwise says what to install.
set -u
missing=()
ldconfig -p | grep -q 'libpango-1.0.so' || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
ldconfig -p | grep -q 'libharfbuzz-subset.so' || missing+=(libharfbuzz-subset0)
# werkvorm taal: Hunspell's Dutch dictionary (OpenTaal) and libenchant, which pyenchant loads.
[ -f /usr/share/hunspell/nl_NL.dic ] || missing+=(hunspell-nl)
ldconfig -p | grep -q 'libenchant-2.so' || missing+=(libenchant-2-2)
# CairoSVG draws an SVG logo as a PNG for the Word and OpenDocument files.
ldconfig -p | grep -q 'libcairo.so.2' || missing+=(libcairo2)
command -v pdftoppm >/dev/null || missing+=(poppler-utils)
fc-list 2>/dev/null | grep -qi 'DejaVu Sans' || missing+=(fonts-dejavu-core)
# The .docx and .odt carry Lato; where a house font is missing they name Carlito (Calibri's widths) as
# the stand-in, so LibreOffice lays them out as Word will.
fc-list 2>/dev/null | grep -qi 'Carlito' || missing+=(fonts-crosextra-carlito)
# The end-to-end test of `werkvorm serve` drives Debian's Chromium through its ChromeDriver.
command -v chromium >/dev/null || missing+=(chromium)
# The browser tests run in its old headless shell (tests/browsing.py): a third less CPU.
command -v chromium-headless-shell >/dev/null || missing+=(chromium-headless-shell)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
# The test of the editors' TextMate grammar runs its patterns in Oniguruma, the engine VS Code uses.
ldconfig -p | grep -q 'libonig.so.5' || missing+=(libonig5)
# The tests open every .docx and .odt in LibreOffice, headless, and convert them to PDF and text.
command -v soffice >/dev/null || missing+=(libreoffice-writer-nogui)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Systeempakketten installeren: ${missing[*]}"
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null && exit 0
  echo "Installeren is mislukt."
fi
echo "Voor de PDF's en de taalcontrole ontbreken deze systeempakketten: ${missing[*]}" >&2
echo "Installeer ze met: sudo apt-get install ${missing[*]}" >&2
exit 1
