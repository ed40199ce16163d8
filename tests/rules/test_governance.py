"""STP501 board-sign-off, STP502 engagement-before-deadline,
STP503 consultation-before-decision, through the real pipeline."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stpctl.check.question_status import assess_plan
from stpctl.check.rules import governance
from stpctl.check.rules.base import PlanContext
from stpctl.load.loader import Positions
from stpctl.records.finding import Finding, Severity
from stpctl.reference.guidance import default_pack

RuleFindings = Callable[..., list[Finding]]

# --- STP501 -------------------------------------------------------------------

SIGNED = """\
submission: {deadline: 2016-06-30, status: submitted}
footprint:
  organisations:
    - {name: NHS Herefordshire CCG, type: ccg, code: 05T, board_sign_off: 2016-06-24}
    - {name: Wye Valley NHS Trust, type: nhs_trust, code: RLQ, board_sign_off: 2016-06-27}
    - {name: Herefordshire Council, type: local_authority, code: E06000019,
       board_sign_off: 2016-06-28}
"""


def test_every_organisation_signed_passes(rule_findings: RuleFindings) -> None:
    assert rule_findings(SIGNED, "STP501") == []


@pytest.mark.parametrize("status", ["submitted", "approved"])
def test_one_finding_per_organisation_without_sign_off(
    rule_findings: RuleFindings, status: str
) -> None:
    plan = SIGNED.replace("submitted", status)
    plan = plan.replace(", board_sign_off: 2016-06-27", "").replace(
        "board_sign_off: 2016-06-28", "board_sign_off: ~"
    )
    found = rule_findings(plan, "STP501")
    assert [(f.pointer, f.line) for f in found] == [
        ("/footprint/organisations/1", 5),
        ("/footprint/organisations/2", 6),  # a flow mapping is found where it opens
    ]
    assert all(f.severity is Severity.ERROR for f in found)
    assert "`Wye Valley NHS Trust` (RLQ) has no `board_sign_off` date" in found[0].message
    assert f"the plan is {status}" in found[0].message
    assert "`Herefordshire Council` (E06000019)" in found[1].message


def test_a_draft_needs_no_sign_off(rule_findings: RuleFindings) -> None:
    plan = SIGNED.replace("submitted", "draft").replace(", board_sign_off: 2016-06-24", "")
    assert rule_findings(plan, "STP501") == []
    # No submission section at all counts as a draft too.
    plan = plan.replace("submission: {deadline: 2016-06-30, status: draft}\n", "")
    assert rule_findings(plan, "STP501") == []


def test_an_organisation_without_name_or_code_is_named_by_position(
    rule_findings: RuleFindings,
) -> None:
    plan = SIGNED + "    - {type: other}\n"
    [finding] = rule_findings(plan, "STP501")
    assert finding.pointer == "/footprint/organisations/3"
    assert "`organisation 4` (no ODS code)" in finding.message


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ('"yes"', " (`yes`)"),
        ("30/06/2016", " (`30/06/2016`)"),
        ("2016-02-30", " (`2016-02-30`)"),  # not a real day
        ("signed", " (`signed`)"),
        ("yes", ""),  # YAML reads it as true: STP012 says what YAML made of it
        ("[2016-06-24]", ""),
    ],
)
def test_a_sign_off_that_is_not_a_valid_date_is_no_sign_off(
    rule_findings: RuleFindings, written: str, shown: str
) -> None:
    plan = SIGNED.replace("board_sign_off: 2016-06-27", f"board_sign_off: {written}")
    [finding] = rule_findings(plan, "STP501")
    assert (finding.pointer, finding.line) == ("/footprint/organisations/1/board_sign_off", 5)
    assert finding.severity is Severity.ERROR
    assert finding.message == (
        f"`Wye Valley NHS Trust` (RLQ) has a `board_sign_off` that is not a valid date{shown},"
        " but the plan is submitted: an invalid date is no sign-off; write the date its"
        " board signed the plan off as YYYY-MM-DD, or return the plan to draft"
    )


# --- STP502 -------------------------------------------------------------------

ENGAGED = """\
submission: {deadline: 2016-06-30, status: draft}
engagement:
  - {date: 2016-05-12, audience: patients, title: Patient listening event}
  - {date: 2016-05-19, audience: staff, title: Staff roadshow}
  - {date: 2016-06-30, audience: public, title: Public meeting on the deadline day}
