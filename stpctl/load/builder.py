"""The event walk: PyYAML's parser events → data, positions and load findings.

Keys written twice are seen here (a dict would silently keep the last), tags
are refused before anything is built, and what a file can make us build is
bounded as we go: nesting depth, values, the characters of their pointers,
and the nodes and text that aliases add (see ``limits``).  Numbers YAML
would misread (split by a comma in a flow mapping, or out of range) are kept
as the text written and recorded (see ``numbers``).  Each node's ``Span``
(offsets, end, style) is recorded as it is read, and so is each key written
twice, with where both entries were written (see ``positions``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml

from stpctl.load.identical import identical
from stpctl.load.limits import (
    MAX_DEPTH,
    RULE_DUPLICATE_KEY,
    RULE_NOT_A_PLAN,
    RULE_SYNTAX,
    RULE_UNSAFE,
    Budget,
    stop,
)
from stpctl.load.numbers import SplitNumber, in_range, is_rest_of_number
from stpctl.load.positions import STYLE_CODE, Positions, RepeatedKey, pack
from stpctl.load.scalar_tags import KEY_TAGS, MAP_TAGS, SEQ_TAGS, refuse_tag, scalar_value
from stpctl.load.yaml_scalars import resolve_plain
from stpctl.records.finding import Finding, Severity
from stpctl.records.finding_cap import SHOWN_PER_RULE, more_finding
from stpctl.records.pointers import display_path, escape_pointer_token

# Scalar styles as the parser gives them (libyaml "" for plain, the
# pure-Python parser None) → the codes packed into spans.
_STYLES = {
    None: STYLE_CODE["plain"],
    "": STYLE_CODE["plain"],
    "'": STYLE_CODE["single"],
    '"': STYLE_CODE["double"],
    "|": STYLE_CODE["literal"],
    ">": STYLE_CODE["folded"],
}
_PLAIN, _FLOW, _BLOCK, _ALIAS = (STYLE_CODE[name] for name in ("plain", "flow", "block", "alias"))


class _Frame:
    __slots__ = (
        "anchor",
        "chars",
        "container",
        "flow",
        "height",
        "key",
        "key_as_is",
        "key_line",
        "key_plain",
        "key_span",
        "last_span",
        "merged",
        "number",
        "pointer",
        "rest",
        "size",
        "start",
    )

    def __init__(
        self,
        container: dict[str, Any] | list[Any],
        pointer: str,
        anchor: Any,
        flow: bool,
        start: int,
    ) -> None:
        self.container = container
        self.pointer = pointer
        self.anchor = anchor
        self.flow = flow  # written `{…}` or `[…]`
        self.start = start  # the offset where the node starts
        self.last_span = 0  # the packed span of its last entry so far
        self.key: str | None = None
        self.key_line = (1, 1)
        self.key_plain = False
        self.key_span = 0  # packed (see positions.pack)
        self.key_as_is = False  # written plain, as its text: its span need not be kept
        self.merged: set[str] = set()
        self.size = 1
        self.height = 1  # levels of lists and mappings, this one included
        # In a flow mapping: the key, text, end (index into the text) and anchor
        # of the last value if it was a plain number, and the key after it if
        # that key may be the rest of the number (``1,190.0``: ``1``, then key
        # ``190.0``), with its end.
        self.number: tuple[str, str, int, str | None] | None = None
        self.rest: tuple[str, int] | None = None
        self.chars = 0  # characters of the keys and scalars inside, for aliases


class Builder:
    """Turns parser events into data, positions and load findings."""

    def __init__(self, text: str = "") -> None:
        self.text = text  # what was parsed: the characters between two nodes tell a split
        self.positions = Positions(text=text)
        self.implicit: dict[str, str] = {}
        self.splits: dict[str, SplitNumber] = {}
        self.repeated_keys: list[RepeatedKey] = []
        self.out_of_range: dict[str, str] = {}
        self.findings: list[Finding] = []
        self.root: Any = None
        # anchor → (value, nodes, height, characters of text)
        self.anchors: dict[str, tuple[Any, int, int, int]] = {}
        self.budget = Budget()
        self.stack: list[_Frame] = []
        # duplicate keys past SHOWN_PER_RULE: how many, and the first of them
        self.duplicates_unlisted = 0
        self.first_unlisted: tuple[str, int, int] = ("", 1, 1)

    def run(self, events: Iterator[Any]) -> None:
        documents = 0
        # Locals, not attribute look-ups: this loop runs once per event, and
        # a plan at the size limit has two million of them.
        scalar, start, end = self._scalar, self._start, self._end
        scalar_event, mapping_start, sequence_start = (
            yaml.ScalarEvent,
            yaml.MappingStartEvent,
            yaml.SequenceStartEvent,
        )
        mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
        for event in events:
            kind = type(event)
            if kind is scalar_event:
                scalar(event)
            elif kind is mapping_start or kind is sequence_start:
                start(event)
            elif kind is mapping_end or kind is sequence_end:
                end(event)
            elif kind is yaml.AliasEvent:
                self._alias(event)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    line = event.start_mark.line + 1
                    raise stop(
                        RULE_NOT_A_PLAN,
                        f"the file holds more than one YAML document (another starts on line"
                        f" {line}); keep one plan per file",
                        line,
                        event.start_mark.column + 1,
                    )
        if self.duplicates_unlisted:
            unlisted = self.duplicates_unlisted
            self.findings.append(
                more_finding(RULE_DUPLICATE_KEY, Severity.ERROR, unlisted, *self.first_unlisted)
            )

    # -- where the next node goes ------------------------------------------------

    def _child_pointer(self, mark: Any, is_key_ok: bool) -> tuple[str, bool]:
        """Pointer for the node about to be read, and whether it is a mapping key."""
        if not self.stack:
            return "", False
        frame = self.stack[-1]
        container = frame.container
        if isinstance(container, list):
            pointer = f"{frame.pointer}/{len(container)}"
            return self.budget.name(pointer, mark.line + 1, mark.column + 1), False
        if frame.key is None:
            if not is_key_ok:
                raise stop(
                    RULE_SYNTAX,
                    f"a key must be plain text, not a list or mapping (line {mark.line + 1})",
                    mark.line + 1,
                    mark.column + 1,
                    frame.pointer,
                )
            return frame.pointer, True
        pointer = f"{frame.pointer}/{escape_pointer_token(frame.key)}"
        return self.budget.name(pointer, mark.line + 1, mark.column + 1), False

    def _attach(self, value: Any, pointer: str, position: tuple[int, int], span: int) -> None:
        """Put a finished node into its parent (or make it the root); ``span``
        is packed (see ``positions.pack``)."""
        if not self.stack:
            self.root = value
            self.positions.values[""] = position
            self.positions.packed_values[""] = span
            return
        frame = self.stack[-1]
        frame.last_span = span
        container = frame.container
        if isinstance(container, list):
            container.append(value)
            self.positions.packed_values[pointer] = span
            return
        key = frame.key
        assert key is not None
        frame.key = None
        frame.number = None
        if key == "<<" and frame.key_plain:
            self._merge(frame, value, position)
            return
        if key in container and key not in frame.merged:
            self._repeated(frame, pointer, key, container[key], value, span)
            self.positions.packed_keys.pop(pointer, None)  # the second entry's key counts
            self._duplicate(frame, key, pointer)
        if frame.merged:
            frame.merged.discard(key)
        container[key] = value
        self.positions.keys[pointer] = frame.key_line
        if not frame.key_as_is:  # else its span follows from its position and text
            self.positions.packed_keys[pointer] = frame.key_span
        self.positions.packed_values[pointer] = span

    def _repeated(
        self, frame: _Frame, pointer: str, key: str, earlier: Any, value: Any, span: int
    ) -> None:
        """Record a key written twice, before its second entry's spans replace
        the first's."""
        positions = self.positions
        earlier_key, earlier_value = positions.key_span(pointer), positions.span(pointer)
        if earlier_key is None or earlier_value is None:  # pragma: no cover - always kept
            return
        if frame.key_as_is:
            start = frame.key_span >> 32
            later_key = positions.unpack(pack(start, start + len(key), _PLAIN))
        else:
            later_key = positions.unpack(frame.key_span)
        same = identical(earlier, value)
        self.repeated_keys.append(
            RepeatedKey(
                pointer, earlier_key, earlier_value, later_key, positions.unpack(span), same
            )
        )

    def _duplicate(self, frame: _Frame, key: str, pointer: str) -> None:
        line, column = frame.key_line
        if self.duplicates_unlisted or len(self.findings) >= SHOWN_PER_RULE:
            # Counted, not listed: a file of repeated keys must not make a
            # finding per line (see finding_cap).
            if not self.duplicates_unlisted:
                self.first_unlisted = (pointer, line, column)
            self.duplicates_unlisted += 1
            return
        first, first_column = self.positions.keys.get(pointer, (0, 0))
        places = f"on line {first} and again on line {line}"
        if first == line:  # a flow mapping on one line: the columns tell them apart
            places = f"on line {line}, at columns {first_column} and {column}"
        self.findings.append(
            Finding(
                RULE_DUPLICATE_KEY,
                Severity.ERROR,
                f"key `{_clip(key)}` is written twice in {_where(frame.pointer)}: {places};"
                " the second silently replaces the first — keep one",
                pointer,
                line,
                column,
            )
        )

    def _merge(self, frame: _Frame, value: Any, position: tuple[int, int]) -> None:
        sources = value if isinstance(value, list) else [value]
        if not all(isinstance(source, dict) for source in sources):
            raise stop(
                RULE_SYNTAX,
                "a merge key `<<` must be followed by a mapping or a list of mappings",
                *position,
                frame.pointer,
            )
        container = frame.container
        assert isinstance(container, dict)
        for source in sources:
            for key, item in source.items():
                if key not in container:
                    container[key] = item
                    frame.merged.add(key)
                    merged = f"{frame.pointer}/{escape_pointer_token(key)}"
                    self.budget.pointer_chars += len(merged)  # checked at the next value
                    self.positions.values.setdefault(merged, position)

    # -- events ------------------------------------------------------------------

    def _scalar(self, event: Any) -> None:
        mark = event.start_mark
        end = event.end_mark
        position = (mark.line + 1, mark.column + 1)
        stack = self.stack
        frame = stack[-1] if stack else None
        if frame is not None and frame.key is None and type(frame.container) is dict:
            pointer, is_key = frame.pointer, True  # the key of a mapping member
        else:
            pointer, is_key = self._child_pointer(mark, True)
        start = mark.index  # (pack, written out: this runs for every scalar)
        span = (start << 32) | ((end.index - start) << 3) | _STYLES[event.style]
        plain = event.tag is None and bool(event.implicit[0])
        if is_key:
            if event.tag is not None and event.tag not in KEY_TAGS:
                refuse_tag(event.tag, mark, pointer)
            if event.anchor is not None:
                self.anchors[event.anchor] = (event.value, 1, 0, len(event.value))
            frame = self.stack[-1]
            frame.chars += len(event.value)
            frame.key = event.value
            frame.key_line = position
            frame.key_plain = plain
            frame.key_span = span
            frame.key_as_is = not event.style and end.index - start == len(event.value)
            frame.rest = None
            number = frame.number
            if number is None:
                return
            if plain and is_rest_of_number(event.value) and self._between(number[2], mark) == ",":
                frame.rest = (event.value, end.index)
            else:
                frame.number = None
            return
        self.budget.count_values(1, *position)
        if self.stack and self.stack[-1].rest is not None:
            if plain and event.value == "" and self._join_split(self.stack[-1], mark):
                return
            self.stack[-1].rest = None
        text = event.value
        if event.tag is None:  # the common case, without a call
            value = resolve_plain(text) if plain else text
        else:
            value = scalar_value(event, pointer)
        if _is_number(value) and not in_range(value):
            self.out_of_range[pointer] = event.value
            value = event.value
        if plain and not isinstance(value, str):
            self.implicit[pointer] = event.value
            if event.value == "" and self.stack and self.stack[-1].key is not None:
                position = self.stack[-1].key_line  # an empty value: point at its key
        self.positions.values[pointer] = position
        if event.anchor is not None:
            self.anchors[event.anchor] = (value, 1, 0, len(event.value))
        if self.stack:
            self.stack[-1].size += 1
            self.stack[-1].chars += len(event.value)
        key = self.stack[-1].key if self.stack else None
        self._attach(value, pointer, position, span)
        if key is not None and self.stack[-1].flow and plain and _is_number(value):
            self.stack[-1].number = (key, event.value, event.end_mark.index, event.anchor)

    def _between(self, start: int, mark: Any) -> str:
        """The text between index ``start`` and ``mark`` (libyaml counts characters)."""
        return self.text[start : mark.index]

    def _join_split(self, frame: _Frame, mark: Any) -> bool:
        """The key after a number was the rest of it (``1,190.0``) if no colon
        follows it: join the pieces into the text written, where the number
        belongs, and record the split.  False when it was a real key."""
        assert frame.number is not None and frame.rest is not None
        (key, text, _, anchor), (rest, end) = frame.number, frame.rest
        if self._between(end, mark).strip():  # `1,200: x`: a key, however odd
            return False
        pointer = f"{frame.pointer}/{escape_pointer_token(key)}"
        text = f"{text},{rest}"
        line, column = self.positions.values[pointer]
        self.splits[pointer] = SplitNumber(pointer, line, column, text)
        start = self.positions.packed_values[pointer] >> 32
        span = pack(start, end, _PLAIN)
        self.positions.packed_values[pointer] = frame.last_span = span
        self.implicit.pop(pointer, None)
        assert isinstance(frame.container, dict)
        frame.container[key] = text
        if anchor is not None:  # `&a 1,200`: an alias gets the whole, never the 1
            self.anchors[anchor] = (text, 1, 0, len(text))
        frame.key = None
        frame.number, frame.rest = (key, text, end, anchor), None
        return True

    def _start(self, event: Any) -> None:
        mark = event.start_mark
        pointer, _ = self._child_pointer(mark, False)
        is_map = type(event) is yaml.MappingStartEvent
        if event.tag not in (MAP_TAGS if is_map else SEQ_TAGS):
            refuse_tag(str(event.tag), mark, pointer)
        self.budget.count_values(1, mark.line + 1, mark.column + 1)
        if len(self.stack) >= MAX_DEPTH:
            raise stop(
                RULE_UNSAFE,
                f"the plan nests more than {MAX_DEPTH} levels deep (line {mark.line + 1});"
                " a plan needs fewer than ten",
                mark.line + 1,
                mark.column + 1,
                pointer,
            )
        if self.stack and isinstance(self.stack[-1].container, dict):
            position = self.stack[-1].key_line  # a nested block: point at its key
        else:
            position = (mark.line + 1, mark.column + 1)
        self.positions.values[pointer] = position
        container: dict[str, Any] | list[Any] = {} if is_map else []
        flow = bool(event.flow_style)
        self.stack.append(_Frame(container, pointer, event.anchor, flow, mark.index))

    def _end(self, event: Any) -> None:
        frame = self.stack.pop()
        if isinstance(frame.container, dict) and frame.key is not None:  # pragma: no cover
            frame.container[frame.key] = None  # the parser always pairs keys; be safe
        if frame.anchor is not None:
            self.anchors[frame.anchor] = (frame.container, frame.size, frame.height, frame.chars)
        if self.stack:
            self.stack[-1].size += frame.size
            self.stack[-1].height = max(self.stack[-1].height, frame.height + 1)
            self.stack[-1].chars += frame.chars
        if frame.flow:  # ends at its closing bracket
            span = pack(frame.start, event.end_mark.index, _FLOW)
        else:  # ends with its last entry: libyaml ends it at the next key, past comments
            last = frame.last_span
            span = pack(frame.start, (last >> 32) + ((last >> 3) & 0x1FFFFFFF), _BLOCK)
        self._attach(frame.container, frame.pointer, self.positions.locate(frame.pointer), span)

    def _alias(self, event: Any) -> None:
        mark = event.start_mark
        position = (mark.line + 1, mark.column + 1)
        anchor = event.anchor
        if anchor not in self.anchors:
            raise stop(
                RULE_SYNTAX,
                f"alias `*{anchor}` refers to no anchor `&{anchor}` written before it"
                f" (line {position[0]})",
                *position,
            )
        value, size, height, chars = self.anchors[anchor]
        if len(self.stack) + height > MAX_DEPTH:  # aliases inside aliases can nest deep too
            raise stop(
                RULE_UNSAFE,
                f"the plan nests more than {MAX_DEPTH} levels deep through alias `*{anchor}`"
                f" (line {position[0]}); a plan needs fewer than ten — write the values out",
                *position,
            )
        self.budget.alias(anchor, size, chars, *position)
        span = pack(mark.index, event.end_mark.index, _ALIAS)
        pointer, is_key = self._child_pointer(mark, True)
        if is_key:
            if not isinstance(value, str):
                raise stop(RULE_SYNTAX, f"alias `*{anchor}` used as a key is not text", *position)
            frame = self.stack[-1]
            frame.key, frame.key_line, frame.key_plain = value, position, False
            frame.key_span, frame.key_as_is = span, False
            frame.number = frame.rest = None
            frame.chars += chars
            return
        self.budget.count_values(size, *position)
        self.positions.values[pointer] = position
        if self.stack:
            self.stack[-1].size += size
            self.stack[-1].height = max(self.stack[-1].height, height + 1)
            self.stack[-1].chars += chars
        self._attach(value, pointer, position, span)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _where(pointer: str) -> str:
    if not pointer:
        return "the plan"
    return f"`{_clip(display_path(pointer), 120)}`"


def _clip(text: str, limit: int = 60) -> str:
    """Plan text quoted in a message, cut to ``limit`` characters: a key may
    be a kilobyte long, and a message quotes it, not the whole of it."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
