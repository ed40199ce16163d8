"""``stpctl config``: the effective configuration and where each value came from."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from stpctl.cli import options


class ConfigFormat(str, Enum):
    text = "text"
    json = "json"


def config(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Plans or folders whose configuration to show; default: the working directory.",
            show_default=False,
        ),
    ] = None,
    config_path: Annotated[Path | None, typer.Option("--config", help=options.CONFIG_HELP)] = None,
    output_format: Annotated[
        ConfigFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ConfigFormat.text,
) -> None:
    """Show the configuration a run on PATHS would use: every setting, its
    value and the file it came from (or "default"), following `extends`.

    Exit codes: 0 shown; 2 the configuration cannot be used (the message
    says why and where).
    """
    from stpctl.render import config_view

    loaded = options.load_configuration(paths or ["."], config_path)
    if output_format is ConfigFormat.json:
        sys.stdout.write(config_view.as_json(loaded))
    else:
        sys.stdout.write(config_view.as_text(loaded))
