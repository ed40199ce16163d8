"""The fix record, and applying edits to a text.

As in ruff (``ruff_diagnostics::Fix``): an edit replaces a range of the
original text; a fix is one or more edits with an applicability; the edits of
the fixes applied together never overlap and are applied in one pass from the
end, so every offset still refers to the original text.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

SAFE = "safe"
# May change what the author meant (a date read day first when it could be
# month first): applied only when asked for with --unsafe-fixes.
UNSAFE = "unsafe"

# Which entry of a key written twice a fix removes.
LATER = "later"


class Edit(NamedTuple):
    """Replace ``text[start:end]`` (character offsets into the text as read)
    with ``replacement``; an empty range inserts, an empty replacement deletes."""

    start: int
    end: int
    replacement: str


class Unchanged:
    """The value of ``Fix.value`` for a fix that does not change a value."""

    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED: Any = Unchanged()


@dataclass(frozen=True)
class Fix:
    """One fix: the finding it answers (``rule`` and ``pointer``), what it
    does (``message``), ``applicability`` (``SAFE`` or ``UNSAFE``) and its
    ``edits``.  What it does to the plan's data, for the check that nothing
    else changes: ``value`` is the new value at ``pointer``; ``key`` is the new
    name of the key at ``pointer``; ``removes`` names the entry of a key
    written twice it removes (the data stays the same)."""

    rule: str
    pointer: str
    message: str
    applicability: str
    edits: tuple[Edit, ...]
    value: Any = field(default=UNCHANGED, compare=False)
    key: str | None = None
    removes: str | None = None

    @property
    def safe(self) -> bool:
        return self.applicability == SAFE

    @property
    def start(self) -> int:
        return min(edit.start for edit in self.edits)


class OverlappingEdits(ValueError):
    """Two edits touch the same characters: applying both has no one meaning."""


def overlap(one: Edit, other: Edit) -> bool:
    """Whether two edits cannot both be applied: their ranges share
    characters, or both insert at the same place (which goes first?)."""
    first, second = sorted((one, other))
    if second.start < first.end:
        return True
    return first.start == first.end == second.start


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """``text`` with every edit applied, in one pass from the end; raises
    ``OverlappingEdits`` when two of them overlap."""
    ordered = sorted(edits)
    for one, other in itertools.pairwise(ordered):
        if overlap(one, other):
            raise OverlappingEdits(f"edits {one} and {other} overlap")
    pieces: list[str] = []
    tail = len(text)
    for edit in reversed(ordered):
        pieces.append(text[edit.end : tail])
        pieces.append(edit.replacement)
        tail = edit.start
    pieces.append(text[:tail])
    return "".join(reversed(pieces))


def fixes_overlap(one: Fix, other: Fix) -> bool:
    return any(overlap(a, b) for a in one.edits for b in other.edits)


def without_overlaps(fixes: Sequence[Fix]) -> tuple[list[Fix], list[Fix]]:
    """The fixes that can be applied together, taken in file order, and those
    left out because they overlap one taken before (a next run can apply
    them, once the first is in)."""
    taken: list[Fix] = []
    left: list[Fix] = []
    for fix in sorted(fixes, key=lambda item: (item.start, item.pointer, item.rule)):
        if any(fixes_overlap(fix, other) for other in taken):
            left.append(fix)
        else:
            taken.append(fix)
    return taken, left
