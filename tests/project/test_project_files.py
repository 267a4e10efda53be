"""The project's own files: LICENSE, publiccode.yml, CONTRIBUTING.md's part-kind recipe and the pre-commit config."""

from __future__ import annotations

import ast
import copy
import functools
import json
import re
import tomllib
import typing
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from werkvorm_dsl.language import nodes

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
PART_KINDS = frozenset(kind.__name__ for kind in typing.get_args(nodes.Part))


# --- LICENSE ---------------------------------------------------------------------------------

LICENSE = (ROOT / "LICENSE").read_text(encoding="utf-8")
EUPL_ARTICLES = (
    "Definitions",
    "Scope of the rights granted by the Licence",
    "Communication of the Source Code",
    "Limitations on copyright",
    "Obligations of the Licensee",
    "Chain of Authorship",
    "Disclaimer of Warranty",
    "Disclaimer of Liability",
    "Additional agreements",
    "Acceptance of the Licence",
    "Information to the public",
    "Termination of the Licence",
    "Miscellaneous",
    "Jurisdiction",
    "Applicable Law",
)


def test_the_licence_is_the_eupl_that_pyproject_names():
    assert PROJECT["license"] == "EUPL-1.2"
    assert LICENSE.startswith("EUROPEAN UNION PUBLIC LICENCE v. 1.2\nEUPL © the European Union 2007, 2016\n")


def test_the_licence_is_whole_articles_and_appendix():
    headings = re.findall(r"^(\d+)\. (.+)$", LICENSE, re.M)
    assert headings == [(str(number), title) for number, title in enumerate(EUPL_ARTICLES, start=1)]
    appendix = LICENSE[LICENSE.index("\nAppendix\n") :]
    assert "‘Compatible Licences’ according to Article 5 EUPL are:" in appendix
    assert "- European Union Public Licence (EUPL) v. 1.1, v. 1.2" in appendix
    assert LICENSE.endswith("require the production of a new\nEUPL version.\n")


# --- publiccode.yml --------------------------------------------------------------------------

PUBLICCODE = ROOT / "publiccode.yml"
# The standard's mandatory keys (publiccode.yml 0.4) and its closed vocabularies.
REQUIRED = (
    "publiccodeYmlVersion",
    "name",
    "url",
    "platforms",
    "categories",
    "developmentStatus",
    "softwareType",
    "description",
    "legal",
    "maintenance",
    "localisation",
)
DEVELOPMENT_STATUSES = {"concept", "development", "beta", "stable", "obsolete"}
SOFTWARE_TYPES = {
    "standalone/mobile",
    "standalone/iot",
    "standalone/desktop",
    "standalone/web",
    "standalone/backend",
    "standalone/other",
    "addon",
    "library",
    "configurationFiles",
}
PLATFORMS = {"web", "windows", "mac", "linux", "ios", "android"}
MAINTENANCE_TYPES = {"internal", "contract", "community", "none"}
CATEGORIES = set(
    """accounting agile-project-management applicant-tracking application-development
    appointment-scheduling backup billing-and-invoicing blog budgeting business-intelligence
    business-process-management cad call-center-management cloud-management collaboration communications
    compliance-management contact-management content-management crm customer-service-and-support
    data-analytics data-collection data-visualization design design-system digital-asset-management
    digital-citizenship document-management donor-management e-commerce e-signature educational-content
    email-management email-marketing employee-management enterprise-project-management
    enterprise-social-networking erp event-management facility-management feedback-and-reviews-management
    financial-reporting fleet-management fundraising gamification geographic-information-systems
    grant-management graphic-design help-desk hr ide identity-management instant-messaging
    inventory-management it-asset-management it-development it-management it-security
    it-service-management knowledge-management learning-management-system marketing mind-mapping
    mobile-marketing mobile-payment network-management office online-booking online-community
    payment-gateway payroll predictive-analysis procurement productivity-suite project-collaboration
    project-management property-management real-estate-management remote-support resource-management
    sales-management seo service-desk social-media-management survey talent-management task-management
    taxes-management test-management time-management time-tracking translation video-conferencing
    video-editing visitor-management voip warehouse-management web-collaboration web-conferencing
    website-builder whistleblowing workflow-management""".split()
)
SCOPES = set(
    """agriculture culture defence education emergency-services employment energy environment
    finance-and-economic-development foreign-affairs healthcare infrastructures justice local-authorities
    manufacturing research science-and-technology security society sport tourism transportation
    welfare""".split()
)
# Dutch for the catalogue's readers, English beside it; the system libraries WeasyPrint and `werkvorm taal` need.
LANGUAGES = ("nl", "en")
SYSTEM_DEPENDENCIES = ("Python", "Pango", "HarfBuzz", "Hunspell nl")


