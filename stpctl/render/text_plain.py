"""The text format of ``validate`` without colour, written as plain strings.

Without colour (a file, a pipe, a CI log, ``--color never``) the text is each
line's characters; building rich renderables and rendering them took 4 ms a
plan, more than checking a draft with 200 findings, and importing rich
30 ms of a one-file run (issue 15).  The lines are those ``text`` builds,
character for character (``tests/test_text_plain.py`` compares them over
every plan of the suite); lines never wrap, and every tab or control
character from a plan is already an escape (``safe``).
"""

from __future__ import annotations

from stpctl.check.result import FileResult, Totals
from stpctl.records.finding import Severity
from stpctl.records.wording import counted
from stpctl.reference.guidance import GuidancePack
from stpctl.render.streaming import DocumentWriter
from stpctl.render.terminal import path_at_line_start, safe


def finding_lines(result: FileResult) -> list[str]:
    path = path_at_line_start(result.path)
    return [
        f"{path}:{f.line}:{f.column}  {f.severity.value:<7}  {f.rule}  {safe(f.message)}"
        for f in result.findings
    ]


def header(result: FileResult) -> str:
    line = path_at_line_start(result.path)
    if result.footprint:
        name = result.footprint.get("name", "")
        code = result.footprint.get("code", "")
        label = f"{name} ({code})" if name and code else name or code
        line += f"  {safe(label)}"
    return line


def no_findings(result: FileResult) -> str:
    return f"no new findings ({result.baselined} baselined)" if result.baselined else "no findings"


def question_table(questions: dict[str, str], guidance: GuidancePack) -> list[str]:
    rows = [(q.key, questions.get(q.key, "unanswered")) for q in guidance.questions]
    key_width = max([len("question"), *(len(key) for key, _ in rows)])
    status_width = max([len("status"), *(len(status) for _, status in rows)])
    lines = [f"{'question':<{key_width}}  {'status':<{status_width}}"]
    lines.extend(f"{key:<{key_width}}  {status:<{status_width}}" for key, status in rows)
    return lines


def file_lines(result: FileResult, guidance: GuidancePack) -> list[str]:
    lines = [header(result), *finding_lines(result)]
    if not result.findings:
        lines.append(no_findings(result))
    if result.questions is not None:
        lines.extend(question_table(result.questions, guidance))
    lines.append("")
    return lines


def summary_line(totals: Totals) -> str:
    counts = [
        counted(totals.count(Severity.ERROR), "error"),
        counted(totals.count(Severity.WARNING), "warning"),
        f"{totals.count(Severity.INFO)} info",
    ]
    line = f"{counted(totals.files, 'file')} checked: {', '.join(counts)}"
    set_aside = [f"{totals.waived} waived"] if totals.waived else []
    if totals.baselined:
        set_aside.append(f"{totals.baselined} baselined")
    if set_aside:
        line += f" ({', '.join(set_aside)})"
    return line


def baseline_lines(totals: Totals, quiet: bool = False) -> list[str]:
    if totals.baseline is None:
        return []
    done = " (written)" if totals.baseline.written else ""
    lines = [f"baseline: {safe(totals.baseline.path)}{done}"]
    stale = totals.baseline.stale
    if stale:
        count = sum(entry.count for entry in stale)
        entries = "1 entry no longer matches" if count == 1 else f"{count} entries no longer match"
        lines.append(
            f"baseline: {entries} any finding; once a run shows no new finding, write it"
            f" again with --write-baseline {safe(totals.baseline.path)} to drop"
            f" {'it' if count == 1 else 'them'}"
        )
    for entry in [] if quiet else stale:
        times = f"  ({entry.count} findings)" if entry.count > 1 else ""
        lines.append(f"  {safe(entry.path)}  {entry.rule}  {safe(entry.pointer)}{times}")
    return lines


def configuration_lines(totals: Totals) -> list[str]:
    if totals.configuration is None:
        return []
    return [f"configuration: {safe(totals.configuration)}"]


def closing_lines(totals: Totals, quiet: bool = False) -> list[str]:
    return [
        *configuration_lines(totals),
        *baseline_lines(totals, quiet),
        summary_line(totals),
    ]


def _joined(lines: list[str]) -> str:
    return "".join(f"{line}\n" for line in lines)


class Writer(DocumentWriter):
    """The text without colour, a file at a time."""

    def __init__(self, guidance: GuidancePack, quiet: bool = False) -> None:
        self.guidance = guidance
        self.quiet = quiet

    def part(self, result: FileResult) -> str:
        if self.quiet:
            return _joined(finding_lines(result))
        return _joined(file_lines(result, self.guidance))

    def tail(self, totals: Totals) -> str:
        return _joined(closing_lines(totals, self.quiet))
