"""The human format of ``validate``: findings per file, a table of the ten
questions, the configuration file and baseline used (if any), one summary line.  Built as
rich renderables; the command prints.

Plan text reaches the terminal only through ``safe()``, which escapes control
characters visibly, so a plan cannot move the cursor or recolour someone's terminal;
and only through ``Text`` objects, so `[bold]` in a plan is not markup.
"""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.text import Text

from stpctl.check.result import FileResult, RunResult, Totals
from stpctl.records.finding import Severity
from stpctl.records.wording import counted
from stpctl.reference.guidance import GuidancePack
from stpctl.render import text_plain
from stpctl.render.streaming import DocumentWriter
from stpctl.render.terminal import path_at_line_start, safe

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
        line.append(
            f"{path_at_line_start(result.path)}:{finding.line}:{finding.column}", style="bold"
        )
        line.append("  ")
        line.append(f"{finding.severity.value:<7}", style=SEVERITY_STYLE[finding.severity])
        line.append(f"  {finding.rule}  ")
        line.append(safe(finding.message))
        lines.append(line)
    return lines


def file_block(result: FileResult, guidance: GuidancePack, show_table: bool) -> RenderableType:
    parts: list[RenderableType] = []
    header = Text(path_at_line_start(result.path), style="bold")
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
        parts.extend(question_table(result.questions, guidance))
    parts.append(Text(""))
    return Group(*parts)


def question_table(questions: dict[str, str], guidance: GuidancePack) -> list[Text]:
    """The ten questions and their status in two columns, two spaces apart.
    Laid out by hand, as rich's borderless table would: that table took most
    of the time of a run over thousands of small plans (issue 10)."""
    rows = [(q.key, questions.get(q.key, "unanswered")) for q in guidance.questions]
    key_width = max([len("question"), *(len(key) for key, _ in rows)])
    status_width = max([len("status"), *(len(status) for _, status in rows)])
    lines = [Text(f"{'question':<{key_width}}  {'status':<{status_width}}")]
    for key, status in rows:
        line = Text(f"{key:<{key_width}}  ")
        line.append(status, style=STATUS_STYLE.get(status, ""))
        line.append(" " * (status_width - len(status)))
        lines.append(line)
    return lines


def summary_line(totals: Totals) -> Text:
    text = Text(f"{counted(totals.files, 'file')} checked: ")
    counts = [
        (totals.count(Severity.ERROR), "error", Severity.ERROR),
        (totals.count(Severity.WARNING), "warning", Severity.WARNING),
        (totals.count(Severity.INFO), "info", Severity.INFO),
    ]
    for index, (count, word, severity) in enumerate(counts):
        label = f"{count} info" if word == "info" else counted(count, word)
        text.append(label, style=SEVERITY_STYLE[severity] if count else "")
        text.append(", " if index < 2 else "")
    set_aside = [f"{totals.waived} waived"] if totals.waived else []
    if totals.baselined:
        set_aside.append(f"{totals.baselined} baselined")
    if set_aside:
        text.append(f" ({', '.join(set_aside)})")
    return text


def baseline_lines(totals: Totals, quiet: bool = False) -> list[Text]:
    """The baseline in use and its stale entries (each listed unless
    ``quiet``), so the file can shrink; nothing without a baseline."""
    if totals.baseline is None:
        return []
    done = " (written)" if totals.baseline.written else ""
    lines = [Text(f"baseline: {safe(totals.baseline.path)}{done}", style="dim")]
    stale = totals.baseline.stale
    if stale:
        count = sum(entry.count for entry in stale)
        entries = "1 entry no longer matches" if count == 1 else f"{count} entries no longer match"
        lines.append(
            Text(
                f"baseline: {entries} any finding; once a run shows no new finding, write it"
                f" again with --write-baseline {safe(totals.baseline.path)} to drop"
                f" {'it' if count == 1 else 'them'}",
                style="yellow",
            )
        )
    for entry in [] if quiet else stale:
        times = f"  ({entry.count} findings)" if entry.count > 1 else ""
        lines.append(Text(f"  {safe(entry.path)}  {entry.rule}  {safe(entry.pointer)}{times}"))
    return lines


def configuration_line(totals: Totals) -> list[Text]:
    """``configuration: PATH`` when a configuration file was used (it can
    switch rules off), nothing when none was."""
    if totals.configuration is None:
        return []
    return [Text(f"configuration: {safe(totals.configuration)}", style="dim")]


def closing_lines(totals: Totals, quiet: bool = False) -> list[Text]:
    """What follows the files: the configuration line, the baseline's lines
    and the summary line."""
    return [*configuration_line(totals), *baseline_lines(totals, quiet), summary_line(totals)]


def render(
    run: RunResult, guidance: GuidancePack, show_tables: bool = True, quiet: bool = False
) -> RenderableType:
    """The whole report.  ``quiet``: only the findings (one line each, no
    headers or question tables), the configuration line and the summary line."""
    if quiet:
        lines = [line for result in run.files for line in finding_lines(result)]
        return Group(*lines, *closing_lines(run.totals(), quiet))
    blocks = [file_block(result, guidance, show_tables) for result in run.files]
    return Group(*blocks, *closing_lines(run.totals(), quiet))


class Writer(DocumentWriter):
    """The text a file at a time, rendered by ``console`` (its width and
    colours) into text that is written out later, as it would have printed."""

    def __init__(self, console: Console, guidance: GuidancePack, quiet: bool = False) -> None:
        self.console = console
        self.guidance = guidance
        self.quiet = quiet
        # Without colour the text is each line's characters (``text_plain``):
        # rich's rendering gives the same bytes there, ten times slower.
        self.plain = text_plain.Writer(guidance, quiet) if console.color_system is None else None

    def _text(self, *renderables: RenderableType) -> str:
        with self.console.capture() as captured:
            for renderable in renderables:
                self.console.print(renderable, soft_wrap=True)
        return captured.get()

    def part(self, result: FileResult) -> str:
        if self.plain is not None:
            return self.plain.part(result)
        if self.quiet:
            return self._text(*finding_lines(result))
        return self._text(file_block(result, self.guidance, True))

    def tail(self, totals: Totals) -> str:
        if self.plain is not None:
            return self.plain.tail(totals)
        return self._text(*closing_lines(totals, self.quiet))
