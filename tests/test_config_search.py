"""Where configuration is looked for, and that the run names it (issue 10,
section 6): the search goes up from the plans but stops at the repository
root (a folder holding ``.git``) or the home directory, whichever comes
first, so a ``.stpctl.toml`` planted in a shared folder such as ``/tmp``
cannot re-grade the rules; and text, JSON and SARIF name the file in use.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stpctl.check.config import find_config
from stpctl.cli import app

ROOT = Path(__file__).resolve().parent.parent
DRAFT = ROOT / "examples" / "herefordshire-and-worcestershire-draft.yaml"
AS_OF = ["--as-of", "2016-06-30"]
# Switches off a rule the draft breaks, so whether it was read shows in the output.
QUIETENS = '[rules]\nSTP601 = "off"\n'
runner = CliRunner(env={"GITHUB_ACTIONS": None, "NO_COLOR": "1"})


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def plan_in(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(DRAFT, folder / "plan.yaml"))


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home directory of the test's own, below which the tests work."""
    folder = tmp_path / "home" / "user"
    folder.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(folder))
    return folder


# --- where the search stops ---------------------------------------------------------------


def test_a_file_planted_above_a_folder_outside_home_and_any_repository_is_ignored(
    tmp_path: Path, home: Path
) -> None:
    """The attack: plans in /tmp/work, and someone else's /tmp/.stpctl.toml."""
    write(tmp_path / ".stpctl.toml", QUIETENS)
    plan = plan_in(tmp_path / "shared" / "work")
    assert find_config([str(plan)]) is None


def test_the_plans_own_folder_is_searched_even_outside_home_and_any_repository(
    tmp_path: Path, home: Path
) -> None:
    config = write(tmp_path / "shared" / "work" / ".stpctl.toml", QUIETENS)
    plan = plan_in(tmp_path / "shared" / "work")
    assert find_config([str(plan)]) == config


@pytest.mark.parametrize("git", ["folder", "file"])
def test_the_search_goes_up_to_the_repository_root_and_no_further(
    tmp_path: Path, home: Path, git: str
) -> None:
    repository = tmp_path / "srv" / "plans-repo"
    if git == "folder":
        (repository / ".git").mkdir(parents=True)
    else:  # a worktree or a submodule: .git is a file
        write(repository / ".git", "gitdir: /elsewhere/.git/worktrees/x\n")
    write(tmp_path / "srv" / ".stpctl.toml", QUIETENS)  # above the root: never read
    plan = plan_in(repository / "plans" / "region")
    assert find_config([str(plan)]) is None
    config = write(repository / ".stpctl.toml", QUIETENS)
    assert find_config([str(plan)]) == config


def test_the_search_goes_up_to_the_home_directory_and_no_further(
    tmp_path: Path, home: Path
) -> None:
    write(home.parent / ".stpctl.toml", QUIETENS)  # /home/.stpctl.toml: not the user's
    plan = plan_in(home / "plans" / "region")
    assert find_config([str(plan)]) is None
    config = write(home / ".stpctl.toml", QUIETENS)
    assert find_config([str(plan)]) == config


def test_a_repository_inside_home_stops_the_search_before_home(tmp_path: Path, home: Path) -> None:
    write(home / ".stpctl.toml", QUIETENS)
    (home / "repo" / ".git").mkdir(parents=True)
    plan = plan_in(home / "repo" / "plans")
    assert find_config([str(plan)]) is None


def test_a_pyproject_above_the_repository_root_is_ignored_too(tmp_path: Path, home: Path) -> None:
    write(
        tmp_path / "pyproject.toml",
        "[tool.stpctl]\n" + QUIETENS.replace("[rules]", "[tool.stpctl.rules]"),
    )
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    plan = plan_in(tmp_path / "repo")
    assert find_config([str(plan)]) is None


