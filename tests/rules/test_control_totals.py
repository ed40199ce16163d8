"""Control totals (issue 12, section 1): STP405 control-total-organisation,
STP406 control-totals-disagree, STP407 control-totals-years, through the real
pipeline (load, schema, rules)."""

from __future__ import annotations

import pytest
from conftest import RuleFindings

from stpctl.records.finding import Severity

# Line numbers in the tests below count from "submission" as line 1.
AGREED = """\
submission: {deadline: 2016-06-30, status: draft}
footprint:
  organisations:
    - {name: NHS Herefordshire CCG, type: ccg, code: 05F}
    - {name: Wye Valley NHS Trust, type: nhs_trust, code: RLQ}
    - {name: Herefordshire Council, type: local_authority, code: E06000019}
finance:
  years: [2016/17, 2017/18]
  do_nothing_gap: {2016/17: 20.0, 2017/18: 30.0}
  interventions:
    - {name: Provider CIPs, kind: provider_efficiency, savings: {2016/17: 21.5, 2017/18: 32.0}}
  control_totals:
    - {organisation: 05F, year: 2016/17, surplus: 2.0}
    - {organisation: RLQ, year: 2016/17, surplus: -0.5}
    - {organisation: 05F, year: 2017/18, surplus: 2.0}
    - {organisation: RLQ, year: 2017/18, surplus: 0.0}
"""
RULES = ("STP405", "STP406", "STP407")


def test_control_totals_that_agree_with_the_bridge_pass(rule_findings: RuleFindings) -> None:
    for rule_id in (*RULES, "STP401", "STP402", "STP403", "STP404", "STP012", "STP013"):
        assert rule_findings(AGREED, rule_id) == [], rule_id


def test_a_plan_without_control_totals_is_not_judged_on_them(rule_findings: RuleFindings) -> None:
    plan = AGREED.split("  control_totals:")[0]
    for rule_id in RULES:
        assert rule_findings(plan, rule_id) == []


# --- STP405 -------------------------------------------------------------------


def test_an_organisation_outside_the_footprint_is_named(rule_findings: RuleFindings) -> None:
    plan = AGREED.replace("organisation: RLQ, year: 2016/17", "organisation: RWP, year: 2016/17")
    [finding] = rule_findings(plan, "STP405")
    assert finding.severity is Severity.ERROR
    assert finding.pointer == "/finance/control_totals/1/organisation"
    assert (finding.line, finding.column) == (14, 22)
    assert "control total for RWP in 2016/17: RWP is not one of the footprint's organisations" in (
        finding.message
    )


def test_a_body_that_is_not_an_nhs_body_has_no_control_total(rule_findings: RuleFindings) -> None:
    plan = AGREED.replace(
        "organisation: RLQ, year: 2016/17", "organisation: E06000019, year: 2016/17"
    )
    [finding] = rule_findings(plan, "STP405")
    assert finding.pointer == "/finance/control_totals/1/organisation"
    assert "E06000019 (Herefordshire Council) is a local_authority, not an NHS body" in (
        finding.message
    )
    assert "ccg, nhs_trust, foundation_trust, ambulance_trust" in finding.message


def test_a_body_given_twice_in_a_year_is_named_and_the_year_not_summed(
    rule_findings: RuleFindings,
) -> None:
    plan = AGREED + "    - {organisation: rlq, year: 2017/18, surplus: 9.0}\n"
    [finding] = rule_findings(plan, "STP405")
    assert finding.pointer == "/finance/control_totals/4"
    assert finding.line == 17
    assert "second control total for RLQ in 2017/18 (the first is on line 16)" in finding.message
    assert rule_findings(plan, "STP406") == []  # which of the two counts is not for stpctl to guess


# --- STP406 -------------------------------------------------------------------


