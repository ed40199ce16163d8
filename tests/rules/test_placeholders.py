"""STP105 init-placeholder: the values `stpctl init` writes as placeholders
are findings until they are replaced, whose severity follows the plan's
status; the skeleton itself stays valid against the schema."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stpctl.check.checker import Settings, check_bytes
from stpctl.cli import app
from stpctl.records.finding import Finding, Severity
from stpctl.reference import register
from stpctl.reference.skeleton import placeholders, skeleton

RuleFindings = Callable[..., list[Finding]]
SETTINGS = Settings(as_of=date(2016, 6, 30))
runner = CliRunner()

# Written out here, not read from the data file: the test checks the promise.
EVERY_PLACEHOLDER = [
    "/footprint/name",
    "/footprint/code",
    "/footprint/region",
    "/footprint/population",
    "/footprint/lead/name",
    "/footprint/lead/organisation",
    "/footprint/organisations/0/name",
    "/footprint/organisations/0/code",
    "/footprint/digital_roadmap/name",
    "/footprint/digital_roadmap/organisations/0",
]


def findings(text: str) -> list[Finding]:
    return list(check_bytes(text.encode("utf-8"), "plan.yaml", SETTINGS).findings)


def test_the_skeleton_is_valid_and_every_placeholder_is_a_warning_in_a_draft() -> None:
    found = findings(skeleton(None, "plan.yaml"))
    assert not [f for f in found if f.severity is Severity.ERROR]
    assert not [f for f in found if f.rule.startswith("STP0")]  # valid against the schema
    mine = [f for f in found if f.rule == "STP105"]
    assert [f.pointer for f in mine] == EVERY_PLACEHOLDER
    assert {f.severity for f in mine} == {Severity.WARNING}
    [lead] = [f for f in mine if f.pointer == "/footprint/lead/name"]
    assert lead.message == (
        "`footprint.lead.name` is still `Name of the STP lead`, the placeholder `stpctl init`"
        " wrote: write the STP lead's name"
    )
    [population] = [f for f in mine if f.pointer == "/footprint/population"]
    assert population.message.startswith("`footprint.population` is still `1`, the placeholder")


@pytest.mark.parametrize("status", ["submitted", "approved"])
def test_placeholders_are_errors_once_the_plan_is_submitted(status: str) -> None:
    text = skeleton(None, "plan.yaml").replace("status: draft", f"status: {status}")
    mine = [f for f in findings(text) if f.rule == "STP105"]
    assert [f.pointer for f in mine] == EVERY_PLACEHOLDER
    assert {f.severity for f in mine} == {Severity.ERROR}


def test_a_footprint_from_the_register_leaves_only_the_other_placeholders() -> None:
    chosen = register.find("E54000019")
    mine = [f for f in findings(skeleton(chosen, "plan.yaml")) if f.rule == "STP105"]
    assert [f.pointer for f in mine] == EVERY_PLACEHOLDER[3:]


def test_replaced_values_are_no_findings_and_any_spelling_of_a_placeholder_is(
    rule_findings: RuleFindings,
) -> None:
    plan = """\
        footprint:
          name: Devon
          code: E54000037
          population: 1200000
          lead: {name: Angela Pedder, role: STP lead, organisation: Royal Devon and Exeter}
          organisations:
            - {name: NEW Devon CCG, type: ccg, code: 99P}
            - {name: "  lead   ccg ", type: ccg, code: aaa}
          digital_roadmap: {name: Devon LDR, organisations: [99P]}
        """
    found = rule_findings(plan, "STP105")
    assert [f.pointer for f in found] == [
        "/footprint/organisations/1/name",
        "/footprint/organisations/1/code",
    ]
    assert rule_findings(plan.replace("1200000", "2"), "STP105") == found
    # `population: yes` is not the placeholder 1, though Python says True == 1
    assert rule_findings(plan.replace("1200000", "yes"), "STP105") == found


def test_the_placeholders_are_data_and_the_skeleton_takes_them_from_there() -> None:
    written = skeleton(None, "plan.yaml")
    listed = placeholders()
    assert len(listed) == len(EVERY_PLACEHOLDER)
    for placeholder in listed:
        shown = json.dumps(placeholder.value) if isinstance(placeholder.value, str) else ""
        assert shown in written or str(placeholder.value) in written


def test_init_then_validate_warns_in_a_draft_and_fails_once_submitted(tmp_path: Path) -> None:
    target = tmp_path / "plan.yaml"
    assert runner.invoke(app, ["init", str(target)]).exit_code == 0
    checked = runner.invoke(
        app, ["validate", str(target), "--as-of", "2016-06-30", "--format", "json"]
    )
    assert checked.exit_code == 0
    rules = [f["rule"] for f in json.loads(checked.stdout)["files"][0]["findings"]]
    assert rules.count("STP105") == len(EVERY_PLACEHOLDER)
    target.write_text(
        target.read_text(encoding="utf-8").replace("status: draft", "status: submitted"),
        encoding="utf-8",
    )
    checked = runner.invoke(
        app, ["validate", str(target), "--as-of", "2016-06-30", "--format", "json"]
    )
    assert checked.exit_code == 1
    errors = [
        f["pointer"]
        for f in json.loads(checked.stdout)["files"][0]["findings"]
        if f["rule"] == "STP105" and f["severity"] == "error"
    ]
    assert errors == EVERY_PLACEHOLDER
