"""GitLab Code Quality report of ``validate`` (``artifacts:reports:codequality``),
which GitLab shows in merge requests.

A JSON array of issues, each with ``description`` (the message),
``check_name`` (the rule ID), ``fingerprint``, ``severity`` and
``location.path`` / ``location.lines.begin``.  Severities: error → ``major``,
warning → ``minor``, info → ``info``.  Paths are relative to the repository
root, as in SARIF (``sarif.source_root``), so a job run from a subdirectory
still names the file GitLab knows.  The fingerprint is SARIF's: rule, file and
JSON pointer, never the line, so an issue keeps its identity when lines above
it move; GitLab shows one issue per fingerprint, so the same rule firing twice
on one pointer gets a second one.

Written a file at a time (``Writer``): the issues of each file as its result
arrives; the text is the same as ``json.dumps`` of the whole array.
"""

from __future__ import annotations

import json
from typing import Any

from stpctl.check.result import FileResult, RunResult, Totals
from stpctl.records.file_names import escape_path, unescape_path
from stpctl.records.finding import Finding, Severity
from stpctl.render.sarif import artifact_location, fingerprint, relative_path, source_root
from stpctl.render.streaming import DocumentWriter, indented, whole

SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def issue(finding: Finding, path: str, print_: str) -> dict[str, Any]:
    return {
        "description": finding.message,
        "check_name": finding.rule,
        "fingerprint": print_,
        "severity": SEVERITY[finding.severity],
        "location": {"path": path, "lines": {"begin": finding.line}},
    }


def file_issues(result: FileResult, root: str) -> list[dict[str, Any]]:
    """The issues of one file, its path relative to ``root``."""
    below = relative_path(unescape_path(result.path), root)
    path = escape_path(below) if below is not None else result.path
    uri = artifact_location(result.path, root)["uri"]  # the fingerprint SARIF gives
    seen: dict[tuple[str, str], int] = {}
    issues = []
    for finding in result.findings:
        key = (finding.rule, finding.pointer)
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        print_ = fingerprint(finding.rule, uri, finding.pointer, occurrence)
        issues.append(issue(finding, path, print_))
    return issues


def document(run: RunResult) -> list[dict[str, Any]]:
    root = source_root()
    return [item for result in run.files for item in file_issues(result, root)]


class Writer(DocumentWriter):
    """The array a file at a time: the issues of each file as it arrives."""

    def __init__(self) -> None:
        self.root = source_root()
        self.written = 0

    def part(self, result: FileResult) -> str:
        texts = [
            indented(json.dumps(item, indent=2, ensure_ascii=False), "  ")
            for item in file_issues(result, self.root)
        ]
        if not texts:
            return ""
        first = self.written == 0
        self.written += len(texts)
        text = ",\n".join(texts)
        return text if first else ",\n" + text

    def head(self, totals: Totals) -> str:
        return "[\n" if self.written else "[]\n"

    def tail(self, totals: Totals) -> str:
        return "\n]\n" if self.written else ""


def render(run: RunResult) -> str:
    return whole(Writer(), run)
