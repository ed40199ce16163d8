"""Completeness of the ten national questions (PRODUCT.md §3).

Severity follows the plan's own state: a gap is a warning while
`submission.status` is `draft` and an error once the plan says it is
`submitted` or `approved`.
"""

from __future__ import annotations

from collections.abc import Iterator

from stpctl.check.question_status import (
    PARTIAL,
    UNANSWERED,
    QuestionAssessment,
    completeness_severity,
)
from stpctl.check.rules.base import Issue, PlanContext, rule
from stpctl.records.finding import Severity


def _pointer(ctx: PlanContext, item: QuestionAssessment) -> str:
    # Always the question's own pointer, written or not: tools group findings
    # by it (JUnit test cases, waivers); its line falls back to the nearest
    # node that exists.
    return f"/questions/{item.key}"


@rule("STP101", "question-unanswered", Severity.WARNING)
def question_unanswered(ctx: PlanContext) -> Iterator[Issue]:
    """A national question is unanswered.

    Unanswered means: the key is missing or empty; its status is
    `not_started`; the answer is blank or only a placeholder (TBC, TBD, TODO,
    "to follow", "?", "xxx", lorem ipsum… — the list is in the guidance pack
    and can be changed in configuration); or it is `not_applicable` without a
    `not_applicable_reason`.  A plan with no `questions` section at all (or
    an empty one) gets one finding, not ten.  A warning in a draft, an error
    once submitted.

    Failing:

        questions:
          workforce: {status: draft, answer: TBC}

    Passing:

        questions:
          workforce:
            status: draft
            answer: A single bank for nursing staff across the three trusts.
    """
    severity = completeness_severity(ctx.data)
    written = ctx.data.get("questions")
    if not isinstance(written, dict) or not written:
        # One finding, not ten at the same place: the whole section is missing.
        if "questions" not in ctx.data:
            said = "the plan has no `questions` section"
        elif written is None or written == {}:
            said = "`questions` is empty"
        else:
            said = "`questions` is not a mapping with a key for each question"
        yield Issue(
            f"{said}: all ten national questions are unanswered; add the section with a key"
            " for each question (`stpctl init` writes one)",
            "/questions",
            severity,
        )
        return
    for item in ctx.assessments:
        if item.status == UNANSWERED:
            because = "; ".join(item.reasons)
            yield Issue(f"`{item.key}` is unanswered: {because}", _pointer(ctx, item), severity)


@rule("STP102", "question-partial", Severity.WARNING)
def question_partial(ctx: PlanContext) -> Iterator[Issue]:
    """A national question is only partly answered.

    An answer is written, but the question is still `draft`, or it lacks an
    owner, a measure with a target, or an action with an owner and a due date.
    A warning in a draft, an error once submitted.  A `status` the format
    does not allow (`Complete`) keeps the question partial, but is reported
    once, by the schema check (STP013), not again here.

    Failing:

        questions:
          prevention:
            status: draft
            answer: Scale up the diabetes prevention programme.

    Passing:

        questions:
          prevention:
            status: complete
            answer: Scale up the diabetes prevention programme.
            owner: Director of Public Health
            measures: [{name: Referrals to NDPP, baseline: 0, target: 4000, by: 2020/21}]
            actions: [{id: PRV1, title: Commission NDPP, owner: CCG lead, due: 2016-10-31}]
    """
    severity = completeness_severity(ctx.data)
    for item in ctx.assessments:
        if item.status == PARTIAL and item.reasons:  # none: only an invalid status (STP013)
            because = "; ".join(item.reasons)
            message = f"`{item.key}` is only partly answered: {because}"
            yield Issue(message, _pointer(ctx, item), severity)


@rule("STP103", "complete-but-missing", Severity.WARNING)
def complete_but_missing(ctx: PlanContext) -> Iterator[Issue]:
    """A question is marked `complete` while something it needs is missing.

    `status: complete` tells the board the work is done; if the owner, a
    measure with a target, or an owned and dated action is missing, the
    status is wrong, not just the content.  A warning in a draft, an error
    once submitted.

    Failing:

        questions:
          engagement: {status: complete, answer: We held ten events.}

    Passing:

        questions:
          engagement: {status: draft, answer: We held ten events.}
    """
    severity = completeness_severity(ctx.data)
    for item in ctx.assessments:
        if item.status == PARTIAL and item.marked_complete:
            message = f"`{item.key}` is marked complete but has {', '.join(item.reasons)}"
            yield Issue(message, f"/questions/{item.key}/status", severity)


RULES = [question_unanswered, question_partial, complete_but_missing]
