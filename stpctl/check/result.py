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
        """Findings of ``severity``, those summed up in a summary finding included."""
        return sum(f.counts_as for f in self.findings if f.severity is severity)

    @property
    def baselined(self) -> int:
        return self.baseline.total if self.baseline is not None else 0


@dataclass
class Totals:
    """What a run adds up to, kept as results go past, and what the outputs
    say about the run as a whole: a run over many files writes each file's
    part of its outputs and keeps only this, so its memory does not grow
    with the number of files (issue 10).

    The counts come from ``add``; the rest the command sets once the last
    file is checked, as on ``RunResult``: the configuration file used, the
    --fail-on threshold and the exit code (SARIF's invocation), the lowest
    severity that fails a JUnit test case, and the baseline used or written."""

    files: int = 0
    waived: int = 0
    baselined: int = 0
    worst: Severity | None = None
    by_severity: dict[Severity, int] = field(default_factory=lambda: dict.fromkeys(Severity, 0))
    configuration: str | None = None
    fail_on: Severity = Severity.ERROR
    exit_status: int | None = None
    junit_fails_from: Severity = Severity.WARNING
    baseline: BaselineUse | None = None

    def add(self, result: FileResult) -> None:
        self.files += 1
        self.waived += result.waived
        self.baselined += result.baselined
        for finding in result.findings:
            self.by_severity[finding.severity] += finding.counts_as
            if self.worst is None or finding.severity.rank > self.worst.rank:
                self.worst = finding.severity

    def count(self, severity: Severity) -> int:
        return self.by_severity[severity]

    def summary(self) -> dict[str, int]:
        """Files checked and findings of each severity — every finding, also
        those a file lists only as a count (``Finding.more``) — and those
        waived and baselined."""
        return {
            "files": self.files,
            "error": self.count(Severity.ERROR),
            "warning": self.count(Severity.WARNING),
            "info": self.count(Severity.INFO),
            "waived": self.waived,
            "baselined": self.baselined,
        }


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

    def totals(self) -> Totals:
        """What the run adds up to, with what it says about itself, as a
        run written a file at a time keeps it."""
        totals = Totals(
            configuration=self.configuration,
            fail_on=self.fail_on,
            exit_status=self.exit_status,
            junit_fails_from=self.junit_fails_from,
            baseline=self.baseline,
        )
        for result in self.files:
            totals.add(result)
        return totals

    def summary(self) -> dict[str, int]:
        return self.totals().summary()


def exit_code(run: RunResult | Totals, fail_on: Severity) -> int:
    """0 when nothing is at or above ``fail_on``; 1 otherwise."""
    worst = run.worst() if isinstance(run, RunResult) else run.worst
    return EXIT_FINDINGS if worst is not None and worst.rank >= fail_on.rank else EXIT_OK
