"""STP201 duplicate-id and STP202 unresolved-reference, through the real pipeline."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from stpctl.records.finding import Finding, Severity

RuleFindings = Callable[..., list[Finding]]

UNIQUE = """\
    footprint:
      organisations:
        - {name: NHS Brent CCG, type: ccg, code: 07P}
        - {name: London Borough of Brent, type: local_authority, code: E09000005}
    delivery_areas:
      - {id: DA1, title: Prevention at scale}
      - {id: DA2, title: Mental health}
    priorities:
      - {id: P1, title: Healthy weight, delivery_area: DA1, questions: [prevention]}
      - {id: P2, title: Crisis care, delivery_area: DA2, questions: [core_standards, workforce]}
    questions:
      prevention:
        actions:
          - {id: A1, title: Commission NDPP}
          - {id: P1, title: An action may share a priority's id}
      workforce:
        actions:
          - {id: A2, title: Launch a joint staff bank}
"""


def test_unique_ids_pass(rule_findings: RuleFindings) -> None:
    assert rule_findings(UNIQUE, "STP201") == []


def test_action_id_used_in_two_questions(rule_findings: RuleFindings) -> None:
    plan = UNIQUE.replace("{id: A2, title: Launch", "{id: A1, title: Launch")
    [finding] = rule_findings(plan, "STP201")
    assert finding.severity is Severity.ERROR
    assert finding.pointer == "/questions/workforce/actions/0/id"
    assert finding.line == 18
    assert "action id `A1` is used twice" in finding.message
    assert 'first at `questions.prevention.actions[0]` ("Commission NDPP", line 14)' in (
        finding.message
    )


def test_a_long_title_in_a_duplicate_is_cut_with_an_ellipsis(rule_findings: RuleFindings) -> None:
    long_title = "Commission the National Diabetes Prevention Programme across all four CCGs"
    plan = UNIQUE.replace("{id: A2, title: Launch", "{id: A1, title: Launch").replace(
        "Commission NDPP", long_title
    )
    [finding] = rule_findings(plan, "STP201")
    assert '("Commission the National Diabetes Prevention Programme acros…", line 14)' in (
        finding.message
    )


def test_third_use_says_how_many(rule_findings: RuleFindings) -> None:
    plan = UNIQUE.replace("{id: A2,", "{id: A1,").replace(
        "{id: P1, title: An", "{id: A1, title: An"
    )
    found = rule_findings(plan, "STP201")
    assert [f.pointer for f in found] == [
        "/questions/prevention/actions/1/id",
        "/questions/workforce/actions/0/id",
    ]
    assert "is used twice" in found[0].message
    assert "is used 3 times" in found[1].message
    assert all("questions.prevention.actions[0]" in f.message for f in found)


def test_delivery_area_and_priority_ids(rule_findings: RuleFindings) -> None:
    plan = UNIQUE.replace("{id: DA2,", "{id: DA1,").replace("{id: P2,", "{id: P1,")
    found = rule_findings(plan, "STP201")
    assert [(f.pointer, f.line) for f in found] == [
        ("/delivery_areas/1/id", 7),
        ("/priorities/1/id", 10),
    ]
    assert "delivery area id `DA1` is used twice: first at `delivery_areas[0]`" in found[0].message
    assert "priority id `P1` is used twice: first at `priorities[0]`" in found[1].message


def test_ods_code_names_both_organisations(rule_findings: RuleFindings) -> None:
    plan = UNIQUE.replace("code: E09000005", "code: 07P")
    [finding] = rule_findings(plan, "STP201")
    assert finding.pointer == "/footprint/organisations/1/code"
    assert finding.line == 4
    assert "ODS code `07P` is used twice" in finding.message
    assert '"NHS Brent CCG", line 3' in finding.message


def test_reference_resolves(rule_findings: RuleFindings) -> None:
    assert rule_findings(UNIQUE, "STP202") == []


def test_delivery_area_typo_names_the_nearest(rule_findings: RuleFindings) -> None:
    plan = UNIQUE.replace("delivery_area: DA2", "delivery_area: DA3")
    [finding] = rule_findings(plan, "STP202")
    assert finding.severity is Severity.ERROR
    assert finding.pointer == "/priorities/1/delivery_area"
    assert finding.line == 10
    assert "priority P2 belongs to delivery area `DA3`" in finding.message
    assert "did you mean `DA" in finding.message


def test_delivery_area_far_from_any_lists_them(rule_findings: RuleFindings) -> None:
    plan = UNIQUE.replace("delivery_area: DA2", "delivery_area: Mental health")
    [finding] = rule_findings(plan, "STP202")
    assert "`Mental health`" in finding.message
    assert "the valid delivery area ids are: `DA1`, `DA2`" in finding.message


def test_no_delivery_areas_at_all(rule_findings: RuleFindings) -> None:
    plan = "priorities:\n  - {id: P1, title: Healthy weight, delivery_area: DA1}\n"
    [finding] = rule_findings(plan, "STP202")
    assert finding.pointer == "/priorities/0/delivery_area"
    assert "the plan lists no delivery area ids" in finding.message


def test_question_typo_names_the_nearest(rule_findings: RuleFindings) -> None:
    plan = UNIQUE.replace(
        "questions: [core_standards, workforce]", "questions: [workforce, preventon]"
    )
    [finding] = rule_findings(plan, "STP202")
    assert finding.pointer == "/priorities/1/questions/1"
    assert finding.line == 10
    assert "question `preventon`" in finding.message
    assert "did you mean `prevention`?" in finding.message


def test_question_far_from_any_lists_the_ten(rule_findings: RuleFindings) -> None:
    plan = UNIQUE.replace("questions: [prevention]", "questions: [money]")
    [finding] = rule_findings(plan, "STP202")
    assert finding.pointer == "/priorities/0/questions/0"
    assert "`money`" in finding.message
    assert "`prevention`, `engagement`" in finding.message
    assert "`financial_balance`" in finding.message


@pytest.mark.parametrize(
    ("path", "junk"),
    [
        ("footprint", "North West London"),
        ("footprint", [1, 2]),
        ("footprint/organisations", "07P, E09000005"),
        ("footprint/organisations", {"code": "07P"}),
        ("footprint/organisations/0", "07P"),
        ("footprint/organisations/0/code", 7),
        ("delivery_areas", "DA1"),
        ("delivery_areas", 12),
        ("delivery_areas", {"id": "DA1"}),
        ("delivery_areas/0", ["DA1"]),
        ("delivery_areas/0/id", ["DA1"]),
        ("priorities", "P1"),
        ("priorities", {"id": "P1"}),
        ("priorities/0", 1),
        ("priorities/0/id", 1.5),
        ("priorities/0/delivery_area", ["DA1"]),
        ("priorities/0/questions", "prevention"),
        ("priorities/0/questions", [1, None, ["prevention"]]),
        ("questions", "all answered"),
        ("questions", ["prevention"]),
        ("questions/prevention", 3),
        ("questions/prevention/actions", "PRV1"),
        ("questions/prevention/actions", {"id": "PRV1"}),
        ("questions/prevention/actions/0", "PRV1"),
        ("questions/prevention/actions/0/id", {"id": "PRV1"}),
    ],
)
def test_junk_never_crashes(
    broken_plan: Callable[[str, object], str],
    rule_findings: RuleFindings,
    path: str,
    junk: object,
) -> None:
    plan = broken_plan(path, junk)
    # Wrong types are the schema's to report; these rules stay quiet on them.
    assert rule_findings(plan, "STP201") == []
    assert rule_findings(plan, "STP202") == []
    assert any(rule_findings(plan, rule) for rule in ("STP010", "STP011", "STP012", "STP013"))
