"""The Sustainability and Transformation Fund as conditional income (issue 12,
section 1): STP408 fund-as-intervention, STP409 fund-at-risk, through the real
pipeline (load, schema, rules)."""

from __future__ import annotations

import pytest
from conftest import RuleFindings

from stpctl.check.rules import BY_ID
from stpctl.records.finding import Severity
from stpctl.reference.fund_conditions import (
    conditions,
    control_total_share,
    trajectory_conditions,
)
from stpctl.reference.guidance import load_pack
from stpctl.reference.resources import guidance_path

# Line numbers in the tests below count from "submission" as line 1.
FUNDED = """\
submission: {deadline: 2016-06-30, status: draft}
footprint:
  organisations:
    - {name: Wye Valley NHS Trust, type: nhs_trust, code: RLQ}
finance:
  years: [2016/17, 2017/18]
  do_nothing_gap: {2016/17: 30.0, 2017/18: 40.0}
  transformation_fund: {2016/17: 10.0, 2017/18: 20.0}
  interventions:
    - {name: Provider CIPs, kind: provider_efficiency, savings: {2016/17: 21.0, 2017/18: 21.0}}
  control_totals:
    - {organisation: RLQ, year: 2016/17, surplus: 1.0}
    - {organisation: RLQ, year: 2017/18, surplus: 1.0}
"""
LEGACY = """\
finance:
  years: [2016/17, 2017/18]
  do_nothing_gap: {2016/17: 30.0, 2017/18: 40.0}
  interventions:
    - {name: Provider CIPs, kind: provider_efficiency, savings: {2016/17: 21.0, 2017/18: 21.0}}
    - name: Sustainability and Transformation Fund
      kind: transformation_fund
      savings: {2016/17: 10.0, 2017/18: 20}
"""
AE_MEASURE = """\
questions:
  core_standards:
    measures:
      - {name: A&E four hours, baseline: 85.0, target: 90.0, by: 2017/18, standard: ae_4_hour}
"""


def test_a_plan_meeting_the_fund_conditions_passes(rule_findings: RuleFindings) -> None:
    for rule_id in ("STP408", "STP409", "STP406", "STP403", "STP404"):
        assert rule_findings(FUNDED, rule_id) == [], rule_id


# --- STP408 -------------------------------------------------------------------


def test_a_fund_intervention_is_read_as_income_with_a_note_on_moving_it(
    rule_findings: RuleFindings,
) -> None:
    [note] = rule_findings(LEGACY, "STP408")
    assert note.severity is Severity.INFO
    assert note.pointer == "/finance/interventions/1/kind"
    assert (note.line, note.column) == (7, 13)
    assert "intervention `Sustainability and Transformation Fund` is read as Fund income" in (
        note.message
    )
    assert "move its figures to `finance.transformation_fund: {2016/17: 10.0, 2017/18: 20}`" in (
        note.message
    )
    for rule_id in ("STP403", "STP404"):  # balanced before, balanced now
        assert rule_findings(LEGACY, rule_id) == []


def test_the_fund_given_twice_is_a_warning(rule_findings: RuleFindings) -> None:
    plan = LEGACY.replace(
        "  interventions:",
        "  transformation_fund: {2016/17: 10.0, 2017/18: 20.0}\n  interventions:",
    )
    [finding] = rule_findings(plan, "STP408")
    assert finding.severity is Severity.WARNING
    assert "both in `finance.transformation_fund` and as intervention" in finding.message
    assert "counted twice" in finding.message


def test_a_fund_intervention_with_a_figure_that_is_not_a_number(
    rule_findings: RuleFindings,
) -> None:
    plan = LEGACY.replace("2017/18: 20}", "2017/18: lots}")
    [note] = rule_findings(plan, "STP408")
    assert "move its `savings` to `finance.transformation_fund`" in note.message


# --- STP409 -------------------------------------------------------------------


def test_a_control_total_not_met_puts_seventy_percent_at_risk(rule_findings: RuleFindings) -> None:
    plan = FUNDED.replace("2016/17, surplus: 1.0", "2016/17, surplus: 3.0")
    [finding] = rule_findings(plan, "STP409")
    assert finding.severity is Severity.WARNING  # a draft
    assert finding.pointer == "/finance/transformation_fund/2016~117"
    assert (finding.line, finding.column) == (8, 34)
    assert finding.message.startswith(
        "in 2016/17 the plan shows a Fund condition missed: the control total (70%: the bridge"
        " leaves a residual of -1.0 where the NHS bodies' control totals allow at most -3.0)"
    )
    assert (
        "so 70% of the Fund income 10.0 (7.0) is at risk; without it the do-nothing gap 30.0"
        " \N{MINUS SIGN} savings 21.0 \N{MINUS SIGN} Fund income 3.0 leaves 6.0 GBP million"
        " unclosed"
    ) in finding.message
    [submitted] = rule_findings(plan.replace("status: draft", "status: submitted"), "STP409")
    assert submitted.severity is Severity.ERROR


