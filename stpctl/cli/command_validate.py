"""``stpctl validate``: schema, completeness and rules for plan files.

The command turns options into settings, finds the files, checks them
(in parallel when there are many), writes any ``--report`` files and prints
the chosen format.  The work is split into helpers below so each option is
handled in one place.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from stpctl.cli import options, state

if TYPE_CHECKING:
    from rich.console import Console

    from stpctl.check.checker import Settings
    from stpctl.check.result import Totals
    from stpctl.files.inputs import Inputs

# Kept as literals so that --help does not import the renderers; a test checks
# that they match stpctl.render.VALIDATE_FORMATS.
FORMAT_NAMES = ("text", "json", "sarif", "junit", "github")
# Mirrors stpctl.check.runner.PARALLEL_FROM, kept here so --help stays light.
PARALLEL_FROM = 8
# With more files than this on a terminal, show a progress bar on stderr.
PROGRESS_FROM = 20
# Width used for text written to a file (no terminal to measure).
FILE_WIDTH = 100


class Format(str, Enum):
    text = "text"
    json = "json"
    sarif = "sarif"
    junit = "junit"
    github = "github"


class Color(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


@dataclass(frozen=True)
class Report:
    """One ``--report FORMAT:FILE`` (or ``--output FILE``); ``option`` names
    which, for messages."""

    format: str
    target: Path
    option: str = "--report"


def validate(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Plan files, directories (searched for *.yaml/*.yml) or - for stdin.",
            show_default=False,
        ),
    ],
    output_format: Annotated[
        Format | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format; default text, or github when GITHUB_ACTIONS is true.",
            show_default=False,
        ),
    ] = None,
    report: Annotated[
        list[str] | None,
        typer.Option(
            "--report",
            metavar="FORMAT:FILE",
            help="Also write a report to FILE, e.g. sarif:stpctl.sarif (repeatable).",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write the --format output to FILE instead of stdout (- for stdout).",
        ),
    ] = None,
    fail_on: Annotated[
        options.Level | None,
        typer.Option(
            help="Exit 1 when a finding is at or above this severity [default: error].",
            show_default=False,
        ),
    ] = None,
    as_of: options.AsOfOption = None,
    guidance: options.GuidanceOption = None,
    config: options.ConfigOption = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option(
            metavar="GLOB",
            help="Skip files or folders matching this glob: a name (drafts, *-old.yaml)"
            " or a path (plans/archive/*) (repeatable).",
        ),
    ] = None,
    stdin_filename: Annotated[
        str, typer.Option(help="Name to report for a plan read from stdin.")
    ] = "<stdin>",
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help=f"Files to check at once; default: one per CPU above {PARALLEL_FROM} files.",
            show_default=False,
        ),
    ] = None,
    quiet: Annotated[
        bool,
        typer.Option("--quiet", "-q", help="Text format: only findings and the summary."),
    ] = False,
    color: Annotated[
        Color, typer.Option(help="Colour in text output; auto respects NO_COLOR.")
    ] = Color.auto,
    max_bytes: Annotated[
        int | None,
        typer.Option(help="Largest plan file to read, in bytes [default: 10 MiB].", min=1),
    ] = None,
    follow_symlinks: options.FollowSymlinksOption = False,
    debug: options.DebugOption = False,
) -> None:
    """Validate plans: schema, completeness of the ten questions, reviewer checks.

    Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it;
    2 usage problems; 3 an internal error in stpctl.
    """
    state.debug = debug
    from stpctl.check.result import exit_code

    chosen = resolve_format(output_format)
    reports = [parse_report(spec) for spec in report or []]
    if output == Path("-"):
        output = None
    if output is not None:
        reports.append(Report(chosen, output, "--output"))
    settings, threshold = options.resolve_settings(
        paths, as_of, fail_on, guidance, max_bytes, config_path=config
    )
    inputs = find_inputs(paths, exclude or [], follow_symlinks)
    check_targets(reports, inputs.files)
    outputs: list[tuple[str, Path | None]] = [(item.format, item.target) for item in reports]
    if output is None:
        outputs.append((chosen, None))
    totals = check_all(inputs, settings, stdin_filename, jobs, color, quiet, outputs)
    raise typer.Exit(exit_code(totals, threshold))


def resolve_format(given: Format | None) -> str:
    """The --format asked for; without one, github inside GitHub Actions, else text."""
    if given is not None:
        return given.value
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def parse_report(spec: str) -> Report:
    """``FORMAT:FILE`` → ``Report``; a bad spec is a usage error."""
    name, colon, file = spec.partition(":")
    name = name.strip().lower()
    if not colon or not file.strip():
        if name in FORMAT_NAMES:
            hint = f"--report {name}:FILE, e.g. --report {name}:stpctl.{_suffix(name)}"
        else:
            hint = "--report FORMAT:FILE, e.g. --report sarif:stpctl.sarif"
        options.usage_error(f"--report {spec!r} names no file; write it as {hint}")
    if name not in FORMAT_NAMES:
        options.usage_error(
            f"--report {spec!r}: unknown format {name!r}; choose one of {', '.join(FORMAT_NAMES)}"
        )
    return Report(name, Path(file))


def _suffix(name: str) -> str:
    return {"junit": "xml", "text": "txt", "github": "txt"}.get(name, name)


def find_inputs(paths: list[str], exclude: list[str], follow_symlinks: bool = False) -> Inputs:
    from stpctl.files.inputs import InputError, find

    try:
        inputs = find(paths, exclude, follow_symlinks)
    except InputError as err:
        options.usage_error(str(err))
    if not inputs.files and not inputs.unreadable and not inputs.refused:
        where = ", ".join(paths)
        excluded = " (after --exclude)" if exclude else ""
        options.usage_error(f"no *.yaml or *.yml files found in {where}{excluded}")
    return inputs


def check_targets(reports: list[Report], files: list[str]) -> None:
    """Refuse, before any work, a report that would overwrite an input, land
    in a missing folder, or share its file with another report."""
    from stpctl.files.output_file import OutputError, refuse_inputs

    seen: dict[str, str] = {}
    for item in reports:
        key = os.path.normcase(os.path.abspath(item.target))
        if key in seen:
            options.usage_error(f"{item.target} is named for two reports; give each its own file")
        seen[key] = item.format
        try:
            refuse_inputs(item.target, files, item.option)
        except OutputError as err:
            options.usage_error(str(err))
        folder = item.target.parent
        if not folder.is_dir():
            options.usage_error(f"cannot write {item.target}: folder {folder} does not exist")
        if item.target.is_dir():
            options.usage_error(f"cannot write {item.target}: it is a directory")


# --- checking -----------------------------------------------------------------------------


def check_all(
    inputs: Inputs,
    settings: Settings,
    stdin_name: str,
    jobs: int | None,
    color: Color,
    quiet: bool,
    outputs: list[tuple[str, Path | None]],
) -> Totals:
    """Check every input and write every output (format, file or ``None`` for
    stdout) a file at a time, with a progress bar on a terminal when there
    are many files.  Returns the run's totals."""
    from stpctl.check.runner import files_to_check, iter_results
    from stpctl.cli.validate_output import write_outputs

    progress_to = _console(color, stderr=True)
    total = files_to_check(inputs)
    show = progress_to.is_terminal and total > PROGRESS_FROM
    with _progress(progress_to, total, show) as advance:
        results = iter_results(inputs, settings, sys.stdin.buffer, stdin_name, jobs, advance)
        return write_outputs(results, outputs, settings, quiet, lambda: _console(color))


