"""JUnit XML output: parsed back with junitparser and counted; valid XML
even when plan text holds control characters."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from junitparser import Failure, JUnitXml, Skipped, TestCase, TestSuite
from typer.testing import CliRunner

from stpctl.check.result import FileResult, RunResult
from stpctl.cli import app
from stpctl.records.finding import Finding, Severity
from stpctl.reference.guidance import QUESTION_KEYS
from stpctl.reference.skeleton import skeleton
from stpctl.render import junit

runner = CliRunner()
PLAN = skeleton(None, "plan.yaml")


def write(path: Path, text: str = PLAN) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def parse(text: str, tmp_path: Path) -> JUnitXml:
    report = tmp_path / "junit.xml"
    report.write_text(text, encoding="utf-8")
    return JUnitXml.fromfile(str(report))


def suites(xml: JUnitXml) -> dict[str, TestSuite]:
    return {suite.name: suite for suite in xml}


def cases(suite: TestSuite) -> dict[str, TestCase]:
    return {case.name: case for case in suite}


def failures(case: TestCase) -> list[Failure]:
    return [result for result in case.result if isinstance(result, Failure)]


@pytest.fixture
def report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> JUnitXml:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "plans" / "devon.yaml")
    write(tmp_path / "plans" / "broken.yaml", "stp_plan: 1\nfootprint: [\n")
    result = runner.invoke(app, ["validate", "plans", "--format", "junit", "--as-of", "2016-05-01"])
    assert result.exit_code == 1, result.output
    return parse(result.stdout, tmp_path)


def test_one_suite_per_file(report: JUnitXml) -> None:
    assert list(suites(report)) == ["plans/broken.yaml", "plans/devon.yaml"]


def test_a_loaded_plan_has_schema_ten_questions_and_plan(report: JUnitXml) -> None:
    suite = suites(report)["plans/devon.yaml"]
    assert list(cases(suite)) == ["schema", *QUESTION_KEYS, "plan"]
    assert all(case.classname == "plans/devon.yaml" for case in suite)


def test_counts_match_the_cases(report: JUnitXml) -> None:
    devon = suites(report)["plans/devon.yaml"]
    failed = [case.name for case in devon if failures(case)]
    # The skeleton answers nothing: every question fails, and the plan case
    # fails on the empty triple aim, finance and engagement.
    assert failed == [*QUESTION_KEYS, "plan"]
    assert (devon.tests, devon.failures, devon.errors, devon.skipped) == (12, 11, 0, 0)
    broken = suites(report)["plans/broken.yaml"]
    assert (broken.tests, broken.failures, broken.skipped) == (2, 1, 1)
    assert (report.tests, report.failures, report.skipped) == (14, 12, 1)


def test_a_question_fails_with_its_findings(report: JUnitXml) -> None:
    case = cases(suites(report)["plans/devon.yaml"])["workforce"]
    [failure] = failures(case)
    assert failure.type == "STP101"
    assert failure.message == "`workforce` is unanswered: its status is not_started"
    place, severity, rule, *message = failure.text.split(" ")
    line, column = place.split(":")
    assert (int(line) > 1, int(column), severity, rule) == (True, 3, "warning", "STP101")
    assert " ".join(message) == failure.message


def test_a_file_that_is_not_yaml_fails_schema_and_skips_the_plan(report: JUnitXml) -> None:
    broken = cases(suites(report)["plans/broken.yaml"])
    assert list(broken) == ["schema", "plan"]
    [failure] = failures(broken["schema"])
    assert failure.type == "STP002"
    assert failure.text.startswith("3:1 error STP002 YAML syntax error")
    assert isinstance(broken["plan"].result[0], Skipped)


def test_findings_are_grouped_by_pointer() -> None:
    findings = [
        Finding("STP011", Severity.ERROR, "missing period", "", 1, 1),
        Finding("STP302", Severity.WARNING, "overdue", "/questions/workforce/actions/0/due", 9, 5),
        Finding("STP101", Severity.WARNING, "unanswered", "/questions/workforce", 8, 3),
        Finding("STP101", Severity.WARNING, "unanswered", "/questions/workforce_extra", 12, 3),
        Finding("STP402", Severity.INFO, "residual 6.0", "/finance/do_nothing_gap", 20, 3),
    ]
    questions = {"workforce": "unanswered", "workforce_extra": "unanswered"}
    suite = junit.testsuite(FileResult("p.yaml", {}, questions, findings))
    by_name = {case.get("name"): case for case in suite}
    assert list(by_name) == ["schema", "workforce", "workforce_extra", "plan"]
    workforce = by_name["workforce"].find("failure")
    assert workforce is not None
    assert workforce.get("message") == "2 findings; first: overdue"
    assert workforce.get("type") == "STP302 STP101"
    assert workforce.text == "9:5 warning STP302 overdue\n8:3 warning STP101 unanswered"
    # An info finding is listed but does not fail its case.
    plan = by_name["plan"]
    assert plan.find("failure") is None
    assert plan.findtext("system-out") == "20:3 info STP402 residual 6.0"
    assert (suite.get("tests"), suite.get("failures")) == ("4", "3")


def test_control_characters_in_plan_text_still_give_valid_xml(tmp_path: Path) -> None:
    hostile = "bad\x00\x01\x08\x0b\x0c\x1b[31m\x7f \ufffe text & <tags>"
    finding = Finding("STP010", Severity.ERROR, f"unknown key `{hostile}`", "/x", 2, 1)
    path = "plans/odd\x07name.yaml"
    text = junit.render(RunResult([FileResult(path, None, None, [finding])]))
    root = ET.fromstring(text.encode("utf-8"))
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None
    # control characters shown as escapes (terminal.safe); what XML cannot hold is "?"
    assert failure.get("message") == (
        "unknown key `bad\\x00\\x01\\x08\\x0b\\x0c\\x1b[31m\\x7f ? text & <tags>`"
    )
    assert root.find("testsuite").get("name") == "plans/odd\\x07name.yaml"  # type: ignore[union-attr]
    assert parse(text, tmp_path).failures == 1


def test_control_characters_from_a_real_plan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # YAML's double-quoted escapes can put any character into a key.
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "plan.yaml", 'stp_plan: 1\n"x-ok": 1\n"bad\\x01\\x1bkey": 1\n')
    result = runner.invoke(app, ["validate", "plan.yaml", "--format", "junit"])
    assert result.exit_code == 1
    xml = parse(result.stdout, tmp_path)
    schema = cases(suites(xml)["plan.yaml"])["schema"]
    assert any("bad\\x01\\x1bkey" in failure.text for failure in failures(schema))


def test_an_empty_run_is_still_a_document() -> None:
    root = ET.fromstring(junit.render(RunResult()).encode("utf-8"))
    assert root.tag == "testsuites"
    assert root.get("tests") == "0"
