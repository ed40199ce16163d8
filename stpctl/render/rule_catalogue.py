"""The rule catalogue as JSON and Markdown (``stpctl rules``, ``docs/rules.md``)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from stpctl.check.rules.base import Rule


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
