"""``stpctl init``: write a new plan skeleton."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from stpctl.cli import options, state


def init(
    file: Annotated[
        str, typer.Argument(help="Where to write the skeleton; - for stdout.")
    ] = "plan.yaml",
    footprint: Annotated[
        str | None,
        typer.Option(
            help="ONS code or name of the footprint, e.g. E54000019, 'Devon' or 'cheshire'"
            " (see stpctl footprints)."
        ),
    ] = None,
    force: Annotated[bool, typer.Option(help="Overwrite FILE if it exists.")] = False,
    debug: options.DebugOption = False,
) -> None:
    """Write a plan skeleton: all ten questions not_started, with guidance in comments."""
    state.debug = debug
    from stpctl.cli.command_footprints import choose
    from stpctl.files.output_file import OutputError, write_atomic
    from stpctl.reference.skeleton import skeleton

    chosen = None
    if footprint is not None:
        chosen = choose(footprint)  # by code or name, or the one whose name holds it
        if chosen.replaced_by:
            options.usage_error(f"{chosen.code} was replaced by {chosen.replaced_by}; use that")
    text = skeleton(chosen, Path(file).name if file != "-" else "plan.yaml")
    if file == "-":
        sys.stdout.write(text)
        return
    target = Path(file)
    if os.path.exists(target) and not force:  # (False for a name too long: refused below)
        options.usage_error(f"{file} already exists; use --force to overwrite it")
    try:
        write_atomic(target, text.encode("utf-8"))
    except OutputError as err:
        options.usage_error(str(err))
    sys.stderr.write(f"wrote {file}; next: stpctl validate {file}\n")