def test_a_trajectory_below_its_standard_puts_its_share_at_risk(
    rule_findings: RuleFindings,
) -> None:
    [finding] = rule_findings(FUNDED + AE_MEASURE, "STP409")
    assert finding.pointer == "/finance/transformation_fund/2017~118"
    assert (
        "in 2017/18 the plan shows a Fund condition missed: the A&E four-hour trajectory"
        " (12.5%: measure `A&E four hours` targets 90% against the standard's 95%)"
    ) in finding.message
    assert "so 12.5% of the Fund income 20.0 (2.5) is at risk" in finding.message
    assert "Fund income 17.5 leaves 1.5 GBP million unclosed" in finding.message


def test_the_packs_own_value_of_a_standard_is_the_one_judged(rule_findings: RuleFindings) -> None:
    pack = load_pack(guidance_path("next-steps-2017"))  # A&E 90% in 2017/18
    assert rule_findings(FUNDED + AE_MEASURE, "STP409", guidance=pack) == []


def test_conditions_missed_add_up(rule_findings: RuleFindings) -> None:
    plan = FUNDED.replace("2017/18, surplus: 1.0", "2017/18, surplus: 4.0") + AE_MEASURE
    [finding] = rule_findings(plan, "STP409")
    assert "shows Fund conditions missed: the control total (70%" in finding.message
    assert "and the A&E four-hour trajectory (12.5%" in finding.message
    assert "so 82.5% of the Fund income 20.0 (16.5) is at risk" in finding.message


def test_a_year_that_closes_even_without_the_share_at_risk_is_not_reported(
    rule_findings: RuleFindings,
) -> None:
    plan = (FUNDED + AE_MEASURE).replace("2017/18: 21.0}", "2017/18: 25.0}")
    plan = plan.replace("2017/18, surplus: 1.0", "2017/18, surplus: 5.0")
    # 40.0 - 25.0 - 20.0 = -5.0; control totals met (5.0); 2.5 at risk leaves -2.5
    assert rule_findings(plan, "STP409") == []


def test_a_measure_due_in_another_year_puts_no_share_at_risk_in_this_one(
    rule_findings: RuleFindings,
) -> None:
    plan = FUNDED + AE_MEASURE.replace("by: 2017/18", "by: 2016/17")
    [finding] = rule_findings(plan, "STP409")
    assert finding.message.startswith("in 2016/17 ")


def test_a_plan_without_the_fund_has_nothing_at_risk(rule_findings: RuleFindings) -> None:
    plan = FUNDED.replace("  transformation_fund: {2016/17: 10.0, 2017/18: 20.0}\n", "")
    plan = plan.replace("2016/17, surplus: 1.0", "2016/17, surplus: 3.0")
    assert rule_findings(plan + AE_MEASURE, "STP409") == []


@pytest.mark.parametrize(
    "change",
    [
        ("2017/18: 40.0}", "}"),  # the do-nothing gap missing
        ("2017/18: 20.0}", "2017/18: .inf}"),  # the Fund income not a number
    ],
)
def test_a_year_that_cannot_be_worked_out_is_not_judged(
    rule_findings: RuleFindings, change: tuple[str, str]
) -> None:
    plan = (FUNDED + AE_MEASURE).replace(*change)
    assert rule_findings(plan, "STP409") == []


def test_a_legacy_fund_intervention_is_at_risk_too(rule_findings: RuleFindings) -> None:
    [finding] = rule_findings(LEGACY + AE_MEASURE, "STP409")
    assert finding.pointer == "/finance/interventions/1/savings/2017~118"
    assert "so 12.5% of the Fund income 20.0 (2.5) is at risk" in finding.message


def test_the_rule_page_gives_the_shares_the_data_gives() -> None:
    page = BY_ID["STP409"].doc
    for condition in conditions():
        assert f"{condition.share:g} %" in page, condition
    assert "transformation-fund-conditions.csv" in page
    assert all("not" in condition.source.lower() for condition in conditions())  # uncertainty said


def test_the_shares_add_up_to_the_whole_fund() -> None:
    assert sum(condition.share for condition in conditions()) == 100
    assert control_total_share() == 70
    assert {c.standard for c in trajectory_conditions()} == {
        "rtt_18_weeks",
        "ae_4_hour",
        "cancer_62_day",
    }
