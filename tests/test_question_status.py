"""Question status, row by row as PRODUCT.md §3 defines it, and the
severity of the findings it gives (warning in a draft, error once submitted)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from stpctl.check.checker import Settings, check_bytes
from stpctl.check.question_status import (
    ANSWERED,
    NOT_APPLICABLE,
    PARTIAL,
    UNANSWERED,
    assess,
    assess_plan,
    completeness_severity,
    has_text,
    is_placeholder,
    submission_status,
)
from stpctl.records.finding import Severity
from stpctl.reference.guidance import QUESTION_KEYS, default_pack

PLACEHOLDERS = default_pack().placeholders

COMPLETE: dict[str, Any] = {
    "status": "complete",
    "answer": "A single staff bank for the three trusts by April 2017.",
    "owner": "Director of Workforce",
    "measures": [{"name": "Agency spend", "baseline": 42.0, "target": 30.0, "by": "2020/21"}],
    "actions": [{"id": "W1", "title": "Agree the bank", "owner": "HRD", "due": "2016-12-31"}],
}


def with_(**changes: Any) -> dict[str, Any]:
    question = dict(COMPLETE)
    for key, value in changes.items():
        if value is None:
            question.pop(key, None)
        else:
            question[key] = value
    return question


def status_of(value: object) -> str:
    return assess("workforce", value, PLACEHOLDERS).status


# -- unanswered -----------------------------------------------------------------------


def test_missing_key_is_unanswered() -> None:
    [*_, workforce, _finance] = assess_plan({"questions": {}}, PLACEHOLDERS)
    assert (workforce.key, workforce.status) == ("workforce", UNANSWERED)
    assert workforce.reasons == ("it is missing or empty",)


def test_empty_key_is_unanswered() -> None:
    assert status_of(None) == UNANSWERED
    assert status_of({}) == UNANSWERED


def test_not_started_is_unanswered_even_with_an_answer() -> None:
    item = assess("workforce", with_(status="not_started"), PLACEHOLDERS)
    assert item.status == UNANSWERED
    assert item.reasons == ("its status is not_started",)


@pytest.mark.parametrize("answer", ["", "   ", "\n\n", None])
def test_blank_answer_is_unanswered(answer: str | None) -> None:
    item = assess("workforce", {**COMPLETE, "answer": answer}, PLACEHOLDERS)
    assert item.status == UNANSWERED
    assert item.reasons == ("it has no answer",)


@pytest.mark.parametrize(
    "answer",
    [
        "TBC",
        "tbc.",
        "TBD",
        "TODO",
        "To follow",
        "to follow...",
        "?",
        "???",
        "xxx",
        "XXX",
        "Lorem ipsum dolor",
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit.",
        "  (TBC)  ",
        "N/A",
    ],
)
def test_placeholder_answer_is_unanswered(answer: str) -> None:
    item = assess("workforce", {**COMPLETE, "answer": answer}, PLACEHOLDERS)
    assert item.status == UNANSWERED
    assert item.reasons[0].startswith("the answer is only a placeholder")


@pytest.mark.parametrize("answer", ["x-ray capacity doubles", "Yes."])
def test_real_text_that_starts_like_a_placeholder_is_an_answer(answer: str) -> None:
    assert status_of({**COMPLETE, "answer": answer}) == ANSWERED


def test_text_with_a_placeholder_inside_is_written_but_partial() -> None:
    # Not unanswered (there is text), but the "TBC" inside is a gap (issue 12, STP110).
    assert status_of({**COMPLETE, "answer": "TBC by the board, then phased over 2017/18"}) == (
        PARTIAL
    )


def test_placeholder_list_is_configurable() -> None:
    assert is_placeholder("awaiting", {"awaiting"})
    assert not is_placeholder("awaiting", PLACEHOLDERS)
    assert assess("workforce", {**COMPLETE, "answer": "Awaiting"}, {"awaiting"}).status == (
        UNANSWERED
    )


@pytest.mark.parametrize("reason", [None, "", 42])
def test_not_applicable_without_a_reason_is_unanswered(reason: object) -> None:
    value: dict[str, Any] = {"status": "not_applicable"}
    if reason is not None:
        value["not_applicable_reason"] = reason
    item = assess("workforce", value, PLACEHOLDERS)
    assert item.status == UNANSWERED
    assert "without a `not_applicable_reason`" in item.reasons[0]


def test_not_applicable_with_a_placeholder_reason_says_so() -> None:
    value = {"status": "not_applicable", "not_applicable_reason": " TBC "}
    item = assess("workforce", value, PLACEHOLDERS)
    assert item.status == UNANSWERED
    assert item.reasons[0] == (
        'it is marked not_applicable but its `not_applicable_reason` is only a placeholder ("TBC")'
    )


def test_a_long_placeholder_answer_is_cut_with_an_ellipsis() -> None:
    answer = "Lorem ipsum dolor sit amet, consectetur"
    item = assess("workforce", {"status": "draft", "answer": answer}, PLACEHOLDERS)
    assert item.reasons[0] == 'the answer is only a placeholder ("Lorem ipsum dolor s…")'


def test_not_applicable_with_a_reason() -> None:
    value = {"status": "not_applicable", "not_applicable_reason": "Covered by the Devon plan."}
    item = assess("workforce", value, PLACEHOLDERS)
    assert (item.status, item.reasons) == (NOT_APPLICABLE, ())


# -- partial and answered -----------------------------------------------------------------


def test_draft_with_everything_is_partial() -> None:
    item = assess("workforce", with_(status="draft"), PLACEHOLDERS)
    assert item.status == PARTIAL
    assert item.reasons == ("its status is draft",)
    assert not item.marked_complete


@pytest.mark.parametrize(
    ("changes", "missing"),
    [
        ({"owner": None}, "no owner"),
        ({"owner": "TBC"}, "no owner"),
        ({"measures": None}, "no measure with a target"),
        ({"measures": [{"name": "Agency spend", "baseline": 42.0}]}, "no measure with a target"),
        ({"measures": [{"name": "Agency spend", "target": "30"}]}, "no measure with a target"),
        ({"measures": [{"name": "Agency spend", "target": True}]}, "no measure with a target"),
        ({"actions": None}, "no action with an owner and a due date"),
        ({"actions": [{"id": "W1", "owner": "HRD"}]}, "no action with an owner and a due date"),
        (
            {"actions": [{"id": "W1", "due": "2016-12-31"}]},
            "no action with an owner and a due date",
        ),
        ({"actions": "lots"}, "no action with an owner and a due date"),
        # a due date must be a real ISO date: STP013 reports anything else
        (
            {"actions": [{"id": "W1", "owner": "HRD", "due": "TBC"}]},
            "no action with an owner and a due date",
        ),
        (
            {"actions": [{"id": "W1", "owner": "HRD", "due": "30/06/2016"}]},
            "no action with an owner and a due date",
        ),
        (
            {"actions": [{"id": "W1", "owner": "HRD", "due": "2016-02-30"}]},
            "no action with an owner and a due date",
        ),
    ],
)
def test_complete_but_missing_something_is_partial(changes: dict[str, Any], missing: str) -> None:
    item = assess("workforce", with_(**changes), PLACEHOLDERS)
    assert item.status == PARTIAL
    assert item.reasons == (missing,)
    assert item.marked_complete


def test_complete_with_everything_is_answered() -> None:
    item = assess("workforce", COMPLETE, PLACEHOLDERS)
    assert (item.status, item.reasons, item.marked_complete) == (ANSWERED, (), True)


def test_no_status_with_an_answer_is_partial() -> None:
    item = assess("workforce", with_(status=None), PLACEHOLDERS)
    assert item.status == PARTIAL
    assert item.reasons == ("its status is not set",)


@pytest.mark.parametrize("value", ["TBC", 42, ["a", "b"], True])
def test_a_question_that_is_not_a_mapping_is_unanswered(value: object) -> None:
    assert status_of(value) == UNANSWERED


def test_has_text() -> None:
    assert has_text("Director of Workforce", PLACEHOLDERS)
    assert not has_text("TBD", PLACEHOLDERS)
    assert not has_text(7, PLACEHOLDERS)


# -- the whole plan, and severity -----------------------------------------------------------


def test_assess_plan_gives_all_ten_in_order_whatever_the_shape() -> None:
    for questions in ({}, None, "TBC", [1, 2], {"workforce": COMPLETE, "unknown": 1}):
        items = assess_plan({"questions": questions}, PLACEHOLDERS)
        assert tuple(item.key for item in items) == QUESTION_KEYS


@pytest.mark.parametrize(
    ("submission", "status", "severity"),
    [
        ({"status": "draft"}, "draft", Severity.WARNING),
        ({"status": "submitted"}, "submitted", Severity.ERROR),
        ({"status": "approved"}, "approved", Severity.ERROR),
        ({}, "draft", Severity.WARNING),
        ("submitted", "draft", Severity.WARNING),
        ({"status": 3}, "draft", Severity.WARNING),
    ],
)
def test_completeness_severity_follows_the_submission_status(
    submission: object, status: str, severity: Severity
) -> None:
    plan = {"submission": submission}
    assert submission_status(plan) == status
    assert completeness_severity(plan) is severity


PLAN = """\
stp_plan: 1
footprint: {name: Devon, code: E54000037, organisations: [{name: CCG, type: ccg, code: 99P}]}
period: {start: 2016-04-01, end: 2021-03-31}
submission: {deadline: 2016-06-30, status: STATUS}
questions:
  prevention: {status: draft, answer: TBC}
  engagement: {status: complete, answer: Ten listening events across Devon.}
  workforce: {status: not_applicable, not_applicable_reason: Shared with Cornwall.}
