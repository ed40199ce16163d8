"""SARIF output: valid against the official 2.1.0 schema, rules from the
catalogue, locations relative to the working directory, stable fingerprints."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from stpctl.check.result import FileResult, RunResult
from stpctl.check.rules import CATALOGUE
from stpctl.cli import app
from stpctl.records.finding import Finding, Severity
from stpctl.reference.skeleton import skeleton
from stpctl.render import sarif

runner = CliRunner()
PLAN = skeleton(None, "plan.yaml")
# The OASIS schema lives beside the repository, never inside it.
SCHEMA_FILE = (
    Path(__file__).resolve().parents[1].parent / "shared" / "data" / "sarif-schema-2.1.0.json"
)


def write(path: Path, text: str = PLAN) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def sarif_run(*args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["validate", "--format", "sarif", "--as-of", "2016-05-01", *args])
    assert result.exit_code in (0, 1), result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "plans" / "devon.yaml")
    write(tmp_path / "plans" / "broken.yaml", "stp_plan: 1\nfootprint: [\n")
    write(tmp_path / "plans" / "odd, name: 50%.yaml", 'stp_plan: 1\n"bad\\x01key": 1\n')
    return tmp_path


def sarif_validator() -> jsonschema.Draft7Validator:
    if not SCHEMA_FILE.is_file():
        pytest.skip(f"the SARIF 2.1.0 schema is not at {SCHEMA_FILE} (shared reference data)")
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    # This copy of the OASIS schema keeps the log's own shape in
    # definitions/Root with nothing at the top: without the $ref below every
    # document would pass.
    if "properties" not in schema and "Root" in schema.get("definitions", {}):
        schema = {**schema, "$ref": "#/definitions/Root"}
    return jsonschema.Draft7Validator(schema)


def test_output_validates_against_the_official_schema(repo: Path) -> None:
    validator = sarif_validator()
    document = sarif_run("plans")
    assert [error.message for error in validator.iter_errors(document)] == []
    assert len(document["runs"][0]["results"]) > 10
    # The check has teeth: a wrong level or version is caught.
    document["version"] = "2.0"
    document["runs"][0]["results"][0]["level"] = "info"
    assert len(list(validator.iter_errors(document))) == 2


def test_the_driver_lists_every_rule_of_the_catalogue(repo: Path) -> None:
    driver = sarif_run("plans/devon.yaml")["runs"][0]["tool"]["driver"]
    assert driver["name"] == "stpctl"
    assert "informationUri" not in driver
    assert [r["id"] for r in driver["rules"]] == [item.id for item in CATALOGUE]
    for descriptor, item in zip(driver["rules"], CATALOGUE, strict=True):
        assert descriptor["name"] == item.name
        assert descriptor["shortDescription"]["text"] == item.summary
        assert descriptor["fullDescription"]["text"] == item.doc
        assert descriptor["help"]["text"] == item.doc
        level = {"error": "error", "warning": "warning", "info": "note"}[item.severity.value]
        assert descriptor["defaultConfiguration"]["level"] == level


def test_results_point_at_the_file_line_and_pointer(repo: Path) -> None:
    document = sarif_run("plans")
    run = document["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    by_uri: dict[str, list[dict[str, Any]]] = {}
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note")
        location = result["locations"][0]["physicalLocation"]
        by_uri.setdefault(location["artifactLocation"]["uri"], []).append(result)
        assert location["region"]["startLine"] >= 1
        assert location["region"]["startColumn"] >= 1
        assert result["properties"]["pointer"] == "" or result["properties"]["pointer"][0] == "/"
    assert set(by_uri) == {
        "plans/broken.yaml",
        "plans/devon.yaml",
        "plans/odd%2C%20name%3A%2050%25.yaml",
    }
    [syntax] = by_uri["plans/broken.yaml"]
    assert syntax["ruleId"] == "STP002"
    assert syntax["level"] == "error"
    assert syntax["locations"][0]["physicalLocation"]["region"]["startLine"] == 3
    unanswered = [r for r in by_uri["plans/devon.yaml"] if r["ruleId"] == "STP101"]
    assert len(unanswered) == 10
    assert {r["properties"]["pointer"] for r in unanswered} >= {"/questions/workforce"}


def test_levels_follow_the_finding_not_only_the_rule() -> None:
    # Completeness findings become errors once a plan is submitted: the
    # result's level is the finding's, the rule's default stays in the driver.
    finding = Finding("STP101", Severity.ERROR, "unanswered", "/questions/workforce", 4, 3)
    document = sarif.document(RunResult([FileResult("p.yaml", None, None, [finding])]))
    assert document["runs"][0]["results"][0]["level"] == "error"


def test_fingerprints_survive_lines_moving(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "plan.yaml")
    before = sarif_run("plan.yaml")["runs"][0]["results"]
    write(tmp_path / "plan.yaml", "# a comment\n# another\n\n" + PLAN)
    after = sarif_run("plan.yaml")["runs"][0]["results"]
    assert len(before) == len(after) > 5

    def line(result: dict[str, Any]) -> int:
        return int(result["locations"][0]["physicalLocation"]["region"]["startLine"])

    assert [line(b) + 3 for b in before] == [line(a) for a in after]
    assert [b["partialFingerprints"] for b in before] == [a["partialFingerprints"] for a in after]


def test_fingerprints_are_distinct_within_a_file(repo: Path) -> None:
    results = sarif_run("plans/devon.yaml")["runs"][0]["results"]
    prints = [r["partialFingerprints"]["stpctl/v1"] for r in results]
    assert len(set(prints)) == len(prints)
    assert all(len(p) == 32 for p in prints)


def test_the_same_rule_twice_on_one_pointer_gets_two_fingerprints() -> None:
    twice = [
        Finding("STP502", Severity.WARNING, "no patients", "/engagement", 9, 1),
        Finding("STP502", Severity.WARNING, "no staff", "/engagement", 9, 1),
    ]
    results = sarif.document(RunResult([FileResult("p.yaml", None, None, twice)]))["runs"][0][
        "results"
    ]
    first, second = (r["partialFingerprints"]["stpctl/v1"] for r in results)
    assert first == sarif.fingerprint("STP502", "p.yaml", "/engagement")
    assert first != second


def test_a_file_outside_the_working_directory_gets_a_file_uri(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = write(tmp_path / "elsewhere" / "plan.yaml")
    (tmp_path / "here").mkdir()
    monkeypatch.chdir(tmp_path / "here")
    result = sarif_run(str(plan))["runs"][0]["results"][0]
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == plan.as_uri()


def test_a_clean_run_has_no_results_and_still_lists_the_rules() -> None:
    document = sarif.document(RunResult([FileResult("p.yaml", {}, {}, [])]))
    assert document["version"] == "2.1.0"
    assert document["runs"][0]["results"] == []
    assert len(document["runs"][0]["tool"]["driver"]["rules"]) == len(CATALOGUE)