"""


def test_patients_and_staff_before_the_deadline_pass(rule_findings: RuleFindings) -> None:
    assert rule_findings(ENGAGED, "STP502") == []


def test_public_counts_as_well_as_patients_and_the_deadline_day_counts(
    rule_findings: RuleFindings,
) -> None:
    plan = ENGAGED.replace(
        "2016-05-12, audience: patients", "2016-05-12, audience: voluntary_sector"
    )
    assert rule_findings(plan, "STP502") == []


def test_no_staff_engagement(rule_findings: RuleFindings) -> None:
    plan = ENGAGED.replace("audience: staff", "audience: elected_members")
    [finding] = rule_findings(plan, "STP502")
    assert finding.severity is Severity.WARNING
    assert finding.pointer == "/engagement"
    assert finding.line == 2
    assert finding.message.startswith(
        "no engagement event with staff on or before the submission deadline 2016-06-30"
    )
    assert "after the deadline" not in finding.message


def test_events_after_the_deadline_do_not_count_and_are_named(
    rule_findings: RuleFindings,
) -> None:
    plan = ENGAGED.replace("2016-05-12", "2016-07-12").replace(
        "2016-06-30, audience", "2016-07-01, audience"
    )
    [finding] = rule_findings(plan, "STP502")
    assert "no engagement event with patients or the public on or before" in finding.message
    assert "2 dated after the deadline do not count: 2016-07-01, 2016-07-12" in finding.message


def test_no_engagement_at_all_is_two_findings_and_an_error_once_submitted(
    rule_findings: RuleFindings,
) -> None:
    plan = "submission: {deadline: 2016-06-30, status: submitted}\n"
    found = rule_findings(plan, "STP502")
    assert [f.pointer for f in found] == ["", ""]
    assert all(f.severity is Severity.ERROR for f in found)
    assert "patients or the public" in found[0].message
    assert "with staff" in found[1].message


def test_without_a_deadline_every_dated_event_counts(rule_findings: RuleFindings) -> None:
    plan = ENGAGED.replace("deadline: 2016-06-30, ", "").replace("2016-05-19", "2017-01-01")
    assert rule_findings(plan, "STP502") == []
    [finding] = rule_findings(plan.replace("audience: staff", "audience: public"), "STP502")
    assert finding.message.startswith("no engagement event with staff is recorded")


ONLY_PATIENTS = ENGAGED.replace(
    "  - {date: 2016-06-30, audience: public, title: Public meeting on the deadline day}\n", ""
)


@pytest.mark.parametrize(
    ("written", "problem"),
    [
        ("2016-05-32", "cannot be read (`2016-05-32`)"),
        ("12/05/2016", "cannot be read (`12/05/2016`)"),
        ("May 2016", "cannot be read (`May 2016`)"),
        ("~", "is missing"),
        ('""', "is missing"),
    ],
)
def test_an_event_whose_date_cannot_be_read_is_named_not_called_missing(
    rule_findings: RuleFindings, written: str, problem: str
) -> None:
    plan = ONLY_PATIENTS.replace("date: 2016-05-12", f"date: {written}")
    [finding] = rule_findings(plan, "STP502")
    assert (finding.pointer, finding.line) == ("/engagement/0/date", 3)
    assert finding.severity is Severity.WARNING
    assert finding.message.startswith(
        "the date of engagement event `Patient listening event` with patients or the public"
        f" {problem}, "
    )
    assert "so it cannot be shown to be on or before the submission deadline 2016-06-30" in (
        finding.message
    )
    assert finding.message.endswith("write the date as YYYY-MM-DD")
    assert "no engagement event" not in finding.message


def test_every_unreadable_date_is_named_beside_late_events(rule_findings: RuleFindings) -> None:
    plan = ENGAGED.replace("date: 2016-05-12", "date: 12/05/2016").replace(
        "2016-06-30, audience", "2016-07-01, audience"
    )
    [finding] = rule_findings(plan, "STP502")
    assert finding.pointer == "/engagement/0/date"
    assert (
        "`Patient listening event` with patients or the public cannot be read (`12/05/2016`)"
        in (finding.message)
    )
    assert "1 dated after the deadline does not count: 2016-07-01" in finding.message
    two = ONLY_PATIENTS.replace("date: 2016-05-12", "date: 12/05/2016") + (
        "  - {date: 2016-13-01, audience: public, title: Public meeting}\n"
    )
    [finding] = rule_findings(two, "STP502")
    assert finding.pointer == "/engagement"
    assert finding.message.startswith(
        "the dates of 2 engagement events with patients or the public cannot be read:"
        " `Patient listening event` (`12/05/2016`), `Public meeting` (`2016-13-01`)"
    )


def test_without_a_deadline_an_unreadable_date_is_named(rule_findings: RuleFindings) -> None:
    plan = ONLY_PATIENTS.replace("deadline: 2016-06-30, ", "").replace(
        "audience: staff, title: Staff roadshow", "audience: staff, title: Staff roadshow"
    )
    plan = plan.replace("date: 2016-05-19", "date: 19 May")
    [finding] = rule_findings(plan, "STP502")
    assert finding.pointer == "/engagement/1/date"
    assert finding.message == (
        "the date of engagement event `Staff roadshow` with staff cannot be read (`19 May`),"
        " so it cannot be counted: write the date as YYYY-MM-DD"
    )


def test_an_unreadable_date_beside_a_good_event_is_left_to_the_schema_check(
    rule_findings: RuleFindings,
) -> None:
    plan = ENGAGED.replace(
        "date: 2016-06-30, audience: public", "date: 30/06/2016, audience: public"
    )
    assert rule_findings(plan, "STP502") == []
    [schema] = rule_findings(plan, "STP013")
    assert schema.pointer == "/engagement/2/date"


# --- STP503 -------------------------------------------------------------------

CONSULTED = """\
service_changes:
  - title: Centralise emergency surgery
    decision: decided
    consultation: {status: complete, date: 2016-03-01}
  - title: Merge two stroke units
    decision: proposed
    consultation: {status: planned, date: 2016-11-01}
  - title: Temporary closure of a birth centre
    decision: decided
    consultation:
      status: not_required
      reason: Temporary change on safety grounds, reviewed after six months.
