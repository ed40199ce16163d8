"""At most ``SHOWN_PER_RULE`` findings of each rule listed per file; the rest
summed up, never lost.

A file can make a rule fire hundreds of thousands of times (a list of
500,000 numbers where mappings belong, a key written again on every line).
Listing each one makes every output as large as the file is hostile, and
nobody reads past the first screen.  So each file lists the first
``SHOWN_PER_RULE`` findings of each rule in file order, and one more finding
per rule and severity says how many are not listed (its ``more``).  Counts —
the summary, the exit code, the totals in SARIF and JUnit — add ``more``, so
they still count every finding.
"""

from __future__ import annotations

from collections.abc import Iterable

from stpctl.records.finding import Finding, Severity

SHOWN_PER_RULE = 100


def more_finding(
    rule: str, severity: Severity, count: int, pointer: str, line: int, column: int
) -> Finding:
    """The finding that stands for ``count`` findings of ``rule`` not listed;
    placed where the first of them is."""
    word = "info finding" if severity is Severity.INFO else severity.value
    plural = "" if count == 1 or severity is Severity.INFO else "s"
    if severity is Severity.INFO and count != 1:
        word = "info findings"
    message = (
        f"and {count:,} more {rule} {word}{plural} in this file, not listed one by one:"
        f" only the first {SHOWN_PER_RULE:,} of each rule are listed; the summary counts"
        " them all"
    )
    return Finding(rule, severity, message, pointer, line, column, more=count)


def cap_findings(findings: Iterable[Finding], shown: int = SHOWN_PER_RULE) -> list[Finding]:
    """``findings`` in file order with at most ``shown`` of each rule listed,
    and one summary finding per rule and severity for the rest.  Summaries
    already among ``findings`` are kept and added to."""
    listed: dict[str, list[Finding]] = {}
    hidden: dict[tuple[str, Severity], _Hidden] = {}
    for finding in findings:
        if finding.more:
            _hide(hidden, finding)
            continue
        mine = listed.setdefault(finding.rule, [])
        mine.append(finding)
        if len(mine) >= 2 * shown + 64:  # memory in step with `shown`, not with the file
            _trim(mine, shown, hidden)
    out: list[Finding] = []
    for mine in listed.values():
        _trim(mine, shown, hidden)
        out.extend(mine)
    out.extend(
        more_finding(rule, severity, rest.count, *rest.first)
        for (rule, severity), rest in hidden.items()
    )
    return sorted(out, key=Finding.sort_key)


class _Hidden:
    """How many findings of one rule and severity are not listed, and where
    the first of them is (pointer, line, column)."""

    __slots__ = ("count", "first", "key")

    def __init__(self) -> None:
        self.count = 0
        self.first = ("", 0, 0)
        self.key: tuple[int, int, str, str] | None = None


def _trim(mine: list[Finding], shown: int, hidden: dict[tuple[str, Severity], _Hidden]) -> None:
    if len(mine) <= shown:
        return
    mine.sort(key=Finding.sort_key)
    for finding in mine[shown:]:
        _hide(hidden, finding)
    del mine[shown:]


def _hide(hidden: dict[tuple[str, Severity], _Hidden], finding: Finding) -> None:
    """Count ``finding`` (or the findings a summary stands for) as not listed."""
    rest = hidden.setdefault((finding.rule, finding.severity), _Hidden())
    rest.count += finding.counts_as
    key = finding.sort_key()
    if rest.key is None or key < rest.key:
        rest.key = key
        rest.first = (finding.pointer, finding.line, finding.column)
