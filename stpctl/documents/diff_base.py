"""What every section of ``stpctl diff`` is built from.

A plan value as text for display (``plan_text``), the record of one changed
value (``FieldChange``), and ``pair``, which matches the old version's items
with the new version's by key.  They sit below ``plan_diff`` and its section
modules (``diff_actions``, ``diff_finance``, ``diff_findings``) so that each
can use them without importing the others.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class FieldChange:
    """A single value that changed, e.g. ``submission.status`` draft → submitted."""

    field: str
    old: str | None
    new: str | None


def plan_text(value: object) -> str | None:
    """A scalar as the plan wrote it, for display; ``None`` when absent."""
    if value is None or isinstance(value, (dict, list)):
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def pair(
    old: Sequence[tuple[Hashable, T]], new: Sequence[tuple[Hashable, T]]
) -> tuple[list[tuple[T, T]], list[T], list[T]]:
    """Match items by key, in order (the n-th of a repeated key with the n-th);
    returns the pairs, the old items left over and the new items left over."""
    # Queues, not lists: taking the first of thousands of items with one key
    # (actions without ids, all called the same) must not move all the rest.
    waiting: dict[Hashable, deque[T]] = {}
    for key, item in old:
        waiting.setdefault(key, deque()).append(item)
    pairs: list[tuple[T, T]] = []
    added: list[T] = []
    for key, item in new:
        if waiting.get(key):
            pairs.append((waiting[key].popleft(), item))
        else:
            added.append(item)
    matched = {id(a) for a, _ in pairs}
    removed = [item for _, item in old if id(item) not in matched]
    return pairs, removed, added
