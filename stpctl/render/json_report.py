"""JSON output of ``validate``, exactly as PRODUCT.md §6 fixes it."""

from __future__ import annotations

import json
from typing import Any

from stpctl import __version__
from stpctl.check.result import FileResult, RunResult
from stpctl.records.finding import Finding


def finding_dict(finding: Finding) -> dict[str, Any]:
    return {
        "rule": finding.rule,
        "severity": finding.severity.value,
        "message": finding.message,
        "pointer": finding.pointer,
        "line": finding.line,
        "column": finding.column,
    }


def file_dict(result: FileResult) -> dict[str, Any]:
    return {
        "path": result.path,
        "footprint": result.footprint,
        "questions": result.questions,
        "findings": [finding_dict(f) for f in result.findings],
    }


def document(run: RunResult) -> dict[str, Any]:
    return {
        "tool": {"name": "stpctl", "version": __version__},
        "files": [file_dict(result) for result in run.files],
        "summary": run.summary(),
    }


def render(run: RunResult) -> str:
    return json.dumps(document(run), indent=2, ensure_ascii=False) + "\n"
