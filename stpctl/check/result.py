"""Results: per file (footprint, question statuses, findings) and per run,
and the exit code, one pure function of them."""

from __future__ import annotations

from dataclasses import dataclass, field

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

    def count(self, severity: Severity) -> int:
        """Findings of ``severity``, those summed up in a summary finding included."""
        return sum(f.counts_as for f in self.findings if f.severity is severity)


@dataclass
class RunResult:
    files: list[FileResult] = field(default_factory=list)

    def count(self, severity: Severity) -> int:
        return sum(result.count(severity) for result in self.files)

    @property
    def waived(self) -> int:
        return sum(result.waived for result in self.files)

    def worst(self) -> Severity | None:
        ranks = [f.severity for result in self.files for f in result.findings]
        return max(ranks, key=lambda s: s.rank) if ranks else None

    def summary(self) -> dict[str, int]:
        """Files checked and findings of each severity — every finding, also
        those a file lists only as a count (``Finding.more``) — and waived."""
        return {
            "files": len(self.files),
            "error": self.count(Severity.ERROR),
            "warning": self.count(Severity.WARNING),
            "info": self.count(Severity.INFO),
            "waived": self.waived,
        }


def exit_code(run: RunResult, fail_on: Severity) -> int:
    """0 when nothing is at or above ``fail_on``; 1 otherwise."""
    worst = run.worst()
    return EXIT_FINDINGS if worst is not None and worst.rank >= fail_on.rank else EXIT_OK
