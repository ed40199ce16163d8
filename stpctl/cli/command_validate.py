"""``stpctl validate``: schema, completeness and rules for plan files."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from stpctl.cli import options, state


class Format(str, Enum):
    text = "text"
    json = "json"


def validate(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Plan files, directories (searched for *.yaml/*.yml) or - for stdin.",
            show_default=False,
        ),
    ],
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help="Output format.")
    ] = Format.text,
    fail_on: Annotated[
        options.Level,
        typer.Option(help="Exit 1 when a finding is at or above this severity."),
    ] = options.Level.error,
    as_of: Annotated[str | None, typer.Option(help=options.AS_OF_HELP)] = None,
    guidance: Annotated[Path | None, typer.Option(help=options.GUIDANCE_HELP)] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option(help="Skip files or directories matching this glob (repeatable)."),
    ] = None,
    stdin_filename: Annotated[
        str, typer.Option(help="Name to report for a plan read from stdin.")
    ] = "<stdin>",
    max_bytes: Annotated[int, typer.Option(help="Largest plan file to read, in bytes.", min=1)] = 10
    * 1024
    * 1024,
    debug: Annotated[bool, typer.Option(help=options.DEBUG_HELP)] = False,
) -> None:
    """Validate plans: schema, completeness of the ten questions, reviewer checks.

    Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it;
    2 usage problems; 3 an internal error in stpctl.
    """
    state.debug = debug
    from stpctl.checker import Settings, check_bytes, check_path
    from stpctl.inputs import InputError, expand
    from stpctl.render import MACHINE_FORMATS
    from stpctl.result import RunResult, exit_code

    day = options.parse_as_of(as_of)
    threshold = options.severity(fail_on)
    pack = options.load_guidance(guidance)
    try:
        files = expand(paths, exclude or ())
    except InputError as err:
        options.usage_error(str(err))
    if not files:
        options.usage_error(f"no *.yaml or *.yml files found in {', '.join(paths)}")
    settings = Settings(as_of=day, guidance=pack, max_bytes=max_bytes)
    run = RunResult()
    for path in files:
        if path == "-":
            raw = sys.stdin.buffer.read(max_bytes + 1)
            run.files.append(check_bytes(raw, stdin_filename, settings))
        else:
            run.files.append(check_path(path, settings))

    if output_format.value in MACHINE_FORMATS:
        sys.stdout.write(MACHINE_FORMATS[output_format.value](run))
    else:
        from stpctl.render import text

        options.stdout_console().print(text.render(run, pack))
    raise typer.Exit(exit_code(run, threshold))
