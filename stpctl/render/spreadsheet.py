"""CSV that opens correctly in Excel and never runs plan text as a formula.

Written as UTF-8 with a byte-order mark (without it Excel reads UTF-8 as the
local code page and mangles "£" and "é") and with CRLF line endings (the
``csv`` module's default, which Excel expects).  A cell that begins with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return (text only, never a
figure stpctl computed) is prefixed with an
apostrophe, so a spreadsheet shows it as text instead of evaluating it
(OWASP's advice for CSV injection).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """A cell's text with formulas neutralised; ``None`` is an empty cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):  # our own figures: -5.0 is a number, not a formula
        return str(value)
    text = str(value)
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
