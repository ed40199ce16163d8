"""``stpctl validate``: schema, completeness and rules for plan files.

The command turns options into settings, finds the files, checks them
(in parallel when there are many), writes any ``--report`` files and prints
the chosen format.  The work is split into helpers below so each option is
handled in one place.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from stpctl.cli import options, state, validate_cache

if TYPE_CHECKING:
    from rich.console import Console

    from stpctl.check.checker import Settings
    from stpctl.check.result import FileResult
    from stpctl.files.inputs import Inputs
    from stpctl.fix.run_fixes import LocatedFix

# Kept as literals so that --help does not import the renderers; a test checks
# that they match stpctl.render.VALIDATE_FORMATS.
FORMAT_NAMES = ("text", "json", "sarif", "junit", "github", "gitlab")
# Mirrors stpctl.check.runner.PARALLEL_FROM, kept here so --help stays light.
PARALLEL_FROM = 16
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
    gitlab = "gitlab"


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
    baseline: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            help="Report only findings not recorded in this baseline (default: `baseline`"
            " in configuration).",
        ),
    ] = None,
    write_baseline: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            help="Record today's findings in FILE as the baseline (load errors excepted).",
        ),
    ] = None,
    no_baseline: Annotated[
        bool, typer.Option("--no-baseline", help="Ignore the baseline named in configuration.")
    ] = False,
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
            min=0,
            help="Files to check at once (at most one worker per 8 files); 0: one per CPU;"
            f" default: one per idle CPU above {PARALLEL_FROM} files.",
            show_default=False,
        ),
    ] = None,
    min_severity: Annotated[
        options.Level | None,
        typer.Option(
            help="Leave findings below this severity out of every output; the exit code"
            " still follows --fail-on [default: info].",
            show_default=False,
        ),
    ] = None,
    junit_follow_fail_on: Annotated[
        bool | None,
        typer.Option(
            "--junit-follow-fail-on/--junit-fail-on-warnings",
            help="JUnit: a test case fails only on findings at or above --fail-on"
            " (default: on any warning or error).",
            show_default=False,
        ),
    ] = None,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet",
            "-q",
            help="Text format: only findings, the configuration file used and the summary.",
        ),
    ] = False,
    color: Annotated[
        Color, typer.Option(help="Colour in text output; auto respects NO_COLOR.")
    ] = Color.auto,
    max_bytes: Annotated[
        int | None,
        typer.Option(
            help="Largest plan file to read, in bytes [default: 10 MiB; at most 100 MiB].", min=1
        ),
    ] = None,
    follow_symlinks: options.FollowSymlinksOption = False,
    cache_dir: validate_cache.CacheDirOption = None,
    no_cache: validate_cache.NoCacheOption = False,
    debug: options.DebugOption = False,
) -> None:
    """Validate plans: schema, completeness of the ten questions, reviewer checks.

    Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it;
    2 usage problems; 3 an internal error in stpctl.
    """
    state.debug = debug
    from dataclasses import replace

    from stpctl.check.result import EXIT_USAGE, exit_code
    from stpctl.cli import validate_baseline, validate_ci, validate_output
    from stpctl.records.finding import Severity

    chosen = resolve_format(output_format)
    reports = [parse_report(spec) for spec in report or []]
    if output == Path("-"):
        output = None
    if output is not None:
        reports.append(Report(chosen, output, "--output"))
    options.check_options(as_of, max_bytes)
    configuration = options.load_configuration(paths, config)
    settings, threshold = options.settings_from(configuration, as_of, fail_on, guidance, max_bytes)
    chosen_baseline = validate_baseline.choose(configuration, baseline, write_baseline, no_baseline)
    settings = replace(settings, baseline=chosen_baseline)
    inputs = find_inputs(paths, exclude or [], follow_symlinks)
    targets = list(reports)
    if write_baseline is not None:
        targets.append(Report("baseline", write_baseline, "--write-baseline"))
    check_targets(targets, inputs.files, options.read_too(settings))
    outputs: list[tuple[str, Path | None]] = [(item.format, item.target) for item in reports]
    if output is None:
        outputs.append((chosen, None))
    follow = junit_follow_fail_on
    if follow is None:
        follow = bool(configuration.junit_follow_fail_on)
    fails_from = threshold if follow else Severity.WARNING
    gathered = validate_baseline.Gathered(chosen_baseline)
    with validate_output.Outputs(
        outputs,
        settings.guidance,
        quiet,
        lambda: _stdout_console(color),
        fails_from,
        summary=validate_ci.summary_wanted(),
        # (asked for before --min-severity leaves findings out: fixes are
        # matched to what was found)
        fixes_for=(lambda result: sarif_fixes(result, settings))
        if any(name == "sarif" for name, _ in outputs)
        else None,
    ) as written:
        # Results stream past: each is written into every output and dropped.
        cache = validate_cache.open_cache(settings, cache_dir, no_cache)
        check = cache.check_path if cache is not None else None
        results = check_all(
            inputs, settings, stdin_filename, jobs, lambda: _console(color, stderr=True), check
        )
        every, shown = validate_output.write_all(
            results, written, gathered, validate_ci.floor(min_severity)
        )
        # The exit code follows every finding, before --min-severity left any out.
        status = exit_code(every, threshold) if not inputs.missing else EXIT_USAGE
        shown.configuration = options.configuration_name(settings)
        shown.fail_on, shown.exit_status, shown.junit_fails_from = threshold, status, fails_from
        shown.baseline = validate_baseline.finish(gathered, chosen_baseline, write_baseline)
        written.finish(shown)
        if cache is not None:
            cache.trim()
        validate_ci.step_summary(
            written.summary_texts(shown), inputs.files, options.read_too(settings)
        )
    if inputs.missing:
        validate_ci.report_missing(inputs.missing)
    raise typer.Exit(status)


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
    return {"junit": "xml", "text": "txt", "github": "txt", "gitlab": "json"}.get(name, name)


def find_inputs(paths: list[str], exclude: list[str], follow_symlinks: bool = False) -> Inputs:
    from stpctl.files.inputs import InputError, find

    try:
        inputs = find(paths, exclude, follow_symlinks)
    except InputError as err:
        options.usage_error(str(err))
    if inputs.missing and not inputs.files and not inputs.unreadable and not inputs.refused:
        options.usage_error(f"{inputs.missing[0]}: no such file or directory")
    if not inputs.files and not inputs.unreadable and not inputs.refused:
        where = ", ".join(paths)
        excluded = " (after --exclude)" if exclude else ""
        options.usage_error(f"no *.yaml or *.yml files found in {where}{excluded}")
    return inputs


def check_targets(
    reports: list[Report], files: list[str], read_too: Sequence[tuple[str, str]] = ()
) -> None:
    """Refuse, before any work, a report that would overwrite a file the run
    reads (``files``, standard input, ``read_too``), that cannot be written
    where asked, or that shares its file with another report."""
    from stpctl.files.output_file import OutputError, check_target, refuse_inputs

    seen: dict[str, str] = {}
    for item in reports:
        key = os.path.normcase(os.path.abspath(item.target))
        if key in seen:
            options.usage_error(f"{item.target} is named for two reports; give each its own file")
        seen[key] = item.format
        try:
            refuse_inputs(item.target, files, item.option, read_too)
            check_target(item.target)
        except OutputError as err:
            options.usage_error(str(err))


# --- checking -----------------------------------------------------------------------------


def check_all(
    inputs: Inputs,
    settings: Settings,
    stdin_name: str,
    jobs: int | None,
    progress_to: Callable[[], Console],
    check: Callable[[str, Settings], FileResult] | None = None,
) -> Iterator[FileResult]:
    """Each input's result as soon as it is checked, in output order, with a
    progress bar on a terminal when there are many files."""
    from stpctl.check.runner import files_to_check, iter_results

    total = files_to_check(inputs)
    console = progress_to() if total > PROGRESS_FROM else None  # rich only for a bar
    with _progress(console, total) as advance:
        yield from iter_results(
            inputs, settings, sys.stdin.buffer, stdin_name, jobs, advance, check
        )


def _progress(console: Console | None, total: int) -> AbstractContextManager[Callable[[], None]]:
    """A context giving an ``advance()`` callable; a bar only on a terminal."""
    if console is not None and console.is_terminal:
        return _ProgressBar(console, total)
    return nullcontext(_nothing)


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


def sarif_fixes(result: FileResult, settings: Settings) -> Sequence[LocatedFix]:
    """The fixes SARIF offers on a file's results (see ``stpctl fix``)."""
    from stpctl.fix.run_fixes import fixes_for_file

    return fixes_for_file(result, settings)


def _stdout_console(color: Color) -> Console | None:
    """The console for the text format on stdout; ``None`` when it would have
    no colour (``--color never``, or ``auto`` on a file or a pipe with none
    of the variables that make rich colour anyway): then the text is plain
    lines, written without loading rich (30 ms of a one-file run)."""
    if color is Color.never or (color is Color.auto and _never_a_terminal()):
        return None
    return _console(color)


def _never_a_terminal() -> bool:
    """Whether rich would see stdout as no terminal: it is not a TTY, and none
    of the variables rich reads to decide otherwise is set (when one is,
    rich decides)."""
    if any(name in os.environ for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE")):
        return False
    if "JPY_PARENT_PID" in os.environ or "ipykernel" in sys.modules:
        return False
    try:
        return not sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


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
