"""CI that fits each system (issue 14, section 4): --jobs 0, --min-severity,
JUnit test cases that fail only at --fail-on, SARIF invocations and a
source-root base, GitLab Code Quality, the GitHub step summary."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from junitparser import Failure, JUnitXml
from typer.testing import CliRunner

from stpctl.check import runner as check_runner
from stpctl.check.result import FileResult, RunResult
from stpctl.cli import app
from stpctl.records.finding import Finding, Severity
from stpctl.reference.skeleton import skeleton

runner = CliRunner(env={"GITHUB_ACTIONS": None, "GITHUB_STEP_SUMMARY": None, "NO_COLOR": "1"})
ROOT = Path(__file__).resolve().parent.parent
DRAFT = ROOT / "examples" / "herefordshire-and-worcestershire-draft.yaml"
PLAN = skeleton(None, "plan.yaml")
AS_OF = ["--as-of", "2016-06-30"]
SARIF_SCHEMA = ROOT.parent / "shared" / "data" / "sarif-schema-2.1.0.json"


def write(path: Path, text: str = PLAN) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def invoke(*args: str, **kwargs: Any) -> tuple[int, str, str]:
    result = runner.invoke(app, ["validate", *args], **kwargs)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A plan repository (its root holds .git) with the draft in plans/region/."""
    (tmp_path / ".git").mkdir()
    write(tmp_path / "plans" / "region" / "draft.yaml", DRAFT.read_text(encoding="utf-8"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- --jobs 0 -----------------------------------------------------------------------------


def test_jobs_0_means_one_worker_per_cpu(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for number in range(3):
        write(repo / "plans" / f"plan-{number}.yaml")
    workers: list[int] = []
    real = check_runner._check_paths

    def spy(to_check: Any, settings: Any, count: int, *rest: Any) -> Any:
        workers.append(count)
        return real(to_check, settings, 1, *rest)

    monkeypatch.setattr(check_runner, "_check_paths", spy)
    monkeypatch.setattr(check_runner, "cpu_count", lambda: 3)
    zero = invoke("plans", "--jobs", "0", "--format", "json", *AS_OF)
    assert workers == [3]  # four files, three CPUs: one per CPU, even below 8 files
    assert zero == invoke("plans", "--jobs", "1", "--format", "json", *AS_OF)
    invoke("plans/plan-0.yaml", "plans/plan-1.yaml", "--jobs", "0", *AS_OF)
    assert workers[-1] == 2  # never more workers than files


def test_negative_jobs_is_a_usage_error(repo: Path) -> None:
    code, _, stderr = invoke("plans", "--jobs", "-1")
    assert code == 2 and "--jobs" in stderr


# --- --min-severity -----------------------------------------------------------------------


def test_min_severity_warning_hides_info_from_the_output(repo: Path) -> None:
    code, stdout, _ = invoke("plans", "--format", "json", *AS_OF)
    everything = json.loads(stdout)
    assert everything["summary"]["info"] > 0 and code == 0
    warnings = everything["summary"]["warning"]
    code, stdout, _ = invoke("plans", "--format", "json", "--min-severity", "warning", *AS_OF)
    shown = json.loads(stdout)
    assert code == 0
    assert {f["severity"] for f in shown["files"][0]["findings"]} == {"warning"}
    assert shown["summary"]["info"] == 0 and shown["summary"]["warning"] == warnings
    _, text, _ = invoke("plans", "--min-severity", "warning", "--quiet", *AS_OF)
    assert " info " not in text.replace("0 info", "")
    assert text.splitlines()[-1] == f"1 file checked: 0 errors, {warnings} warnings, 0 info"


def test_min_severity_error_hides_warnings_and_info(repo: Path) -> None:
    code, stdout, _ = invoke("plans", "--format", "github", "--min-severity", "error", *AS_OF)
    assert (code, stdout) == (0, "")


def test_the_exit_code_follows_fail_on_over_every_finding(repo: Path) -> None:
    # A finding hidden by --min-severity still counts for --fail-on: what
    # fails a build is --fail-on's business alone.
    code, stdout, _ = invoke(
        "plans", "--fail-on", "info", "--min-severity", "error", "--format", "json", *AS_OF
    )
    assert code == 1
    assert json.loads(stdout)["files"][0]["findings"] == []


# --- JUnit that follows --fail-on ---------------------------------------------------------


def junit(tmp_path: Path, *args: str) -> JUnitXml:
    code, stdout, stderr = invoke("plans", "--format", "junit", *AS_OF, *args)
    assert code in (0, 1), stderr
    report = tmp_path / "junit.xml"
    report.write_text(stdout, encoding="utf-8")
    return JUnitXml.fromfile(str(report))


def failed_cases(xml: JUnitXml) -> list[str]:
    return [
        case.name
        for suite in xml
        for case in suite
        if any(isinstance(r, Failure) for r in case.result)
    ]


def test_junit_cases_fail_on_warnings_by_default(repo: Path) -> None:
    assert failed_cases(junit(repo)) != []


def test_junit_follow_fail_on_fails_cases_only_at_fail_on(repo: Path) -> None:
    xml = junit(repo, "--junit-follow-fail-on")
    assert failed_cases(xml) == []  # the draft has warnings only, and the run exits 0
    assert xml.failures == 0
    text = (repo / "junit.xml").read_text(encoding="utf-8")
    assert "warning STP101" in text  # still listed, in <system-out>
    xml = junit(repo, "--junit-follow-fail-on", "--fail-on", "warning")
    assert len(failed_cases(xml)) > 0


def test_junit_follow_fail_on_in_configuration(repo: Path) -> None:
    write(repo / ".stpctl.toml", "junit-follow-fail-on = true\n")
    assert failed_cases(junit(repo)) == []
    assert failed_cases(junit(repo, "--junit-fail-on-warnings")) != []  # the command line wins
    write(repo / ".stpctl.toml", 'junit-follow-fail-on = "yes"\n')
    code, _, stderr = invoke("plans", "--format", "junit", *AS_OF)
    assert code == 2 and "junit-follow-fail-on must be true or false" in stderr


def test_junit_follow_fail_on_with_fail_on_info_fails_on_info() -> None:
    from stpctl.render import junit as junit_render

    finding = Finding("STP402", Severity.INFO, "residual 6.0", "/finance", 20, 3)
    run = RunResult([FileResult("p.yaml", {}, {}, [finding])])
    run.junit_fails_from = Severity.INFO
    assert 'failures="1"' in junit_render.render(run)


# --- SARIF: invocations and a source-root base ---------------------------------------------


def sarif(*args: str) -> dict[str, Any]:
    code, stdout, stderr = invoke("--format", "sarif", *AS_OF, *args)
    assert code in (0, 1), stderr
    document: dict[str, Any] = json.loads(stdout)
    return document


def test_sarif_records_the_invocation_without_times(repo: Path) -> None:
    run = sarif("plans")["runs"][0]
    assert run["invocations"] == [{"executionSuccessful": True, "exitCode": 0}]
    failing = sarif("plans", "--fail-on", "warning")["runs"][0]
    assert failing["invocations"] == [{"executionSuccessful": True, "exitCode": 1}]


def test_sarif_invocation_of_a_run_with_a_missing_path(repo: Path) -> None:
    code, stdout, stderr = invoke("plans", "nope.yaml", "--format", "sarif", *AS_OF)
    assert code == 2 and "nope.yaml: no such file or directory" in stderr
    invocation = json.loads(stdout)["runs"][0]["invocations"][0]
    assert invocation == {"executionSuccessful": False, "exitCode": 2}


def test_sarif_paths_are_relative_to_the_repository_root(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from_root = sarif("plans")["runs"][0]
    assert from_root["originalUriBaseIds"]["%SRCROOT%"]["description"]["text"]
    assert "uri" not in from_root["originalUriBaseIds"]["%SRCROOT%"]  # no machine's path
    location = from_root["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "plans/region/draft.yaml", "uriBaseId": "%SRCROOT%"}
    # Run from a subdirectory, as a monorepo job does: the same file, the same URI.
    monkeypatch.chdir(repo / "plans")
    from_below = sarif("region")["runs"][0]
    assert from_below["results"] == from_root["results"]


def test_sarif_outside_a_repository_is_relative_to_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "work" / "plans" / "plan.yaml")
    monkeypatch.chdir(tmp_path / "work")
    if any((folder / ".git").exists() for folder in [tmp_path, *tmp_path.parents]):
        pytest.skip("the temporary folder lies inside a repository")
    result = sarif("plans")["runs"][0]["results"][0]
    location = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "plans/plan.yaml", "uriBaseId": "%SRCROOT%"}


def test_sarif_with_invocations_and_bases_is_valid(repo: Path) -> None:
    import jsonschema

    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"the SARIF 2.1.0 schema is not at {SARIF_SCHEMA}")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    if "properties" not in schema and "Root" in schema.get("definitions", {}):
        schema = {**schema, "$ref": "#/definitions/Root"}
    document = sarif("plans")
    assert list(jsonschema.Draft7Validator(schema).iter_errors(document)) == []


# --- GitLab Code Quality -----------------------------------------------------------------


def test_gitlab_code_quality_report(repo: Path) -> None:
    code, stdout, stderr = invoke("plans", "--format", "gitlab", *AS_OF)
    assert code == 0, stderr
    issues = json.loads(stdout)
    _, listed, _ = invoke("plans", "--format", "json", *AS_OF)
    assert len(issues) == sum(len(item["findings"]) for item in json.loads(listed)["files"])
    first = issues[0]
    assert set(first) == {"description", "check_name", "fingerprint", "severity", "location"}
    assert first["location"]["path"] == "plans/region/draft.yaml"
    assert first["location"]["lines"]["begin"] >= 1
    assert {i["severity"] for i in issues} == {"minor", "info"}  # warnings and info
    assert all(i["check_name"].startswith("STP") for i in issues)
    prints = [i["fingerprint"] for i in issues]
    assert len(set(prints)) == len(prints)  # GitLab keeps one issue per fingerprint


def test_gitlab_severities_and_stable_fingerprints(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from stpctl.render import gitlab

    findings = [
        Finding("STP002", Severity.ERROR, "not YAML", "", 3, 1),
        Finding("STP101", Severity.WARNING, "unanswered", "/questions/workforce", 8, 3),
        Finding("STP402", Severity.INFO, "residual", "/finance", 20, 3),
    ]
    issues = json.loads(gitlab.render(RunResult([FileResult("p.yaml", None, None, findings)])))
    assert [i["severity"] for i in issues] == ["major", "minor", "info"]
    moved = [f._replace(line=f.line + 5) for f in findings]
    again = json.loads(gitlab.render(RunResult([FileResult("p.yaml", None, None, moved)])))
    assert [i["fingerprint"] for i in issues] == [i["fingerprint"] for i in again]
    assert [i["location"]["lines"]["begin"] for i in again] == [8, 13, 25]
    # from a subdirectory the path is still the repository's
    monkeypatch.chdir(repo / "plans")
    _, stdout, _ = invoke("region", "--format", "gitlab", *AS_OF)
    assert json.loads(stdout)[0]["location"]["path"] == "plans/region/draft.yaml"


# --- GITHUB_STEP_SUMMARY ------------------------------------------------------------------


def test_the_step_summary_is_appended_when_github_asks(repo: Path) -> None:
    summary = repo / "summary.md"
    summary.write_text("## an earlier step\n", encoding="utf-8")
    write(repo / "plans" / "odd|name.yaml", PLAN.replace("Name of the footprint", "A | B <b>"))
    code, stdout, stderr = invoke(
        "plans", "--format", "github", *AS_OF, env={"GITHUB_STEP_SUMMARY": str(summary)}
    )
    assert code == 0, stderr
    assert stdout.startswith("::")  # the annotations are unchanged
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## an earlier step\n")
    _, listed, _ = invoke("plans", "--format", "json", *AS_OF)
    counts = json.loads(listed)["summary"]
    line = f"**2 files checked: 0 errors, {counts['warning']} warnings, {counts['info']} info**"
    assert line in text
    assert "| plans/region/draft.yaml | Herefordshire and Worcestershire (E54000019) |" in text
    assert "| partial |" in text and "| answered |" in text
    rows = [line for line in text.splitlines() if line.startswith("| plans/")]
    assert len(rows) == 2
    assert all(row.count(" | ") == 14 for row in rows)  # 15 cells: the | in a name is escaped
    assert "A \\| B &lt;b>" in text


def test_no_step_summary_outside_github(repo: Path) -> None:
    code, _, _ = invoke("plans", *AS_OF)
    assert code == 0
    assert not (repo / "summary.md").exists()


def test_a_step_summary_that_cannot_be_written_is_a_warning(repo: Path) -> None:
    code, _, stderr = invoke(
        "plans", *AS_OF, env={"GITHUB_STEP_SUMMARY": str(repo / "missing" / "s.md")}
    )
    assert code == 0
    assert "GITHUB_STEP_SUMMARY" in stderr and "cannot" in stderr


def test_the_step_summary_never_overwrites_a_plan(repo: Path) -> None:
    plan = repo / "plans" / "region" / "draft.yaml"
    before = plan.read_bytes()
    code, _, stderr = invoke("plans", *AS_OF, env={"GITHUB_STEP_SUMMARY": str(plan)})
    assert code == 0
    assert plan.read_bytes() == before
    assert "GITHUB_STEP_SUMMARY" in stderr


def test_a_real_run_in_a_github_like_environment(repo: Path) -> None:
    stpctl = shutil.which("stpctl", path=str(Path(sys.executable).parent))
    if stpctl is None:
        pytest.skip("stpctl is not installed next to this Python (pip install -e .)")
    env = {**os.environ, "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(repo / "s.md")}
    done = subprocess.run(
        [stpctl, "validate", "plans", *AS_OF, "--report", "gitlab:gl.json"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=repo,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("::warning ")
    assert "1 file checked" in (repo / "s.md").read_text(encoding="utf-8")
    _, listed, _ = invoke("plans", "--format", "json", *AS_OF)
    found = sum(len(item["findings"]) for item in json.loads(listed)["files"])
    assert len(json.loads((repo / "gl.json").read_text(encoding="utf-8"))) == found
