"""Load a plan: bytes → data, plus the line and column of every node, in one pass.

We walk PyYAML's event stream ourselves instead of calling ``yaml.safe_load``:
one parse gives the data *and* the positions, keys written twice are seen
(a dict would silently keep the last), tags are refused before anything is
built, and nesting depth and alias expansion are bounded as we go.

Decisions, written down because users depend on them:

* Scalars follow YAML 1.1 as PyYAML reads them (``yes``/``no``/``on``/``off``
  are booleans, ``012`` is octal, ``12:30`` is 750), plus ``1e3`` as a number;
  every plain scalar that became something other than text is remembered, so
  that a schema message can say what YAML made of it.
* Dates and timestamps stay exactly as written (text); code that needs a date
  parses the ISO text.  Keys are always kept as their text (``2016/17``,
  ``yes``, ``012``), never converted.
* Only the standard tags for text, numbers, booleans, null, mappings and
  lists are accepted; any other tag (``!!python/...``, ``!custom``) stops the
  load with a finding — nothing is ever constructed from a tag.
* Aliases may add at most ``MAX_ALIAS_NODES`` nodes to the plan, so an alias
  bomb stops at once; nesting deeper than ``MAX_DEPTH`` stops the load.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, cast

import yaml

from stpctl.load.yaml_scalars import resolve_plain
from stpctl.records.finding import Finding, Severity
from stpctl.records.pointers import display_path, escape_pointer_token

try:  # libyaml is in PyYAML's wheels; the pure-Python parser gives the same events
    from yaml import CSafeLoader as _Parser
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Parser  # type: ignore[assignment]

MAX_DEPTH = 100
MAX_ALIAS_NODES = 100_000

RULE_READ = "STP001"
RULE_SYNTAX = "STP002"
RULE_NOT_A_PLAN = "STP003"
RULE_DUPLICATE_KEY = "STP004"
RULE_UNSAFE = "STP005"

_YAML = "tag:yaml.org,2002:"
_TEXT_TAGS = {"!", _YAML + "str", _YAML + "timestamp"}
_KEY_TAGS = _TEXT_TAGS | {_YAML + name for name in ("int", "float", "bool", "null")}
_MAP_TAGS = {None, "!", _YAML + "map"}
_SEQ_TAGS = {None, "!", _YAML + "seq"}

_TAGGED_TYPES: dict[str, type | tuple[type, ...]] = {
    _YAML + "int": int,
    _YAML + "float": (int, float),
    _YAML + "bool": bool,
    _YAML + "null": type(None),
}


@dataclass
class Positions:
    """Where each node of a loaded plan was written (1-based line, column)."""

    values: dict[str, tuple[int, int]] = field(default_factory=dict)
    keys: dict[str, tuple[int, int]] = field(default_factory=dict)

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


@dataclass
class LoadedPlan:
    """What loading gives: the data (``None`` when loading stopped), positions,
    what YAML made of plain scalars that did not stay text, and findings."""

    data: Any
    positions: Positions
    implicit: dict[str, str]
    findings: list[Finding]

    @property
    def ok(self) -> bool:
        return self.data is not None


class _Stop(Exception):
    """Loading cannot go on; carries the one finding that says why."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message)
        self.finding = finding


def _stop(rule: str, message: str, line: int = 1, column: int = 1, pointer: str = "") -> _Stop:
    return _Stop(Finding(rule, Severity.ERROR, message, pointer, line, column))


def decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM) to text; raises ``_Stop`` naming the first bad byte."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _stop(RULE_READ, "the file is UTF-16 text; save it as UTF-8")
    if b"\x00" in raw[:2]:  # UTF-16 without a byte-order mark: ASCII comes with NUL bytes
        raise _stop(RULE_READ, "the file looks like UTF-16 text (NUL bytes); save it as UTF-8")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        start = err.start
        line = raw.count(b"\n", 0, start) + 1
        line_start = raw.rfind(b"\n", 0, start) + 1
        column = len(raw[line_start:start].decode("utf-8", "replace")) + 1
        raise _stop(
            RULE_READ,
            f"the file is not UTF-8 text: byte 0x{raw[start]:02X} at line {line}, column "
            f"{column} cannot be read; save the file as UTF-8",
            line,
            column,
        ) from None


