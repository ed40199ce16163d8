"""GitHub Actions workflow commands: exact lines, GitHub's escaping, and the
automatic choice inside Actions."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from stpctl.check.result import FileResult, RunResult
from stpctl.cli import app
from stpctl.records.finding import Finding, Severity
from stpctl.render import github

runner = CliRunner()


def test_one_line_per_finding_with_the_severity_as_command() -> None:
    run = RunResult(
        [
            FileResult(
                "plans/hw.yaml",
                None,
                None,
                [
                    Finding("STP002", Severity.ERROR, "YAML syntax error", "", 3, 1),
                    Finding("STP101", Severity.WARNING, "`workforce` is unanswered", "/q", 41, 5),
                    Finding("STP402", Severity.INFO, "2016/17 leaves 6.0 unclosed", "/f", 9, 29),
                ],
            ),
            FileResult("plans/clean.yaml", {}, {}, []),
        ]
    )
    assert github.render(run).splitlines() == [
        "::error file=plans/hw.yaml,line=3,col=1,title=STP002 yaml-syntax::YAML syntax error",
        "::warning file=plans/hw.yaml,line=41,col=5,title=STP101 question-unanswered::"
        "`workforce` is unanswered",
        "::notice file=plans/hw.yaml,line=9,col=29,title=STP402 finance-bridge::"
        "2016/17 leaves 6.0 unclosed",
    ]


def test_escaping_of_message_and_properties() -> None:
    finding = Finding("STP010", Severity.ERROR, "100% sure:\r\nline two, ok", "", 2, 7)
    run = RunResult([FileResult("odd: dir, 50%/plan.yaml", None, None, [finding])])
    assert github.render(run) == (
        "::error file=odd%3A dir%2C 50%25/plan.yaml,line=2,col=7,title=STP010 unknown-key::"
        "100%25 sure:%0D%0Aline two, ok\n"
    )


def test_escape_functions() -> None:
    assert github.escape_data("a%b\rc\nd:e,f") == "a%25b%0Dc%0Ad:e,f"
    assert github.escape_property("a%b\rc\nd:e,f") == "a%25b%0Dc%0Ad%3Ae%2Cf"


def test_a_rule_missing_from_the_catalogue_is_titled_by_its_id() -> None:
    finding = Finding("STP999", Severity.WARNING, "m", "", 1, 1)
    assert (
        github.annotation("p.yaml", finding) == "::warning file=p.yaml,line=1,col=1,title=STP999::m"
    )


def test_paths_are_relative_to_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "broken.yaml").write_text("stp_plan: 1\nfootprint: [\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["validate", str(plans / "broken.yaml"), "--format", "github"])
    assert result.exit_code == 1
    [line] = result.stdout.splitlines()
    assert line.startswith(
        "::error file=plans/broken.yaml,line=3,col=1,title=STP002 yaml-syntax::YAML syntax error"
    )


def test_chosen_automatically_inside_github_actions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "broken.yaml").write_text("- a list\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    auto = runner.invoke(app, ["validate", "broken.yaml"])
    assert auto.exit_code == 1
    assert auto.stdout.startswith("::error file=broken.yaml,line=1,col=1,title=STP003 not-a-plan::")
    assert len(auto.stdout.splitlines()) == 1
    # An explicit --format wins.
    text = runner.invoke(app, ["validate", "broken.yaml", "--format", "text"])
    assert not text.stdout.startswith("::")
    assert "1 file checked: 1 error" in text.stdout


def test_not_chosen_outside_github_actions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "broken.yaml").write_text("- a list\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GITHUB_ACTIONS", "false")
    result = runner.invoke(app, ["validate", "broken.yaml"])
    assert "::error" not in result.stdout
    assert "STP003" in result.stdout


def test_escape_sequences_in_plan_text_never_reach_the_log() -> None:
    assert "\x1b" not in github.escape_data("title \x1b[2J\x1b]0;pwned\x07 end")
