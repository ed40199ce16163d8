"""Waivers: a finding a footprint has agreed to live with, for a reason, until a date.

A waiver matches on rule ID and a glob over the JSON pointer — never on line
numbers, which move with every edit.  After ``expires`` (judged at
``--as-of``) the waiver stops silencing anything and becomes a warning itself,
so an agreement cannot quietly outlive its reason.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from datetime import date

from stpctl.finding import Finding, Severity

RULE_WAIVER_EXPIRED = "STP007"


@dataclass(frozen=True)
class Waiver:
    rule: str
    pointer: str
    reason: str
    expires: date

    def matches(self, finding: Finding) -> bool:
        return finding.rule == self.rule and fnmatch.fnmatchcase(finding.pointer, self.pointer)


def apply_waivers(
    findings: list[Finding], waivers: tuple[Waiver, ...], as_of: date
) -> tuple[list[Finding], int]:
    """Findings left after waivers, plus how many were waived.  A finding an
    expired waiver would have matched stays, with a warning about the waiver."""
    if not waivers:
        return findings, 0
    kept: list[Finding] = []
    waived = 0
    for finding in findings:
        matching = [w for w in waivers if w.matches(finding)]
        live = [w for w in matching if w.expires >= as_of]
        if live:
            waived += 1
            continue
        kept.append(finding)
        for waiver in matching:
            kept.append(
                Finding(
                    RULE_WAIVER_EXPIRED,
                    Severity.WARNING,
                    f"the waiver for {waiver.rule} at `{waiver.pointer}` expired on"
                    f" {waiver.expires.isoformat()} (reason given: {waiver.reason}); renew it"
                    " with a new date or fix the finding",
                    finding.pointer,
                    finding.line,
                    finding.column,
                )
            )
    return kept, waived
