"""A unified diff of a plan's text before and after ``stpctl fix``, as ``diff -u``
writes it: ``patch -p0`` and ``git apply`` read it.

Lines keep their own line ends (a CRLF file's diff shows CRLF lines), and a
last line with no line end is marked ``\\ No newline at end of file``.

The diff is difflib's, except for a very large plan: fixes change a few
lines of a file that may have a hundred thousand, many of them alike
(``status: open``), and difflib's matcher took 11 s on a 2 MB plan with one
line changed (0.2 s for 15,000 lines).  Above ``DIFFLIB_UP_TO`` lines, the
changed runs are found by walking both texts and, at each difference,
looking for the nearest place where a few lines agree again; the hunks are
cut as difflib cuts them.  Such a diff may not be the shortest possible, but
applied to the old text it always gives the new.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Sequence

# The line ends a plan's lines may have (YAML's NEL, LS and PS are left in
# their lines: diff and patch know only these three).
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_NO_NEWLINE = "\\ No newline at end of file\n"
DIFFLIB_UP_TO = 20_000  # lines, old and new together
# How far to look for the texts to agree again, and for how many lines.
_WINDOW = 64
_AGREE = 3

Opcode = tuple[str, int, int, int, int]  # as difflib's: tag, a from, a to, b from, b to


def lines(text: str) -> list[str]:
    """The text's lines, each with its line end."""
    return _LINE.findall(text)


def unified_diff(before: str, after: str, name: str, context: int = 3) -> str:
    """The diff from ``before`` to ``after``; empty when they are the same."""
    if before == after:
        return ""
    old, new = lines(before), lines(after)
    out = [f"--- {name}\n", f"+++ {name}\n"]
    if len(old) + len(new) <= DIFFLIB_UP_TO:
        codes: Sequence[Opcode] = difflib.SequenceMatcher(None, old, new).get_opcodes()
    else:
        codes = walked_opcodes(old, new)
    for group in _groups(codes, context):
        first, last = group[0], group[-1]
        out.append(f"@@ -{_range(first[1], last[2])} +{_range(first[3], last[4])} @@\n")
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out.extend(_marked(" ", old[i1:i2]))
                continue
            out.extend(_marked("-", old[i1:i2]))
            out.extend(_marked("+", new[j1:j2]))
    return "".join(out)


def _marked(mark: str, chunk: Sequence[str]) -> Iterator[str]:
    for line in chunk:
        yield f"{mark}{line}" if line.endswith(("\n", "\r")) else f"{mark}{line}\n{_NO_NEWLINE}"


def _range(start: int, stop: int) -> str:
    """A hunk's line range as unified diffs write it (as difflib does)."""
    length = stop - start
    if length == 1:
        return f"{start + 1}"
    return f"{start + 1 if length else start},{length}"


def walked_opcodes(old: Sequence[str], new: Sequence[str]) -> list[Opcode]:
    """How ``old`` becomes ``new``, found in one walk: runs of equal lines
    and the changes between (as difflib's ``get_opcodes`` gives them)."""
    found: list[Opcode] = []
    i = j = 0
    while i < len(old) or j < len(new):
        start_i, start_j = i, j
        while i < len(old) and j < len(new) and old[i] == new[j]:
            i, j = i + 1, j + 1
        if i > start_i:
            found.append(("equal", start_i, i, start_j, j))
        if i == len(old) and j == len(new):
            break
        again_i, again_j = _agree_again(old, new, i, j)
        tag = "replace" if again_i > i and again_j > j else "delete" if again_i > i else "insert"
        found.append((tag, i, again_i, j, again_j))
        i, j = again_i, again_j
    return found


def _agree_again(old: Sequence[str], new: Sequence[str], i: int, j: int) -> tuple[int, int]:
    """The nearest place after (i, j) where the texts agree again for a few
    lines (or both end); the ends of both when there is none."""
    for total in range(1, 2 * _WINDOW + 1):
        for skip_old in range(max(0, total - _WINDOW), min(total, _WINDOW) + 1):
            if _agree(old, new, i + skip_old, j + total - skip_old):
                return i + skip_old, j + total - skip_old
    # a long run of lines removed (a repeated block) or added
    for skip in range(_WINDOW + 1, max(len(old) - i, len(new) - j) + 1):
        if _agree(old, new, i + skip, j):
            return i + skip, j
        if _agree(old, new, i, j + skip):
            return i, j + skip
    return len(old), len(new)


def _agree(old: Sequence[str], new: Sequence[str], i: int, j: int) -> bool:
    """The texts agree from (i, j) for a few lines (fewer near an end), or both end there."""
    if i > len(old) or j > len(new):
        return False
    run = min(_AGREE, len(old) - i, len(new) - j)
    if run == 0:
        return i == len(old) and j == len(new)
    return all(old[i + step] == new[j + step] for step in range(run))


def _groups(codes: Sequence[Opcode], context: int) -> Iterator[list[Opcode]]:
    """The changes with ``context`` equal lines around each, changes closer
    than twice that in one hunk (as difflib's ``get_grouped_opcodes``)."""
    codes = list(codes)
    if codes and codes[0][0] == "equal":
        tag, i1, i2, j1, j2 = codes[0]
        codes[0] = (tag, max(i1, i2 - context), i2, max(j1, j2 - context), j2)
    if codes and codes[-1][0] == "equal":
        tag, i1, i2, j1, j2 = codes[-1]
        codes[-1] = (tag, i1, min(i2, i1 + context), j1, min(j2, j1 + context))
    group: list[Opcode] = []
    for tag, i1, i2, j1, j2 in codes:
        if tag == "equal" and i2 - i1 > 2 * context:
            group.append((tag, i1, i1 + context, j1, j1 + context))
            yield group
            group = []
            i1, j1 = i2 - context, j2 - context
        group.append((tag, i1, i2, j1, j2))
    if group and not (len(group) == 1 and group[0][0] == "equal"):
        yield group
