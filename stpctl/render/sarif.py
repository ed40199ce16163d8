"""SARIF 2.1.0 output of ``validate``, for GitHub code scanning and other
static-analysis dashboards.

One run; ``tool.driver.rules`` is the whole rule catalogue, so a dashboard
can show a rule's page for any result.  File locations are URIs relative to
the working directory (run stpctl from the repository root), with ``/``
separators, percent-encoded; a file outside the working directory gets an
absolute ``file://`` URI.  Each result carries the plan's JSON pointer in
``properties.pointer`` and a ``partialFingerprints`` entry computed from
rule, file and pointer — never the line — so GitHub keeps tracking a finding
when lines above it move.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from stpctl import __version__
from stpctl.check.result import FileResult, RunResult, Totals
from stpctl.check.rules import CATALOGUE, Rule
from stpctl.records.finding import Finding, Severity
from stpctl.render.streaming import MARK, DocumentWriter, indented, split_at_mark, whole

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json"
FINGERPRINT = "stpctl/v1"

LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def relative_path(path: str) -> str | None:
    """``path`` relative to the working directory with ``/`` separators, or
    ``None`` when it lies outside the working directory."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return None
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return None
    return relative.replace(os.sep, "/")


def artifact_uri(path: str) -> str:
    relative = relative_path(path)
    if relative is None:
        return Path(os.path.abspath(path)).as_uri()
    return quote(relative, safe="/")


def fingerprint(rule: str, uri: str, pointer: str, occurrence: int = 0) -> str:
    """Stable across line shifts; ``occurrence`` tells apart the same rule
    firing twice on the same pointer."""
    key = f"{rule}\0{uri}\0{pointer}"
    if occurrence:
        key += f"\0{occurrence}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def rule_descriptor(item: Rule) -> dict[str, Any]:
    return {
        "id": item.id,
        "name": item.name,
        "shortDescription": {"text": item.summary},
        "fullDescription": {"text": item.doc},
        "help": {"text": item.doc},
        "defaultConfiguration": {"level": LEVEL[item.severity]},
        "properties": {"tags": [item.family]},
    }


def _result(finding: Finding, uri: str, rule_index: int | None, occurrence: int) -> dict[str, Any]:
    result: dict[str, Any] = {"ruleId": finding.rule}
    if rule_index is not None:
        result["ruleIndex"] = rule_index
    result["level"] = LEVEL[finding.severity]
    result["message"] = {"text": finding.message}
    result["locations"] = [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": uri},
                "region": {"startLine": finding.line, "startColumn": finding.column},
            }
        }
    ]
    result["partialFingerprints"] = {
        FINGERPRINT: fingerprint(finding.rule, uri, finding.pointer, occurrence)
    }
    result["properties"] = {"pointer": finding.pointer}
    return result


def _driver() -> dict[str, Any]:
    return {
        "name": "stpctl",
        "version": __version__,
        "semanticVersion": __version__,
        "rules": [rule_descriptor(item) for item in CATALOGUE],
    }


def _skeleton(results: list[Any], totals: Totals) -> dict[str, Any]:
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": _driver()},
                # Columns count characters (code points), as the loader does.
                "columnKind": "unicodeCodePoints",
                "results": results,
                # Every finding counted, also those a file lists only as a count.
                "properties": {"summary": totals.summary()},
            }
        ],
    }


def file_results(file_result: FileResult, index: dict[str, int]) -> list[dict[str, Any]]:
    uri = artifact_uri(file_result.path)
    seen: dict[tuple[str, str], int] = {}
    results = []
    for finding in file_result.findings:
        key = (finding.rule, finding.pointer)
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        results.append(_result(finding, uri, index.get(finding.rule), occurrence))
    return results


def document(run: RunResult) -> dict[str, Any]:
    index = {item.id: position for position, item in enumerate(CATALOGUE)}
    results = [r for file_result in run.files for r in file_results(file_result, index)]
    return _skeleton(results, run.totals())


def _dumps(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


class Writer(DocumentWriter):
    """The log a file at a time: the results of each file as it arrives."""

    def __init__(self) -> None:
        self.index = {item.id: position for position, item in enumerate(CATALOGUE)}
        self.written = 0

    def part(self, result: FileResult) -> str:
        texts = []
        for item in file_results(result, self.index):
            texts.append(indented(_dumps(item), "        "))
        if not texts:
            return ""
        text = ",\n".join(texts)
        first = self.written == 0
        self.written += len(texts)
        return text if first else ",\n" + text

    def head(self, totals: Totals) -> str:
        if not self.written:
            return _dumps(_skeleton([], totals)) + "\n"
        return split_at_mark(_dumps(_skeleton([MARK], totals)))[0]

    def tail(self, totals: Totals) -> str:
        if not self.written:
            return ""
        return "\n" + split_at_mark(_dumps(_skeleton([MARK], totals)))[2] + "\n"


def render(run: RunResult) -> str:
    return whole(Writer(), run)
