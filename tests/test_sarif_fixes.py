"""SARIF ``fixes``: ``validate --format sarif`` offers the fixes ``stpctl fix``
would make, on the results they answer, valid against the official schema."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from test_sarif import sarif_validator
from typer.testing import CliRunner

from stpctl.cli import app
from stpctl.load.loader import decode

ROOT = Path(__file__).resolve().parent.parent
SLIPS = ROOT / "tests" / "cases" / "fix" / "mechanical-slips.yaml"
AS_OF = ["--as-of", "2016-06-01"]
runner = CliRunner(env={"GITHUB_ACTIONS": None, "NO_COLOR": "1"})


@pytest.fixture
def plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    shutil.copyfile(SLIPS, tmp_path / "plan.yaml")
    return tmp_path / "plan.yaml"


def sarif(*args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["validate", "--format", "sarif", *AS_OF, *args])
    assert result.exit_code == 1, result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def with_fixes(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [result for result in document["runs"][0]["results"] if "fixes" in result]


def apply_regions(text: str, fixes: list[dict[str, Any]]) -> str:
    """Apply SARIF replacements by line and column, as a code-scanning tool would."""
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(line: int, column: int) -> int:
        return starts[line - 1] + column - 1

    edits = []
    for fix in fixes:
        for change in fix["artifactChanges"]:
            for replacement in change["replacements"]:
                region = replacement["deletedRegion"]
                start = offset(region["startLine"], region["startColumn"])
                end = offset(region["endLine"], region["endColumn"])
                edits.append((start, end, replacement.get("insertedContent", {}).get("text", "")))
    for start, end, inserted in sorted(edits, reverse=True):
        text = text[:start] + inserted + text[end:]
    return text


def test_results_a_fix_answers_carry_it_and_the_log_stays_valid(plan: Path) -> None:
    document = sarif("plan.yaml")
    assert [e.message for e in sarif_validator().iter_errors(document)] == []
    fixed = with_fixes(document)
    assert len(fixed) == 17
    population = next(r for r in fixed if r["properties"]["pointer"] == "/footprint/population")
    [fix] = population["fixes"]
    assert fix["description"]["text"].startswith("write `780,000` as the number 780000")
    assert fix["properties"] == {"applicability": "safe"}
    [change] = fix["artifactChanges"]
    # the same location as the result's own, relative to the source root
    assert change["artifactLocation"] == {"uri": "plan.yaml", "uriBaseId": "%SRCROOT%"}
    where = population["locations"][0]["physicalLocation"]["artifactLocation"]
    assert change["artifactLocation"] == where
    assert change["replacements"] == [
        {
            "deletedRegion": {"startLine": 9, "startColumn": 15, "endLine": 9, "endColumn": 22},
            "insertedContent": {"text": "780000"},
        }
    ]
    unsafe = [r for r in fixed if r["fixes"][0]["properties"]["applicability"] == "unsafe"]
    assert [r["properties"]["pointer"] for r in unsafe] == [
        "/questions/quality_and_safety/actions/0/due"
    ]


def test_applying_the_sarif_fixes_gives_what_stpctl_fix_writes(plan: Path) -> None:
    fixes = [fix for result in with_fixes(sarif("plan.yaml")) for fix in result["fixes"]]
    by_sarif = apply_regions(decode(plan.read_bytes()), fixes)
    runner.invoke(app, ["fix", "--write", "--unsafe-fixes", "plan.yaml", *AS_OF])
    assert by_sarif == decode(plan.read_bytes())


def test_a_removed_line_is_a_region_that_ends_on_the_next_line(plan: Path) -> None:
    fixed = with_fixes(sarif("plan.yaml"))
    owner = next(r for r in fixed if r["properties"]["pointer"] == "/questions/workforce/owner")
    [replacement] = owner["fixes"][0]["artifactChanges"][0]["replacements"]
    assert replacement == {
        "deletedRegion": {"startLine": 110, "startColumn": 1, "endLine": 111, "endColumn": 1}
    }


def test_a_report_file_carries_the_fixes_too(plan: Path) -> None:
    result = runner.invoke(app, ["validate", *AS_OF, "plan.yaml", "--report", "sarif:out.sarif"])
    assert result.exit_code == 1
    document = json.loads(Path("out.sarif").read_text("utf-8"))
    assert len(with_fixes(document)) == 17


def test_a_file_changed_since_it_was_checked_gets_no_fixes(
    plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from stpctl.cli import command_validate

    real = command_validate.sarif_fixes

    def edit_first(*args: Any) -> Any:
        plan.write_text(plan.read_text("utf-8").replace("780,000", "780,001"), encoding="utf-8")
        return real(*args)

    monkeypatch.setattr(command_validate, "sarif_fixes", edit_first)
    assert with_fixes(sarif("plan.yaml")) == []


def test_a_plan_from_stdin_gets_no_fixes(plan: Path) -> None:
    result = runner.invoke(
        app, ["validate", "--format", "sarif", *AS_OF, "-"], input=plan.read_bytes()
    )
    assert "fixes" not in result.stdout
    assert len(json.loads(result.stdout)["runs"][0]["results"]) > 10


def test_a_fix_stpctl_cannot_prove_leaves_the_file_without_fixes_not_validate_broken(
    plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from stpctl.fix import run_fixes
    from stpctl.fix.engine import FixesBroke

    def broken(*args: Any) -> Any:
        raise FixesBroke("fixing plan.yaml would change a value the fixes do not list")

    monkeypatch.setattr(run_fixes, "find_fixes", broken)
    result = runner.invoke(app, ["validate", "--format", "sarif", *AS_OF, "plan.yaml"])
    assert result.exit_code == 1, result.stderr
    document = json.loads(result.stdout)
    assert with_fixes(document) == []
    assert len(document["runs"][0]["results"]) > 10
