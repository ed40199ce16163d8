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
* A number that YAML would misread is kept as the text written, so that no
  wrong figure enters the plan: one split by a comma inside ``{…}``
  (``{2016/17: 1,190.0}`` is not ``1`` and a key ``190.0`` but the text
  ``1,190.0``), and one out of range (infinite, not a number, or beyond
  ``LARGEST_NUMBER``).  Both are recorded (``splits``, ``out_of_range``) for
  the schema check's messages and for fixes; where the plan wants text, such
  text is simply what the user wrote.
* Every node's ``Span`` is kept: character offsets of its text and where it
  ends (see ``positions``), for fixes that edit the text in place and for
  editors that underline a whole value; and every key written twice, with
  both entries' spans, so that a fix can remove one of two identical entries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from stpctl.load.builder import Builder
from stpctl.load.limits import (
    MAX_ALIAS_NODES,
    MAX_DEPTH,
    RULE_DUPLICATE_KEY,
    RULE_NOT_A_PLAN,
    RULE_READ,
    RULE_SYNTAX,
    RULE_UNSAFE,
    LoadStop,
    stop,
)
from stpctl.load.numbers import (
    LARGEST_NUMBER,
    SplitNumber,
    in_range,
    without_thousands_separators,
)
from stpctl.load.parser_errors import nesting_finding, reader_finding, syntax_finding
from stpctl.load.positions import Positions, RepeatedKey, Span
from stpctl.records.finding import Finding, Severity

try:  # libyaml is in PyYAML's wheels; the pure-Python parser gives the same events
    from yaml import CSafeLoader as _Parser
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Parser  # type: ignore[assignment]

# Importers use these names from here: the loader is the room's front door.
__all__ = [
    "LARGEST_NUMBER",
    "MAX_ALIAS_NODES",
    "MAX_DEPTH",
    "RULE_DUPLICATE_KEY",
    "RULE_NOT_A_PLAN",
    "RULE_READ",
    "RULE_SYNTAX",
    "RULE_UNSAFE",
    "LoadedPlan",
    "Positions",
    "RepeatedKey",
    "Span",
    "SplitNumber",
    "decode",
    "in_range",
    "load_bytes",
    "load_text",
    "without_thousands_separators",
]


@dataclass
class LoadedPlan:
    """What loading gives: the data (``None`` when loading stopped), positions,
    what YAML made of plain scalars that did not stay text, and findings; the
    numbers kept as text: split by a comma (in file order) and out of range
    (pointer → text as written); and the keys written twice (in file order)."""

    data: Any
    positions: Positions
    implicit: dict[str, str]
    findings: list[Finding]
    splits: list[SplitNumber] = field(default_factory=list)
    out_of_range: dict[str, str] = field(default_factory=dict)
    repeated_keys: list[RepeatedKey] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.data is not None


def decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM) to text; raises ``_Stop`` naming the first bad byte."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise stop(RULE_READ, "the file is UTF-16 text; save it as UTF-8")
    if b"\x00" in raw[:2]:  # UTF-16 without a byte-order mark: ASCII comes with NUL bytes
        raise stop(RULE_READ, "the file looks like UTF-16 text (NUL bytes); save it as UTF-8")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        start = err.start
        line = raw.count(b"\n", 0, start) + 1
        line_start = raw.rfind(b"\n", 0, start) + 1
        column = len(raw[line_start:start].decode("utf-8", "replace")) + 1
        raise stop(
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
    except LoadStop as stop:
        return LoadedPlan(None, Positions(), {}, [stop.finding])
    return load_text(text)


def load_text(text: str) -> LoadedPlan:
    """Load plan text. Never raises for bad input: problems are findings.
    Offsets in the positions index ``positions.text``: the text without a
    leading byte-order mark, which libyaml does not count."""
    builder = Builder(text.removeprefix("\ufeff"))
    text = builder.text
    try:
        builder.run(yaml.parse(text, Loader=_Parser))
    except LoadStop as stop:
        return LoadedPlan(None, builder.positions, builder.implicit, [stop.finding])
    except yaml.MarkedYAMLError as err:
        finding = nesting_finding(err, text, len(builder.stack)) or syntax_finding(err, text)
        return LoadedPlan(None, builder.positions, {}, [finding])
    except yaml.YAMLError as err:
        return LoadedPlan(None, builder.positions, {}, [reader_finding(err, text)])
    return _check_top(builder, text)


def _check_top(builder: Builder, text: str) -> LoadedPlan:
    root = builder.root
    if isinstance(root, dict):
        splits = list(builder.splits.values())
        return LoadedPlan(
            root,
            builder.positions,
            builder.implicit,
            builder.findings,
            splits,
            builder.out_of_range,
            builder.repeated_keys,
        )
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
        line, column = builder.positions.locate("")
        message = (
            f"the file holds a single value ({_quoted_line(text, line, column)}), but a plan"
            " is a mapping of keys (`stp_plan:`, `footprint:`, `questions:` …)"
        )
    line, column = builder.positions.locate("")
    finding = Finding(RULE_NOT_A_PLAN, Severity.ERROR, message, "", line, column)
    return LoadedPlan(None, builder.positions, builder.implicit, [finding])


def _quoted_line(text: str, line: int, column: int, limit: int = 40) -> str:
    """What the file holds from ``line``, ``column`` to the end of that line,
    cut to ``limit`` characters: a file that is not a plan may be anything
    (a token, a key), so a finding quotes a short part of one line of it,
    never more (issue 10)."""
    lines = text.splitlines()
    shown = lines[line - 1][column - 1 :].strip() if 1 <= line <= len(lines) else ""
    return f"`{shown[:limit]}…`" if len(shown) > limit else f"`{shown}`"
