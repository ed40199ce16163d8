"""The example plans in ``examples/``: the complete ones are clean, the draft
shows what stpctl finds (warnings only)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stpctl.cli import app

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
DRAFT = EXAMPLES / "herefordshire-and-worcestershire-draft.yaml"
COMPLETE = sorted(path for path in EXAMPLES.glob("*.yaml") if path != DRAFT)
AS_OF = ["--as-of", "2016-06-30"]

runner = CliRunner(env={"GITHUB_ACTIONS": None})


def summary(*args: str) -> tuple[int, dict[str, int], dict[str, str]]:
    result = runner.invoke(app, ["validate", *args, *AS_OF, "--format", "json"])
    document = json.loads(result.stdout)
    return result.exit_code, document["summary"], document["files"][0]["questions"]


def test_there_are_three_complete_examples_and_a_draft() -> None:
    assert [path.name for path in COMPLETE] == [
        "herefordshire-and-worcestershire.yaml",
        "north-east-london.yaml",
        "north-west-london.yaml",
    ]
    assert DRAFT.is_file()


@pytest.mark.parametrize("path", COMPLETE, ids=lambda path: path.stem)
def test_complete_example_has_no_errors(path: Path) -> None:
    code, counts, questions = summary(str(path))
    assert code == 0
    assert counts["error"] == 0
    assert "unanswered" not in questions.values()


def test_draft_example_has_warnings_only() -> None:
    code, counts, questions = summary(str(DRAFT))
    assert code == 0
    assert counts["error"] == 0
    assert counts["warning"] > 0
    assert "unanswered" in questions.values()


def test_draft_example_fails_on_warning() -> None:
    code, _, _ = summary(str(DRAFT), "--fail-on", "warning")
    assert code == 1
