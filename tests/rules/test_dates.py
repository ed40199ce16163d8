"""STP301-303: actions inside the period, overdue actions, a five-year period."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from stpctl.plan.plan_parts import parse_day
from stpctl.records.finding import Finding, Severity

RuleFindings = Callable[..., list[Finding]]

PLAN = """\
    period: {start: 2016-04-01, end: 2021-03-31}
    questions:
      prevention:
        actions:
          - {id: PRV1, title: Commission NDPP, owner: CCG lead, due: 2016-10-31}
          - {id: PRV2, title: Agree the obesity pathway, owner: DPH, due: 2016-09-30}
      workforce:
        actions:
          - {id: WF1, title: Open the staff bank, owner: HR lead, due: 2017-09-30, status: open}
"""


def test_parse_day_takes_only_real_iso_days() -> None:
    assert parse_day("2016-06-30") == date(2016, 6, 30)
    for junk in ("2016-02-30", "20160630", "2016-W26-4", "30/06/2016", " 2016-06-30", 20160630):
        assert parse_day(junk) is None


# --- STP301 action-outside-period -------------------------------------------


def test_actions_inside_the_period_pass(rule_findings: RuleFindings) -> None:
    assert rule_findings(PLAN, "STP301") == []


def test_action_due_before_the_period(rule_findings: RuleFindings) -> None:
    plan = PLAN.replace("due: 2017-09-30", "due: 2012-09-30")
    [finding] = rule_findings(plan, "STP301")
    assert finding.severity is Severity.WARNING
    assert finding.pointer == "/questions/workforce/actions/0/due"
    assert finding.line == 9
    assert 'action WF1 "Open the staff bank" is due 2012-09-30' in finding.message
    assert "before the plan period starts (2016-04-01 to 2021-03-31)" in finding.message


def test_action_due_after_the_period(rule_findings: RuleFindings) -> None:
    plan = PLAN.replace("due: 2016-09-30", "due: 2021-04-01")
    [finding] = rule_findings(plan, "STP301")
    assert finding.pointer == "/questions/prevention/actions/1/due"
    assert finding.line == 6
    assert "2021-04-01" in finding.message
    assert "after the plan period ends" in finding.message


def test_the_last_day_of_the_period_is_inside(rule_findings: RuleFindings) -> None:
    plan = PLAN.replace("due: 2016-09-30", "due: 2021-03-31")
    assert rule_findings(plan, "STP301") == []


def test_dropped_and_unreadable_dates_are_skipped(rule_findings: RuleFindings) -> None:
    plan = PLAN.replace("due: 2017-09-30, status: open", "due: 2030-01-01, status: dropped")
    plan = plan.replace("due: 2016-09-30", "due: 2016-13-45")
    assert rule_findings(plan, "STP301") == []


def test_half_a_period_still_checks_that_half(rule_findings: RuleFindings) -> None:
    plan = PLAN.replace("end: 2021-03-31", "end: soon").replace(
        "due: 2016-09-30", "due: 2015-09-30"
    )
    [finding] = rule_findings(plan, "STP301")
    assert "(2016-04-01 to ?)" in finding.message


# --- STP302 action-overdue ---------------------------------------------------


def test_nothing_overdue_on_the_deadline(rule_findings: RuleFindings) -> None:
    assert rule_findings(PLAN, "STP302", as_of=date(2016, 6, 30)) == []


def test_open_action_past_its_date_is_overdue(rule_findings: RuleFindings) -> None:
    plan = PLAN.replace("due: 2016-09-30", "due: 2016-05-31")
    [finding] = rule_findings(plan, "STP302", as_of=date(2016, 6, 30))
    assert finding.severity is Severity.WARNING
    assert finding.pointer == "/questions/prevention/actions/1/due"
    assert finding.line == 6
    assert (
        'action PRV2 "Agree the obesity pathway" (owner: DPH) was due 2016-05-31'
        " and is overdue by 30 days at 2016-06-30"
    ) in finding.message


def test_a_long_title_is_cut_with_an_ellipsis(rule_findings: RuleFindings) -> None:
    long_title = "Agree the obesity pathway with all four CCGs and both councils and the trusts"
    plan = PLAN.replace("due: 2016-09-30", "due: 2016-05-31").replace(
        "Agree the obesity pathway", long_title
    )
    [finding] = rule_findings(plan, "STP302", as_of=date(2016, 6, 30))
    shown = finding.message.split('"')[1]
    assert shown == "Agree the obesity pathway with all four CCGs and both counc…"
    assert len(shown) == 60


def test_a_title_of_exactly_sixty_characters_is_not_cut(rule_findings: RuleFindings) -> None:
    title = "x" * 60
    plan = PLAN.replace("due: 2016-09-30", "due: 2016-05-31").replace(
        "Agree the obesity pathway", title
    )
    [finding] = rule_findings(plan, "STP302", as_of=date(2016, 6, 30))
    assert f'"{title}"' in finding.message and "…" not in finding.message


def test_one_finding_per_overdue_action(rule_findings: RuleFindings) -> None:
    found = rule_findings(PLAN, "STP302", as_of=date(2017, 10, 1))
    assert [f.pointer for f in found] == [
        "/questions/prevention/actions/0/due",
        "/questions/prevention/actions/1/due",
        "/questions/workforce/actions/0/due",
    ]
    assert "overdue by 1 day at" in found[2].message  # not "1 days"
    assert "overdue by 335 days" in found[0].message


@pytest.mark.parametrize("status", ["done", "dropped"])
def test_closed_actions_are_not_overdue(rule_findings: RuleFindings, status: str) -> None:
    plan = PLAN.replace("status: open", f"status: {status}")
    found = rule_findings(plan, "STP302", as_of=date(2017, 10, 1))
    assert [f.pointer for f in found] == [
        "/questions/prevention/actions/0/due",
        "/questions/prevention/actions/1/due",
    ]


def test_due_today_is_not_overdue(rule_findings: RuleFindings) -> None:
    assert rule_findings(PLAN, "STP302", as_of=date(2016, 9, 30)) == []


def test_action_without_owner_or_id_is_still_named(rule_findings: RuleFindings) -> None:
    plan = PLAN.replace("{id: PRV2, title: Agree the obesity pathway, owner: DPH,", "{")
    [finding] = rule_findings(plan, "STP302", as_of=date(2016, 10, 1))
    assert finding.message.startswith(
        "the action at `questions.prevention.actions[1]` (no owner) was due 2016-09-30"
    )


# --- STP303 period-not-five-years ---------------------------------------------


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2016-04-01", "2021-03-31"),
        ("2017-04-01", "2022-03-31"),
        # The guidance's plan period ran from October 2016 to March 2021.
        ("2016-10-01", "2021-03-31"),
        ("2017-03-31", "2021-03-31"),
    ],
)
def test_five_financial_years_pass(rule_findings: RuleFindings, start: str, end: str) -> None:
    assert rule_findings(f"period: {{start: {start}, end: {end}}}\n", "STP303") == []


def test_four_years_is_reported_at_the_end(rule_findings: RuleFindings) -> None:
    plan = "stp_plan: 1\nperiod:\n  start: 2016-04-01\n  end: 2020-03-31\n"
    [finding] = rule_findings(plan, "STP303")
    assert finding.severity is Severity.WARNING
    assert finding.pointer == "/period/end"
    assert finding.line == 4
    assert "runs 2016-04-01 to 2020-03-31" in finding.message
    assert "not five financial years" in finding.message
    assert "(2016-04-01 to 2021-03-31)" in finding.message


def test_calendar_years_are_reported_at_the_start(rule_findings: RuleFindings) -> None:
    plan = "period:\n  start: 2016-01-01\n  end: 2020-12-31\n"
    [finding] = rule_findings(plan, "STP303")
    assert finding.pointer == "/period/start"
    assert finding.line == 2
    assert "start on 1 April (or later in that financial year" in finding.message
    assert "and end on 31 March five years later" in finding.message
    assert "(2015-04-01 to 2020-03-31)" in finding.message


def test_unreadable_period_is_left_to_the_schema(rule_findings: RuleFindings) -> None:
    assert rule_findings("period: {start: 2016-04-01, end: 2021-02-30}\n", "STP303") == []


# --- junk never crashes --------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "junk"),
    [
        ("period", "2016 to 2021"),
        ("period", ["2016-04-01", "2021-03-31"]),
        ("period", 5),
        ("period/start", 20160401),
        ("period/end", ["2021-03-31"]),
        ("questions", "see the narrative"),
        ("questions", [{"actions": []}]),
        ("questions/prevention", ["answer"]),
        ("questions/prevention/actions", "PRV1 due 2016-10-31"),
        ("questions/prevention/actions", 3),
        ("questions/prevention/actions/0", ["PRV1", "2015-01-01"]),
        ("questions/prevention/actions/0/due", {"date": "2015-01-01"}),
        ("questions/prevention/actions/0/due", 2015),
        ("questions/prevention/actions/0/status", ["done"]),
    ],
)
def test_junk_never_crashes(
    broken_plan: Callable[[str, object], str],
    rule_findings: RuleFindings,
    path: str,
    junk: object,
) -> None:
    plan = broken_plan(path, junk)
    for rule in ("STP301", "STP302", "STP303"):
        assert rule_findings(plan, rule, as_of=date(2016, 6, 30)) == []
    assert any(rule_findings(plan, rule) for rule in ("STP010", "STP011", "STP012", "STP013"))


def test_an_october_start_with_a_wrong_end_is_reported_at_the_end(
    rule_findings: RuleFindings,
) -> None:
    [finding] = rule_findings("period: {start: 2016-10-01, end: 2020-03-31}\n", "STP303")
    assert finding.pointer == "/period/end"
    assert "(2016-10-01 to 2021-03-31)" in finding.message


def test_an_action_before_an_october_start_is_still_outside(rule_findings: RuleFindings) -> None:
    plan = PLAN.replace("start: 2016-04-01", "start: 2016-10-01")
    [finding] = rule_findings(plan, "STP301")
    assert finding.pointer == "/questions/prevention/actions/1/due"
    assert "before the plan period starts (2016-10-01 to 2021-03-31)" in finding.message


# --- STP304 no-first-year-milestone --------------------------------------------

MILESTONES = """\
    period: {start: 2016-04-01, end: 2021-03-31}
    submission: {deadline: 2016-06-30, status: submitted}
    questions:
      prevention:
        actions:
          - {id: PRV1, title: Commission NDPP, owner: CCG lead, due: 2016-10-31, milestone: true}
          - {id: PRV2, title: Obesity pathway, owner: DPH, due: 2017-09-30}
