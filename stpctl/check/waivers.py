"""Waivers: a finding a footprint has agreed to live with, for a reason, until a date.

A waiver matches on rule ID and a glob over the JSON pointer — never on line
numbers, which move with every edit — and, when it names them (``paths``),
only in the plan files matching one of its globs, relative to the folder of
the configuration file that declares it (so a region's shared file can waive
for one footprint).  After ``expires`` (judged at
``--as-of``) the waiver stops silencing anything and becomes a warning itself
(once per file, naming the configuration file it is written in), so an
agreement cannot quietly outlive its reason.
"""

from __future__ import annotations

import fnmatch
import os
from datetime import date
from typing import NamedTuple

from stpctl.records.file_names import escape_path, unescape_path
from stpctl.records.finding import Finding, Severity

RULE_WAIVER_EXPIRED = "STP007"


class Waiver(NamedTuple):
    rule: str
    pointer: str
    reason: str
    expires: date
    source: str  # the configuration file the waiver is written in, for messages
    paths: tuple[str, ...] = ()  # globs over plan files, relative to `base`; () = every plan
    base: str = ""  # the folder of the configuration file that declares the waiver

    def matches(self, finding: Finding) -> bool:
        return finding.rule == self.rule and fnmatch.fnmatchcase(finding.pointer, self.pointer)

    def covers(self, path: str) -> bool:
        """Whether the waiver applies to the plan file shown as ``path``."""
        if not self.paths:
            return True
        below = path_from(self.base, path)
        return any(fnmatch.fnmatchcase(below, glob) for glob in self.paths)


def path_from(folder: str, shown: str) -> str:
    """The plan file a result shows as ``shown`` (see ``records.file_names``),
    relative to ``folder`` with ``/`` separators (``../`` when outside it), as
    waivers and baselines name plan files: the same file gets the same name
    from any working directory."""
    original = os.path.abspath(unescape_path(shown))
    try:
        relative = os.path.relpath(original, folder or os.curdir)
    except ValueError:  # another drive on Windows
        relative = original
    return escape_path(relative).replace(os.sep, "/")


def apply_waivers(
    findings: list[Finding], waivers: tuple[Waiver, ...], as_of: date
) -> tuple[list[Finding], int]:
    """Findings left after waivers, plus how many were waived.  ``findings``
    are one file's.  A finding an expired waiver would have matched stays, and
    each such waiver adds one warning, at the first finding it matches."""
    if not waivers:
        return findings, 0
    kept: list[Finding] = []
    waived = 0
    reported: set[Waiver] = set()
    for finding in sorted(findings, key=Finding.sort_key):  # "first" in file order
        matching = [w for w in waivers if w.matches(finding)]
        if any(w.expires >= as_of for w in matching):
            waived += 1
            continue
        kept.append(finding)
        for waiver in matching:
            if waiver not in reported:
                reported.add(waiver)
                kept.append(_expired(waiver, finding))
    return kept, waived


def _expired(waiver: Waiver, finding: Finding) -> Finding:
    return Finding(
        RULE_WAIVER_EXPIRED,
        Severity.WARNING,
        f"the waiver in {waiver.source} for {waiver.rule} at `{waiver.pointer}`"
        f" (reason given: {waiver.reason}) expired on {waiver.expires.isoformat()}, so"
        f" {waiver.rule} is reported again; renew the waiver with a new `expires` date"
        " or fix the finding",
        finding.pointer,
        finding.line,
        finding.column,
    )
