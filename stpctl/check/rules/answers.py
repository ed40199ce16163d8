"""What an answer's text still lacks (issue 12): placeholder markers left
inside it, and the topics the guidance pack expects it to cover."""

from __future__ import annotations

from collections.abc import Iterator

from stpctl.check.answer_markers import find_markers, mentions
from stpctl.check.question_status import (
    NOT_APPLICABLE,
    UNANSWERED,
    completeness_severity,
)
from stpctl.check.rules.base import Issue, PlanContext, rule
from stpctl.load.loader import Positions
from stpctl.records.finding import Severity
from stpctl.records.pointers import escape_pointer_token


def _answers(ctx: PlanContext) -> Iterator[tuple[str, str, str]]:
    """(key, pointer, text) of each written answer of a question that is
    neither unanswered (STP101 reports those) nor not applicable."""
    questions = ctx.data.get("questions")
    if not isinstance(questions, dict):
        return
    for item in ctx.assessments:
        if item.status in (UNANSWERED, NOT_APPLICABLE):
            continue
        question = questions.get(item.key)
        answer = question.get("answer") if isinstance(question, dict) else None
        if isinstance(answer, str):
            yield item.key, f"/questions/{escape_pointer_token(item.key)}/answer", answer


def _block_lines(source: list[str], positions: Positions, pointer: str) -> range:
    """The source lines (0-based) an answer is written on: from its value
    to the last line indented deeper than its key (blank lines included)."""
    line, _ = positions.locate(pointer)
    key_column = positions.locate_key(pointer)[1]
    end = line
    for index in range(line, len(source)):
        text = source[index]
        if text.strip() and len(text) - len(text.lstrip(" ")) < key_column:
            break
        end = index + 1
    return range(line - 1, end)


def _clip(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@rule("STP110", "placeholder-in-answer", Severity.WARNING)
def placeholder_in_answer(ctx: PlanContext) -> Iterator[Issue]:
    """An answer still holds a placeholder marker inside its text.

    An answer that is only "TBC" is unanswered (STP101); one that is long
    but still says "TBC - awaiting HEE input", "[insert trajectory]" or
    "XXX" somewhere is a gap too, and makes the question partial (STP102).
    This rule points at each marker: its line and column inside the answer,
    quoting the line.  Markers are the guidance pack's placeholder words as
    whole words (ignoring case; those that are everyday English in finished
    prose, "to do", "to follow", "pending", "n/a", only in capitals),
    bracketed prompts (`[insert …]`, `[TBC]`), a run of three or more x,
    `??`, and `TODO`, `TBC`, `TBD` whatever the pack says.  A warning in a
    draft, an error once submitted.

    Failing:

        questions:
          workforce:
            status: draft
            answer: >
              One nursing bank across the three trusts.
              TBC - awaiting HEE input on training numbers.

    Passing:

        questions:
          workforce:
            status: draft
            answer: >
              One nursing bank across the three trusts.
              Training numbers agreed with HEE in May 2016.
    """
    source = ctx.extras.get("source")
    lines = source.splitlines() if isinstance(source, str) else []
    severity = completeness_severity(ctx.data)
    for key, pointer, answer in _answers(ctx):
        markers = find_markers(answer, ctx.guidance.placeholders)
        if not markers:
            continue
        block = _block_lines(lines, ctx.positions, pointer) if lines else range(0)
        cursor = (block.start, 0)
        for marker in markers:
            found = _find(lines, block, cursor, marker.text)
            if found is None:  # not where we looked (e.g. wrapped across lines): the answer
                line, column = ctx.positions.locate(pointer)
                quoted = ""
            else:
                line, column = found[0] + 1, found[1] + 1
                cursor = (found[0], found[1] + len(marker.text))
                quoted = f': "{_clip(lines[found[0]])}"'
            yield Issue(
                f'`{key}`: the answer still holds a placeholder, "{marker.text}", on line'
                f" {line}{quoted}; write what it stands for, or keep the question draft",
                pointer,
                severity,
                position=(line, column),
            )


def _find(
    lines: list[str], block: range, cursor: tuple[int, int], text: str
) -> tuple[int, int] | None:
    """Where ``text`` is next written in ``block``, from ``cursor`` (0-based)."""
    wanted = text.lower()
    for index in range(cursor[0], block.stop):
        start = cursor[1] if index == cursor[0] else 0
        column = lines[index].lower().find(wanted, start)
        if column >= 0:
            return index, column
    return None


@rule("STP111", "expected-topic-not-mentioned", Severity.INFO)
def expected_topic_not_mentioned(ctx: PlanContext) -> Iterator[Issue]:
    """An answer mentions none of the words of a topic the guidance pack expects.

    A version 2 guidance pack lists, per question, the topics an answer
    should cover, each with a few words that show it is covered (prevention:
    smoking, alcohol, obesity, the diabetes prevention programme; workforce:
    recruitment, retention, new roles, training).  An answer that uses none
    of a topic's words gets one `info` finding per question naming the
    topics, and the checklist lists them as items to consider.  This is a
    prompt, not a judgement: an answer can cover a topic in other words, or
    leave it out for good reason.  Words are compared as whole words
    ignoring case; a word ending in `*` matches any ending (`recruit*`).

    Failing:

        questions:
          prevention:
            status: draft
            answer: Social prescribing in every practice.

    Passing:

        questions:
          prevention:
            status: draft
            answer: >
              Stop smoking services, alcohol liaison, weight management for
              obese adults and the NHS Diabetes Prevention Programme.
    """
    for key, pointer, answer in _answers(ctx):
        topics = ctx.guidance.question(key).topics
        missing = [topic for topic in topics if not mentions(answer, topic.words)]
        if not missing:
            continue
        named = "; ".join(f"{topic.topic} ({', '.join(topic.words)})" for topic in missing)
        yield Issue(
            f"`{key}`: the answer mentions none of the words for {len(missing)} of the"
            f" {len(topics)} topics {ctx.guidance.name} expects: {named}; consider whether"
            " it covers them (a prompt, not a judgement)",
            pointer,
        )


RULES = [placeholder_in_answer, expected_topic_not_mentioned]
