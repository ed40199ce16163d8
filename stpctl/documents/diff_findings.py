"""The findings section of ``stpctl diff``: which findings are new, which
were resolved, and how many are still present.

Findings are matched by rule and JSON pointer, never by line (lines move
with every edit).  A list position in the pointer is read as the item's
``id`` (or ODS ``code``) when it has one (``match_key``), so inserting an
action does not make the findings about the actions after it look new.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from stpctl.check.checker import PlanAnalysis
from stpctl.documents.diff_base import pair
from stpctl.records.finding import Finding


@dataclass
class FindingsDiff:
    new: list[Finding]  # lines in NEW
    resolved: list[Finding]  # lines in OLD
    still_present: int

    def __bool__(self) -> bool:
        return bool(self.new or self.resolved)


def compare_findings(old: PlanAnalysis, new: PlanAnalysis) -> FindingsDiff:
    old_data, new_data = old.data or {}, new.data or {}
    before = [((f.rule, match_key(f.pointer, old_data)), f) for f in old.result.findings]
    after = [((f.rule, match_key(f.pointer, new_data)), f) for f in new.result.findings]
    pairs, resolved, added = pair(before, after)
    return FindingsDiff(
        sorted(added, key=Finding.sort_key), sorted(resolved, key=Finding.sort_key), len(pairs)
    )


def match_key(pointer: str, data: dict[str, Any]) -> str:
    """``pointer`` with each list position replaced by the item's identity
    when it has one (``/questions/x/actions/[id=A3]/due``)."""
    node: Any = data
    out = []
    for token in pointer.split("/")[1:] if pointer else []:
        if isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
            out.append(_identity(node) or token)
            continue
        name = token.replace("~1", "/").replace("~0", "~")
        node = node.get(name) if isinstance(node, dict) else None
        out.append(token)
    return "/" + "/".join(out) if out else ""


def _identity(item: object) -> str | None:
    """How a list item is known regardless of its position: its ``id`` or
    ``code``, or itself when it is text (an ODS code in a list)."""
    if isinstance(item, str):
        return f"[{item}]"
    if isinstance(item, dict):
        for name in ("id", "code"):
            if isinstance(item.get(name), str):
                return f"[{name}={item[name]}]"
    return None
