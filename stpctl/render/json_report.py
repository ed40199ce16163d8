"""JSON output of ``validate``, exactly as PRODUCT.md §6 fixes it, plus
``configuration``: the configuration file the run used, or ``null``; the
counts of waived and baselined findings in ``summary``; and ``baseline``:
``null``, or the baseline file, whether this run wrote it, and its stale
entries (``path``, ``rule``, ``pointer``, ``subject``, ``count``).

Written a file at a time (``Writer``): each file's entry is rendered as its
result arrives, so a run over thousands of files never holds the whole
document; the text is the same as ``json.dumps`` of the whole, indented by 2.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from stpctl import __version__
from stpctl.check.result import FileResult, RunResult, Totals
from stpctl.records.finding import Finding
from stpctl.render.streaming import MARK, DocumentWriter, indented, split_at_mark, whole

TOOL = {"name": "stpctl", "version": __version__}


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
    return _skeleton([file_dict(result) for result in run.files], run.totals())


def _skeleton(files: list[Any], totals: Totals) -> dict[str, Any]:
    return {
        "tool": TOOL,
        "configuration": totals.configuration,
        "files": files,
        "summary": totals.summary(),
        "baseline": baseline_dict(totals),
    }


def baseline_dict(totals: Totals) -> dict[str, Any] | None:
    if totals.baseline is None:
        return None
    return {
        "path": totals.baseline.path,
        "written": totals.baseline.written,
        "stale": [asdict(entry) for entry in totals.baseline.stale],
    }


def _dumps(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


class Writer(DocumentWriter):
    """The document a file at a time: ``{"tool": …, "configuration": …,
    "files": [`` · each file · ``], "summary": …, "baseline": …}``."""

    def __init__(self) -> None:
        self.written = 0

    def part(self, result: FileResult) -> str:
        text = indented(_dumps(file_dict(result)), "    ")
        self.written += 1
        return text if self.written == 1 else ",\n" + text

    def _frame(self, totals: Totals) -> tuple[str, str]:
        if not self.written:
            return _dumps(_skeleton([], totals)) + "\n", ""
        before, _, after = split_at_mark(_dumps(_skeleton([MARK], totals)))
        return before, "\n" + after + "\n"

    def head(self, totals: Totals) -> str:
        return self._frame(totals)[0]

    def tail(self, totals: Totals) -> str:
        return self._frame(totals)[1]


def render(run: RunResult) -> str:
    return whole(Writer(), run)
