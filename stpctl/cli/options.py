"""Options and helpers shared by several commands."""

from __future__ import annotations

import re
import sys
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from stpctl.check.checker import Settings
    from stpctl.records.finding import Severity
    from stpctl.reference.guidance import GuidancePack

AS_OF_HELP = "Judge overdue actions and expired waivers as at this date; default: today."
DEBUG_HELP = "Show the full traceback if stpctl itself fails."
GUIDANCE_HELP = "A guidance pack YAML file to use instead of the national 2016 pack."

CONFIG_HELP = (
    "Configuration file (.stpctl.toml or pyproject.toml with [tool.stpctl]);"
    " default: found by walking up from the plans."
)
OUTPUT_HELP = "Write to FILE (whole or not at all) instead of stdout."

# Options every document command takes, declared once.
AsOfOption = Annotated[str | None, typer.Option(metavar="YYYY-MM-DD", help=AS_OF_HELP)]
GuidanceOption = Annotated[Path | None, typer.Option(help=GUIDANCE_HELP)]
ConfigOption = Annotated[Path | None, typer.Option(help=CONFIG_HELP)]
DebugOption = Annotated[bool, typer.Option(help=DEBUG_HELP)]
FollowSymlinksOption = Annotated[
    bool,
    typer.Option(
        "--follow-symlinks",
        help="Read symlinked files in the folders searched even when they point outside them.",
    ),
]


def parse_as_of(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            message = f"{value} is not a real date; check the month and the day"
        else:
            message = f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2016-06-30"
        raise typer.BadParameter(message, param_hint="--as-of") from None


class Level(str, Enum):
    """Severity choices for options (the core's ``Severity`` stays free of typer)."""

    error = "error"
    warning = "warning"
    info = "info"


def severity(level: Level) -> Severity:
    from stpctl.records.finding import Severity

    return Severity(level.value)


def load_guidance(path: Path | None) -> GuidancePack:
    from stpctl.reference.guidance import GuidanceError, default_pack, load_pack

    try:
        return default_pack() if path is None else load_pack(path.resolve())
    except GuidanceError as err:
        usage_error(str(err))


def stdout_console() -> Console:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)


def usage_error(message: str) -> NoReturn:
    """A problem with how stpctl was called: say it on stderr and exit 2."""
    from stpctl.render.terminal import one_line

    sys.stderr.write(f"stpctl: {one_line(message)}\n")
    raise typer.Exit(2)


def resolve_settings(
    paths: list[str],
    as_of: str | None,
    fail_on: Level | None,
    guidance: Path | None,
    max_bytes: int | None,
    config_path: Path | None,
) -> tuple[Settings, Severity]:
    """Settings for a check run: command-line options over configuration over defaults.
    Returns the settings and the --fail-on threshold."""
    from dataclasses import replace

    from stpctl.check.checker import DEFAULT_MAX_BYTES, Settings
    from stpctl.check.config import Config, ConfigError, find_config, load_config
    from stpctl.check.rules import BY_ID
    from stpctl.records.finding import Severity

    day = parse_as_of(as_of)
    try:
        found = config_path if config_path is not None else find_config(paths)
        if config_path is not None and not config_path.is_file():
            usage_error(f"--config {config_path}: no such file")
        config = load_config(found, list(BY_ID)) if found is not None else Config()
    except ConfigError as err:
        usage_error(str(err))
    pack = load_guidance(guidance or config.guidance)
    if config.placeholders is not None:
        pack = replace(pack, placeholders=config.placeholders)
    settings = Settings(
        as_of=day,
        guidance=pack,
        max_bytes=max_bytes or config.max_bytes or DEFAULT_MAX_BYTES,
        severities=config.severities,
        waivers=config.waivers,
    )
    threshold = severity(fail_on) if fail_on is not None else config.fail_on or Severity.ERROR
    return settings, threshold


def write_output(data: bytes, output: Path | None, inputs: list[str]) -> None:
    """Send a document to stdout, or to ``output`` atomically, never over an input."""
    if output is None or str(output) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    from stpctl.files.output_file import OutputError, refuse_inputs, write_atomic

    try:
        refuse_inputs(output, inputs, "--output")
        write_atomic(output, data)
    except OutputError as err:
        usage_error(str(err))