def test_a_year_whose_two_views_disagree_names_the_difference(rule_findings: RuleFindings) -> None:
    plan = AGREED.replace(
        "organisation: 05F, year: 2017/18, surplus: 2.0",
        "organisation: 05F, year: 2017/18, surplus: 5.0",
    )
    [finding] = rule_findings(plan, "STP406")
    assert finding.severity is Severity.WARNING  # a draft
    assert finding.pointer == "/finance/control_totals/2"
    assert finding.line == 15
    assert finding.message.startswith(
        "in 2017/18 the bridge and the control totals disagree by 3.0 GBP million: the bridge"
        " leaves a residual of -2.0 (do-nothing gap 30.0 \N{MINUS SIGN} savings 32.0), but the"
        " control totals of 2 NHS bodies add up to a surplus of 5.0, so the residual should be"
        " -5.0"
    )
    [submitted] = rule_findings(plan.replace("status: draft", "status: submitted"), "STP406")
    assert submitted.severity is Severity.ERROR


@pytest.mark.parametrize(("surplus", "found"), [("2.5", False), ("1.5", False), ("2.6", True)])
def test_rounding_within_half_a_unit_is_agreement(
    rule_findings: RuleFindings, surplus: str, found: bool
) -> None:
    plan = AGREED.replace(
        "organisation: 05F, year: 2017/18, surplus: 2.0",
        f"organisation: 05F, year: 2017/18, surplus: {surplus}",
    )
    assert bool(rule_findings(plan, "STP406")) is found


def test_a_deficit_is_named_as_one(rule_findings: RuleFindings) -> None:
    plan = AGREED.replace("2017/18, surplus: 2.0", "2017/18, surplus: -3.0")
    [finding] = rule_findings(plan, "STP406")
    assert "add up to a deficit of 3.0, so the residual should be 3.0" in finding.message


def test_bodies_that_do_not_count_are_left_out_of_the_sum(rule_findings: RuleFindings) -> None:
    plan = AGREED + "    - {organisation: E06000019, year: 2016/17, surplus: 10.0}\n"
    assert rule_findings(plan, "STP406") == []
    assert len(rule_findings(plan, "STP405")) == 1


def test_a_control_total_that_is_not_a_number_is_never_worked_around(
    rule_findings: RuleFindings,
) -> None:
    plan = AGREED.replace("2017/18, surplus: 2.0", "2017/18, surplus: .inf")
    assert rule_findings(plan, "STP406") == []
    assert rule_findings(plan, "STP012") or rule_findings(plan, "STP013")


def test_an_unknown_residual_is_not_compared(rule_findings: RuleFindings) -> None:
    plan = AGREED.replace("2017/18: 30.0}", "}").replace(
        "2017/18, surplus: 2.0", "2017/18, surplus: 9.0"
    )
    assert rule_findings(plan, "STP406") == []


def test_the_fund_is_part_of_the_residual_the_control_totals_agree_with(
    rule_findings: RuleFindings,
) -> None:
    plan = AGREED.replace(
        "  interventions:", "  transformation_fund: {2016/17: 0.0, 2017/18: 3.0}\n  interventions:"
    ).replace("2017/18, surplus: 2.0", "2017/18, surplus: 5.0")
    assert rule_findings(plan, "STP406") == []


# --- STP407 -------------------------------------------------------------------


def test_a_year_without_control_totals_beside_years_with_them(rule_findings: RuleFindings) -> None:
    plan = AGREED.replace("    - {organisation: 05F, year: 2017/18, surplus: 2.0}\n", "").replace(
        "    - {organisation: RLQ, year: 2017/18, surplus: 0.0}\n", ""
    )
    [finding] = rule_findings(plan, "STP407")
    assert finding.severity is Severity.WARNING
    assert finding.pointer == "/finance/control_totals"
    assert finding.line == 12
    assert "no control totals for 2017/18, while 2016/17 has them" in finding.message


def test_a_control_total_for_a_year_outside_the_plan(rule_findings: RuleFindings) -> None:
    plan = AGREED + "    - {organisation: RLQ, year: 2018/19, surplus: 0.0}\n"
    [finding] = rule_findings(plan, "STP407")
    assert finding.pointer == "/finance/control_totals/4/year"
    assert (finding.line, finding.column) == (17, 33)
    assert "2018/19, which is not one of `finance.years` (2016/17, 2017/18)" in finding.message
