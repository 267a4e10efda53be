"""The committed editor bundle belongs to its sources and lock (make editor), and fetches nothing from elsewhere."""

import hashlib
import re

from conftest import ROOT

BUNDLE = ROOT / "src/werkvorm_dsl/assets/editor.js"
SOURCES = ROOT / "editor"


def sources_digest() -> str:
    """The same digest as sourcesDigest() in editor/build.mjs."""
    digest = hashlib.sha256()
    names = [
        "package.json",
        "package-lock.json",
        "build.mjs",
        *sorted(f"src/{p.name}" for p in (SOURCES / "src").glob("*.js")),
    ]
    for name in names:
        digest.update(f"{name}\n".encode())
        digest.update((SOURCES / name).read_bytes())
    return digest.hexdigest()


def test_the_bundle_was_made_from_the_committed_sources_and_lock():
    first_line = BUNDLE.read_text(encoding="utf-8").split("\n", 1)[0]
    stamped = re.search(r"sources sha256 ([0-9a-f]{64})", first_line)
    assert stamped, first_line[:200]
    assert stamped.group(1) == sources_digest(), "editor/ changed: run 'make editor' and commit the bundle"


def test_the_lock_pins_every_package_the_bundle_is_made_of():
    import json

    lock = json.loads((SOURCES / "package-lock.json").read_text(encoding="utf-8"))
    wanted = json.loads((SOURCES / "package.json").read_text(encoding="utf-8"))["devDependencies"]
    for name, version in wanted.items():
        assert lock["packages"][f"node_modules/{name}"]["version"] == version, name
    assert all(entry.get("integrity", "").startswith("sha512-") for path, entry in lock["packages"].items() if path), (
        "every package with its hash, so npm ci fetches exactly these"
    )


def test_the_bundle_loads_nothing_from_the_network():
    text = BUNDLE.read_text(encoding="utf-8")
    addresses = set(re.findall(r"https?://[^\s\"'`)]+", text))
    assert addresses <= {"http://www.w3.org/2000/svg"}, addresses  # an XML namespace, never fetched
    assert "import(" not in text
