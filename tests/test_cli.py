"""The command line through typer's CliRunner: exit codes, stdout and stderr apart."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stpctl import __version__
from stpctl.check.schema_check import plan_schema
from stpctl.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
DRAFT = str(EXAMPLES / "herefordshire-and-worcestershire-draft.yaml")
COMPLETE = str(EXAMPLES / "north-west-london.yaml")
AS_OF = ["--as-of", "2016-06-30"]

# This typer keeps stdout and stderr apart in the result (``result.stdout``,
# ``result.stderr``); GITHUB_ACTIONS would switch the default format.
runner = CliRunner(env={"GITHUB_ACTIONS": None, "NO_COLOR": "1"})


# -- validate -----------------------------------------------------------------------


def test_validate_complete_example_text() -> None:
    result = runner.invoke(app, ["validate", COMPLETE, *AS_OF])
    assert result.exit_code == 0, result.output
    assert "North West London (E54000027)" in result.stdout
    assert "prevention           answered" in result.stdout
    assert "1 file checked: 0 errors" in result.stdout
    assert result.stderr == ""


def test_validate_draft_prints_findings_and_exits_zero() -> None:
    result = runner.invoke(app, ["validate", DRAFT, *AS_OF])
    assert result.exit_code == 0
    assert "warning  STP101  `quality_and_safety` is unanswered" in result.stdout
    assert "0 errors" in result.stdout


def test_validate_fail_on_warning_exits_one_on_the_draft() -> None:
    result = runner.invoke(app, ["validate", DRAFT, *AS_OF, "--fail-on", "warning"])
    assert result.exit_code == 1
    assert "warning" in result.stdout


def test_validate_json() -> None:
    result = runner.invoke(app, ["validate", DRAFT, *AS_OF, "--format", "json"])
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["summary"]["files"] == 1
    assert document["summary"]["error"] == 0
    assert document["summary"]["warning"] > 0
    assert document["files"][0]["path"] == DRAFT
    assert result.stderr == ""


def test_validate_missing_path_is_a_usage_error() -> None:
    result = runner.invoke(app, ["validate", "no/such/plan.yaml", *AS_OF])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "no/such/plan.yaml" in result.stderr
    assert "no such file or directory" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("as_of", ["30/06/2016", "2016-6-30", "tomorrow"])
def test_validate_bad_as_of_is_a_usage_error(as_of: str) -> None:
    result = runner.invoke(app, ["validate", COMPLETE, "--as-of", as_of])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--as-of" in result.stderr
    assert "YYYY-MM-DD" in result.stderr


@pytest.mark.parametrize("as_of", ["2016-02-30", "2016-13-01"])
def test_validate_as_of_in_the_right_shape_but_no_real_date(as_of: str) -> None:
    result = runner.invoke(app, ["validate", COMPLETE, "--as-of", as_of])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"{as_of} is not a real date" in result.stderr
    assert "write it as YYYY-MM-DD" not in result.stderr


def test_validate_unknown_format_is_a_usage_error() -> None:
    result = runner.invoke(app, ["validate", COMPLETE, "--format", "xml"])
    assert result.exit_code == 2
    assert "xml" in result.stderr


def test_a_broken_file_does_not_stop_the_others(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_bytes(b"footprint: {name: [unclosed\n")
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes(b"name: caf\xe9\n")
    args = ["validate", str(broken), COMPLETE, str(latin1), DRAFT, *AS_OF, "--format", "json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    files = {f["path"]: f for f in json.loads(result.stdout)["files"]}
    assert set(files) == {str(broken), COMPLETE, str(latin1), DRAFT}
    assert files[str(broken)]["findings"][0]["rule"] == "STP002"
    assert files[str(latin1)]["findings"][0]["rule"] == "STP001"
    assert files[str(broken)]["questions"] is None
    assert files[COMPLETE]["questions"]["prevention"] == "answered"
    assert files[DRAFT]["questions"] is not None
    assert result.stderr == ""


def test_validate_reads_stdin() -> None:
    with open(COMPLETE, "rb") as handle:
        plan = handle.read()
    result = runner.invoke(
        app, ["validate", "-", *AS_OF, "--format", "json", "--stdin-filename", "nwl.yaml"], plan
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout)["files"][0]["path"] == "nwl.yaml"


# -- init ---------------------------------------------------------------------------


def test_init_writes_a_skeleton_that_validates_with_warnings_only(tmp_path: Path) -> None:
    target = tmp_path / "plan.yaml"
    result = runner.invoke(app, ["init", str(target)])
    assert result.exit_code == 0
    assert target.is_file()
    assert f"wrote {target}" in result.stderr
    checked = runner.invoke(app, ["validate", str(target), *AS_OF, "--format", "json"])
    assert checked.exit_code == 0
    document = json.loads(checked.stdout)
    assert document["summary"]["error"] == 0
    assert document["summary"]["warning"] >= 10
    assert set(document["files"][0]["questions"].values()) == {"unanswered"}


def test_init_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    target = tmp_path / "plan.yaml"
    target.write_text("stp_plan: 1  # my own work\n", encoding="utf-8")
    result = runner.invoke(app, ["init", str(target)])
    assert result.exit_code == 2
    assert "already exists; use --force" in result.stderr
    assert target.read_text(encoding="utf-8") == "stp_plan: 1  # my own work\n"


def test_init_overwrites_with_force(tmp_path: Path) -> None:
    target = tmp_path / "plan.yaml"
    target.write_text("old\n", encoding="utf-8")
    result = runner.invoke(app, ["init", str(target), "--force"])
    assert result.exit_code == 0
    assert target.read_text(encoding="utf-8").count("status: not_started") == 10


def test_init_dash_prints_to_stdout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["init", "-"])
    assert result.exit_code == 0
    assert result.stdout.startswith("# Sustainability and Transformation Plan")
    assert "stp_plan: 1" in result.stdout
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_init_footprint_fills_the_name_and_code() -> None:
    result = runner.invoke(app, ["init", "-", "--footprint", "E54000019"])
    assert result.exit_code == 0
    assert 'name: "Herefordshire and Worcestershire"' in result.stdout
    assert "code: E54000019" in result.stdout


def test_init_unknown_footprint_is_a_usage_error() -> None:
    result = runner.invoke(app, ["init", "-", "--footprint", "E54999999"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "not a registered STP footprint" in result.stderr


# -- schema, --version ----------------------------------------------------------------


def test_schema_prints_the_schema_as_json() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == plan_schema()
    assert json.loads(result.stdout)["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"stpctl {__version__}\n"


def test_no_arguments_shows_help() -> None:
    result = runner.invoke(app, [])
    assert "validate" in result.output
    assert "Usage" in result.output
