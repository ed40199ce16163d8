"""``stpctl diff OLD NEW``: what changed between two versions of a plan.

Both plans are checked with the same settings (configuration, guidance pack,
``--as-of``), then compared by ``stpctl.documents.plan_diff``.  Exit codes: 0 when the
diff was produced, changes or not (with ``--exit-code``: 1 when there are
changes, as ``git diff --exit-code``); 1 when a plan cannot be loaded (its
load finding goes to stderr, nothing to stdout); 2 usage problems.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from io import StringIO
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from stpctl.cli import options, state

if TYPE_CHECKING:
    from stpctl.check.checker import PlanAnalysis, Settings
    from stpctl.documents.plan_diff import PlanDiff

STDIN = "-"
STDIN_NAME = "<stdin>"
# Width of text written to a file or a pipe, so that it does not depend on a terminal.
FILE_WIDTH = 100


class DiffFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"


def diff(
    old: Annotated[
        str,
        typer.Argument(
            metavar="OLD", help="The earlier version of the plan (- for stdin).", show_default=False
        ),
    ],
    new: Annotated[
        str,
        typer.Argument(
            metavar="NEW", help="The later version of the plan (- for stdin).", show_default=False
        ),
    ],
    output_format: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="Output format.")
    ] = DiffFormat.text,
    as_of: options.AsOfOption = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", metavar="FILE", help=options.OUTPUT_HELP)
    ] = None,
    exit_code: Annotated[
        bool,
        typer.Option("--exit-code", help="Exit 1 when the plans differ (as git diff --exit-code)."),
    ] = False,
    config: options.ConfigOption = None,
    guidance: options.GuidanceOption = None,
    debug: options.DebugOption = False,
) -> None:
    """Show what changed between two versions of a plan: question statuses,
    actions added, closed or slipped, the finance bridge per year, findings
    new and resolved, organisations and sign-offs.

    Exit codes: 0 the diff was produced (with --exit-code: 0 no changes,
    1 changes); 1 a plan cannot be loaded; 2 usage problems; 3 an internal
    error in stpctl.
    """
    state.debug = debug
    if old == STDIN and new == STDIN:
        options.usage_error("only one of OLD and NEW can be - (stdin)")
    for path in (old, new):
        _check_exists(path)
    files = [path for path in (old, new) if path != STDIN]
    settings, _ = options.resolve_settings(files, as_of, None, guidance, None, config)

    from stpctl.documents.plan_diff import NotLoaded, diff_plans, different_footprints

    before, after = _analyse(old, settings), _analyse(new, settings)
    try:
        found = diff_plans(before, after, settings.guidance, settings.as_of)
    except NotLoaded as err:
        from stpctl.render.terminal import one_line

        where = f"{one_line(err.path)}:{err.finding.line}:{err.finding.column}"
        message = one_line(err.finding.message)
        sys.stderr.write(f"stpctl: cannot compare: {where}: {err.finding.rule} {message}\n")
        raise typer.Exit(1) from None
    warning = different_footprints(before, after)
    if warning:  # said, but not a failure: the exit code stays as it is
        from stpctl.render.terminal import one_line

        sys.stderr.write(f"stpctl: warning: {one_line(warning)}\n")
    _emit(found, output_format, output, [old, new], settings)
    raise typer.Exit(1 if exit_code and found.changed else 0)


def _check_exists(path: str) -> None:
    if path == STDIN:
        return
    if not os.path.exists(path):
        options.usage_error(f"{path} does not exist")
    if os.path.isdir(path):
        options.usage_error(f"{path} is a directory; diff compares two plan files")


def _analyse(path: str, settings: Settings) -> PlanAnalysis:
    from stpctl.check.checker import analyse_bytes, analyse_path

    if path == STDIN:
        from stpctl.files.reading import read_stream

        # At most one byte over the limit: enough to refuse it, never all of it.
        raw = read_stream(sys.stdin.buffer, settings.max_bytes)
        return analyse_bytes(raw, STDIN_NAME, settings)
    return analyse_path(path, settings)


def render(found: PlanDiff, name: DiffFormat) -> str:
    """The diff in ``name`` format as text; the text format without colour."""
    if name is DiffFormat.json:
        from stpctl.render import diff_json

        return diff_json.render(found)
    if name is DiffFormat.markdown:
        from stpctl.render import diff_markdown

        return diff_markdown.render(found)
    from rich.console import Console

    from stpctl.render import diff_text

    buffer = StringIO()
    console = Console(file=buffer, width=FILE_WIDTH, color_system=None, highlight=False)
    console.print(diff_text.render(found), soft_wrap=True)
    return buffer.getvalue()


def _emit(
    found: PlanDiff, name: DiffFormat, output: Path | None, inputs: list[str], settings: Settings
) -> None:
    """Text on a terminal is printed in colour (unless NO_COLOR); everything
    else is rendered to text first and written whole."""
    to_stdout = output is None or str(output) == STDIN
    if name is DiffFormat.text and to_stdout and sys.stdout.isatty():
        from stpctl.render import diff_text

        options.stdout_console().print(diff_text.render(found))
        return
    options.write_output(render(found, name).encode("utf-8"), output, inputs, settings)