def publiccode() -> dict:
    """publiccode.yml as data: a copy of its one reading, for a caller to change as it likes (the file is
    read at collection time for every mutation below, in every worker; parsing it took most of a second)."""
    return copy.deepcopy(_publiccode_read())


@functools.cache
def _publiccode_read() -> dict:
    return yaml.safe_load(PUBLICCODE.read_text(encoding="utf-8"))


def publiccode_problems(data) -> list[str]:
    """What keeps this document from being a publiccode.yml 0.4 that tells what pyproject.toml does."""
    if not isinstance(data, dict):
        return ["not a mapping"]
    found = [f"{key} is missing" for key in REQUIRED if key not in data]
    if data.get("publiccodeYmlVersion") != "0.4":
        found.append("publiccodeYmlVersion is not the string '0.4'")
    if data.get("name") != PROJECT["name"]:
        found.append("name is not pyproject's")
    if not str(data.get("url", "")).startswith("https://"):
        found.append("url is not an https address")
    found += _outside("platforms", data.get("platforms"), PLATFORMS)
    found += _outside("categories", data.get("categories"), CATEGORIES)
    found += _outside("intendedAudience.scope", data.get("intendedAudience", {}).get("scope", []), SCOPES)
    if data.get("developmentStatus") not in DEVELOPMENT_STATUSES:
        found.append("developmentStatus is not one of the standard's")
    if data.get("softwareType") not in SOFTWARE_TYPES:
        found.append("softwareType is not one of the standard's")
    if data.get("legal", {}).get("license") != PROJECT["license"]:
        found.append("legal.license is not pyproject's licence")
    found += _description_problems(data.get("description", {}))
    found += _maintenance_problems(data.get("maintenance", {}))
    found += _localisation_problems(data.get("localisation", {}))
    found += _dependency_problems(data.get("dependsOn", {}))
    return found


def _outside(key: str, values, allowed: set[str]) -> list[str]:
    if not isinstance(values, list) or not values:
        return [f"{key} is not a list of values"]
    return [f"{key}: {value!r} is not in the standard's list" for value in values if value not in allowed]


def _description_problems(description) -> list[str]:
    found = []
    for language in LANGUAGES:
        text = description.get(language, {}) if isinstance(description, dict) else {}
        short, long = text.get("shortDescription", ""), text.get("longDescription", "")
        if not 0 < len(short) <= 150:
            found.append(f"description.{language}.shortDescription is not 1 to 150 characters")
        if not 150 <= len(long) <= 10_000:
            found.append(f"description.{language}.longDescription is not 150 to 10,000 characters")
        features = text.get("features")
        if not features or not all(isinstance(feature, str) and feature for feature in features):
            found.append(f"description.{language}.features is not a list of features")
        found += [
            f"description.{language}.screenshots: {shot} is not in the repository"
            for shot in text.get("screenshots", [])
            if not (ROOT / shot).is_file()
        ]
    return found


def _maintenance_problems(maintenance) -> list[str]:
    kind = maintenance.get("type")
    if kind not in MAINTENANCE_TYPES:
        return ["maintenance.type is not one of the standard's"]
    contacts = maintenance.get("contacts") or []
    if kind in ("internal", "community") and (not contacts or not all(contact.get("name") for contact in contacts)):
        return ["maintenance.contacts must name someone for internal or community maintenance"]
    return []


