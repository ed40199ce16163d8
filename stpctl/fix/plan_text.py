"""What a fix looks at: the plan's text, what loading and checking found, and
the exact characters of a scalar it may rewrite."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

from stpctl.fix.schema_wants import SchemaWants
from stpctl.load.loader import LoadedPlan, Span
from stpctl.load.positions import DOUBLE_QUOTED, PLAIN, SINGLE_QUOTED
from stpctl.records.finding import Finding

_QUOTES = {SINGLE_QUOTED: "'", DOUBLE_QUOTED: '"'}
# Characters that would need escaping (or fold) inside quotes.
_ESCAPED = {SINGLE_QUOTED: "'\n\r", DOUBLE_QUOTED: '"\\\n\r'}


class Token(NamedTuple):
    """A scalar written as its own text: ``start``/``end`` around the whole
    token (quotes included), ``inner_start``/``inner_end`` around its text."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    style: str


@dataclass
class PlanText:
    """A loaded plan as a fix sees it.  ``findings`` are the live findings
    (after configuration and waivers) by rule and pointer: a fix answers one."""

    text: str
    loaded: LoadedPlan
    wants: SchemaWants
    findings: dict[tuple[str, str], Finding]

    @property
    def data(self) -> Any:
        return self.loaded.data

    def finding(self, rules: tuple[str, ...], pointer: str) -> Finding | None:
        for rule in rules:
            found = self.findings.get((rule, pointer))
            if found is not None:
                return found
        return None

    def token(self, span: Span | None, text: str) -> Token | None:
        """Where the scalar ``text`` is written at ``span``, when it is written
        as its own text: plain, or quoted with nothing escaped or folded, and
        with no anchor or tag (an alias elsewhere would change with it).
        ``None`` otherwise: such a scalar is left for the author."""
        if span is None or "\n" in text or "\r" in text:
            return None
        written = self.text[span.start : span.end]
        if span.style == PLAIN:
            if written != text:
                return None
            return Token(span.start, span.end, span.start, span.end, PLAIN)
        quote = _QUOTES.get(span.style)
        if quote is None or any(char in text for char in _ESCAPED[span.style]):
            return None
        if written != f"{quote}{text}{quote}":
            return None
        return Token(span.start, span.end, span.start + 1, span.end - 1, span.style)


def value_at(data: Any, pointer: str) -> Any:
    """The value at a JSON pointer (``KeyError`` when there is none)."""
    for token in pointer.split("/")[1:]:
        key = token.replace("~1", "/").replace("~0", "~")
        if isinstance(data, list):
            data = data[int(key)]
        elif isinstance(data, dict):
            data = data[key]
        else:
            raise KeyError(pointer)
    return data


def parent_and_key(pointer: str) -> tuple[str, str]:
    """``/a/b~1c`` → (``/a``, ``b/c``)."""
    parent, _, token = pointer.rpartition("/")
    return parent, token.replace("~1", "/").replace("~0", "~")