"""


def test_consulted_or_reasoned_decisions_pass(rule_findings: RuleFindings) -> None:
    assert rule_findings(CONSULTED, "STP503") == []


@pytest.mark.parametrize("status", ["planned", "under_way"])
def test_a_decision_before_consultation_is_complete(
    rule_findings: RuleFindings, status: str
) -> None:
    plan = CONSULTED.replace("{status: complete, date: 2016-03-01}", f"{{status: {status}}}")
    [finding] = rule_findings(plan, "STP503")
    assert finding.severity is Severity.ERROR
    assert finding.pointer == "/service_changes/0/consultation/status"
    assert finding.line == 4
    assert f"`Centralise emergency surgery` is decided but its consultation is `{status}`" in (
        finding.message
    )
    assert "judicial review" in finding.message


@pytest.mark.parametrize("reason", ["", "      reason: TBC\n"])
def test_not_required_needs_a_real_reason(rule_findings: RuleFindings, reason: str) -> None:
    plan = CONSULTED.replace(
        "      reason: Temporary change on safety grounds, reviewed after six months.\n", reason
    )
    [finding] = rule_findings(plan, "STP503")
    assert finding.pointer == "/service_changes/2/consultation/status"
    assert finding.line == 11
    assert "`Temporary closure of a birth centre`" in finding.message
    assert "`not_required` but gives no reason" in finding.message
    assert "judicial review" in finding.message


def test_a_decided_change_with_no_consultation_points_at_the_change(
    rule_findings: RuleFindings,
) -> None:
    plan = CONSULTED.replace("    consultation: {status: complete, date: 2016-03-01}\n", "")
    [finding] = rule_findings(plan, "STP503")
    assert finding.pointer == "/service_changes/0"
    assert finding.line == 2
    assert "has no consultation status recorded" in finding.message
    assert "judicial review" in finding.message


# --- junk ---------------------------------------------------------------------

JUNK_PLANS = [
    "submission: {status: submitted}\nfootprint: TBC\nengagement: lots\nservice_changes: 3\n",
    "submission: {status: submitted}\nfootprint: {organisations: {a: 1}}\n",
    "submission: {status: approved, deadline: 30/06/2016}\n"
    "footprint: {organisations: [1, [2], null]}\n"
    "engagement: [1, {date: 5, audience: [staff]}, {date: 2016-02-30, audience: staff}]\n",
    "submission: [1]\n"
    "service_changes: [1, {decision: decided}, {decision: decided, consultation: x}]\n",
    "service_changes: [{decision: decided, title: [1], consultation: {status: [1], reason: 5}}]\n",
]


@pytest.mark.parametrize("plan", JUNK_PLANS)
def test_junk_never_crashes(rule_findings: RuleFindings, plan: str) -> None:
    for rule_id in ("STP501", "STP502", "STP503"):
        for finding in rule_findings(plan, rule_id):
            assert finding.message


def test_junk_dates_do_not_count_as_engagement(rule_findings: RuleFindings) -> None:
    plan = "submission: {deadline: 2016-06-30}\nengagement: [{date: 2016-02-30, audience: staff}]\n"
    assert any("with staff" in f.message for f in rule_findings(plan, "STP502"))


junk = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
texts = st.sampled_from(["2016-05-01", "2016-07-01", "staff", "public", "decided", "complete"])
anything = junk | texts
records = st.lists(
    st.dictionaries(
        st.sampled_from(
            [
                "name",
                "code",
                "board_sign_off",
                "date",
                "audience",
                "title",
                "decision",
                "consultation",
            ]
        ),
        anything | st.dictionaries(st.sampled_from(["status", "reason"]), anything),
    ),
    max_size=3,
)


@settings(max_examples=200, deadline=None)
@given(
    submission=st.dictionaries(st.sampled_from(["status", "deadline"]), anything) | junk,
    organisations=records | junk,
    engagement=records | junk,
    changes=records | junk,
)
def test_any_shape_is_survived(
    submission: Any, organisations: Any, engagement: Any, changes: Any
) -> None:
    data: dict[str, Any] = {
        "submission": submission,
        "footprint": {"organisations": organisations},
        "engagement": engagement,
        "service_changes": changes,
    }
    pack = default_pack()
    ctx = PlanContext(
        data, Positions(), date(2016, 6, 30), pack, assess_plan(data, pack.placeholders)
    )
    for item in governance.RULES:
        assert item.check is not None
        for issue in item.check(ctx):
            assert issue.message