def _localisation_problems(localisation) -> list[str]:
    found = []
    if not isinstance(localisation.get("localisationReady"), bool):
        found.append("localisation.localisationReady is not true or false")
    if not localisation.get("availableLanguages"):
        found.append("localisation.availableLanguages is empty")
    return found


def _dependency_problems(depends_on) -> list[str]:
    open_ = depends_on.get("open") or []
    names = [dependency.get("name", "") for dependency in open_]
    found = [f"dependsOn.open does not name {wanted}" for wanted in SYSTEM_DEPENDENCIES if not _named(wanted, names)]
    python = next((dependency for dependency in open_ if dependency.get("name") == "Python"), {})
    if python and python.get("versionMin") != PROJECT["requires-python"].removeprefix(">="):
        found.append("dependsOn.open: Python's versionMin is not pyproject's requires-python")
    found += [
        f"dependsOn.open: {dependency} has a version that is not a string"
        for dependency in open_
        if _unquoted(dependency)
    ]
    return found


def _named(wanted: str, names: list[str]) -> bool:
    return any(name == wanted or name.startswith(wanted + " ") for name in names)


def _unquoted(dependency: dict) -> bool:
    return any(
        not isinstance(dependency[key], str) for key in ("version", "versionMin", "versionMax") if key in dependency
    )


def test_publiccode_yml_has_the_standards_keys_and_pyprojects_licence():
    assert publiccode_problems(publiccode()) == []


def mutations() -> list[tuple[str, object]]:
    """Documents that are wrong in one way each: every required key left out in turn, and each
    other rule broken once."""
    found: list[tuple[str, object]] = [("a list", [])]
    for key in REQUIRED:
        data = publiccode()
        del data[key]
        found.append((f"without {key}", data))

    def changed(why: str, change) -> None:
        data = publiccode()
        change(data)
        found.append((why, data))

    changed("another licence", lambda d: d["legal"].update(license="MIT"))
    changed("a version as a number", lambda d: d.update(publiccodeYmlVersion=0.4))
    changed("another name", lambda d: d.update(name="werkvorm"))
    changed("an unknown category", lambda d: d["categories"].append("workshops"))
    changed("an unknown platform", lambda d: d["platforms"].append("amiga"))
    changed("an unknown scope", lambda d: d["intendedAudience"]["scope"].append("hr"))
    changed("an unknown status", lambda d: d.update(developmentStatus="alpha"))
    changed("an unknown software type", lambda d: d.update(softwareType="standalone"))
    changed("no English", lambda d: d["description"].pop("en"))
    changed("a long short description", lambda d: d["description"]["nl"].update(shortDescription="x" * 151))
    changed("a short long description", lambda d: d["description"]["en"].update(longDescription="x" * 149))
    changed("no features", lambda d: d["description"]["nl"].update(features=[]))
    changed("a missing screenshot", lambda d: d["description"]["nl"].update(screenshots=["docs/weg.png"]))
    changed("no contact", lambda d: d["maintenance"].update(type="internal", contacts=[]))
    changed("a contact without a name", lambda d: d["maintenance"].update(contacts=[{"email": "x"}]))
    changed("an unknown maintenance", lambda d: d["maintenance"].update(type="volunteers"))
    changed("no languages", lambda d: d["localisation"].update(availableLanguages=[]))
    changed("readiness as a word", lambda d: d["localisation"].update(localisationReady="nee"))
    changed(
        "no Pango", lambda d: d["dependsOn"].update(open=[x for x in d["dependsOn"]["open"] if x["name"] != "Pango"])
    )
    changed("an old Python", lambda d: d["dependsOn"]["open"][0].update(versionMin="3.9"))
    changed("a version as a number", lambda d: d["dependsOn"]["open"][1].update(versionMin=1.44))
    return found


MUTATIONS = mutations()


@pytest.mark.parametrize("why, data", MUTATIONS, ids=[why for why, _ in MUTATIONS])
def test_the_publiccode_check_refuses_a_wrong_document(why, data):
    assert publiccode_problems(data) != []


# --- CONTRIBUTING.md: the files a new part kind touches -----------------------------------------

