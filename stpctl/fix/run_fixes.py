"""The fixes for the files of a ``validate`` run, placed by line and column,
for outputs that offer them (SARIF ``fixes``).

``validate`` does not keep the text it checked, so each file with a finding
a fix may answer is read and checked again; when what it finds now is not
exactly what ``validate`` found (the file changed in between, or it was
read from standard input), that file gets no fixes rather than wrong ones.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from typing import NamedTuple

from stpctl.check.checker import Settings, read_limited
from stpctl.check.result import FileResult, RunResult
from stpctl.fix.edits import Fix
from stpctl.fix.engine import FIXABLE_RULES, FixesBroke, FoundFixes, find_fixes
from stpctl.records.file_names import unescape_path


class Region(NamedTuple):
    """An edit by line and column (1-based; the end is the position just
    after the last character replaced): what is there goes, ``text`` comes."""

    start_line: int
    start_column: int
    end_line: int
    end_column: int
    text: str


@dataclass(frozen=True)
class LocatedFix:
    fix: Fix
    regions: tuple[Region, ...]


def located(found: FoundFixes) -> list[LocatedFix]:
    """``found.fixes`` with their edits placed by line and column."""
    loaded = found.loaded
    if loaded is None:
        return []
    place = loaded.positions.line_and_column
    return [
        LocatedFix(
            fix,
            tuple(
                Region(*place(edit.start), *place(edit.end), edit.replacement)
                for edit in sorted(fix.edits)
            ),
        )
        for fix in found.fixes
    ]


def fixes_for_run(run: RunResult, settings: Settings) -> dict[str, list[LocatedFix]]:
    """File (as results name it) → its fixes, for the files that have any."""
    fixes = {}
    for result in run.files:
        found = fixes_for_file(result, settings)
        if found:
            fixes[result.path] = found
    return fixes


def fixes_for_file(result: FileResult, settings: Settings) -> list[LocatedFix]:
    """The fixes for one file's findings as ``validate`` found them; none
    when the file is not a regular file or no longer holds what was checked."""
    if not any(finding.rule in FIXABLE_RULES for finding in result.findings):
        return []
    path = unescape_path(result.path)
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return []
    except (OSError, ValueError):
        return []  # standard input, or gone
    raw = read_limited(path, settings.max_bytes)
    if not isinstance(raw, bytes):
        return []
    try:
        found = find_fixes(raw, result.path, settings)
    except FixesBroke:
        # A fix stpctl could not prove is a bug in stpctl fix (which says so);
        # validate still reports every finding, offering no fixes for the file.
        return []
    if found.analysis.result.findings != result.findings:
        return []  # not the text validate checked
    return located(found)
