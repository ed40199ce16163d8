"""Text from a plan (or a file name) made harmless before it reaches a terminal
or a CI log: control characters, including ESC, and the invisible Unicode
characters that reorder or hide text, become '?'; a byte of a file name that
is not UTF-8 is shown ``\\xNN``, so what is written is always valid UTF-8."""

from __future__ import annotations

import re

from stpctl.records.file_names import escape_undecodable

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")


def safe(text: str) -> str:
    """``text`` with control characters replaced by '?' (tabs and newlines kept),
    and bytes of a file name that are not UTF-8 shown as ``\\xNN``."""
    return _CONTROL.sub("?", escape_undecodable(text))


def one_line(text: str) -> str:
    """``safe`` text on a single line: line breaks become spaces."""
    return " ".join(safe(text).split())
