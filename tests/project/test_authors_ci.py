"""The hooks and the workflow that authors copy into their own repositories do what docs/ci.md says."""

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

BIN = Path(sys.executable).parent
GOOD = (ROOT / "formats" / "iedereen-aan-de-beurt.werkvorm").read_text(encoding="utf-8")
OVERRUN = (ROOT / "tests/data/bad/e401-past-niet.werkvorm").read_text(encoding="utf-8")


@pytest.fixture
def authors_repo(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "goed.werkvorm").write_text(GOOD, encoding="utf-8")
    (tmp_path / "te-vol.werkvorm").write_text(OVERRUN, encoding="utf-8")
    return tmp_path


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess:
    command = [str(BIN / command[0]), *command[1:]]  # the installed console script
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True)


def hooks() -> dict:
    return {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}


def test_hook_definitions_name_the_hooks_for_werkvorm_files():
    found = hooks()
    assert set(found) == {"werkvorm-check", "werkvorm-fmt", "werkvorm-taal"}
    for hook in found.values():
        assert re.search(hook["files"], "map/intervisie.werkvorm") and not re.search(hook["files"], "notities.txt")


def test_check_hook_passes_a_good_werkvorm_and_stops_an_overrunning_one(authors_repo):
    entry = shlex.split(hooks()["werkvorm-check"]["entry"])
    assert run(entry + ["goed.werkvorm"], authors_repo).returncode == 0
    stopped = run(entry + ["goed.werkvorm", "te-vol.werkvorm"], authors_repo)
    assert stopped.returncode == 1
    assert "te-vol.werkvorm:2:1: fout[E401]" in stopped.stdout


def test_fmt_hook_formats_and_then_passes(authors_repo):
    entry = shlex.split(hooks()["werkvorm-fmt"]["entry"])
    messy = authors_repo / "rommelig.werkvorm"
    messy.write_text("werkvorm: R\nDUUR:10 min\n\nsessie\nstap A\nduur: 5 min\n", encoding="utf-8")
    assert run(entry + ["rommelig.werkvorm"], authors_repo).returncode == 0
    assert run(entry + ["--check", "rommelig.werkvorm"], authors_repo).returncode == 0


def test_taal_hook_passes_a_good_werkvorm_and_stops_a_typo(authors_repo):
    entry = shlex.split(hooks()["werkvorm-taal"]["entry"])
    assert run(entry + ["goed.werkvorm"], authors_repo).returncode == 0
    (authors_repo / "tikfout.werkvorm").write_text(
        GOOD.replace("SESSIE", "SESSIE\n\nDe medewekers komen.", 1), encoding="utf-8"
    )
    stopped = run(entry + ["goed.werkvorm", "tikfout.werkvorm"], authors_repo)
    assert stopped.returncode == 1 and "fout[T101]" in stopped.stdout and '"medewerkers"' in stopped.stdout


def workflow_commands() -> list[list[str]]:
    text = (ROOT / "docs/ci.md").read_text(encoding="utf-8")
    workflow = yaml.safe_load(re.search(r"```yaml\n(name: werkvormen.*?)```", text, re.S).group(1))
    steps = workflow["jobs"]["controleren"]["steps"]
    return [shlex.split(step["run"]) for step in steps if "run" in step and step["run"].startswith("werkvorm ")]


def test_documented_workflow_fails_the_overrun_with_an_annotation_on_its_line(authors_repo):
    commands = workflow_commands()
    assert [c[:2] for c in commands] == [["werkvorm", "check"], ["werkvorm", "fmt"], ["werkvorm", "taal"]]
    result = run(commands[0], authors_repo)
    assert result.returncode == 1
    assert "::error file=te-vol.werkvorm,line=2,col=1," in result.stdout and "title=E401::" in result.stdout
    (authors_repo / "te-vol.werkvorm").unlink()
    assert run(commands[0], authors_repo).returncode == 0
