"""``stpctl checklist``: the submission checklist for one plan."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from stpctl.cli import options, state


class Format(str, Enum):
    markdown = "markdown"
    csv = "csv"
    json = "json"
    html = "html"


def checklist(
    plan: Annotated[
        Path,
        typer.Argument(
            help="The plan file (YAML).", metavar="PLAN", show_default=False, dir_okay=False
        ),
    ],
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help="Output format.")
    ] = Format.markdown,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", metavar="FILE", help=options.OUTPUT_HELP)
    ] = None,
    as_of: options.AsOfOption = None,
    guidance: options.GuidanceOption = None,
    config: options.ConfigOption = None,
    debug: options.DebugOption = False,
) -> None:
    """The submission checklist for one plan: each question's items ticked
    from the plan, its open actions (overdue ones marked), then plan-level
    items; every open item says what to do and where (pointer and line).

    Exit codes: 0 the checklist was written (open items are not a failure);
    1 the plan could not be read as a plan (the reason goes to stderr, and
    no checklist is written); 2 usage problems; 3 an internal error.
    """
    state.debug = debug
    if not plan.exists():
        options.usage_error(f"{plan}: no such file")
    settings, _ = options.resolve_settings([str(plan)], as_of, None, guidance, None, config)
    from stpctl.check.checker import analyse_path
    from stpctl.documents.checklist import build
    from stpctl.render.checklist import RENDERERS
    from stpctl.render.terminal import one_line

    analysis = analyse_path(str(plan), settings)
    if analysis.data is None:
        for finding in analysis.result.findings:
            sys.stderr.write(
                f"{one_line(analysis.result.path)}:{finding.line}:{finding.column}:"
                f" {finding.severity.value} {finding.rule} {one_line(finding.message)}\n"
            )
        sys.stderr.write("stpctl: no checklist: the file is not a plan stpctl can read\n")
        raise typer.Exit(1)
    document = RENDERERS[output_format.value](build(analysis, settings))
    options.write_output(document, output, [str(plan)], settings)
