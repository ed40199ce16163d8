"""Options and helpers shared by several commands."""

from __future__ import annotations

import os
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
    from stpctl.check.config import Config
    from stpctl.check.result import FileResult
    from stpctl.records.finding import Severity
    from stpctl.reference.guidance import GuidancePack

AS_OF_HELP = "Judge overdue actions and expired waivers as at this date; default: today."
DEBUG_HELP = "Show the full traceback if stpctl itself fails."
GUIDANCE_HELP = (
    "A guidance pack: a YAML file, or the name of a pack stpctl ships"
    " (national-2016, the default; next-steps-2017)."
)

CONFIG_HELP = (
    "Configuration file (.stpctl.toml or pyproject.toml with [tool.stpctl]);"
    " default: found by walking up from the plans."
)
OUTPUT_HELP = "Write to FILE (whole or not at all) instead of stdout."
MARKING_HELP = (
    'The protective marking for the header of every page, e.g. "OFFICIAL-SENSITIVE";'
    " default: none (a draft plan says DRAFT)."
)
# Word and Excel need an optional extra: format → (modules it needs, extra).
OFFICE_FORMATS = {"docx": (("docx", "matplotlib"), "docx"), "xlsx": (("openpyxl",), "xlsx")}

# Options every document command takes, declared once.
AsOfOption = Annotated[str | None, typer.Option(metavar="YYYY-MM-DD", help=AS_OF_HELP)]
GuidanceOption = Annotated[Path | None, typer.Option(help=GUIDANCE_HELP)]
ConfigOption = Annotated[Path | None, typer.Option(help=CONFIG_HELP)]
DebugOption = Annotated[bool, typer.Option(help=DEBUG_HELP)]
MarkingOption = Annotated[str | None, typer.Option(metavar="TEXT", help=MARKING_HELP)]
FollowSymlinksOption = Annotated[
    bool,
    typer.Option(
        "--follow-symlinks",
        help="Read symlinked files in the folders searched even when they point outside them.",
    ),
]


def check_office_format(chosen: str, output: Path | None) -> None:
    """Usage errors for a Word or Excel format, before any work: the optional
    extra not installed, or no ``--output`` (a binary file is never sent to
    a terminal; ``--output -`` sends it down a pipe)."""
    if chosen not in OFFICE_FORMATS:
        return
    import importlib.util

    modules, extra = OFFICE_FORMATS[chosen]
    if any(importlib.util.find_spec(module) is None for module in modules):
        usage_error(
            f"--format {chosen} needs the optional extra stpctl[{extra}];"
            f" install it with: pip install 'stpctl[{extra}]'"
        )
    if output is None:
        usage_error(f"--format {chosen} writes a binary file; name it with --output FILE.{chosen}")
    if str(output) == "-" and sys.stdout.isatty():
        usage_error(
            f"--format {chosen} writes a binary file, not text for the terminal;"
            f" name a file with --output FILE.{chosen}, or pipe it"
        )


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
    from stpctl.reference.guidance import GuidanceError, default_pack, find_pack, load_pack

    try:
        return default_pack() if path is None else load_pack(find_pack(path).resolve())
    except GuidanceError as err:
        usage_error(str(err))


def stdout_console() -> Console:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)


def say_findings(result: FileResult) -> None:
    """A file's findings on stderr, one line each (``PATH:LINE:COLUMN:
    severity RULE message``): why a document could not be made from it."""
    from stpctl.render.terminal import one_line

    path = one_line(result.path)
    for finding in result.findings:
        sys.stderr.write(
            f"{path}:{finding.line}:{finding.column}:"
            f" {finding.severity.value} {finding.rule} {one_line(finding.message)}\n"
        )


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
    check_options(as_of, max_bytes)  # before the configuration is read, as ever
    config = load_configuration(paths, config_path)
    return settings_from(config, as_of, fail_on, guidance, max_bytes)


def check_options(as_of: str | None, max_bytes: int | None) -> None:
    """Usage errors in the options every check run takes."""
    from stpctl.check.config import MAX_BYTES_CEILING, ceiling_reason

    parse_as_of(as_of)
    if max_bytes is not None and max_bytes > MAX_BYTES_CEILING:
        usage_error(f"--max-bytes {max_bytes:,} is too large; {ceiling_reason()}")


def load_configuration(paths: list[str], config_path: Path | None) -> Config:
    """The configuration governing ``paths`` (``--config`` names it, else it
    is searched for); an empty one when there is none.  A usage error when
    it cannot be used."""
    from stpctl.check.config import Config, ConfigError, find_config, load_config
    from stpctl.check.rules import BY_ID

    try:
        found = config_path if config_path is not None else find_config(paths)
        if config_path is not None and not config_path.is_file():
            usage_error(f"--config {config_path}: no such file")
        return load_config(found, list(BY_ID)) if found is not None else Config()
    except ConfigError as err:
        usage_error(str(err))


def settings_from(
    config: Config,
    as_of: str | None,
    fail_on: Level | None,
    guidance: Path | None,
    max_bytes: int | None,
) -> tuple[Settings, Severity]:
    """Settings from command-line options over ``config`` over defaults, and
    the --fail-on threshold."""
    from dataclasses import replace

    from stpctl.check.checker import DEFAULT_MAX_BYTES, Settings
    from stpctl.records.finding import Severity

    check_options(as_of, max_bytes)
    day = parse_as_of(as_of)
    found = config.path
    pack = load_guidance(guidance or config.guidance)
    if config.placeholders is not None:
        pack = replace(pack, placeholders=config.placeholders)
    settings = Settings(
        as_of=day,
        guidance=pack,
        max_bytes=max_bytes or config.max_bytes or DEFAULT_MAX_BYTES,
        severities=config.severities,
        waivers=config.waivers,
        configuration=found,
        configuration_files=config.files,
    )
    threshold = severity(fail_on) if fail_on is not None else config.fail_on or Severity.ERROR
    return settings, threshold


def configuration_name(settings: Settings) -> str | None:
    """The configuration file in use as outputs name it: relative to the
    working directory when it lies below it, else in full."""
    if settings.configuration is None:
        return None
    return shown_name(settings.configuration)


def shown_name(given: Path | str) -> str:
    """A file the run reads or writes, as outputs name it: relative to the
    working directory when it lies below it, else in full."""
    from stpctl.records.file_names import escape_path

    path = os.path.abspath(given)
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        relative = os.pardir
    below = relative != os.pardir and not relative.startswith(os.pardir + os.sep)
    return escape_path(relative if below else path)


def read_too(settings: Settings) -> list[tuple[str, str]]:
    """Files besides the plans that a run with these settings reads, as
    (what it is, path): no output may overwrite them."""
    files = [("the guidance pack", settings.guidance.path)]
    if settings.configuration is not None:
        files.append(("the configuration file", str(settings.configuration)))
    for extended in settings.configuration_files[1:]:  # the files it extends
        files.append(("a configuration file", str(extended)))
    if settings.baseline is not None and settings.baseline.file:
        files.append(("the baseline", settings.baseline.file))
    return files


def write_output(
    data: bytes, output: Path | None, inputs: list[str], settings: Settings | None = None
) -> None:
    """Send a document to stdout, or to ``output`` whole, never over a file
    the run reads: an input (``-`` is standard input), or the guidance pack
    or configuration file of ``settings``."""
    if output is None or str(output) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    from stpctl.files.output_file import OutputError, refuse_inputs, write_atomic

    try:
        refuse_inputs(output, inputs, "--output", read_too(settings) if settings else ())
        write_atomic(output, data)
    except OutputError as err:
        usage_error(str(err))