def load_bytes(raw: bytes) -> LoadedPlan:
    """Load a plan file's bytes. Never raises for bad input: problems are findings."""
    try:
        text = decode(raw)
    except _Stop as stop:
        return LoadedPlan(None, Positions(), {}, [stop.finding])
    return load_text(text)


def load_text(text: str) -> LoadedPlan:
    """Load plan text. Never raises for bad input: problems are findings."""
    builder = _Builder()
    try:
        builder.run(yaml.parse(text, Loader=_Parser))
    except _Stop as stop:
        return LoadedPlan(None, builder.positions, builder.implicit, [stop.finding])
    except yaml.MarkedYAMLError as err:
        finding = _nesting_finding(err, text, len(builder.stack)) or _syntax_finding(err, text)
        return LoadedPlan(None, builder.positions, {}, [finding])
    except yaml.YAMLError as err:
        return LoadedPlan(None, builder.positions, {}, [_reader_finding(err, text)])
    return _check_top(builder, text)


def _check_top(builder: _Builder, text: str) -> LoadedPlan:
    root = builder.root
    if isinstance(root, dict):
        return LoadedPlan(root, builder.positions, builder.implicit, builder.findings)
    if root is None:
        what = "only comments" if text.strip() else "nothing"
        message = (
            f"the file holds {what}: a plan is a mapping that starts with `stp_plan: 1`;"
            " run `stpctl init` for a skeleton"
        )
    elif isinstance(root, list):
        message = (
            "the file holds a list, but a plan is a mapping of keys"
            " (`stp_plan:`, `footprint:`, `questions:` …)"
        )
    else:
        message = (
            f"the file holds a single value ({_short(root)}), but a plan is a mapping of keys"
            " (`stp_plan:`, `footprint:`, `questions:` …)"
        )
    line, column = builder.positions.locate("")
    finding = Finding(RULE_NOT_A_PLAN, Severity.ERROR, message, "", line, column)
    return LoadedPlan(None, builder.positions, builder.implicit, [finding])


def _short(value: object) -> str:
    text = str(value)
    return f"`{text[:40]}…`" if len(text) > 40 else f"`{text}`"


def _excerpt(text: str, line: int) -> str:
    lines = text.splitlines()
    if 1 <= line <= len(lines):
        shown = lines[line - 1].strip()
        if shown:
            return f": `{shown[:60]}{'…' if len(shown) > 60 else ''}`"
    return ""


_CONFLICT = re.compile(r"^(<{7}|={7}|>{7})(?: |$)", re.M)
_CURLY = "\u201c\u201d\u2018\u2019"
# A value opened with a straight quote and closed with a curly one (or the
# other way round): a curly quote inside properly quoted text is fine.
_CURLY_MIX = re.compile(
    r"""(?:"[^"\n]*[\u201c\u201d]|'[^'\n]*[\u2018\u2019]|:\s*[\u201c\u201d][^"\n]*")\s*$"""
)


def _curly_quote_line(lines: list[str], line: int) -> int | None:
    """The nearest line at or above ``line`` whose quotes mix straight and curly."""
    for number in range(min(line, len(lines)), max(line - 30, 0), -1):
        if _CURLY_MIX.search(lines[number - 1]):
            return number
    return None


