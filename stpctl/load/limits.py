"""The load rules' IDs, the limits a plan may not pass, and the exception that
stops a load with the one finding that says why."""

from __future__ import annotations

from stpctl.records.finding import Finding, Severity

MAX_DEPTH = 100
MAX_ALIAS_NODES = 100_000

RULE_READ = "STP001"
RULE_SYNTAX = "STP002"
RULE_NOT_A_PLAN = "STP003"
RULE_DUPLICATE_KEY = "STP004"
RULE_UNSAFE = "STP005"


class LoadStop(Exception):
    """Loading cannot go on; carries the one finding that says why."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message)
        self.finding = finding


def stop(rule: str, message: str, line: int = 1, column: int = 1, pointer: str = "") -> LoadStop:
    return LoadStop(Finding(rule, Severity.ERROR, message, pointer, line, column))
