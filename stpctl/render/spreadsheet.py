"""CSV that opens correctly in Excel and never runs plan text as a formula.

Written as UTF-8 with a byte-order mark (without it Excel reads UTF-8 as the
local code page and mangles "£" and "é") and with CRLF line endings (the
``csv`` module's default, which Excel expects).  A cell that begins with
``=``, ``+``, ``-``, ``@``, their full-width forms (U+FF1D, U+FF0B, U+FF0D, U+FF20: which
spreadsheets in East Asian locales read as the same), a tab or a carriage
return (text only, never a figure stpctl computed) is prefixed with an
apostrophe, so a spreadsheet shows it as text instead of evaluating it
(OWASP's advice for CSV injection).

Control characters and the invisible characters that reorder text (ESC,
BEL, U+202E…) are written as escapes a reader sees (``\\x1b``, ``\\u202e``),
for a CSV file is often printed to a terminal; line breaks and tabs stay,
for CSV quotes the cell that holds them and a spreadsheet shows them as
they are (issue 10).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from stpctl.render.terminal import visible

_FORMULA_START = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20", "\t", "\r")


def safe_cell(value: object) -> str:
    """A cell's text with formulas neutralised; ``None`` is an empty cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):  # our own figures: -5.0 is a number, not a formula
        return str(value)
    text = visible(str(value), keep="\n\r\t")
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """The whole CSV file: BOM, header row, data rows, CRLF line endings."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")
