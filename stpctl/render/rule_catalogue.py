"""The rule catalogue as JSON and Markdown (``stpctl rules``, ``docs/rules.md``)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from stpctl.check.rules.base import Rule
from stpctl.reference.guidance import GuidancePack


def as_json(rules: Sequence[Rule]) -> str:
    items = [
        {
            "id": r.id,
            "name": r.name,
            "severity": r.severity.value,
            "summary": r.summary,
            "doc": r.doc,
        }
        for r in rules
    ]
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


def as_markdown(rules: Sequence[Rule]) -> str:
    # Markdown is not HTML: nothing to escape here, and rule text is ours, not a plan's.
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("stpctl.render", "templates"),
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
    )
    return environment.get_template("rules.md.j2").render(rules=rules)


def page(rule: Rule) -> str:
    """The text ``stpctl explain`` prints."""
    origin = "" if rule.check else " (reported while reading the file or checking the schema)"
    return f"{rule.id} {rule.name} — default severity {rule.severity.value}{origin}\n\n{rule.doc}\n"


def pack_words(rule: Rule, pack: GuidancePack) -> str:
    """What the guidance pack says that bears on ``rule`` (``stpctl explain``):
    its own note on the rule, and the pack's data the rule reads (placeholder
    words, topics, must-do standards).  Empty when the pack says nothing."""
    lines: list[str] = []
    note = pack.note(rule.id)
    if note:
        lines.append(note)
    if rule.id in ("STP101", "STP110"):
        lines.append("Placeholder words: " + ", ".join(sorted(pack.placeholders)) + ".")
    if rule.id == "STP111":
        for question in pack.questions:
            for topic in question.topics:
                lines.append(f"- {question.key}: {topic.topic} ({', '.join(topic.words)})")
    if rule.id == "STP602":
        lines.extend(
            f"- {s.key}: {s.threshold:g}{s.unit if s.unit == '%' else ' ' + s.unit}"
            f" from {s.from_year} ({s.source})"
            for s in pack.standards
        )
    if rule.id == "STP607":
        lines.extend(f"- {m.standard} ({m.question}): {m.name}" for m in pack.must_do)
    if not lines:
        return ""
    return f"\nWhat {pack.name} says:\n\n" + "\n".join(lines) + "\n"
