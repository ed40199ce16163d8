"""JSON output of ``validate``, exactly as PRODUCT.md §6 fixes it, plus
``configuration``: the configuration file the run used, or ``null``; the
counts of waived and baselined findings in ``summary``; and ``baseline``:
``null``, or the baseline file, whether this run wrote it, and its stale
entries (``path``, ``rule``, ``pointer``, ``subject``, ``count``)."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from stpctl import __version__
from stpctl.check.result import FileResult, RunResult
from stpctl.records.finding import Finding, Severity


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
        "configuration": run.configuration,
        "files": [file_dict(result) for result in run.files],
        "summary": {
            "files": len(run.files),
            "error": run.count(Severity.ERROR),
            "warning": run.count(Severity.WARNING),
            "info": run.count(Severity.INFO),
            "waived": run.waived,
            "baselined": run.baselined,
        },
        "baseline": baseline_dict(run),
    }


def baseline_dict(run: RunResult) -> dict[str, Any] | None:
    if run.baseline is None:
        return None
    return {
        "path": run.baseline.path,
        "written": run.baseline.written,
        "stale": [asdict(entry) for entry in run.baseline.stale],
    }


def render(run: RunResult) -> str:
    return json.dumps(document(run), indent=2, ensure_ascii=False) + "\n"