"""


def test_a_first_year_milestone_passes(rule_findings: RuleFindings) -> None:
    assert rule_findings(MILESTONES, "STP304") == []
    # a draft is not judged
    plan = MILESTONES.replace("milestone: true", "milestone: false").replace("submitted", "draft")
    assert rule_findings(plan, "STP304") == []


@pytest.mark.parametrize(
    "edit",
    [("milestone: true", "milestone: false"), ("due: 2016-10-31", "due: 2017-04-01")],
)
def test_a_submitted_plan_with_no_first_year_milestone(
    rule_findings: RuleFindings, edit: tuple[str, str]
) -> None:
    [finding] = rule_findings(MILESTONES.replace(*edit), "STP304")
    assert finding.severity is Severity.ERROR
    assert finding.pointer == "/questions"
    assert (finding.line, finding.column) == (3, 1)
    assert "no action marked `milestone: true` is due in 2016/17" in finding.message
    assert "(2016-04-01 to 2017-03-31)" in finding.message


def test_the_first_year_follows_an_october_start(rule_findings: RuleFindings) -> None:
    plan = MILESTONES.replace("start: 2016-04-01", "start: 2016-10-01")
    assert rule_findings(plan, "STP304") == []
    [finding] = rule_findings(plan.replace("due: 2016-10-31", "due: 2016-09-30"), "STP304")
    assert "(2016-10-01 to 2017-03-31)" in finding.message


# --- STP305 submission-history-order --------------------------------------------

HISTORY = """\
    submission:
      deadline: 2016-10-21
      status: submitted
      history:
        - {date: 2016-04-15, version: "0.2", status: submitted, note: April checkpoint}
        - {date: 2016-06-30, version: "1.0", status: submitted, note: June submission}
        - {date: 2016-10-21, version: "2.0", status: submitted, note: October full plan}
