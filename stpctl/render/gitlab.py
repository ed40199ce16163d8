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
"""

from __future__ import annotations

import json
from typing import Any

from stpctl.check.result import RunResult
from stpctl.records.file_names import escape_path, unescape_path
from stpctl.records.finding import Finding, Severity
from stpctl.render.sarif import artifact_location, fingerprint, relative_path, source_root

SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def issue(finding: Finding, path: str, print_: str) -> dict[str, Any]:
    return {
        "description": finding.message,
        "check_name": finding.rule,
        "fingerprint": print_,
        "severity": SEVERITY[finding.severity],
        "location": {"path": path, "lines": {"begin": finding.line}},
    }


def document(run: RunResult) -> list[dict[str, Any]]:
    root = source_root()
    issues = []
    for result in run.files:
        below = relative_path(unescape_path(result.path), root)
        path = escape_path(below) if below is not None else result.path
        uri = artifact_location(result.path, root)["uri"]  # the fingerprint SARIF gives
        seen: dict[tuple[str, str], int] = {}
        for finding in result.findings:
            key = (finding.rule, finding.pointer)
            occurrence = seen.get(key, 0)
            seen[key] = occurrence + 1
            print_ = fingerprint(finding.rule, uri, finding.pointer, occurrence)
            issues.append(issue(finding, path, print_))
    return issues


def render(run: RunResult) -> str:
    return json.dumps(document(run), indent=2, ensure_ascii=False) + "\n"
