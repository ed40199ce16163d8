"""Text from a plan (or a file name) made harmless before it reaches a
terminal, a CI log or a document: every character that a terminal would
obey or that hides or reorders text is written out as an escape a reader can
see and nothing interprets (issue 10).

* C0 control characters and DEL (ESC, BEL, the CSI of ``ESC[2J``, the
  OSC of ``ESC]8;;…`` links) as ``\\x1b``, ``\\x07``; C1 control
  characters as ``\\u009b``;
* line breaks as ``\\n`` and ``\\r``, and tabs as ``\\t``, so that text is on
  one line (``keep`` lets a document keep them where they are only layout);
* the invisible characters that reorder or hide text — the direction
  embeddings, overrides, isolates and marks (U+202A to U+202E, U+2066 to U+2069,
  U+200E, U+200F, U+061C), zero-width spaces and joiners, the line and
  paragraph separators, the byte-order mark — as ``\\u202e``.

A backslash in the plan is left as it is: escapes only make text longer,
never a line or a command.  A byte of a file name that is not UTF-8 is shown
``\\xNN`` (``safe``, ``one_line``; see ``stpctl.records.file_names``), so
what is written is always valid UTF-8; a C1 control is ``\\u0085``, never
``\\x85``, so the two never look the same.
"""

from __future__ import annotations

import re

from stpctl.records.file_names import escape_undecodable

_HIDDEN = "\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
_CONTROL = re.compile(f"[\x00-\x1f\x7f-\x9f{_HIDDEN}]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    # C1 controls as \u0085, not \x85: ``\xNN`` is how a file name's byte
    # that is not UTF-8 is shown, and the two must never look the same.
    return f"\\x{code:02x}" if code < 0x80 else f"\\u{code:04x}"


def visible(text: str, keep: str = "") -> str:
    """``text`` with each control and hidden character written as an escape;
    the characters in ``keep`` (e.g. ``"\\n\\t"``) are left as they are."""
    if not keep:
        return _CONTROL.sub(_escape, text)
    return _CONTROL.sub(lambda m: m.group() if m.group() in keep else _escape(m), text)


def safe(text: str) -> str:
    """``text`` on one line, every control and hidden character escaped, and
    bytes of a file name that are not UTF-8 shown as ``\\xNN``: for
    line-oriented output (the text format, GitHub annotations, JUnit)."""
    return visible(escape_undecodable(text))


def one_line(text: str) -> str:
    """``text`` on one line with its whitespace runs (line breaks included)
    as single spaces, and the other control characters escaped."""
    return visible(escape_undecodable(" ".join(text.split())))


def path_at_line_start(path: str) -> str:
    """A file name that begins a line of text (``safe``), with ``./`` before
    one that begins with ``::``: in a GitHub Actions log such a line is a
    workflow command (``::stop-commands::``, ``::error::``)."""
    shown = safe(path)
    return f"./{shown}" if shown.startswith("::") else shown


def text_at_line_start(text: str) -> str:
    """Plan text that begins a line (``one_line``), with a backslash before
    a leading ``::`` for the same reason."""
    shown = one_line(text)
    return f"\\{shown}" if shown.startswith("::") else shown