"""


def test_history_in_date_order_passes(rule_findings: RuleFindings) -> None:
    assert rule_findings(HISTORY, "STP305") == []


def test_a_date_going_backwards_is_reported_where_it_is(rule_findings: RuleFindings) -> None:
    plan = HISTORY.replace("2016-06-30", "2016-03-30")
    [finding] = rule_findings(plan, "STP305")
    assert finding.severity is Severity.WARNING
    assert finding.pointer == "/submission/history/1/date"
    assert (finding.line, finding.column) == (6, 14)
    assert "2016-03-30 (version 0.2" not in finding.message
    assert "checkpoint 2 (version 1.0) is dated 2016-03-30" in finding.message
    assert "before checkpoint 1 (version 0.2, 2016-04-15)" in finding.message


@pytest.mark.parametrize("start", ["0001-01-01", "9999-12-31"])
def test_a_submitted_plan_with_a_period_off_the_calendar_is_stp303_only(
    rule_findings: RuleFindings, start: str
) -> None:
    """The milestone rule (STP304) needs the first year; when the period runs
    off the calendar it leaves the period to STP303 instead of failing."""
    plan = f"""\
        period: {{start: {start}, end: 2021-03-31}}
        submission: {{deadline: 2016-06-30, status: submitted}}
        questions:
          prevention:
            actions:
              - {{id: PRV1, title: Commission NDPP, due: 2016-10-31, milestone: true}}
        """
    assert rule_findings(plan, "STP304") == []
    assert [f.pointer for f in rule_findings(plan, "STP303")] == ["/period/start"]
