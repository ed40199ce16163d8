"""Hover text (Markdown): a question key's question and what the guidance
pack expects of its answer; the rule page of each diagnostic under the
cursor (as ``stpctl explain`` prints it: the wheel does not ship docs/); the
footprint code's register entry; a measure's standard and the national
threshold for the measure's year."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from lsprotocol import types

from stpctl.check.rules import BY_ID
from stpctl.lsp.nodes import Node, parts, value_at
from stpctl.reference import register
from stpctl.reference.guidance import GuidancePack
from stpctl.reference.standards import AT_LEAST, Threshold, steps_for, threshold_for
from stpctl.render.rule_catalogue import pack_words, page

_STANDARD = re.compile(r"/measures/\d+/standard$")


def question_words(key: str, pack: GuidancePack) -> str:
    question = pack.question(key)
    lines = [f"**{question.title}** (`{key}`)", "", question.question, ""]
    lines.append(f"What the guidance pack ({pack.name}) expects:")
    lines += [f"- {item.item}" for item in (*pack.expects, *question.checks)]
    lines += [f"- {item}" for item in question.extra_items]
    if question.topics:
        covered = ", ".join(topic.topic for topic in question.topics)
        lines.append(f"- The answer covers: {covered}")
    return "\n".join(lines)


def footprint_words(code: str) -> str | None:
    entry = register.find(code)
    if entry is None:
        return None
    lines = [f"**{entry.code}** {entry.name}", "", f"Region: {entry.region or 'not recorded'}"]
    if entry.aliases:
        lines.append(f"Also known as: {', '.join(entry.aliases)}")
    if entry.replaced_by:
        lines.append(f"Replaced by {entry.replaced_by}")
    return "\n\n".join(lines)


def _step(step: Threshold) -> str:
    way = "at least" if step.direction == AT_LEAST else "at most"
    since = f"from {step.from_year}" if step.from_year else "from the start"
    return f"{way} {step.threshold:g} {step.unit} ({since})"


def standard_words(key: str, by: Any, pack: GuidancePack) -> str | None:
    steps = steps_for(key, pack.standards)
    if not steps:
        return None
    lines = [f"**{steps[0].standard}** (`{key}`)", ""]
    applies = threshold_for(key, by, pack.standards)
    year = by if isinstance(by, str) else "the measure's year"
    if applies is None:
        lines.append(f"No national threshold applies yet in {year}.")
    else:
        lines.append(f"National threshold in {year}: {_step(applies)}.")
    if len(steps) > 1:
        lines += ["", "Every step: " + "; ".join(_step(step) for step in steps) + "."]
    if steps[0].source:
        lines += ["", f"Source: {steps[-1].source}"]
    return "\n".join(lines)


def rule_words(rule_id: str, pack: GuidancePack) -> str | None:
    rule = BY_ID.get(rule_id)
    if rule is None:
        return None
    return page(rule) + pack_words(rule, pack)


def hover_text(
    node: Node | None,
    data: dict[str, Any] | None,
    pack: GuidancePack,
    under_cursor: Sequence[types.Diagnostic],
) -> str | None:
    pieces: list[str] = []
    seen: set[str] = set()
    for diagnostic in under_cursor:
        rule = str(diagnostic.code)
        if rule not in seen:
            seen.add(rule)
            words = rule_words(rule, pack)
            if words:
                pieces.append(words)
    if node is not None and data is not None:
        found = _node_words(node, data, pack)
        if found:
            pieces.insert(0, found)
    return "\n\n---\n\n".join(pieces) if pieces else None


def _node_words(node: Node, data: dict[str, Any], pack: GuidancePack) -> str | None:
    path = parts(node.pointer)
    asked = {question.key for question in pack.questions}
    if node.on_key and len(path) == 2 and path[0] == "questions" and path[1] in asked:
        return question_words(path[1], pack)
    if path == ["footprint", "code"]:
        code = value_at(data, node.pointer)
        return footprint_words(code) if isinstance(code, str) else None
    if _STANDARD.search(node.pointer):
        key = value_at(data, node.pointer)
        measure = value_at(data, node.pointer.rsplit("/", 1)[0])
        by = measure.get("by") if isinstance(measure, dict) else None
        return standard_words(key, by, pack) if isinstance(key, str) else None
    return None