CONTRIBUTING = ROOT / "CONTRIBUTING.md"
PART_KIND_SECTION = "### Adding a part kind"
LISTED_PATH = re.compile(r"`((?:src|grammar|scripts|docs|tests|editors|benchmarks)/[^`\s]+)`")
PACKAGE = ROOT / "src" / "werkvorm_dsl"
TEMPLATES = PACKAGE / "output" / "templates"
GRAMMAR = ROOT / "grammar" / "werkvorm.lark"


def section(text: str, heading: str) -> str:
    """The text under a heading, up to the next heading of the same or a higher level."""
    level = heading.split()[0]
    start = text.index(heading + "\n") + len(heading)
    ends = [match.start() for match in re.finditer(rf"^#{{1,{len(level)}}} ", text[start:], re.M)]
    return text[start : start + ends[0]] if ends else text[start:]


def listed_paths() -> set[str]:
    return set(LISTED_PATH.findall(section(CONTRIBUTING.read_text(encoding="utf-8"), PART_KIND_SECTION)))


def dispatches_on(source: str, kinds: frozenset[str]) -> bool:
    """Whether Python source names one of these classes in a `case` pattern or in an isinstance()."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.MatchClass) and _name(node.cls) in kinds:
            return True
        if isinstance(node, ast.Call) and _name(node.func) == "isinstance" and len(node.args) == 2:
            classes = node.args[1].elts if isinstance(node.args[1], ast.Tuple) else [node.args[1]]
            if any(_name(cls) in kinds for cls in classes):
                return True
    return False


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    return node.attr if isinstance(node, ast.Attribute) else ""


def container_terminals() -> frozenset[str]:
    """The grammar's openers of blocks that hold parts: `block_open: (ROUND | GROUPS | BOX) …`."""
    found = re.search(r"^block_open:\s*\(([^)]*)\)", GRAMMAR.read_text(encoding="utf-8"), re.M)
    assert found, "grammar/werkvorm.lark has no block_open rule any more; update this test"
    return frozenset(name.strip() for name in found.group(1).split("|"))


def names_every(source: str, terminals: frozenset[str]) -> bool:
    """Whether Python source spells every one of these terminals as a string: it enumerates them."""
    strings = {node.value for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Constant)}
    return terminals <= strings


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def modules_that_dispatch_on_part_kinds() -> set[str]:
    return {
        relative(path)
        for path in sorted(PACKAGE.rglob("*.py"))
        if dispatches_on(path.read_text(encoding="utf-8"), PART_KINDS)
    }


def modules_that_name_every_container() -> set[str]:
    terminals = container_terminals()
    return {
        relative(path)
        for path in sorted([*PACKAGE.rglob("*.py"), *(ROOT / "scripts").glob("*.py")])
        if names_every(path.read_text(encoding="utf-8"), terminals)
    }


def templates_that_dispatch_on_part_kinds() -> set[str]:
    return {relative(path) for path in sorted(TEMPLATES.iterdir()) if "part_kind(" in path.read_text(encoding="utf-8")}


def test_the_part_kind_recipe_lists_every_module_that_dispatches_on_a_part_kind():
    missing = modules_that_dispatch_on_part_kinds() - listed_paths()
    assert missing == set(), f"add to '{PART_KIND_SECTION}' in CONTRIBUTING.md: {sorted(missing)}"


def test_the_part_kind_recipe_lists_every_module_that_names_every_container():
    missing = modules_that_name_every_container() - listed_paths()
    assert missing == set(), f"add to '{PART_KIND_SECTION}' in CONTRIBUTING.md: {sorted(missing)}"


def test_the_part_kind_recipe_lists_every_template_that_dispatches_on_a_part_kind():
    missing = templates_that_dispatch_on_part_kinds() - listed_paths()
    assert missing == set(), f"add to '{PART_KIND_SECTION}' in CONTRIBUTING.md: {sorted(missing)}"


def test_every_file_the_part_kind_recipe_lists_exists():
    gone = sorted(path for path in listed_paths() if not (ROOT / path).exists())
    assert gone == [], f"'{PART_KIND_SECTION}' in CONTRIBUTING.md names files that are not there: {gone}"


