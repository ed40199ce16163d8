"""The human format of ``validate``: findings per file, a table of the ten
questions, the configuration file and baseline used (if any), one summary line.  Built as
rich renderables; the command prints.

Plan text reaches the terminal only through ``safe()``, which replaces control
characters, so a plan cannot move the cursor or recolour someone's terminal;
and only through ``Text`` objects, so `[bold]` in a plan is not markup.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from stpctl.check.result import FileResult, RunResult
from stpctl.records.finding import Severity
from stpctl.records.wording import counted
from stpctl.reference.guidance import GuidancePack
from stpctl.render.terminal import safe

SEVERITY_STYLE = {
    Severity.ERROR: "bold red",
    Severity.WARNING: "yellow",
    Severity.INFO: "cyan",
}
STATUS_STYLE = {
    "answered": "green",
    "partial": "yellow",
    "unanswered": "red",
    "not_applicable": "dim",
}


def finding_lines(result: FileResult) -> list[Text]:
    lines = []
    for finding in result.findings:
        line = Text()
        line.append(f"{safe(result.path)}:{finding.line}:{finding.column}", style="bold")
        line.append("  ")
        line.append(f"{finding.severity.value:<7}", style=SEVERITY_STYLE[finding.severity])
        line.append(f"  {finding.rule}  ")
        line.append(safe(finding.message))
        lines.append(line)
    return lines


def file_block(result: FileResult, guidance: GuidancePack, show_table: bool) -> RenderableType:
    parts: list[RenderableType] = []
    header = Text(safe(result.path), style="bold")
    if result.footprint:
        name = result.footprint.get("name", "")
        code = result.footprint.get("code", "")
        label = f"{name} ({code})" if name and code else name or code
        header.append(f"  {safe(label)}", style="dim")
    parts.append(header)
    parts.extend(finding_lines(result))
    if not result.findings:
        set_aside = f" ({result.baselined} baselined)" if result.baselined else ""
        parts.append(
            Text(f"no new findings{set_aside}" if set_aside else "no findings", style="green")
        )
    if show_table and result.questions is not None:
        table = Table(show_edge=False, pad_edge=False, box=None, padding=(0, 2, 0, 0))
        table.add_column("question")
        table.add_column("status")
        for question in guidance.questions:
            status = result.questions.get(question.key, "unanswered")
            table.add_row(question.key, Text(status, style=STATUS_STYLE.get(status, "")))
        parts.append(table)
    parts.append(Text(""))
    return Group(*parts)


def summary_line(run: RunResult) -> Text:
    text = Text(f"{counted(len(run.files), 'file')} checked: ")
    counts = [
        (run.count(Severity.ERROR), "error", Severity.ERROR),
        (run.count(Severity.WARNING), "warning", Severity.WARNING),
        (run.count(Severity.INFO), "info", Severity.INFO),
    ]
    for index, (count, word, severity) in enumerate(counts):
        label = f"{count} info" if word == "info" else counted(count, word)
        text.append(label, style=SEVERITY_STYLE[severity] if count else "")
        text.append(", " if index < 2 else "")
    set_aside = [f"{run.waived} waived"] if run.waived else []
    if run.baselined:
        set_aside.append(f"{run.baselined} baselined")
    if set_aside:
        text.append(f" ({', '.join(set_aside)})")
    return text


def baseline_lines(run: RunResult, quiet: bool = False) -> list[Text]:
    """The baseline in use and its stale entries (each listed unless
    ``quiet``), so the file can shrink; nothing without a baseline."""
    if run.baseline is None:
        return []
    done = " (written)" if run.baseline.written else ""
    lines = [Text(f"baseline: {safe(run.baseline.path)}{done}", style="dim")]
    stale = run.baseline.stale
    if stale:
        count = sum(entry.count for entry in stale)
        entries = "1 entry no longer matches" if count == 1 else f"{count} entries no longer match"
        lines.append(
            Text(
                f"baseline: {entries} any finding; once a run shows no new finding, write it"
                f" again with --write-baseline {safe(run.baseline.path)} to drop"
                f" {'it' if count == 1 else 'them'}",
                style="yellow",
            )
        )
    for entry in [] if quiet else stale:
        times = f"  ({entry.count} findings)" if entry.count > 1 else ""
        lines.append(Text(f"  {safe(entry.path)}  {entry.rule}  {safe(entry.pointer)}{times}"))
    return lines


def configuration_line(run: RunResult) -> list[Text]:
    """``configuration: PATH`` when a configuration file was used (it can
    switch rules off), nothing when none was."""
    if run.configuration is None:
        return []
    return [Text(f"configuration: {safe(run.configuration)}", style="dim")]


def render(
    run: RunResult, guidance: GuidancePack, show_tables: bool = True, quiet: bool = False
) -> RenderableType:
    """The whole report.  ``quiet``: only the findings (one line each, no
    headers or question tables), the configuration line and the summary line."""
    if quiet:
        lines = [line for result in run.files for line in finding_lines(result)]
        return Group(
            *lines, *configuration_line(run), *baseline_lines(run, quiet), summary_line(run)
        )
    blocks = [file_block(result, guidance, show_tables) for result in run.files]
    return Group(*blocks, *configuration_line(run), *baseline_lines(run), summary_line(run))
