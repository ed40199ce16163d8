"""What ``validate`` does for CI besides checking: the run as the outputs
show it (``--min-severity``, the exit code SARIF records, JUnit's failing
threshold), the job summary GitHub Actions asks for, and the paths given
that do not exist, reported after the others were checked."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from stpctl.cli import options

if TYPE_CHECKING:
    from stpctl.check.result import RunResult
    from stpctl.records.finding import Severity
    from stpctl.reference.guidance import GuidancePack

STEP_SUMMARY = "GITHUB_STEP_SUMMARY"


def for_output(
    run: RunResult,
    threshold: Severity,
    status: int,
    junit_follow_fail_on: bool,
    min_severity: options.Level | None,
) -> RunResult:
    """``run`` as every output shows it.  Findings below ``--min-severity``
    are left out (and so not counted); the exit code, already computed from
    every finding with ``--fail-on``, is recorded as it is."""
    from stpctl.records.finding import Severity

    run.fail_on = threshold
    run.exit_status = status
    run.junit_fails_from = threshold if junit_follow_fail_on else Severity.WARNING
    if min_severity is None:
        return run
    floor = options.severity(min_severity)
    files = [
        replace(result, findings=[f for f in result.findings if f.severity.rank >= floor.rank])
        for result in run.files
    ]
    return replace(run, files=files)


def step_summary(
    run: RunResult, pack: GuidancePack, inputs: list[str], read_too: Sequence[tuple[str, str]]
) -> None:
    """Append the Markdown summary to the file ``GITHUB_STEP_SUMMARY`` names,
    when it is set (GitHub Actions sets it for every step).  A summary that
    cannot be written is a warning on stderr: the checks themselves ran,
    and their exit code stands."""
    target = os.environ.get(STEP_SUMMARY)
    if not target:
        return
    from stpctl.files.output_file import OutputError, refuse_inputs
    from stpctl.render import step_summary as summary
    from stpctl.render.terminal import one_line

    try:
        refuse_inputs(Path(target), inputs, STEP_SUMMARY, read_too)
        text = summary.render(run, pack)
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(text)
    except OutputError as err:
        problem = str(err)
    except OSError as err:
        problem = f"cannot append to {target}: {err.strerror or err}"
    else:
        return
    sys.stderr.write(
        f"stpctl: warning: no job summary written ({STEP_SUMMARY}): {one_line(problem)}\n"
    )


def report_missing(missing: list[str]) -> None:
    """Paths given that do not exist, reported after the results of the
    others (one missing path must not hide them); the run then exits 2."""
    from stpctl.render.terminal import one_line

    for path in missing:
        sys.stderr.write(
            f"stpctl: {one_line(path)}: no such file or directory; the other paths were checked\n"
        )
    raise typer.Exit(2)
