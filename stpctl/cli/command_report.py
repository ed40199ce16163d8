"""``stpctl report``: the board report for one plan, or ``--rollup`` over many.

Without ``--rollup`` the paths must name exactly one plan (a board report is
about one footprint); more is a usage error that suggests ``--rollup``.
``--format csv`` is the roll-up's spreadsheet and needs ``--rollup``.

Exit codes: 0 the document was written; 1 a plan could not be read: a board
report is then not written at all (the reason goes to stderr, as for
``checklist``), a roll-up is written and lists it; 2 usage problems;
3 an internal error.  Findings in a plan that was read are content of the
report, not a failure.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from stpctl.cli import options, state

if TYPE_CHECKING:
    from stpctl.check.checker import PlanAnalysis, Settings

STDIN_NAME = "<stdin>"


class ReportFormat(str, Enum):
    markdown = "markdown"
    html = "html"
    json = "json"
    csv = "csv"
    docx = "docx"


def report(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="A plan file (or - for stdin); with --rollup, plan files and directories.",
            show_default=False,
        ),
    ],
    output_format: Annotated[
        ReportFormat,
        typer.Option("--format", "-f", help="Output format; csv only with --rollup."),
    ] = ReportFormat.markdown,
    rollup: Annotated[
        bool,
        typer.Option(
            "--rollup",
            help="One row per footprint over many plans or directories, instead of a"
            " board report for one plan.",
        ),
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help=options.OUTPUT_HELP),
    ] = None,
    marking: options.MarkingOption = None,
    no_appendix: Annotated[
        bool,
        typer.Option(
            "--no-appendix",
            help="Leave out the appendix for the plan's editors (plan file, rules, lines).",
        ),
    ] = False,
    as_of: options.AsOfOption = None,
    guidance: options.GuidanceOption = None,
    config: options.ConfigOption = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option(
            metavar="GLOB",
            help="With --rollup: skip files or folders matching this glob (repeatable).",
        ),
    ] = None,
    debug: options.DebugOption = False,
) -> None:
    """Write the board report for a plan (RAG status, triple aim, finance bridge
    and chart, actions, findings), or with --rollup one table over many plans.

    The board report speaks board language (no lines, rule IDs or file paths
    in its body; an appendix keeps them for the plan's editors). docx (Word)
    needs --output and the extra stpctl[docx].

    Exit codes: 0 written; 1 a plan could not be read (a board report is not
    written, and stderr says why; a roll-up is written and lists it);
    2 usage problems; 3 an internal error in stpctl.
    """
    state.debug = debug
    chosen = output_format.value
    if chosen == "csv" and not rollup:
        options.usage_error("--format csv is the roll-up's spreadsheet; add --rollup")
    if chosen == "docx" and rollup:
        options.usage_error("--format docx is for a board report, not yet for --rollup")
    options.check_office_format(chosen, output)
    settings, _ = options.resolve_settings(paths, as_of, None, guidance, None, config)
    files, unreadable = _find(paths, exclude or [])
    if not rollup and len(files) + len(unreadable) != 1:
        options.usage_error(
            f"a board report is about one plan, and {', '.join(paths)} holds"
            f" {len(files) + len(unreadable)}; add --rollup for one table over all of them"
        )
    analyses = [_analyse(path, settings) for path in files]
    analyses.extend(_unreadable_folder(folder, why, settings) for folder, why in unreadable)
    if not rollup and analyses[0].data is None:
        _not_read(analyses[0])
    if rollup:
        data = _rollup(analyses, settings, chosen)
    else:
        data = _board(analyses[0], settings, chosen, marking, not no_appendix)
    options.write_output(data, output, files, settings)
    failed = any(item.data is None for item in analyses)
    raise typer.Exit(1 if failed else 0)


def _find(paths: list[str], exclude: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    from stpctl.files.inputs import InputError, find

    try:
        found = find(paths, exclude)
    except InputError as err:
        options.usage_error(str(err))
    if found.missing:
        options.usage_error(f"{found.missing[0]}: no such file or directory")
    if found.files.count("-") and len(paths) > 1:
        options.usage_error("- (stdin) can only be reported on its own")
    if not found.files and not found.unreadable:
        excluded = " (after --exclude)" if exclude else ""
        options.usage_error(f"no *.yaml or *.yml files found in {', '.join(paths)}{excluded}")
    return found.files, sorted(found.unreadable.items())


def _analyse(path: str, settings: Settings) -> PlanAnalysis:
    from stpctl.check.checker import analyse_bytes, analyse_path

    if path == "-":
        return analyse_bytes(sys.stdin.buffer.read(settings.max_bytes + 1), STDIN_NAME, settings)
    return analyse_path(path, settings)


def _unreadable_folder(folder: str, why: str, settings: Settings) -> PlanAnalysis:
    from stpctl.check.checker import PlanAnalysis
    from stpctl.check.result import FileResult
    from stpctl.load.loader import RULE_READ
    from stpctl.records.file_names import escape_path
    from stpctl.records.finding import Finding, Severity

    folder = escape_path(folder)
    finding = Finding(RULE_READ, Severity.ERROR, f"{folder} cannot be searched: {why}")
    return PlanAnalysis(FileResult(folder, None, None, [finding]))


def _not_read(analysis: PlanAnalysis) -> None:
    """A board report of a file that is not a plan would be all blanks: say
    why on stderr, as ``checklist`` does, write nothing and exit 1."""
    from stpctl.render.terminal import one_line

    path = one_line(analysis.result.path)
    for finding in analysis.result.findings:
        sys.stderr.write(
            f"{path}:{finding.line}:{finding.column}:"
            f" {finding.severity.value} {finding.rule} {one_line(finding.message)}\n"
        )
    sys.stderr.write("stpctl: no report: the file is not a plan stpctl can read\n")
    raise typer.Exit(1)


def _board(
    analysis: PlanAnalysis, settings: Settings, chosen: str, marking: str | None, appendix: bool
) -> bytes:
    from stpctl.documents.report import build

    made = build(analysis, settings.as_of, settings.guidance, settings)
    pack = settings.guidance.name
    if chosen == "json":
        from stpctl.render import report_json

        return report_json.render(made, pack).encode("utf-8")
    if chosen == "docx":
        from stpctl.render import report_office

        return report_office.docx(made, pack, marking, appendix)
    from stpctl.render import report_document

    text = (
        report_document.html(made, pack, marking, appendix)
        if chosen == "html"
        else report_document.markdown(made, pack, marking, appendix)
    )
    return text.encode("utf-8")


def _rollup(analyses: list[PlanAnalysis], settings: Settings, chosen: str) -> bytes:
    from stpctl.documents.rollup import build

    made = build(analyses, settings.as_of, settings.guidance)
    pack = settings.guidance.name
    if chosen in ("json", "csv"):
        from stpctl.render import rollup_data

        if chosen == "csv":
            return rollup_data.render_csv(made)
        return rollup_data.render_json(made, pack).encode("utf-8")
    from stpctl.render import rollup_document

    text = (
        rollup_document.html(made, pack)
        if chosen == "html"
        else rollup_document.markdown(made, pack)
    )
    return text.encode("utf-8")
