"""A file's result as JSON, and back: plain data, so that reading an entry
never runs code (pickle would), and an entry that does not parse is ignored."""

from __future__ import annotations

import json
from typing import Any

from stpctl.check.baseline import Entry, FileBaseline
from stpctl.check.result import FileResult
from stpctl.records.finding import Finding, Severity

FORMAT = 1


class BadEntry(Exception):
    """An entry that is not what this stpctl writes."""


def dump_result(result: FileResult, key: str) -> bytes:
    baseline = result.baseline
    data = {
        "format": FORMAT,
        "key": key,
        "path": result.path,
        "footprint": result.footprint,
        "questions": result.questions,
        "findings": [_finding_data(finding) for finding in result.findings],
        "waived": result.waived,
        "baseline": None
        if baseline is None
        else {
            "baselined": [_entry_data(entry) for entry in baseline.baselined],
            "stale": [_entry_data(entry) for entry in baseline.stale],
        },
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _finding_data(finding: Finding) -> list[object]:
    return [
        finding.rule,
        finding.severity.value,
        finding.message,
        finding.pointer,
        finding.line,
        finding.column,
        finding.more,
    ]


def _entry_data(entry: Entry) -> list[object]:
    return [entry.path, entry.rule, entry.pointer, entry.subject, entry.count]


def load_result(raw: bytes, key: str) -> FileResult:
    """The result an entry holds; ``BadEntry`` for anything else."""
    try:
        data: Any = json.loads(raw)
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("key") != key:
            raise BadEntry("not an entry of this key")
        findings = [_finding(item) for item in data["findings"]]
        baseline = data["baseline"]
        return FileResult(
            _text(data["path"]),
            _mapping(data["footprint"]),
            _mapping(data["questions"]),
            findings,
            _count(data["waived"]),
            None
            if baseline is None
            else FileBaseline(
                tuple(_entry(item) for item in baseline["baselined"]),
                tuple(_entry(item) for item in baseline["stale"]),
            ),
        )
    except BadEntry:
        raise
    except (ValueError, KeyError, TypeError, IndexError) as err:
        raise BadEntry(str(err)) from err


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise BadEntry("text expected")
    return value


def _count(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise BadEntry("a count expected")
    return value


def _mapping(value: Any) -> dict[str, str] | None:
    if value is None:
        return None
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise BadEntry("a mapping of text expected")
    return value


def _finding(item: Any) -> Finding:
    rule, severity, message, pointer, line, column, more = item
    return Finding(
        _text(rule),
        Severity(severity),
        _text(message),
        _text(pointer),
        _count(line),
        _count(column),
        _count(more),
    )


def _entry(item: Any) -> Entry:
    path, rule, pointer, subject, count = item
    return Entry(_text(path), _text(rule), _text(pointer), _text(subject), _count(count))
