"""STP401 finance-year-missing, STP402 finance-bridge, STP403 finance-not-balanced,
STP404 finance-first-year-not-balanced, through the real pipeline (load,
schema, rules)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stpctl.check.question_status import assess_plan
from stpctl.check.rules import control_totals, finance, finance_balance, transformation_fund
from stpctl.check.rules.base import PlanContext
from stpctl.load.loader import Positions
from stpctl.records.finding import Finding, Severity
from stpctl.reference.guidance import default_pack

RuleFindings = Callable[..., list[Finding]]

# Line numbers in the tests below count from "submission" as line 1.
BALANCED = """\
submission: {deadline: 2016-06-30, status: draft}
finance:
  unit: GBP million
  years: [2018/19, 2019/20, 2020/21]
  do_nothing_gap:
    2018/19: 150.0
    2019/20: 200.0
    2020/21: 295.0
  interventions:
    - name: Provider CIPs
      kind: provider_efficiency
      savings: {2018/19: 100.0, 2019/20: 120.0, 2020/21: 180.5}
    - name: Commissioner QIPP
      kind: commissioner_qipp
      savings: {2018/19: 50.0, 2019/20: 80.0, 2020/21: 114.5}
"""


def test_a_complete_balanced_bridge_passes(rule_findings: RuleFindings) -> None:
    for rule_id in ("STP401", "STP402", "STP403", "STP404"):
        assert rule_findings(BALANCED, rule_id) == []


# --- STP401 -------------------------------------------------------------------


def test_intervention_missing_a_year(rule_findings: RuleFindings) -> None:
    plan = BALANCED.replace("2019/20: 120.0, ", "")
    [finding] = rule_findings(plan, "STP401")
    assert finding.severity is Severity.ERROR
    assert finding.pointer == "/finance/interventions/0/savings"
    assert finding.line == 12
    assert "intervention `Provider CIPs` has no savings for 2019/20" in finding.message


def test_do_nothing_gap_missing_a_year(rule_findings: RuleFindings) -> None:
    plan = BALANCED.replace("    2018/19: 150.0\n", "")
    [finding] = rule_findings(plan, "STP401")
    assert finding.pointer == "/finance/do_nothing_gap"
    assert finding.line == 5
    assert "`do_nothing_gap` has no figure for 2018/19" in finding.message


def test_extra_years_are_reported_where_they_are_written(rule_findings: RuleFindings) -> None:
    plan = BALANCED.replace("2020/21: 295.0", "2020/21: 295.0\n    2021/22: 310.0").replace(
        "2020/21: 114.5}", "2020/21: 114.5, 2015/16: 3.0}"
    )
    found = rule_findings(plan, "STP401")
    assert [(f.pointer, f.line) for f in found] == [
        ("/finance/do_nothing_gap/2021~122", 9),
        ("/finance/interventions/1/savings/2015~116", 16),
    ]
    assert "`do_nothing_gap` has a figure for 2021/22, which is not one of" in found[0].message
    assert "(2018/19, 2019/20, 2020/21)" in found[0].message
    assert "intervention `Commissioner QIPP` has savings for 2015/16" in found[1].message


def test_a_key_that_is_not_a_year_is_left_to_the_schema(rule_findings: RuleFindings) -> None:
    plan = BALANCED.replace("2020/21: 295.0", "2020/21: 295.0\n    2021-22: 310.0")
    assert rule_findings(plan, "STP401") == []
    assert [f.pointer for f in rule_findings(plan, "STP013")] == ["/finance/do_nothing_gap/2021-22"]


def test_intervention_without_savings_gets_one_finding(rule_findings: RuleFindings) -> None:
    plan = BALANCED.replace("      savings: {2018/19: 50.0, 2019/20: 80.0, 2020/21: 114.5}\n", "")
    [finding] = rule_findings(plan, "STP401")
    assert finding.pointer == "/finance/interventions/1"
    assert finding.line == 13
    assert "intervention `Commissioner QIPP` has no savings" in finding.message
    assert "2018/19, 2019/20, 2020/21" in finding.message


def test_unnamed_intervention_is_named_by_position(rule_findings: RuleFindings) -> None:
    plan = BALANCED.replace("- name: Commissioner QIPP\n      kind", "- kind").replace(
        "2019/20: 80.0, ", ""
    )
    [finding] = rule_findings(plan, "STP401")
    assert "intervention 2 (no name) has no savings for 2019/20" in finding.message


def test_empty_gap_is_one_reminder_graded_by_submission(rule_findings: RuleFindings) -> None:
    skeleton = """\
        submission: {deadline: 2016-06-30, status: draft}
        finance:
          years: [2016/17, 2017/18]
          do_nothing_gap: {}
          interventions: []
    """
    [draft] = rule_findings(skeleton, "STP401")
    assert draft.severity is Severity.WARNING
    assert draft.pointer == "/finance/do_nothing_gap"
    assert draft.line == 4
    assert "no figures yet" in draft.message and "2016/17, 2017/18" in draft.message
    [submitted] = rule_findings(skeleton.replace("draft", "submitted"), "STP401")
    assert submitted.severity is Severity.ERROR


# --- STP402 -------------------------------------------------------------------


def test_a_year_between_left_open_is_a_warning(rule_findings: RuleFindings) -> None:
    plan = BALANCED.replace("2019/20: 120.0", "2019/20: 100.0")
    [finding] = rule_findings(plan, "STP402")
    assert finding.severity is Severity.WARNING
    assert finding.pointer == "/finance/do_nothing_gap/2019~120"
    assert finding.line == 7
    assert finding.message.startswith(
        "in 2019/20 the do-nothing gap 200.0 \N{MINUS SIGN} savings 180.0 leaves 20.0 GBP million"
        " unclosed"
    )


@pytest.mark.parametrize("status", ["draft", "submitted"])
def test_a_year_between_is_a_warning_whatever_the_status(
    rule_findings: RuleFindings, status: str
) -> None:
    plan = BALANCED.replace("2019/20: 120.0", "2019/20: 100.0").replace("draft", status)
    [finding] = rule_findings(plan, "STP402")
    assert finding.severity is Severity.WARNING


def test_the_first_and_final_years_are_not_reported_as_years_between(
    rule_findings: RuleFindings,
) -> None:
    plan = BALANCED.replace("2020/21: 180.5", "2020/21: 100.0").replace(
        "2018/19: 100.0", "2018/19: 10.0"
    )
    assert rule_findings(plan, "STP402") == []
    assert len(rule_findings(plan, "STP403")) == 1
    assert len(rule_findings(plan, "STP404")) == 1


# --- STP404 -------------------------------------------------------------------


def test_the_first_year_left_open_is_judged_as_strongly_as_the_final(
    rule_findings: RuleFindings,
) -> None:
    plan = BALANCED.replace("2018/19: 100.0", "2018/19: 80.0")
    [finding] = rule_findings(plan, "STP404")
    assert finding.severity is Severity.WARNING  # a draft
    assert finding.pointer == "/finance/do_nothing_gap/2018~119"
    assert finding.line == 6
    assert finding.message.startswith(
        "the plan is not in financial balance in its first year: in 2018/19 the do-nothing gap"
        " 150.0 \N{MINUS SIGN} savings 130.0 leaves 20.0 GBP million unclosed"
    )
    [submitted] = rule_findings(plan.replace("status: draft", "status: submitted"), "STP404")
    assert submitted.severity is Severity.ERROR


def test_a_one_year_bridge_is_judged_once_as_the_final_year(rule_findings: RuleFindings) -> None:
    plan = """\
        finance:
          years: [2016/17]
          do_nothing_gap: {2016/17: 10.0}
          interventions:
            - {name: A, kind: other, savings: {2016/17: 4.0}}
    """
    assert rule_findings(plan, "STP404") == []
    assert len(rule_findings(plan, "STP403")) == 1


def test_an_unknown_first_year_cannot_be_judged(rule_findings: RuleFindings) -> None:
    plan = BALANCED.replace("    2018/19: 150.0\n", "")
    [first] = rule_findings(plan, "STP404")
    assert first.message.startswith(
        "financial balance in the first year 2018/19 cannot be judged:"
        " the do-nothing gap has no figure (a number) for it"
    )
    assert "unclosed" not in first.message


def test_a_first_year_figure_that_is_not_a_number_is_never_worked_around(
    rule_findings: RuleFindings,
) -> None:
    plan = BALANCED.replace("2018/19: 100.0", "2018/19: .inf")
    [first] = rule_findings(plan, "STP404")
    assert first.message.startswith(
        "financial balance in the first year 2018/19 cannot be judged until the figure is fixed:"
    )
    assert "the savings figure of intervention `Provider CIPs` is `.inf`, not a number" in (
        first.message
    )
    assert "unclosed" not in first.message


# --- the Fund in the arithmetic ----------------------------------------------

FUNDED = BALANCED.replace(
    "  interventions:\n",
    "  transformation_fund: {2018/19: 10.0, 2019/20: 10.0, 2020/21: 10.0}\n  interventions:\n",
).replace("2020/21: 180.5", "2020/21: 170.5")


def test_the_fund_is_its_own_term_in_the_arithmetic(rule_findings: RuleFindings) -> None:
    for rule_id in ("STP401", "STP402", "STP403", "STP404"):
        assert rule_findings(FUNDED, rule_id) == []  # balanced before, balanced now
    short = FUNDED.replace("2018/19: 100.0", "2018/19: 84.5")
    [finding] = rule_findings(short, "STP404")
    assert (
        "in 2018/19 the do-nothing gap 150.0 \N{MINUS SIGN} savings 134.5 \N{MINUS SIGN}"
        " Fund income 10.0 leaves 5.5 GBP million unclosed"
    ) in finding.message


def test_a_year_missing_from_the_fund_is_reported_and_not_judged(
    rule_findings: RuleFindings,
) -> None:
    plan = FUNDED.replace("2019/20: 10.0, ", "")
    [missing] = rule_findings(plan, "STP401")
    assert missing.pointer == "/finance/transformation_fund"
    assert missing.line == 9
    assert "`transformation_fund` has no figure for 2019/20" in missing.message
    assert rule_findings(plan.replace("2019/20: 120.0", "2019/20: 1.0"), "STP402") == []


def test_a_final_year_missing_its_fund_figure_cannot_be_judged(
    rule_findings: RuleFindings,
) -> None:
    plan = FUNDED.replace(", 2020/21: 10.0}", "}")
    [final] = rule_findings(plan, "STP403")
    assert "cannot be judged: the Fund income has no figure (a number) for it" in final.message


def test_a_fund_figure_that_is_not_a_number_is_named(rule_findings: RuleFindings) -> None:
    plan = FUNDED.replace("2020/21: 10.0}", "2020/21: .inf}")
    [final] = rule_findings(plan, "STP403")
    assert "until the figure is fixed: the Fund income in `transformation_fund` is `.inf`" in (
        final.message
    )


def test_an_empty_fund_is_one_reminder(rule_findings: RuleFindings) -> None:
    plan = BALANCED.replace("  interventions:\n", "  transformation_fund: {}\n  interventions:\n")
    [reminder] = rule_findings(plan, "STP401")
    assert reminder.pointer == "/finance/transformation_fund"
    assert "`transformation_fund` has no figures yet" in reminder.message
    assert reminder.severity is Severity.WARNING  # a draft


def test_a_fund_figure_for_a_year_not_in_the_plan_is_named(rule_findings: RuleFindings) -> None:
    plan = FUNDED.replace("2020/21: 10.0}", "2020/21: 10.0, 2021/22: 4.0}")
    [extra] = rule_findings(plan, "STP401")
    assert extra.pointer == "/finance/transformation_fund/2021~122"
    assert "`transformation_fund` has a figure for 2021/22, which is not one of" in extra.message


def test_decimals_that_add_up_only_on_paper_close(rule_findings: RuleFindings) -> None:
    plan = """\
        finance:
          years: [2016/17, 2017/18]
          do_nothing_gap: {2016/17: 0.3, 2017/18: 0.7}
          interventions:
            - {name: A, kind: other, savings: {2016/17: 0.1, 2017/18: 0.1}}
            - {name: B, kind: other, savings: {2016/17: 0.2, 2017/18: 0.6}}
    """
    for rule_id in ("STP401", "STP402", "STP403", "STP404"):
        assert rule_findings(plan, rule_id) == []


def test_a_small_residual_is_shown_not_rounded_to_nothing(rule_findings: RuleFindings) -> None:
    plan = """\
        finance:
          unit: GBP thousand
          years: [2016/17, 2017/18]
          do_nothing_gap: {2016/17: 10.04, 2017/18: 0}
          interventions:
            - {name: A, kind: other, savings: {2016/17: 10.0, 2017/18: 0}}
    """
    [finding] = rule_findings(plan, "STP404")
    assert "do-nothing gap 10.0 \N{MINUS SIGN} savings 10.0 leaves 0.04 GBP thousand" in (
        finding.message
    )


def test_negative_savings_widen_the_gap(rule_findings: RuleFindings) -> None:
    plan = BALANCED.replace("2019/20: 80.0", "2019/20: -10.0")
    [finding] = rule_findings(plan, "STP402")
    assert "in 2019/20 the do-nothing gap 200.0 \N{MINUS SIGN} savings 110.0 leaves 90.0" in (
        finding.message
    )


def test_a_junk_figure_makes_the_year_unknown_not_a_zero(
    rule_findings: RuleFindings,
) -> None:
    plan = BALANCED.replace("2019/20: 120.0", "2019/20: lots")
    assert rule_findings(plan, "STP402") == []  # no residual is claimed for 2019/20
    assert rule_findings(plan, "STP401") == []  # the year is there, only its value is wrong
    schema = rule_findings(plan, "STP012")  # wrong type
    assert [f.pointer for f in schema] == ["/finance/interventions/0/savings/2019~120"]


def test_a_year_missing_its_gap_claims_no_residual(rule_findings: RuleFindings) -> None:
    # Without its gap figure, 2018/19 would read as a surplus of the savings.
    plan = BALANCED.replace("    2019/20: 200.0\n", "").replace("2019/20: 120.0", "2019/20: 10.0")
    assert rule_findings(plan, "STP402") == []
    [missing] = rule_findings(plan, "STP401")
    assert "`do_nothing_gap` has no figure for 2019/20" in missing.message


# --- STP403 -------------------------------------------------------------------

SHORT = BALANCED.replace("2020/21: 180.5", "2020/21: 166.0")


def test_final_year_left_open_is_named_with_its_arithmetic(rule_findings: RuleFindings) -> None:
    [finding] = rule_findings(SHORT, "STP403")
    assert finding.severity is Severity.WARNING  # a draft
    assert finding.pointer == "/finance/do_nothing_gap/2020~121"
    assert finding.line == 8
    assert finding.message.startswith(
        "the plan does not reach financial balance: in 2020/21 the do-nothing gap 295.0"
        " \N{MINUS SIGN} savings 280.5 leaves 14.5 GBP million unclosed"
    )


@pytest.mark.parametrize("status", ["submitted", "approved"])
def test_not_balanced_is_an_error_once_submitted(rule_findings: RuleFindings, status: str) -> None:
    [finding] = rule_findings(SHORT.replace("status: draft", f"status: {status}"), "STP403")
    assert finding.severity is Severity.ERROR


def test_final_year_is_the_latest_not_the_last_listed(rule_findings: RuleFindings) -> None:
    # Years out of order: the plan must balance in the latest year, wherever it is listed.
    plan = SHORT.replace("[2018/19, 2019/20, 2020/21]", "[2018/19, 2020/21, 2019/20]")
    plan = plan.replace("2018/19: 100.0", "2018/19: 10.0")
    [final] = rule_findings(plan, "STP403")
    assert "in 2020/21 the do-nothing gap 295.0 \N{MINUS SIGN} savings 280.5 leaves 14.5" in (
        final.message
    )
    [first] = rule_findings(plan, "STP404")
    assert "in 2018/19 the do-nothing gap" in first.message


def test_years_out_of_date_order_get_a_note(rule_findings: RuleFindings) -> None:
    plan = BALANCED.replace("[2018/19, 2019/20, 2020/21]", "[2018/19, 2020/21, 2019/20]")
    [note] = rule_findings(plan, "STP401")
    assert note.severity is Severity.INFO
    assert note.pointer == "/finance/years"
    assert "not in date order (2018/19, 2020/21, 2019/20)" in note.message
    assert "2020/21 is taken as the final year" in note.message
    assert rule_findings(BALANCED, "STP401") == []


def test_one_mistyped_year_is_one_finding(rule_findings: RuleFindings) -> None:
    # `2018-19` is the schema's finding; STP401 adds no "no figure" or
    # "not one of years" pair for the gap and every intervention.
    plan = BALANCED.replace("[2018/19, 2019/20, 2020/21]", "[2018-19, 2019/20, 2020/21]")
    assert rule_findings(plan, "STP401") == []
    [typo] = rule_findings(plan, "STP013")
    assert "2018-19" in typo.message


def test_a_real_missing_figure_is_still_reported_beside_a_typo(
    rule_findings: RuleFindings,
) -> None:
    plan = BALANCED.replace("[2018/19, 2019/20, 2020/21]", "[2018-19, 2019/20, 2020/21]")
    plan = plan.replace("    2019/20: 200.0\n", "")
    [missing] = rule_findings(plan, "STP401")
    assert "`do_nothing_gap` has no figure for 2019/20" in missing.message


def test_an_unknown_final_year_cannot_be_judged(rule_findings: RuleFindings) -> None:
    plan = SHORT.replace("    2020/21: 295.0\n", "")
    [final] = rule_findings(plan, "STP403")
    assert final.message.startswith(
        "financial balance in the final year 2020/21 cannot be judged:"
        " the do-nothing gap has no figure (a number) for it"
    )
    assert "give each missing figure as a number" in final.message
    assert final.pointer == "/finance/do_nothing_gap/2020~121"
    assert final.severity is Severity.WARNING  # a draft
    assert "unclosed" not in final.message


def test_over_closing_is_balance(rule_findings: RuleFindings) -> None:
    plan = BALANCED.replace("2020/21: 180.5", "2020/21: 500.0")
    assert rule_findings(plan, "STP403") == []


# --- junk ---------------------------------------------------------------------

JUNK_PLANS = [
    "finance: TBC\n",
    "finance: [1, 2]\n",
    "finance: {years: 2016/17, do_nothing_gap: 5, interventions: lots}\n",
    "finance: {years: [1, null, [2]], do_nothing_gap: [1], interventions: [1, x, [2]]}\n",
    "finance: {years: [2016/17], do_nothing_gap: {2016/17: [1]}, interventions: [{savings: 3}]}\n",
    "finance: {years: [2016/17], do_nothing_gap: {2016/17: .nan},"
    " interventions: [{name: [1], savings: {2016/17: .inf}}]}\n",
    "finance: {unit: 5, years: [2016/17], do_nothing_gap: {2016/17: 1}}\nsubmission: 7\n",
    "finance: {years: [2016/17], transformation_fund: 5, control_totals: {a: 1}}\n",
    "finance: {years: [2016/17], transformation_fund: {2016/17: x},"
    " control_totals: [1, {organisation: [1], year: 2016/17, surplus: .inf}]}\n",
]


@pytest.mark.parametrize("plan", JUNK_PLANS)
def test_junk_never_crashes(rule_findings: RuleFindings, plan: str) -> None:
    for rule_id in ("STP401", "STP402", "STP403", "STP404"):
        for finding in rule_findings(plan, rule_id):
            assert finding.message and finding.pointer.startswith("/finance")


junk = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
years = st.sampled_from(["2016/17", "2017/18", "2020/21", "2021-22", ""])
by_year = st.dictionaries(years, junk, max_size=4) | junk
finance_data = st.fixed_dictionaries(
    {},
    optional={
        "unit": junk,
        "years": st.lists(years | junk, max_size=4) | junk,
        "do_nothing_gap": by_year,
        "transformation_fund": by_year,
        "control_totals": st.lists(
            st.fixed_dictionaries(
                {}, optional={"organisation": junk, "year": years | junk, "surplus": junk}
            )
            | junk,
            max_size=3,
        )
        | junk,
        "interventions": st.lists(
            st.fixed_dictionaries({}, optional={"name": junk, "kind": junk, "savings": by_year})
            | junk,
            max_size=3,
        )
        | junk,
    },
)


@settings(max_examples=200, deadline=None)
@given(section=finance_data | junk, status=junk)
def test_any_shape_of_finance_section_is_survived(section: Any, status: Any) -> None:
    data: dict[str, Any] = {
        "finance": section,
        "submission": {"status": status},
        "footprint": {"organisations": [{"code": "RWP", "type": "nhs_trust"}, {"code": 7}]},
    }
    pack = default_pack()
    ctx = PlanContext(
        data, Positions(), date(2016, 6, 30), pack, assess_plan(data, pack.placeholders)
    )
    for item in (
        *finance.RULES,
        *finance_balance.RULES,
        *control_totals.RULES,
        *transformation_fund.RULES,
    ):
        assert item.check is not None
        for issue in item.check(ctx):
            assert issue.message