def _syntax_finding(err: yaml.MarkedYAMLError, text: str) -> Finding:
    """The parser's complaint, at the line a person would look at, with a hint
    for the usual causes: a merge conflict left in, curly quotes from Word, a
    quote never closed, a colon in unquoted text, a tab."""
    conflict = _CONFLICT.search(text)
    if conflict is not None:
        line = text.count("\n", 0, conflict.start()) + 1
        message = (
            f"a git merge conflict is left in the file (line {line}: `{conflict.group(1)}`);"
            " keep the lines you want and delete the conflict markers"
        )
        return Finding(RULE_SYNTAX, Severity.ERROR, message, "", line, 1)
    mark = err.problem_mark or err.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = err.problem or "the YAML cannot be read"
    context = f" {err.context}" if err.context else ""
    lines = text.splitlines()
    hint = ""
    if "end of stream" in problem and "quoted scalar" in context and err.context_mark is not None:
        # the parser only notices at the end of the file; the quote opened here
        line, column = err.context_mark.line + 1, err.context_mark.column + 1
        hint = "; a quoted text starting here is never closed: add the closing quote"
    elif "mapping values are not allowed" in problem:
        hint = (
            "; a colon followed by a space in unquoted text starts a new key:"
            " put the text in quotes"
        )
    # libyaml's words for a tab ("found character that cannot start any token")
    # do not say "tab", so look at the character it stopped on.
    stopped_on = lines[line - 1][column - 1 : column] if 1 <= line <= len(lines) else ""
    if "\t" in problem or "tab" in problem or stopped_on == "\t":
        hint = "; indent with spaces, not tabs"
    curly = _curly_quote_line(lines, line)
    if curly is not None:
        # The mismatched quote is the cause; the parser only stops lines later.
        message = (
            f"line {curly} mixes straight and curly quotes (as Word writes them), so YAML"
            f" reads on until it fails at line {line} ({problem}): use straight quotes"
            """ " or ' at both ends of the text"""
        )
        column = next(i for i, ch in enumerate(lines[curly - 1], 1) if ch in _CURLY)
        return Finding(RULE_SYNTAX, Severity.ERROR, message, "", curly, column)
    return Finding(
        RULE_SYNTAX,
        Severity.ERROR,
        f"YAML syntax error{context}: {problem} (line {line}, column {column})"
        f"{_excerpt(text, line)}{hint}",
        "",
        line,
        column,
    )


# Brackets outside quoted text and comments.  A quote counts only where a
# quoted scalar can start, so the apostrophe in ``it's`` hides nothing.
_FLOW_TOKEN = re.compile(
    r"""(?:(?<=[\s\[{,:])|^)(?:"(?:[^"\\]|\\.)*"?|'(?:[^']|'')*'?)"""
    r"|(?:(?<=\s)|^)#[^\n]*"
    r"|[\[\]{}]",
    re.M,
)


def _flow_depth(text: str) -> int:
    """The deepest flow nesting (``[`` and ``{``) reached in ``text``."""
    depth = deepest = 0
    for token in _FLOW_TOKEN.finditer(text):
        opener = token.group()
        if opener in ("[", "{"):
            depth += 1
            deepest = max(deepest, depth)
        elif opener in ("]", "}"):
            depth = max(depth - 1, 0)
    return deepest


def _nesting_finding(err: yaml.MarkedYAMLError, text: str, built_depth: int) -> Finding | None:
    """STP005 when the parser gave up inside nesting deeper than ``MAX_DEPTH``.

    libyaml has a nesting limit of its own (PyYAML 6.0.4 stops near 1,000
    levels) and, in flow style, reads ahead of the events we count, so its
    error can come before ours.  Its wording is not ours to rely on: judge by
    the depth of the text it stopped in, whatever the parser said.
    """
    mark = err.problem_mark or err.context_mark
    if mark is None:
        return None
    index = getattr(mark, "index", None)
    prefix = text[:index] if isinstance(index, int) and index >= 0 else text
    if max(built_depth, _flow_depth(prefix)) < MAX_DEPTH:
        return None
    line, column = mark.line + 1, mark.column + 1
    return Finding(
        RULE_UNSAFE,
        Severity.ERROR,
        f"the plan nests more than {MAX_DEPTH} levels deep (line {line});"
        " a plan needs fewer than ten",
        "",
        line,
        column,
    )


def _reader_finding(err: yaml.YAMLError, text: str) -> Finding:
    position = getattr(err, "position", None)
    line, column = 1, 1
    if isinstance(position, int) and 0 <= position <= len(text):
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
    character = getattr(err, "character", None)
    what = f"character {character!r}" if character is not None else "a character"
    if isinstance(character, int):
        what = f"character U+{character:04X}"
    return Finding(
        RULE_SYNTAX,
        Severity.ERROR,
        f"the file holds {what} that YAML does not allow (line {line}, column {column});"
        " remove it (often a control character pasted from another program)",
        "",
        line,
        column,
    )


class _Frame:
    __slots__ = (
        "anchor",
        "container",
        "height",
        "key",
        "key_line",
        "key_plain",
        "merged",
        "pointer",
        "size",
    )

    def __init__(self, container: dict[str, Any] | list[Any], pointer: str, anchor: Any) -> None:
        self.container = container
        self.pointer = pointer
        self.anchor = anchor
        self.key: str | None = None
        self.key_line = (1, 1)
        self.key_plain = False
        self.merged: set[str] = set()
        self.size = 1
        self.height = 1  # levels of lists and mappings, this one included


