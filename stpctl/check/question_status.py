"""The status of each of the ten national questions (PRODUCT.md §3).

Computed from whatever the plan holds, even where the schema check failed:
a half-valid plan still gets a status for every question, and nothing here
assumes a field has the type the schema asks for.

A `status` that is not one of the four the schema allows (`Complete`,
`done`, `yes`) is no status: the question cannot be answered, so it is at
best partial, but the status itself is not one of the reasons given — the
schema check's finding (STP013, "did you mean `complete`?") says it once.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any, NamedTuple

from stpctl.check.answer_markers import find_markers
from stpctl.plan.plan_parts import is_number, mappings, parse_day
from stpctl.records.finding import Severity
from stpctl.reference.guidance import QUESTION_KEYS

UNANSWERED = "unanswered"
PARTIAL = "partial"
ANSWERED = "answered"
NOT_APPLICABLE = "not_applicable"
STATUSES = (UNANSWERED, PARTIAL, ANSWERED, NOT_APPLICABLE)
# What a plan may write as a question's `status` (the schema's enum).
DECLARED = ("not_started", "draft", "complete", "not_applicable")

_SPACES = re.compile(r"\s+")
_ONLY_X = re.compile(r"[x?]+")


def is_placeholder(text: object, placeholders: Collection[str]) -> bool:
    """True when ``text`` is blank or says only "not written yet" (TBC, TODO, ?, xxx…)."""
    if not isinstance(text, str):
        return text is None
    normal = _SPACES.sub(" ", text).strip().strip(".!:;*-_()[]\"' ").lower()
    if not normal:
        return True
    if normal in placeholders or normal.startswith("lorem ipsum"):
        return True
    return bool(_ONLY_X.fullmatch(normal.replace(" ", "")))


def has_text(value: object, placeholders: Collection[str]) -> bool:
    return isinstance(value, str) and not is_placeholder(value, placeholders)


def has_target_measure(question: dict[str, Any]) -> bool:
    return any(is_number(m.get("target")) for _, m in mappings(question.get("measures")))


def has_owned_action(question: dict[str, Any], placeholders: Collection[str]) -> bool:
    """Some action names an owner and has a real due date (``YYYY-MM-DD``).
    ``due: TBC`` is no date: STP013 reports it, so it cannot make a question answered."""
    return any(
        has_text(a.get("owner"), placeholders) and parse_day(a.get("due")) is not None
        for _, a in mappings(question.get("actions"))
    )


class QuestionAssessment(NamedTuple):
    """A question's status, and why (for messages and checklists)."""

    key: str
    status: str
    reasons: tuple[str, ...]
    marked_complete: bool


def assess(key: str, value: object, placeholders: Collection[str]) -> QuestionAssessment:
    """Status of one question from its value in the plan (any shape)."""
    if value is None:
        return QuestionAssessment(key, UNANSWERED, ("it is missing or empty",), False)
    if not isinstance(value, dict):
        return QuestionAssessment(key, UNANSWERED, ("it is not written as a mapping",), False)
    declared = value.get("status")
    if declared == "not_started":
        return QuestionAssessment(key, UNANSWERED, ("its status is not_started",), False)
    if declared == "not_applicable":
        if has_text(value.get("not_applicable_reason"), placeholders):
            return QuestionAssessment(key, NOT_APPLICABLE, (), False)
        given = value.get("not_applicable_reason")
        reason = "it is marked not_applicable without a `not_applicable_reason`"
        if isinstance(given, str) and given.strip():
            said = given.strip() if len(given.strip()) <= 20 else given.strip()[:19] + "…"
            reason = (
                "it is marked not_applicable but its `not_applicable_reason` is only a"
                f' placeholder ("{said}")'
            )
        return QuestionAssessment(key, UNANSWERED, (reason,), False)
    answer = value.get("answer")
    if not has_text(answer, placeholders):
        if isinstance(answer, str) and answer.strip():
            shown = answer.strip() if len(answer.strip()) <= 20 else answer.strip()[:19] + "…"
            reason = f'the answer is only a placeholder ("{shown}")'
        else:
            reason = "it has no answer"
        return QuestionAssessment(key, UNANSWERED, (reason,), False)
    missing = []
    markers = find_markers(answer, placeholders) if isinstance(answer, str) else []
    if markers:  # a gap left inside a written answer (issue 12); STP110 says where
        missing.append(f'a placeholder in its answer ("{markers[0].text}")')
    if not has_text(value.get("owner"), placeholders):
        missing.append("no owner")
    if not has_target_measure(value):
        missing.append("no measure with a target")
    if not has_owned_action(value, placeholders):
        missing.append("no action with an owner and a due date")
    complete = declared == "complete"
    if complete and not missing:
        return QuestionAssessment(key, ANSWERED, (), True)
    if complete or (declared is not None and declared not in DECLARED):
        reasons = tuple(missing)  # an invalid status: the schema check's finding says so
    else:
        reasons = (f"its status is {declared or 'not set'}", *missing)
    return QuestionAssessment(key, PARTIAL, reasons, complete)


def assess_plan(plan: dict[str, Any], placeholders: Collection[str]) -> list[QuestionAssessment]:
    questions = plan.get("questions")
    questions = questions if isinstance(questions, dict) else {}
    return [assess(key, questions.get(key), placeholders) for key in QUESTION_KEYS]


def submission_status(plan: dict[str, Any]) -> str:
    submission = plan.get("submission")
    status = submission.get("status") if isinstance(submission, dict) else None
    return status if isinstance(status, str) else "draft"


def completeness_severity(plan: dict[str, Any]) -> Severity:
    """Warning while the plan is a draft; error once it says submitted or approved."""
    return (
        Severity.ERROR if submission_status(plan) in ("submitted", "approved") else Severity.WARNING
    )


def question_statuses(assessments: list[QuestionAssessment]) -> dict[str, str]:
    return {item.key: item.status for item in assessments}
