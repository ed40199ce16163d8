"""``stpctl checklist``: the submission checklist for one plan."""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from stpctl.cli import options, state

STDIN = "-"
STDIN_NAME = "<stdin>"


class Format(str, Enum):
    markdown = "markdown"
    csv = "csv"
    json = "json"
    html = "html"
    docx = "docx"
    xlsx = "xlsx"


def checklist(
    plan: Annotated[
        str,
        typer.Argument(
            help="The plan file (YAML), or - for stdin.", metavar="PLAN", show_default=False
        ),
    ],
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help="Output format.")
    ] = Format.markdown,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", metavar="FILE", help=options.OUTPUT_HELP)
    ] = None,
    include_warnings: Annotated[
        bool,
        typer.Option(
            "--include-warnings",
            help="List every warning as an item to consider, beside the errors"
            " (the exit code does not change).",
        ),
    ] = False,
    marking: options.MarkingOption = None,
    as_of: options.AsOfOption = None,
    guidance: options.GuidanceOption = None,
    config: options.ConfigOption = None,
    debug: options.DebugOption = False,
) -> None:
    """The submission checklist for one plan: each question's items ticked
    from the plan, its open actions (overdue ones marked), every error to
    fix, then plan-level items; every open item says what to do and where
    (pointer and line), and the checklist says whether it is ready to submit.
    docx (Word) and xlsx (Excel) need --output and the extra stpctl[docx] or
    stpctl[xlsx].

    Exit codes: 0 the checklist was written (open items are not a failure);
    1 the plan could not be read as a plan (the reason goes to stderr, and
    no checklist is written); 2 usage problems; 3 an internal error.
    """
    state.debug = debug
    options.check_office_format(output_format.value, output)
    if plan != STDIN and not os.path.exists(plan):
        options.usage_error(f"{plan}: no such file")
    if os.path.isdir(plan):
        options.usage_error(f"{plan} is a directory; name one plan file")
    settings, _ = options.resolve_settings([plan], as_of, None, guidance, None, config)
    from stpctl.check.checker import analyse_bytes, analyse_path
    from stpctl.documents.checklist import build
    from stpctl.render.checklist import RENDERERS

    if plan == STDIN:  # as `report -` reads it
        raw = sys.stdin.buffer.read(settings.max_bytes + 1)
        analysis = analyse_bytes(raw, STDIN_NAME, settings)
    else:
        analysis = analyse_path(plan, settings)
    if analysis.data is None:
        options.say_findings(analysis.result)
        sys.stderr.write("stpctl: no checklist: the file is not a plan stpctl can read\n")
        raise typer.Exit(1)
    document = RENDERERS[output_format.value](build(analysis, settings, include_warnings), marking)
    options.write_output(document, output, [plan], settings)