class _Builder:
    """Turns parser events into data, positions and load findings."""

    def __init__(self) -> None:
        self.positions = Positions()
        self.implicit: dict[str, str] = {}
        self.findings: list[Finding] = []
        self.root: Any = None
        self.anchors: dict[str, tuple[Any, int, int]] = {}  # value, nodes, height
        self.alias_nodes = 0
        self.stack: list[_Frame] = []

    def run(self, events: Iterator[Any]) -> None:
        documents = 0
        for event in events:
            kind = type(event)
            if kind is yaml.ScalarEvent:
                self._scalar(event)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                self._start(event)
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                self._end()
            elif kind is yaml.AliasEvent:
                self._alias(event)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    line = event.start_mark.line + 1
                    raise _stop(
                        RULE_NOT_A_PLAN,
                        f"the file holds more than one YAML document (another starts on line"
                        f" {line}); keep one plan per file",
                        line,
                        event.start_mark.column + 1,
                    )

    # -- where the next node goes ------------------------------------------------

    def _child_pointer(self, mark: Any, is_key_ok: bool) -> tuple[str, bool]:
        """Pointer for the node about to be read, and whether it is a mapping key."""
        if not self.stack:
            return "", False
        frame = self.stack[-1]
        container = frame.container
        if isinstance(container, list):
            return f"{frame.pointer}/{len(container)}", False
        if frame.key is None:
            if not is_key_ok:
                raise _stop(
                    RULE_SYNTAX,
                    f"a key must be plain text, not a list or mapping (line {mark.line + 1})",
                    mark.line + 1,
                    mark.column + 1,
                    frame.pointer,
                )
            return frame.pointer, True
        return f"{frame.pointer}/{escape_pointer_token(frame.key)}", False

    def _attach(self, value: Any, pointer: str, position: tuple[int, int]) -> None:
        """Put a finished node into its parent (or make it the root)."""
        if not self.stack:
            self.root = value
            self.positions.values[""] = position
            return
        frame = self.stack[-1]
        container = frame.container
        if isinstance(container, list):
            container.append(value)
            return
        key = frame.key
        assert key is not None
        frame.key = None
        if key == "<<" and frame.key_plain:
            self._merge(frame, value, position)
            return
        if key in container and key not in frame.merged:
            first, first_column = self.positions.keys.get(pointer, (0, 0))
            line, column = frame.key_line
            where = _where(frame.pointer)
            places = f"on line {first} and again on line {line}"
            if first == line:  # a flow mapping on one line: the columns tell them apart
                places = f"on line {line}, at columns {first_column} and {column}"
            self.findings.append(
                Finding(
                    RULE_DUPLICATE_KEY,
                    Severity.ERROR,
                    f"key `{key}` is written twice in {where}: {places};"
                    " the second silently replaces the first — keep one",
                    pointer,
                    line,
                    column,
                )
            )
        frame.merged.discard(key)
        container[key] = value
        self.positions.keys[pointer] = frame.key_line

    def _merge(self, frame: _Frame, value: Any, position: tuple[int, int]) -> None:
        sources = value if isinstance(value, list) else [value]
        if not all(isinstance(source, dict) for source in sources):
            raise _stop(
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
                    self.positions.values.setdefault(
                        f"{frame.pointer}/{escape_pointer_token(key)}", position
                    )

    # -- events ------------------------------------------------------------------

    def _scalar(self, event: Any) -> None:
        mark = event.start_mark
        pointer, is_key = self._child_pointer(mark, True)
        position = (mark.line + 1, mark.column + 1)
        plain = bool(event.implicit[0]) and event.tag is None
        if is_key:
            if event.tag is not None and event.tag not in _KEY_TAGS:
                _refuse_tag(event.tag, mark, pointer)
            if event.anchor is not None:
                self.anchors[event.anchor] = (event.value, 1, 0)
            frame = self.stack[-1]
            frame.key = event.value
            frame.key_line = position
            frame.key_plain = plain
            return
        value = _scalar_value(event, pointer)
        if plain and not isinstance(value, str):
            self.implicit[pointer] = event.value
            if event.value == "" and self.stack and self.stack[-1].key is not None:
                position = self.stack[-1].key_line  # an empty value: point at its key
        self.positions.values[pointer] = position
        if event.anchor is not None:
            self.anchors[event.anchor] = (value, 1, 0)
        if self.stack:
            self.stack[-1].size += 1
        self._attach(value, pointer, position)

    def _start(self, event: Any) -> None:
        mark = event.start_mark
        pointer, _ = self._child_pointer(mark, False)
        is_map = type(event) is yaml.MappingStartEvent
        if event.tag not in (_MAP_TAGS if is_map else _SEQ_TAGS):
            _refuse_tag(str(event.tag), mark, pointer)
        if len(self.stack) >= MAX_DEPTH:
            raise _stop(
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
        self.stack.append(_Frame(container, pointer, event.anchor))

    def _end(self) -> None:
        frame = self.stack.pop()
        if isinstance(frame.container, dict) and frame.key is not None:  # pragma: no cover
            frame.container[frame.key] = None  # the parser always pairs keys; be safe
        if frame.anchor is not None:
            self.anchors[frame.anchor] = (frame.container, frame.size, frame.height)
        if self.stack:
            self.stack[-1].size += frame.size
            self.stack[-1].height = max(self.stack[-1].height, frame.height + 1)
        self._attach(frame.container, frame.pointer, self.positions.locate(frame.pointer))

    def _alias(self, event: Any) -> None:
        mark = event.start_mark
        position = (mark.line + 1, mark.column + 1)
        anchor = event.anchor
        if anchor not in self.anchors:
            raise _stop(
                RULE_SYNTAX,
                f"alias `*{anchor}` refers to no anchor `&{anchor}` written before it"
                f" (line {position[0]})",
                *position,
            )
        value, size, height = self.anchors[anchor]
        self.alias_nodes += size
        if len(self.stack) + height > MAX_DEPTH:  # aliases inside aliases can nest deep too
            raise _stop(
                RULE_UNSAFE,
                f"the plan nests more than {MAX_DEPTH} levels deep through alias `*{anchor}`"
                f" (line {position[0]}); a plan needs fewer than ten — write the values out",
                *position,
            )
        if self.alias_nodes > MAX_ALIAS_NODES:
            raise _stop(
                RULE_UNSAFE,
                f"aliases expand the plan beyond {MAX_ALIAS_NODES:,} nodes (at `*{anchor}`,"
                f" line {position[0]}); this looks like an alias bomb — write the values out",
                *position,
            )
        pointer, is_key = self._child_pointer(mark, True)
        if is_key:
            if not isinstance(value, str):
                raise _stop(RULE_SYNTAX, f"alias `*{anchor}` used as a key is not text", *position)
            frame = self.stack[-1]
            frame.key, frame.key_line, frame.key_plain = value, position, False
            return
        self.positions.values[pointer] = position
        if self.stack:
            self.stack[-1].size += size
            self.stack[-1].height = max(self.stack[-1].height, height + 1)
        self._attach(value, pointer, position)


def _where(pointer: str) -> str:
    if not pointer:
        return "the plan"
    return f"`{display_path(pointer)}`"


def _refuse_tag(tag: str, mark: Any, pointer: str) -> None:
    shown = tag.replace(_YAML, "!!")
    raise _stop(
        RULE_UNSAFE,
        f"the tag `{shown}` is refused (line {mark.line + 1}): stpctl never builds objects"
        " from YAML tags; remove the tag and write plain values",
        mark.line + 1,
        mark.column + 1,
        pointer,
    )


def _scalar_value(event: Any, pointer: str) -> Any:
    tag = event.tag
    text = event.value
    if tag is None:
        return resolve_plain(text) if event.implicit[0] else text
    if tag in _TEXT_TAGS:
        return text
    if tag in (_YAML + "int", _YAML + "float", _YAML + "bool", _YAML + "null"):
        value: Any = resolve_plain(text)
        wanted = _TAGGED_TYPES[tag]
        if isinstance(value, wanted) and not (tag == _YAML + "int" and isinstance(value, bool)):
            return float(cast(float, value)) if tag == _YAML + "float" else value
        mark = event.start_mark
        raise _stop(
            RULE_SYNTAX,
            f"`{text}` does not match its tag `{tag.replace(_YAML, '!!')}` (line {mark.line + 1})",
            mark.line + 1,
            mark.column + 1,
            pointer,
        )
    _refuse_tag(tag, event.start_mark, pointer)
    return None  # pragma: no cover - _refuse_tag always raises