def test_the_part_kind_recipe_names_every_current_part_kind():
    text = section(CONTRIBUTING.read_text(encoding="utf-8"), PART_KIND_SECTION)
    assert {kind for kind in PART_KINDS if f"(`{kind}`)" not in text} == set()


def test_the_part_kind_recipe_counts_its_own_list():
    text = section(CONTRIBUTING.read_text(encoding="utf-8"), PART_KIND_SECTION)
    claimed = re.search(r"\*\*(\d+) files\*\*", text)
    assert claimed, "the part-kind recipe no longer says how many files a new part kind needs"
    numbered = re.findall(r"^(\d+)\. `", text, re.M)
    assert numbered == [str(number) for number in range(1, len(numbered) + 1)]
    assert int(claimed.group(1)) == len(numbered)


def test_the_readers_find_what_they_must():
    # Without these, readers that found nothing would make the tests above pass.
    assert PART_KINDS == {"Step", "Pause", "Round", "Groups", "TimeBox", "Choice"}
    assert container_terminals() == {"ROUND", "GROUPS", "BOX", "CHOICE"}
    assert {"src/werkvorm_dsl/language/nodes.py", "src/werkvorm_dsl/output/render.py"} <= (
        modules_that_dispatch_on_part_kinds()
    )
    assert {"src/werkvorm_dsl/language/lexer.py", "scripts/make_textmate.py"} <= modules_that_name_every_container()
    assert "src/werkvorm_dsl/output/templates/macros.html" in templates_that_dispatch_on_part_kinds()
    assert "src/werkvorm_dsl/language/nodes.py" in listed_paths()
    assert "src/werkvorm_dsl/output/documents/tijdschema.py" not in listed_paths()  # the section ends in time


@pytest.mark.parametrize(
    "source, expected",
    [
        ("match part:\n    case Round():\n        pass\n", True),
        ("match part:\n    case nodes.TimeBox(parts=inner):\n        pass\n", True),
        ("isinstance(part, (Step, Pause))\n", True),
        ("isinstance(slot.part, Groups)\n", True),
        ("isinstance(part, Stepper)\n", False),
        ("Step(title, None)\n", False),
        ("match kind:\n    case SymbolKind.STEP:\n        pass\n", False),
    ],
)
def test_the_dispatch_reader(source, expected):
    assert dispatches_on(source, PART_KINDS) is expected


def test_a_module_left_out_of_the_recipe_is_found():
    listed = listed_paths() - {"src/werkvorm_dsl/analysis/timing.py"}
    assert modules_that_dispatch_on_part_kinds() - listed == {"src/werkvorm_dsl/analysis/timing.py"}


def test_the_schema_knows_every_part_kind():
    schema = json.loads((ROOT / "docs" / "werkvorm.schema.json").read_text(encoding="utf-8"))
    referenced = {choice["$ref"].rpartition("/")[2] for choice in schema["$defs"]["Part"]["oneOf"]}
    assert referenced == PART_KINDS


# --- .pre-commit-config.yaml: the contributors' hooks -----------------------------------------

HOOKS_FOR_CONTRIBUTORS = {"ruff-check": "ruff", "ruff-format": "ruff", "mypy": "mypy"}


def contributor_hooks() -> dict[str, dict]:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    return {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}


@pytest.mark.parametrize("hook_id, tool", sorted(HOOKS_FOR_CONTRIBUTORS.items()))
def test_the_contributors_hooks_run_the_venvs_pinned_tools(hook_id, tool):
    hook = contributor_hooks()[hook_id]
    assert hook["language"] == "system"
    assert hook["entry"].split()[0] == f".venv/bin/{tool}"
    pinned = [
        requirement for requirement in PROJECT["optional-dependencies"]["test"] if requirement.startswith(tool + "==")
    ]
    assert pinned, f"{tool} is not pinned in pyproject's test extras, which `make` installs into .venv"


def test_the_contributors_hooks_are_not_the_authors_hooks():
    authors = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {hook["id"] for hook in authors} == {"werkvorm-check", "werkvorm-fmt", "werkvorm-taal"}
    assert set(contributor_hooks()) == set(HOOKS_FOR_CONTRIBUTORS)
