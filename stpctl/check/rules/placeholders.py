"""Completeness: the placeholders ``stpctl init`` writes are replaced (PRODUCT.md §5).

The skeleton must be valid against the schema, so where only the footprint
can give a value it writes a placeholder that looks like a value: a
population of 1, a lead called "Name of the STP lead", an organisation
"Lead CCG" with ODS code AAA.  The list is data, shared with the skeleton
(``stpctl/reference/data/skeleton-placeholders.yaml``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from stpctl.check.question_status import completeness_severity
from stpctl.check.rules.base import Issue, PlanContext, rule
from stpctl.records.finding import Severity
from stpctl.records.pointers import display_path, escape_pointer_token
from stpctl.reference.skeleton import Placeholder, placeholders


@rule("STP105", "init-placeholder", Severity.WARNING)
def init_placeholder(ctx: PlanContext) -> Iterator[Issue]:
    """A placeholder that `stpctl init` wrote is still in the plan.

    `stpctl init` writes a skeleton that is valid against the schema, so
    where only the footprint can give a value it writes a placeholder that
    passes every other check: the footprint's name, code (`E54000000`) and
    region when no `--footprint` is given, a population of 1, a lead called
    "Name of the STP lead" of "Lead organisation", an organisation "Lead
    CCG" with ODS code `AAA`, and a Local Digital Roadmap of that name over
    `[AAA]`.  Each one left in the plan is a finding until it is replaced: a
    warning while the plan is a draft, an error once it is submitted or
    approved, since no plan may go to NHS England with made-up figures or
    names.  Text matches whatever its case and spacing (`lead ccg`); the
    population only as the number 1.

    Failing:

        footprint:
          name: Devon
          code: E54000037
          population: 1
          organisations:
            - {name: Lead CCG, type: ccg, code: AAA}

    Passing:

        footprint:
          name: Devon
          code: E54000037
          population: 1200000
          organisations:
            - {name: NEW Devon CCG, type: ccg, code: 99P}
    """
    severity = completeness_severity(ctx.data)
    for placeholder in placeholders():
        for pointer, value in _values_at(ctx.data, placeholder.at.split("/")[1:], ""):
            if _is(value, placeholder):
                yield Issue(
                    f"`{display_path(pointer)}` is still `{placeholder.value}`, the placeholder"
                    f" `stpctl init` wrote: write {placeholder.write}",
                    pointer,
                    severity,
                )


def _values_at(node: Any, path: list[str], pointer: str) -> Iterator[tuple[str, Any]]:
    """Every value at ``path`` below ``node`` (``*`` for any list item), with its pointer."""
    if not path:
        yield pointer, node
        return
    head, rest = path[0], path[1:]
    if head == "*" and isinstance(node, list):
        for index, item in enumerate(node):
            yield from _values_at(item, rest, f"{pointer}/{index}")
    elif isinstance(node, dict) and head in node:
        yield from _values_at(node[head], rest, f"{pointer}/{escape_pointer_token(head)}")


def _is(value: object, placeholder: Placeholder) -> bool:
    wanted = placeholder.value
    if isinstance(wanted, str):
        return isinstance(value, str) and " ".join(value.split()).lower() == wanted.lower()
    return type(value) is type(wanted) and value == wanted  # `yes` (True) is not 1


RULES = [init_placeholder]
