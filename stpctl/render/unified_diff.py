"""A unified diff of a plan's text before and after ``stpctl fix``, as ``diff -u``
writes it: ``patch -p0`` and ``git apply`` read it.

Lines keep their own line ends (a CRLF file's diff shows CRLF lines), and a
last line with no line end is marked ``\\ No newline at end of file``.
"""

from __future__ import annotations

import difflib
import re

# The line ends a plan's lines may have (YAML's NEL, LS and PS are left in
# their lines: diff and patch know only these three).
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_NO_NEWLINE = "\\ No newline at end of file\n"


def lines(text: str) -> list[str]:
    """The text's lines, each with its line end."""
    return _LINE.findall(text)


def unified_diff(before: str, after: str, name: str, context: int = 3) -> str:
    """The diff from ``before`` to ``after``; empty when they are the same."""
    out = []
    for line in difflib.unified_diff(
        lines(before), lines(after), fromfile=name, tofile=name, n=context, lineterm="\n"
    ):
        if line.endswith(("\n", "\r")):
            out.append(line)
        else:
            out.append(f"{line}\n{_NO_NEWLINE}")
    return "".join(out)
