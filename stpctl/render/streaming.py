"""Outputs written a file at a time.

A ``DocumentWriter`` turns each file's result into its part of a document as
the result arrives; the command writes the part away (see
``stpctl.files.spool``) and keeps only the run's ``Totals``.  So a run over
20,000 plans holds one plan's result at a time, not the whole run, and not
the whole document either.  ``head`` and ``tail`` are asked for last,
because some formats put the totals first (JUnit).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from stpctl.check.result import FileResult, RunResult, Totals

if TYPE_CHECKING:
    from stpctl.fix.run_fixes import LocatedFix

# Stands for the parts in a skeleton of the document (see ``split_at_mark``).
MARK = "\u0000stpctl-parts\u0000"


class DocumentWriter:
    """One output format, a file at a time."""

    def part(self, result: FileResult) -> str:
        """The text this file's result adds, in order after the ones before."""
        raise NotImplementedError

    def offer(self, fixes: Sequence[LocatedFix]) -> None:
        """The fixes for the next file's findings (see ``stpctl fix``); only
        formats that carry fixes (SARIF) keep them."""

    def head(self, totals: Totals) -> str:
        """The text before all parts (asked for after the last part)."""
        return ""

    def tail(self, totals: Totals) -> str:
        """The text after all parts."""
        return ""


def whole(writer: DocumentWriter, run: RunResult) -> str:
    """The whole document for a run held in memory (tests, small runs)."""
    parts = [writer.part(result) for result in run.files]
    totals = run.totals()
    return writer.head(totals) + "".join(parts) + writer.tail(totals)


def indented(text: str, prefix: str) -> str:
    """``text`` with ``prefix`` before each of its lines."""
    return "\n".join(prefix + line for line in text.split("\n"))


def split_at_mark(text: str) -> tuple[str, str, str]:
    """``text`` (a JSON document whose list of parts holds only ``MARK``)
    cut at the line of the mark: the text before it (ending with the line
    that opens the list), the indent of the mark's line (for the parts), and
    the text after it (starting with the line that closes the list)."""
    at = text.index(json.dumps(MARK))
    line_start = text.rindex("\n", 0, at) + 1
    line_end = text.index("\n", at)
    return text[:line_start], text[line_start:at], text[line_end + 1 :]
