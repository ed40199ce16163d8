"""``stpctl report``: the board report for one plan, or ``--rollup`` over many.

Without ``--rollup`` the paths must name exactly one plan (a board report is
about one footprint); more is a usage error that suggests ``--rollup``.
``--format csv`` and ``--format xlsx`` are the roll-up's spreadsheets and
need ``--rollup``.  ``--output-dir`` writes a board report per plan and the
roll-up as ``index`` (``report_batch``).

In a roll-up or an ``--output-dir`` run, a plan that cannot be read is
listed in the document as not read, and why goes to stderr too.

Exit codes: 0 the document was written; 1 a plan could not be read: a board
report is then not written at all (the reason goes to stderr, as for
``checklist``), a roll-up is written and lists it; 2 usage problems;
3 an internal error.  Findings in a plan that was read are content of the
report, not a failure.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from enum import Enum
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from stpctl.cli import options, state

if TYPE_CHECKING:
    from stpctl.check.checker import PlanAnalysis, Settings
    from stpctl.documents.rollup import Rollup

STDIN_NAME = "<stdin>"


class ReportFormat(str, Enum):
    markdown = "markdown"
    html = "html"
    json = "json"
    csv = "csv"
    docx = "docx"
    xlsx = "xlsx"


class Sort(str, Enum):
    code = "code"
    name = "name"
    region = "region"
    worst = "worst"


# Formats only the roll-up has.
ROLLUP_ONLY = ("csv", "xlsx")


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
        typer.Option(
            "--format",
            "-f",
            help="Output format; csv and xlsx only with --rollup; docx and xlsx need the"
            " stpctl[docx] and stpctl[xlsx] extras.",
        ),
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
    output_dir: Annotated[
        Path | None,
        typer.Option(
            "--output-dir",
            metavar="DIR",
            help="Write a board report per plan into DIR, named by footprint code, and the"
            " roll-up as index (html, markdown or docx).",
        ),
    ] = None,
    sort: Annotated[
        Sort | None,
        typer.Option(
            help="Order of the roll-up's rows: footprint code (the default), name, region,"
            " or worst first (most unanswered, then the largest final-year gap).",
        ),
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
            help="With --rollup or --output-dir: skip files or folders matching this glob"
            " (repeatable).",
        ),
    ] = None,
    follow_symlinks: options.FollowSymlinksOption = False,
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
    many = rollup or output_dir is not None
    order = (sort or Sort.code).value
    _check_choices(chosen, rollup, output, output_dir, sort)
    settings, _ = options.resolve_settings(paths, as_of, None, guidance, None, config)
    files, unreadable = _find(paths, exclude or [], follow_symlinks)
    if not many and len(files) + len(unreadable) != 1:
        options.usage_error(
            f"a board report is about one plan, and {', '.join(paths)} holds"
            f" {len(files) + len(unreadable)}; add --rollup for one table over all of them"
        )
    # One plan at a time: a roll-up keeps each plan's row, never the plan
    # itself, so its memory does not grow with the plans' size (issue 10).
    analyses: Iterator[PlanAnalysis] = chain(
        _analyse_all(files, settings) if many else (_analyse(path, settings) for path in files),
        (_not_read(path, message) for path, message in unreadable),
    )
    if many:
        analyses = _say_not_read(analyses)
    if output_dir is not None:
        from stpctl.cli import report_batch

        failed = report_batch.write(
            analyses, settings, chosen, order, output_dir, files, marking, not no_appendix
        )
    elif rollup:
        data, failed = _rollup(analyses, settings, chosen, order, marking=marking)
        options.write_output(data, output, files, settings)
    else:
        one = next(analyses)
        if one.data is None:
            _stop_not_read(one)
        data, failed = board(one, settings, chosen, marking, not no_appendix), False
        options.write_output(data, output, files, settings)
    raise typer.Exit(1 if failed else 0)


def _check_choices(
    chosen: str, rollup: bool, output: Path | None, output_dir: Path | None, sort: Sort | None
) -> None:
    """Usage errors in how the options combine, before any plan is read."""
    if output_dir is not None:
        if output is not None:
            options.usage_error("--output and --output-dir cannot be used together")
        if chosen not in ("html", "markdown", "docx"):
            options.usage_error(
                f"--output-dir writes board reports as html, markdown or docx, not {chosen}"
            )
    elif chosen in ROLLUP_ONLY and not rollup:
        options.usage_error(f"--format {chosen} is the roll-up's spreadsheet; add --rollup")
    if sort is not None and not rollup and output_dir is None:
        options.usage_error("--sort orders the roll-up's rows; add --rollup or --output-dir")
    if output_dir is None:
        options.check_office_format(chosen, output)


def _say_not_read(analyses: Iterable[PlanAnalysis]) -> Iterator[PlanAnalysis]:
    """``analyses`` as they come; on stderr, why each plan that could not be
    read was not read (the document lists them too)."""
    from stpctl.render.terminal import one_line

    for analysis in analyses:
        if analysis.data is None:
            options.say_findings(analysis.result)
            sys.stderr.write(
                f"stpctl: {one_line(analysis.result.path)} was not read;"
                " the roll-up lists it as not read\n"
            )
        yield analysis


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
    if found.missing:
        options.usage_error(f"{found.missing[0]}: no such file or directory")
    if found.files.count("-") and len(paths) > 1:
        options.usage_error("- (stdin) can only be reported on its own")
    if not found.files and not found.unreadable and not found.refused:
        excluded = " (after --exclude)" if exclude else ""
        options.usage_error(f"no *.yaml or *.yml files found in {', '.join(paths)}{excluded}")
    from stpctl.records.file_names import escape_path

    not_read = [
        (folder, f"{escape_path(folder)} cannot be searched: {why}")
        for folder, why in found.unreadable.items()
    ]
    not_read += list(found.refused.items())
    return found.files, sorted(not_read)


def _analyse_all(files: list[str], settings: Settings) -> Iterator[PlanAnalysis]:
    """The analyses of many plans, in order, with the workers ``validate``
    would use (standard input, which only one process can read, apart)."""
    from stpctl.check.runner import iter_analyses

    on_disk = [path for path in files if path != "-"]
    if len(on_disk) < len(files):
        yield from (_analyse(path, settings) for path in files)
        return
    yield from iter_analyses(on_disk, settings)


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
    from stpctl.records.file_names import escape_path
    from stpctl.records.finding import Finding, Severity

    finding = Finding(RULE_READ, Severity.ERROR, message)
    return PlanAnalysis(FileResult(escape_path(path), None, None, [finding]))


def _stop_not_read(analysis: PlanAnalysis) -> None:
    """A board report of a file that is not a plan would be all blanks: say
    why on stderr, as ``checklist`` does, write nothing and exit 1."""
    options.say_findings(analysis.result)
    sys.stderr.write("stpctl: no report: the file is not a plan stpctl can read\n")
    raise typer.Exit(1)


def board(
    analysis: PlanAnalysis,
    settings: Settings,
    chosen: str,
    marking: str | None = None,
    appendix: bool = True,
) -> bytes:
    """The board report for one plan in ``chosen`` format."""
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


def _rollup(
    analyses: Iterable[PlanAnalysis],
    settings: Settings,
    chosen: str,
    order: str,
    reports: dict[str, str] | None = None,
    marking: str | None = None,
) -> tuple[bytes, bool]:
    """The roll-up document, and whether a plan in it could not be read."""
    from stpctl.documents.rollup import build

    made = build(analyses, settings.as_of, settings.guidance, order)
    return rollup_bytes(made, settings, chosen, reports, marking), bool(made.not_loaded)


def rollup_bytes(
    made: Rollup,
    settings: Settings,
    chosen: str,
    reports: dict[str, str] | None = None,
    marking: str | None = None,
) -> bytes:
    """The roll-up in ``chosen`` format; ``reports`` names each plan's board
    report (by path) for an index that links to them."""
    pack = settings.guidance.name
    if chosen == "xlsx":
        from stpctl.render import rollup_xlsx

        return rollup_xlsx.render(made, pack, marking)
    if chosen == "docx":
        from stpctl.render import rollup_docx

        return rollup_docx.render(made, pack, reports, marking)
    if chosen in ("json", "csv"):
        from stpctl.render import rollup_data

        if chosen == "csv":
            return rollup_data.render_csv(made)
        return rollup_data.render_json(made, pack).encode("utf-8")
    from stpctl.render import rollup_document

    text = (
        rollup_document.html(made, pack, reports)
        if chosen == "html"
        else rollup_document.markdown(made, pack, reports)
    )
    return text.encode("utf-8")