"""


def completeness(status: str, text: str = PLAN) -> tuple[dict[str, str] | None, set[Any]]:
    settings = Settings(as_of=date(2016, 6, 30))
    result = check_bytes(text.replace("STATUS", status).encode(), "plan.yaml", settings)
    found = {(f.rule, f.severity, f.pointer) for f in result.findings if f.rule.startswith("STP10")}
    return result.questions, found


def test_findings_are_warnings_in_a_draft() -> None:
    questions, found = completeness("draft")
    assert questions is not None
    assert questions["prevention"] == UNANSWERED
    assert questions["engagement"] == PARTIAL
    assert questions["workforce"] == NOT_APPLICABLE
    assert ("STP101", Severity.WARNING, "/questions/prevention") in found
    # general_practice is missing: its finding still names its own pointer
    assert ("STP101", Severity.WARNING, "/questions/general_practice") in found
    assert ("STP102", Severity.WARNING, "/questions/engagement") in found
    assert ("STP103", Severity.WARNING, "/questions/engagement/status") in found
    assert not any(pointer == "/questions/workforce" for _, _, pointer in found)
    assert {severity for _, severity, _ in found} == {Severity.WARNING}


@pytest.mark.parametrize("status", ["submitted", "approved"])
def test_findings_are_errors_once_submitted(status: str) -> None:
    _, found = completeness(status)
    assert ("STP101", Severity.ERROR, "/questions/prevention") in found
    assert ("STP103", Severity.ERROR, "/questions/engagement/status") in found
    assert {severity for _, severity, _ in found} == {Severity.ERROR}


def test_statuses_are_computed_when_the_schema_fails_elsewhere() -> None:
    broken = PLAN.replace("code: E54000037", "code: 37").replace("period:", "perod:")
    questions, found = completeness("draft", broken)
    assert questions is not None
    assert set(questions) == set(QUESTION_KEYS)
    assert questions["engagement"] == PARTIAL
    assert questions["workforce"] == NOT_APPLICABLE
    assert ("STP101", Severity.WARNING, "/questions/prevention") in found


def test_statuses_are_computed_when_questions_has_the_wrong_shape() -> None:
    broken = PLAN.split("questions:")[0] + "questions: [prevention, workforce]\n"
    questions, found = completeness("submitted", broken)
    assert questions == dict.fromkeys(QUESTION_KEYS, UNANSWERED)
    # One finding for the section, not ten at the same place (issue 12).
    assert ("STP101", Severity.ERROR, "/questions") in found
    assert not any(
        pointer.startswith("/questions/") for rule, _, pointer in found if rule == "STP101"
    )


def test_due_tbc_is_not_answered_while_validate_reports_it() -> None:
    """Question status and STP013 agree: a `due: TBC` action does not count."""
    question = with_(
        actions=[{"id": "W1", "title": "Agree the bank", "owner": "HRD", "due": "TBC"}]
    )
    plan = {"submission": {"status": "draft"}, "questions": {"workforce": question}}
    result = check_bytes(json.dumps(plan).encode(), "plan.yaml", Settings(as_of=date(2016, 6, 30)))
    assert any(
        f.rule == "STP013" and f.pointer == "/questions/workforce/actions/0/due"
        for f in result.findings
    )
    assert result.questions is not None and result.questions["workforce"] == PARTIAL


# -- an invalid status is the schema's to report -----------------------------------------------


@pytest.mark.parametrize("status", ["Complete", "done", "COMPLETE", True, 3])
def test_an_invalid_status_is_no_status_and_gives_no_reason_of_its_own(status: object) -> None:
    item = assess("workforce", with_(status=status), PLACEHOLDERS)
    assert (item.status, item.reasons, item.marked_complete) == (PARTIAL, (), False)
    missing = assess("workforce", with_(status=status, owner=None), PLACEHOLDERS)
    assert (missing.status, missing.reasons) == (PARTIAL, ("no owner",))


def test_status_complete_misspelt_is_one_finding() -> None:
    plan = {"submission": {"status": "draft"}, "questions": {"workforce": with_(status="Complete")}}
    result = check_bytes(json.dumps(plan).encode(), "plan.yaml", Settings(as_of=date(2016, 6, 30)))
    about = [
        f
        for f in result.findings
        if f.pointer.startswith("/questions/workforce") and f.rule != "STP111"  # topics: a prompt
    ]
    assert [(f.rule, f.pointer) for f in about] == [("STP013", "/questions/workforce/status")]
    assert "did you mean `complete`?" in about[0].message
    assert result.questions is not None and result.questions["workforce"] == PARTIAL
    # with something else missing, STP102 says only that
    plan["questions"] = {"workforce": with_(status="Complete", owner=None)}
    result = check_bytes(json.dumps(plan).encode(), "plan.yaml", Settings(as_of=date(2016, 6, 30)))
    [partial] = [f for f in result.findings if f.rule == "STP102"]
    assert partial.message == "`workforce` is only partly answered: no owner"