def _progress(
    console: Console, total: int, show: bool
) -> AbstractContextManager[Callable[[], None]]:
    """A context giving an ``advance()`` callable; a bar only when ``show``."""
    return _ProgressBar(console, total) if show else nullcontext(_nothing)


def _nothing() -> None:
    return None


class _ProgressBar:
    """A transient rich progress bar on stderr; it vanishes when done."""

    def __init__(self, console: Console, total: int) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self.progress = Progress(
            TextColumn("checking"),
            BarColumn(),
            MofNCompleteColumn(),
            console=console,
            transient=True,
        )
        self.task = self.progress.add_task("checking", total=total)

    def __enter__(self) -> Callable[[], None]:
        self.progress.start()
        return lambda: self.progress.advance(self.task)

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()


# --- output -------------------------------------------------------------------------------


def _console(color: Color, stderr: bool = False) -> Console:
    """A console that honours --color: ``auto`` colours a terminal unless
    NO_COLOR is set (rich reads it); ``always`` overrides both."""
    from rich.console import Console

    if color is Color.never:
        return Console(stderr=stderr, color_system=None, highlight=False, soft_wrap=True)
    if color is Color.always:
        console = Console(
            stderr=stderr, force_terminal=True, no_color=False, highlight=False, soft_wrap=True
        )
        if console.color_system is None:  # TERM=dumb or unset: still colour, as asked
            console = Console(
                stderr=stderr,
                force_terminal=True,
                no_color=False,
                color_system="standard",
                highlight=False,
                soft_wrap=True,
            )
        return console
    return Console(stderr=stderr, highlight=False, soft_wrap=True)
