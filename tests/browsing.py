"""What the browser tests measure in headless Chromium: a phone's width, page widths and fonts, and axe-core."""

from conftest import ROOT

# axe-core as `make test` installs it (tests/axe), run for WCAG 2.1 A and AA.
AXE = ROOT / "tests/axe/node_modules/axe-core/axe.min.js"
RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
   .then(result => done(result.violations.map(v => [v.id, v.help, v.nodes.slice(0, 3).map(n => n.target.join(" "))])))
   .catch(error => done([["axe-fout", String(error), []]]));
"""


# A phone's width in headless Chromium, for the tests that no page scrolls sideways there.
# Not "mobile": a mobile viewport zooms out to fit a page that is too wide, and then measures it as fitting.
PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": False}
MEASURE = """
const done = arguments[arguments.length - 1];
document.fonts.ready.then(() => {
  const root = document.documentElement;
  const wide = [...document.querySelectorAll("body *")]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest(".timeline, .visually-hidden"))
    .slice(0, 3).map(e => e.tagName.toLowerCase() + "." + e.className + ": " + (e.textContent || "").slice(0, 40));
  const lato = [...document.fonts].some(f => f.family.replace(/"/g, "") === "Lato" && f.status === "loaded");
  done([root.scrollWidth, window.innerWidth, lato, wide]);
});
"""


def at_phone_width(browser):
    """From now on the browser's window is a phone's screen; MEASURE then gives [the page's width,
    the window's width, whether Lato was loaded, up to three elements that stick out]."""
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
