"""The checklist's items for each national question (``stpctl checklist``).

For each question: one item per check the guidance pack expects (``TICKS``
says how each is ticked), "Marked complete", the items a version 2 pack adds
for this question (``checks``: ticked from the plan, see ``pack_check``),
the pack's items to check by hand, the pack's topics the answer does not
mention (to consider, by hand), and the question's open actions,
milestones first.  A question marked not applicable has
one item instead: its reason.  Items are ticked with the same helpers that
decide question status.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import replace
from typing import Any

from stpctl.check.answer_markers import mentions
from stpctl.check.question_status import (
    ANSWERED,
    QuestionAssessment,
    has_owned_action,
    has_text,
)
from stpctl.check.rules.coverage import tracked_standards
from stpctl.check.rules.digital_roadmap import roadmap
from stpctl.documents.checklist_items import (
    ACTION,
    BY_HAND,
    CHECK,
    RECOMMENDED,
    Item,
    ItemBuilder,
    Section,
    one_line_text,
)
from stpctl.plan.plan_parts import is_number, mappings, parse_day
from stpctl.records.pointers import escape_pointer_token
from stpctl.reference.capabilities import capabilities
from stpctl.reference.guidance import QuestionGuidance

BY_HAND_TODO = "check by hand: stpctl does not tick this from the plan"


def has_evidence(question: dict[str, Any], placeholders: Collection[str]) -> bool:
    return any(
        has_text(item.get("title"), placeholders) for _, item in mappings(question.get("evidence"))
    )


def has_baseline_and_target(question: dict[str, Any], placeholders: Collection[str]) -> bool:
    # Stricter than question status (a target suffices there): the pack's item
    # says "a baseline and a target", and a target alone shows no progress.
    return any(
        is_number(m.get("baseline")) and is_number(m.get("target"))
        for _, m in mappings(question.get("measures"))
    )


def _has_answer(question: dict[str, Any], placeholders: Collection[str]) -> bool:
    return has_text(question.get("answer"), placeholders)


def _has_owner(question: dict[str, Any], placeholders: Collection[str]) -> bool:
    return has_text(question.get("owner"), placeholders)


Tick = Callable[[dict[str, Any], Collection[str]], bool]
# For each `check` a pack may name: how it is ticked, and the field to point at.
TICKS: dict[str, tuple[Tick, str]] = {
    "answer": (_has_answer, "answer"),
    "owner": (_has_owner, "owner"),
    "evidence": (has_evidence, "evidence"),
    "measure": (has_baseline_and_target, "measures"),
    "action": (has_owned_action, "actions"),
}


class QuestionItems(ItemBuilder):
    """Builds one ``Section`` per national question."""

    def section(self, guide: QuestionGuidance, assessed: QuestionAssessment | None) -> Section:
        key = guide.key
        questions = self.plan.get("questions")
        value = questions.get(key) if isinstance(questions, dict) else None
        question = value if isinstance(value, dict) else None
        base = f"/questions/{escape_pointer_token(key)}"
        named = question is not None and _has_owner(question, self.placeholders)
        owner = one_line_text(question.get("owner")) if question is not None and named else None
        status = assessed.status if assessed is not None else "unanswered"
        items = []
        if question is not None and question.get("status") == "not_applicable":
            done = has_text(question.get("not_applicable_reason"), self.placeholders)
            todo = "say why it does not apply in `not_applicable_reason`, or answer it"
            text = "Marked not applicable, with a reason"
            pointer = f"{base}/not_applicable_reason"
            items.append(self.item(key, text, done, todo, pointer, owner=owner))
            return Section(key, guide.title, guide.question, status, owner, items, [])
        for expected in self.expects:
            tick, name = TICKS[expected.check]
            done = question is not None and tick(question, self.placeholders)
            pointer = f"{base}/{name}" if question is not None else base
            items.append(self.item(key, expected.item, done, expected.todo, pointer, owner=owner))
        done = question is not None and question.get("status") == "complete"
        todo = "set `status: complete` once the answer and everything above are in place"
        pointer = f"{base}/status" if question is not None else base
        items.append(self.item(key, "Marked complete", done, todo, pointer, owner=owner))
        for extra in guide.checks:
            done, todo, pointer = self.pack_check(extra.check, key, extra.todo)
            items.append(self.item(key, extra.item, done, todo, pointer, owner=owner))
        for text in guide.extra_items:
            items.append(self.item(key, text, False, BY_HAND_TODO, base, owner=owner, kind=BY_HAND))
        # The pack's topics the answer does not mention: items to consider (a prompt, STP111).
        answer = question.get("answer") if question is not None else None
        for topic in guide.topics:
            if isinstance(answer, str) and mentions(answer, topic.words):
                continue
            text = f"Consider {topic.topic} (the answer mentions none of: {', '.join(topic.words)})"
            pointer = f"{base}/answer" if question is not None else base
            items.append(
                self.item(key, text, False, BY_HAND_TODO, pointer, owner=owner, kind=BY_HAND)
            )
        actions = self.open_actions(key, base, question) if question is not None else []
        if status == ANSWERED:
            # Answered by PRODUCT.md §3, which does not need these items: say they are
            # recommended rather than "to do", so the section and its status agree.
            items = [
                replace(item, status=RECOMMENDED) if item.kind == CHECK and not item.done else item
                for item in items
            ]
        return Section(key, guide.title, guide.question, status, owner, items, actions)

    def pack_check(self, check: str, key: str, todo: str) -> tuple[bool, str, str]:
        """Tick one of a pack's ``checks``: done, what to do, and where."""
        if check == "capabilities_dated":
            found = roadmap(self.plan)
            dated = {
                item.get("capability")
                for _, item in mappings(found.get("capabilities") if found else None)
                if isinstance(item.get("capability"), str) and parse_day(item.get("due"))
            }
            missing = [name for name in capabilities() if name not in dated]
            where = "/footprint/digital_roadmap/capabilities"
            return not missing, f"{todo} (no date yet: {', '.join(missing)})", where
        # must_do_measures: the must-do standards of this question
        tracked = tracked_standards(self.plan)
        missing = [m.standard for m in self.must_do if m.question == key]
        missing = [standard for standard in missing if standard not in tracked]
        where = f"/questions/{escape_pointer_token(key)}/measures"
        return not missing, f"{todo} (not yet tracked: {', '.join(missing)})", where

    def open_actions(self, key: str, base: str, question: dict[str, Any]) -> list[Item]:
        out = []
        listed = mappings(question.get("actions"))
        # Milestones first (the guidance asked for the locally critical ones), then file order.
        listed.sort(key=lambda pair: pair[1].get("milestone") is not True)
        for index, action in listed:
            if action.get("status", "open") not in ("open", None):
                continue
            pointer = f"{base}/actions/{index}"
            ident = one_line_text(action.get("id")) or f"action {index + 1}"
            title = one_line_text(action.get("title"))
            owner = one_line_text(action.get("owner"))
            due = one_line_text(action.get("due"))
            day = parse_day(action.get("due"))
            todo = []
            overdue = None
            if day is not None and day < self.as_of:
                overdue = (self.as_of - day).days
                pointer += "/due"
                todo.append(
                    f"overdue by {overdue} day{'' if overdue == 1 else 's'} at {self.as_of}:"
                    " mark it done or dropped, or agree a new due date"
                )
            if not has_text(action.get("owner"), self.placeholders):
                owner = None
                todo.append("name who will do it in `owner`")
            if day is None:
                todo.append("give it a due date (`due`, YYYY-MM-DD)")
            text = f"{ident}: {title}" if title else ident
            if action.get("milestone") is True:
                text += " (milestone)"
            line = self.positions.locate(pointer)[0]
            out.append(
                Item(key, text, False, "; ".join(todo), owner, due, pointer, line, overdue, ACTION)
            )
        return out
