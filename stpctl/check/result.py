"""Results: per file (footprint, question statuses, findings) and per run,
and the exit code, one pure function of them."""

from __future__ import annotations

from dataclasses import dataclass, field

from stpctl.check.baseline import BaselineUse, FileBaseline
from stpctl.records.finding import Finding, Severity

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


@dataclass
class FileResult:
    """What checking one file gave.  ``questions`` is ``None`` when the file
    could not be read as a mapping; otherwise it has all ten keys."""

    path: str
    footprint: dict[str, str] | None
    questions: dict[str, str] | None
    findings: list[Finding]
    waived: int = 0
    baseline: FileBaseline | None = None  # what a baseline took out, when one is in use

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity is severity)

    @property
    def baselined(self) -> int:
        return self.baseline.total if self.baseline is not None else 0


@dataclass
class RunResult:
    """Every file's result; ``configuration`` names the configuration file
    the run used, as shown to the user (``None``: none was found)."""

    files: list[FileResult] = field(default_factory=list)
    configuration: str | None = None
    # Set by the command for the formats that state them; the defaults are a
    # plain run's.  The --fail-on threshold and the exit code the run ends
    # with (SARIF's invocation), and the lowest severity that fails a JUnit
    # test case (--junit-follow-fail-on makes it --fail-on's).
    fail_on: Severity = Severity.ERROR
    exit_status: int | None = None
    junit_fails_from: Severity = Severity.WARNING
    baseline: BaselineUse | None = None  # the baseline the run used or wrote

    def count(self, severity: Severity) -> int:
        return sum(result.count(severity) for result in self.files)

    @property
    def waived(self) -> int:
        return sum(result.waived for result in self.files)

    @property
    def baselined(self) -> int:
        return sum(result.baselined for result in self.files)

    def worst(self) -> Severity | None:
        ranks = [f.severity for result in self.files for f in result.findings]
        return max(ranks, key=lambda s: s.rank) if ranks else None


def exit_code(run: RunResult, fail_on: Severity) -> int:
    """0 when nothing is at or above ``fail_on``; 1 otherwise."""
    worst = run.worst()
    return EXIT_FINDINGS if worst is not None and worst.rank >= fail_on.rank else EXIT_OK
