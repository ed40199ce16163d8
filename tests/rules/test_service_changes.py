"""Service changes (issue 12, section 3): STP504 four-tests-for-decided-change,
STP505 beds-test, STP506 proposed-change-test-not-met."""

from __future__ import annotations

from conftest import RuleFindings

from stpctl.records.finding import Severity

DECIDED = """\
submission: {deadline: 2016-06-30, status: draft}
service_changes:
  - title: Centralise hyper-acute stroke care
    decision: decided
    decided_on: 2017-06-01
    consultation: {status: complete, date: 2016-11-01}
    clinical_senate_review: 2016-09-14
    four_tests:
      gp_commissioners: {status: met, evidence: All three CCG governing bodies voted for it}
      public_engagement: {status: met, evidence: Twelve-week consultation}
      clinical_evidence: {status: met, evidence: Clinical senate review}
      patient_choice: {status: met, evidence: Choice of elective site kept}
    beds: {now: 60, proposed: 40, condition: alternative_provision,
           evidence: Early supported discharge team in place from May 2017}
"""


def test_a_decided_change_meeting_every_test_passes(rule_findings: RuleFindings) -> None:
    for rule_id in ("STP504", "STP505", "STP506"):
        assert rule_findings(DECIDED, rule_id) == []


def test_a_decided_change_needs_every_test_met(rule_findings: RuleFindings) -> None:
    plan = DECIDED.replace(
        "      clinical_evidence: {status: met, evidence: Clinical senate review}\n", ""
    ).replace("patient_choice: {status: met", "patient_choice: {status: not_yet")
    [finding] = rule_findings(plan, "STP504")
    assert finding.severity is Severity.WARNING
    assert finding.pointer == "/service_changes/0/four_tests"
    assert (finding.line, finding.column) == (8, 5)
    assert "`Centralise hyper-acute stroke care` is decided" in finding.message
    assert "clear clinical evidence base: not recorded" in finding.message
    assert "consistency with patient choice: not_yet" in finding.message


def test_no_tests_recorded_names_all_four_and_is_an_error_once_submitted(
    rule_findings: RuleFindings,
) -> None:
    plan = DECIDED.replace("status: draft}", "status: submitted}").split("    four_tests:")[0]
    [finding] = rule_findings(plan, "STP504")
    assert finding.severity is Severity.ERROR
    assert finding.pointer == "/service_changes/0"
    assert finding.line == 3
    for test in ("support from GP commissioners", "strong public and patient engagement"):
        assert f"{test}: not recorded" in finding.message


def test_a_proposed_change_is_not_held_to_the_four_tests(rule_findings: RuleFindings) -> None:
    plan = DECIDED.replace("decision: decided", "decision: proposed").split("    four_tests:")[0]
    assert rule_findings(plan, "STP504") == []


def test_a_proposed_change_with_a_test_not_met_is_a_warning(rule_findings: RuleFindings) -> None:
    plan = DECIDED.replace("decision: decided", "decision: proposed").replace(
        "gp_commissioners: {status: met", "gp_commissioners: {status: not_met"
    )
    [finding] = rule_findings(plan, "STP506")
    assert finding.severity is Severity.WARNING
    assert finding.pointer == "/service_changes/0/four_tests/gp_commissioners/status"
    assert (finding.line, finding.column) == (9, 34)
    assert "support from GP commissioners is not met" in finding.message
    assert rule_findings(plan.replace("not_met", "not_yet"), "STP506") == []


def test_beds_closing_after_april_2017_need_a_condition(rule_findings: RuleFindings) -> None:
    plan = DECIDED.replace(" condition: alternative_provision,", "")
    [finding] = rule_findings(plan, "STP505")
    assert finding.pointer == "/service_changes/0/beds"
    assert (finding.line, finding.column) == (13, 5)
    assert "closes 20 beds (60 to 40)" in finding.message
    assert "decided on 2017-06-01" in finding.message
    assert "beds test" in finding.message and "1 April 2017" in finding.message


def test_the_beds_test_starts_on_1_april_2017(rule_findings: RuleFindings) -> None:
    plan = DECIDED.replace(" condition: alternative_provision,", "")
    assert rule_findings(plan.replace("2017-06-01", "2017-03-31"), "STP505") == []
    assert len(rule_findings(plan.replace("2017-06-01", "2017-04-01"), "STP505")) == 1


def test_beds_kept_or_added_need_no_condition(rule_findings: RuleFindings) -> None:
    plan = DECIDED.replace(" condition: alternative_provision,", "")
    assert rule_findings(plan.replace("proposed: 40", "proposed: 60"), "STP505") == []
    assert rule_findings(plan.replace("decision: decided", "decision: proposed"), "STP505") == []
