"""``stpctl report``: the board report for one plan, or ``--rollup`` over many.

Without ``--rollup`` the paths must name exactly one plan (a board report is
about one footprint); more is a usage error that suggests ``--rollup``.
``--format csv`` is the roll-up's spreadsheet and needs ``--rollup``.

Exit codes: 0 the document was written; 1 it was written but a plan in it
could not be read (the document says which and why); 2 usage problems;
3 an internal error.  Findings in a plan that was read are content of the
report, not a failure.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from enum import Enum
from itertools import chain
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
    follow_symlinks: options.FollowSymlinksOption = False,
    debug: options.DebugOption = False,
) -> None:
    """Write the board report for a plan (RAG status, triple aim, finance bridge
    and chart, actions, findings), or with --rollup one table over many plans.

    Exit codes: 0 written; 1 written, but a plan could not be read;
    2 usage problems; 3 an internal error in stpctl.
    """
    state.debug = debug
    chosen = output_format.value
    if chosen == "csv" and not rollup:
        options.usage_error("--format csv is the roll-up's spreadsheet; add --rollup")
    settings, _ = options.resolve_settings(paths, as_of, None, guidance, None, config)
    files, unreadable = _find(paths, exclude or [], follow_symlinks)
    if not rollup and len(files) + len(unreadable) != 1:
        options.usage_error(
            f"a board report is about one plan, and {', '.join(paths)} holds"
            f" {len(files) + len(unreadable)}; add --rollup for one table over all of them"
        )
    # One plan at a time: a roll-up keeps each plan's row, never the plan
    # itself, so its memory does not grow with the plans' size (issue 10).
    analyses = chain(
        (_analyse(path, settings) for path in files),
        (_not_read(path, message) for path, message in unreadable),
    )
    if rollup:
        data, failed = _rollup(analyses, settings, chosen)
    else:
        board = next(analyses)
        data, failed = _board(board, settings, chosen), board.data is None
    options.write_output(data, output, files)
    raise typer.Exit(1 if failed else 0)


def _find(
    paths: list[str], exclude: list[str], follow_symlinks: bool
) -> tuple[list[str], list[tuple[str, str]]]:
    """The plan files, and the folders and links not read with the message
    that says why (a link out of a folder searched is never read, issue 10)."""
    from stpctl.files.inputs import InputError, find

    try:
        found = find(paths, exclude, follow_symlinks)
    except InputError as err:
        options.usage_error(str(err))
    if found.files.count("-") and len(paths) > 1:
        options.usage_error("- (stdin) can only be reported on its own")
    if not found.files and not found.unreadable and not found.refused:
        excluded = " (after --exclude)" if exclude else ""
        options.usage_error(f"no *.yaml or *.yml files found in {', '.join(paths)}{excluded}")
    not_read = [
        (folder, f"{folder} cannot be searched: {why}") for folder, why in found.unreadable.items()
    ]
    not_read += list(found.refused.items())
    return found.files, sorted(not_read)


def _analyse(path: str, settings: Settings) -> PlanAnalysis:
    from stpctl.check.checker import analyse_bytes, analyse_path

    if path == "-":
        from stpctl.files.reading import read_stream

        raw = read_stream(sys.stdin.buffer, settings.max_bytes)
        return analyse_bytes(raw, STDIN_NAME, settings)
    return analyse_path(path, settings)


def _not_read(path: str, message: str) -> PlanAnalysis:
    from stpctl.check.checker import PlanAnalysis
    from stpctl.check.result import FileResult
    from stpctl.load.loader import RULE_READ
    from stpctl.records.finding import Finding, Severity

    finding = Finding(RULE_READ, Severity.ERROR, message)
    return PlanAnalysis(FileResult(path, None, None, [finding]))


def _board(analysis: PlanAnalysis, settings: Settings, chosen: str) -> bytes:
    from stpctl.documents.report import build

    made = build(analysis, settings.as_of, settings.guidance)
    pack = settings.guidance.name
    if chosen == "json":
        from stpctl.render import report_json

        return report_json.render(made, pack).encode("utf-8")
    from stpctl.render import report_document

    text = (
        report_document.html(made, pack)
        if chosen == "html"
        else report_document.markdown(made, pack)
    )
    return text.encode("utf-8")


def _rollup(
    analyses: Iterable[PlanAnalysis], settings: Settings, chosen: str
) -> tuple[bytes, bool]:
    """The roll-up document, and whether a plan in it could not be read."""
    from stpctl.documents.rollup import build

    made = build(analyses, settings.as_of, settings.guidance)
    pack = settings.guidance.name
    failed = bool(made.not_loaded)
    if chosen in ("json", "csv"):
        from stpctl.render import rollup_data

        if chosen == "csv":
            return rollup_data.render_csv(made), failed
        return rollup_data.render_json(made, pack).encode("utf-8"), failed
    from stpctl.render import rollup_document

    text = (
        rollup_document.html(made, pack)
        if chosen == "html"
        else rollup_document.markdown(made, pack)
    )
    return text.encode("utf-8"), failed