def test_stdin_searches_from_the_working_directory_within_the_same_bounds(
    tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / ".stpctl.toml", QUIETENS)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    assert find_config(["-"]) is None


def test_a_planted_file_does_not_change_the_result(tmp_path: Path, home: Path) -> None:
    plan = plan_in(tmp_path / "shared" / "work")
    clean = runner.invoke(app, ["validate", str(plan), "-f", "json", *AS_OF])
    write(tmp_path / ".stpctl.toml", '[rules]\nSTP601 = "off"\nSTP101 = "off"\nSTP102 = "off"\n')
    planted = runner.invoke(app, ["validate", str(plan), "-f", "json", *AS_OF])
    assert planted.exit_code == clean.exit_code
    assert json.loads(planted.stdout)["files"] == json.loads(clean.stdout)["files"]
    assert json.loads(planted.stdout)["configuration"] is None


# --- the run names the configuration in use -----------------------------------------------


@pytest.fixture
def configured(tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with a configuration and a plan below it; the working
    directory is the repository root."""
    repository = tmp_path / "repo"
    (repository / ".git").mkdir(parents=True)
    write(repository / ".stpctl.toml", QUIETENS)
    plan_in(repository / "plans")
    monkeypatch.chdir(repository)
    return repository


@pytest.mark.usefixtures("configured")
@pytest.mark.parametrize("quiet", [[], ["--quiet"]])
def test_text_output_names_the_configuration(quiet: list[str]) -> None:
    result = runner.invoke(app, ["validate", "plans/plan.yaml", *AS_OF, *quiet])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[-2] == "configuration: .stpctl.toml"
    assert lines[-1].startswith("1 file checked: ")


@pytest.mark.usefixtures("configured")
def test_text_output_names_no_configuration_when_there_is_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    os.remove(".stpctl.toml")
    result = runner.invoke(app, ["validate", "plans/plan.yaml", *AS_OF])
    assert "question" in result.stdout  # the run printed its report
    assert not any(line.startswith("configuration:") for line in result.stdout.splitlines())


@pytest.mark.usefixtures("configured")
def test_json_output_names_the_configuration() -> None:
    result = runner.invoke(app, ["validate", "plans/plan.yaml", "-f", "json", *AS_OF])
    document = json.loads(result.stdout)
    assert document["configuration"] == ".stpctl.toml"
    os.remove(".stpctl.toml")
    result = runner.invoke(app, ["validate", "plans/plan.yaml", "-f", "json", *AS_OF])
    assert json.loads(result.stdout)["configuration"] is None


@pytest.mark.usefixtures("configured")
def test_sarif_output_names_the_configuration_in_the_run_properties() -> None:
    result = runner.invoke(app, ["validate", "plans/plan.yaml", "-f", "sarif", *AS_OF])
    run = json.loads(result.stdout)["runs"][0]
    assert run["properties"]["configuration"] == ".stpctl.toml"


def test_a_configuration_outside_the_working_directory_is_named_in_full(
    configured: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = runner.invoke(app, ["validate", str(configured / "plans"), "-f", "json", *AS_OF])
    assert json.loads(result.stdout)["configuration"] == str(configured / ".stpctl.toml")


@pytest.mark.usefixtures("configured")
def test_a_report_file_names_the_configuration_too() -> None:
    result = runner.invoke(app, ["validate", "plans", *AS_OF, "--report", "json:out.json"])
    assert result.exit_code == 0, result.output
    assert json.loads(Path("out.json").read_text(encoding="utf-8"))["configuration"] == (
        ".stpctl.toml"
    )


@pytest.mark.usefixtures("configured")
def test_a_configuration_named_with_config_is_named_in_the_output() -> None:
    write(Path("ci.toml"), 'fail-on = "error"\n')
    result = runner.invoke(app, ["validate", "plans", "--config", "ci.toml", "-f", "json", *AS_OF])
    assert json.loads(result.stdout)["configuration"] == "ci.toml"
