"""Where each node of a loaded plan was written: its start, its end, and the
character offsets of its text.

Offsets count characters (code points) of ``Positions.text``, the decoded
text as libyaml read it: after any UTF-8 byte-order mark (which is not part
of the text), with a CRLF line end counting as two characters.
``text[span.start:span.end]`` is the node as written, quotes, anchor and tag
included.  A block mapping or list ends where its last entry ends (not at
the next key, which may come after comments and blank lines); a block scalar
(``|``, ``>``) ends where libyaml ends it, after the line breaks it keeps.

Cost, measured (``benchmarks/loader_cost.py``): a ``Span`` record per node
nearly doubled the memory a loaded 2 MB plan keeps (53 MB → 98 MB).  So a
value's span is kept as one packed integer, a key's only when it was not
written plain as its own text (the rest follow from the key's position), and
lines and columns are worked out from offsets when asked for.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

# Span styles: how a node was written.
PLAIN = "plain"
SINGLE_QUOTED = "single"
DOUBLE_QUOTED = "double"
LITERAL = "literal"
FOLDED = "folded"
FLOW = "flow"  # a `{…}` mapping or `[…]` list
BLOCK = "block"  # a mapping or list written over indented lines
ALIAS = "alias"  # `*name`
STYLES = (PLAIN, SINGLE_QUOTED, DOUBLE_QUOTED, LITERAL, FOLDED, FLOW, BLOCK, ALIAS)
STYLE_CODE = {style: code for code, style in enumerate(STYLES)}

# YAML 1.1, and so libyaml, also breaks lines at NEL, LS and PS.
_LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")


def pack(start: int, end: int, style_code: int) -> int:
    """One integer for a span: offsets below 2**27 (a plan is at most 100 MiB)."""
    return (start << 32) | ((end - start) << 3) | style_code


class Span(NamedTuple):
    """Where a node's text lies: ``start`` and ``end`` are character offsets
    into ``Positions.text``; lines and columns are 1-based, the end being the
    position just after the last character; ``style`` is how it was written
    (``PLAIN``, ``SINGLE_QUOTED``, ``DOUBLE_QUOTED``, ``LITERAL``, ``FOLDED``,
    ``FLOW``, ``BLOCK`` or ``ALIAS``)."""

    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    style: str


class RepeatedKey(NamedTuple):
    """A key written twice in one mapping: where each entry's key and value
    were written, and whether the two values are the same (type and value)."""

    pointer: str
    earlier_key: Span
    earlier_value: Span
    later_key: Span
    later_value: Span
    same_value: bool


@dataclass
class Positions:
    """Where each node of a loaded plan was written: the 1-based line and
    column each value and key is reported at, and the span of each (see the
    module's notes).  A nested block and an empty value are reported at their
    key; their spans are their own."""

    values: dict[str, tuple[int, int]] = field(default_factory=dict)
    keys: dict[str, tuple[int, int]] = field(default_factory=dict)
    text: str = ""
    packed_values: dict[str, int] = field(default_factory=dict, repr=False)
    packed_keys: dict[str, int] = field(default_factory=dict, repr=False)
    _line_starts: list[int] | None = field(default=None, repr=False, compare=False)

    def locate(self, pointer: str) -> tuple[int, int]:
        """The node's own position, or its nearest ancestor's when it is absent."""
        while True:
            found = self.values.get(pointer)
            if found is not None:
                return found
            if not pointer:
                return (1, 1)
            pointer = pointer.rsplit("/", 1)[0]

    def locate_key(self, pointer: str) -> tuple[int, int]:
        """Where the key of a mapping member was written (for unknown keys)."""
        found = self.keys.get(pointer)
        return found if found is not None else self.locate(pointer)

    def span(self, pointer: str) -> Span | None:
        """The span of the value at ``pointer``; ``None`` when it was not
        written there (absent, or filled in by a merge key ``<<``)."""
        packed = self.packed_values.get(pointer)
        return None if packed is None else self.unpack(packed)

    def key_span(self, pointer: str) -> Span | None:
        """The span of the key of the mapping member at ``pointer``."""
        packed = self.packed_keys.get(pointer)
        if packed is not None:
            return self.unpack(packed)
        position = self.keys.get(pointer)
        if position is None:
            return None
        # A key written plain, as its own text (nearly all of them): its span
        # is not kept but follows from where it starts and how long it is.
        line, column = position
        start = self._starts()[line - 1] + column - 1
        key = pointer.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")
        return self.unpack(pack(start, start + len(key), STYLE_CODE[PLAIN]))

    def spans(self) -> Iterator[tuple[str, Span]]:
        """Every value's pointer and span, in the order they were read."""
        for pointer, packed in self.packed_values.items():
            yield pointer, self.unpack(packed)

    def end(self, pointer: str) -> tuple[int, int]:
        """Where the node ends (the position just after it), or where its
        nearest ancestor ends when it is absent."""
        while True:
            packed = self.packed_values.get(pointer)
            if packed is not None:
                span = self.unpack(packed)
                return (span.end_line, span.end_column)
            if not pointer:
                return (1, 1)
            pointer = pointer.rsplit("/", 1)[0]

    def unpack(self, packed: int) -> Span:
        start = packed >> 32
        end = start + ((packed >> 3) & 0x1FFFFFFF)
        line, column = self.line_and_column(start)
        end_line, end_column = self.line_and_column(end)
        return Span(start, end, line, column, end_line, end_column, STYLES[packed & 7])

    def line_and_column(self, offset: int) -> tuple[int, int]:
        """The 1-based line and column of a character offset into ``text``."""
        starts = self._starts()
        line = bisect_right(starts, offset)
        return line, offset - starts[line - 1] + 1

    def _starts(self) -> list[int]:
        """The offset where each line starts, worked out on first use."""
        if self._line_starts is None:
            breaks = _LINE_BREAK.finditer(self.text)
            self._line_starts = [0, *(found.end() for found in breaks)]
        return self._line_starts
